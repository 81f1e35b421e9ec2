/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-engine-nbft.c: the GetNbft view (nmnvme-engine-nbft.h): the table's
 * records with their kernel controllers (any interface, any host NQN:
 * connected, device, registry owner) and the interfaces their HFIs are;
 * no table: "available" false with the reason; the holder before a read.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "nmnvme-engine-nbft.h"

#define SUBNQN "nqn.2026-01.io.example:boot"
#define OTHER  "nqn.2026-01.io.example:other"
#define CDC    "nqn.2026-01.io.example:cdc"
#define HOST   "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"

static NMNvmeKernelCtrl *
kernel_ctrl(const char *name,
            const char *address,
            const char *subsysnqn,
            const char *cntrltype,
            const char *owner)
{
    g_autoptr(GHashTable) attrs = g_hash_table_new(g_str_hash, g_str_equal);
    NMNvmeKernelCtrl *kc;

    g_hash_table_insert(attrs, (char *) "transport", (char *) "tcp");
    g_hash_table_insert(attrs, (char *) "address", (char *) address);
    g_hash_table_insert(attrs, (char *) "subsysnqn", (char *) subsysnqn);
    g_hash_table_insert(attrs, (char *) "state", (char *) "live");
    g_hash_table_insert(attrs,
                        (char *) "hostnqn",
                        (char *) "nqn.2014-08.org.nvmexpress:uuid:other-host");
    g_hash_table_insert(attrs, (char *) "cntrltype", (char *) cntrltype);
    kc = nmnvme_kernel_ctrl_new(name, attrs, NULL);
    g_assert_nonnull(kc);
    kc->owner = g_strdup(owner);
    return kc;
}

static NMNvmeNbft *
table(void)
{
    NMNvmeNbft          *nbft   = nmnvme_nbft_new("/sys/firmware/acpi/tables/NBFT", HOST, NULL);
    NMNvmeNbftHfi       *hfi    = nmnvme_nbft_hfi_new();
    NMNvmeNbftSubsys    *subsys = nmnvme_nbft_subsys_new();
    NMNvmeNbftSubsys    *other  = nmnvme_nbft_subsys_new();
    NMNvmeNbftDiscovery *disc   = nmnvme_nbft_discovery_new();
    guint                one    = 1;

    hfi->index     = 1;
    hfi->transport = g_strdup("tcp");
    g_assert_true(nmnvme_nbft_parse_mac("52:54:00:12:34:56", hfi->mac));
    hfi->vlan   = 100;
    hfi->ip     = g_strdup("192.168.77.10");
    hfi->prefix = 24;
    nmnvme_nbft_add_hfi(nbft, hfi);
    disc->index     = 1;
    disc->hfi_index = 1;
    disc->uri       = g_strdup("nvme+tcp://192.168.77.100:8009/");
    disc->nqn       = g_strdup(CDC);
    nmnvme_nbft_add_discovery(nbft, disc);
    subsys->index           = 1;
    subsys->transport       = g_strdup("tcp");
    subsys->traddr          = g_strdup("192.168.77.100");
    subsys->subsysnqn       = g_strdup(SUBNQN); /* port unset: 4420 */
    subsys->nsid            = 1;
    subsys->discovery_index = 1;
    g_array_append_val(subsys->hfis, one);
    nmnvme_nbft_add_subsys(nbft, subsys);
    other->index     = 2;
    other->transport = g_strdup("tcp");
    other->traddr    = g_strdup("192.168.77.101");
    other->trsvcid   = g_strdup("4421");
    other->subsysnqn = g_strdup(OTHER);
    g_array_append_val(other->hfis, one);
    nmnvme_nbft_add_subsys(nbft, other);
    return nbft;
}

static GVariant *
child(GVariant *view, const char *key, gsize i)
{
    g_autoptr(GVariant) list = g_variant_lookup_value(view, key, G_VARIANT_TYPE("aa{sv}"));

    g_assert_nonnull(list);
    g_assert_cmpuint(g_variant_n_children(list), >, i);
    return g_variant_get_child_value(list, i);
}

static void
assert_kernel_state(GVariant *record, gboolean connected, const char *device, const char *owner)
{
    gboolean    c;
    const char *d;
    const char *o;

    g_assert_true(g_variant_lookup(record, "connected", "b", &c));
    g_assert_true(g_variant_lookup(record, "device", "&s", &d));
    g_assert_true(g_variant_lookup(record, "owner", "&s", &o));
    g_assert_cmpint(c, ==, connected);
    g_assert_cmpstr(d, ==, device);
    g_assert_cmpstr(o, ==, owner);
}

