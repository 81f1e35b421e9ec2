/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session.c: one interface's session and its reconcile. The
 * session keeps, per kind (discovery, I/O), a table of the controllers it
 * wants or has, and a reconcile that compares what is wanted (settings +
 * discovery log pages + mDNS, nmnvme-wants.c) with what the kernel has (a
 * sysfs scan) and connects, adopts or disconnects accordingly. Discovery
 * controllers feed log pages; log pages feed the reconcile; kernel events
 * feed both. Here: the life cycle (new, update, resync, suspend, free),
 * kernel events, and the reconcile itself.
 *
 * Ownership (nmnvme-ownership.h): a controller with a device in the tables
 * is the session's to disconnect only when it is ours (ctrl->ours: the
 * registry says nm-nvme and our record lists it, or we connected or
 * recorded it and our registry entry could not be written yet:
 * nmnvme-session-registry.c); another owner's or an
 * unowned controller that the session wants is used (its device in the
 * table, not connected twice) and never disconnected. Kernel controllers
 * outside the tables are never touched.
 *
 * The rest of the session, one concept a file (nmnvme-session-private.h):
 * -ctrl.c the controller state machine, -discovery.c log pages, TP8010
 * registration and mDNS, -teardown.c, -record.c (ownership records),
 * -registry.c (entries not written yet), -intent.c (connects of an earlier
 * run cut short), -view.c (status).
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include <string.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-ownership.h"
#include "nmnvme-reconcile.h"
#include "nmnvme-trid.h"
#include "nmnvme-wants.h"

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

/*****************************************************************************/
/* Reconcile: wants vs. the kernel */

static const NMNvmeKernelCtrl *
find_kernel(GPtrArray *kernel, const char *name)
{
    for (guint i = 0; i < kernel->len; i++) {
        const NMNvmeKernelCtrl *kc = kernel->pdata[i];

        if (strcmp(kc->name, name) == 0)
            return kc;
    }
    return NULL;
}

/* Whether @kc is @ctrl's device, ours (connected by us, or adopted and on
 * our record), the same controller (sysfs inode), and without a registry
 * entry: ours, whose entry could not be written (/run full). Another
 * owner's entry is never taken for ours. */
static gboolean
ours_unregistered(const NMNvmeCtrl *ctrl, const NMNvmeKernelCtrl *kc)
{
    return ctrl->ours && g_strcmp0(ctrl->device, kc->name) == 0 && ctrl->ino &&
           ctrl->ino == kc->ino && (!kc->owner || !*kc->owner);
}

static void
take_device_now(NMNvmeSession *s, NMNvmeCtrl *ctrl, const NMNvmeKernelCtrl *kc)
{
    gboolean        recorded = g_strcmp0(ctrl->device, kc->name) == 0 && ctrl->ours;
    NMNvmeOwnership o        = nmnvme_ownership_decide(kc->owner, recorded);
    gboolean        recycled = kc->ino && kc->ino == ctrl->recycled_ino;
    /* a boot controller is never ours, whoever registered it */
    gboolean        ours     = nmnvme_ownership_may_adopt(o) && !recycled &&
                       !nmnvme_nbft_is_boot_ctrl(s->ctx->nbft, kc);
    gboolean        changed  = g_strcmp0(ctrl->device, kc->name) != 0 || ours != ctrl->ours ||
                       g_strcmp0(ctrl->owner, kc->owner ? kc->owner : "") != 0;

    if (ours_unregistered(ctrl, kc)) {
        g_free(ctrl->owner);
        ctrl->owner = g_strdup("");
        nmnvme_session_registry_pending(s, ctrl, NULL);
        return;
    }
    nmnvme_ctrl_set_device(ctrl, kc->name, kc->owner ? kc->owner : "", ours);
    if (kc->ino)
        nmnvme_ctrl_set_ino(ctrl, kc->ino);
    if (!changed)
        return;
    if (ours)
        _LOG_IF_I(s->iface, "%s adopted: %s", kc->name, ctrl->key);
    else
        _LOG_IF_I(s->iface,
                  "%s used, not ours (owner %s): %s",
                  kc->name,
                  *ctrl->owner ? ctrl->owner : "-",
                  ctrl->key);
}

