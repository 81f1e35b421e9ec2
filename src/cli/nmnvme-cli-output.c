/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-output.c: row views of a snapshot, tables and JSON. Views copy
 * the snapshot's dictionaries in their order, with context keys in front,
 * so that table columns and JSON keys read the same.
 */
#include "config.h"

#include "nmnvme-cli-output.h"

#include <json-glib/json-glib.h>

#define VARDICT_ARRAY G_VARIANT_TYPE("aa{sv}")

/* ---- views ---------------------------------------------------------------- */

/* (transfer floating): @dict after "interface" = @iface and, when given,
 * "dc" = @dc, without @drop (nullable) and without keys it already had by
 * those names. */
static GVariant *
row_new(GVariant *dict, const char *iface, const char *dc, const char *drop)
{
    GVariantBuilder b;
    GVariantIter    iter;
    const char     *key;
    GVariant       *value;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "interface", g_variant_new_string(iface));
    if (dc)
        g_variant_builder_add(&b, "{sv}", "dc", g_variant_new_string(dc));
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_loop(&iter, "{&sv}", &key, &value)) {
        if (g_str_equal(key, "interface") || (dc && g_str_equal(key, "dc")) ||
            g_strcmp0(key, drop) == 0)
            continue;
        g_variant_builder_add(&b, "{sv}", key, value);
    }
    return g_variant_builder_end(&b);
}

/* (transfer none): the string @key of @dict, "" when missing. */
static const char *
lookup_string(GVariant *dict, const char *key)
{
    const char *value = NULL;

    return g_variant_lookup(dict, key, "&s", &value) ? value : "";
}

/* Adds a row for each dictionary in the @key array of @parent (a session's
 * controllers, a zeroconf dict's services), after "interface" = @iface
 * (%NULL: @parent's own). */
static void
add_controllers(GVariantBuilder *b, GVariant *parent, const char *key, const char *drop,
                const char *iface)
{
    g_autoptr(GVariant) ctrls = g_variant_lookup_value(parent, key, VARDICT_ARRAY);
    GVariantIter iter;
    GVariant    *ctrl;

    if (!ctrls)
        return;
    if (!iface)
        iface = lookup_string(parent, "interface");
    g_variant_iter_init(&iter, ctrls);
    while ((ctrl = g_variant_iter_next_value(&iter))) {
        g_variant_builder_add_value(b, row_new(ctrl, iface, NULL, drop));
        g_variant_unref(ctrl);
    }
}

/* Adds the rows of one session to @b. */
typedef void (*AddRowsFunc)(GVariantBuilder *b, GVariant *session);

/* (transfer full): the `aa{sv}` of @add's rows for each session of
 * @sessions, or only @iface's (nullable). */
