/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-nbft.c: the NBFT model's pure questions (nmnvme-nbft.h): which HFI
 * an interface is (MAC and VLAN), which controllers an HFI wants (SSNS
 * records, discovery records), and which kernel controllers are boot
 * controllers.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-nbft.h"
#include "nmnvme-nqn.h"

#define NBFT_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:0b0b0b0b-0000-4000-8000-000000000001"
#define NBFT_HOSTID  "0b0b0b0b-0000-4000-8000-000000000001"
#define ETC_HOSTNQN  "nqn.2014-08.org.nvmexpress:uuid:7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define BOOT_NQN     "nqn.2026-01.com.example:boot"
#define DATA_NQN     "nqn.2026-01.com.example:data"

static const guint8 MAC1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const guint8 MAC2[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

static void
add_hfi(NMNvmeNbft *nbft, guint index, const guint8 mac[6], guint16 vlan)
{
    NMNvmeNbftHfi *hfi = nmnvme_nbft_hfi_new();

    hfi->index     = index;
    hfi->transport = g_strdup("tcp");
    memcpy(hfi->mac, mac, 6);
    hfi->vlan = vlan;
    nmnvme_nbft_add_hfi(nbft, hfi);
}

/* An SSNS record reached through the HFIs in @hfis (0-terminated). */
static void
add_subsys(NMNvmeNbft *nbft,
           guint       index,
           const char *traddr,
           const char *trsvcid,
           const char *nqn,
           const guint hfis[])
{
    NMNvmeNbftSubsys *subsys = nmnvme_nbft_subsys_new();

    subsys->index     = index;
    subsys->transport = g_strdup("tcp");
    subsys->traddr    = g_strdup(traddr);
    subsys->trsvcid   = g_strdup(trsvcid);
    subsys->subsysnqn = g_strdup(nqn);
    for (guint i = 0; hfis[i]; i++)
        g_array_append_val(subsys->hfis, hfis[i]);
    nmnvme_nbft_add_subsys(nbft, subsys);
}

static void
add_discovery(NMNvmeNbft *nbft, guint index, guint hfi_index, const char *uri, const char *nqn)
{
    NMNvmeNbftDiscovery *disc = nmnvme_nbft_discovery_new();

    disc->index     = index;
    disc->hfi_index = hfi_index;
    disc->uri       = g_strdup(uri);
    disc->nqn       = g_strdup(nqn);
    nmnvme_nbft_add_discovery(nbft, disc);
}

/* Two HFIs: 1 = MAC1 untagged, 2 = MAC1 on VLAN 20; boot volume through
 * both, a data volume through 2 only (listed twice, as two namespaces
 * are), a subsystem without port through 1. */
static NMNvmeNbft *
table_new(void)
{
    NMNvmeNbft *nbft = nmnvme_nbft_new("/sys/firmware/acpi/tables/NBFT", NBFT_HOSTNQN, NBFT_HOSTID);

    add_hfi(nbft, 1, MAC1, 0);
    add_hfi(nbft, 2, MAC1, 20);
    add_subsys(nbft, 1, "192.168.77.100", "4420", BOOT_NQN, (const guint[]){ 1, 2, 0 });
    add_subsys(nbft, 2, "192.168.78.100", "4420", DATA_NQN, (const guint[]){ 2, 0 });
    add_subsys(nbft, 3, "192.168.78.100", "4420", DATA_NQN, (const guint[]){ 2, 0 });
    add_subsys(nbft, 4, "192.168.77.101", NULL, DATA_NQN, (const guint[]){ 1, 0 });
    add_discovery(nbft, 1, 1, "nvme+tcp://192.168.77.100:8009/", NULL);
    add_discovery(nbft, 2, 2, "nvme+tcp://192.168.78.100/", "nqn.2026-01.com.example:cdc");
    return nbft;
}

/* Builds a live kernel controller nvme7. */
static NMNvmeKernelCtrl *
kernel_ctrl(const char *address, const char *nqn, const char *hostnqn, const char *owner)
{
    g_autoptr(GHashTable) attrs = g_hash_table_new(g_str_hash, g_str_equal);
    NMNvmeKernelCtrl *kc;

    g_hash_table_insert(attrs, (char *) "transport", (char *) "tcp");
    g_hash_table_insert(attrs, (char *) "address", (char *) address);
    g_hash_table_insert(attrs, (char *) "subsysnqn", (char *) nqn);
    g_hash_table_insert(attrs, (char *) "state", (char *) "live");
    g_hash_table_insert(attrs, (char *) "cntrltype", (char *) "io");
    g_hash_table_insert(attrs, (char *) "hostnqn", (char *) hostnqn);
    kc = nmnvme_kernel_ctrl_new("nvme7", attrs, NULL);
    g_assert_nonnull(kc);
    kc->owner = g_strdup(owner);
    return kc;
}

static char *
trids_to_string(GPtrArray *trids)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < trids->len; i++) {
        g_autofree char *t = nmnvme_trid_to_string(trids->pdata[i]);

        g_string_append_printf(s, "%s%s", i ? "; " : "", t);
    }
    return g_string_free(s, FALSE);
}