/* Takes the registry's word on @ctrl's device @kc (nmnvme-ownership.h):
 * ours if it already was (on our record) or is ours in the registry but on
 * no record, unless it is a new controller under the name of a device we
 * recorded (our registry entry is that one's); else used, not ours. Logged
 * when that changes. A scan that was under way when we connected the
 * device may have read the registry before our entry was written: it does
 * not count for that device. */
static void
take_device(NMNvmeSession *s, NMNvmeCtrl *ctrl, const NMNvmeKernelCtrl *kc)
{
    /* what sysfs says of its TLS is news at every scan (the negotiated
     * key appears once the admin queue's handshake is done) */
    nmnvme_ctrl_set_secure(ctrl, nmnvme_kernel_ctrl_get_secure(kc));
    if (ctrl->ours && g_strcmp0(ctrl->device, kc->name) == 0 &&
        ctrl->connected_at_scan == s->scan_serial)
        return;
    take_device_now(s, ctrl, kc);
}

/* Forgets devices that the kernel no longer has, or that are now another
 * controller (instance numbers are reused); takes the registry's owner of
 * the others. A device the scan could not read (@skipped), or that we
 * connected while it ran, is neither: it is kept as it was. */
static void
forget_stale_devices(NMNvmeSession *s, GPtrArray *kernel, GHashTable *skipped)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            const NMNvmeKernelCtrl *kc;

            if (!ctrl->device || ctrl->state == NMNVME_CTRL_STATE_DISCONNECTING ||
                g_hash_table_contains(skipped, ctrl->device))
                continue;
            /* connected while this scan ran: it may not have seen it */
            if (ctrl->ours && ctrl->connected_at_scan == s->scan_serial)
                continue;
            kc = find_kernel(kernel, ctrl->device);
            if (kc && nmnvme_trid_matches_kernel(ctrl->trid, kc, hostnqn(s)) &&
                (!ctrl->ino || !kc->ino || ctrl->ino == kc->ino)) {
                take_device(s, ctrl, kc);
                continue;
            }
            _LOG_IF_I(s->iface, "%s is gone or no longer %s", ctrl->device, ctrl->key);
            if (kc && ctrl->ours && kc->ino != ctrl->ino)
                ctrl->recycled_ino = kc->ino; /* our registry entry there is the old one's */
            nmnvme_ctrl_set_device(ctrl, NULL, NULL, FALSE);
            nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        }
    }
}

static void
apply_adopt(NMNvmeSession               *s,
            NMNvmeCtrlKind               kind,
            const NMNvmeReconcileAction *a,
            GPtrArray                   *kernel)
{
    NMNvmeCtrl *ctrl = nmnvme_session_ctrl_get_or_add(s, kind, a->trid);

    if (g_strcmp0(ctrl->device, a->ctrl_name) == 0) {
        /* ours already (e.g. restored): a discovery controller needs a log */
        if (kind == NMNVME_CTRL_KIND_DISCOVERY && !ctrl->log && !ctrl->log_busy)
            nmnvme_session_dc_refresh_log(ctrl);
        return;
    }
    if (ctrl->device || ctrl->state == NMNVME_CTRL_STATE_CONNECTING)
        return;
    nmnvme_ctrl_cancel(ctrl);
    take_device(s, ctrl, find_kernel(kernel, a->ctrl_name));
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_LIVE);
    nmnvme_backoff_reset(&ctrl->backoff);
    if (kind == NMNVME_CTRL_KIND_DISCOVERY)
        nmnvme_session_dc_refresh_log(ctrl);
}

/* What the wish knows of the controller's port (its log entries' TREQ and
 * TSAS), which the connect's TLS decision reads. */
static void
take_port(NMNvmeCtrl *ctrl, const NMNvmeWant *w)
{
    ctrl->from_log = w->from_log;
    ctrl->treq     = w->treq;
    ctrl->sectype  = w->sectype;
}

