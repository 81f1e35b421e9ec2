/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-wants.c: what a session wants from its settings and its discovery
 * controllers' logs: configured + listed, minus exclusions and other address
 * families; referrals; origins carried while a log is unknown.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-log-entry.h"
#include "nmnvme-nqn.h"
#include "nmnvme-wants.h"
#include "test-util.h"

#define PFX "nqn.2026-11.io.example:"
#define A   "192.168.77.100"

static NMNvmeSettings *
settings_new(void)
{
    g_autoptr(GHashTable) d = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(d, (gpointer) "nvme.discovery", (gpointer) "nvme+tcp://" A ":4420");
    g_hash_table_insert(d,
                        (gpointer) "nvme.controllers",
                        (gpointer) "nvme+tcp://10.9.9.9/" PFX "manual");
    g_hash_table_insert(d, (gpointer) "nvme.exclude", (gpointer) "subsysnqn=" PFX "excluded");
    g_hash_table_insert(d, (gpointer) "nvme.ip-family", (gpointer) "ipv4");
    return nmnvme_settings_new_from_data(d, NULL);
}

static NMNvmeLogEntry *
entry(guint8      subtype,
      guint8      adrfam,
      const char *traddr,
      const char *trsvcid,
      const char *nqn,
      guint16     eflags)
{
    NMNvmeDiscLogEntryRaw raw;

    memset(&raw, 0, sizeof(raw));
    raw.trtype  = NMNVME_TRTYPE_TCP;
    raw.adrfam  = adrfam;
    raw.subtype = subtype;
    raw.eflags  = GUINT16_TO_LE(eflags);
    g_strlcpy(raw.traddr, traddr, sizeof(raw.traddr));
    g_strlcpy(raw.trsvcid, trsvcid, sizeof(raw.trsvcid));
    g_strlcpy(raw.subnqn, nqn, sizeof(raw.subnqn));
    return nmnvme_log_entry_new(&raw, NULL);
}

static NMNvmeCtrl *
ctrl_add(GHashTable    *table,
         NMNvmeCtrlKind kind,
         const char    *traddr,
         const char    *svc,
         const char    *nqn)
{
    NMNvmeCtrl *ctrl =
        nmnvme_ctrl_new(NULL, kind, nmnvme_trid_new("tcp", traddr, svc, nqn, NULL, "stor0"));

    g_hash_table_insert(table, g_strdup(ctrl->key), ctrl);
    return ctrl;
}

static GHashTable *
table_new(void)
{
    return g_hash_table_new_full(g_str_hash,
                                 g_str_equal,
                                 g_free,
                                 (GDestroyNotify) nmnvme_ctrl_unref);
}

static NMNvmeWant *
lookup(GHashTable *wants, const char *traddr, const char *svc, const char *nqn)
{
    g_autoptr(NMNvmeTrid) trid = nmnvme_trid_new("tcp", traddr, svc, nqn, NULL, "stor0");
    g_autofree char *key       = nmnvme_trid_to_string(trid);

    return g_hash_table_lookup(wants, key);
}