/*****************************************************************************/
/* HFI ↔ interface */

static void
test_match_mac_vlan(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    const NMNvmeNbftHfi *untagged = nmnvme_nbft_match_interface(nbft, MAC1, 0);
    const NMNvmeNbftHfi *tagged   = nmnvme_nbft_match_interface(nbft, MAC1, 20);

    g_assert_nonnull(untagged);
    g_assert_cmpuint(untagged->index, ==, 1);
    g_assert_nonnull(tagged);
    g_assert_cmpuint(tagged->index, ==, 2);
    /* another VLAN on the same MAC, another MAC: none */
    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC1, 30));
    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC2, 0));
    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC2, 20));
}

/* A VLAN-tagged HFI is not its untagged parent, nor the other way round. */
static void
test_match_vlan_zero_vs_tagged(void)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NBFT_HOSTNQN, NULL);

    add_hfi(nbft, 1, MAC2, 5);
    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC2, 0));
    g_assert_nonnull(nmnvme_nbft_match_interface(nbft, MAC2, 5));
    nmnvme_nbft_free(g_steal_pointer(&nbft));
    nbft = nmnvme_nbft_new("NBFT", NBFT_HOSTNQN, NULL);
    add_hfi(nbft, 1, MAC2, 0);
    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC2, 5));
    g_assert_nonnull(nmnvme_nbft_match_interface(nbft, MAC2, 0));
}

static void
test_match_two_hfis(void)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NULL, NULL);

    add_hfi(nbft, 1, MAC1, 0);
    add_hfi(nbft, 2, MAC2, 0);
    g_assert_cmpuint(nmnvme_nbft_match_interface(nbft, MAC1, 0)->index, ==, 1);
    g_assert_cmpuint(nmnvme_nbft_match_interface(nbft, MAC2, 0)->index, ==, 2);
}

static void
test_match_empty_table(void)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NULL, NULL);

    g_assert_null(nmnvme_nbft_match_interface(nbft, MAC1, 0));
    g_assert_null(nmnvme_nbft_get_hostnqn(nbft));
}

static void
test_parse_mac(void)
{
    guint8 mac[6] = { 0 };

    g_assert_true(nmnvme_nbft_parse_mac("52:54:00:12:34:56", mac));
    g_assert_cmpmem(mac, 6, MAC1, 6);
    g_assert_true(nmnvme_nbft_parse_mac("52:54:00:12:34:57", mac));
    g_assert_cmpmem(mac, 6, MAC2, 6);
    g_assert_false(nmnvme_nbft_parse_mac("52:54:00:12:34", mac));
    g_assert_false(nmnvme_nbft_parse_mac("52-54-00-12-34-56", mac));
    g_assert_false(nmnvme_nbft_parse_mac("52:54:00:12:34:5g", mac));
    g_assert_false(nmnvme_nbft_parse_mac(NULL, mac));
    g_assert_cmpmem(mac, 6, MAC2, 6); /* a failure changes nothing */
}

