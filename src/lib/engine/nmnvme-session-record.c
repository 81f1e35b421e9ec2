/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-record.c: a session in the ownership record
 * (nmnvme-state.h) and back: what the engine persists under /run/nm-nvme,
 * and the session of an earlier run restored from it (its controllers are
 * adopted back once the kernel shows they are still the same).
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include "nmnvme-error.h"
#include "nmnvme-registry.h"
#include "nmnvme-strdict.h"
#include "nmnvme-trid.h"

static NMNvmeCtrl *
ctrl_from_record(NMNvmeSession *s, GVariant *record)
{
    GVariantDict            d;
    const char             *kind = "", *device = "", *transport = "", *traddr = "";
    const char             *trsvcid = "", *nqn = "", *host_iface = "", *host_traddr = "";
    const char             *own_hostnqn = NULL, *own_hostid = NULL;
    gboolean                boot        = FALSE;
    g_autoptr(NMNvmeTrid) plain         = NULL;
    const char             *registry_owner = NULL;
    g_autofree const char **origins = NULL;
    g_autoptr(NMNvmeTrid) trid      = NULL;
    gboolean    ours                = TRUE; /* records before the registry */
    guint64     ino                 = 0;    /* records before the inode */
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
    g_variant_dict_lookup(&d, "hostnqn", "&s", &own_hostnqn);
    g_variant_dict_lookup(&d, "hostid", "&s", &own_hostid);
    g_variant_dict_lookup(&d, "boot", "b", &boot);
    g_variant_dict_lookup(&d, "origins", "^a&s", &origins);
    g_variant_dict_lookup(&d, "ours", "b", &ours);
    g_variant_dict_lookup(&d, "sysfs-ino", "t", &ino);
    g_variant_dict_lookup(&d, "registry-owner", "&s", &registry_owner);
    g_variant_dict_clear(&d);
    if (!*transport || !*traddr || !*nqn || !*device)
        return NULL;
    plain = nmnvme_trid_new(transport,
                            traddr,
                            *trsvcid ? trsvcid : NULL,
                            nqn,
                            *host_traddr ? host_traddr : NULL,
                            *host_iface ? host_iface : NULL);
    trid  = nmnvme_trid_new_with_host(plain,
                                      own_hostnqn && *own_hostnqn ? own_hostnqn : NULL,
                                      own_hostid && *own_hostid ? own_hostid : NULL,
                                      boot);
    ctrl = nmnvme_session_ctrl_get_or_add(
        s,
        g_strcmp0(kind, "discovery") == 0 ? NMNVME_CTRL_KIND_DISCOVERY : NMNVME_CTRL_KIND_IO,
        trid);
    /* the owner is read by the first scan (none while suspended); until
     * then, what we recorded */
    if (!registry_owner)
        registry_owner = ours ? NMNVME_REGISTRY_OWNER : "";
    nmnvme_ctrl_set_device(ctrl, device, registry_owner, ours);
    nmnvme_ctrl_set_ino(ctrl, ino);
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_LIVE);
    for (guint i = 0; origins && origins[i]; i++)
        g_hash_table_add(ctrl->origins, g_strdup(origins[i]));
    return ctrl;
}

static NMNvmeSettings *
settings_from_record(GVariantDict *d, GError **error)
{
    g_autoptr(GVariant) dict = g_variant_dict_lookup_value(d, "settings", G_VARIANT_TYPE("a{ss}"));
    g_autoptr(GHashTable) table = NULL;

    if (!dict) {
        nmnvme_error_invalid(error, "state record without settings");
        return NULL;
    }
    table = nmnvme_strdict_from_variant(dict);
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
    s = nmnvme_session_alloc(ctx, iface, owner, settings);
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
    nmnvme_session_zeroconf_sync(s);
    nmnvme_session_reconcile(s);
    return s;
}

static GVariant *
record_new(const char           *iface,
           const char           *owner,
           gboolean              suspended,
           const NMNvmeSettings *settings,
           GVariant             *ctrls)
{
    GVariantDict d;

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "interface", "s", iface);
    g_variant_dict_insert(&d, "owner", "s", owner);
    g_variant_dict_insert(&d, "suspended", "b", suspended);
    g_variant_dict_insert_value(
        &d,
        "settings",
        nmnvme_session_settings_to_variant(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS));
    g_variant_dict_insert_value(&d, "controllers", ctrls);
    return g_variant_dict_end(&d);
}

GVariant *
nmnvme_session_to_record(const NMNvmeSession *s)
{
    GVariantBuilder ctrls;

    g_variant_builder_init(&ctrls, G_VARIANT_TYPE("aa{sv}"));
    for (guint k = 0; k < N_KINDS; k++) {
        g_autoptr(GVariant) list = g_variant_ref_sink(
            nmnvme_session_ctrls_to_variant(s->ctrls[k], TRUE, nmnvme_ctrl_to_record));
        GVariantIter iter;
        GVariant    *child;

        g_variant_iter_init(&iter, list);
        while ((child = g_variant_iter_next_value(&iter))) {
            g_variant_builder_add_value(&ctrls, child);
            g_variant_unref(child);
        }
    }
    return record_new(s->iface, s->owner, s->suspended, s->settings, g_variant_builder_end(&ctrls));
}

GVariant *
nmnvme_session_pending_to_record(const char           *iface,
                                 const char           *owner,
                                 const NMNvmeSettings *settings)
{
    return record_new(iface,
                      owner,
                      FALSE,
                      settings,
                      g_variant_new_array(G_VARIANT_TYPE("a{sv}"), NULL, 0));
}
