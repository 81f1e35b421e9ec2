/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-connection.c: the `nvme.*` settings of a NetworkManager profile
 * through libnm: lookup, validated edit, commit, reapply, and the view that
 * `nm-nvme connection show` prints. libnm's asynchronous calls are waited
 * for on the default main context (a command line tool may block).
 */
#include "config.h"

#include "nmnvme-cli-connection.h"

#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"
#include "nmnvme-nm-connection.h"
#include "nmnvme-settings-edit.h"
#include "nmnvme-settings.h"

/* ---- waiting for libnm ---------------------------------------------------- */

void
nmnvme_cli_store_result(GObject *source, GAsyncResult *result, gpointer user_data)
{
    *(GAsyncResult **) user_data = g_object_ref(result);
}

/* (transfer full): the result of the call that was given store_result and
 * @slot, once it has come. */
GAsyncResult *
nmnvme_cli_wait_result(GAsyncResult **slot)
{
    while (!*slot)
        g_main_context_iteration(NULL, TRUE);
    return g_steal_pointer(slot);
}

/* ---- lookup --------------------------------------------------------------- */

static gboolean
fail_spec(const char *spec, const char *what, GError **error)
{
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_INVALID_ARGUMENT,
                "'%s': %s (give a connection UUID, name or interface)",
                spec,
                what);
    return FALSE;
}

typedef const char *(*ProfileField)(NMConnection *connection);

/* The one profile whose @field is @spec, or %NULL (@ambiguous set when
 * there are more). */
static NMRemoteConnection *
find_unique(NMClient *client, ProfileField field, const char *spec, gboolean *ambiguous)
{
    const GPtrArray    *all   = nm_client_get_connections(client);
    NMRemoteConnection *found = NULL;

    for (guint i = 0; i < all->len; i++) {
        NMRemoteConnection *c = all->pdata[i];

        if (g_strcmp0(field(NM_CONNECTION(c)), spec) != 0)
            continue;
        *ambiguous = found != NULL;
        if (found)
            return NULL;
        found = c;
    }
    return found;
}

/* The profile active on interface @spec, else the one bound to it. */
static NMRemoteConnection *
find_by_interface(NMClient *client, const char *spec, gboolean *ambiguous)
{
    NMDevice           *device = nm_client_get_device_by_iface(client, spec);
    NMActiveConnection *active = device ? nm_device_get_active_connection(device) : NULL;

    if (active && nm_active_connection_get_connection(active))
        return nm_active_connection_get_connection(active);
    return find_unique(client, nm_connection_get_interface_name, spec, ambiguous);
}

NMRemoteConnection *
nmnvme_cli_connection_find(NMClient *client, const char *spec, GError **error)
{
    NMRemoteConnection *found     = nm_client_get_connection_by_uuid(client, spec);
    gboolean            ambiguous = FALSE;

    if (!found)
        found = find_unique(client, nm_connection_get_id, spec, &ambiguous);
    if (!found && !ambiguous)
        found = find_by_interface(client, spec, &ambiguous);
    if (ambiguous) {
        fail_spec(spec, "more than one connection matches; give its UUID", error);
        return NULL;
    }
    if (!found) {
        fail_spec(spec, "no such connection", error);
        return NULL;
    }
    return g_object_ref(found);
}

/* ---- saving --------------------------------------------------------------- */

/* Refuses secrets in @args: user.data is no secret store. */
static gboolean
check_no_secret(const char *const *args, GError **error)
{
    for (guint i = 0; args[i] && args[i + 1]; i += 2) {
        const char              *name = args[i] + (args[i][0] == '+' || args[i][0] == '-');
        g_autofree char         *full = g_str_has_prefix(name, "nvme.")
                                            ? g_strdup(name)
                                            : g_strconcat("nvme.", name, NULL);
        const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(full);

        if (info && info->type == NMNVME_TYPE_SECRET && *args[i + 1]) {
            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_INVALID_SETTING,
                        "%s: not stored in user.data, which every local user can read "
                        "through NetworkManager; secrets (DH-HMAC-CHAP, TLS PSK) belong in "
                        "the secrets of an nvme VPN-style profile",
                        full);
            return FALSE;
        }
    }
    return TRUE;
}

/* Reapplies the saved profile on every device where it is active. */
static gboolean
reapply(NMClient *client, NMRemoteConnection *remote, GStrv *out_reapplied, GError **error)
{
    const GPtrArray *active  = nm_client_get_active_connections(client);
    g_autoptr(GStrvBuilder) names = g_strv_builder_new();

    for (guint i = 0; i < active->len; i++) {
        const GPtrArray *devices;

        if (nm_active_connection_get_connection(active->pdata[i]) != remote)
            continue;
        devices = nm_active_connection_get_devices(active->pdata[i]);
        for (guint d = 0; d < devices->len; d++) {
            NMDevice *device              = devices->pdata[d];
            g_autoptr(GAsyncResult) slot  = NULL;
            g_autoptr(GAsyncResult) done  = NULL;

            nm_device_reapply_async(device, NULL, 0, 0, NULL, nmnvme_cli_store_result, &slot);
            done = nmnvme_cli_wait_result(&slot);
            if (!nm_device_reapply_finish(device, done, error)) {
                g_prefix_error(error,
                               "saved, but reapplying on %s failed: ",
                               nm_device_get_iface(device));
                return FALSE;
            }
            g_strv_builder_add(names, nm_device_get_iface(device));
        }
    }
    *out_reapplied = g_strv_builder_end(names);
    return TRUE;
}

