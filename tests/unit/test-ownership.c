/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-ownership.c: the ownership decision table and the re-check before
 * a delete (a recycled name) (nmnvme-ownership.h).
 */
#include "config.h"

#include <gio/gio.h>

#include "nmnvme-ownership.h"
#include "nmnvme-registry.h"

#define VOL1 "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"
#define HOST "nqn.2014-08.org.nvmexpress:uuid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

typedef struct {
    const char     *owner;
    gboolean        recorded;
    NMNvmeOwnership expect;
    gboolean        adopt;
    gboolean        disconnect;
} Row;

static void
test_table(void)
{
    static const Row rows[] = {
        { "nm-nvme", TRUE, NMNVME_OWNERSHIP_OURS, TRUE, TRUE },
        { "nm-nvme", FALSE, NMNVME_OWNERSHIP_ORPHAN, TRUE, FALSE },
        { "nbft", TRUE, NMNVME_OWNERSHIP_FOREIGN, FALSE, FALSE },
        { "stas", FALSE, NMNVME_OWNERSHIP_FOREIGN, FALSE, FALSE },
        { "discoverd", FALSE, NMNVME_OWNERSHIP_FOREIGN, FALSE, FALSE },
        { "nm-nvme2", TRUE, NMNVME_OWNERSHIP_FOREIGN, FALSE, FALSE },
        { "", TRUE, NMNVME_OWNERSHIP_UNOWNED, FALSE, FALSE },
        { NULL, FALSE, NMNVME_OWNERSHIP_UNOWNED, FALSE, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeOwnership o = nmnvme_ownership_decide(rows[i].owner, rows[i].recorded);

        g_test_message("%s %d -> %s", rows[i].owner, rows[i].recorded, nmnvme_ownership_to_string(o));
        g_assert_cmpint(o, ==, rows[i].expect);
        g_assert_cmpint(nmnvme_ownership_may_adopt(o), ==, rows[i].adopt);
        g_assert_cmpint(nmnvme_ownership_may_disconnect(o), ==, rows[i].disconnect);
    }
}

static NMNvmeKernelCtrl *
kernel_ctrl(const char *address, const char *subsysnqn)
{
    g_autoptr(GHashTable) attrs = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(attrs, (char *) "transport", (char *) "tcp");
    g_hash_table_insert(attrs, (char *) "address", (char *) address);
    g_hash_table_insert(attrs, (char *) "subsysnqn", (char *) subsysnqn);
    g_hash_table_insert(attrs, (char *) "state", (char *) "live");
    g_hash_table_insert(attrs, (char *) "hostnqn", (char *) HOST);
    g_hash_table_insert(attrs, (char *) "cntrltype", (char *) "io");
    return nmnvme_kernel_ctrl_new("nvme3", attrs, NULL);
}

static void
test_recycled(void)
{
    g_autoptr(NMNvmeTrid) ours = nmnvme_trid_new("tcp", "192.168.77.100", "4420", VOL1, NULL, "stor0");
    g_autoptr(NMNvmeKernelCtrl) same =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1", VOL1);
    /* a hand-made controller that got the number: no host_iface */
    g_autoptr(NMNvmeKernelCtrl) by_hand =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,src_addr=192.168.77.1", VOL1);
    g_autoptr(NMNvmeKernelCtrl) other_subsys =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1",
                    VOL1 "-2");
    g_autoptr(GError) error = NULL;

    g_assert_true(nmnvme_ownership_check_delete("nvme3", ours, 0, same, "nm-nvme", HOST, &error));
    g_assert_no_error(error);

    g_assert_false(
        nmnvme_ownership_check_delete("nvme3", ours, 0, by_hand, "nm-nvme", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull(strstr(error->message, "name was reused"));
    g_clear_error(&error);

    g_assert_false(
        nmnvme_ownership_check_delete("nvme3", ours, 0, other_subsys, "nm-nvme", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error(&error);

    /* the same controller, but someone else's now (or unowned) */
    g_assert_false(nmnvme_ownership_check_delete("nvme3", ours, 0, same, "nbft", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull(strstr(error->message, "'nbft'"));
    g_clear_error(&error);
    g_assert_false(nmnvme_ownership_check_delete("nvme3", ours, 0, same, "", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error(&error);

    g_assert_false(nmnvme_ownership_check_delete("nvme3", ours, 0, NULL, "nm-nvme", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The same transport ID and our (stale) registry entry, but another sysfs
 * node: a recycled name (issue 14, defect 1); the same node: ours. */
static void
test_recycled_same_trid(void)
{
    g_autoptr(NMNvmeTrid) ours =
        nmnvme_trid_new("tcp", "192.168.77.100", "4420", VOL1, NULL, "stor0");
    g_autoptr(NMNvmeKernelCtrl) now =
        kernel_ctrl("traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1",
                    VOL1);
    g_autoptr(GError) error = NULL;

    now->ino = 4242;
    g_assert_true(nmnvme_ownership_check_delete("nvme3", ours, 4242, now, "nm-nvme", HOST, &error));
    g_assert_no_error(error);
    g_assert_false(
        nmnvme_ownership_check_delete("nvme3", ours, 4241, now, "nm-nvme", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_nonnull(strstr(error->message, "name was reused"));
    g_clear_error(&error);
    /* a sysfs node that could not be stat()ed is not the one we recorded */
    now->ino = 0;
    g_assert_false(
        nmnvme_ownership_check_delete("nvme3", ours, 4242, now, "nm-nvme", HOST, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ownership/table", test_table);
    g_test_add_func("/ownership/recycled", test_recycled);
    g_test_add_func("/ownership/recycled-same-trid", test_recycled_same_trid);
    return g_test_run();
}
