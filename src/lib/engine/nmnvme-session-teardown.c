/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-teardown.c: how a session stops: stopping its work
 * (timers, scans, queued connects; also on a link loss), and the teardown
 * of a detach: drain (connects in flight, TP8010 deregistrations), then
 * disconnect the I/O controllers, then the discovery controllers. The
 * deregistrations have a deadline (NMNVME_SESSION_DEREGISTER_TIMEOUT_MS):
 * one hung discovery controller must not keep the session in its teardown
 * (and an Attach queued behind it) for the kernel's admin timeout.
 */
#include "config.h"

#include "nmnvme-session-private.h"

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
    else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _LOG_IF_W(s->iface,
                  "%s: no answer to the deregistration within %u s, going on",
                  dc->key,
                  NMNVME_SESSION_DEREGISTER_TIMEOUT_MS / 1000);
    else
        _LOG_IF_W(s->iface, "%s: deregistration failed: %s, ignoring", dc->key, error->message);
    dc->registered = FALSE;
    s->pending--;
    nmnvme_session_teardown_step(s);
}

static gboolean
on_deregister_timeout(gpointer user_data)
{
    NMNvmeSession *s = user_data;

    g_clear_pointer(&s->deregister_timeout, g_source_unref);
    g_cancellable_cancel(s->deregistering);
    return G_SOURCE_REMOVE;
}

static void
deregister_all(NMNvmeSession *s)
{
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    s->deregistering = g_cancellable_new();
    nmnvme_source_start_timeout(&s->deregister_timeout,
                                NMNVME_SESSION_DEREGISTER_TIMEOUT_MS,
                                on_deregister_timeout,
                                s);
    g_hash_table_iter_init(&iter, s->ctrls[NMNVME_CTRL_KIND_DISCOVERY]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        if (!dc->device || !dc->registered)
            continue;
        s->pending++;
        nmnvme_fabrics_register_async(s->ctx->fabrics,
                                      dc->device,
                                      NMNVME_DIM_DEREGISTER,
                                      s->ctx->host,
                                      s->deregistering,
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
        if (nmnvme_session_ctrl_disconnect(s, ctrl, TRUE))
            s->pending++;
    }
}

/* Advances the teardown whenever nothing of the current phase is pending:
 * drain (connects in flight, deregistrations) → I/O controllers → discovery
 * controllers → done. */
void
nmnvme_session_teardown_step(NMNvmeSession *s)
{
    while (s->pending == 0 && s->teardown != TEARDOWN_NONE && s->teardown != TEARDOWN_DONE) {
        switch (s->teardown) {
        case TEARDOWN_DRAIN:
            nmnvme_source_clear(&s->deregister_timeout);
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
void
nmnvme_session_stop_work(NMNvmeSession *s)
{
    g_cancellable_cancel(s->cancellable);
    g_object_unref(s->cancellable);
    s->cancellable     = g_cancellable_new();
    s->reconcile_busy  = FALSE;
    s->reconcile_again = FALSE;
    nmnvme_source_clear(&s->scan_retry);
    nmnvme_source_clear(&s->registry_retry); /* a scan re-arms it */
    g_clear_pointer(&s->zeroconf, nmnvme_zeroconf_free);
    nmnvme_session_ctrl_clear_planned(s);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            nmnvme_ctrl_cancel(ctrl);
            if (ctrl->state == NMNVME_CTRL_STATE_RETRY_WAIT ||
                ctrl->state == NMNVME_CTRL_STATE_TLS_WAIT)
                nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
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
    nmnvme_session_stop_work(s);
    if (deregister)
        deregister_all(s);
    nmnvme_session_teardown_step(s);
}

gboolean
nmnvme_session_teardown_finish(NMNvmeSession *s, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}