static void
test_io_and_referrals(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new();
    g_autoptr(GHashTable) dcs   = table_new();
    g_autoptr(GHashTable) iocs  = table_new();
    g_autoptr(GHashTable) io    = NULL;
    g_autoptr(GHashTable) disc  = NULL;
    NMNvmeCtrl *dc1 = ctrl_add(dcs, NMNVME_CTRL_KIND_DISCOVERY, A, "4420", NMNVME_NQN_DISCOVERY);
    NMNvmeCtrl *dc2 =
        ctrl_add(dcs, NMNVME_CTRL_KIND_DISCOVERY, "192.168.77.101", "8009", NMNVME_NQN_DISCOVERY);
    NMNvmeCtrl *carried = ctrl_add(iocs, NMNVME_CTRL_KIND_IO, "192.168.77.101", "4420", PFX "b");
    NMNvmeCtrl *gone    = ctrl_add(iocs, NMNVME_CTRL_KIND_IO, A, "4420", PFX "gone");
    NMNvmeWant *w;

    dc1->log          = g_new0(NMNvmeDiscoveryLog, 1);
    dc1->log->entries = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    g_ptr_array_add(dc1->log->entries,
                    entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, A, "4420", PFX "a", 0));
    g_ptr_array_add(dc1->log->entries,
                    entry(NMNVME_DISC_SUBTYPE_NVME,
                          NMNVME_ADRFAM_IP4,
                          A,
                          "4420",
                          PFX "ncc",
                          NMNVME_DISC_EFLAGS_NCC));
    g_ptr_array_add(
        dc1->log->entries,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, A, "4420", PFX "excluded", 0));
    g_ptr_array_add(
        dc1->log->entries,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP6, "fe80::1", "4420", PFX "v6", 0));
    g_ptr_array_add(dc1->log->entries,
                    entry(NMNVME_DISC_SUBTYPE_REFERRAL,
                          NMNVME_ADRFAM_IP4,
                          "192.168.77.101",
                          "8009",
                          NMNVME_NQN_DISCOVERY,
                          0));
    g_ptr_array_add(
        dc1->log->entries, /* a referral to itself */
        entry(NMNVME_DISC_SUBTYPE_REFERRAL, NMNVME_ADRFAM_IP4, A, "4420", NMNVME_NQN_DISCOVERY, 0));
    g_ptr_array_add(
        dc1->log->entries,
        entry(NMNVME_DISC_SUBTYPE_CURRENT, NMNVME_ADRFAM_IP4, A, "4420", NMNVME_NQN_DISCOVERY, 0));
    /* dc2 has no log yet: what it listed before stays wanted */
    g_hash_table_add(carried->origins, g_strdup(dc2->key));
    /* dc1 has a log that no longer lists this one */
    g_hash_table_add(gone->origins, g_strdup(dc1->key));

    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, NULL, NULL);
    g_assert_cmpuint(g_hash_table_size(io), ==, 4);
    w = lookup(io, "10.9.9.9", "4420", PFX "manual");
    g_assert_true(w && w->configured && g_hash_table_size(w->origins) == 0);
    w = lookup(io, A, "4420", PFX "a");
    g_assert_true(w && !w->configured && !w->ncc && g_hash_table_contains(w->origins, dc1->key));
    w = lookup(io, A, "4420", PFX "ncc");
    g_assert_true(w && w->ncc);
    w = lookup(io, "192.168.77.101", "4420", PFX "b");
    /* dc2 is not connected: nothing will tell soon, so it is connected */
    g_assert_true(w && g_hash_table_contains(w->origins, dc2->key) && !w->held);
    g_assert_false(lookup(io, A, "4420", PFX "a")->held);
    g_assert_false(lookup(io, "10.9.9.9", "4420", PFX "manual")->held);
    g_assert_null(lookup(io, A, "4420", PFX "excluded"));
    g_assert_null(lookup(io, "fe80::1", "4420", PFX "v6"));
    g_assert_null(lookup(io, A, "4420", PFX "gone"));

    /* dc2 connected (a restarted daemon's), its log still to come: held */
    nmnvme_ctrl_set_device(dc2, "nvme7", "nm-nvme", TRUE);
    g_clear_pointer(&io, g_hash_table_unref);
    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, NULL, NULL);
    g_assert_true(lookup(io, "192.168.77.101", "4420", PFX "b")->held);
    g_assert_false(lookup(io, A, "4420", PFX "a")->held);
    /* also listed by a log that is here: not held */
    g_hash_table_add(carried->origins, g_strdup(dc1->key));
    g_ptr_array_add(
        dc1->log->entries,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "192.168.77.101", "4420", PFX "b", 0));
    g_clear_pointer(&io, g_hash_table_unref);
    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, NULL, NULL);
    g_assert_false(lookup(io, "192.168.77.101", "4420", PFX "b")->held);
    nmnvme_ctrl_set_device(dc2, NULL, NULL, FALSE);

    disc = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_DISCOVERY, dcs, dcs, NULL, NULL);
    g_assert_cmpuint(g_hash_table_size(disc), ==, 2);
    w = lookup(disc, A, "4420", NMNVME_NQN_DISCOVERY);
    g_assert_true(w && w->configured && g_hash_table_size(w->origins) == 0);
    w = lookup(disc, "192.168.77.101", "8009", NMNVME_NQN_DISCOVERY);
    g_assert_true(w && !w->configured && g_hash_table_contains(w->origins, dc1->key));
}

