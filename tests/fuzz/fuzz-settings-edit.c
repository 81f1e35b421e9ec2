/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-settings-edit.c: nmcli-style edits of a stored dictionary
 * (nmnvme-settings-edit.h), from nm-nvme's command line and the D-Bus
 * Configure call. Input: the stored dictionary as KEY=VALUE lines, then
 * NUL-separated the edit's words (PROPERTY VALUE ...). Properties: an
 * edit that succeeds gives a dictionary the schema accepts (and whose
 * settings round-trip, fuzz-settings-common.h) with the keys outside
 * `nvme.` carried over untouched; the stored one is never changed.
 */
#include "config.h"

#include <string.h>

#include "fuzz-settings-common.h"
#include "fuzz-util.h"
#include "nmnvme-settings-edit.h"

static GHashTable *
dict_from_lines(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", 32);
    GHashTable *dict    = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');

        if (eq)
            g_hash_table_insert(dict, g_strndup(lines[i], eq - lines[i]), g_strdup(eq + 1));
    }
    return dict;
}

static void
check_others_kept(GHashTable *before, GHashTable *after)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, before);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (!g_str_has_prefix(key, "nvme."))
            FUZZ_CHECK(g_strcmp0(value, g_hash_table_lookup(after, key)) == 0,
                       "the edit changed the foreign key '%s'",
                       (const char *) key);
    }
    g_hash_table_iter_init(&iter, after);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (!g_str_has_prefix(key, "nvme."))
            FUZZ_CHECK(g_hash_table_contains(before, key),
                       "the edit added the foreign key '%s'",
                       (const char *) key);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields           = fuzz_fields(data, size, 1, 17);
    g_autoptr(GHashTable) stored   = dict_from_lines(fields[0]);
    g_autoptr(GHashTable) pristine = dict_from_lines(fields[0]);
    g_autoptr(GError) error        = NULL;
    g_autoptr(GHashTable) edited   = NULL;
    g_autoptr(NMNvmeSettings) set  = NULL;

    edited = nmnvme_settings_edit(stored, (const char *const *) fields + 1, &error);
    FUZZ_CHECK(fuzz_dict_equal(stored, pristine), "the edit changed the stored dictionary");
    if (!edited) {
        FUZZ_CHECK(error && error->message && *error->message, "failure without message");
        return 0;
    }
    check_others_kept(stored, edited);
    set = fuzz_check_settings_data(edited);
    FUZZ_CHECK(set, "an accepted edit gives settings the schema rejects");
    return 0;
}
