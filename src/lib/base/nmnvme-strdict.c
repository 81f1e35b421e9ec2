/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-strdict.c: string tables to and from `a{ss}`.
 */
#include "config.h"

#include "nmnvme-strdict.h"

#include "nmnvme-secret.h"

GVariant *
nmnvme_strdict_to_variant(GHashTable *table)
{
    GVariantBuilder b;
    GHashTableIter  iter;
    gpointer        key;
    gpointer        value;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_variant_builder_add(&b, "{ss}", key, value);
    return g_variant_builder_end(&b);
}

GHashTable *
nmnvme_strdict_from_variant(GVariant *dict)
{
    GHashTable  *table = nmnvme_secret_dict_new();
    GVariantIter iter;
    char        *key;
    char        *value;

    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_next(&iter, "{ss}", &key, &value))
        g_hash_table_insert(table, key, value);
    return table;
}
