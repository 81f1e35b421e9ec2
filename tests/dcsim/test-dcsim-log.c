/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-log.c: the discovery log model: entries from JSON (hostile
 * values included) into the wire format, checked against the project's own
 * layout (NMNvmeDiscLogEntryRaw, nmnvme-disc-log.h); the generation counter;
 * reads at any offset; 10000 synthesized entries.
 */
#include "config.h"

#include <gio/gio.h>
#include <stddef.h>
#include <string.h>

#include "dcsim-log.h"
#include "dcsim-nvme.h"
#include "test-dcsim-spec.h"

/* The wire layout is the project's (itself the spec's). */
G_STATIC_ASSERT(sizeof(NMNvmeDiscLogEntryRaw) == DCSIM_LOG_ENTRY_SIZE);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, entries) == DCSIM_LOG_HEADER_SIZE);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, genctr) == DCSIM_LOG_GENCTR);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, numrec) == DCSIM_LOG_NUMREC);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, recfmt) == DCSIM_LOG_RECFMT);

static const char entries_json[] =
    "[{\"trtype\": \"tcp\", \"adrfam\": \"ipv6\", \"subtype\": \"nvme\", \"treq\": 4,"
    "  \"portid\": 4660, \"cntlid\": 65534, \"asqsz\": 128, \"eflags\": 3,"
    "  \"trsvcid\": \"4420\", \"subnqn\": \"nqn.2026-01.org.example:one\","
    "  \"traddr\": \"fd00::1\", \"tsas\": \"tls1.3\"},"
    " {\"subtype\": \"referral\", \"trsvcid\": \"8009\","
    "  \"subnqn\": \"nqn.2014-08.org.nvmexpress.discovery\", \"traddr\": \"192.0.2.2\"}]";

static DcsimLog *
load(const char *json)
{
    g_autoptr(GError) error = NULL;
    GByteArray *records     = dcsim_log_records_from_json(json, -1, &error);

    g_assert_no_error(error);
    g_assert_nonnull(records);
    return dcsim_log_new(records);
}

static void
read_entry(const DcsimLog *log, guint i, NMNvmeDiscLogEntryRaw *e)
{
    dcsim_log_read(log,
                   DCSIM_LOG_HEADER_SIZE + (guint64) i * DCSIM_LOG_ENTRY_SIZE,
                   (guint8 *) e,
                   sizeof(*e));
}

static void
test_entry_layout(void)
{
    g_autoptr(DcsimLog) log = load(entries_json);
    NMNvmeDiscLogEntryRaw e;
    guint8                raw[DCSIM_LOG_ENTRY_SIZE];

    read_entry(log, 0, &e);
    g_assert_cmpuint(e.trtype, ==, NMNVME_TRTYPE_TCP);
    g_assert_cmpuint(e.adrfam, ==, NMNVME_ADRFAM_IP6);
    g_assert_cmpuint(e.subtype, ==, NMNVME_DISC_SUBTYPE_NVME);
    g_assert_cmpuint(e.treq, ==, TEST_TREQ_DISABLE_SQFLOW);
    g_assert_cmpuint(GUINT16_FROM_LE(e.portid), ==, 4660);
    g_assert_cmpuint(GUINT16_FROM_LE(e.cntlid), ==, 65534);
    g_assert_cmpuint(GUINT16_FROM_LE(e.asqsz), ==, 128);
    g_assert_cmpuint(GUINT16_FROM_LE(e.eflags), ==, 3);
    g_assert_cmpstr(e.trsvcid, ==, "4420");
    g_assert_cmpstr(e.subnqn, ==, "nqn.2026-01.org.example:one");
    g_assert_cmpstr(e.traddr, ==, "fd00::1");
    g_assert_cmpuint(e.tsas[TEST_TSAS_TCP_SECTYPE], ==, TEST_TCP_SECTYPE_TLS13);

    /* the same bytes through our own offsets */
    memcpy(raw, &e, sizeof(raw));
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, portid), ==, DCSIM_LOG_E_PORTID);
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, eflags), ==, DCSIM_LOG_E_EFLAGS);
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, trsvcid), ==, DCSIM_LOG_E_TRSVCID);
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, subnqn), ==, DCSIM_LOG_E_SUBNQN);
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, traddr), ==, DCSIM_LOG_E_TRADDR);
    g_assert_cmpuint(offsetof(NMNvmeDiscLogEntryRaw, tsas), ==, DCSIM_LOG_E_TSAS);
    g_assert_cmpuint(dcsim_get16(raw + DCSIM_LOG_E_CNTLID), ==, 65534);

    /* defaults of the second entry */
    read_entry(log, 1, &e);
    g_assert_cmpuint(e.trtype, ==, NMNVME_TRTYPE_TCP);
    g_assert_cmpuint(e.adrfam, ==, NMNVME_ADRFAM_IP4);
    g_assert_cmpuint(e.subtype, ==, NMNVME_DISC_SUBTYPE_REFERRAL);
    g_assert_cmpuint(GUINT16_FROM_LE(e.cntlid), ==, 0xffff);
    g_assert_cmpuint(GUINT16_FROM_LE(e.asqsz), ==, 32);
    g_assert_cmpstr(e.traddr, ==, "192.0.2.2");
}

