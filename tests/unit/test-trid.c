/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-trid.c: transport IDs: construction, equality and hashing, log
 * text, and the rules that decide whether a kernel controller is the one
 * wanted.
 */
#include "config.h"

#include "nmnvme-nqn.h"
#include "nmnvme-trid.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define VOL1    "nqn.2026-01.com.example:vol1"
#define CDC     "nqn.2026-01.com.example:cdc"
#define FC_ADDR "nn-0x20000090fac7e0a1:pn-0x10000090fac7e0a1"
#define FC_HOST "nn-0x20000090fa942779:pn-0x10000090fa942779"

/* transport, traddr, trsvcid, subsysnqn, host_traddr, host_iface */
typedef struct {
    const char *f[6];
} Fields;

static NMNvmeTrid *
trid_new(const Fields *t)
{
    return nmnvme_trid_new(t->f[0], t->f[1], t->f[2], t->f[3], t->f[4], t->f[5]);
}

static void
test_new(void)
{
    g_autoptr(NMNvmeTrid) t    = nmnvme_trid_new("TCP", "10.0.0.1", "", VOL1, "", "stor0");
    g_autoptr(NMNvmeTrid) copy = nmnvme_trid_copy(t);

    g_assert_cmpstr(nmnvme_trid_get_transport(t), ==, "tcp");
    g_assert_cmpstr(nmnvme_trid_get_traddr(t), ==, "10.0.0.1");
    g_assert_null(nmnvme_trid_get_trsvcid(t));
    g_assert_cmpstr(nmnvme_trid_get_subsysnqn(t), ==, VOL1);
    g_assert_null(nmnvme_trid_get_host_traddr(t));
    g_assert_cmpstr(nmnvme_trid_get_host_iface(t), ==, "stor0");
    g_assert_true(copy != t);
    g_assert_true(nmnvme_trid_equal(t, copy));
    g_assert_cmpuint(nmnvme_trid_hash(t), ==, nmnvme_trid_hash(copy));
}

static void
test_from_uri(void)
{
    static const struct {
        const char   *uri;
        NMNvmeUriKind kind;
        const char   *iface;
        const char   *text;
    } rows[] = {
        { "nvme+tcp://192.168.77.100",
          NMNVME_URI_DISCOVERY,
          "stor0",
          NMNVME_NQN_DISCOVERY "@192.168.77.100:8009 via stor0" },
        { "nvme+tcp://192.168.77.100/" VOL1, NMNVME_URI_IO, NULL, VOL1 "@192.168.77.100:4420" },
        { "nvme+tcp://[FE80::1]:4421/" VOL1,
          NMNVME_URI_IO,
          "stor0",
          VOL1 "@[fe80::1]:4421 via stor0" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeUri) uri = nmnvme_uri_parse(rows[i].uri, rows[i].kind, NULL);
        g_autoptr(NMNvmeTrid) t  = nmnvme_trid_new_from_uri(uri, rows[i].iface);
        g_autofree char *text    = nmnvme_trid_to_string(t);

        g_assert_cmpstr(nmnvme_trid_get_transport(t), ==, "tcp");
        g_assert_cmpstr(nmnvme_trid_get_host_iface(t), ==, rows[i].iface);
        g_assert_null(nmnvme_trid_get_host_traddr(t));
        g_assert_cmpstr(text, ==, rows[i].text);
    }
}

static void
test_to_string(void)
{
    static const struct {
        Fields      t;
        const char *text;
    } rows[] = {
        { { { "tcp", "192.168.77.100", "4420", "nqn.x", NULL, "stor0" } },
          "nqn.x@192.168.77.100:4420 via stor0" },
        { { { "tcp", "192.168.77.100", "4420", "nqn.x", NULL, NULL } },
          "nqn.x@192.168.77.100:4420" },
        { { { "tcp", "fe80::1", "8009", "nqn.x", "fe80::2", "stor0" } },
          "nqn.x@[fe80::1]:8009 via stor0 from fe80::2" },
        { { { "rdma", "10.1.1.1", "4420", "nqn.x", "10.1.1.2", NULL } },
          "nqn.x@10.1.1.1:4420 from 10.1.1.2 (rdma)" },
        { { { "fc", FC_ADDR, NULL, "nqn.x", FC_HOST, NULL } },
          "nqn.x@" FC_ADDR " from " FC_HOST " (fc)" },
        { { { "loop", NULL, NULL, "nqn.x", NULL, NULL } }, "nqn.x@- (loop)" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeTrid) t = trid_new(&rows[i].t);
        g_autofree char *text   = nmnvme_trid_to_string(t);

        g_assert_cmpstr(text, ==, rows[i].text);
    }
}

