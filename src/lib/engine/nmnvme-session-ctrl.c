/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-ctrl.c: the controller state machine of a session
 * (NMNvmeCtrlState, nmnvme-ctrl.h): the one place that changes a
 * controller's state (nmnvme_session_ctrl_set_state(), logged at debug
 * level), adding and dropping controllers, connects with their retry
 * schedule, a plan's connects started a few ahead of the kernel,
 * disconnects, and retiring a controller nobody wants.
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include <errno.h>
#include <string.h>

#include "nmnvme-connect-options.h"
#include "nmnvme-nbft.h"
#include "nmnvme-registry.h"

/* The host identity @ctrl connects with: its own (the NBFT's), else the
 * engine's. */
const char *
nmnvme_session_ctrl_hostnqn(const NMNvmeSession *s, const NMNvmeCtrl *ctrl)
{
    const char *own = nmnvme_trid_get_hostnqn(ctrl->trid);

    return own ? own : nmnvme_host_get_nqn(s->ctx->host);
}

/* (nullable): with a host NQN of its own, its host ID (if any). */
static const char *
ctrl_hostid(const NMNvmeSession *s, const NMNvmeCtrl *ctrl)
{
    if (nmnvme_trid_get_hostnqn(ctrl->trid))
        return nmnvme_trid_get_hostid(ctrl->trid);
    return nmnvme_host_get_id(s->ctx->host);
}

/* The one place that changes a controller's state. */
void
nmnvme_session_ctrl_set_state(NMNvmeCtrl *ctrl, NMNvmeCtrlState state)
{
    if (ctrl->state == state)
        return;
    _LOG_IF_D(ctrl->session ? ctrl->session->iface : NULL,
              "%s: state %s -> %s",
              ctrl->key,
              nmnvme_ctrl_state_to_string(ctrl->state),
              nmnvme_ctrl_state_to_string(state));
    if (ctrl->session && ctrl->state == NMNVME_CTRL_STATE_CONNECTING)
        ctrl->session->connecting--;
    if (ctrl->session && state == NMNVME_CTRL_STATE_CONNECTING)
        ctrl->session->connecting++;
    ctrl->state = state;
}

/*****************************************************************************/
/* Adding and dropping */

NMNvmeCtrl *
nmnvme_session_ctrl_get_or_add(NMNvmeSession *s, NMNvmeCtrlKind kind, const NMNvmeTrid *trid)
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
    if (ctrl->state == NMNVME_CTRL_STATE_CONNECTING)
        s->connecting--;
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
        nmnvme_ctrl_set_device(d->ctrl, NULL, NULL, FALSE);
        nmnvme_session_ctrl_set_state(d->ctrl, NMNVME_CTRL_STATE_IDLE);
    }
    if (s && d->counted) {
        s->pending--;
        nmnvme_session_teardown_step(s);
    }
    nmnvme_ctrl_unref(d->ctrl);
    g_free(d->device);
    g_free(d->iface);
    g_free(d);
}

/* Deletes the controller's device if it is ours (the worker re-checks
 * that right before the delete); its own state follows in the callback.
 * One that is not ours is left connected: %FALSE. */
gboolean
nmnvme_session_ctrl_disconnect(NMNvmeSession *s, NMNvmeCtrl *ctrl, gboolean counted)
{
    DisconnectData *d;

    if (!ctrl->ours) {
        _LOG_IF_I(s->iface,
                  "%s %s not ours (owner %s): left connected",
                  ctrl->device,
                  ctrl->key,
                  ctrl->owner && *ctrl->owner ? ctrl->owner : "-");
        return FALSE;
    }
    d          = g_new0(DisconnectData, 1);
    d->ctrl    = nmnvme_ctrl_ref(ctrl);
    d->device  = g_strdup(ctrl->device);
    d->iface   = g_strdup(s->iface);
    d->counted = counted;
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_DISCONNECTING);
    nmnvme_fabrics_disconnect_async(s->ctx->fabrics,
                                    ctrl->device,
                                    ctrl->trid,
                                    ctrl->ino,
                                    ctrl->registry_pending,
                                    hostnqn(s),
                                    NULL,
                                    on_disconnected,
                                    d);
    return TRUE;
}

/* The controller is not wanted any more: disconnect what it owns and
 * forget it. A connect in flight finishes first (see on_connected()). */
