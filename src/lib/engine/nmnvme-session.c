/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session.c: one interface's session. The session keeps, per kind
 * (discovery, I/O), a table of the controllers it wants or has, and a
 * reconcile that compares what is wanted (settings + discovery log pages)
 * with what the kernel has (a sysfs scan) and connects, adopts or
 * disconnects accordingly. Discovery controllers feed log pages; log pages
 * feed the reconcile; kernel events feed both.
 *
 * Ownership: every controller with a device in the tables was connected or
 * adopted by this session and is the session's to disconnect. Kernel
 * controllers outside the tables are never touched.
 */
#include "config.h"

#include "nmnvme-session.h"

#include <errno.h>
#include <string.h>

#include "nmnvme-connect-options.h"
#include "nmnvme-ctrl.h"
#include "nmnvme-error.h"
#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-log.h"
#include "nmnvme-reconcile.h"
#include "nmnvme-source.h"
#include "nmnvme-trid.h"
#include "nmnvme-wants.h"
#include "nmnvme-zeroconf.h"

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
    guint                 pending; /* connects in flight + teardown operations */
    TeardownPhase         teardown;
    gboolean              deregister;
    GTask                *teardown_task;
    NMNvmeZeroconf       *zeroconf; /* while nvme.zeroconf is on and the session active */
};

static void session_reconcile(NMNvmeSession *s);
static void ctrl_connect(NMNvmeCtrl *ctrl);
static void dc_refresh_log(NMNvmeCtrl *dc);
static void teardown_step(NMNvmeSession *s);

/*****************************************************************************/

static void
notify_changed(NMNvmeSession *s)
{
    if (s->ctx->changed)
        s->ctx->changed(s, s->ctx->user_data);
}

static const char *
hostnqn(NMNvmeSession *s)
{
    return nmnvme_host_get_nqn(s->ctx->host);
}

static gboolean
session_idle(NMNvmeSession *s)
{
    return s->suspended || s->teardown != TEARDOWN_NONE;
}

static NMNvmeCtrl *
find_by_device(NMNvmeSession *s, const char *device)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (g_strcmp0(ctrl->device, device) == 0)
                return ctrl;
        }
    }
    return NULL;
}

static NMNvmeCtrl *
ctrl_get_or_add(NMNvmeSession *s, NMNvmeCtrlKind kind, const NMNvmeTrid *trid)
{
    g_autofree char *key          = nmnvme_trid_to_string(trid);
    NMNvmeCtrl      *ctrl         = g_hash_table_lookup(s->ctrls[kind], key);
    gint64           ncc_attempts = 0;

    if (ctrl)
        return ctrl;
    ctrl = nmnvme_ctrl_new(s, kind, nmnvme_trid_copy(trid));
    nmnvme_settings_get_int(s->settings, NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC, &ncc_attempts);
    nmnvme_backoff_init(&ctrl->backoff, (guint) ncc_attempts);
    g_hash_table_insert(s->ctrls[kind], g_strdup(ctrl->key), ctrl);
    return ctrl;
}

/* Takes the controller out of the session; operations in flight keep their
 * reference and see ctrl->session == NULL. */
static void
ctrl_drop(NMNvmeCtrl *ctrl)
{
    NMNvmeSession *s = ctrl->session;

    nmnvme_ctrl_cancel(ctrl);
    ctrl->session = NULL;
    g_hash_table_remove(s->ctrls[ctrl->kind], ctrl->key);
}

/*****************************************************************************/
/* Disconnect */

typedef struct {
    NMNvmeCtrl *ctrl;
    char       *device;
    char       *iface;
    gboolean    counted; /* part of a teardown */
} DisconnectData;

static void
on_disconnected(GObject *source, GAsyncResult *result, gpointer user_data)
{
    DisconnectData *d       = user_data;
    g_autoptr(GError) error = NULL;
    NMNvmeSession *s        = d->ctrl->session;

    if (!nmnvme_fabrics_disconnect_finish(NULL, result, &error))
        _LOG_IF_W(d->iface, "%s: %s, ignoring", d->ctrl->key, error->message);
    else
        _LOG_IF_I(d->iface, "%s %s disconnected", d->device, d->ctrl->key);
    if (s && g_strcmp0(d->ctrl->device, d->device) == 0) {
        g_clear_pointer(&d->ctrl->device, g_free);
        d->ctrl->state = NMNVME_CTRL_STATE_IDLE;
    }
    if (s && d->counted) {
        s->pending--;
        teardown_step(s);
    }
    nmnvme_ctrl_unref(d->ctrl);
    g_free(d->device);
    g_free(d->iface);
    g_free(d);
}

/* Deletes the controller's device; its own state follows in the callback. */
static void
ctrl_disconnect(NMNvmeCtrl *ctrl, NMNvmeFabrics *fabrics, const char *iface, gboolean counted)
{
    DisconnectData *d = g_new0(DisconnectData, 1);

    d->ctrl     = nmnvme_ctrl_ref(ctrl);
    d->device   = g_strdup(ctrl->device);
    d->iface    = g_strdup(iface);
    d->counted  = counted;
    ctrl->state = NMNVME_CTRL_STATE_DISCONNECTING;
    nmnvme_fabrics_disconnect_async(fabrics, ctrl->device, NULL, on_disconnected, d);
}

/* The controller is not wanted any more: disconnect what it owns and
 * forget it. A connect in flight finishes first (see on_connected()). */
