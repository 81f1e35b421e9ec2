/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ctrl.h: one controller a session wants, discovery or I/O: its
 * transport ID, its kernel device once connected or adopted, where it is
 * in its life, and, for a discovery controller, its last log page.
 * Private to the engine. Reference-counted, so that an operation in flight
 * can outlive the session that started it (ctrl->session is then %NULL).
 */
#ifndef NMNVME_CTRL_H
#define NMNVME_CTRL_H

#include <gio/gio.h>

#include "nmnvme-backoff.h"
#include "nmnvme-connect-options.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-tls.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef struct _NMNvmeSession NMNvmeSession;

typedef enum {
    NMNVME_CTRL_STATE_IDLE,          /* no device, nothing pending */
    NMNVME_CTRL_STATE_CONNECTING,    /* queued on or running in the connect worker */
    NMNVME_CTRL_STATE_LIVE,          /* has a device (connected or adopted) */
    NMNVME_CTRL_STATE_RETRY_WAIT,    /* failed; a retry timer runs */
    NMNVME_CTRL_STATE_FAILED,        /* gave up (connect-attempts-on-ncc) */
    NMNVME_CTRL_STATE_DISCONNECTING, /* being deleted */
    NMNVME_CTRL_STATE_TLS_WAIT,      /* TLS lacks a piece (tlshd, keyring, key): re-checked, no connect */
} NMNvmeCtrlState;

typedef struct {
    NMNvmeSession  *session; /* NULL once the session dropped it */
    NMNvmeCtrlKind  kind;
    NMNvmeTrid     *trid;
    char           *key; /* nmnvme_trid_to_string(trid): map key and origin id */
    NMNvmeCtrlState state;
    char           *device; /* "nvme3" while it has one */
    char           *owner;  /* the registry's owner of device ("": unowned) */
    gboolean        ours;   /* device is ours: registry nm-nvme and on our record */
    guint64         ino;    /* device's sysfs inode (NMNvmeKernelCtrl.ino), 0: not known */
    guint64         recycled_ino; /* inode of a new controller under our device's name */
    guint64         seqnum; /* kernel event number before we connected device; 0: unknown */
    gboolean        registry_pending; /* ours, but our registry entry is not written yet */
    gboolean        registry_busy;    /* that entry's write in flight */
    guint           connected_at_scan; /* session's scan_serial when we connected it */
    char           *excluded; /* "FILE:LINE" of the host-wide exclusion that stops its connects */
    gboolean        configured;
    GHashTable     *origins; /* keys of the discovery controllers listing it */
    gboolean        ncc;
    NMNvmeBackoff   backoff;
    GSource        *retry;
    GCancellable   *cancellable;
    char           *error; /* last failure, for status */
    /* TLS (nmnvme-tls.h) */
    gboolean         from_log; /* treq and sectype are from a log entry listing it */
    guint8           treq;
    guint8           sectype;
    gboolean         tls;         /* the last connect asked for TLS */
    gboolean         concat;      /* ... by secure concatenation (then tls is TRUE too) */
    gboolean         planned;     /* in its session's queue of planned connects */
    NMNvmeTlsProblem tls_problem; /* why it is not connected (TLS), NONE: no TLS problem */
    char            *secure;      /* the device's TLS as sysfs shows it ("tls", "concat"), NULL: none */

    /* discovery controllers */
    NMNvmeDiscoveryLog *log;
    gboolean            log_busy;
    gboolean            log_again;
    guint               log_view;  /* the first log after a connect: the scan it may use */
    gboolean            registered;
    gboolean            fresh; /* connected by us; its first "connected" event is no news */
} NMNvmeCtrl;

NMNvmeCtrl *nmnvme_ctrl_new(NMNvmeSession *session, NMNvmeCtrlKind kind, NMNvmeTrid *trid);
NMNvmeCtrl *nmnvme_ctrl_ref(NMNvmeCtrl *ctrl);
void        nmnvme_ctrl_unref(NMNvmeCtrl *ctrl);

/* Cancels what is pending and stops the retry timer; a fresh cancellable
 * is ready for what comes next. */
void nmnvme_ctrl_cancel(NMNvmeCtrl *ctrl);

/* Sets (or with %NULL clears) the device, with its registry owner and
 * whether it is ours (nmnvme-ownership.h). */
void nmnvme_ctrl_set_device(NMNvmeCtrl *ctrl, const char *device, const char *owner, gboolean ours);

/* Sets the identity of the device (its sysfs inode, 0: not known), which
 * the re-check before a delete compares; another device clears it. */
void nmnvme_ctrl_set_ino(NMNvmeCtrl *ctrl, guint64 ino);

/* Replaces what sysfs says of the device's TLS (nullable). */
void nmnvme_ctrl_set_secure(NMNvmeCtrl *ctrl, const char *secure);

/* Replaces the last error; %NULL clears it. */
void nmnvme_ctrl_set_error(NMNvmeCtrl *ctrl, const char *message);

/* A boot controller of the NBFT (its transport ID matches any host,
 * nmnvme_trid_new_with_host()): connected as NMNVME_NBFT_OWNER's, never
 * ours, never disconnected. */
gboolean nmnvme_ctrl_is_boot(const NMNvmeCtrl *ctrl);

const char *nmnvme_ctrl_state_to_string(NMNvmeCtrlState state);
const char *nmnvme_ctrl_kind_to_string(NMNvmeCtrlKind kind);

/* (transfer floating): the public `a{sv}` view (no secrets). */
GVariant *nmnvme_ctrl_to_variant(const NMNvmeCtrl *ctrl);
/* (transfer floating): the ownership record (see nmnvme-state.h). */
GVariant *nmnvme_ctrl_to_record(const NMNvmeCtrl *ctrl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeCtrl, nmnvme_ctrl_unref)

G_END_DECLS

#endif /* NMNVME_CTRL_H */