/*****************************************************************************/
/* NBFT → wanted controllers */

static void
test_subsys_per_hfi(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    const NMNvmeNbftHfi *h1    = nmnvme_nbft_match_interface(nbft, MAC1, 0);
    const NMNvmeNbftHfi *h2    = nmnvme_nbft_match_interface(nbft, MAC1, 20);
    g_autoptr(GPtrArray) t1    = nmnvme_nbft_subsys_trids(nbft, h1, "eth0");
    g_autoptr(GPtrArray) t2    = nmnvme_nbft_subsys_trids(nbft, h2, "eth0.20");
    g_autofree char *s1        = trids_to_string(t1);
    g_autofree char *s2        = trids_to_string(t2);

    /* the multi-HFI boot volume in both, the duplicate once, the default
     * port filled in, each with the table's host NQN, matching any host */
    g_assert_cmpstr(s1,
                    ==,
                    BOOT_NQN "@192.168.77.100:4420 via eth0 as " NBFT_HOSTNQN " (boot); " DATA_NQN
                             "@192.168.77.101:4420 via eth0 as " NBFT_HOSTNQN " (boot)");
    g_assert_cmpstr(s2,
                    ==,
                    BOOT_NQN "@192.168.77.100:4420 via eth0.20 as " NBFT_HOSTNQN " (boot); " DATA_NQN
                             "@192.168.78.100:4420 via eth0.20 as " NBFT_HOSTNQN " (boot)");
    g_assert_cmpstr(nmnvme_trid_get_hostid(t1->pdata[0]), ==, NBFT_HOSTID);
    g_assert_cmpstr(nmnvme_trid_get_host_iface(t1->pdata[0]), ==, "eth0");
}

/* An HFI no SSNS uses wants none; a record without address is skipped. */
static void
test_subsys_none(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    g_autoptr(GPtrArray) trids = NULL;
    NMNvmeNbftSubsys *broken   = nmnvme_nbft_subsys_new();
    const NMNvmeNbftHfi *h3;
    const guint          three = 3;

    add_hfi(nbft, 3, MAC2, 0);
    broken->index     = 9;
    broken->transport = g_strdup("tcp");
    broken->subsysnqn = g_strdup(DATA_NQN);
    g_array_append_val(broken->hfis, three);
    nmnvme_nbft_add_subsys(nbft, broken);
    h3    = nmnvme_nbft_match_interface(nbft, MAC2, 0);
    trids = nmnvme_nbft_subsys_trids(nbft, h3, "eth1");
    g_assert_cmpuint(trids->len, ==, 0);
}

/* The wanted boot controller is the one the initramfs made: no host_iface,
 * another host address, any host NQN; not another subsystem or port. */
static void
test_subsys_matches_initramfs(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    g_autoptr(GPtrArray) trids =
        nmnvme_nbft_subsys_trids(nbft, nmnvme_nbft_match_interface(nbft, MAC1, 0), "eth0");
    const NMNvmeTrid *boot = trids->pdata[0];
    g_autoptr(NMNvmeKernelCtrl) initramfs =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,host_traddr=192.168.77.1",
                    BOOT_NQN,
                    ETC_HOSTNQN,
                    NULL);
    g_autoptr(NMNvmeKernelCtrl) other_port =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4421", BOOT_NQN, NBFT_HOSTNQN, NULL);
    g_autoptr(NMNvmeKernelCtrl) other_nqn =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420", DATA_NQN, NBFT_HOSTNQN, NULL);

    g_assert_true(nmnvme_trid_matches_kernel(boot, initramfs, ETC_HOSTNQN));
    g_assert_false(nmnvme_trid_matches_kernel(boot, other_port, ETC_HOSTNQN));
    g_assert_false(nmnvme_trid_matches_kernel(boot, other_nqn, ETC_HOSTNQN));
}