static void
test_referral_bound(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autoptr(GHashTable) dcs   = table_new();
    g_autoptr(GHashTable) disc  = NULL;
    NMNvmeCtrl *dc = ctrl_add(dcs, NMNVME_CTRL_KIND_DISCOVERY, A, "8009", NMNVME_NQN_DISCOVERY);

    dc->log          = g_new0(NMNvmeDiscoveryLog, 1);
    dc->log->entries = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    for (guint i = 0; i < 500; i++) {
        g_autofree char *addr = g_strdup_printf("10.1.%u.%u", i / 250, i % 250 + 1);

        g_ptr_array_add(dc->log->entries,
                        entry(NMNVME_DISC_SUBTYPE_REFERRAL,
                              NMNVME_ADRFAM_IP4,
                              addr,
                              "8009",
                              NMNVME_NQN_DISCOVERY,
                              0));
    }
    disc = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_DISCOVERY, dcs, dcs, NULL, NULL);
    nmnvme_test_assert_warned("*more than 64 referrals, ignoring the rest*");
    g_assert_cmpuint(g_hash_table_size(disc), ==, NMNVME_WANTS_MAX_REFERRALS);
}

/* Discovery controllers found by mDNS are wanted with the "mdns" origin,
 * next to configured ones, with nvme.ip-family and nvme.exclude applied;
 * only discovery controllers are read from the list. */
static void
test_zeroconf(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new(); /* ipv4 only */
    g_autoptr(GHashTable) dcs   = table_new();
    g_autoptr(GHashTable) iocs  = table_new();
    g_autoptr(GHashTable) disc  = NULL;
    g_autoptr(GHashTable) io    = NULL;
    g_autoptr(GPtrArray) found  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);
    NMNvmeWant *w;

    g_ptr_array_add(
        found,
        nmnvme_trid_new("tcp", "192.168.77.50", "8009", NMNVME_NQN_DISCOVERY, NULL, "stor0"));
    g_ptr_array_add(
        found,
        nmnvme_trid_new("tcp", "fe80::50", "8009", NMNVME_NQN_DISCOVERY, NULL, "stor0"));
    /* the same controller as the configured one: both flags */
    g_ptr_array_add(found, nmnvme_trid_new("tcp", A, "4420", NMNVME_NQN_DISCOVERY, NULL, "stor0"));

    disc = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_DISCOVERY, dcs, dcs, found, NULL);
    g_assert_cmpuint(g_hash_table_size(disc), ==, 2);
    w = lookup(disc, "192.168.77.50", "8009", NMNVME_NQN_DISCOVERY);
    g_assert_true(w && !w->configured);
    g_assert_true(g_hash_table_contains(w->origins, NMNVME_WANTS_ORIGIN_ZEROCONF));
    g_assert_null(lookup(disc, "fe80::50", "8009", NMNVME_NQN_DISCOVERY)); /* ip-family ipv4 */
    w = lookup(disc, A, "4420", NMNVME_NQN_DISCOVERY);
    g_assert_true(w && w->configured &&
                  g_hash_table_contains(w->origins, NMNVME_WANTS_ORIGIN_ZEROCONF));

    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, found, NULL);
    g_assert_cmpuint(g_hash_table_size(io), ==, 1); /* nvme.controllers only */
}

