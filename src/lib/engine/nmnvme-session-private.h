/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-private.h: the session's insides, shared by the files
 * that implement it, one concept each (private to them; the rest of the
 * engine uses nmnvme-session.h):
 *
 *   nmnvme-session.c           the session, its life cycle and its reconcile
 *   nmnvme-session-ctrl.c      the controller state machine: set_state,
 *                              connect with retries, disconnect, retire
 *   nmnvme-session-discovery.c log pages, TP8010 registration, mDNS
 *   nmnvme-session-teardown.c  stopping work; the teardown of a detach
 *   nmnvme-session-record.c    the ownership record: persist and restore
 *   nmnvme-session-registry.c  our registry entries not written yet
 *   nmnvme-session-intent.c    connects of an earlier run cut short
 *   nmnvme-session-view.c      the status view
 *   nmnvme-session-nbft.c      the NBFT HFI the interface is, and what it
 *                              wants
 *
 * Everything here runs on the engine's main context.
 */
#ifndef NMNVME_SESSION_PRIVATE_H
#define NMNVME_SESSION_PRIVATE_H

#include "nmnvme-session.h"

#include "nmnvme-ctrl.h"
#include "nmnvme-log.h"
#include "nmnvme-source.h"
#include "nmnvme-zeroconf.h"

G_BEGIN_DECLS

#define N_KINDS 2

typedef enum {
    TEARDOWN_NONE,
    TEARDOWN_DRAIN, /* waiting for connects in flight, deregistering */
    TEARDOWN_IOCS,  /* disconnecting I/O controllers */
    TEARDOWN_DCS,   /* disconnecting discovery controllers */
    TEARDOWN_DONE,
} TeardownPhase;

struct _NMNvmeSession {
    NMNvmeSessionContext *ctx;
    char                 *iface;
    char                 *owner;
    NMNvmeSettings       *settings;
    gboolean              suspended;
    GHashTable           *ctrls[N_KINDS]; /* key → NMNvmeCtrl, by NMNvmeCtrlKind */
    GCancellable         *cancellable;    /* scans */
    gboolean              reconcile_busy;
    gboolean              reconcile_again;
    guint                 scan_serial; /* of the last scan started */
    GPtrArray            *view;         /* NMNvmeKernelCtrl: the last scan's, while a first log waits for it */
    GHashTable           *view_skipped; /* the names that scan could not read */
    NMNvmeBackoff         scan_backoff; /* after failed scans */
    GSource              *scan_retry;
    GSource              *registry_retry; /* our registry entries not written yet */
    guint                 registry_delay_ms; /* 0: no failure streak */
    guint                 pending; /* connects in flight + teardown operations */
    guint                 connecting; /* controllers in CONNECTING (nmnvme_session_ctrl_set_state()) */
    GQueue                planned;    /* NMNvmeCtrl (ref): connects a plan asked for, not started yet */
    TeardownPhase         teardown;
    gboolean              deregister;
    GCancellable         *deregistering; /* cancelled when deregistrations take too long */
    GSource              *deregister_timeout;
    GTask                *teardown_task;
    NMNvmeZeroconf       *zeroconf; /* while nvme.zeroconf is on and the session active */
    NMNvmeNbft           *nbft;     /* the table hfi_index is of, while it is an HFI */
    guint                 hfi_index; /* the NBFT HFI the interface is; 0: none */
    gboolean              hfi_known; /* the engine said (nmnvme_session_set_hfi()) */
    GPtrArray            *nbft_wants[N_KINDS]; /* NMNvmeTrid: what that HFI wants */
    GPtrArray            *intents;  /* NMNvmeConnectIntent of an earlier run, till the next scan */
};

static inline void
notify_changed(NMNvmeSession *s)
{
    if (s->ctx->changed)
        s->ctx->changed(s, s->ctx->user_data);
}

static inline const char *
hostnqn(NMNvmeSession *s)
{
    return nmnvme_host_get_nqn(s->ctx->host);
}

static inline gboolean
session_idle(NMNvmeSession *s)
{
    return s->suspended || s->teardown != TEARDOWN_NONE;
}

/* nmnvme-session.c */
NMNvmeSession *nmnvme_session_alloc(NMNvmeSessionContext *ctx,
                                    const char           *iface,
                                    const char           *owner,
                                    NMNvmeSettings       *settings);
/* Scans the kernel and applies the plan; again after a scan in flight. */
void nmnvme_session_reconcile(NMNvmeSession *s);
/* The same, but a scan numbered @serial or later will do: one in flight
 * plans when it ends, the last one's view (when it is that recent) plans
 * now. A discovery controller's first log after its connect uses the
 * scan started with the log read (nmnvme-session-discovery.c). */
void nmnvme_session_reconcile_since(NMNvmeSession *s, guint serial);

/* nmnvme-session-ctrl.c */
void        nmnvme_session_ctrl_set_state(NMNvmeCtrl *ctrl, NMNvmeCtrlState state);
NMNvmeCtrl *nmnvme_session_ctrl_get_or_add(NMNvmeSession    *s,
                                           NMNvmeCtrlKind    kind,
                                           const NMNvmeTrid *trid);
