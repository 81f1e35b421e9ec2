/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ctrl.c: the controller object's lifetime and its views (a
 * discovery controller's log entries: nmnvme-log-view.c).
 */
#include "config.h"

#include "nmnvme-ctrl.h"

#include "nmnvme-source.h"

#include "nmnvme-log-view.h"

NMNvmeCtrl *
nmnvme_ctrl_new(NMNvmeSession *session, NMNvmeCtrlKind kind, NMNvmeTrid *trid)
{
    NMNvmeCtrl *ctrl = g_atomic_rc_box_new0(NMNvmeCtrl);

    ctrl->session     = session;
    ctrl->kind        = kind;
    ctrl->trid        = trid;
    ctrl->key         = nmnvme_trid_to_string(trid);
    ctrl->origins     = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ctrl->cancellable = g_cancellable_new();
    nmnvme_backoff_init(&ctrl->backoff, 0);
    return ctrl;
}

NMNvmeCtrl *
nmnvme_ctrl_ref(NMNvmeCtrl *ctrl)
{
    return g_atomic_rc_box_acquire(ctrl);
}

static void
ctrl_clear(NMNvmeCtrl *ctrl)
{
    nmnvme_source_clear(&ctrl->retry);
    g_clear_object(&ctrl->cancellable);
    nmnvme_trid_free(ctrl->trid);
    g_free(ctrl->key);
    g_free(ctrl->device);
    g_free(ctrl->owner);
    g_free(ctrl->excluded);
    g_hash_table_unref(ctrl->origins);
    g_free(ctrl->error);
    g_free(ctrl->secure);
    nmnvme_discovery_log_free(ctrl->log);
}

void
nmnvme_ctrl_unref(NMNvmeCtrl *ctrl)
{
    if (ctrl)
        g_atomic_rc_box_release_full(ctrl, (GDestroyNotify) ctrl_clear);
}

void
nmnvme_ctrl_cancel(NMNvmeCtrl *ctrl)
{
    nmnvme_source_clear(&ctrl->retry);
    g_cancellable_cancel(ctrl->cancellable);
    g_object_unref(ctrl->cancellable);
    ctrl->cancellable = g_cancellable_new();
    ctrl->log_busy    = FALSE;
    ctrl->log_again   = FALSE;
}

void
nmnvme_ctrl_set_device(NMNvmeCtrl *ctrl, const char *device, const char *owner, gboolean ours)
{
    if (g_strcmp0(ctrl->device, device) != 0) {
        ctrl->ino              = 0;
        ctrl->seqnum           = 0;
        ctrl->registry_pending = FALSE;
    }
    g_free(ctrl->device);
    g_free(ctrl->owner);
    ctrl->device = g_strdup(device);
    ctrl->owner  = g_strdup(device ? owner : NULL);
    ctrl->ours   = device && ours;
    if (!ctrl->ours)
        ctrl->registry_pending = FALSE;
}

void
nmnvme_ctrl_set_ino(NMNvmeCtrl *ctrl, guint64 ino)
{
    ctrl->ino = ctrl->device ? ino : 0;
}

void
nmnvme_ctrl_set_secure(NMNvmeCtrl *ctrl, const char *secure)
{
    if (g_strcmp0(ctrl->secure, secure) == 0)
        return;
    g_free(ctrl->secure);
    ctrl->secure = g_strdup(secure);
}

void
nmnvme_ctrl_set_error(NMNvmeCtrl *ctrl, const char *message)
{
    g_free(ctrl->error);
    ctrl->error = g_strdup(message);
}

const char *
nmnvme_ctrl_state_to_string(NMNvmeCtrlState state)
{
    switch (state) {
    case NMNVME_CTRL_STATE_IDLE:
        return "idle";
    case NMNVME_CTRL_STATE_CONNECTING:
        return "connecting";
    case NMNVME_CTRL_STATE_LIVE:
        return "live";
    case NMNVME_CTRL_STATE_RETRY_WAIT:
        return "retry-wait";
    case NMNVME_CTRL_STATE_FAILED:
        return "failed";
    case NMNVME_CTRL_STATE_DISCONNECTING:
        return "disconnecting";
    case NMNVME_CTRL_STATE_TLS_WAIT:
        return "tls-wait";
    }
    g_return_val_if_reached("unknown");
}

const char *
nmnvme_ctrl_kind_to_string(NMNvmeCtrlKind kind)
{
    switch (kind) {
    case NMNVME_CTRL_KIND_DISCOVERY:
        return "discovery";
    case NMNVME_CTRL_KIND_IO:
        return "io";
    }
    g_return_val_if_reached("unknown");
}

gboolean
nmnvme_ctrl_is_boot(const NMNvmeCtrl *ctrl)
{
    return nmnvme_trid_get_any_host(ctrl->trid);
}

