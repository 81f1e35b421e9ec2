/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session.h: the NVMe session of one network interface (private to
 * the engine). It owns the discovery and I/O controllers it connected or
 * adopted on that interface and keeps them in step with its settings, the
 * discovery log pages and the kernel's events.
 *
 * Kernel work goes to the workers (nmnvme-fabrics.h); the one blocking
 * part is avahi-client's synchronous D-Bus calls to avahi-daemon when a
 * session with `nvme.zeroconf=yes` (re)starts its browser: in
 * nmnvme_session_new(), _new_from_record(), _update() and _resync().
 * The implementation is one concept a file: nmnvme-session-private.h.
 */
#ifndef NMNVME_SESSION_H
#define NMNVME_SESSION_H

#include <gio/gio.h>

#include "nmnvme-connect-intent.h"
#include "nmnvme-exclusions.h"
#include "nmnvme-engine-tls.h"
#include "nmnvme-fabrics-options.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-host.h"
#include "nmnvme-nbft.h"
#include "nmnvme-settings.h"
#include "nmnvme-uevent.h"

G_BEGIN_DECLS

/* The retries of writes to /run (our registry entries, the ownership
 * record) that failed (/run full): 1 s, doubling up to 30 s. */
#define NMNVME_RUN_RETRY_FIRST_MS 1000
#define NMNVME_RUN_RETRY_MAX_MS   30000

typedef struct _NMNvmeSession NMNvmeSession;

/* What the engine lends every session; the engine may replace @host and
 * @caps (SIGHUP) and sessions read them at each use. */
typedef struct {
    NMNvmeFabrics        *fabrics;
    NMNvmeHost           *host;
    NMNvmeFabricsOptions *caps;       /* nullable: the fabrics device was unreadable */
    NMNvmeExclusions     *exclusions; /* nullable: the host-wide exclusion list */
    GHashTable           *unreadable; /* controller names whose scan problem was logged */
    NMNvmeNbft           *nbft;       /* nullable: the host's NBFT (boot controllers) */
    const char           *state_dir;  /* the ownership record's folder, with the connect intents */
    NMNvmeEngineTls      *tls;        /* nullable: the host's TLS facts and our keys */
    void (*changed)(NMNvmeSession *session, gpointer user_data);
    gpointer user_data;
} NMNvmeSessionContext;

/* Starts the session: scans the kernel, adopts or connects. */
NMNvmeSession *nmnvme_session_new(NMNvmeSessionContext *ctx,
                                  const char           *iface,
                                  const char           *owner,
                                  NMNvmeSettings       *settings);

/**
 * nmnvme_session_new_from_record:
 * @record: one session's `a{sv}` ownership record (nmnvme-state.h)
 *
 * Re-creates a session of an earlier run: its controllers are adopted back
 * (after checking that the kernel device is still the same controller).
 *
 * Returns: (transfer full): the session, or %NULL with @error when the
 *   record is malformed or its settings are no longer valid.
 */
NMNvmeSession *nmnvme_session_new_from_record(NMNvmeSessionContext *ctx,
                                              GVariant             *record,
                                              GError              **error);

/**
 * nmnvme_session_add_intent:
 * @intent: (transfer full): a connect intent an earlier run left behind for
 *   the session's interface (nmnvme-connect-intent.h)
 *
 * At the session's next scan, the controller that connect made (if any) is
 * taken as ours and registered; the intent is dropped either way.
 */
void nmnvme_session_add_intent(NMNvmeSession *session, NMNvmeConnectIntent *intent);

/* Frees the session; controllers are left as they are. */
void nmnvme_session_free(NMNvmeSession *session);

const char *nmnvme_session_get_iface(const NMNvmeSession *session);
const char *nmnvme_session_get_owner(const NMNvmeSession *session);

/* Whether a teardown has started (the session takes no more updates). */
gboolean nmnvme_session_is_stopping(const NMNvmeSession *session);

/**
 * nmnvme_session_update:
 *
 * Applies new settings and owner as a difference, and resumes a suspended
 * session. Returns %FALSE when nothing changed (and nothing was done).
 */
