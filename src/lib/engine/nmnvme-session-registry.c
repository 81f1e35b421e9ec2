/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-registry.c: our registry entries that could not be
 * written (/run full, ENOSPC). A controller the session connected, or
 * adopted and recorded, stays ours in memory (ctrl->ours, with
 * ctrl->registry_pending); its entry is written again on a timer, 1 s
 * doubling up to 30 s (NMNVME_RUN_RETRY_*_MS), until it is there. One
 * warning per failure streak of the session, one message when it ends.
 * Another owner's entry, written meanwhile, is never replaced: the
 * controller is then not ours any more.
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include "nmnvme-registry.h"

static void registry_schedule(NMNvmeSession *s);

static gboolean
any_pending(NMNvmeSession *s)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->registry_pending && ctrl->ours && ctrl->device)
                return TRUE;
        }
    }
    return FALSE;
}

/* Ends the failure streak once no entry is missing any more. */
static void
registry_check_done(NMNvmeSession *s)
{
    if (any_pending(s) || !s->registry_delay_ms)
        return;
    nmnvme_source_clear(&s->registry_retry);
    s->registry_delay_ms = 0;
    _LOG_IF_I(s->iface, "ownership registry: none of our entries missing any more");
}

/* The entry of a controller no longer pending is no business of ours. */
static void
registry_result(NMNvmeSession *s, NMNvmeCtrl *ctrl, const char *device, GError *error)
{
    if (!error) {
        g_free(ctrl->owner);
        ctrl->owner            = g_strdup(NMNVME_REGISTRY_OWNER);
        ctrl->registry_pending = FALSE;
        _LOG_IF_I(s->iface, "%s in the ownership registry: %s", device, ctrl->key);
        notify_changed(s);
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
        _LOG_IF_I(s->iface, "%s registered by another owner meanwhile: not ours", device);
        nmnvme_ctrl_set_device(ctrl, device, "", FALSE);
        notify_changed(s);
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
        ctrl->registry_pending = FALSE; /* the next scan forgets it */
        _LOG_IF_D(s->iface, "%s", error->message);
    } else {
        _LOG_IF_D(s->iface, "%s not in the ownership registry yet: %s", device, error->message);
    }
    registry_check_done(s);
}

typedef struct {
    NMNvmeCtrl *ctrl;
    char       *device;
} AddData;

static void
on_owner_added(GObject *source, GAsyncResult *result, gpointer user_data)
{
    AddData *d              = user_data;
    g_autoptr(GError) error = NULL;
    NMNvmeSession *s        = d->ctrl->session;

    nmnvme_fabrics_add_owner_finish(NULL, result, &error);
    d->ctrl->registry_busy = FALSE;
    /* still the device it was for, and still waiting for its entry */
    if (s && d->ctrl->registry_pending && g_strcmp0(d->ctrl->device, d->device) == 0)
        registry_result(s, d->ctrl, d->device, error);
    nmnvme_ctrl_unref(d->ctrl);
    g_free(d->device);
    g_free(d);
}

static void
registry_write(NMNvmeSession *s, NMNvmeCtrl *ctrl)
{
    AddData *d = g_new0(AddData, 1);

    d->ctrl             = nmnvme_ctrl_ref(ctrl);
    d->device           = g_strdup(ctrl->device);
    ctrl->registry_busy = TRUE;
    nmnvme_fabrics_add_owner_async(s->ctx->fabrics,
                                   ctrl->device,
                                   ctrl->ino,
                                   ctrl->seqnum,
                                   ctrl->trid,
                                   hostnqn(s),
                                   NULL,
                                   on_owner_added,
                                   d);
}

static gboolean
on_registry_retry(gpointer user_data)
{
    NMNvmeSession *s = user_data;

    g_clear_pointer(&s->registry_retry, g_source_unref);
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->registry_pending && ctrl->ours && ctrl->device && !ctrl->registry_busy &&
                ctrl->state != NMNVME_CTRL_STATE_DISCONNECTING)
                registry_write(s, ctrl);
        }
    }
    /* the next round, should these fail too; stopped once all are written */
    s->registry_delay_ms = MIN(s->registry_delay_ms * 2, NMNVME_RUN_RETRY_MAX_MS);
    registry_schedule(s);
    registry_check_done(s);
    return G_SOURCE_REMOVE;
}

static void
registry_schedule(NMNvmeSession *s)
{
    if (!s->registry_retry && s->teardown == TEARDOWN_NONE)
        nmnvme_source_start_timeout(&s->registry_retry, s->registry_delay_ms, on_registry_retry, s);
}

void
nmnvme_session_registry_pending(NMNvmeSession *s, NMNvmeCtrl *ctrl, const char *why)
{
    if (!s->registry_delay_ms) {
        if (why)
            _LOG_IF_W(s->iface, "%s; kept as ours, retrying", why);
        else
            _LOG_IF_W(s->iface,
                      "%s has no entry in the ownership registry; kept as ours, retrying",
                      ctrl->device);
        s->registry_delay_ms = NMNVME_RUN_RETRY_FIRST_MS;
    } else if (!ctrl->registry_pending) {
        _LOG_IF_D(s->iface, "%s not in the ownership registry either", ctrl->device);
    }
    ctrl->registry_pending = TRUE;
    registry_schedule(s);
}