static void
apply_connect(NMNvmeSession               *s,
              NMNvmeCtrlKind               kind,
              const NMNvmeReconcileAction *a,
              GHashTable                  *wants)
{
    NMNvmeCtrl       *ctrl = nmnvme_session_ctrl_get_or_add(s, kind, a->trid);
    const NMNvmeWant *w    = g_hash_table_lookup(wants, ctrl->key);

    if (w)
        take_port(ctrl, w);
    if (w && w->held) {
        _LOG_IF_D(s->iface, "%s: not connected until its discovery log is read again", ctrl->key);
        return;
    }
    if (ctrl->state == NMNVME_CTRL_STATE_IDLE)
        nmnvme_session_ctrl_plan_connect(ctrl);
}

static void
apply_disconnect(NMNvmeSession *s, const NMNvmeReconcileAction *a)
{
    NMNvmeCtrl *ctrl = find_by_device(s, a->ctrl_name);

    if (ctrl)
        nmnvme_session_ctrl_retire(ctrl);
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
        take_port(ctrl, w);
        g_hash_table_remove_all(ctrl->origins);
        g_hash_table_iter_init(&oiter, w->origins);
        while (g_hash_table_iter_next(&oiter, (gpointer *) &origin, NULL))
            g_hash_table_add(ctrl->origins, g_strdup(origin));
    }
    for (guint i = 0; i < retire->len; i++)
        nmnvme_session_ctrl_retire(retire->pdata[i]);
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
    g_autoptr(GPtrArray) nbft   = nmnvme_session_nbft_wants(s, kind);
    g_autoptr(GHashTable) wants = nmnvme_wants_compute(s->settings,
                                                       s->iface,
                                                       kind,
                                                       s->ctrls[NMNVME_CTRL_KIND_DISCOVERY],
                                                       s->ctrls[kind],
                                                       found,
                                                       nbft);
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
        if (ctrl->device && ctrl->ours)
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
            apply_adopt(s, kind, a, kernel);
            break;
        case NMNVME_RECONCILE_CONNECT:
            apply_connect(s, kind, a, wants);
            break;
        case NMNVME_RECONCILE_DISCONNECT:
            apply_disconnect(s, a);
            break;
        }
    }
    sync_wants(s, kind, wants);
}

/* Logs each controller the scan left out once per name (the set is the
 * engine's, shared by all sessions), until it can be read again. */
static void
log_skipped(NMNvmeSession *s, GHashTable *skipped)
{
    GHashTable    *logged = s->ctx->unreadable;
    GHashTableIter iter;
    const char    *name;
    const char    *why;

    if (!logged)
        return;
    g_hash_table_iter_init(&iter, logged);
    while (g_hash_table_iter_next(&iter, (gpointer *) &name, NULL)) {
        if (!g_hash_table_contains(skipped, name))
            g_hash_table_iter_remove(&iter);
    }
    g_hash_table_iter_init(&iter, skipped);
    while (g_hash_table_iter_next(&iter, (gpointer *) &name, (gpointer *) &why)) {
        if (g_hash_table_contains(logged, name))
            continue;
        _LOG_IF_W(s->iface, "%s left out of scans while it cannot be read: %s", name, why);
        g_hash_table_add(logged, g_strdup(name));
    }
}

static gboolean
on_scan_retry(gpointer user_data)
{
    NMNvmeSession *s = user_data;

    g_clear_pointer(&s->scan_retry, g_source_unref);
    nmnvme_session_reconcile(s);
    return G_SOURCE_REMOVE;
}

/* A failed scan says nothing about the kernel: the view stays as it was and
 * the scan is retried on the connect schedule (3 s doubling to 60 s). */
