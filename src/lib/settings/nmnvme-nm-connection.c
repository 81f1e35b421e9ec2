/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nm-connection.c: `user.data` of a NetworkManager profile in and
 * out, checked with libnm's own key and value rules (nm_setting_user_check_key
 * and _check_val) before anything is changed.
 */
#include "config.h"

#include "nmnvme-nm-connection.h"

#include "nmnvme-error.h"
#include "nmnvme-secret.h"

GHashTable *
nmnvme_nm_connection_get_user_data(NMConnection *connection)
{
    GHashTable        *copy = nmnvme_secret_dict_new();
    NMSettingUser     *user;
    const char *const *keys;

    g_return_val_if_fail(NM_IS_CONNECTION(connection), copy);

    user = NM_SETTING_USER(nm_connection_get_setting(connection, NM_TYPE_SETTING_USER));
    if (!user)
        return copy;
    keys = nm_setting_user_get_keys(user, NULL);
    for (guint i = 0; keys && keys[i]; i++)
        g_hash_table_insert(copy,
                            g_strdup(keys[i]),
                            g_strdup(nm_setting_user_get_data(user, keys[i])));
    return copy;
}

/* Whether NetworkManager would store every key and value of @data. */
static gboolean
check_data(GHashTable *data, GError **error)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        g_autoptr(GError) local = NULL;

        if (!nm_setting_user_check_key(key, &local) || !nm_setting_user_check_val(value, &local))
            return nmnvme_error_invalid(error,
                                        "%s: NetworkManager cannot store it in user.data: %s",
                                        (const char *) key,
                                        local->message);
    }
    return TRUE;
}

gboolean
nmnvme_nm_connection_set_user_data(NMConnection *connection, GHashTable *data, GError **error)
{
    g_autoptr(NMSetting) user = NULL;
    GHashTableIter iter;
    gpointer       key, value;

    g_return_val_if_fail(NM_IS_CONNECTION(connection), FALSE);
    g_return_val_if_fail(data, FALSE);

    if (!check_data(data, error))
        return FALSE;
    /* built aside and swapped in whole, so a failure changes nothing */
    user = nm_setting_user_new();
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        g_autoptr(GError) local = NULL;

        /* fails past NetworkManager's limit on the number of keys */
        if (!nm_setting_user_set_data(NM_SETTING_USER(user), key, value, &local))
            return nmnvme_error_invalid(error,
                                        "%s: NetworkManager cannot store it in user.data: %s",
                                        (const char *) key,
                                        local->message);
    }
    nm_connection_remove_setting(connection, NM_TYPE_SETTING_USER);
    if (g_hash_table_size(data) > 0)
        nm_connection_add_setting(connection, g_steal_pointer(&user));
    return TRUE;
}

NMClient *
nmnvme_nm_client_new(GError **error)
{
    return g_initable_new(NM_TYPE_CLIENT,
                          NULL,
                          error,
                          NM_CLIENT_INSTANCE_FLAGS,
                          NM_CLIENT_INSTANCE_FLAGS_NO_AUTO_FETCH_PERMISSIONS,
                          NULL);
}