static void
test_header_and_genctr(void)
{
    g_autoptr(DcsimLog) log = load(entries_json);
    NMNvmeDiscLogRaw h;

    g_assert_cmpuint(dcsim_log_numrec(log), ==, 2);
    g_assert_cmpuint(dcsim_log_size(log), ==, 3 * 1024);
    dcsim_log_read(log, 0, (guint8 *) &h, sizeof(h));
    g_assert_cmpuint(GUINT64_FROM_LE(h.genctr), ==, 0);
    g_assert_cmpuint(GUINT64_FROM_LE(h.numrec), ==, 2);
    g_assert_cmpuint(GUINT16_FROM_LE(h.recfmt), ==, 0);

    dcsim_log_replace(log, g_byte_array_new());
    dcsim_log_read(log, 0, (guint8 *) &h, sizeof(h));
    g_assert_cmpuint(GUINT64_FROM_LE(h.genctr), ==, 1);
    g_assert_cmpuint(GUINT64_FROM_LE(h.numrec), ==, 0);
    dcsim_log_bump(log);
    g_assert_cmpuint(dcsim_log_genctr(log), ==, 2);
}

static void
test_partial_reads(void)
{
    g_autoptr(DcsimLog) log = load(entries_json);
    gsize              size = dcsim_log_size(log);
    g_autofree guint8 *full = g_malloc(size);
    const struct {
        guint64 offset;
        gsize   len;
    } reads[] = {
        { 0, 1 },    { 1, 7 },       { 7, 3 },    { 1023, 2 }, { 1027, 1021 }, { 1024 + 256, 256 },
        { 2047, 5 }, { 2049, 1023 }, { 3071, 1 }, { 0, 3072 },
    };

    dcsim_log_read(log, 0, full, size);
    for (guint i = 0; i < G_N_ELEMENTS(reads); i++) {
        g_autofree guint8 *part = g_malloc(reads[i].len);

        dcsim_log_read(log, reads[i].offset, part, reads[i].len);
        g_assert_cmpmem(part, reads[i].len, full + reads[i].offset, reads[i].len);
    }

    /* straddling the end: the tail reads as zero */
    {
        guint8 tail[8];

        memset(tail, 0xaa, sizeof(tail));
        dcsim_log_read(log, size - 3, tail, sizeof(tail));
        g_assert_cmpmem(tail, 3, full + size - 3, 3);
        for (guint i = 3; i < sizeof(tail); i++)
            g_assert_cmpuint(tail[i], ==, 0);
        memset(tail, 0xaa, sizeof(tail));
        dcsim_log_read(log, G_MAXUINT64 - 2, tail, sizeof(tail));
        for (guint i = 0; i < sizeof(tail); i++)
            g_assert_cmpuint(tail[i], ==, 0);
    }
}