static void
ctrl_retire(NMNvmeCtrl *ctrl)
{
    NMNvmeSession *s = ctrl->session;

    if (ctrl->state == NMNVME_CTRL_STATE_CONNECTING) {
        nmnvme_ctrl_cancel(ctrl); /* a queued connect is never written */
        g_hash_table_remove_all(ctrl->origins);
        ctrl->configured = FALSE;
        return; /* on_connected() retires it */
    }
    if (ctrl->device && ctrl->state != NMNVME_CTRL_STATE_DISCONNECTING)
        ctrl_disconnect(ctrl, s->ctx->fabrics, s->iface, FALSE);
    ctrl_drop(ctrl);
}

/*****************************************************************************/
/* Connect, with retries */

static gboolean
on_retry(gpointer user_data)
{
    NMNvmeCtrl *ctrl = user_data;

    g_clear_pointer(&ctrl->retry, g_source_unref);
    if (ctrl->session && !session_idle(ctrl->session)) {
        if (ctrl->device)
            dc_refresh_log(ctrl);
        else
            ctrl_connect(ctrl);
    }
    return G_SOURCE_REMOVE;
}

/* Schedules the next attempt after a failure, or gives up (NCC). */
static void
ctrl_schedule_retry(NMNvmeCtrl *ctrl, const char *what)
{
    NMNvmeSession *s = ctrl->session;
    guint          delay_ms;

    if (!nmnvme_backoff_failed(&ctrl->backoff, ctrl->ncc, &delay_ms)) {
        ctrl->state = NMNVME_CTRL_STATE_FAILED;
        _LOG_IF_W(s->iface,
                  "%s: %s; giving up after %u attempts (NCC set, connect-attempts-on-ncc)",
                  ctrl->key,
                  what,
                  nmnvme_backoff_attempts(&ctrl->backoff));
        return;
    }
    if (!ctrl->device)
        ctrl->state = NMNVME_CTRL_STATE_RETRY_WAIT;
    _LOG_IF_W(s->iface, "%s: %s, will retry in %u s", ctrl->key, what, delay_ms / 1000);
    /* replaces a pending retry: a second failure while one waits (a log
     * read triggered by a uevent, say) must not leave two timers */
    nmnvme_source_start_timeout(&ctrl->retry, delay_ms, on_retry, ctrl);
}

static void
on_connected(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) ctrl = user_data;
    g_autoptr(GError) error    = NULL;
    g_autofree char *device    = nmnvme_fabrics_connect_finish(NULL, result, &error);
    NMNvmeSession   *s         = ctrl->session;
    gboolean         cancelled;

    if (!s)
        return; /* the session was freed: whatever was made stays */
    s->pending--;
    if (ctrl->state != NMNVME_CTRL_STATE_CONNECTING) {
        teardown_step(s);
        return;
    }
    cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    if (device) {
        ctrl->device = g_steal_pointer(&device);
        ctrl->state  = NMNVME_CTRL_STATE_LIVE;
        ctrl->fresh  = TRUE;
        nmnvme_backoff_reset(&ctrl->backoff);
        nmnvme_ctrl_set_error(ctrl, NULL);
        _LOG_IF_I(s->iface, "%s connected: %s", ctrl->device, ctrl->key);
    } else {
        ctrl->state = NMNVME_CTRL_STATE_IDLE;
        if (!cancelled)
            nmnvme_ctrl_set_error(ctrl, error->message);
    }
    if (s->teardown != TEARDOWN_NONE) {
        teardown_step(s);
        return;
    }
    if (!ctrl->configured && g_hash_table_size(ctrl->origins) == 0) {
        ctrl_retire(ctrl); /* left the log while connecting */
    } else if (ctrl->device) {
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY)
            dc_refresh_log(ctrl);
    } else if (!cancelled && !session_idle(s)) {
        /* EALREADY: the kernel has it already (made by someone else
         * meanwhile); the next scan adopts it */
        if (g_error_matches(error, G_IO_ERROR, g_io_error_from_errno(EALREADY)))
            session_reconcile(s);
        else
            ctrl_schedule_retry(ctrl, error->message);
    }
    notify_changed(s);
}

static char *
build_options(NMNvmeCtrl *ctrl, NMNvmeConnectOptionsFlags flags, GError **error)
{
    NMNvmeSession *s             = ctrl->session;
    g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func(g_free);
    NMNvmeConnectRequest r       = {
              .kind        = ctrl->kind,
              .transport   = nmnvme_trid_get_transport(ctrl->trid),
              .traddr      = nmnvme_trid_get_traddr(ctrl->trid),
              .trsvcid     = nmnvme_trid_get_trsvcid(ctrl->trid),
              .subsysnqn   = nmnvme_trid_get_subsysnqn(ctrl->trid),
              .host_traddr = nmnvme_trid_get_host_traddr(ctrl->trid),
              .host_iface  = nmnvme_trid_get_host_iface(ctrl->trid),
              .hostnqn     = nmnvme_host_get_nqn(s->ctx->host),
              .hostid      = nmnvme_host_get_id(s->ctx->host),
              .settings    = s->settings,
    };

    return nmnvme_connect_options_build(&r, s->ctx->caps, flags, dropped, error);
}