static void
scan_failed(NMNvmeSession *s, const GError *error)
{
    guint delay_ms = NMNVME_BACKOFF_FIRST_MS;

    nmnvme_backoff_failed(&s->scan_backoff, FALSE, &delay_ms);
    _LOG_IF_W(s->iface,
              "scanning controllers: %s; keeping what was known, will retry in %u s",
              error->message,
              delay_ms / 1000);
    nmnvme_source_start_timeout(&s->scan_retry, delay_ms, on_scan_retry, s);
}

/* Applies the kernel view of the last scan: devices gone or taken, then
 * the plan of each kind. */
static void
apply_view(NMNvmeSession *s)
{
    nmnvme_session_intents_resolve(s, s->view);
    forget_stale_devices(s, s->view, s->view_skipped);
    reconcile_kind(s, NMNVME_CTRL_KIND_DISCOVERY, s->view);
    reconcile_kind(s, NMNVME_CTRL_KIND_IO, s->view);
    nmnvme_session_ctrl_start_planned(s);
    notify_changed(s);
}

static void
view_clear(NMNvmeSession *s)
{
    g_clear_pointer(&s->view, g_ptr_array_unref);
    g_clear_pointer(&s->view_skipped, g_hash_table_unref);
}

/* Whether a discovery controller's first log will plan with the view. */
static gboolean
view_wanted(NMNvmeSession *s)
{
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    g_hash_table_iter_init(&iter, s->ctrls[NMNVME_CTRL_KIND_DISCOVERY]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        if (dc->log_view)
            return TRUE;
    }
    return FALSE;
}

/* The view is kept only while a log waits for it: it lists every
 * controller of the host, and 256 sessions each keeping one held about
 * 20 MiB (scale-bench). */
static void
view_release(NMNvmeSession *s)
{
    if (!view_wanted(s))
        view_clear(s);
}

static void
on_scanned(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) skipped = NULL;
    g_autoptr(GPtrArray) kernel   = nmnvme_fabrics_scan_finish(NULL, result, &skipped, &error);
    NMNvmeSession *s              = user_data;

    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the session is gone or stopping: do not touch it */
    s->reconcile_busy = FALSE;
    view_clear(s);
    if (!kernel) {
        s->reconcile_again = FALSE; /* the retry timer scans again */
        if (!session_idle(s))
            scan_failed(s, error);
        return;
    }
    nmnvme_backoff_reset(&s->scan_backoff);
    log_skipped(s, skipped);
    s->view         = g_steal_pointer(&kernel);
    s->view_skipped = g_steal_pointer(&skipped);
    if (!session_idle(s))
        apply_view(s);
    view_release(s);
    if (s->reconcile_again) {
        s->reconcile_again = FALSE;
        nmnvme_session_reconcile(s);
    }
}

void
nmnvme_session_reconcile(NMNvmeSession *s)
{
    if (session_idle(s))
        return;
    if (s->reconcile_busy) {
        s->reconcile_again = TRUE;
        return;
    }
    if (s->scan_retry)
        return; /* the last scan failed: its retry timer scans */
    s->reconcile_busy = TRUE;
    s->scan_serial++;
    nmnvme_fabrics_scan_async(s->ctx->fabrics, s->cancellable, on_scanned, s);
}

void
nmnvme_session_reconcile_since(NMNvmeSession *s, guint serial)
{
    if (session_idle(s))
        return;
    /* the scan in flight plans with what is wanted when it ends */
    if (s->reconcile_busy && s->scan_serial >= serial)
        return;
    /* no scan runs: the view is the last one started, s->scan_serial */
    if (!s->reconcile_busy && s->view && s->scan_serial >= serial) {
        apply_view(s);
        view_release(s);
        return;
    }
    nmnvme_session_reconcile(s);
}

/*****************************************************************************/
/* Life cycle */

NMNvmeSession *
nmnvme_session_alloc(NMNvmeSessionContext *ctx,
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
    s->intents     = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_connect_intent_free);
    nmnvme_backoff_init(&s->scan_backoff, 0);
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
    NMNvmeSession   *s    = nmnvme_session_alloc(ctx, iface, owner, settings);
    g_autofree char *text = nmnvme_settings_to_string(settings);

    _LOG_IF_I(s->iface, "session started by %s: %s", owner, text);
    nmnvme_session_zeroconf_sync(s);
    nmnvme_session_reconcile(s);
    return s;
}

