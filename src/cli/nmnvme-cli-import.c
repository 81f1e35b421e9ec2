/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-import.c: a migration plan applied to NetworkManager's
 * profiles through libnm (nmnvme-cli-import.h): prepare every interface's
 * change, validated with the schema, then save them.
 */
#include "config.h"

#include "nmnvme-cli-import.h"

#include "nmnvme-cli-connection.h"
#include "nmnvme-error.h"
#include "nmnvme-nm-connection.h"
#include "nmnvme-settings-edit.h"
#include "nmnvme-settings.h"
#include "nmnvme-vpn-data.h"

#define VPN_SERVICE "org.freedesktop.NetworkManager.nvme"

/* One interface's change, ready to save. */
typedef struct {
    const NMNvmeMigrateIface *iface;
    NMRemoteConnection       *base;    /* the interface's profile */
    GHashTable               *data;    /* user.data: the base's new one */
    NMRemoteConnection       *vpn;     /* secrets: the existing nvme-IFACE, or NULL */
    NMConnection             *vpn_new; /* secrets: its new settings */
} Step;

static void
step_free(Step *s)
{
    g_clear_object(&s->base);
    g_clear_pointer(&s->data, g_hash_table_unref);
    g_clear_object(&s->vpn);
    g_clear_object(&s->vpn_new);
    g_free(s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Step, step_free)

static char *
vpn_id(const NMNvmeMigrateIface *iface)
{
    return g_strdup_printf("nvme-%s", iface->iface);
}

static NMRemoteConnection *
find_vpn(NMClient *client, const NMNvmeMigrateIface *iface)
{
    g_autofree char    *id = vpn_id(iface);
    NMRemoteConnection *c  = nm_client_get_connection_by_id(client, id);

    return c ? g_object_ref(c) : NULL;
}

GHashTable *
nmnvme_cli_import_targets(NMClient *client, const NMNvmeMigratePlan *plan)
{
    GHashTable *targets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; i < plan->ifaces->len; i++) {
        const NMNvmeMigrateIface *iface = plan->ifaces->pdata[i];
        g_autoptr(GError) error         = NULL;
        g_autoptr(NMRemoteConnection) b = nmnvme_cli_connection_find(client, iface->iface, &error);
        g_autoptr(NMRemoteConnection) v = find_vpn(client, iface);
        g_autofree char *id             = vpn_id(iface);
        char            *text;

        if (!b)
            text =
                g_strdup_printf("no NetworkManager profile (%s): --apply refuses", error->message);
        else if (iface->has_secrets)
            text = g_strdup_printf("%s nvme VPN-style profile \"%s\" (secrets in vpn.secrets, "
                                   "root only), a secondary of profile \"%s\"",
                                   v ? "the" : "a new",
                                   id,
                                   nm_connection_get_id(NM_CONNECTION(b)));
        else
            text = g_strdup_printf("user.data of profile \"%s\" (%s)",
                                   nm_connection_get_id(NM_CONNECTION(b)),
                                   nm_connection_get_uuid(NM_CONNECTION(b)));
        g_hash_table_insert(targets, g_strdup(iface->iface), text);
    }
    return targets;
}

/* The base's user.data with the plan's keys set over it. */
static gboolean
prepare_user_data(Step *s, GError **error)
{
    GHashTableIter  iter;
    gpointer        key, value;
    NMNvmeSettings *settings;

    s->data = nmnvme_nm_connection_get_user_data(NM_CONNECTION(s->base));
    g_hash_table_iter_init(&iter, s->iface->settings);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(s->data, g_strdup(key), g_strdup(value));
    settings = nmnvme_settings_new_from_data(s->data, error);
    if (!settings)
        return FALSE;
    nmnvme_settings_unref(settings);
    return TRUE;
}

static void
add_items(NMSettingVpn *vpn, GHashTable *items, gboolean secrets)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, items);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (secrets) {
            g_autofree char *flags = g_strconcat(key, NMNVME_VPN_FLAGS_SUFFIX, NULL);

            nm_setting_vpn_add_secret(vpn, key, value);
            nm_setting_vpn_add_data_item(vpn, flags, "0"); /* system-owned */
        } else {
            nm_setting_vpn_add_data_item(vpn, key, value);
        }
    }
}