static void
ctrl_connect(NMNvmeCtrl *ctrl)
{
    NMNvmeSession *s         = ctrl->session;
    g_autoptr(GError) error  = NULL;
    g_autofree char *options = build_options(ctrl, NMNVME_CONNECT_OPTIONS_WITH_SECRETS, &error);
    g_autofree char *shown   = NULL;

    if (!options) {
        ctrl->state = NMNVME_CTRL_STATE_FAILED;
        nmnvme_ctrl_set_error(ctrl, error->message);
        _LOG_IF_W(s->iface, "%s: %s, ignoring", ctrl->key, error->message);
        return;
    }
    shown = build_options(ctrl, NMNVME_CONNECT_OPTIONS_MASK_SECRETS, NULL);
    _LOG_IF_D(s->iface, "connecting %s: %s", ctrl->key, shown);
    ctrl->state = NMNVME_CTRL_STATE_CONNECTING;
    s->pending++;
    nmnvme_fabrics_connect_async(s->ctx->fabrics,
                                 options,
                                 ctrl->key,
                                 ctrl->cancellable,
                                 on_connected,
                                 nmnvme_ctrl_ref(ctrl));
    explicit_bzero(options, strlen(options));
}

/*****************************************************************************/
/* Discovery controllers: log pages and TP8010 registration */

static gboolean
is_registration_capable(const NMNvmeCtrl *dc)
{
    const char *dctype = dc->log ? dc->log->dctype : NULL;

    return g_strcmp0(dctype, "cdc") == 0 || g_strcmp0(dctype, "ddc") == 0;
}

static void
on_registered(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) dc = user_data;
    g_autoptr(GError) error  = NULL;
    gboolean       ok        = nmnvme_fabrics_register_finish(NULL, result, &error);
    NMNvmeSession *s         = dc->session;

    if (!s || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    dc->registered = ok;
    if (ok)
        _LOG_IF_I(s->iface, "%s registered with %s (TP8010)", dc->device, dc->key);
    else
        _LOG_IF_W(s->iface, "%s: registration failed: %s, ignoring", dc->key, error->message);
    notify_changed(s);
}

static void
dc_register(NMNvmeCtrl *dc)
{
    NMNvmeSession *s = dc->session;

    nmnvme_fabrics_register_async(s->ctx->fabrics,
                                  dc->device,
                                  NMNVME_DIM_REGISTER,
                                  nmnvme_host_get_symname(s->ctx->host),
                                  dc->cancellable,
                                  on_registered,
                                  nmnvme_ctrl_ref(dc));
}

static void
log_rejected(NMNvmeSession *s, const NMNvmeCtrl *dc, GPtrArray *rejected)
{
    if (rejected->len == 0)
        return;
    _LOG_IF_W(s->iface,
              "%s: dropped %u invalid log entries, first: %s, ignoring",
              dc->key,
              rejected->len,
              (const char *) rejected->pdata[0]);
}

static void
on_log(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) dc          = user_data;
    g_autoptr(GError) error           = NULL;
    g_autoptr(NMNvmeDiscoveryLog) log = nmnvme_fabrics_get_log_finish(NULL, result, &error);
    NMNvmeSession *s                  = dc->session;

    if (!s || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    dc->log_busy = FALSE;
    if (!log) {
        nmnvme_ctrl_set_error(dc, error->message);
        ctrl_schedule_retry(dc, error->message);
        notify_changed(s);
        return;
    }
    _LOG_IF_D(s->iface,
              "%s: log generation %" G_GUINT64_FORMAT ", %u entries%s",
              dc->device,
              log->genctr,
              log->entries->len,
              log->pleo ? " (port-local only)" : "");
    log_rejected(s, dc, log->rejected);
    nmnvme_discovery_log_free(dc->log);
    dc->log = g_steal_pointer(&log);
    nmnvme_backoff_reset(&dc->backoff);
    nmnvme_ctrl_set_error(dc, NULL);
    if (!dc->registered && is_registration_capable(dc) &&
        nmnvme_settings_get_bool(s->settings, NMNVME_KEY_REGISTER))
        dc_register(dc);
    session_reconcile(s);
    if (dc->log_again) {
        dc->log_again = FALSE;
        dc_refresh_log(dc);
    }
    notify_changed(s);
}

static void
dc_refresh_log(NMNvmeCtrl *dc)
{
    NMNvmeSession *s = dc->session;

    if (!dc->device || session_idle(s))
        return;
    if (dc->log_busy) {
        dc->log_again = TRUE;
        return;
    }
    dc->log_busy = TRUE;
    nmnvme_fabrics_get_log_async(s->ctx->fabrics,
                                 dc->device,
                                 nmnvme_settings_get_bool(s->settings, NMNVME_KEY_PLEO),
                                 dc->cancellable,
                                 on_log,
                                 nmnvme_ctrl_ref(dc));
}

/*****************************************************************************/
/* Reconcile: wants vs. the kernel */

/* Forgets devices that the kernel no longer has, or that are now another
 * controller (instance numbers are reused). */
static void
forget_stale_devices(NMNvmeSession *s, GPtrArray *kernel)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            const NMNvmeKernelCtrl *kc = NULL;

            if (!ctrl->device || ctrl->state == NMNVME_CTRL_STATE_DISCONNECTING)
                continue;
            for (guint i = 0; i < kernel->len && !kc; i++) {
                if (strcmp(((NMNvmeKernelCtrl *) kernel->pdata[i])->name, ctrl->device) == 0)
                    kc = kernel->pdata[i];
            }
            if (kc && nmnvme_trid_matches_kernel(ctrl->trid, kc, hostnqn(s)))
                continue;
            _LOG_IF_I(s->iface, "%s is gone or no longer %s", ctrl->device, ctrl->key);
            g_clear_pointer(&ctrl->device, g_free);
            ctrl->state = NMNVME_CTRL_STATE_IDLE;
        }
    }
}

