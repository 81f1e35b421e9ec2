/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-output.c: nm-nvme's views, tables and JSON, from a hand-built
 * GetSessions snapshot with the engine's keys (docs/dbus-api.md). The
 * session's settings go through the schema exactly as the engine's do
 * (nmnvme_settings_to_data() without secrets), so a secret given at attach
 * time must not come out anywhere.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "nmnvme-cli-log.h"
#include "nmnvme-cli-output.h"
#include "nmnvme-settings.h"

#define SECRET "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define SUB1   "nqn.2026-01.io.example:sub1"
#define SUB2   "nqn.2026-01.io.example:sub2"
#define DISC   "nqn.2014-08.org.nvmexpress.discovery"

/* (transfer floating): the settings an attach with a secret leaves in a
 * snapshot. */
static GVariant *
settings_without_secrets(void)
{
    g_autoptr(GHashTable) in = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GHashTable) out          = NULL;
    GVariantBuilder b;
    GHashTableIter  iter;
    gpointer        key;
    gpointer        value;

    g_hash_table_insert(in, g_strdup("nvme.kato"), g_strdup("45"));
    g_hash_table_insert(in, g_strdup("nvme.dhchap-secret"), g_strdup(SECRET));
    settings = nmnvme_settings_new_from_data(in, NULL);
    g_assert_nonnull(settings);
    out = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS);
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    g_hash_table_iter_init(&iter, out);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_variant_builder_add(&b, "{ss}", key, value);
    return g_variant_builder_end(&b);
}

/* The log of stor0's DC, as GetDiscoveryLog pages it. */
#define DC_KEY DISC "@192.168.77.100:8009 via stor0"
#define LOG_ENTRIES                                                              \
    "[{'subtype': <'nvme'>, 'transport': <'tcp'>, 'traddr': <'192.168.77.100'>," \
    "  'trsvcid': <'4420'>, 'subsysnqn': <'" SUB1 "'>, 'portid': <uint16 1>,"    \
    "  'cntlid': <uint16 65535>, 'eflags': <uint16 0>,"                          \
    "  'treq': <'required'>, 'tsas': <'tls1.3'>},"                               \
    " {'subtype': <'nvme'>, 'transport': <'tcp'>, 'traddr': <'192.168.77.100'>," \
    "  'trsvcid': <'4420'>, 'subsysnqn': <'" SUB2 "'>, 'portid': <uint16 1>,"    \
    "  'cntlid': <uint16 65535>, 'eflags': <uint16 0>,"                          \
    "  'treq': <'not specified'>, 'tsas': <''>}]"

/* (transfer full): two sessions: stor0 with one DC (two log entries), two
 * IOCs, one of them not connected yet, and zeroconf on (two mDNS services,
 * one ignored); stor1 suspended and empty. */
static GVariant *
snapshot_new(void)
{
    return g_variant_ref_sink(g_variant_new_parsed(
        "[{'interface': <'stor0'>, 'owner': <'dispatcher:1234'>, 'state': <'active'>,"
        "  'settings': <%@a{ss}>,"
        "  'discovery-controllers': <[{"
        "    'transport': <'tcp'>, 'traddr': <'192.168.77.100'>, 'trsvcid': <'8009'>,"
        "    'subsysnqn': <'" DISC "'>, 'host-iface': <'stor0'>, 'host-traddr': <''>,"
        "    'kind': <'discovery'>, 'device': <'nvme0'>, 'owner': <'nm-nvme'>, 'ours': <true>,"
        "    'state': <'live'>,"
        "    'configured': <true>, 'attempts': <uint32 0>, 'error': <''>,"
        "    'dctype': <'cdc'>, 'registered': <true>, 'pleo': <true>, 'genctr': <uint64 7>,"
        "    'key': <'" DC_KEY "'>, 'log-entry-count': <uint32 2>}]>,"
        "  'io-controllers': <["
        "    {'transport': <'tcp'>, 'traddr': <'192.168.77.100'>, 'trsvcid': <'4420'>,"
        "     'subsysnqn': <'" SUB1 "'>, 'host-iface': <'stor0'>, 'host-traddr': <''>,"
        "     'kind': <'io'>, 'device': <'nvme1'>, 'owner': <'nbft'>, 'ours': <false>,"
        "     'state': <'live'>, 'configured': <false>,"
        "     'attempts': <uint32 0>, 'error': <''>, 'tls': <'tls'>, 'tls-problem': <''>,"
        "     'ncc': <false>},"
        "    {'transport': <'tcp'>, 'traddr': <'192.168.77.100'>, 'trsvcid': <'4420'>,"
        "     'subsysnqn': <'" SUB2 "'>, 'host-iface': <'stor0'>, 'host-traddr': <''>,"
        "     'kind': <'io'>, 'device': <''>, 'owner': <''>, 'ours': <false>,"
        "     'state': <'retry-wait'>, 'configured': <false>,"
        "     'attempts': <uint32 2>, 'error': <'the TLS handshake failed'>, 'tls': <''>,"
        "     'tls-problem': <'handshake-failed'>, 'ncc': <false>}]>,"
        "  'zeroconf': <{'avahi': <'running'>, 'services': <["
        "    {'name': <'array-a'>, 'type': <'_nvme-disc._tcp'>, 'protocol': <'ipv4'>,"
        "     'state': <'reachable'>, 'withdrawn': <false>, 'address': <'192.168.77.100'>,"
        "     'port': <uint16 8009>, 'transport': <'tcp'>, 'subsysnqn': <''>, 'error': <''>},"
        "    {'name': <'bogus'>, 'type': <'_nvme-disc._tcp'>, 'protocol': <'ipv4'>,"
        "     'state': <'ignored'>, 'withdrawn': <false>, 'address': <'192.168.77.100'>,"
        "     'port': <uint16 8009>, 'error': <'p: unknown transport'>}]>}>,"
        "  'used-not-owned': <uint32 1>,"
        "  'excluded': <[{'kind': <'io'>, 'transport': <'tcp'>, 'traddr': <'192.168.77.100'>,"
        "    'trsvcid': <'4420'>, 'subsysnqn': <'" SUB2 "'>, 'host-iface': <'stor0'>,"
        "    'excluded-by': <'/etc/nvme/exclusions.conf:2'>}]>},"
        " {'interface': <'stor1'>, 'owner': <'cli'>, 'state': <'suspended'>,"
        "  'settings': <@a{ss} {}>,"
        "  'discovery-controllers': <@aa{sv} []>, 'io-controllers': <@aa{sv} []>}]",
        settings_without_secrets()));
}