/* The nvme-IFACE profile's new settings: the plan's keys only. */
static gboolean
prepare_vpn(Step *s, NMClient *client, GError **error)
{
    g_autoptr(GHashTable) data    = NULL;
    g_autoptr(GHashTable) secrets = NULL;
    g_autofree char     *id       = vpn_id(s->iface);
    NMSettingConnection *s_con;
    NMSettingVpn        *s_vpn;
    g_autoptr(GHashTable) user = nmnvme_nm_connection_get_user_data(NM_CONNECTION(s->base));

    /* two owners for one interface: the administrator says which */
    if (nmnvme_settings_data_has_keys(user)) {
        g_set_error(
            error,
            NMNVME_ERROR,
            NMNVME_ERROR_INVALID_ARGUMENT,
            "the profile has nvme.* keys in user.data already; the secrets need an nvme "
            "profile, which would manage the interface too (nm-nvme connection clear first)");
        return FALSE;
    }
    s->vpn = find_vpn(client, s->iface);
    s->vpn_new =
        s->vpn ? nm_simple_connection_new_clone(NM_CONNECTION(s->vpn)) : nm_simple_connection_new();
    if (!s->vpn) {
        g_autofree char *uuid = nm_utils_uuid_generate();

        s_con = NM_SETTING_CONNECTION(nm_setting_connection_new());
        g_object_set(s_con,
                     NM_SETTING_CONNECTION_ID,
                     id,
                     NM_SETTING_CONNECTION_UUID,
                     uuid,
                     NM_SETTING_CONNECTION_TYPE,
                     NM_SETTING_VPN_SETTING_NAME,
                     NM_SETTING_CONNECTION_AUTOCONNECT,
                     FALSE,
                     NULL);
        nm_connection_add_setting(s->vpn_new, NM_SETTING(s_con));
        nm_connection_add_setting(s->vpn_new, nm_setting_ip4_config_new());
        nm_connection_add_setting(s->vpn_new, nm_setting_ip6_config_new());
        /* as nmcli-examples/07-nvme-profile.sh: no route to the gateway
         * NetworkManager makes the service report */
        g_object_set(nm_connection_get_setting_ip4_config(s->vpn_new),
                     NM_SETTING_IP_CONFIG_METHOD,
                     NM_SETTING_IP4_CONFIG_METHOD_AUTO,
                     NM_SETTING_IP_CONFIG_AUTO_ROUTE_EXT_GW,
                     NM_TERNARY_FALSE,
                     NULL);
        g_object_set(nm_connection_get_setting_ip6_config(s->vpn_new),
                     NM_SETTING_IP_CONFIG_METHOD,
                     NM_SETTING_IP6_CONFIG_METHOD_AUTO,
                     NM_SETTING_IP_CONFIG_AUTO_ROUTE_EXT_GW,
                     NM_TERNARY_FALSE,
                     NULL);
    }
    s_vpn = NM_SETTING_VPN(nm_setting_vpn_new());
    g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, VPN_SERVICE, NULL);
    nmnvme_vpn_data_split(s->iface->settings, &data, &secrets);
    add_items(s_vpn, data, FALSE);
    add_items(s_vpn, secrets, TRUE);
    nm_connection_add_setting(s->vpn_new, NM_SETTING(s_vpn));
    return nm_connection_normalize(s->vpn_new, NULL, NULL, error);
}

static Step *
prepare(NMClient *client, const NMNvmeMigrateIface *iface, GError **error)
{
    g_autoptr(Step) s = g_new0(Step, 1);
    gboolean ok;

    s->iface = iface;
    s->base  = nmnvme_cli_connection_find(client, iface->iface, error);
    if (!s->base)
        return NULL;
    ok = iface->has_secrets ? prepare_vpn(s, client, error) : prepare_user_data(s, error);
    if (!ok) {
        g_prefix_error(error,
                       "%s (profile \"%s\"): ",
                       iface->iface,
                       nm_connection_get_id(NM_CONNECTION(s->base)));
        return NULL;
    }
    return g_steal_pointer(&s);
}

/* (nullable): @remote's activation that has a device, if it is active. */
static NMActiveConnection *
active_on_device(NMClient *client, NMRemoteConnection *remote)
{
    const GPtrArray *active = nm_client_get_active_connections(client);

    for (guint i = 0; i < active->len; i++) {
        const GPtrArray *devices = nm_active_connection_get_devices(active->pdata[i]);

        if (nm_active_connection_get_connection(active->pdata[i]) == remote && devices->len > 0)
            return active->pdata[i];
    }
    return NULL;
}

/* Adds or updates nvme-IFACE; (transfer full) the saved profile. */
static NMRemoteConnection *
save_vpn(NMClient *client, Step *s, GError **error)
{
    g_autoptr(GAsyncResult) slot = NULL;
    g_autoptr(GAsyncResult) done = NULL;

    if (s->vpn)
        return nmnvme_cli_connection_commit(s->vpn, s->vpn_new, error) ? g_object_ref(s->vpn)
                                                                       : NULL;
    nm_client_add_connection2(client,
                              nm_connection_to_dbus(s->vpn_new, NM_CONNECTION_SERIALIZE_ALL),
                              NM_SETTINGS_ADD_CONNECTION2_FLAG_TO_DISK,
                              NULL,
                              FALSE,
                              NULL,
                              nmnvme_cli_store_result,
                              &slot);
    done = nmnvme_cli_wait_result(&slot);
    return nm_client_add_connection2_finish(client, done, NULL, error);
}