void
nmnvme_session_ctrl_retire(NMNvmeCtrl *ctrl)
{
    NMNvmeSession *s = ctrl->session;

    if (ctrl->state == NMNVME_CTRL_STATE_CONNECTING) {
        nmnvme_ctrl_cancel(ctrl); /* a queued connect is never written */
        g_hash_table_remove_all(ctrl->origins);
        ctrl->configured = FALSE;
        return; /* on_connected() retires it */
    }
    if (ctrl->device && ctrl->state != NMNVME_CTRL_STATE_DISCONNECTING)
        nmnvme_session_ctrl_disconnect(s, ctrl, FALSE);
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
            nmnvme_session_dc_refresh_log(ctrl);
        else
            nmnvme_session_ctrl_connect(ctrl);
    }
    return G_SOURCE_REMOVE;
}

/* Schedules the next attempt after a failure, or gives up (NCC). */
void
nmnvme_session_ctrl_schedule_retry(NMNvmeCtrl *ctrl, const char *what)
{
    NMNvmeSession *s = ctrl->session;
    guint          delay_ms;

    if (!nmnvme_backoff_failed(&ctrl->backoff, ctrl->ncc, &delay_ms)) {
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_FAILED);
        _LOG_IF_W(s->iface,
                  "%s: %s; giving up after %u attempts (NCC set, connect-attempts-on-ncc)",
                  ctrl->key,
                  what,
                  nmnvme_backoff_attempts(&ctrl->backoff));
        return;
    }
    if (!ctrl->device)
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_RETRY_WAIT);
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
    g_autofree char *warning   = NULL;
    g_autofree char *intent    = NULL;
    guint64          ino       = 0;
    guint64          seqnum    = 0;
    g_autofree char *device    = NULL;
    NMNvmeSession   *s         = ctrl->session;
    gboolean         cancelled;
    int              errsv;

    errsv  = nmnvme_fabrics_connect_get_errno(result);
    device = nmnvme_fabrics_connect_finish(NULL, result, &ino, &seqnum, &warning, &intent, &error);
    if (!s)
        return; /* the session was freed: whatever was made stays */
    if (intent) /* /run full: said by the record's and the registry's warnings */
        _LOG_IF_D(s->iface, "%s: %s", ctrl->key, intent);
    s->pending--;
    if (ctrl->state != NMNVME_CTRL_STATE_CONNECTING) {
        nmnvme_session_teardown_step(s);
        return;
    }
    cancelled = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    if (device) {
        /* ours even when our registry entry could not be written; a boot
         * controller never is (registered as nvme-cli does) */
        if (nmnvme_ctrl_is_boot(ctrl))
            nmnvme_ctrl_set_device(ctrl, device, warning ? "" : NMNVME_NBFT_OWNER, FALSE);
        else
            nmnvme_ctrl_set_device(ctrl, device, warning ? "" : NMNVME_REGISTRY_OWNER, TRUE);
        nmnvme_ctrl_set_ino(ctrl, ino);
        ctrl->seqnum            = seqnum;
        ctrl->connected_at_scan = s->scan_serial;
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_LIVE);
        ctrl->fresh = TRUE;
        nmnvme_backoff_reset(&ctrl->backoff);
        nmnvme_ctrl_set_error(ctrl, NULL);
        ctrl->tls_problem = NMNVME_TLS_PROBLEM_NONE;
        /* the kernel answers a TLS connect only after the admin queue's
         * handshake: secure until a scan reads sysfs (tls_key, tls_mode) */
        nmnvme_ctrl_set_secure(ctrl, ctrl->concat ? "concat" : ctrl->tls ? "tls" : NULL);
        _LOG_IF_I(s->iface,
                  "%s connected%s: %s",
                  ctrl->device,
                  ctrl->concat ? " with DH-HMAC-CHAP and TLS (concat)"
                  : ctrl->tls  ? " with TLS"
                               : "",
                  ctrl->key);
        if (warning && ctrl->ours)
            nmnvme_session_registry_pending(s, ctrl, warning);
        else if (warning)
            _LOG_IF_W(s->iface, "%s", warning);
    } else {
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        if (!cancelled)
            nmnvme_ctrl_set_error(ctrl, error->message);
    }
    if (s->teardown != TEARDOWN_NONE) {
        nmnvme_session_teardown_step(s);
        return;
    }
    if (!ctrl->configured && g_hash_table_size(ctrl->origins) == 0) {
        nmnvme_session_ctrl_retire(ctrl); /* left the log while connecting */
    } else if (ctrl->device) {
        if (ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY)
            nmnvme_session_dc_first_log(ctrl);
    } else if (!cancelled && !session_idle(s) && ctrl->tls &&
               nmnvme_session_tls_connect_failed(ctrl, errsv, error)) {
        /* waits for the missing piece: re-checked, no retry timer */
    } else if (!cancelled && !session_idle(s)) {
        /* EALREADY: the kernel has it already (made by someone else
         * meanwhile); the next scan adopts it, and stops the retry. If the
         * scan cannot see it (unreadable), the retry schedule paces the
         * next attempt: never a loop without a delay. */
        nmnvme_session_ctrl_schedule_retry(ctrl,
                                           ctrl->tls_problem != NMNVME_TLS_PROBLEM_NONE
                                               ? ctrl->error
                                               : error->message);
        if (g_error_matches(error, G_IO_ERROR, g_io_error_from_errno(EALREADY)))
            nmnvme_session_reconcile(s);
    }
    nmnvme_session_ctrl_start_planned(s);
    notify_changed(s);
}