static void
apply_adopt(NMNvmeSession *s, NMNvmeCtrlKind kind, const NMNvmeReconcileAction *a)
{
    NMNvmeCtrl *ctrl = ctrl_get_or_add(s, kind, a->trid);

    if (g_strcmp0(ctrl->device, a->ctrl_name) == 0) {
        /* ours already (e.g. restored): a discovery controller needs a log */
        if (kind == NMNVME_CTRL_KIND_DISCOVERY && !ctrl->log && !ctrl->log_busy)
            dc_refresh_log(ctrl);
        return;
    }
    if (ctrl->device || ctrl->state == NMNVME_CTRL_STATE_CONNECTING)
        return;
    nmnvme_ctrl_cancel(ctrl);
    ctrl->device = g_strdup(a->ctrl_name);
    ctrl->state  = NMNVME_CTRL_STATE_LIVE;
    nmnvme_backoff_reset(&ctrl->backoff);
    _LOG_IF_I(s->iface, "%s adopted: %s", ctrl->device, ctrl->key);
    if (kind == NMNVME_CTRL_KIND_DISCOVERY)
        dc_refresh_log(ctrl);
}

static void
apply_connect(NMNvmeSession *s, NMNvmeCtrlKind kind, const NMNvmeReconcileAction *a)
{
    NMNvmeCtrl *ctrl = ctrl_get_or_add(s, kind, a->trid);

    if (ctrl->state == NMNVME_CTRL_STATE_IDLE)
        ctrl_connect(ctrl);
}

static void
apply_disconnect(NMNvmeSession *s, const NMNvmeReconcileAction *a)
{
    NMNvmeCtrl *ctrl = find_by_device(s, a->ctrl_name);

    if (ctrl)
        ctrl_retire(ctrl);
}

/* Brings the wishes into the controllers (configured flag, origins, NCC)
 * and retires the controllers nobody wants any more. */
static void
sync_wants(NMNvmeSession *s, NMNvmeCtrlKind kind, GHashTable *wants)
{
    g_autoptr(GPtrArray) retire = g_ptr_array_new();
    GHashTableIter iter;
    NMNvmeCtrl    *ctrl;

    g_hash_table_iter_init(&iter, s->ctrls[kind]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
        NMNvmeWant    *w = g_hash_table_lookup(wants, ctrl->key);
        GHashTableIter oiter;
        const char    *origin;

        if (!w) {
            g_ptr_array_add(retire, ctrl);
            continue;
        }
        ctrl->configured = w->configured;
        ctrl->ncc        = w->ncc;
        g_hash_table_remove_all(ctrl->origins);
        g_hash_table_iter_init(&oiter, w->origins);
        while (g_hash_table_iter_next(&oiter, (gpointer *) &origin, NULL))
            g_hash_table_add(ctrl->origins, g_strdup(origin));
    }
    for (guint i = 0; i < retire->len; i++)
        ctrl_retire(retire->pdata[i]);
}

/* The plan's size at debug level: the lab benchmark times a log change
 * from the AEN to this line. */
static void
log_plan(NMNvmeSession *s, NMNvmeCtrlKind kind, guint wanted, const NMNvmeReconcilePlan *plan)
{
    guint n[NMNVME_RECONCILE_DISCONNECT + 1] = { 0 };

    for (guint i = 0; i < plan->actions->len; i++)
        n[((const NMNvmeReconcileAction *) plan->actions->pdata[i])->kind]++;
    _LOG_IF_D(s->iface,
              "plan for %s controllers: %u wanted, %u to connect, %u to adopt, %u to disconnect",
              kind == NMNVME_CTRL_KIND_IO ? "I/O" : "discovery",
              wanted,
              n[NMNVME_RECONCILE_CONNECT],
              n[NMNVME_RECONCILE_ADOPT],
              n[NMNVME_RECONCILE_DISCONNECT]);
}

static void
reconcile_kind(NMNvmeSession *s, NMNvmeCtrlKind kind, GPtrArray *kernel)
{
    g_autoptr(GPtrArray) found  = s->zeroconf ? nmnvme_zeroconf_get_wanted(s->zeroconf) : NULL;
    g_autoptr(GHashTable) wants = nmnvme_wants_compute(s->settings,
                                                       s->iface,
                                                       kind,
                                                       s->ctrls[NMNVME_CTRL_KIND_DISCOVERY],
                                                       s->ctrls[kind],
                                                       found);
    g_autoptr(GPtrArray) desired        = g_ptr_array_new();
    g_autoptr(GHashTable) owned         = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeReconcilePlan) plan = NULL;
    GHashTableIter iter;
    NMNvmeWant    *w;
    NMNvmeCtrl    *ctrl;

    g_hash_table_iter_init(&iter, wants);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &w))
        g_ptr_array_add(desired, w->trid);
    g_hash_table_iter_init(&iter, s->ctrls[kind]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
        if (ctrl->device)
            g_hash_table_add(owned, ctrl->device);
    }
    plan = nmnvme_reconcile_plan_new(kind == NMNVME_CTRL_KIND_IO ? NMNVME_CTRL_TYPE_IO
                                                                 : NMNVME_CTRL_TYPE_DISCOVERY,
                                     desired,
                                     kernel,
                                     owned,
                                     hostnqn(s));
    log_plan(s, kind, g_hash_table_size(wants), plan);
    for (guint i = 0; i < plan->actions->len; i++) {
        const NMNvmeReconcileAction *a = plan->actions->pdata[i];

        switch (a->kind) {
        case NMNVME_RECONCILE_ADOPT:
            apply_adopt(s, kind, a);
            break;
        case NMNVME_RECONCILE_CONNECT:
            apply_connect(s, kind, a);
            break;
        case NMNVME_RECONCILE_DISCONNECT:
            apply_disconnect(s, a);
            break;
        }
    }
    sync_wants(s, kind, wants);
}