gboolean nmnvme_session_update(NMNvmeSession *session, const char *owner, NMNvmeSettings *settings);

/* Re-reads every log, renews registrations, retries what is missing now. */
void nmnvme_session_resync(NMNvmeSession *session);

/* The host-wide exclusion list changed: connects and retries of what it
 * now excludes stop; what it no longer excludes is connected. */
void nmnvme_session_exclusions_changed(NMNvmeSession *session);

/**
 * nmnvme_session_set_hfi:
 * @nbft: (nullable): the host's NBFT (referenced while it is needed)
 * @hfi: (nullable): the HFI of @nbft the session's interface is; %NULL:
 *   none (any more)
 *
 * The session also wants what @hfi wants: the SSNS controllers reached
 * through it (the table's host NQN, registered as NMNVME_NBFT_OWNER's,
 * never ours; any existing controller of the subsystem is used) and its
 * discovery records as discovery controllers (like `nvme.discovery`
 * entries, with the table's host NQN). Reconciles when that changed.
 */
void nmnvme_session_set_hfi(NMNvmeSession *session, NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi);

/* The index of the NBFT HFI the session's interface is, 0: none. */
guint nmnvme_session_get_hfi(const NMNvmeSession *session);

/* Link lost: stops discovery work; controllers stay. */
void nmnvme_session_suspend(NMNvmeSession *session);

/* The host's TLS facts changed (nmnvme-engine-tls.h): controllers waiting
 * for a missing piece try again (each checks first, no connect while it is
 * still missing). Returns whether any still waits. */
gboolean nmnvme_session_tls_recheck(NMNvmeSession *session);

/* Whether a controller waits for a missing TLS piece (state tls-wait). */
gboolean nmnvme_session_tls_waiting(NMNvmeSession *session);

/* Settings decide whether a detach disconnects. */
const NMNvmeSettings *nmnvme_session_get_settings(const NMNvmeSession *session);

/**
 * nmnvme_session_teardown_async:
 * @deregister: send TP8010 deregistrations first (administrative
 *   deactivation; not after a link loss)
 *
 * Stops all work, then deregisters and disconnects every controller the
 * session owns. Completes when all of that is done; the session is then
 * inert and can be freed. A discovery controller that has not answered
 * its deregistration within NMNVME_SESSION_DEREGISTER_TIMEOUT_MS is given
 * up on (the command runs on in the kernel until its admin timeout; the
 * teardown does not wait for it).
 */
#define NMNVME_SESSION_DEREGISTER_TIMEOUT_MS 5000

void     nmnvme_session_teardown_async(NMNvmeSession      *session,
                                       gboolean            deregister,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean nmnvme_session_teardown_finish(NMNvmeSession *session,
                                        GAsyncResult  *result,
                                        GError       **error);

/* A kernel event about device @name; ignored unless the session owns it,
 * and when it is older (@seqnum) than the session's own connect of the
 * device of that name (a removal of the previous one, delivered late). */
void nmnvme_session_handle_uevent(NMNvmeSession   *session,
                                  NMNvmeUeventKind kind,
                                  const char      *name,
                                  guint64          seqnum);

/* (transfer floating): the public view, without secrets. */
GVariant *nmnvme_session_to_variant(const NMNvmeSession *session);
/* The cached log of discovery controller @dc_key (%NULL: none read yet);
 * %FALSE with @error naming `dc_key` when the session has no such DC. */
gboolean nmnvme_session_lookup_log(const NMNvmeSession       *session,
                                   const char                *dc_key,
                                   const NMNvmeDiscoveryLog **out_log,
                                   GError                   **error);
/* (transfer floating): the ownership record, with secrets (root-only file). */
GVariant *nmnvme_session_to_record(const NMNvmeSession *session);
/* (transfer floating): the record of a session that an Attach queued behind
 * a teardown will start: no controllers yet. */
GVariant *nmnvme_session_pending_to_record(const char           *iface,
                                           const char           *owner,
                                           const NMNvmeSettings *settings);

G_END_DECLS

#endif /* NMNVME_SESSION_H */
