/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-log.c: a discovery log read page by page, one generation.
 */
#include "config.h"

#include "nmnvme-cli-log.h"

#include "nmnvme-cli-output.h"
#include "nmnvme-error.h"

#define VARDICT_ARRAY G_VARIANT_TYPE("aa{sv}")

/* One reading from offset 0 to the end. Returns the entries (floating), or
 * %NULL: with @error on failure, without when the log changed meanwhile. */
static GVariant *
read_once(const char          *iface,
          const char          *dc_key,
          guint                limit,
          NMNvmeCliLogPageFunc fetch,
          gpointer             user_data,
          GError             **error)
{
    g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT(VARDICT_ARRAY);
    guint   offset            = 0;
    guint   total             = 0;
    guint64 genctr            = 0;

    do {
        g_autoptr(GVariant) page = NULL;
        guint   page_total       = 0;
        guint64 page_genctr      = 0;
        gsize   n;

        if (!fetch(iface,
                   dc_key,
                   offset,
                   limit,
                   &page,
                   &page_total,
                   &page_genctr,
                   user_data,
                   error))
            return NULL;
        if (offset == 0) {
            total  = page_total;
            genctr = page_genctr;
        }
        n = g_variant_n_children(page);
        if (page_total != total || page_genctr != genctr || (n == 0 && offset < total))
            return NULL; /* another generation: start over */
        for (gsize i = 0; i < n; i++) {
            g_autoptr(GVariant) entry = g_variant_get_child_value(page, i);

            g_variant_builder_add_value(&b, entry);
        }
        offset += n;
    } while (offset < total);
    return g_variant_builder_end(&b);
}

GVariant *
nmnvme_cli_log_collect(const char          *iface,
                       const char          *dc_key,
                       guint                limit,
                       NMNvmeCliLogPageFunc fetch,
                       gpointer             user_data,
                       GError             **error)
{
    g_return_val_if_fail(fetch && limit > 0, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    for (guint attempt = 0; attempt < NMNVME_CLI_LOG_ATTEMPTS; attempt++) {
        g_autoptr(GError) local = NULL;
        GVariant *entries       = read_once(iface, dc_key, limit, fetch, user_data, &local);

        if (entries)
            return g_variant_ref_sink(entries);
        if (local) {
            g_propagate_error(error, g_steal_pointer(&local));
            return NULL;
        }
    }
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_FAILED,
                "the discovery log of '%s' on %s changed during each of %u readings",
                dc_key,
                iface,
                NMNVME_CLI_LOG_ATTEMPTS);
    return NULL;
}

/* (transfer full): @dc with its whole log as "log-entries", or %NULL. */
static GVariant *
fill_row(GVariant *dc, guint limit, NMNvmeCliLogPageFunc fetch, gpointer user_data, GError **error)
{
    const char *iface           = "";
    const char *key             = "";
    g_autoptr(GVariant) entries = NULL;

    g_variant_lookup(dc, "interface", "&s", &iface);
    g_variant_lookup(dc, "key", "&s", &key);
    entries = nmnvme_cli_log_collect(iface, key, limit, fetch, user_data, error);
    if (!entries)
        return NULL;
    return g_variant_ref_sink(nmnvme_cli_row_add(dc, "log-entries", entries));
}

GVariant *
nmnvme_cli_log_fill(GVariant            *discovery,
                    guint                limit,
                    NMNvmeCliLogPageFunc fetch,
                    gpointer             user_data,
                    GError             **error)
{
    g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT(VARDICT_ARRAY);

    g_return_val_if_fail(g_variant_is_of_type(discovery, VARDICT_ARRAY), NULL);

    for (gsize i = 0; i < g_variant_n_children(discovery); i++) {
        g_autoptr(GVariant) dc  = g_variant_get_child_value(discovery, i);
        g_autoptr(GVariant) row = fill_row(dc, limit, fetch, user_data, error);

        if (!row)
            return NULL;
        g_variant_builder_add_value(&b, row);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}