static void
on_scanned(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(GPtrArray) kernel = nmnvme_fabrics_scan_finish(NULL, result, &error);
    NMNvmeSession *s            = user_data;

    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the session is gone or stopping: do not touch it */
    s->reconcile_busy = FALSE;
    if (!kernel) {
        _LOG_IF_W(s->iface, "scanning controllers: %s, ignoring", error->message);
        kernel = g_ptr_array_new();
    }
    if (!session_idle(s)) {
        forget_stale_devices(s, kernel);
        reconcile_kind(s, NMNVME_CTRL_KIND_DISCOVERY, kernel);
        reconcile_kind(s, NMNVME_CTRL_KIND_IO, kernel);
        notify_changed(s);
    }
    if (s->reconcile_again) {
        s->reconcile_again = FALSE;
        session_reconcile(s);
    }
}

static void
session_reconcile(NMNvmeSession *s)
{
    if (session_idle(s))
        return;
    if (s->reconcile_busy) {
        s->reconcile_again = TRUE;
        return;
    }
    s->reconcile_busy = TRUE;
    nmnvme_fabrics_scan_async(s->ctx->fabrics, s->cancellable, on_scanned, s);
}

/*****************************************************************************/
/* Zeroconf: discovery controllers found by mDNS on the interface */

static gboolean
unique_nqn_supported(NMNvmeSession *s)
{
    return s->ctx->caps && nmnvme_fabrics_options_has(s->ctx->caps, "discovery");
}

/* (element-type NMNvmeTrid): the session's discovery controllers found by
 * mDNS (borrowed), for a new browser to keep until the network shows them
 * gone. */
static GPtrArray *
zeroconf_found(NMNvmeSession *s)
{
    GPtrArray     *found = g_ptr_array_new();
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    g_hash_table_iter_init(&iter, s->ctrls[NMNVME_CTRL_KIND_DISCOVERY]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        if (g_hash_table_contains(dc->origins, NMNVME_WANTS_ORIGIN_ZEROCONF))
            g_ptr_array_add(found, dc->trid);
    }
    return found;
}

static void
on_zeroconf_changed(gpointer user_data)
{
    NMNvmeSession *s = user_data;

    session_reconcile(s);
    notify_changed(s);
}

/* Runs the mDNS browser while `nvme.zeroconf` is on and the session active;
 * replaces it when its settings or the kernel's TP8013 support changed. */
static void
session_zeroconf_sync(NMNvmeSession *s)
{
    gboolean on = nmnvme_settings_get_bool(s->settings, NMNVME_KEY_ZEROCONF) && !session_idle(s);
    g_autoptr(GPtrArray) kept = NULL;

    if (on && s->zeroconf &&
        nmnvme_zeroconf_matches(s->zeroconf, s->settings, unique_nqn_supported(s)))
        return;
    g_clear_pointer(&s->zeroconf, nmnvme_zeroconf_free);
    if (!on)
        return;
    kept        = zeroconf_found(s);
    s->zeroconf = nmnvme_zeroconf_new(s->iface,
                                      s->settings,
                                      unique_nqn_supported(s),
                                      kept,
                                      on_zeroconf_changed,
                                      s);
}

/*****************************************************************************/
/* Teardown */

static void
on_deregistered(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) dc = user_data;
    g_autoptr(GError) error  = NULL;
    NMNvmeSession *s         = dc->session;

    if (!s)
        return;
    if (nmnvme_fabrics_register_finish(NULL, result, &error))
        _LOG_IF_I(s->iface, "%s deregistered from %s (TP8010)", dc->device, dc->key);
    else
        _LOG_IF_W(s->iface, "%s: deregistration failed: %s, ignoring", dc->key, error->message);
    dc->registered = FALSE;
    s->pending--;
    teardown_step(s);
}

static void
deregister_all(NMNvmeSession *s)
{
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    g_hash_table_iter_init(&iter, s->ctrls[NMNVME_CTRL_KIND_DISCOVERY]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        if (!dc->device || !dc->registered)
            continue;
        s->pending++;
        nmnvme_fabrics_register_async(s->ctx->fabrics,
                                      dc->device,
                                      NMNVME_DIM_DEREGISTER,
                                      nmnvme_host_get_symname(s->ctx->host),
                                      NULL,
                                      on_deregistered,
                                      nmnvme_ctrl_ref(dc));
    }
}

static void
disconnect_all(NMNvmeSession *s, NMNvmeCtrlKind kind)
{
    GHashTableIter iter;
    NMNvmeCtrl    *ctrl;

    g_hash_table_iter_init(&iter, s->ctrls[kind]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
        if (!ctrl->device || ctrl->state == NMNVME_CTRL_STATE_DISCONNECTING)
            continue;
        s->pending++;
        ctrl_disconnect(ctrl, s->ctx->fabrics, s->iface, TRUE);
    }
}

