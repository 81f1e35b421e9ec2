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

#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-utf8.h"

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

/* Adds @key of the [user] group, decoded, to @data; both must be UTF-8
 * (GKeyFile checks values, not keys, and "\XX" escapes decode to any
 * byte). */
static gboolean
read_user_key(GKeyFile *kf, const char *key, GHashTable *data, GError **error)
{
    g_autofree char *name  = key_decode(key);
    g_autoptr(NMNvmeSecret) value = NULL;
    g_autoptr(GError) local       = NULL;

    if (!nmnvme_utf8_check_key("[" USER_GROUP "]", name, error))
        return FALSE;
    value = g_key_file_get_string(kf, USER_GROUP, key, &local);
    if (!value) {
        /* GKeyFile's message would show the value's bytes, maybe a secret's */
        if (g_error_matches(local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
            return nmnvme_error_invalid(error, "[" USER_GROUP "] %s: value is not valid UTF-8", name);
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    }
    g_hash_table_insert(data, g_steal_pointer(&name), g_steal_pointer(&value));
    return TRUE;
}

GHashTable *
nmnvme_keyfile_read_user_data(const char *path, GError **error)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GHashTable) data = nmnvme_secret_dict_new();
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
        if (!read_user_key(kf, *k, data, error)) {
            g_prefix_error(error, "%s: ", path);
            return NULL;
        }
    }
    return g_steal_pointer(&data);
}