/* Connects @ctrl: the exclusion list, then TLS (nmnvme-session-tls.c)
 * first; nmnvme_session_ctrl_connect_now() writes the options. */
void        nmnvme_session_ctrl_connect(NMNvmeCtrl *ctrl);
/* A connect the plan asks for: queued, and started (nmnvme_session_ctrl_connect())
 * while fewer than NMNVME_CONNECTS_AHEAD of the session's controllers are
 * connecting, in the plan's order; nmnvme_session_ctrl_start_planned()
 * starts what may start now (after a plan, and after each connect). */
void        nmnvme_session_ctrl_plan_connect(NMNvmeCtrl *ctrl);
void        nmnvme_session_ctrl_start_planned(NMNvmeSession *s);
/* Forgets the planned connects not started (the session stops its work). */
void        nmnvme_session_ctrl_clear_planned(NMNvmeSession *s);
/* @tls_key: with ctrl->tls, the serial of the key we inserted, 0: the
 * kernel looks one up. */
void        nmnvme_session_ctrl_connect_now(NMNvmeCtrl *ctrl, gint32 tls_key);
void        nmnvme_session_ctrl_schedule_retry(NMNvmeCtrl *ctrl, const char *what);
gboolean    nmnvme_session_ctrl_disconnect(NMNvmeSession *s, NMNvmeCtrl *ctrl, gboolean counted);
/* The host NQN @ctrl connects with: its own (the NBFT's), else the
 * engine's. */
const char *nmnvme_session_ctrl_hostnqn(const NMNvmeSession *s, const NMNvmeCtrl *ctrl);

/* nmnvme-session-tls.c */
/* Decides plain or TLS for @ctrl's connect (ctrl->tls); %TRUE: connect now
 * (nmnvme_session_ctrl_connect_now(ctrl, 0)); %FALSE: handled here
 * (refused, waiting for a missing piece, or our key being inserted, after
 * which it connects itself). */
gboolean nmnvme_session_tls_prepare(NMNvmeCtrl *ctrl);
/* A TLS connect of @ctrl failed with @errsv (the fabrics write's errno):
 * %TRUE when it now waits for a missing piece (no retry timer); otherwise
 * its tls_problem says whether it was a TLS failure and the caller goes on
 * with the retry schedule. */
gboolean nmnvme_session_tls_connect_failed(NMNvmeCtrl *ctrl, int errsv, const GError *error);
/* A controller connected with TLS was removed from outside (the kernel
 * deletes one whose reconnects failed for ctrl-loss-tmo, e.g. without
 * tlshd): the facts are probed again and it is connected again on the
 * retry schedule, the capability check first. */
void     nmnvme_session_tls_removed(NMNvmeCtrl *ctrl);

/* (nullable): "FILE:LINE" of the host-wide exclusion of @ctrl. */
const char *nmnvme_session_ctrl_excluded(const NMNvmeSession *s, const NMNvmeCtrl *ctrl);
/* After the exclusion list changed: stops queued connects and retries of
 * controllers it now excludes (connected ones stay). */
void        nmnvme_session_ctrl_stop_excluded(NMNvmeSession *s);
void        nmnvme_session_ctrl_retire(NMNvmeCtrl *ctrl);

/* nmnvme-session-registry.c */
/* @ctrl is ours but our registry entry for its device is missing (@why,
 * nullable: the write's error): kept as ours, the entry retried. */
void nmnvme_session_registry_pending(NMNvmeSession *s, NMNvmeCtrl *ctrl, const char *why);

/* nmnvme-session-intent.c */
/* Resolves the intents against a scan (@kernel, whose owners it may set):
 * the controller one made is ours (taken by this reconcile, registered),
 * an intent that names none is dropped. */
void nmnvme_session_intents_resolve(NMNvmeSession *s, GPtrArray *kernel);

/* nmnvme-session-discovery.c */
void nmnvme_session_dc_refresh_log(NMNvmeCtrl *dc);
/* After its connect: the log, and a scan for its plan at the same time. */
void nmnvme_session_dc_first_log(NMNvmeCtrl *dc);
void nmnvme_session_zeroconf_sync(NMNvmeSession *s);

/* nmnvme-session-teardown.c */
void nmnvme_session_stop_work(NMNvmeSession *s);
void nmnvme_session_teardown_step(NMNvmeSession *s);

/* nmnvme-session-nbft.c */
void nmnvme_session_nbft_clear(NMNvmeSession *s);
/* (transfer full) (element-type NMNvmeTrid): what the NBFT wants of @kind
 * for the session's interface; until the engine has said which HFI that
 * is (a restored session, the table not read yet), the session's own
 * controllers of origin "nbft": a restart disconnects nothing. */
GPtrArray *nmnvme_session_nbft_wants(NMNvmeSession *s, NMNvmeCtrlKind kind);

/* nmnvme-session-view.c */
GVariant *nmnvme_session_ctrls_to_variant(GHashTable *table,
                                          gboolean    with_devices_only,
                                          GVariant *(*fn)(const NMNvmeCtrl *) );
GVariant *nmnvme_session_settings_to_variant(const NMNvmeSettings        *settings,
                                             NMNvmeSettingsSerializeFlags flags);

G_END_DECLS

#endif /* NMNVME_SESSION_PRIVATE_H */