/* Advances the teardown whenever nothing of the current phase is pending:
 * drain (connects in flight, deregistrations) → I/O controllers → discovery
 * controllers → done. */
static void
teardown_step(NMNvmeSession *s)
{
    while (s->pending == 0 && s->teardown != TEARDOWN_NONE && s->teardown != TEARDOWN_DONE) {
        switch (s->teardown) {
        case TEARDOWN_DRAIN:
            s->teardown = TEARDOWN_IOCS;
            disconnect_all(s, NMNVME_CTRL_KIND_IO);
            break;
        case TEARDOWN_IOCS:
            s->teardown = TEARDOWN_DCS;
            disconnect_all(s, NMNVME_CTRL_KIND_DISCOVERY);
            break;
        case TEARDOWN_DCS: {
            g_autoptr(GTask) task = g_steal_pointer(&s->teardown_task);

            s->teardown = TEARDOWN_DONE;
            notify_changed(s);
            /* the callback may free the session: touch nothing after it */
            g_task_return_boolean(task, TRUE);
            return;
        }
        case TEARDOWN_NONE:
        case TEARDOWN_DONE:
            break;
        }
    }
}

/* Stops timers, scans and queued work; connects in flight finish. */
static void
session_stop_work(NMNvmeSession *s)
{
    g_cancellable_cancel(s->cancellable);
    g_object_unref(s->cancellable);
    s->cancellable     = g_cancellable_new();
    s->reconcile_busy  = FALSE;
    s->reconcile_again = FALSE;
    g_clear_pointer(&s->zeroconf, nmnvme_zeroconf_free);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            nmnvme_ctrl_cancel(ctrl);
            if (ctrl->state == NMNVME_CTRL_STATE_RETRY_WAIT)
                ctrl->state = NMNVME_CTRL_STATE_IDLE;
        }
    }
}

void
nmnvme_session_teardown_async(NMNvmeSession      *s,
                              gboolean            deregister,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
    g_return_if_fail(s->teardown == TEARDOWN_NONE);

    s->teardown_task = g_task_new(NULL, NULL, callback, user_data);
    g_task_set_source_tag(s->teardown_task, nmnvme_session_teardown_async);
    s->teardown = TEARDOWN_DRAIN;
    session_stop_work(s);
    if (deregister)
        deregister_all(s);
    teardown_step(s);
}

gboolean
nmnvme_session_teardown_finish(NMNvmeSession *s, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/
/* Life cycle */

static NMNvmeSession *
session_alloc(NMNvmeSessionContext *ctx,
              const char           *iface,
              const char           *owner,
              NMNvmeSettings       *settings)
{
    NMNvmeSession *s = g_new0(NMNvmeSession, 1);

    s->ctx         = ctx;
    s->iface       = g_strdup(iface);
    s->owner       = g_strdup(owner);
    s->settings    = nmnvme_settings_ref(settings);
    s->cancellable = g_cancellable_new();
    for (guint k = 0; k < N_KINDS; k++)
        s->ctrls[k] = g_hash_table_new_full(g_str_hash,
                                            g_str_equal,
                                            g_free,
                                            (GDestroyNotify) nmnvme_ctrl_unref);
    return s;
}

NMNvmeSession *
nmnvme_session_new(NMNvmeSessionContext *ctx,
                   const char           *iface,
                   const char           *owner,
                   NMNvmeSettings       *settings)
{
    NMNvmeSession   *s    = session_alloc(ctx, iface, owner, settings);
    g_autofree char *text = nmnvme_settings_to_string(settings);

    _LOG_IF_I(s->iface, "session started by %s: %s", owner, text);
    session_zeroconf_sync(s);
    session_reconcile(s);
    return s;
}

static NMNvmeCtrl *
ctrl_from_record(NMNvmeSession *s, GVariant *record)
{
    GVariantDict            d;
    const char             *kind = "", *device = "", *transport = "", *traddr = "";
    const char             *trsvcid = "", *nqn = "", *host_iface = "", *host_traddr = "";
    g_autofree const char **origins = NULL;
    g_autoptr(NMNvmeTrid) trid      = NULL;
    NMNvmeCtrl *ctrl;

    g_variant_dict_init(&d, record);
    g_variant_dict_lookup(&d, "kind", "&s", &kind);
    g_variant_dict_lookup(&d, "device", "&s", &device);
    g_variant_dict_lookup(&d, "transport", "&s", &transport);
    g_variant_dict_lookup(&d, "traddr", "&s", &traddr);
    g_variant_dict_lookup(&d, "trsvcid", "&s", &trsvcid);
    g_variant_dict_lookup(&d, "subsysnqn", "&s", &nqn);
    g_variant_dict_lookup(&d, "host-iface", "&s", &host_iface);
    g_variant_dict_lookup(&d, "host-traddr", "&s", &host_traddr);
    g_variant_dict_lookup(&d, "origins", "^a&s", &origins);
    g_variant_dict_clear(&d);
    if (!*transport || !*traddr || !*nqn || !*device)
        return NULL;
    trid         = nmnvme_trid_new(transport,
                           traddr,
                           *trsvcid ? trsvcid : NULL,
                           nqn,
                           *host_traddr ? host_traddr : NULL,
                           *host_iface ? host_iface : NULL);
    ctrl         = ctrl_get_or_add(s,
                           g_strcmp0(kind, "discovery") == 0 ? NMNVME_CTRL_KIND_DISCOVERY
                                                                     : NMNVME_CTRL_KIND_IO,
                           trid);
    ctrl->device = g_strdup(device);
    ctrl->state  = NMNVME_CTRL_STATE_LIVE;
    for (guint i = 0; origins && origins[i]; i++)
        g_hash_table_add(ctrl->origins, g_strdup(origins[i]));
    return ctrl;
}

static NMNvmeSettings *
settings_from_record(GVariantDict *d, GError **error)
{
    g_autoptr(GVariant) dict = g_variant_dict_lookup_value(d, "settings", G_VARIANT_TYPE("a{ss}"));
    g_autoptr(GHashTable) table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GVariantIter iter;
    const char  *k, *v;

    if (!dict) {
        nmnvme_error_invalid(error, "state record without settings");
        return NULL;
    }
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_next(&iter, "{&s&s}", &k, &v))
        g_hash_table_insert(table, g_strdup(k), g_strdup(v));
    return nmnvme_settings_new_from_data(table, error);
}