static void
insert_trid(GVariantDict *d, const NMNvmeTrid *trid)
{
    const char *host_iface  = nmnvme_trid_get_host_iface(trid);
    const char *host_traddr = nmnvme_trid_get_host_traddr(trid);
    const char *trsvcid     = nmnvme_trid_get_trsvcid(trid);
    const char *own_hostnqn = nmnvme_trid_get_hostnqn(trid);
    const char *own_hostid  = nmnvme_trid_get_hostid(trid);

    g_variant_dict_insert(d, "transport", "s", nmnvme_trid_get_transport(trid));
    g_variant_dict_insert(d, "traddr", "s", nmnvme_trid_get_traddr(trid));
    g_variant_dict_insert(d, "trsvcid", "s", trsvcid ? trsvcid : "");
    g_variant_dict_insert(d, "subsysnqn", "s", nmnvme_trid_get_subsysnqn(trid));
    g_variant_dict_insert(d, "host-iface", "s", host_iface ? host_iface : "");
    g_variant_dict_insert(d, "host-traddr", "s", host_traddr ? host_traddr : "");
    /* a host identity of its own (the NBFT's; not a secret), "": the
     * engine's */
    g_variant_dict_insert(d, "hostnqn", "s", own_hostnqn ? own_hostnqn : "");
    g_variant_dict_insert(d, "hostid", "s", own_hostid ? own_hostid : "");
    g_variant_dict_insert(d, "boot", "b", nmnvme_trid_get_any_host(trid));
}

GVariant *
nmnvme_ctrl_to_variant(const NMNvmeCtrl *ctrl)
{
    GVariantDict d;

    g_variant_dict_init(&d, NULL);
    insert_trid(&d, ctrl->trid);
    g_variant_dict_insert(&d, "key", "s", ctrl->key);
    g_variant_dict_insert(&d, "kind", "s", nmnvme_ctrl_kind_to_string(ctrl->kind));
    g_variant_dict_insert(&d, "device", "s", ctrl->device ? ctrl->device : "");
    g_variant_dict_insert(&d, "owner", "s", ctrl->device && ctrl->owner ? ctrl->owner : "");
    g_variant_dict_insert(&d, "ours", "b", ctrl->device && ctrl->ours);
    g_variant_dict_insert(&d, "state", "s", nmnvme_ctrl_state_to_string(ctrl->state));
    g_variant_dict_insert(&d, "configured", "b", ctrl->configured);
    g_variant_dict_insert(&d, "attempts", "u", nmnvme_backoff_attempts(&ctrl->backoff));
    g_variant_dict_insert(&d, "error", "s", ctrl->error ? ctrl->error : "");
    /* TLS: what the device runs ("tls", "concat", "": in the clear), and
     * why a controller to be secured is not connected (a word of
     * nmnvme_tls_problem_to_string(), "": none) */
    g_variant_dict_insert(&d, "tls", "s", ctrl->device && ctrl->secure ? ctrl->secure : "");
    g_variant_dict_insert(&d, "tls-problem", "s", nmnvme_tls_problem_to_string(ctrl->tls_problem));
    if (ctrl->kind == NMNVME_CTRL_KIND_IO) {
        g_variant_dict_insert(&d, "ncc", "b", ctrl->ncc);
        return g_variant_dict_end(&d);
    }
    g_variant_dict_insert(&d,
                          "dctype",
                          "s",
                          ctrl->log && ctrl->log->dctype ? ctrl->log->dctype : "");
    g_variant_dict_insert(&d, "registered", "b", ctrl->registered);
    g_variant_dict_insert(&d, "pleo", "b", ctrl->log && ctrl->log->pleo);
    g_variant_dict_insert(&d, "genctr", "t", ctrl->log ? ctrl->log->genctr : (guint64) 0);
    g_variant_dict_insert(&d, "log-entry-count", "u", nmnvme_log_view_count(ctrl->log));
    return g_variant_dict_end(&d);
}

GVariant *
nmnvme_ctrl_to_record(const NMNvmeCtrl *ctrl)
{
    GVariantDict            d;
    g_autofree const char **origins =
        (const char **) g_hash_table_get_keys_as_array(ctrl->origins, NULL);

    g_variant_dict_init(&d, NULL);
    insert_trid(&d, ctrl->trid);
    g_variant_dict_insert(&d, "kind", "s", nmnvme_ctrl_kind_to_string(ctrl->kind));
    g_variant_dict_insert(&d, "device", "s", ctrl->device ? ctrl->device : "");
    g_variant_dict_insert_value(&d, "origins", g_variant_new_strv(origins, -1));
    g_variant_dict_insert(&d, "ours", "b", ctrl->ours);
    g_variant_dict_insert(&d, "registry-owner", "s", ctrl->owner ? ctrl->owner : "");
    if (ctrl->ino)
        g_variant_dict_insert(&d, "sysfs-ino", "t", ctrl->ino);
    return g_variant_dict_end(&d);
}