static void
assert_table(GVariant *rows, NMNvmeCliTable layout, const char *expected)
{
    g_autofree char *table = nmnvme_cli_format_table(rows, layout);

    g_assert_cmpstr(table, ==, expected);
}

static void
test_status_table(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) rows     = nmnvme_cli_view_sessions(sessions);

    assert_table(rows,
                 NMNVME_CLI_TABLE_SESSIONS,
                 "INTERFACE  OWNER            STATE      DCS  IOCS  NOT-OWNED  EXCLUDED  ZEROCONF\n"
                 "stor0      dispatcher:1234  active     1    2     1          1         running\n"
                 "stor1      cli              suspended  0    0     --         --        --\n");
}

static void
test_zeroconf(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) all      = nmnvme_cli_view_zeroconf(sessions, NULL);
    g_autoptr(GVariant) stor1    = nmnvme_cli_view_zeroconf(sessions, "stor1");

    g_assert_cmpuint(g_variant_n_children(stor1), ==, 0);
    assert_table(all,
                 NMNVME_CLI_TABLE_ZEROCONF,
                 "INTERFACE  NAME     PROTOCOL  ADDRESS         PORT  STATE      WITHDRAWN"
                 "  ERROR\n"
                 "stor0      array-a  ipv4      192.168.77.100  8009  reachable  no         --\n"
                 "stor0      bogus    ipv4      192.168.77.100  8009  ignored    no"
                 "         p: unknown transport\n");
}

static void
test_controllers(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) rows     = nmnvme_cli_view_controllers(sessions);
    g_autoptr(GVariant) first    = NULL;
    g_autoptr(GVariant) entries  = NULL;
    const char *key              = NULL;

    g_assert_cmpuint(g_variant_n_children(rows), ==, 3);
    /* "interface" first, the controller's keys after it, no log entries */
    first = g_variant_get_child_value(rows, 0);
    g_variant_get_child(first, 0, "{&sv}", &key, NULL);
    g_assert_cmpstr(key, ==, "interface");
    entries = g_variant_lookup_value(first, "log-entries", NULL);
    g_assert_null(entries);

    assert_table(rows,
                 NMNVME_CLI_TABLE_CONTROLLERS,
                 "INTERFACE  KIND       DEVICE  OWNER    USE   TRADDR          TRSVCID  SUBSYSNQN"
                 "                             STATE       SECURE\n"
                 "stor0      discovery  nvme0   nm-nvme  owns  192.168.77.100  8009     " DISC
                 "  live        -\n"
                 "stor0      io         nvme1   nbft     uses  192.168.77.100  4420     " SUB1
                 "           live        tls\n"
                 "stor0      io         --      -        --    192.168.77.100  4420     " SUB2
                 "           retry-wait  no: handshake-failed\n");
}

static void
test_excluded(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) rows     = nmnvme_cli_view_excluded(sessions);

    assert_table(rows,
                 NMNVME_CLI_TABLE_EXCLUDED,
                 "INTERFACE  KIND  TRADDR          TRSVCID  SUBSYSNQN                    EXCLUDED-BY\n"
                 "stor0      io    192.168.77.100  4420     " SUB2
                 "  /etc/nvme/exclusions.conf:2\n");
}

/* An NMNvmeCliLogPageFunc: stor0's DC has LOG_ENTRIES, in one page. */
static gboolean
fetch_stor0(const char *iface,
            const char *dc_key,
            guint       offset,
            guint       limit,
            GVariant  **out_entries,
            guint      *out_total,
            guint64    *out_genctr,
            gpointer    user_data,
            GError    **error)
{
    g_assert_cmpstr(iface, ==, "stor0");
    g_assert_cmpstr(dc_key, ==, DC_KEY);
    g_assert_cmpuint(offset, ==, 0);
    *out_entries = g_variant_ref_sink(g_variant_new_parsed(LOG_ENTRIES));
    *out_total   = 2;
    *out_genctr  = 7;
    return TRUE;
}