static void
test_equal(void)
{
    static const struct {
        Fields   a;
        Fields   b;
        gboolean equal;
    } rows[] = {
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          TRUE },
        { { { "tcp", "FE80:0::0:1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "fe80::1", "4420", VOL1, NULL, "stor0" } },
          TRUE },
        { { { "tcp", "::ffff:10.0.0.1", "4420", VOL1, NULL, NULL } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, NULL } },
          TRUE },
        { { { "TCP", "10.0.0.1", "4420", VOL1, "", "" } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, NULL } },
          TRUE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, "::FFFF:10.0.0.9", NULL } },
          { { "tcp", "10.0.0.1", "4420", VOL1, "10.0.0.9", NULL } },
          TRUE },
        { { { "fc", "NN-0x20000090FAC7E0A1:PN-0x10000090FAC7E0A1", NULL, VOL1, NULL, NULL } },
          { { "fc", FC_ADDR, NULL, VOL1, NULL, NULL } },
          TRUE },
        /* a host name under tcp compares as text, case-insensitively */
        { { { "tcp", "Storage.Example.com", "4420", VOL1, NULL, NULL } },
          { { "tcp", "storage.example.com", "4420", VOL1, NULL, NULL } },
          TRUE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.2", "4420", VOL1, NULL, "stor0" } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.1", "4421", VOL1, NULL, "stor0" } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "rdma", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.1", "4420", "nqn.2026-01.com.example:VOL1", NULL, "stor0" } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, NULL } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "stor0" } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, "Stor0" } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, "10.0.0.9", NULL } },
          { { "tcp", "10.0.0.1", "4420", VOL1, NULL, NULL } },
          FALSE },
        { { { "tcp", "10.0.0.1", "4420", VOL1, NULL, NULL } },
          { { "tcp", NULL, "4420", VOL1, NULL, NULL } },
          FALSE },
    };
    g_autoptr(GHashTable) set = g_hash_table_new_full(nmnvme_trid_hash,
                                                      nmnvme_trid_equal,
                                                      (GDestroyNotify) nmnvme_trid_free,
                                                      NULL);

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeTrid) a = trid_new(&rows[i].a);
        g_autoptr(NMNvmeTrid) b = trid_new(&rows[i].b);

        g_test_message("row %u", i);
        g_assert_cmpint(nmnvme_trid_equal(a, b), ==, rows[i].equal);
        g_assert_cmpint(nmnvme_trid_equal(b, a), ==, rows[i].equal);
        if (rows[i].equal)
            g_assert_cmpuint(nmnvme_trid_hash(a), ==, nmnvme_trid_hash(b));
        /* as hash table keys: an equal one is found, an unequal one is not */
        g_hash_table_remove_all(set);
        g_hash_table_add(set, nmnvme_trid_copy(a));
        g_assert_cmpint(g_hash_table_contains(set, b), ==, rows[i].equal);
    }
}

static void
test_equal_null(void)
{
    g_autoptr(NMNvmeTrid) t = nmnvme_trid_new("tcp", "10.0.0.1", "4420", VOL1, NULL, NULL);

    g_assert_false(nmnvme_trid_equal(NULL, t));
    g_assert_false(nmnvme_trid_equal(t, NULL));
    g_assert_true(nmnvme_trid_equal(t, t));
}

static void
test_from_log_entry(void)
{
    NMNvmeDiscLogEntryRaw raw = {
        .trtype  = NMNVME_TRTYPE_TCP,
        .adrfam  = NMNVME_ADRFAM_IP4,
        .subtype = NMNVME_DISC_SUBTYPE_NVME,
    };
    g_autoptr(NMNvmeLogEntry) e = NULL;
    g_autoptr(NMNvmeTrid) t     = NULL;
    g_autofree char *text       = NULL;

    strcpy(raw.traddr, "192.168.77.100");
    strcpy(raw.trsvcid, "4420");
    strcpy(raw.subnqn, VOL1);
    e    = nmnvme_log_entry_new(&raw, NULL);
    t    = nmnvme_trid_new_from_log_entry(e, "192.168.77.1", "stor0");
    text = nmnvme_trid_to_string(t);
    g_assert_cmpstr(text, ==, VOL1 "@192.168.77.100:4420 via stor0 from 192.168.77.1");
}

/* host_iface is a tcp option: rdma and fc log entries listed by a
 * discovery controller on the session's interface do not get it. */