void
nmnvme_session_free(NMNvmeSession *s)
{
    if (!s)
        return;
    nmnvme_session_stop_work(s);
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
    nmnvme_session_nbft_clear(s);
    nmnvme_source_clear(&s->deregister_timeout);
    if (s->deregistering)
        g_cancellable_cancel(s->deregistering);
    g_clear_object(&s->deregistering);
    g_object_unref(s->cancellable);
    view_clear(s);
    g_ptr_array_unref(s->intents);
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

const char *
nmnvme_session_get_owner(const NMNvmeSession *s)
{
    return s->owner;
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
    nmnvme_session_zeroconf_sync(s);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->state == NMNVME_CTRL_STATE_RETRY_WAIT ||
                ctrl->state == NMNVME_CTRL_STATE_FAILED ||
                ctrl->state == NMNVME_CTRL_STATE_TLS_WAIT) {
                nmnvme_ctrl_cancel(ctrl);
                nmnvme_backoff_reset(&ctrl->backoff);
                nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
            }
            if (k == NMNVME_CTRL_KIND_DISCOVERY && ctrl->device) {
                ctrl->registered = FALSE;
                nmnvme_session_dc_refresh_log(ctrl);
            }
        }
    }
    nmnvme_session_reconcile(s);
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
        nmnvme_session_zeroconf_sync(s);
        nmnvme_session_reconcile(s);
    }
    notify_changed(s);
    return TRUE;
}

void
nmnvme_session_exclusions_changed(NMNvmeSession *s)
{
    if (session_idle(s))
        return;
    nmnvme_session_ctrl_stop_excluded(s);
    nmnvme_session_reconcile(s);
    notify_changed(s);
}

void
nmnvme_session_suspend(NMNvmeSession *s)
{
    if (s->suspended)
        return;
    s->suspended = TRUE;
    nmnvme_session_stop_work(s);
    _LOG_IF_I(s->iface, "link lost: discovery paused, controllers kept");
    notify_changed(s);
}

void
nmnvme_session_handle_uevent(NMNvmeSession   *s,
                             NMNvmeUeventKind kind,
                             const char      *name,
                             guint64          seqnum)
{
    NMNvmeCtrl *ctrl = find_by_device(s, name);

    if (!ctrl || ctrl->state == NMNVME_CTRL_STATE_DISCONNECTING)
        return;
    if (seqnum && seqnum <= ctrl->seqnum) {
        _LOG_IF_D(s->iface, "%s: event %" G_GUINT64_FORMAT " is of an earlier device", name, seqnum);
        return;
    }
    switch (kind) {
    case NMNVME_UEVENT_REMOVED:
        _LOG_IF_I(s->iface, "%s was removed from outside: %s", name, ctrl->key);
        nmnvme_ctrl_set_device(ctrl, NULL, NULL, FALSE);
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY && !session_idle(s))
            nmnvme_session_ctrl_schedule_retry(ctrl, "removed");
        else if (ctrl->tls && !session_idle(s))
            nmnvme_session_tls_removed(ctrl);
        notify_changed(s);
        break;
    case NMNVME_UEVENT_LOG_CHANGED:
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY)
            nmnvme_session_dc_refresh_log(ctrl);
        break;
    case NMNVME_UEVENT_CONNECTED:
        /* the kernel (re)started the controller; after our own connect that
         * is no news (the log is being read already) */
        if (ctrl->fresh) {
            ctrl->fresh = FALSE;
            break;
        }
        G_GNUC_FALLTHROUGH;
    case NMNVME_UEVENT_REDISCOVER:
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY) {
            ctrl->registered = FALSE;
            nmnvme_session_dc_refresh_log(ctrl);
        }
        break;
    case NMNVME_UEVENT_ADDED:
    case NMNVME_UEVENT_OTHER:
        break;
    }
}