NMNvmeSession *
nmnvme_session_new_from_record(NMNvmeSessionContext *ctx, GVariant *record, GError **error)
{
    GVariantDict d;
    const char  *iface = NULL, *owner = "";
    gboolean     suspended             = FALSE;
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GVariant) ctrls          = NULL;
    NMNvmeSession *s;
    GVariantIter   iter;
    GVariant      *child;

    g_variant_dict_init(&d, record);
    g_variant_dict_lookup(&d, "interface", "&s", &iface);
    g_variant_dict_lookup(&d, "owner", "&s", &owner);
    g_variant_dict_lookup(&d, "suspended", "b", &suspended);
    ctrls    = g_variant_dict_lookup_value(&d, "controllers", G_VARIANT_TYPE("aa{sv}"));
    settings = iface ? settings_from_record(&d, error) : NULL;
    if (!iface && !(error && *error))
        nmnvme_error_invalid(error, "state record without interface");
    if (!settings) {
        g_variant_dict_clear(&d);
        return NULL;
    }
    s = session_alloc(ctx, iface, owner, settings);
    g_variant_dict_clear(&d);
    s->suspended = suspended;
    if (ctrls) {
        g_variant_iter_init(&iter, ctrls);
        while ((child = g_variant_iter_next_value(&iter))) {
            ctrl_from_record(s, child);
            g_variant_unref(child);
        }
    }
    _LOG_IF_I(s->iface, "session restored (owner %s)", s->owner);
    session_zeroconf_sync(s);
    session_reconcile(s);
    return s;
}

void
nmnvme_session_free(NMNvmeSession *s)
{
    if (!s)
        return;
    session_stop_work(s);
    g_cancellable_cancel(s->cancellable);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl))
            ctrl->session = NULL;
        g_hash_table_unref(s->ctrls[k]);
    }
    g_clear_object(&s->teardown_task);
    g_object_unref(s->cancellable);
    nmnvme_settings_unref(s->settings);
    g_free(s->iface);
    g_free(s->owner);
    g_free(s);
}

gboolean
nmnvme_session_is_stopping(const NMNvmeSession *s)
{
    return s->teardown != TEARDOWN_NONE;
}

const char *
nmnvme_session_get_iface(const NMNvmeSession *s)
{
    return s->iface;
}

const NMNvmeSettings *
nmnvme_session_get_settings(const NMNvmeSession *s)
{
    return s->settings;
}

void
nmnvme_session_resync(NMNvmeSession *s)
{
    if (session_idle(s))
        return;
    session_zeroconf_sync(s);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->state == NMNVME_CTRL_STATE_RETRY_WAIT ||
                ctrl->state == NMNVME_CTRL_STATE_FAILED) {
                nmnvme_ctrl_cancel(ctrl);
                nmnvme_backoff_reset(&ctrl->backoff);
                ctrl->state = NMNVME_CTRL_STATE_IDLE;
            }
            if (k == NMNVME_CTRL_KIND_DISCOVERY && ctrl->device) {
                ctrl->registered = FALSE;
                dc_refresh_log(ctrl);
            }
        }
    }
    session_reconcile(s);
}

gboolean
nmnvme_session_update(NMNvmeSession *s, const char *owner, NMNvmeSettings *settings)
{
    gboolean same_settings = nmnvme_settings_equal(s->settings, settings);
    gboolean resumed       = s->suspended;

    if (g_strcmp0(s->owner, owner) != 0) {
        g_free(s->owner);
        s->owner = g_strdup(owner);
        notify_changed(s);
    }
    if (same_settings && !resumed)
        return FALSE;
    if (!same_settings) {
        g_autofree char *text = nmnvme_settings_to_string(settings);

        nmnvme_settings_unref(s->settings);
        s->settings = nmnvme_settings_ref(settings);
        _LOG_IF_I(s->iface, "settings changed: %s", text);
    }
    s->suspended = FALSE;
    if (resumed) {
        _LOG_IF_I(s->iface, "session resumed");
        nmnvme_session_resync(s);
    } else {
        session_zeroconf_sync(s);
        session_reconcile(s);
    }
    notify_changed(s);
    return TRUE;
}