/*****************************************************************************/
/* Planned connects */

/* The kernel makes one controller at a time (one connect worker): a plan's
 * connects are started a few ahead of it, not all at once. Preparing them
 * all would take the CPU from the kernel's first connect (32 controllers
 * under TCG: about 30 ms of the main thread while the first is made); two
 * keep the worker fed (the next is ready when one ends). */
#define NMNVME_CONNECTS_AHEAD 2

void
nmnvme_session_ctrl_plan_connect(NMNvmeCtrl *ctrl)
{
    if (ctrl->planned)
        return;
    ctrl->planned = TRUE;
    g_queue_push_tail(&ctrl->session->planned, nmnvme_ctrl_ref(ctrl));
}

void
nmnvme_session_ctrl_start_planned(NMNvmeSession *s)
{
    while (s->connecting < NMNVME_CONNECTS_AHEAD && !session_idle(s)) {
        g_autoptr(NMNvmeCtrl) ctrl = g_queue_pop_head(&s->planned);

        if (!ctrl)
            return;
        ctrl->planned = FALSE;
        /* retired, adopted or connected otherwise while it waited */
        if (ctrl->session == s && ctrl->state == NMNVME_CTRL_STATE_IDLE && !ctrl->device)
            nmnvme_session_ctrl_connect(ctrl);
    }
}

void
nmnvme_session_ctrl_clear_planned(NMNvmeSession *s)
{
    NMNvmeCtrl *ctrl;

    while ((ctrl = g_queue_pop_head(&s->planned))) {
        ctrl->planned = FALSE;
        nmnvme_ctrl_unref(ctrl);
    }
}

/* (nullable): the NBFT subsystem record a boot controller was made from. */
static const NMNvmeNbftSubsys *
boot_subsys(const NMNvmeSession *s, const NMNvmeCtrl *ctrl)
{
    if (!nmnvme_ctrl_is_boot(ctrl) || !s->nbft)
        return NULL;
    return nmnvme_nbft_find_subsys(s->nbft, ctrl->trid);
}

static char *
build_options(NMNvmeCtrl *ctrl, gint32 tls_key, NMNvmeConnectOptionsFlags flags, GError **error)
{
    NMNvmeSession *s               = ctrl->session;
    g_autoptr(GPtrArray) dropped   = g_ptr_array_new_with_free_func(g_free);
    const NMNvmeNbftSubsys *subsys = boot_subsys(s, ctrl);
    NMNvmeConnectRequest r         = {
              .kind        = ctrl->kind,
              .transport   = nmnvme_trid_get_transport(ctrl->trid),
              .traddr      = nmnvme_trid_get_traddr(ctrl->trid),
              .trsvcid     = nmnvme_trid_get_trsvcid(ctrl->trid),
              .subsysnqn   = nmnvme_trid_get_subsysnqn(ctrl->trid),
              .host_traddr = nmnvme_trid_get_host_traddr(ctrl->trid),
              .host_iface  = nmnvme_trid_get_host_iface(ctrl->trid),
              .hostnqn     = nmnvme_session_ctrl_hostnqn(s, ctrl),
              .hostid      = ctrl_hostid(s, ctrl),
              .settings    = s->settings,
              .hdr_digest  = subsys && subsys->hdr_digest,
              .data_digest = subsys && subsys->data_digest,
              .tls         = ctrl->tls && !ctrl->concat,
              .tls_key     = ctrl->tls && !ctrl->concat ? tls_key : 0,
              .concat      = ctrl->concat,
    };

    return nmnvme_connect_options_build(&r, s->ctx->caps, flags, dropped, error);
}

