/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-nbft.c: `nm-nvme nbft`: the GetNbft dictionary as a person
 * reads it.
 */
#include "config.h"

#include "nmnvme-cli-nbft.h"

#include "nmnvme-cli-output.h"

static const NMNvmeCliColumn hfi_columns[] = {
    { "INDEX", "index", NULL },
    { "MAC", "mac", NULL },
    { "VLAN", "vlan-text", NULL },
    { "IP", "address", NULL },
    { "GATEWAY", "gateway", NULL },
    { "DHCP", "dhcp", NULL },
    { "INTERFACE", "interface", "(none)" },
};

static const NMNvmeCliColumn subsys_columns[] = {
    { "INDEX", "index", NULL },         { "HFI", "hfi-list", NULL },
    { "TRANSPORT", "transport", NULL }, { "TRADDR", "traddr", NULL },
    { "TRSVCID", "trsvcid", "4420" },   { "NQN", "nqn", NULL },
    { "NSID", "nsid", NULL },           { "CONNECTED", "connected", NULL },
    { "DEVICE", "device", NULL },       { "OWNER", "owner", "-" },
};

static const NMNvmeCliColumn discovery_columns[] = {
    { "INDEX", "index", NULL },
    { "HFI", "hfi", NULL },
    { "URI", "uri", NULL },
    { "NQN", "nqn", "(well-known)" },
    { "CONNECTED", "connected", NULL },
    { "DEVICE", "device", NULL },
    { "OWNER", "owner", "-" },
};

/* (transfer floating): an HFI's row: "address" IP/PREFIX, "vlan-text"
 * the VLAN ID or "" for none. */
static GVariant *
hfi_row(GVariant *hfi)
{
    const char      *ip        = "";
    guint32          prefix    = 0;
    guint16          vlan      = 0;
    g_autofree char *address   = NULL;
    g_autofree char *vlan_text = NULL;
    g_autoptr(GVariant) row    = NULL;

    g_variant_lookup(hfi, "ip", "&s", &ip);
    g_variant_lookup(hfi, "prefix", "u", &prefix);
    g_variant_lookup(hfi, "vlan", "q", &vlan);
    address   = *ip ? g_strdup_printf("%s/%u", ip, prefix) : g_strdup("");
    vlan_text = vlan ? g_strdup_printf("%u", vlan) : g_strdup("");
    row = g_variant_ref_sink(nmnvme_cli_row_add(hfi, "address", g_variant_new_string(address)));
    return nmnvme_cli_row_add(row, "vlan-text", g_variant_new_string(vlan_text));
}

/* (transfer floating): a subsystem's row: "hfi-list" its HFIs, "1,2". */
static GVariant *
subsys_row(GVariant *subsys)
{
    g_autoptr(GVariant) hfis = g_variant_lookup_value(subsys, "hfis", G_VARIANT_TYPE("au"));
    g_autoptr(GString) list  = g_string_new(NULL);

    for (gsize i = 0; hfis && i < g_variant_n_children(hfis); i++) {
        guint32 index;

        g_variant_get_child(hfis, i, "u", &index);
        g_string_append_printf(list, "%s%u", i ? "," : "", index);
    }
    return nmnvme_cli_row_add(subsys, "hfi-list", g_variant_new_string(list->str));
}

/* Appends the table of the records under @key, titled, with @row_func
 * making each row (NULL: the record as it is). */
static void
append_section(GString    *out,
               GVariant   *nbft,
               const char *key,
               const char *title,
               GVariant *(*row_func)(GVariant *record),
               const NMNvmeCliColumn *columns,
               gsize                  n_columns)
{
    g_autoptr(GVariant) records = g_variant_lookup_value(nbft, key, G_VARIANT_TYPE("aa{sv}"));
    g_autoptr(GVariant) rows    = NULL;
    g_autofree char *table      = NULL;
    GVariantBuilder  b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (gsize i = 0; records && i < g_variant_n_children(records); i++) {
        g_autoptr(GVariant) record = g_variant_get_child_value(records, i);

        g_variant_builder_add_value(&b, row_func ? row_func(record) : record);
    }
    rows = g_variant_ref_sink(g_variant_builder_end(&b));
    g_string_append_printf(out, "\n%s:\n", title);
    if (g_variant_n_children(rows) == 0) {
        g_string_append(out, "(none)\n");
        return;
    }
    table = nmnvme_cli_format_columns(rows, columns, n_columns);
    g_string_append(out, table);
}

static const char *
lookup_text(GVariant *nbft, const char *key)
{
    const char *text = "";

    g_variant_lookup(nbft, key, "&s", &text);
    return *text ? text : "--";
}

char *
nmnvme_cli_nbft_format(GVariant *nbft)
{
    GString *out       = g_string_new(NULL);
    gboolean available = FALSE;

    g_return_val_if_fail(g_variant_is_of_type(nbft, G_VARIANT_TYPE_VARDICT), NULL);

    g_variant_lookup(nbft, "available", "b", &available);
    if (!available) {
        g_string_append_printf(out, "NBFT not available: %s\n", lookup_text(nbft, "reason"));
        return g_string_free(out, FALSE);
    }
    g_string_append_printf(out, "NBFT:     %s\n", lookup_text(nbft, "source"));
    g_string_append_printf(out, "Host NQN: %s\n", lookup_text(nbft, "host-nqn"));
    g_string_append_printf(out, "Host ID:  %s\n", lookup_text(nbft, "host-id"));
    append_section(out,
                   nbft,
                   "hfis",
                   "Host fabric interfaces",
                   hfi_row,
                   hfi_columns,
                   G_N_ELEMENTS(hfi_columns));
    append_section(out,
                   nbft,
                   "subsystems",
                   "Subsystems",
                   subsys_row,
                   subsys_columns,
                   G_N_ELEMENTS(subsys_columns));
    append_section(out,
                   nbft,
                   "discovery",
                   "Discovery records",
                   NULL,
                   discovery_columns,
                   G_N_ELEMENTS(discovery_columns));
    return g_string_free(out, FALSE);
}

char *
nmnvme_cli_nbft_status_line(const char *status)
{
    return g_strdup_printf("NBFT: %s\n", status && *status ? status : "unknown");
}