void
nmnvme_session_suspend(NMNvmeSession *s)
{
    if (s->suspended)
        return;
    s->suspended = TRUE;
    session_stop_work(s);
    _LOG_IF_I(s->iface, "link lost: discovery paused, controllers kept");
    notify_changed(s);
}

void
nmnvme_session_handle_uevent(NMNvmeSession *s, NMNvmeUeventKind kind, const char *name)
{
    NMNvmeCtrl *ctrl = find_by_device(s, name);

    if (!ctrl || ctrl->state == NMNVME_CTRL_STATE_DISCONNECTING)
        return;
    switch (kind) {
    case NMNVME_UEVENT_REMOVED:
        _LOG_IF_I(s->iface, "%s was removed from outside: %s", name, ctrl->key);
        g_clear_pointer(&ctrl->device, g_free);
        ctrl->state = NMNVME_CTRL_STATE_IDLE;
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY && !session_idle(s))
            ctrl_schedule_retry(ctrl, "removed");
        notify_changed(s);
        break;
    case NMNVME_UEVENT_LOG_CHANGED:
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY)
            dc_refresh_log(ctrl);
        break;
    case NMNVME_UEVENT_CONNECTED:
        /* the kernel (re)started the controller; after our own connect that
         * is no news (the log is being read already) */
        if (ctrl->fresh) {
            ctrl->fresh = FALSE;
            break;
        }
        /* fall through */
    case NMNVME_UEVENT_REDISCOVER:
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY) {
            ctrl->registered = FALSE;
            dc_refresh_log(ctrl);
        }
        break;
    case NMNVME_UEVENT_ADDED:
    case NMNVME_UEVENT_OTHER:
        break;
    }
}

/*****************************************************************************/
/* Views */

static gint
compare_ctrl_keys(gconstpointer a, gconstpointer b)
{
    return strcmp((*(NMNvmeCtrl *const *) a)->key, (*(NMNvmeCtrl *const *) b)->key);
}

static GVariant *
ctrls_to_variant(GHashTable *table,
                 gboolean    with_devices_only,
                 GVariant *(*fn)(const NMNvmeCtrl *) )
{
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    GHashTableIter  iter;
    gpointer        ctrl_ptr;
    GVariantBuilder b;

    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, NULL, &ctrl_ptr))
        g_ptr_array_add(list, ctrl_ptr);

    g_ptr_array_sort(list, compare_ctrl_keys);
    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; i < list->len; i++) {
        const NMNvmeCtrl *ctrl = list->pdata[i];

        if (!with_devices_only || ctrl->device)
            g_variant_builder_add_value(&b, fn(ctrl));
    }
    return g_variant_builder_end(&b);
}

static GVariant *
settings_to_variant(const NMNvmeSettings *settings, NMNvmeSettingsSerializeFlags flags)
{
    g_autoptr(GHashTable) data = nmnvme_settings_to_data(settings, flags);
    GVariantBuilder b;
    GHashTableIter  iter;
    const char     *k, *v;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, (gpointer *) &k, (gpointer *) &v))
        g_variant_builder_add(&b, "{ss}", k, v);
    return g_variant_builder_end(&b);
}

static const char *
session_state(const NMNvmeSession *s)
{
    if (s->teardown != TEARDOWN_NONE)
        return "stopping";
    return s->suspended ? "suspended" : "active";
}

GVariant *
nmnvme_session_to_variant(const NMNvmeSession *s)
{
    GVariantDict d;

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "interface", "s", s->iface);
    g_variant_dict_insert(&d, "owner", "s", s->owner);
    g_variant_dict_insert(&d, "state", "s", session_state(s));
    g_variant_dict_insert_value(
        &d,
        "settings",
        settings_to_variant(s->settings, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS));
    g_variant_dict_insert_value(
        &d,
        "discovery-controllers",
        ctrls_to_variant(s->ctrls[NMNVME_CTRL_KIND_DISCOVERY], FALSE, nmnvme_ctrl_to_variant));
    g_variant_dict_insert_value(
        &d,
        "io-controllers",
        ctrls_to_variant(s->ctrls[NMNVME_CTRL_KIND_IO], FALSE, nmnvme_ctrl_to_variant));
    if (s->zeroconf)
        g_variant_dict_insert_value(&d, "zeroconf", nmnvme_zeroconf_to_variant(s->zeroconf));
    return g_variant_dict_end(&d);
}

GVariant *
nmnvme_session_to_record(const NMNvmeSession *s)
{
    GVariantDict    d;
    GVariantBuilder ctrls;

    g_variant_builder_init(&ctrls, G_VARIANT_TYPE("aa{sv}"));
    for (guint k = 0; k < N_KINDS; k++) {
        g_autoptr(GVariant) list =
            g_variant_ref_sink(ctrls_to_variant(s->ctrls[k], TRUE, nmnvme_ctrl_to_record));
        GVariantIter iter;
        GVariant    *child;

        g_variant_iter_init(&iter, list);
        while ((child = g_variant_iter_next_value(&iter))) {
            g_variant_builder_add_value(&ctrls, child);
            g_variant_unref(child);
        }
    }
    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "interface", "s", s->iface);
    g_variant_dict_insert(&d, "owner", "s", s->owner);
    g_variant_dict_insert(&d, "suspended", "b", s->suspended);
    g_variant_dict_insert_value(
        &d,
        "settings",
        settings_to_variant(s->settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS));
    g_variant_dict_insert_value(&d, "controllers", g_variant_builder_end(&ctrls));
    return g_variant_dict_end(&d);
}
