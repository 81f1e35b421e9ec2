/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-settings-common.c: the settings properties (fuzz-settings-common.h).
 */
#include "config.h"

#include "fuzz-settings-common.h"

#include <string.h>

#include "fuzz-util.h"

/* Secrets this long are not a word of a message by chance. */
#define SECRET_MIN_CHECKED 24

/* Whether @value is part of another key's value (which may be quoted). */
static gboolean
in_other_value(GHashTable *data, const char *name, const char *value)
{
    GHashTableIter iter;
    gpointer       k, v;

    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &k, &v)) {
        if (!g_str_equal(k, name) && (strstr(v, value) || strstr(k, value)))
            return TRUE;
    }
    return FALSE;
}

/* (transfer full): @text with every other key and value of @data that is
 * long enough to hold a secret blanked out: a message may quote them, and a
 * quoted key next to the message's own punctuation ("KEY: unknown setting")
 * can spell a secret by chance without showing it. */
static char *
without_other_fields(GHashTable *data, const char *name, const char *text)
{
    GString       *s = g_string_new(text);
    GHashTableIter iter;
    gpointer       k, v;

    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &k, &v)) {
        if (g_str_equal(k, name))
            continue;
        if (strlen(k) >= SECRET_MIN_CHECKED)
            g_string_replace(s, k, "\x01", 0);
        if (strlen(v) >= SECRET_MIN_CHECKED)
            g_string_replace(s, v, "\x01", 0);
    }
    return g_string_free(s, FALSE);
}

static void
check_no_secret(GHashTable *data, const char *text, const char *what)
{
    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        const char      *name  = nmnvme_setting_info(key)->name;
        const char      *value = g_hash_table_lookup(data, name);
        g_autofree char *rest  = NULL;

        if (nmnvme_setting_info(key)->type != NMNVME_TYPE_SECRET || !value || strlen(value) < SECRET_MIN_CHECKED || in_other_value(data, name, value))
            continue;
        rest = without_other_fields(data, name, text);
        FUZZ_CHECK(!strstr(rest, value), "%s shows %s's value: %s", what, name, text);
    }
}

gboolean
fuzz_dict_equal(GHashTable *a, GHashTable *b)
{
    GHashTableIter iter;
    gpointer       key, value;

    if (g_hash_table_size(a) != g_hash_table_size(b))
        return FALSE;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_strcmp0(value, g_hash_table_lookup(b, key)) != 0)
            return FALSE;
    }
    return TRUE;
}

NMNvmeSettings *
fuzz_check_settings_data(GHashTable *data)
{
    g_autoptr(GError) error            = NULL;
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, &error);
    g_autoptr(NMNvmeSettings) again    = NULL;
    g_autoptr(GHashTable) canon        = NULL;
    g_autoptr(GHashTable) canon2       = NULL;
    g_autofree char *text              = NULL;

    if (!settings) {
        FUZZ_CHECK(error && error->message && *error->message, "rejection without message");
        check_no_secret(data, error->message, "the error");
        return NULL;
    }
    text = nmnvme_settings_to_string(settings);
    check_no_secret(data, text, "the debug string");
    canon = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    again = nmnvme_settings_new_from_data(canon, &error);
    FUZZ_CHECK(again, "canonical settings do not parse: %s", error ? error->message : "");
    FUZZ_CHECK(nmnvme_settings_equal(settings, again),
               "canonical settings parse to others: %s",
               text);
    canon2 = nmnvme_settings_to_data(again, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    FUZZ_CHECK(fuzz_dict_equal(canon, canon2), "canonical settings are not canonical: %s", text);
    return g_steal_pointer(&settings);
}
