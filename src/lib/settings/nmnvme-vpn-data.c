/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-data.c: `vpn.data` + `vpn.secrets` <-> one settings dictionary.
 */
#include "config.h"

#include "nmnvme-vpn-data.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-utf8.h"

static GHashTable *
dict_new(void)
{
    return nmnvme_secret_dict_new();
}

static gboolean
is_secret(const char *key)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(key);

    return info && info->type == NMNVME_TYPE_SECRET;
}

/* Whether @key is the flags key of a secret setting. */
static gboolean
is_flags_key(const char *key)
{
    g_autofree char *base = NULL;

    if (!g_str_has_suffix(key, NMNVME_VPN_FLAGS_SUFFIX))
        return FALSE;
    base = g_strndup(key, strlen(key) - strlen(NMNVME_VPN_FLAGS_SUFFIX));
    return is_secret(base);
}

char *
nmnvme_vpn_data_flags_key(NMNvmeKey key)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info(key);

    g_return_val_if_fail(info && info->type == NMNVME_TYPE_SECRET, NULL);
    return g_strconcat(info->name, NMNVME_VPN_FLAGS_SUFFIX, NULL);
}

/* Copies the nvme.* keys of @from into @to; %FALSE with @error when one is a
 * secret and @secrets is FALSE, or not one and @secrets is TRUE. */
static gboolean
copy_keys(GHashTable *to, GHashTable *from, gboolean secrets, GError **error)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, from);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (!nmnvme_utf8_check_key(secrets ? "vpn.secrets" : "vpn.data", key, error)
            || !nmnvme_utf8_check_value(key, value, error))
            return FALSE;
        if (!g_str_has_prefix(key, "nvme.") || (!secrets && is_flags_key(key)))
            continue;
        if (is_secret(key) != secrets)
            return nmnvme_error_invalid(error,
                                        secrets ? "%s: not a secret; it belongs in vpn.data"
                                                : "%s: a secret; it belongs in vpn.secrets, "
                                                  "vpn.data is readable by every local user",
                                        (const char *) key);
        g_hash_table_insert(to, g_strdup(key), g_strdup(value));
    }
    return TRUE;
}

GHashTable *
nmnvme_vpn_data_merge(GHashTable *data, GHashTable *secrets, GError **error)
{
    g_autoptr(GHashTable) merged = dict_new();

    g_return_val_if_fail(data, NULL);

    if (!copy_keys(merged, data, FALSE, error))
        return NULL;
    if (secrets && !copy_keys(merged, secrets, TRUE, error))
        return NULL;
    return g_steal_pointer(&merged);
}

void
nmnvme_vpn_data_split(GHashTable *settings, GHashTable **out_data, GHashTable **out_secrets)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_return_if_fail(settings && out_data && out_secrets);

    *out_data    = dict_new();
    *out_secrets = dict_new();
    g_hash_table_iter_init(&iter, settings);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(is_secret(key) ? *out_secrets : *out_data,
                            g_strdup(key),
                            g_strdup(value));
}