static GVariant *
view_new(GVariant *sessions, const char *iface, AddRowsFunc add)
{
    GVariantBuilder b;
    GVariantIter    iter;
    GVariant       *session;

    g_return_val_if_fail(g_variant_is_of_type(sessions, VARDICT_ARRAY), NULL);

    g_variant_builder_init(&b, VARDICT_ARRAY);
    g_variant_iter_init(&iter, sessions);
    while ((session = g_variant_iter_next_value(&iter))) {
        if (!iface || g_str_equal(iface, lookup_string(session, "interface")))
            add(&b, session);
        g_variant_unref(session);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static void
add_all_controllers(GVariantBuilder *b, GVariant *session)
{
    add_controllers(b, session, "discovery-controllers", "log-entries", NULL);
    add_controllers(b, session, "io-controllers", "log-entries", NULL);
}

GVariant *
nmnvme_cli_row_add(GVariant *row, const char *key, GVariant *value)
{
    GVariantBuilder b;
    GVariantIter    iter;
    GVariant       *entry;

    g_return_val_if_fail(g_variant_is_of_type(row, G_VARIANT_TYPE_VARDICT), NULL);

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_iter_init(&iter, row);
    while ((entry = g_variant_iter_next_value(&iter))) {
        g_variant_builder_add_value(&b, entry);
        g_variant_unref(entry);
    }
    g_variant_builder_add(&b, "{sv}", key, value);
    return g_variant_builder_end(&b);
}

/* (transfer floating): @row with "use" last (see
 * nmnvme_cli_view_controllers()). */
static GVariant *
with_use(GVariant *row)
{
    gboolean    ours = FALSE;
    const char *use  = "";

    g_variant_lookup(row, "ours", "b", &ours);
    if (*lookup_string(row, "device"))
        use = ours ? "owns" : "uses";
    return nmnvme_cli_row_add(row, "use", g_variant_new_string(use));
}

/* (transfer floating): @row with "secure" last: the device's TLS ("tls",
 * "concat"), else "no: PROBLEM" when a TLS problem keeps it from
 * connecting, else "" (see nmnvme_cli_view_controllers()). */
static GVariant *
with_secure(GVariant *row)
{
    const char      *tls     = lookup_string(row, "tls");
    const char      *problem = lookup_string(row, "tls-problem");
    g_autofree char *secure  = *tls ? g_strdup(tls)
                               : *problem ? g_strdup_printf("no: %s", problem)
                                          : g_strdup("");

    return nmnvme_cli_row_add(row, "secure", g_variant_new_string(secure));
}

GVariant *
nmnvme_cli_view_controllers(GVariant *sessions)
{
    g_autoptr(GVariant) rows = view_new(sessions, NULL, add_all_controllers);
    GVariantBuilder b;
    GVariantIter    iter;
    GVariant       *row;

    g_variant_builder_init(&b, VARDICT_ARRAY);
    g_variant_iter_init(&iter, rows);
    while ((row = g_variant_iter_next_value(&iter))) {
        g_autoptr(GVariant) used = g_variant_ref_sink(with_use(row));

        g_variant_builder_add_value(&b, with_secure(used));
        g_variant_unref(row);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static void
add_excluded(GVariantBuilder *b, GVariant *session)
{
    add_controllers(b, session, "excluded", NULL, NULL);
}

GVariant *
nmnvme_cli_view_excluded(GVariant *sessions)
{
    return view_new(sessions, NULL, add_excluded);
}

static void
add_discovery_controllers(GVariantBuilder *b, GVariant *session)
{
    add_controllers(b, session, "discovery-controllers", NULL, NULL);
}

GVariant *
nmnvme_cli_view_discovery(GVariant *sessions, const char *iface)
{
    return view_new(sessions, iface, add_discovery_controllers);
}

/* The session itself, its "zeroconf" dict replaced by the avahi state. */
static void
add_session(GVariantBuilder *b, GVariant *session)
{
    g_autoptr(GVariant) zeroconf = g_variant_lookup_value(session, "zeroconf", NULL);
    GVariantDict row;

    g_variant_dict_init(&row, session);
    if (zeroconf)
        g_variant_dict_insert(&row, "zeroconf", "s", lookup_string(zeroconf, "avahi"));
    g_variant_builder_add_value(b, g_variant_dict_end(&row));
}

GVariant *
nmnvme_cli_view_sessions(GVariant *sessions)
{
    return view_new(sessions, NULL, add_session);
}

static void
add_services(GVariantBuilder *b, GVariant *session)
{
    g_autoptr(GVariant) zeroconf = g_variant_lookup_value(session, "zeroconf", NULL);

    if (zeroconf)
        add_controllers(b, zeroconf, "services", NULL, lookup_string(session, "interface"));
}

GVariant *
nmnvme_cli_view_zeroconf(GVariant *sessions, const char *iface)
{
    return view_new(sessions, iface, add_services);
}

/* Adds a row for each log entry of the discovery controller row @dc. */
static void
add_log_entries(GVariantBuilder *b, GVariant *dc)
{
    g_autoptr(GVariant) entries = g_variant_lookup_value(dc, "log-entries", VARDICT_ARRAY);
    const char  *iface          = lookup_string(dc, "interface");
    const char  *name           = lookup_string(dc, "device");
    GVariantIter iter;
    GVariant    *entry;

    if (!entries)
        return;
    if (!*name)
        name = lookup_string(dc, "traddr");
    g_variant_iter_init(&iter, entries);
    while ((entry = g_variant_iter_next_value(&iter))) {
        g_variant_builder_add_value(b, row_new(entry, iface, name, NULL));
        g_variant_unref(entry);
    }
}

GVariant *
nmnvme_cli_view_log_entries(GVariant *discovery)
{
    GVariantBuilder b;
    GVariantIter    iter;
    GVariant       *dc;

    g_return_val_if_fail(g_variant_is_of_type(discovery, VARDICT_ARRAY), NULL);

    g_variant_builder_init(&b, VARDICT_ARRAY);
    g_variant_iter_init(&iter, discovery);
    while ((dc = g_variant_iter_next_value(&iter))) {
        add_log_entries(&b, dc);
        g_variant_unref(dc);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

/* ---- tables --------------------------------------------------------------- */

/* (transfer full): one cell's text; see nmnvme_cli_format_table(). */
static char *
cell_text(GVariant *value, const char *empty)
{
    if (!value)
        return g_strdup("--");
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        const char *s = g_variant_get_string(value, NULL);

        return g_strdup(*s ? s : empty ? empty : "--");
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN))
        return g_strdup(g_variant_get_boolean(value) ? "yes" : "no");
    if (g_variant_is_container(value))
        return g_strdup_printf("%" G_GSIZE_FORMAT, g_variant_n_children(value));
    return g_variant_print(value, FALSE);
}

/* Appends @text padded with spaces to @width characters. */
static void
append_padded(GString *out, const char *text, glong width)
{
    g_string_append(out, text);
    for (glong n = g_utf8_strlen(text, -1); n < width; n++)
        g_string_append_c(out, ' ');
}

/* Appends one line: @cells[0..n_columns), trailing spaces removed. */
static void
append_line(GString *out, char *const *cells, const glong *widths, gsize n_columns)
{
    for (gsize c = 0; c < n_columns; c++) {
        if (c > 0)
            g_string_append(out, "  ");
        append_padded(out, cells[c], c + 1 < n_columns ? widths[c] : 0);
    }
    while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate(out, out->len - 1);
    g_string_append_c(out, '\n');
}

char *
nmnvme_cli_format_columns(GVariant *rows, const NMNvmeCliColumn *columns, gsize n_columns)
{
    g_autoptr(GPtrArray) cells = NULL; /* row-major, the header first */
    g_autofree glong *widths   = NULL;
    GString          *out;

    g_return_val_if_fail(g_variant_is_of_type(rows, VARDICT_ARRAY), NULL);
    g_return_val_if_fail(n_columns > 0, NULL);

    cells = g_ptr_array_new_with_free_func(g_free);
    for (gsize c = 0; c < n_columns; c++)
        g_ptr_array_add(cells, g_strdup(columns[c].header));
    for (gsize r = 0; r < g_variant_n_children(rows); r++) {
        g_autoptr(GVariant) row = g_variant_get_child_value(rows, r);

        for (gsize c = 0; c < n_columns; c++) {
            g_autoptr(GVariant) value = g_variant_lookup_value(row, columns[c].key, NULL);

            g_ptr_array_add(cells, cell_text(value, columns[c].empty));
        }
    }

    widths = g_new0(glong, n_columns);
    for (guint i = 0; i < cells->len; i++)
        widths[i % n_columns] = MAX(widths[i % n_columns], g_utf8_strlen(cells->pdata[i], -1));
    out = g_string_new(NULL);
    for (guint i = 0; i < cells->len; i += n_columns)
        append_line(out, (char *const *) cells->pdata + i, widths, n_columns);
    return g_string_free(out, FALSE);
}

static const NMNvmeCliColumn sessions_columns[] = {
    { "INTERFACE", "interface" },       { "OWNER", "owner" },
    { "STATE", "state" },               { "DCS", "discovery-controllers" },
    { "IOCS", "io-controllers" },       { "NOT-OWNED", "used-not-owned" },
    { "EXCLUDED", "excluded" },         { "ZEROCONF", "zeroconf" },
};

static const NMNvmeCliColumn zeroconf_columns[] = {
    { "INTERFACE", "interface" }, { "NAME", "name" },   { "PROTOCOL", "protocol" },
    { "ADDRESS", "address" },     { "PORT", "port" },   { "STATE", "state" },
    { "WITHDRAWN", "withdrawn" }, { "ERROR", "error" },
};

static const NMNvmeCliColumn controllers_columns[] = {
    { "INTERFACE", "interface" }, { "KIND", "kind" },       { "DEVICE", "device" },
    { "OWNER", "owner", "-" },    { "USE", "use" },         { "TRADDR", "traddr" },
    { "TRSVCID", "trsvcid" },     { "SUBSYSNQN", "subsysnqn" }, { "STATE", "state" },
    { "SECURE", "secure", "-" },
};

static const NMNvmeCliColumn excluded_columns[] = {
    { "INTERFACE", "interface" }, { "KIND", "kind" },           { "TRADDR", "traddr" },
    { "TRSVCID", "trsvcid" },     { "SUBSYSNQN", "subsysnqn" }, { "EXCLUDED-BY", "excluded-by" },
};

static const NMNvmeCliColumn log_entries_columns[] = {
    { "INTERFACE", "interface" }, { "DC", "dc" },           { "SUBTYPE", "subtype" },
    { "TRADDR", "traddr" },       { "TRSVCID", "trsvcid" }, { "SUBSYSNQN", "subsysnqn" },
    { "PORTID", "portid" },       { "TREQ", "treq" },       { "TSAS", "tsas", "-" },
};

char *
nmnvme_cli_format_table(GVariant *rows, NMNvmeCliTable table)
{
    switch (table) {
    case NMNVME_CLI_TABLE_SESSIONS:
        return nmnvme_cli_format_columns(rows, sessions_columns, G_N_ELEMENTS(sessions_columns));
    case NMNVME_CLI_TABLE_CONTROLLERS:
        return nmnvme_cli_format_columns(rows,
                                         controllers_columns,
                                         G_N_ELEMENTS(controllers_columns));
    case NMNVME_CLI_TABLE_ZEROCONF:
        return nmnvme_cli_format_columns(rows, zeroconf_columns, G_N_ELEMENTS(zeroconf_columns));
    case NMNVME_CLI_TABLE_EXCLUDED:
        return nmnvme_cli_format_columns(rows, excluded_columns, G_N_ELEMENTS(excluded_columns));
    case NMNVME_CLI_TABLE_LOG_ENTRIES:
        return nmnvme_cli_format_columns(rows,
                                         log_entries_columns,
                                         G_N_ELEMENTS(log_entries_columns));
    }
    g_return_val_if_reached(NULL);
}

/* ---- JSON ----------------------------------------------------------------- */

char *
nmnvme_cli_format_json(GVariant *value)
{
    g_autoptr(JsonNode) node           = NULL;
    g_autoptr(JsonGenerator) generator = NULL;
    g_autofree char *text              = NULL;

    g_return_val_if_fail(value, NULL);

    node      = json_gvariant_serialize(value);
    generator = json_generator_new();
    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, node);
    text = json_generator_to_data(generator, NULL);
    return g_strconcat(text, "\n", NULL);
}