/* The NBFT's controllers (origin "nbft") with the table's host NQN; what
 * an NBFT discovery controller lists inherits that host NQN. */
static void
test_nbft(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autoptr(GHashTable) dcs   = table_new();
    g_autoptr(GHashTable) iocs  = table_new();
    g_autoptr(GHashTable) disc  = NULL;
    g_autoptr(GHashTable) io    = NULL;
    g_autoptr(GPtrArray) fw_dcs = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);
    g_autoptr(GPtrArray) fw_io  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);
    g_autoptr(NMNvmeTrid) plain_dc =
        nmnvme_trid_new("tcp", A, "8009", NMNVME_NQN_DISCOVERY, NULL, "stor0");
    g_autoptr(NMNvmeTrid) plain_io  = nmnvme_trid_new("tcp", A, "4420", PFX "boot", NULL, "stor0");
    g_autoptr(NMNvmeTrid) listed    = nmnvme_trid_new("tcp", A, "4420", PFX "a", NULL, "stor0");
    g_autoptr(NMNvmeTrid) listed_fw = nmnvme_trid_new_with_host(listed, "nqn.fw", "id-fw", FALSE);
    g_autofree char *listed_key     = nmnvme_trid_to_string(listed_fw);
    NMNvmeCtrl      *dc;
    NMNvmeWant      *w;

    g_ptr_array_add(fw_dcs, nmnvme_trid_new_with_host(plain_dc, "nqn.fw", "id-fw", FALSE));
    g_ptr_array_add(fw_io, nmnvme_trid_new_with_host(plain_io, "nqn.fw", "id-fw", TRUE));
    disc = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_DISCOVERY, dcs, dcs, NULL, fw_dcs);
    g_assert_cmpuint(g_hash_table_size(disc), ==, 1);
    w = g_hash_table_lookup(disc,
                            "nqn.2014-08.org.nvmexpress.discovery@" A ":8009 via stor0 as nqn.fw");
    g_assert_true(w && !w->configured &&
                  g_hash_table_contains(w->origins, NMNVME_WANTS_ORIGIN_NBFT));

    dc = nmnvme_ctrl_new(NULL, NMNVME_CTRL_KIND_DISCOVERY, nmnvme_trid_copy(w->trid));
    g_hash_table_insert(dcs, g_strdup(dc->key), dc);
    dc->log          = g_new0(NMNvmeDiscoveryLog, 1);
    dc->log->entries = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    g_ptr_array_add(dc->log->entries,
                    entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, A, "4420", PFX "a", 0));
    /* the log lists the boot subsystem too: the same want, no second path */
    g_ptr_array_add(dc->log->entries,
                    entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, A, "4420", PFX "boot", 0));
    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, NULL, fw_io);
    g_assert_cmpuint(g_hash_table_size(io), ==, 2);
    w = g_hash_table_lookup(io, PFX "boot@" A ":4420 via stor0 as nqn.fw (boot)");
    g_assert_true(w && g_hash_table_contains(w->origins, NMNVME_WANTS_ORIGIN_NBFT));
    g_assert_true(g_hash_table_contains(w->origins, dc->key));
    w = g_hash_table_lookup(io, listed_key);
    g_assert_nonnull(w);
    g_assert_true(g_hash_table_contains(w->origins, dc->key));
    g_assert_cmpstr(nmnvme_trid_get_hostid(w->trid), ==, "id-fw");
    g_assert_false(nmnvme_trid_get_any_host(w->trid));
}

/* nvme.exclude on each field drops log entries before a transport ID is
 * made for them (issue 18): on the entry's own fields, in the forms the
 * sanitation gave them (port without leading zeros) and the filter's
 * (an IPv6 address in any spelling), for I/O controllers and referrals. */
