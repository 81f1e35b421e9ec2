/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf-txt.c: parsing of `_nvme-disc` TXT records: record
 * syntax, then the `p` and `nqn` keys.
 */
#include "config.h"

#include "nmnvme-zeroconf-txt.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

/* `p=` words and the transport each means (nvme-stas's mapping). */
static const struct {
    const char *word;
    const char *transport;
} transports[] = {
    { "tcp", "tcp" },
    { "roce", "rdma" },
    { "iwarp", "rdma" },
    { "rdma", "rdma" },
};

static gboolean
is_printable(const guint8 *data, gsize len)
{
    for (gsize i = 0; i < len; i++) {
        if (data[i] < 0x20 || data[i] > 0x7e)
            return FALSE;
    }
    return TRUE;
}

/* Splits one record into a lower-case key and its value; %FALSE when the
 * record is malformed. */
static gboolean
split_record(GBytes *record, char **out_key, char **out_value)
{
    gsize            len;
    const guint8    *data = g_bytes_get_data(record, &len);
    g_autofree char *text = NULL;
    char            *eq;

    if (len == 0 || !is_printable(data, len))
        return FALSE;
    text = g_strndup((const char *) data, len);
    eq   = strchr(text, '=');
    if (!eq || eq == text || strchr(eq + 1, '='))
        return FALSE;
    *out_key   = g_ascii_strdown(text, eq - text);
    *out_value = g_strdup(eq + 1);
    return TRUE;
}

static const char *
transport_of(const char *word)
{
    for (guint i = 0; i < G_N_ELEMENTS(transports); i++) {
        if (g_ascii_strcasecmp(word, transports[i].word) == 0)
            return transports[i].transport;
    }
    return NULL;
}

/* Key → value of the well-formed records, first occurrence of a key only. */
static GHashTable *
records_to_table(GPtrArray *records, guint *n_ignored)
{
    GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; i < records->len; i++) {
        char *key = NULL, *value = NULL;

        if (!split_record(records->pdata[i], &key, &value)) {
            (*n_ignored)++;
            continue;
        }
        if (g_hash_table_contains(table, key)) {
            (*n_ignored)++;
            g_free(key);
            g_free(value);
            continue;
        }
        g_hash_table_insert(table, key, value);
    }
    return table;
}

NMNvmeZeroconfTxt *
nmnvme_zeroconf_txt_parse(GPtrArray *records, GError **error)
{
    g_autoptr(NMNvmeZeroconfTxt) txt = g_new0(NMNvmeZeroconfTxt, 1);
    g_autoptr(GHashTable) table      = records_to_table(records, &txt->n_ignored);
    const char *p                    = g_hash_table_lookup(table, "p");
    const char *nqn                  = g_hash_table_lookup(table, "nqn");
    const char *transport            = p ? transport_of(p) : NULL;

    if (!p) {
        g_set_error_literal(error,
                            NMNVME_ERROR,
                            NMNVME_ERROR_INVALID_ARGUMENT,
                            "p: missing (no transport announced)");
        return NULL;
    }
    if (!transport) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "p: unknown transport '%s' (tcp, roce, iwarp or rdma expected)",
                    p);
        return NULL;
    }
    txt->transport = g_strdup(transport);
    if (nqn && nmnvme_nqn_validate(nqn, NULL))
        txt->nqn = g_strdup(nqn);
    else if (nqn)
        txt->n_ignored++;
    return g_steal_pointer(&txt);
}

void
nmnvme_zeroconf_txt_free(NMNvmeZeroconfTxt *txt)
{
    if (!txt)
        return;
    g_free(txt->transport);
    g_free(txt->nqn);
    g_free(txt);
}
