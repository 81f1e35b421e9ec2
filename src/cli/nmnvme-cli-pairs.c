/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-pairs.c: KEY=VALUE words to a settings dictionary.
 */
#include "config.h"

#include "nmnvme-cli-pairs.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-settings.h"
#include "nmnvme-utf8.h"

#define PREFIX "nvme."

gboolean
nmnvme_cli_is_secret(const char *key)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(key);

    return info && info->type == NMNVME_TYPE_SECRET;
}

GHashTable *
nmnvme_cli_pairs_parse(const char *const *words, GError **error)
{
    g_autoptr(GHashTable) pairs = nmnvme_secret_dict_new();

    g_return_val_if_fail(words, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    for (const char *const *w = words; *w; w++) {
        const char      *eq  = strchr(*w, '=');
        g_autofree char *key = NULL;

        if (!eq || eq == *w) {
            g_autofree char *shown = nmnvme_utf8_escape(*w);

            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_INVALID_ARGUMENT,
                        "'%s': expected KEY=VALUE, e.g. nvme.kato=30",
                        shown);
            return NULL;
        }
        key = g_strdup_printf("%s%.*s",
                              g_str_has_prefix(*w, PREFIX) ? "" : PREFIX,
                              (int) (eq - *w),
                              *w);
        if (!nmnvme_utf8_check_key("argument", key, error)
            || !nmnvme_utf8_check_value(key, eq + 1, error))
            return NULL;
        if (nmnvme_cli_is_secret(key) && eq[1]) {
            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_INVALID_ARGUMENT,
                        "%s: secrets are not taken as arguments, which every local user "
                        "can read (/proc/PID/cmdline); use --secrets-file FILE (not "
                        "readable by group or others) or --secrets-file - (standard input)",
                        key);
            return NULL;
        }
        if (g_hash_table_contains(pairs, key)) {
            g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT, "%s: given twice", key);
            return NULL;
        }
        g_hash_table_insert(pairs, g_steal_pointer(&key), g_strdup(eq + 1));
    }
    return g_steal_pointer(&pairs);
}
