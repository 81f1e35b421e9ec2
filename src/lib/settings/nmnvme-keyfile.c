/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-keyfile.c: the `[user]` group of a NetworkManager keyfile. Key
 * names in that group are written by NetworkManager's nm_keyfile_key_encode(),
 * which turns characters a key file cannot hold (such as '=') into "\XX"
 * hex escapes; they are decoded here. Values are plain key file strings.
 */
#include "config.h"

#include "nmnvme-keyfile.h"

#include <string.h>

#define USER_GROUP "user"

/* (transfer full): @key with every "\XX" hex escape decoded. */
static char *
key_decode(const char *key)
{
    GString *out = g_string_sized_new(strlen(key));

    for (const char *p = key; *p; p++) {
        int hi, lo;

        if (p[0] == '\\' && (hi = g_ascii_xdigit_value(p[1])) >= 0
            && (lo = g_ascii_xdigit_value(p[2])) >= 0 && (hi || lo)) {
            g_string_append_c(out, (char) (hi << 4 | lo));
            p += 2;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

GHashTable *
nmnvme_keyfile_read_user_data(const char *path, GError **error)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GHashTable) data =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) keys = NULL;

    g_return_val_if_fail(path, NULL);

    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, error)) {
        g_prefix_error(error, "%s: ", path);
        return NULL;
    }
    if (!g_key_file_has_group(kf, USER_GROUP))
        return g_steal_pointer(&data);
    keys = g_key_file_get_keys(kf, USER_GROUP, NULL, error);
    if (!keys)
        return NULL;
    for (char **k = keys; *k; k++) {
        char *value = g_key_file_get_string(kf, USER_GROUP, *k, NULL);

        if (value)
            g_hash_table_insert(data, key_decode(*k), value);
    }
    return g_steal_pointer(&data);
}