static void
test_exclude_log_entries(void)
{
    g_autoptr(GHashTable) d     = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeSettings) s = NULL;
    g_autoptr(GHashTable) dcs   = table_new();
    g_autoptr(GHashTable) iocs  = table_new();
    g_autoptr(GHashTable) io    = NULL;
    g_autoptr(GHashTable) disc  = NULL;
    NMNvmeCtrl *dc = ctrl_add(dcs, NMNVME_CTRL_KIND_DISCOVERY, A, "8009", NMNVME_NQN_DISCOVERY);
    GPtrArray  *e;

    g_hash_table_insert(d,
                        (gpointer) "nvme.exclude",
                        (gpointer) "trsvcid=4430 traddr=2001:db8::5 transport=rdma "
                                   "subsysnqn=" PFX "x traddr=10.0.0.6,trsvcid=4420");
    s = nmnvme_settings_new_from_data(d, NULL);
    g_assert_nonnull(s);
    dc->log          = g_new0(NMNvmeDiscoveryLog, 1);
    dc->log->entries = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    e                = dc->log->entries;
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "10.0.0.1", "4430", PFX "a", 0));
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP6, "2001:0db8:0::5", "4420", PFX "a", 0));
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "10.0.0.3", "4420", PFX "x", 0));
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "10.0.0.6", "04420", PFX "a", 0));
    /* one field of a two-field filter is not enough */
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "10.0.0.6", "4421", PFX "a", 0));
    g_ptr_array_add(
        e,
        entry(NMNVME_DISC_SUBTYPE_NVME, NMNVME_ADRFAM_IP4, "10.0.0.4", "04420", PFX "kept", 0));
    g_ptr_array_add(e,
                    entry(NMNVME_DISC_SUBTYPE_REFERRAL,
                          NMNVME_ADRFAM_IP4,
                          "10.0.0.9",
                          "4430",
                          NMNVME_NQN_DISCOVERY,
                          0));
    g_ptr_array_add(e,
                    entry(NMNVME_DISC_SUBTYPE_REFERRAL,
                          NMNVME_ADRFAM_IP4,
                          "10.0.0.9",
                          "8009",
                          NMNVME_NQN_DISCOVERY,
                          0));
    {
        NMNvmeDiscLogEntryRaw raw;

        memset(&raw, 0, sizeof(raw));
        raw.trtype  = NMNVME_TRTYPE_RDMA;
        raw.adrfam  = NMNVME_ADRFAM_IP4;
        raw.subtype = NMNVME_DISC_SUBTYPE_NVME;
        g_strlcpy(raw.traddr, "10.0.0.2", sizeof(raw.traddr));
        g_strlcpy(raw.trsvcid, "4420", sizeof(raw.trsvcid));
        g_strlcpy(raw.subnqn, PFX "a", sizeof(raw.subnqn));
        g_ptr_array_add(e, nmnvme_log_entry_new(&raw, NULL));
    }
    for (guint i = 0; i < e->len; i++)
        g_assert_nonnull(e->pdata[i]);

    io = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_IO, dcs, iocs, NULL, NULL);
    g_assert_cmpuint(g_hash_table_size(io), ==, 2);
    g_assert_nonnull(lookup(io, "10.0.0.4", "4420", PFX "kept"));
    g_assert_nonnull(lookup(io, "10.0.0.6", "4421", PFX "a"));
    disc = nmnvme_wants_compute(s, "stor0", NMNVME_CTRL_KIND_DISCOVERY, dcs, dcs, NULL, NULL);
    g_assert_cmpuint(g_hash_table_size(disc), ==, 1);
    g_assert_nonnull(lookup(disc, "10.0.0.9", "8009", NMNVME_NQN_DISCOVERY));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    nmnvme_test_capture_warnings();
    g_test_add_func("/wants/io-and-referrals", test_io_and_referrals);
    g_test_add_func("/wants/referral-bound", test_referral_bound);
    g_test_add_func("/wants/zeroconf", test_zeroconf);
    g_test_add_func("/wants/nbft", test_nbft);
    g_test_add_func("/wants/exclude-log-entries", test_exclude_log_entries);
    return g_test_run();
}