static void
test_host_iface_tcp_only(void)
{
    static const struct {
        guint8      trtype;
        guint8      adrfam;
        const char *traddr;
        const char *host_iface;
    } rows[] = {
        { NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP4, "192.168.77.100", "stor0" },
        { NMNVME_TRTYPE_RDMA, NMNVME_ADRFAM_IP4, "192.168.77.100", NULL },
        { NMNVME_TRTYPE_FC, NMNVME_ADRFAM_FC, FC_ADDR, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeDiscLogEntryRaw raw   = { .trtype  = rows[i].trtype,
                                        .adrfam  = rows[i].adrfam,
                                        .subtype = NMNVME_DISC_SUBTYPE_NVME };
        g_autoptr(NMNvmeLogEntry) e = NULL;
        g_autoptr(NMNvmeTrid) t     = NULL;
        g_autoptr(NMNvmeTrid) copy  = NULL;

        strcpy(raw.traddr, rows[i].traddr);
        if (rows[i].trtype != NMNVME_TRTYPE_FC)
            strcpy(raw.trsvcid, "4420");
        strcpy(raw.subnqn, VOL1);
        e = nmnvme_log_entry_new(&raw, NULL);
        g_assert_nonnull(e);
        t    = nmnvme_trid_new_from_log_entry(e, NULL, "stor0");
        copy = nmnvme_trid_copy(t);
        g_assert_cmpstr(nmnvme_trid_get_host_iface(t), ==, rows[i].host_iface);
        g_assert_cmpstr(nmnvme_trid_get_host_iface(copy), ==, rows[i].host_iface);
    }
}

/* Builds a kernel controller nvme7 from the attribute values (NULL = absent). */
static NMNvmeKernelCtrl *
kernel_ctrl(const char *transport,
            const char *address,
            const char *subsysnqn,
            const char *hostnqn,
            const char *cntrltype)
{
    g_autoptr(GHashTable) attrs = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(attrs, (char *) "transport", (char *) transport);
    g_hash_table_insert(attrs, (char *) "address", (char *) address);
    g_hash_table_insert(attrs, (char *) "subsysnqn", (char *) subsysnqn);
    g_hash_table_insert(attrs, (char *) "state", (char *) "live");
    if (hostnqn)
        g_hash_table_insert(attrs, (char *) "hostnqn", (char *) hostnqn);
    if (cntrltype)
        g_hash_table_insert(attrs, (char *) "cntrltype", (char *) cntrltype);
    return nmnvme_kernel_ctrl_new("nvme7", attrs, NULL);
}

static void
test_from_kernel_ctrl(void)
{
    g_autoptr(NMNvmeKernelCtrl) k =
        kernel_ctrl("tcp",
                    "traddr=192.168.77.100,trsvcid=4420,host_traddr=192.168.77.1,host_iface=stor0,"
                    "src_addr=192.168.77.1\n",
                    VOL1,
                    HOSTNQN,
                    "io");
    g_autoptr(NMNvmeTrid) t = nmnvme_trid_new_from_kernel_ctrl(k);
    g_autofree char *text   = nmnvme_trid_to_string(t);

    g_assert_cmpstr(text, ==, VOL1 "@192.168.77.100:4420 via stor0 from 192.168.77.1");
    g_assert_true(nmnvme_trid_matches_kernel(t, k, HOSTNQN));
}

#define ADDR_IFACE "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1"
#define WANT_IO    "tcp", "192.168.77.100", "4420", VOL1
#define WANT_DC    "tcp", "192.168.77.100", "8009", NMNVME_NQN_DISCOVERY
#define ADDR_DC    "traddr=192.168.77.100,trsvcid=8009,host_iface=stor0,src_addr=192.168.77.1"

typedef struct {
    const char *what;
    Fields      want;
    const char *transport; /* the kernel controller's attributes */
    const char *address;
    const char *subsysnqn;
    const char *hostnqn;
    const char *cntrltype;
    gboolean    matches;
} MatchRow;

static const MatchRow match_rows[] = {
    { "same", { { WANT_IO, NULL, "stor0" } }, "tcp", ADDR_IFACE, VOL1, HOSTNQN, "io", TRUE },
    { "other transport",
      { { WANT_IO, NULL, "stor0" } },
      "rdma",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "other port",
      { { "tcp", "192.168.77.100", "4421", VOL1, NULL, "stor0" } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "no port in kernel",
      { { WANT_IO, NULL, NULL } },
      "tcp",
      "traddr=192.168.77.100",
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "other traddr",
      { { "tcp", "192.168.77.101", "4420", VOL1, NULL, "stor0" } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "IPv6 traddr as address",
      { { "tcp", "FE80:0::1", "4420", VOL1, NULL, "stor0" } },
      "tcp",
      "traddr=fe80::1,trsvcid=4420,host_iface=stor0",
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "IPv4-mapped kernel traddr",
      { { WANT_IO, NULL, NULL } },
      "tcp",
      "traddr=::ffff:192.168.77.100,trsvcid=4420",
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "other subsystem",
      { { WANT_IO, NULL, "stor0" } },
      "tcp",
      ADDR_IFACE,
      "nqn.2026-01.com.example:vol2",
      HOSTNQN,
      "io",
      FALSE },
    { "other host NQN",
      { { WANT_IO, NULL, "stor0" } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000000",
      "io",
      FALSE },
    { "no host NQN", { { WANT_IO, NULL, "stor0" } }, "tcp", ADDR_IFACE, VOL1, NULL, "io", FALSE },
    /* host_iface */
    { "kernel without host_iface is not ours",
      { { WANT_IO, NULL, "stor0" } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,src_addr=192.168.77.1",
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "other host_iface",
      { { WANT_IO, NULL, "stor0" } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,host_iface=stor1",
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "no host_iface wanted",
      { { WANT_IO, NULL, NULL } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    /* host_traddr: host_traddr= or src_addr=, as addresses */
    { "host_traddr is src_addr",
      { { WANT_IO, "192.168.77.1", "stor0" } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "host_traddr is host_traddr",
      { { WANT_IO, "192.168.77.1", NULL } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,host_traddr=192.168.77.1",
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "host_traddr mapped",
      { { WANT_IO, "::ffff:192.168.77.1", NULL } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "other host_traddr",
      { { WANT_IO, "192.168.77.2", "stor0" } },
      "tcp",
      ADDR_IFACE,
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    { "no host_traddr wanted: any will do",
      { { WANT_IO, NULL, "stor0" } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,host_traddr=192.168.77.7,host_iface=stor0,"
      "src_addr=192.168.77.7",
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "host_traddr unknown to kernel",
      { { WANT_IO, "192.168.77.1", NULL } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420",
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    /* discovery controllers and TP8013 */
    { "DC, well-known NQN",
      { { WANT_DC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      NMNVME_NQN_DISCOVERY,
      HOSTNQN,
      "discovery",
      TRUE },
    { "DC with its unique NQN (TP8013)",
      { { WANT_DC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      CDC,
      HOSTNQN,
      "discovery",
      TRUE },
    { "DC, unique NQN, before 5.18",
      { { WANT_DC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      CDC,
      HOSTNQN,
      NULL,
      FALSE },
    { "an IOC is no unique-NQN DC",
      { { WANT_DC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      CDC,
      HOSTNQN,
      "io",
      FALSE },
    { "unique NQN wanted, another shown",
      { { "tcp", "192.168.77.100", "8009", CDC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      "nqn.2026-01.com.example:cdc2",
      HOSTNQN,
      "discovery",
      FALSE },
    { "unique NQN wanted, well-known shown",
      { { "tcp", "192.168.77.100", "8009", CDC, NULL, "stor0" } },
      "tcp",
      ADDR_DC,
      NMNVME_NQN_DISCOVERY,
      HOSTNQN,
      "discovery",
      FALSE },
    { "DC with host_iface mismatch",
      { { WANT_DC, NULL, "stor0" } },
      "tcp",
      "traddr=192.168.77.100,trsvcid=8009",
      CDC,
      HOSTNQN,
      "discovery",
      FALSE },
    /* fc: case-insensitive addresses, no port */
    { "fc",
      { { "fc", "NN-0x20000090FAC7E0A1:PN-0x10000090FAC7E0A1", NULL, VOL1, FC_HOST, NULL } },
      "fc",
      "traddr=" FC_ADDR ",host_traddr=" FC_HOST,
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "fc, other host port",
      { { "fc", FC_ADDR, NULL, VOL1, FC_HOST, NULL } },
      "fc",
      "traddr=" FC_ADDR ",host_traddr=nn-0x1:pn-0x2",
      VOL1,
      HOSTNQN,
      "io",
      FALSE },
    /* a log entry's rdma and fc controllers, from a session on stor0: the
     * kernel shows no host_iface for them (issue 14, defect 6) */
    { "rdma from a session's log entry",
      { { "rdma", "192.168.77.100", "4420", VOL1, NULL, "stor0" } },
      "rdma",
      "traddr=192.168.77.100,trsvcid=4420",
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "fc from a session's log entry",
      { { "fc", FC_ADDR, NULL, VOL1, FC_HOST, "stor0" } },
      "fc",
      "traddr=" FC_ADDR ",host_traddr=" FC_HOST,
      VOL1,
      HOSTNQN,
      "io",
      TRUE },
    { "PCIe", { { WANT_IO, NULL, NULL } }, "pcie", "0000:01:00.0", VOL1, NULL, "io", FALSE },
};

static void
test_matches_kernel(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(match_rows); i++) {
        const MatchRow *r          = &match_rows[i];
        g_autoptr(NMNvmeTrid) want = trid_new(&r->want);
        g_autoptr(NMNvmeKernelCtrl) k =
            kernel_ctrl(r->transport, r->address, r->subsysnqn, r->hostnqn, r->cntrltype);

        g_test_message("%s", r->what);
        g_assert_nonnull(k);
        g_assert_cmpint(nmnvme_trid_matches_kernel(want, k, HOSTNQN), ==, r->matches);
    }
}

/* A host identity of its own: in the key, in the match (in place of the
 * engine's), and "any host" matches whatever the host side. */
static void
test_with_host(void)
{
    g_autoptr(NMNvmeTrid) base  = nmnvme_trid_new("tcp", "10.0.0.1", "4420", "nqn.x", NULL, "eth0");
    g_autoptr(NMNvmeTrid) fw    = nmnvme_trid_new_with_host(base, "nqn.fw", "id-fw", FALSE);
    g_autoptr(NMNvmeTrid) boot  = nmnvme_trid_new_with_host(base, "nqn.fw", "id-fw", TRUE);
    g_autoptr(NMNvmeTrid) copy  = nmnvme_trid_copy(boot);
    g_autoptr(NMNvmeKernelCtrl) k_fw =
        kernel_ctrl("tcp", "traddr=10.0.0.1,trsvcid=4420,host_iface=eth0", "nqn.x", "nqn.fw", "io");
    g_autoptr(NMNvmeKernelCtrl) k_etc =
        kernel_ctrl("tcp", "traddr=10.0.0.1,trsvcid=4420,host_iface=eth0", "nqn.x", "nqn.etc", "io");
    g_autoptr(NMNvmeKernelCtrl) k_bare =
        kernel_ctrl("tcp", "traddr=10.0.0.1,trsvcid=4420", "nqn.x", "nqn.etc", "io");
    g_autofree char *text = nmnvme_trid_to_string(boot);

    g_assert_false(nmnvme_trid_equal(base, fw));
    g_assert_false(nmnvme_trid_equal(fw, boot));
    g_assert_true(nmnvme_trid_equal(boot, copy));
    g_assert_cmpuint(nmnvme_trid_hash(boot), ==, nmnvme_trid_hash(copy));
    g_assert_cmpstr(nmnvme_trid_get_hostid(copy), ==, "id-fw");
    g_assert_true(nmnvme_trid_get_any_host(copy));
    g_assert_cmpstr(text, ==, "nqn.x@10.0.0.1:4420 via eth0 as nqn.fw (boot)");
    /* the trid's host NQN, not the engine's */
    g_assert_true(nmnvme_trid_matches_kernel(fw, k_fw, "nqn.etc"));
    g_assert_false(nmnvme_trid_matches_kernel(fw, k_etc, "nqn.etc"));
    g_assert_true(nmnvme_trid_matches_kernel(base, k_etc, "nqn.etc"));
    /* any host: without host_iface, with another host NQN */
    g_assert_false(nmnvme_trid_matches_kernel(fw, k_bare, "nqn.etc"));
    g_assert_true(nmnvme_trid_matches_kernel(boot, k_bare, "nqn.etc"));
    g_assert_true(nmnvme_trid_matches_kernel(boot, k_etc, "nqn.etc"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/trid/new", test_new);
    g_test_add_func("/trid/from-uri", test_from_uri);
    g_test_add_func("/trid/to-string", test_to_string);
    g_test_add_func("/trid/equal", test_equal);
    g_test_add_func("/trid/equal-null", test_equal_null);
    g_test_add_func("/trid/from-log-entry", test_from_log_entry);
    g_test_add_func("/trid/host-iface-tcp-only", test_host_iface_tcp_only);
    g_test_add_func("/trid/from-kernel-ctrl", test_from_kernel_ctrl);
    g_test_add_func("/trid/with-host", test_with_host);
    g_test_add_func("/trid/matches-kernel", test_matches_kernel);
    return g_test_run();
}