/* A wanted boot controller leads back to its record (digest flags). */
static void
test_find_subsys(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    g_autoptr(GPtrArray) trids =
        nmnvme_nbft_subsys_trids(nbft, nmnvme_nbft_match_interface(nbft, MAC1, 20), "eth0.20");
    g_autoptr(NMNvmeTrid) other =
        nmnvme_trid_new("tcp", "192.168.78.100", "4420", DATA_NQN, NULL, "eth0.20");

    g_assert_cmpuint(nmnvme_nbft_find_subsys(nbft, trids->pdata[0])->index, ==, 1);
    g_assert_cmpuint(nmnvme_nbft_find_subsys(nbft, trids->pdata[1])->index, ==, 2);
    g_assert_null(nmnvme_nbft_find_subsys(nbft, other)); /* not a boot trid */
}

static void
test_discovery_records(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    const NMNvmeNbftHfi *h1    = nmnvme_nbft_match_interface(nbft, MAC1, 0);
    const NMNvmeNbftHfi *h2    = nmnvme_nbft_match_interface(nbft, MAC1, 20);
    g_autoptr(GPtrArray) d1    = nmnvme_nbft_hfi_discovery(nbft, h1);
    g_autoptr(GPtrArray) d2    = nmnvme_nbft_hfi_discovery(nbft, h2);
    g_autoptr(GError) error    = NULL;
    g_autoptr(NMNvmeTrid) t1   = NULL;
    g_autoptr(NMNvmeTrid) t2   = NULL;
    g_autofree char *s1        = NULL;
    g_autofree char *s2        = NULL;

    g_assert_cmpuint(d1->len, ==, 1);
    g_assert_cmpuint(d2->len, ==, 1);
    t1 = nmnvme_nbft_discovery_trid(nbft, d1->pdata[0], "eth0", &error);
    g_assert_no_error(error);
    t2 = nmnvme_nbft_discovery_trid(nbft, d2->pdata[0], "eth0.20", &error);
    g_assert_no_error(error);
    s1 = nmnvme_trid_to_string(t1);
    s2 = nmnvme_trid_to_string(t2);
    /* the well-known NQN by default, the record's own when it has one; the
     * default port 8009; the table's host NQN; strict matching */
    g_assert_cmpstr(s1, ==, NMNVME_NQN_DISCOVERY "@192.168.77.100:8009 via eth0 as " NBFT_HOSTNQN);
    g_assert_cmpstr(s2,
                    ==,
                    "nqn.2026-01.com.example:cdc@192.168.78.100:8009 via eth0.20 as " NBFT_HOSTNQN);
    g_assert_false(nmnvme_trid_get_any_host(t1));
}

static void
test_discovery_bad_uri(void)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NBFT_HOSTNQN, NULL);
    g_autoptr(GError) error    = NULL;
    g_autoptr(NMNvmeTrid) trid = NULL;

    add_hfi(nbft, 1, MAC1, 0);
    add_discovery(nbft, 4, 1, "http://192.168.77.100/", NULL);
    trid = nmnvme_nbft_discovery_trid(nbft, nmnvme_nbft_get_discovery(nbft)->pdata[0], "eth0", &error);
    g_assert_null(trid);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true(g_str_has_prefix(error->message, "NBFT discovery record 4: uri 'http://192.168.77.100/': "));
}

/*****************************************************************************/
/* Boot controllers */

static void
test_boot_by_owner(void)
{
    g_autoptr(NMNvmeKernelCtrl) nbft_owned =
        kernel_ctrl("traddr=10.0.0.1,trsvcid=4420", DATA_NQN, ETC_HOSTNQN, NMNVME_NBFT_OWNER);
    g_autoptr(NMNvmeKernelCtrl) boot_owned =
        kernel_ctrl("traddr=10.0.0.1,trsvcid=4420", DATA_NQN, ETC_HOSTNQN, NMNVME_NBFT_OWNER_BOOT);
    g_autoptr(NMNvmeKernelCtrl) ours =
        kernel_ctrl("traddr=10.0.0.1,trsvcid=4420", DATA_NQN, ETC_HOSTNQN, "nm-nvme");

    /* without a table too */
    g_assert_true(nmnvme_nbft_is_boot_ctrl(NULL, nbft_owned));
    g_assert_true(nmnvme_nbft_is_boot_ctrl(NULL, boot_owned));
    g_assert_false(nmnvme_nbft_is_boot_ctrl(NULL, ours));
}