/* The base profile brings nvme-IFACE up with it (connection.secondaries). */
static gboolean
add_secondary(Step *s, const char *uuid, GError **error)
{
    g_autoptr(NMConnection) copy = nm_simple_connection_new_clone(NM_CONNECTION(s->base));
    NMSettingConnection *s_con   = nm_connection_get_setting_connection(copy);

    for (guint i = 0; i < nm_setting_connection_get_num_secondaries(s_con); i++) {
        if (g_strcmp0(nm_setting_connection_get_secondary(s_con, i), uuid) == 0)
            return TRUE;
    }
    nm_setting_connection_add_secondary(s_con, uuid);
    return nmnvme_cli_connection_commit(s->base, copy, error);
}

/* @vpn up on top of @base's activation (its device, and its path as the
 * "specific object": without it NetworkManager takes the primary
 * connection as the VPN's parent, or fails when there is none). */
static gboolean
activate(NMClient *client, NMRemoteConnection *vpn, NMActiveConnection *base, GError **error)
{
    g_autoptr(GAsyncResult) slot     = NULL;
    g_autoptr(GAsyncResult) done     = NULL;
    g_autoptr(NMActiveConnection) ac = NULL;

    nm_client_activate_connection_async(client,
                                        NM_CONNECTION(vpn),
                                        nm_active_connection_get_devices(base)->pdata[0],
                                        nm_object_get_path(NM_OBJECT(base)),
                                        NULL,
                                        nmnvme_cli_store_result,
                                        &slot);
    done = nmnvme_cli_wait_result(&slot);
    ac   = nm_client_activate_connection_finish(client, done, error);
    return ac != NULL;
}

/* g_strv_builder_take() is GLib 2.80. */
static void
add_line(GStrvBuilder *builder, char *line)
{
    g_strv_builder_add(builder, line);
    g_free(line);
}

static gboolean
save_step(NMClient *client, Step *s, GStrvBuilder *done, GError **error)
{
    g_autoptr(NMRemoteConnection) vpn = NULL;
    g_auto(GStrv) reapplied           = NULL;
    NMActiveConnection *base;

    if (!s->iface->has_secrets) {
        if (!nmnvme_cli_connection_save(client, s->base, s->data, &reapplied, error))
            return FALSE;
        add_line(done,
                 g_strdup_printf("%s: saved user.data of \"%s\"%s%s",
                                 s->iface->iface,
                                 nm_connection_get_id(NM_CONNECTION(s->base)),
                                 reapplied[0] ? ", reapplied on " : "",
                                 reapplied[0] ? reapplied[0] : ""));
        return TRUE;
    }
    vpn = save_vpn(client, s, error);
    if (!vpn || !add_secondary(s, nm_connection_get_uuid(NM_CONNECTION(vpn)), error))
        return FALSE;
    /* brought up where the base is up, unless it is up already */
    base = active_on_device(client, vpn) ? NULL : active_on_device(client, s->base);
    if (base && !activate(client, vpn, base, error))
        return FALSE;
    add_line(done,
             g_strdup_printf("%s: saved \"%s\", a secondary of \"%s\"%s",
                             s->iface->iface,
                             nm_connection_get_id(NM_CONNECTION(vpn)),
                             nm_connection_get_id(NM_CONNECTION(s->base)),
                             base ? ", activated" : ""));
    return TRUE;
}

gboolean
nmnvme_cli_import_apply(NMClient                *client,
                        const NMNvmeMigratePlan *plan,
                        GStrv                   *out_done,
                        GError                 **error)
{
    g_autoptr(GPtrArray) steps   = g_ptr_array_new_with_free_func((GDestroyNotify) step_free);
    g_autoptr(GStrvBuilder) done = g_strv_builder_new();

    for (guint i = 0; i < plan->ifaces->len; i++) {
        Step *s = prepare(client, plan->ifaces->pdata[i], error);

        if (!s) {
            g_prefix_error(error, "nothing saved: ");
            return FALSE;
        }
        g_ptr_array_add(steps, s);
    }
    for (guint i = 0; i < steps->len; i++) {
        if (!save_step(client, steps->pdata[i], done, error)) {
            g_prefix_error(error, "%s: ", ((Step *) steps->pdata[i])->iface->iface);
            *out_done = g_strv_builder_end(done);
            return FALSE;
        }
    }
    *out_done = g_strv_builder_end(done);
    return TRUE;
}