gboolean
nmnvme_cli_connection_commit(NMRemoteConnection *remote, NMConnection *connection, GError **error)
{
    g_autoptr(GVariant) settings = g_variant_ref_sink(nm_connection_to_dbus(connection, NM_CONNECTION_SERIALIZE_ALL));
    g_autoptr(GAsyncResult) slot = NULL;
    g_autoptr(GAsyncResult) done = NULL;
    g_autoptr(GVariant) reply    = NULL;

    nm_remote_connection_update2(remote,
                                 settings,
                                 NM_SETTINGS_UPDATE2_FLAG_NONE,
                                 NULL,
                                 NULL,
                                 nmnvme_cli_store_result,
                                 &slot);
    done  = nmnvme_cli_wait_result(&slot);
    reply = nm_remote_connection_update2_finish(remote, done, error);
    if (!reply) {
        g_prefix_error(error, "NetworkManager did not save the connection: ");
        return FALSE;
    }
    return TRUE;
}

gboolean
nmnvme_cli_connection_save(NMClient           *client,
                           NMRemoteConnection *remote,
                           GHashTable         *data,
                           GStrv              *out_reapplied,
                           GError            **error)
{
    g_autoptr(NMConnection) copy = nm_simple_connection_new_clone(NM_CONNECTION(remote));

    return nmnvme_nm_connection_set_user_data(copy, data, error) &&
           nmnvme_cli_connection_commit(remote, copy, error) &&
           reapply(client, remote, out_reapplied, error);
}

gboolean
nmnvme_cli_connection_modify(NMClient           *client,
                             NMRemoteConnection *remote,
                             const char *const  *args,
                             GStrv              *out_reapplied,
                             GError            **error)
{
    g_autoptr(GHashTable) data   = NULL;
    g_autoptr(GHashTable) edited = NULL;

    if (!check_no_secret(args, error))
        return FALSE;
    data   = nmnvme_nm_connection_get_user_data(NM_CONNECTION(remote));
    edited = nmnvme_settings_edit(data, args, error);
    return edited && nmnvme_cli_connection_save(client, remote, edited, out_reapplied, error);
}

gboolean
nmnvme_cli_connection_clear(NMClient           *client,
                            NMRemoteConnection *remote,
                            GStrv              *out_reapplied,
                            GError            **error)
{
    g_autoptr(GHashTable) data    = nmnvme_nm_connection_get_user_data(NM_CONNECTION(remote));
    g_autoptr(GHashTable) cleared = nmnvme_settings_data_clear(data);

    return nmnvme_cli_connection_save(client, remote, cleared, out_reapplied, error);
}

/* ---- showing -------------------------------------------------------------- */

GVariant *
nmnvme_cli_connection_view(NMRemoteConnection *remote)
{
    NMConnection   *connection = NM_CONNECTION(remote);
    g_autoptr(GHashTable) data = nmnvme_nm_connection_get_user_data(connection);
    GVariantBuilder settings;
    GVariantDict    view;
    GHashTableIter  iter;
    gpointer        key, value;

    g_variant_builder_init(&settings, G_VARIANT_TYPE("a{ss}"));
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(key);

        if (!g_str_has_prefix(key, "nvme."))
            continue;
        if (info && info->type == NMNVME_TYPE_SECRET)
            value = (gpointer) NMNVME_SECRET_MASK;
        g_variant_builder_add(&settings, "{ss}", key, value);
    }
    g_variant_dict_init(&view, NULL);
    g_variant_dict_insert(&view, "id", "s", nm_connection_get_id(connection));
    g_variant_dict_insert(&view, "uuid", "s", nm_connection_get_uuid(connection));
    g_variant_dict_insert_value(&view, "settings", g_variant_builder_end(&settings));
    return g_variant_ref_sink(g_variant_dict_end(&view));
}

char *
nmnvme_cli_connection_format(GVariant *view)
{
    GString    *out = g_string_new(NULL);
    const char *id = NULL, *uuid = NULL;
    g_autoptr(GVariant) settings = g_variant_lookup_value(view, "settings", NULL);

    g_variant_lookup(view, "id", "&s", &id);
    g_variant_lookup(view, "uuid", "&s", &uuid);
    /* nmcli's layout: the value in column 41 */
    g_string_append_printf(out, "%-40s%s\n%-40s%s\n", "connection.id:", id, "connection.uuid:", uuid);
    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const char      *name  = nmnvme_setting_info(k)->name;
        const char      *value = NULL;
        g_autofree char *label = g_strconcat(name, ":", NULL);

        g_variant_lookup(settings, name, "&s", &value);
        g_string_append_printf(out, "%-40s%s\n", label, value ? value : "--");
    }
    return g_string_free(out, FALSE);
}