static void
test_view(void)
{
    g_autoptr(NMNvmeNbft) nbft = table();
    g_autoptr(GPtrArray) ctrls =
        g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_kernel_ctrl_free);
    g_autoptr(GHashTable) ifaces = g_hash_table_new(NULL, NULL);
    g_autoptr(GVariant) view     = NULL;
    g_autoptr(GVariant) hfi      = NULL;
    g_autoptr(GVariant) subsys   = NULL;
    g_autoptr(GVariant) other    = NULL;
    g_autoptr(GVariant) disc     = NULL;
    g_autoptr(GVariant) hfis     = NULL;
    const char *s;
    gboolean    b;
    guint16     q;

    /* the initramfs's boot controller: another host NQN, bound to no
     * interface; a controller of another port is not it */
    g_ptr_array_add(
        ctrls,
        kernel_ctrl("nvme0", "traddr=192.168.77.100,trsvcid=4420", SUBNQN, "io", "nbft"));
    g_ptr_array_add(
        ctrls,
        kernel_ctrl("nvme1", "traddr=192.168.77.101,trsvcid=4420", OTHER, "io", "nm-nvme"));
    g_ptr_array_add(ctrls,
                    kernel_ctrl("nvme2",
                                "traddr=192.168.77.100,trsvcid=8009,host_iface=ens3",
                                CDC,
                                "discovery",
                                NULL));
    g_hash_table_insert(ifaces, GUINT_TO_POINTER(1), (char *) "ens3.100");

    view = nmnvme_engine_nbft_build_view(nbft, NULL, ctrls, ifaces);
    g_assert_true(g_variant_lookup(view, "available", "b", &b) && b);
    g_assert_false(g_variant_lookup(view, "reason", "&s", &s));
    g_assert_true(g_variant_lookup(view, "host-nqn", "&s", &s));
    g_assert_cmpstr(s, ==, HOST);
    g_assert_true(g_variant_lookup(view, "host-id", "&s", &s));
    g_assert_cmpstr(s, ==, "");

    hfi = child(view, "hfis", 0);
    g_assert_true(g_variant_lookup(hfi, "mac", "&s", &s));
    g_assert_cmpstr(s, ==, "52:54:00:12:34:56");
    g_assert_true(g_variant_lookup(hfi, "vlan", "q", &q));
    g_assert_cmpuint(q, ==, 100);
    g_assert_true(g_variant_lookup(hfi, "interface", "&s", &s));
    g_assert_cmpstr(s, ==, "ens3.100");
    g_assert_true(g_variant_lookup(hfi, "gateway", "&s", &s));
    g_assert_cmpstr(s, ==, "");

    subsys = child(view, "subsystems", 0);
    g_assert_true(g_variant_lookup(subsys, "trsvcid", "&s", &s));
    g_assert_cmpstr(s, ==, "");
    hfis = g_variant_lookup_value(subsys, "hfis", G_VARIANT_TYPE("au"));
    g_assert_cmpuint(g_variant_n_children(hfis), ==, 1);
    assert_kernel_state(subsys, TRUE, "nvme0", "nbft");
    other = child(view, "subsystems", 1);
    assert_kernel_state(other, FALSE, "", "");
    disc = child(view, "discovery", 0);
    assert_kernel_state(disc, TRUE, "nvme2", "");
}

static void
test_view_unavailable(void)
{
    g_autoptr(GVariant) view = nmnvme_engine_nbft_build_view(NULL, "no NBFT in /x", NULL, NULL);
    g_autoptr(GVariant) hfis = NULL;
    const char *s;
    gboolean    b;

    g_assert_true(g_variant_lookup(view, "available", "b", &b));
    g_assert_false(b);
    g_assert_true(g_variant_lookup(view, "reason", "&s", &s));
    g_assert_cmpstr(s, ==, "no NBFT in /x");
    hfis = g_variant_lookup_value(view, "hfis", G_VARIANT_TYPE("aa{sv}"));
    g_assert_cmpuint(g_variant_n_children(hfis), ==, 0);
    g_assert_true(g_variant_is_of_type(view, G_VARIANT_TYPE_VARDICT));
}

/* Without a folder (tests) nothing is read: "none"; with one, the state
 * says so until the first read ends. */
static void
test_holder_states(void)
{
    NMNvmeEngineNbft *none    = nmnvme_engine_nbft_new(NULL, NULL, NULL);
    NMNvmeEngineNbft *pending = nmnvme_engine_nbft_new("/nonexistent", NULL, NULL);

    nmnvme_engine_nbft_load(none);
    g_assert_cmpstr(nmnvme_engine_nbft_get_status(none), ==, "none");
    g_assert_null(nmnvme_engine_nbft_get_table(none));
    g_assert_cmpstr(nmnvme_engine_nbft_get_status(pending), ==, "unavailable: not read yet");
    nmnvme_engine_nbft_free(none);
    nmnvme_engine_nbft_free(pending);
}

static void
on_loaded(NMNvmeEngineNbft *nbft, gpointer user_data)
{
    *(gboolean *) user_data = TRUE;
}

/* A read of a folder without NBFT: "none" (or "unavailable: ..." where
 * libnvme cannot read NBFTs at all), and the callback runs. */
static void
test_holder_read(void)
{
    g_autoptr(GError) error  = NULL;
    g_autofree char  *dir    = g_dir_make_tmp("test-engine-nbft-XXXXXX", &error);
    gboolean          loaded = FALSE;
    NMNvmeEngineNbft *nbft;

    g_assert_no_error(error);
    nbft = nmnvme_engine_nbft_new(dir, on_loaded, &loaded);
    nmnvme_engine_nbft_load(nbft);
    while (!loaded)
        g_main_context_iteration(NULL, TRUE);
    if (NMNVME_HAVE_NBFT)
        g_assert_cmpstr(nmnvme_engine_nbft_get_status(nbft), ==, "none");
    else
        g_assert_cmpstr(
            nmnvme_engine_nbft_get_status(nbft),
            ==,
            "unavailable: NBFT support needs libnvme >= 1.5 (this build has " NMNVME_LIBNVME_VERSION
            ")");
    g_assert_null(nmnvme_engine_nbft_get_table(nbft));
    nmnvme_engine_nbft_free(nbft);
    g_rmdir(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/engine-nbft/view", test_view);
    g_test_add_func("/engine-nbft/view-unavailable", test_view_unavailable);
    g_test_add_func("/engine-nbft/holder-states", test_holder_states);
    g_test_add_func("/engine-nbft/holder-read", test_holder_read);
    return g_test_run();
}
