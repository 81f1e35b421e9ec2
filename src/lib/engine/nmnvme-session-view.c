/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-view.c: the session's status view (GetSessions,
 * SessionChanged; no secrets), its discovery logs by key (GetDiscoveryLog,
 * nmnvme-log-view.h), and the pieces of the view that the ownership record
 * shares (controllers and settings as variants).
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-strdict.h"

static gint
compare_ctrls(const NMNvmeCtrl *a, const NMNvmeCtrl *b)
{
    return strcmp(a->key, b->key);
}

static gint
compare_ctrl_keys(gconstpointer a, gconstpointer b)
{
    return compare_ctrls(*(NMNvmeCtrl *const *) a, *(NMNvmeCtrl *const *) b);
}

GVariant *
nmnvme_session_ctrls_to_variant(GHashTable *table,
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

/* (transfer floating): @settings as an `a{ss}`. */
GVariant *
nmnvme_session_settings_to_variant(const NMNvmeSettings        *settings,
                                   NMNvmeSettingsSerializeFlags flags)
{
    g_autoptr(GHashTable) data = nmnvme_settings_to_data(settings, flags);

    return nmnvme_strdict_to_variant(data);
}

static const char *
session_state(const NMNvmeSession *s)
{
    if (s->teardown != TEARDOWN_NONE)
        return "stopping";
    return s->suspended ? "suspended" : "active";
}

/* Controllers with a device that are not ours (nmnvme-ownership.h). */
static guint
count_used_not_owned(const NMNvmeSession *s)
{
    guint n = 0;

    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl))
            n += ctrl->device && !ctrl->ours;
    }
    return n;
}

static GVariant *
excluded_to_variant(const NMNvmeCtrl *ctrl, const char *by)
{
    GVariantDict d;
    const char  *trsvcid    = nmnvme_trid_get_trsvcid(ctrl->trid);
    const char  *host_iface = nmnvme_trid_get_host_iface(ctrl->trid);

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "kind", "s", nmnvme_ctrl_kind_to_string(ctrl->kind));
    g_variant_dict_insert(&d, "transport", "s", nmnvme_trid_get_transport(ctrl->trid));
    g_variant_dict_insert(&d, "traddr", "s", nmnvme_trid_get_traddr(ctrl->trid));
    g_variant_dict_insert(&d, "trsvcid", "s", trsvcid ? trsvcid : "");
    g_variant_dict_insert(&d, "subsysnqn", "s", nmnvme_trid_get_subsysnqn(ctrl->trid));
    g_variant_dict_insert(&d, "host-iface", "s", host_iface ? host_iface : "");
    g_variant_dict_insert(&d, "excluded-by", "s", by);
    return g_variant_dict_end(&d);
}

/* The wanted controllers the host-wide exclusion list names. */
static GVariant *
excluded_list(const NMNvmeSession *s)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint k = 0; k < N_KINDS; k++) {
        g_autoptr(GList) ctrls = g_list_sort(g_hash_table_get_values(s->ctrls[k]),
                                             (GCompareFunc) compare_ctrls);

        for (GList *l = ctrls; l; l = l->next) {
            const char *by = nmnvme_session_ctrl_excluded(s, l->data);

            if (by)
                g_variant_builder_add_value(&b, excluded_to_variant(l->data, by));
        }
    }
    return g_variant_builder_end(&b);
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
        nmnvme_session_settings_to_variant(s->settings, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS));
    g_variant_dict_insert_value(
        &d,
        "discovery-controllers",
        nmnvme_session_ctrls_to_variant(s->ctrls[NMNVME_CTRL_KIND_DISCOVERY],
                                        FALSE,
                                        nmnvme_ctrl_to_variant));
    g_variant_dict_insert_value(&d,
                                "io-controllers",
                                nmnvme_session_ctrls_to_variant(s->ctrls[NMNVME_CTRL_KIND_IO],
                                                                FALSE,
                                                                nmnvme_ctrl_to_variant));
    g_variant_dict_insert(&d, "used-not-owned", "u", count_used_not_owned(s));
    g_variant_dict_insert(&d, "nbft-hfi", "u", s->hfi_index);
    g_variant_dict_insert_value(&d, "excluded", excluded_list(s));
    if (s->zeroconf)
        g_variant_dict_insert_value(&d, "zeroconf", nmnvme_zeroconf_to_variant(s->zeroconf));
    return g_variant_dict_end(&d);
}

gboolean
nmnvme_session_lookup_log(const NMNvmeSession       *s,
                          const char                *dc_key,
                          const NMNvmeDiscoveryLog **out_log,
                          GError                   **error)
{
    const NMNvmeCtrl *dc = g_hash_table_lookup(s->ctrls[NMNVME_CTRL_KIND_DISCOVERY], dc_key);

    if (!dc) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "dc_key: no discovery controller '%s' in the session of '%s'",
                    dc_key,
                    s->iface);
        return FALSE;
    }
    *out_log = dc->log;
    return TRUE;
}
