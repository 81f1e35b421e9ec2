/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-iface-hw.c: an interface's MAC address and VLAN ID as the NBFT
 * matching reads them (nmnvme-iface-hw.h), from a fake /sys/class/net and
 * /proc/net/vlan; synchronously and on a worker.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-iface-hw.h"
#include "test-util.h"

typedef struct {
    char *root;
    char *net;
    char *vlan;
} Fixture;

static void
put(const char *dir, const char *name, const char *text)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *up   = g_path_get_dirname(path);

    g_assert_cmpint(g_mkdir_with_parents(up, 0755), ==, 0);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void
setup(Fixture *f, gconstpointer data)
{
    f->root = g_dir_make_tmp("test-iface-hw-XXXXXX", NULL);
    f->net  = g_build_filename(f->root, "net", NULL);
    f->vlan = g_build_filename(f->root, "vlan", NULL);
    put(f->net, "eth0/address", "52:54:00:12:34:56\n");
    put(f->net, "eth0.20/address", "52:54:00:12:34:56\n");
    put(f->vlan, "eth0.20", "eth0.20  VID: 20\t REORDER_HDR: 1  dev->priv_flags: 1001\n");
    put(f->net, "ib0/address", "80:00:02:08:fe:80:00:00:00:00:00:00:00:00:00:00:00:00:00:01\n");
    put(f->net, "bad.1/address", "52:54:00:12:34:56\n");
    put(f->vlan, "bad.1", "bad.1 REORDER_HDR: 1\n");
}

static void
teardown(Fixture *f, gconstpointer data)
{
    nmnvme_test_rm_rf(f->root);
    g_free(f->root);
    g_free(f->net);
    g_free(f->vlan);
}

static void
test_plain_and_vlan(Fixture *f, gconstpointer data)
{
    static const guint8 mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    g_autoptr(GError) error    = NULL;
    NMNvmeIfaceHw hw;

    g_assert_true(nmnvme_iface_hw_read(f->net, f->vlan, "eth0", &hw, &error));
    g_assert_no_error(error);
    g_assert_cmpmem(hw.mac, 6, mac, 6);
    g_assert_cmpuint(hw.vlan, ==, 0); /* no /proc/net/vlan entry */
    g_assert_true(nmnvme_iface_hw_read(f->net, f->vlan, "eth0.20", &hw, &error));
    g_assert_cmpmem(hw.mac, 6, mac, 6);
    g_assert_cmpuint(hw.vlan, ==, 20);
}

static void
test_errors(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    NMNvmeIfaceHw hw        = { .vlan = 7 };

    g_assert_false(nmnvme_iface_hw_read(f->net, f->vlan, "gone0", &hw, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error(&error);
    g_assert_false(nmnvme_iface_hw_read(f->net, f->vlan, "ib0", &hw, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true(strstr(error->message, "ib0/address: '80:00:") != NULL);
    g_clear_error(&error);
    g_assert_false(nmnvme_iface_hw_read(f->net, f->vlan, "bad.1", &hw, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true(g_str_has_suffix(error->message, "bad.1: no VLAN ID (VID:)"));
    g_assert_cmpuint(hw.vlan, ==, 7); /* a failure changes nothing */
}

static void
on_read(GObject *source, GAsyncResult *result, gpointer user_data)
{
    NMNvmeIfaceHw *hw       = user_data;
    g_autoptr(GError) error = NULL;

    g_assert_true(nmnvme_iface_hw_read_finish(result, hw, &error));
    g_assert_no_error(error);
}

static void
test_async(Fixture *f, gconstpointer data)
{
    NMNvmeIfaceHw hw = { 0 };

    nmnvme_iface_hw_read_async(f->net, f->vlan, "eth0.20", NULL, on_read, &hw);
    while (hw.vlan == 0)
        g_main_context_iteration(NULL, TRUE);
    g_assert_cmpuint(hw.vlan, ==, 20);
    g_assert_cmpuint(hw.mac[5], ==, 0x56);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/iface-hw/plain-and-vlan", Fixture, NULL, setup, test_plain_and_vlan, teardown);
    g_test_add("/iface-hw/errors", Fixture, NULL, setup, test_errors, teardown);
    g_test_add("/iface-hw/async", Fixture, NULL, setup, test_async, teardown);
    return g_test_run();
}