static void
test_discovery_log(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) all      = nmnvme_cli_view_discovery(sessions, NULL);
    g_autoptr(GVariant) stor0    = nmnvme_cli_view_discovery(sessions, "stor0");
    g_autoptr(GVariant) stor1    = nmnvme_cli_view_discovery(sessions, "stor1");
    g_autoptr(GVariant) none     = nmnvme_cli_view_discovery(sessions, "eth9");
    g_autoptr(GVariant) full     = nmnvme_cli_log_fill(stor0, 256, fetch_stor0, NULL, NULL);
    g_autoptr(GVariant) entries  = nmnvme_cli_view_log_entries(full);
    g_autoptr(GVariant) empty    = nmnvme_cli_view_log_entries(stor1);
    g_autoptr(GVariant) dc       = g_variant_get_child_value(full, 0);
    g_autoptr(GVariant) listed   = g_variant_lookup_value(dc, "log-entries", NULL);

    g_assert_cmpuint(g_variant_n_children(all), ==, 1);
    g_assert_true(g_variant_equal(all, stor0));
    g_assert_cmpuint(g_variant_n_children(stor1), ==, 0);
    g_assert_cmpuint(g_variant_n_children(none), ==, 0);
    /* the DC's row with its whole log last (what --json prints) */
    g_assert_cmpuint(g_variant_n_children(listed), ==, 2);

    assert_table(entries,
                 NMNVME_CLI_TABLE_LOG_ENTRIES,
                 "INTERFACE  DC     SUBTYPE  TRADDR          TRSVCID  SUBSYSNQN"
                 "                    PORTID  TREQ           TSAS\n"
                 "stor0      nvme0  nvme     192.168.77.100  4420     " SUB1 "  1       required       tls1.3\n"
                 "stor0      nvme0  nvme     192.168.77.100  4420     " SUB2 "  1       not specified  -\n");
    assert_table(empty,
                 NMNVME_CLI_TABLE_LOG_ENTRIES,
                 "INTERFACE  DC  SUBTYPE  TRADDR  TRSVCID  SUBSYSNQN  PORTID  TREQ  TSAS\n");
}

static void
test_cells(void)
{
    static const NMNvmeCliColumn columns[] = {
        { "A", "bool" }, { "B", "missing" }, { "C", "empty" }, { "D", "big" }, { "E", "dict" },
    };
    g_autoptr(GVariant) rows = g_variant_ref_sink(g_variant_new_parsed(
        "[{'bool': <false>, 'empty': <''>, 'big': <uint64 18446744073709551615>,"
        "  'dict': <{'a': 'b'}>}]"));
    g_autofree char *table   = nmnvme_cli_format_columns(rows, columns, G_N_ELEMENTS(columns));

    g_assert_cmpstr(table,
                    ==,
                    "A   B   C   D                     E\n"
                    "no  --  --  18446744073709551615  1\n");
}

static void
test_json(void)
{
    g_autoptr(GVariant) sessions = snapshot_new();
    g_autoptr(GVariant) rows     = nmnvme_cli_view_controllers(sessions);
    g_autofree char *text        = nmnvme_cli_format_json(sessions);
    g_autofree char *rows_text   = nmnvme_cli_format_json(rows);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error      = NULL;
    JsonObject *session;
    JsonObject *settings;
    JsonArray  *dcs;

    g_assert_true(g_str_has_suffix(text, "}\n]\n"));
    g_assert_true(json_parser_load_from_data(parser, text, -1, &error));
    g_assert_no_error(error);
    session = json_array_get_object_element(json_node_get_array(json_parser_get_root(parser)), 0);
    g_assert_cmpstr(json_object_get_string_member(session, "interface"), ==, "stor0");
    settings = json_object_get_object_member(session, "settings");
    g_assert_cmpstr(json_object_get_string_member(settings, "nvme.kato"), ==, "45");
    g_assert_false(json_object_has_member(settings, "nvme.dhchap-secret"));
    dcs = json_object_get_array_member(session, "discovery-controllers");
    g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(dcs, 0), "genctr"),
                    ==,
                    7);

    /* no secret, not even a DH-HMAC-CHAP prefix, anywhere in any output */
    g_assert_null(strstr(text, "DHHC"));
    g_assert_null(strstr(rows_text, "DHHC"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-output/status-table", test_status_table);
    g_test_add_func("/cli-output/zeroconf", test_zeroconf);
    g_test_add_func("/cli-output/controllers", test_controllers);
    g_test_add_func("/cli-output/excluded", test_excluded);
    g_test_add_func("/cli-output/discovery-log", test_discovery_log);
    g_test_add_func("/cli-output/cells", test_cells);
    g_test_add_func("/cli-output/json", test_json);
    return g_test_run();
}