/*****************************************************************************/
/* Host-wide exclusions */

const char *
nmnvme_session_ctrl_excluded(const NMNvmeSession *s, const NMNvmeCtrl *ctrl)
{
    NMNvmeExclusionTarget t = {
        .transport   = nmnvme_trid_get_transport(ctrl->trid),
        .traddr      = nmnvme_trid_get_traddr(ctrl->trid),
        .trsvcid     = nmnvme_trid_get_trsvcid(ctrl->trid),
        .nqn         = nmnvme_trid_get_subsysnqn(ctrl->trid),
        .host_traddr = nmnvme_trid_get_host_traddr(ctrl->trid),
        .host_iface  = nmnvme_trid_get_host_iface(ctrl->trid),
        .hostnqn     = nmnvme_session_ctrl_hostnqn(s, ctrl),
        .hostid      = ctrl_hostid(s, ctrl),
    };

    return nmnvme_exclusions_match(s->ctx->exclusions, &t);
}

/* Whether the host-wide list forbids connecting @ctrl now; logged when
 * that changes. */
static gboolean
check_excluded(NMNvmeSession *s, NMNvmeCtrl *ctrl)
{
    const char *by = nmnvme_session_ctrl_excluded(s, ctrl);

    if (g_strcmp0(by, ctrl->excluded) != 0 && by)
        _LOG_IF_I(s->iface, "%s: excluded host-wide by %s, not connected", ctrl->key, by);
    else if (g_strcmp0(by, ctrl->excluded) != 0)
        _LOG_IF_I(s->iface, "%s: no longer excluded host-wide", ctrl->key);
    g_free(ctrl->excluded);
    ctrl->excluded = g_strdup(by);
    return by != NULL;
}

void
nmnvme_session_ctrl_stop_excluded(NMNvmeSession *s)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->device || !check_excluded(s, ctrl))
                continue;
            /* a queued connect is never written, a retry timer stops; a
             * connect the kernel is doing finishes (on_connected()) */
            nmnvme_ctrl_cancel(ctrl);
            if (ctrl->state == NMNVME_CTRL_STATE_RETRY_WAIT ||
                ctrl->state == NMNVME_CTRL_STATE_FAILED)
                nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        }
    }
}

void
nmnvme_session_ctrl_connect(NMNvmeCtrl *ctrl)
{
    if (check_excluded(ctrl->session, ctrl)) {
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        return;
    }
    if (nmnvme_session_tls_prepare(ctrl))
        nmnvme_session_ctrl_connect_now(ctrl, 0);
}

void
nmnvme_session_ctrl_connect_now(NMNvmeCtrl *ctrl, gint32 tls_key)
{
    NMNvmeSession *s                    = ctrl->session;
    g_autoptr(GError) error             = NULL;
    g_autofree char *options            = NULL;
    g_autofree char *shown              = NULL;
    g_autoptr(NMNvmeConnectIntent) intent = NULL;

    options = build_options(ctrl, tls_key, NMNVME_CONNECT_OPTIONS_WITH_SECRETS, &error);
    if (!options) {
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_FAILED);
        nmnvme_ctrl_set_error(ctrl, error->message);
        _LOG_IF_W(s->iface, "%s: %s, ignoring", ctrl->key, error->message);
        return;
    }
    if (g_log_get_debug_enabled()) { /* a second build, only to be shown */
        shown = build_options(ctrl, tls_key, NMNVME_CONNECT_OPTIONS_MASK_SECRETS, NULL);
        _LOG_IF_D(s->iface, "connecting %s: %s", ctrl->key, shown);
    }
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_CONNECTING);
    s->pending++;
    /* saved by the worker right before its write: a daemon killed during
     * it leaves what the next one needs to know the controller is ours. A
     * boot controller needs none: it is never ours, and the NBFT names it
     * (never disconnected, used after a restart). */
    if (!nmnvme_ctrl_is_boot(ctrl))
        intent = nmnvme_connect_intent_new(ctrl->trid, nmnvme_session_ctrl_hostnqn(s, ctrl), s->iface);
    nmnvme_fabrics_connect_async(s->ctx->fabrics,
                                 options,
                                 ctrl->key,
                                 nmnvme_ctrl_is_boot(ctrl) ? NMNVME_NBFT_OWNER
                                                           : NMNVME_REGISTRY_OWNER,
                                 intent,
                                 ctrl->cancellable,
                                 on_connected,
                                 nmnvme_ctrl_ref(ctrl));
    explicit_bzero(options, strlen(options));
}
