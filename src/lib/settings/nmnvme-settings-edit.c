/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-settings-edit.c: nmcli-style edits (set, +append, -remove) of a
 * stored settings dictionary, validated as a whole by the schema. List items
 * are compared in canonical form, so `-nvme.discovery nvme+tcp://10.0.0.1`
 * removes the stored `nvme+tcp://10.0.0.1:8009`.
 */
#include "config.h"

#include "nmnvme-settings-edit.h"

#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-settings.h"
#include "nmnvme-utf8.h"

#define PREFIX "nvme."

typedef enum {
    EDIT_SET,
    EDIT_APPEND,
    EDIT_REMOVE,
} EditOp;

static GHashTable *
data_new(void)
{
    return nmnvme_secret_dict_new();
}

static GHashTable *
data_copy(GHashTable *data, gboolean with_nvme)
{
    GHashTable    *copy = data_new();
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (with_nvme || !g_str_has_prefix(key, PREFIX))
            g_hash_table_insert(copy, g_strdup(key), g_strdup(value));
    }
    return copy;
}

static gboolean
is_list(const NMNvmeSettingInfo *info)
{
    return info->type == NMNVME_TYPE_URI_LIST || info->type == NMNVME_TYPE_FILTER_LIST;
}

/* (transfer full): the canonical items of @value for the list key @info. */
static GStrv
canonical_items(const NMNvmeSettingInfo *info, const char *value, GError **error)
{
    g_autoptr(GHashTable) one          = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GHashTable) canonical    = NULL;
    const char *text;

    g_hash_table_insert(one, (gpointer) info->name, (gpointer) value);
    settings = nmnvme_settings_new_from_data(one, error);
    if (!settings)
        return NULL;
    canonical = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    text      = g_hash_table_lookup(canonical, info->name);
    return text && *text ? g_strsplit(text, " ", -1) : g_new0(char *, 1);
}

/* Stores @items as the value of @info in @data, or unsets it when empty. */
static void
store_items(GHashTable *data, const NMNvmeSettingInfo *info, GStrv items)
{
    if (!items[0])
        g_hash_table_remove(data, info->name);
    else
        g_hash_table_insert(data, g_strdup(info->name), g_strjoinv(" ", items));
}

static gboolean
edit_list(GHashTable *data, const NMNvmeSettingInfo *info, EditOp op, const char *value,
          GError **error)
{
    const char *stored       = g_hash_table_lookup(data, info->name);
    g_auto(GStrv) old_items  = canonical_items(info, stored ? stored : "", error);
    g_auto(GStrv) edit_items = old_items ? canonical_items(info, value, error) : NULL;
    g_autoptr(GStrvBuilder) result = g_strv_builder_new();
    g_auto(GStrv) items            = NULL;

    if (!edit_items)
        return FALSE;
    for (char **o = old_items; *o; o++) {
        if (op == EDIT_APPEND || !g_strv_contains((const char *const *) edit_items, *o))
            g_strv_builder_add(result, *o);
    }
    for (char **e = edit_items; *e; e++) {
        if (op == EDIT_APPEND)
            g_strv_builder_add(result, *e);
        else if (!g_strv_contains((const char *const *) old_items, *e))
            return nmnvme_error_invalid(error, "%s: '%s' is not in the list", info->name, *e);
    }
    items = g_strv_builder_end(result);
    store_items(data, info, items);
    return TRUE;
}

static gboolean
edit_one(GHashTable *data, const char *property, const char *value, GError **error)
{
    EditOp                   op   = EDIT_SET;
    const NMNvmeSettingInfo *info = NULL;
    g_autofree char         *name = NULL;

    if (property[0] == '+' || property[0] == '-') {
        op = property[0] == '+' ? EDIT_APPEND : EDIT_REMOVE;
        property++;
    }
    name = g_str_has_prefix(property, PREFIX) ? g_strdup(property)
                                              : g_strconcat(PREFIX, property, NULL);
    info = nmnvme_setting_info_lookup(name);
    if (op == EDIT_SET || !info) {
        /* an unknown key is the schema's to report, with its hint */
        if (*value)
            g_hash_table_insert(data, g_steal_pointer(&name), g_strdup(value));
        else
            g_hash_table_remove(data, name);
        return TRUE;
    }
    if (!is_list(info)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s: '%c' applies only to list settings (nvme.discovery, "
                    "nvme.controllers, nvme.exclude)",
                    info->name,
                    op == EDIT_APPEND ? '+' : '-');
        return FALSE;
    }
    return edit_list(data, info, op, value, error);
}

/* Replaces the nvme.* keys of @data with their canonical form. */
static gboolean
canonicalize(GHashTable *data, GError **error)
{
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, error);
    g_autoptr(GHashTable) canonical    = NULL;
    GHashTableIter iter;
    gpointer       key, value;

    if (!settings)
        return FALSE;
    canonical = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (g_str_has_prefix(key, PREFIX))
            g_hash_table_iter_remove(&iter);
    }
    g_hash_table_iter_init(&iter, canonical);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (*(const char *) value)
            g_hash_table_insert(data, g_strdup(key), g_strdup(value));
    }
    return TRUE;
}

GHashTable *
nmnvme_settings_edit(GHashTable *data, const char *const *args, GError **error)
{
    g_autoptr(GHashTable) result = NULL;

    g_return_val_if_fail(data && args, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    result = data_copy(data, TRUE);
    for (guint i = 0; args[i]; i += 2) {
        if (!nmnvme_utf8_check_key("argument", args[i], error)
            || !nmnvme_utf8_check_value(args[i], args[i + 1], error))
            return NULL;
        if (!args[i + 1]) {
            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_INVALID_ARGUMENT,
                        "%s: no value given (use \"\" to unset)",
                        args[i]);
            return NULL;
        }
        if (!edit_one(result, args[i], args[i + 1], error))
            return NULL;
    }
    if (!canonicalize(result, error))
        return NULL;
    return g_steal_pointer(&result);
}

GHashTable *
nmnvme_settings_data_clear(GHashTable *data)
{
    g_return_val_if_fail(data, NULL);
    return data_copy(data, FALSE);
}

gboolean
nmnvme_settings_data_has_keys(GHashTable *data)
{
    GHashTableIter iter;
    gpointer       key;

    if (!data)
        return FALSE;
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (g_str_has_prefix(key, PREFIX))
            return TRUE;
    }
    return FALSE;
}