static void
test_boot_by_ssns(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    /* any interface, any host NQN, any owner (even ours) */
    g_autoptr(NMNvmeKernelCtrl) via_other_iface =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,host_iface=eth9",
                    BOOT_NQN,
                    ETC_HOSTNQN,
                    "nm-nvme");
    g_autoptr(NMNvmeKernelCtrl) no_iface =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420", BOOT_NQN, NBFT_HOSTNQN, NULL);
    /* the SSNS record without port: 4420 */
    g_autoptr(NMNvmeKernelCtrl) default_port =
        kernel_ctrl("traddr=192.168.77.101,trsvcid=4420", DATA_NQN, NBFT_HOSTNQN, NULL);

    g_assert_true(nmnvme_nbft_is_boot_ctrl(nbft, via_other_iface));
    g_assert_true(nmnvme_nbft_is_boot_ctrl(nbft, no_iface));
    g_assert_true(nmnvme_nbft_is_boot_ctrl(nbft, default_port));
}

static void
test_boot_no_match(void)
{
    g_autoptr(NMNvmeNbft) nbft = table_new();
    g_autoptr(NMNvmeKernelCtrl) other_addr =
        kernel_ctrl("traddr=192.168.77.102,trsvcid=4420", BOOT_NQN, NBFT_HOSTNQN, NULL);
    g_autoptr(NMNvmeKernelCtrl) other_port =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4421", BOOT_NQN, NBFT_HOSTNQN, NULL);
    g_autoptr(NMNvmeKernelCtrl) other_nqn =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420", DATA_NQN, NBFT_HOSTNQN, "nm-nvme");

    g_assert_false(nmnvme_nbft_is_boot_ctrl(nbft, other_addr));
    g_assert_false(nmnvme_nbft_is_boot_ctrl(nbft, other_port));
    g_assert_false(nmnvme_nbft_is_boot_ctrl(nbft, other_nqn));
}

/* The model is shared with the workers by reference. */
static void
test_ref(void)
{
    NMNvmeNbft *nbft = table_new();
    NMNvmeNbft *ref  = nmnvme_nbft_ref(nbft);

    nmnvme_nbft_free(nbft);
    g_assert_cmpuint(nmnvme_nbft_get_hfis(ref)->len, ==, 2);
    nmnvme_nbft_free(ref);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nbft/match/mac-vlan", test_match_mac_vlan);
    g_test_add_func("/nbft/match/vlan-zero-vs-tagged", test_match_vlan_zero_vs_tagged);
    g_test_add_func("/nbft/match/two-hfis", test_match_two_hfis);
    g_test_add_func("/nbft/match/empty-table", test_match_empty_table);
    g_test_add_func("/nbft/match/parse-mac", test_parse_mac);
    g_test_add_func("/nbft/wants/subsys-per-hfi", test_subsys_per_hfi);
    g_test_add_func("/nbft/wants/subsys-none", test_subsys_none);
    g_test_add_func("/nbft/wants/subsys-matches-initramfs", test_subsys_matches_initramfs);
    g_test_add_func("/nbft/wants/find-subsys", test_find_subsys);
    g_test_add_func("/nbft/wants/discovery", test_discovery_records);
    g_test_add_func("/nbft/wants/discovery-bad-uri", test_discovery_bad_uri);
    g_test_add_func("/nbft/boot/owner", test_boot_by_owner);
    g_test_add_func("/nbft/boot/ssns", test_boot_by_ssns);
    g_test_add_func("/nbft/boot/no-match", test_boot_no_match);
    g_test_add_func("/nbft/ref", test_ref);
    return g_test_run();
}