static void
test_generate(void)
{
    g_autoptr(GByteArray) records = g_byte_array_new();
    g_autoptr(DcsimLog) log       = NULL;
    NMNvmeDiscLogEntryRaw e;

    dcsim_log_records_generate(records, 10000);
    log = dcsim_log_new(g_steal_pointer(&records));
    g_assert_cmpuint(dcsim_log_numrec(log), ==, 10000);
    g_assert_cmpuint(dcsim_log_size(log), ==, 1024 + 10000 * 1024);
    read_entry(log, 9999, &e);
    g_assert_cmpstr(e.subnqn, ==, "nqn.2026-01.org.example.dcsim:gen-009999");
    g_assert_cmpstr(e.traddr, ==, "10.0.39.16");
    g_assert_cmpuint(GUINT16_FROM_LE(e.portid), ==, 9999);
    read_entry(log, 0, &e);
    g_assert_cmpstr(e.traddr, ==, "10.0.0.1");
    g_assert_cmpstr(e.trsvcid, ==, "4430");
}

static void
test_hostile_values(void)
{
    g_autoptr(GString) json        = g_string_new("[");
    g_autoptr(DcsimLog) log        = NULL;
    g_autofree char      *long_nqn = NULL;
    NMNvmeDiscLogEntryRaw e;

    long_nqn = g_strnfill(300, 'x');
    g_string_append(json, "{\"subnqn\": \"nqn.\\u0001\\u007f\", \"traddr\": \"\"},");
    g_string_append(
        json,
        "{\"subnqn\": \"nqn.x\", \"traddr\": \"0.0.0.0\", \"trtype\": 77, \"subtype\": 9},");
    g_string_append_printf(json, "{\"subnqn\": \"%s\", \"traddr\": \"%s\"}]", long_nqn, long_nqn);
    log = load(json->str);

    read_entry(log, 0, &e);
    g_assert_cmpmem(e.subnqn, 7, "nqn.\x01\x7f", 7);
    g_assert_cmpuint(e.traddr[0], ==, 0);
    read_entry(log, 1, &e);
    g_assert_cmpuint(e.trtype, ==, 77);
    g_assert_cmpuint(e.subtype, ==, 9);
    g_assert_cmpstr(e.traddr, ==, "0.0.0.0");
    /* cut to the field, no terminator */
    read_entry(log, 2, &e);
    g_assert_cmpmem(e.subnqn, sizeof(e.subnqn), long_nqn, sizeof(e.subnqn));
    g_assert_cmpmem(e.traddr, sizeof(e.traddr), long_nqn, sizeof(e.traddr));
}

static void
test_bad_files(void)
{
    static const struct {
        const char *json;
        const char *message;
    } rows[] = {
        { "{}", "not a JSON array" },
        { "[1]", "entry 0: not an object" },
        { "[{\"traddr\": \"a\"}]", "\"subnqn\" is missing" },
        { "[{\"subnqn\": \"a\", \"traddr\": \"a\", \"trtype\": 256}]", "out of range" },
        { "[{\"subnqn\": \"a\", \"traddr\": \"a\", \"portid\": -1}]", "out of range" },
        { "[{\"subnqn\": \"a\", \"traddr\": \"a\", \"trtype\": \"pigeon\"}]", "unknown name" },
        { "[{\"subnqn\": \"a\", \"traddr\": \"a\", \"portid\": \"1\"}]", "must be an integer" },
        { "[{\"subnqn\": 1, \"traddr\": \"a\"}]", "must be a string" },
        { "[{\"subnqn\": \"a\", \"traddr\": \"a\"}, {\"subnqn\": \"a\", \"tradr\": \"a\"}]",
          "entry 1: \"tradr\" is not a known field" },
        { "[", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error       = NULL;
        g_autoptr(GByteArray) records = dcsim_log_records_from_json(rows[i].json, -1, &error);

        g_assert_null(records);
        g_assert_nonnull(error);
        if (rows[i].message && !strstr(error->message, rows[i].message))
            g_error("%s: got \"%s\"", rows[i].json, error->message);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dcsim/log/entry-layout", test_entry_layout);
    g_test_add_func("/dcsim/log/header-and-genctr", test_header_and_genctr);
    g_test_add_func("/dcsim/log/partial-reads", test_partial_reads);
    g_test_add_func("/dcsim/log/generate-10000", test_generate);
    g_test_add_func("/dcsim/log/hostile-values", test_hostile_values);
    g_test_add_func("/dcsim/log/bad-files", test_bad_files);
    return g_test_run();
}
