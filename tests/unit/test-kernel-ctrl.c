/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-kernel-ctrl.c: kernel controller snapshots: building them from
 * attribute values, type and state rules, and reading and scanning a fake
 * sysfs tree made in a temporary directory. (The VM lab reads the real one.)
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "nmnvme-error.h"
#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-nqn.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define HOSTID  "7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define CDC_NQN "nqn.2026-01.com.example:cdc"
#define VOL_NQN "nqn.2026-01.com.example:vol1"

/* attribute name, value, ..., NULL -> hash table */
static GHashTable *
attrs_new(const char *const *kv)
{
    GHashTable *attrs = g_hash_table_new(g_str_hash, g_str_equal);

    for (; kv && kv[0]; kv += 2)
        g_hash_table_insert(attrs, (char *) kv[0], (char *) kv[1]);
    return attrs;
}

static void
test_new(void)
{
    static const char *const attrs[] = {
        "transport", "tcp\n",
        "address",   "traddr=192.168.77.100,trsvcid=8009,host_iface=stor0,src_addr=192.168.77.1\n",
        "subsysnqn", CDC_NQN "\n",
        "hostnqn",   HOSTNQN "\n",
        "hostid",    HOSTID "\n",
        "cntrltype", "discovery\n",
        "dctype",    "cdc\n",
        "state",     "live\n",
        "model",     "Linux\n",
        NULL,
    };
    g_autoptr(GHashTable) table      = attrs_new(attrs);
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeKernelCtrl) ctrl = nmnvme_kernel_ctrl_new("nvme12", table, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(ctrl->name, ==, "nvme12");
    g_assert_cmpuint(ctrl->instance, ==, 12);
    g_assert_cmpstr(ctrl->transport, ==, "tcp");
    g_assert_cmpstr(ctrl->address->traddr, ==, "192.168.77.100");
    g_assert_cmpstr(ctrl->address->trsvcid, ==, "8009");
    g_assert_cmpstr(ctrl->address->host_iface, ==, "stor0");
    g_assert_cmpstr(ctrl->address->src_addr, ==, "192.168.77.1");
    g_assert_cmpstr(ctrl->subsysnqn, ==, CDC_NQN);
    g_assert_cmpstr(ctrl->hostnqn, ==, HOSTNQN);
    g_assert_cmpstr(ctrl->hostid, ==, HOSTID);
    g_assert_cmpstr(ctrl->cntrltype, ==, "discovery");
    g_assert_cmpstr(ctrl->dctype, ==, "cdc");
    g_assert_cmpstr(ctrl->state, ==, "live");
    g_assert_cmpint(nmnvme_kernel_ctrl_get_type(ctrl), ==, NMNVME_CTRL_TYPE_DISCOVERY);
}

/* Linux 6.12: `tls_key` (the negotiated PSK's serial) on a TLS controller,
 * empty before the handshake, absent without TLS; 7.x adds `tls_mode`. */
static void
test_secure(void)
{
    static const char *const tls612[] = {
        "transport", "tcp\n", "subsysnqn", CDC_NQN "\n", "state", "live\n",
        "tls_key", "1b2c3d4e\n", NULL,
    };
    static const char *const concat[] = {
        "transport", "tcp\n", "subsysnqn", CDC_NQN "\n", "state", "live\n",
        "tls_key", "1b2c3d4e\n", "tls_mode", "concat\n", NULL,
    };
    static const char *const pending[] = {
        "transport", "tcp\n", "subsysnqn", CDC_NQN "\n", "state", "connecting\n",
        "tls_key", "", NULL,
    };
    static const char *const plain[] = {
        "transport", "tcp\n", "subsysnqn", CDC_NQN "\n", "state", "live\n", NULL,
    };
    const char *const *cases[]  = { tls612, concat, pending, plain };
    const char        *want[]   = { "tls", "concat", NULL, NULL };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GHashTable) table      = attrs_new(cases[i]);
        g_autoptr(NMNvmeKernelCtrl) ctrl = nmnvme_kernel_ctrl_new("nvme3", table, NULL);

        g_assert_nonnull(ctrl);
        g_assert_cmpstr(nmnvme_kernel_ctrl_get_secure(ctrl), ==, want[i]);
    }
}

static void
test_new_minimal(void)
{
    /* a 5.x PCIe controller: no hostnqn, hostid, cntrltype, dctype; empty ones unset */
    static const char *const attrs[] = {
        "transport", "pcie\n",     "address", "0000:01:00.0\n",
        "subsysnqn", VOL_NQN "\n", "state",   "live\n",
        "hostid",    " \n",        NULL,
    };
    g_autoptr(GHashTable) table      = attrs_new(attrs);
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeKernelCtrl) ctrl = nmnvme_kernel_ctrl_new("nvme0", table, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(ctrl->instance, ==, 0);
    g_assert_nonnull(ctrl->address);
    g_assert_null(ctrl->address->traddr);
    g_assert_null(ctrl->hostnqn);
    g_assert_null(ctrl->hostid);
    g_assert_null(ctrl->cntrltype);
    g_assert_null(ctrl->dctype);
}

static void
test_new_bad(void)
{
    static const struct {
        const char *name;
        const char *transport;
        const char *subsysnqn;
        const char *state;
        const char *why;
    } rows[] = {
        { "nvme", "tcp", VOL_NQN, "live", "'nvme' is not a controller name" },
        { "nvmex", "tcp", VOL_NQN, "live", "'nvmex' is not a controller name" },
        { "nvme-subsys1", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme1n1", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme+1", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme 1", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "xnvme1", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvmf1", "tcp", VOL_NQN, "live", "'nvmf1' is not a controller name" },
        { "abcd12", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme0x1", "tcp", VOL_NQN, "live", "is not a controller name" },
        /* the kernel never writes a leading zero (found by fuzz-sysfs) */
        { "nvme05", "tcp", VOL_NQN, "live", "'nvme05' is not a controller name" },
        /* strtoull() skips a vertical tab (found by fuzz-sysfs) */
        { "nvme\v3", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme 3", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme99999999999", "tcp", VOL_NQN, "live", "is not a controller name" },
        { "nvme1", NULL, VOL_NQN, "live", "nvme1: attribute 'transport' is missing" },
        { "nvme1", "tcp", NULL, "live", "nvme1: attribute 'subsysnqn' is missing" },
        { "nvme1", "tcp", VOL_NQN, NULL, "nvme1: attribute 'state' is missing" },
        { "nvme1", "\n", VOL_NQN, "live", "attribute 'transport' is missing or empty" },
        { "nvme1", "tcp", VOL_NQN, "  ", "attribute 'state' is missing or empty" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GHashTable) table      = g_hash_table_new(g_str_hash, g_str_equal);
        g_autoptr(GError) error          = NULL;
        g_autoptr(NMNvmeKernelCtrl) ctrl = NULL;

        if (rows[i].transport)
            g_hash_table_insert(table, (char *) "transport", (char *) rows[i].transport);
        if (rows[i].subsysnqn)
            g_hash_table_insert(table, (char *) "subsysnqn", (char *) rows[i].subsysnqn);
        if (rows[i].state)
            g_hash_table_insert(table, (char *) "state", (char *) rows[i].state);
        ctrl = nmnvme_kernel_ctrl_new(rows[i].name, table, &error);
        g_test_message("row %u -> %s", i, error ? error->message : "(accepted!)");
        g_assert_null(ctrl);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, rows[i].why));
    }
}

static NMNvmeKernelCtrl *
ctrl_new(const char *cntrltype, const char *subsysnqn, const char *state)
{
    g_autoptr(GHashTable) table = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(table, (char *) "transport", (char *) "tcp");
    g_hash_table_insert(table, (char *) "subsysnqn", (char *) subsysnqn);
    g_hash_table_insert(table, (char *) "state", (char *) state);
    if (cntrltype)
        g_hash_table_insert(table, (char *) "cntrltype", (char *) cntrltype);
    return nmnvme_kernel_ctrl_new("nvme1", table, NULL);
}

static void
test_type(void)
{
    static const struct {
        const char    *cntrltype;
        const char    *subsysnqn;
        NMNvmeCtrlType type;
    } rows[] = {
        { "io", VOL_NQN, NMNVME_CTRL_TYPE_IO },
        { "discovery", CDC_NQN, NMNVME_CTRL_TYPE_DISCOVERY },
        { "discovery", NMNVME_NQN_DISCOVERY, NMNVME_CTRL_TYPE_DISCOVERY },
        { "admin", VOL_NQN, NMNVME_CTRL_TYPE_OTHER },
        { "reserved", VOL_NQN, NMNVME_CTRL_TYPE_OTHER },
        /* before 5.18: decided by the NQN; a unique DC NQN looks like I/O */
        { NULL, NMNVME_NQN_DISCOVERY, NMNVME_CTRL_TYPE_DISCOVERY },
        { NULL, VOL_NQN, NMNVME_CTRL_TYPE_IO },
        { NULL, CDC_NQN, NMNVME_CTRL_TYPE_IO },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeKernelCtrl) ctrl = ctrl_new(rows[i].cntrltype, rows[i].subsysnqn, "live");

        g_test_message("row %u", i);
        g_assert_cmpint(nmnvme_kernel_ctrl_get_type(ctrl), ==, rows[i].type);
    }
}

static void
test_going_away(void)
{
    static const struct {
        const char *state;
        gboolean    going;
    } rows[] = {
        { "new", FALSE },        { "live", FALSE },    { "resetting", FALSE },
        { "connecting", FALSE }, { "deleting", TRUE }, { "deleting (no IO)", TRUE },
        { "dead", TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeKernelCtrl) ctrl = ctrl_new("io", VOL_NQN, rows[i].state);

        g_test_message("%s", rows[i].state);
        g_assert_cmpint(nmnvme_kernel_ctrl_is_going_away(ctrl), ==, rows[i].going);
    }
}

/* ---- fake sysfs ---- */

static void
write_file(const char *dir, const char *name, const char *contents)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, contents, -1, NULL));
}

/* Creates @dir with one file per attribute (name, contents, ..., NULL). */
static void
make_ctrl_dir(const char *dir, const char *const *kv)
{
    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    for (; kv && kv[0]; kv += 2)
        write_file(dir, kv[0], kv[1]);
}

static void
rm_rf(const char *path)
{
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;

    while (dir && !g_file_test(path, G_FILE_TEST_IS_SYMLINK) && (name = g_dir_read_name(dir))) {
        g_autofree char *child = g_build_filename(path, name, NULL);

        rm_rf(child);
    }
    if (dir && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
        g_assert_cmpint(g_rmdir(path), ==, 0);
    else
        g_assert_cmpint(g_unlink(path), ==, 0);
}

static const char *const tcp_io_attrs[] = {
    "transport", "tcp\n",
    "address",   "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1\n",
    "subsysnqn", VOL_NQN "\n",
    "hostnqn",   HOSTNQN "\n",
    "hostid",    HOSTID "\n",
    "cntrltype", "io\n",
    "dctype",    "none\n",
    "state",     "connecting\n",
    "numa_node", "-1\n",
    NULL,
};

typedef struct {
    char *root;  /* the temporary directory */
    char *class; /* root/class/nvme */
} Sysfs;

static void
sysfs_setup(Sysfs *fx, gconstpointer data)
{
    static const char *const pcie_attrs[] = {
        "transport", "pcie\n", "address",   "0000:01:00.0\n", "subsysnqn", VOL_NQN "\n",
        "state",     "live\n", "cntrltype", "io\n",           NULL,
    };
    static const char *const cdc_attrs[] = {
        "transport", "tcp\n",
        "address",   "traddr=192.168.77.100,trsvcid=8009,host_iface=stor0\n",
        "subsysnqn", CDC_NQN "\n",
        "hostnqn",   HOSTNQN "\n",
        "cntrltype", "discovery\n",
        "dctype",    "cdc\n",
        "state",     "live\n",
        NULL,
    };
    /* 5.15: no cntrltype, no dctype */
    static const char *const old_attrs[] = {
        "transport", "tcp\n",      "address", "traddr=10.0.0.5,trsvcid=4420\n",
        "subsysnqn", VOL_NQN "\n", "hostnqn", HOSTNQN "\n",
        "state",     "live\n",     NULL,
    };
    /* being deleted: its required files are already gone */
    static const char *const gone_attrs[] = { "address", "traddr=10.0.0.9\n", NULL };
    g_autofree char         *devices      = NULL;
    g_autofree char         *target       = NULL;
    g_autofree char         *link         = NULL;
    g_autofree char         *dir          = NULL;

    fx->root  = g_dir_make_tmp("test-kernel-ctrl-XXXXXX", NULL);
    fx->class = g_build_filename(fx->root, "class", "nvme", NULL);
    devices   = g_build_filename(fx->root, "devices", NULL);
    g_assert_cmpint(g_mkdir_with_parents(fx->class, 0755), ==, 0);

#define MAKE(name, attrs)                              \
    do {                                               \
        g_free(dir);                                   \
        dir = g_build_filename(fx->class, name, NULL); \
        make_ctrl_dir(dir, attrs);                     \
    } while (0)
    MAKE("nvme0", pcie_attrs);
    MAKE("nvme1", cdc_attrs);
    MAKE("nvme2", old_attrs);
    MAKE("nvme3", gone_attrs);
    MAKE("nvme-subsys0", old_attrs); /* not a controller name */
    MAKE("nvme1n1", old_attrs);      /* neither */
#undef MAKE
    /* like real sysfs, a class entry that is a symlink into devices/ */
    target = g_build_filename(devices, "nvme10", NULL);
    make_ctrl_dir(target, tcp_io_attrs);
    link = g_build_filename(fx->class, "nvme10", NULL);
    g_assert_cmpint(symlink(target, link), ==, 0);
}

static void
sysfs_teardown(Sysfs *fx, gconstpointer data)
{
    rm_rf(fx->root);
    g_free(fx->root);
    g_free(fx->class);
}

static void
test_read(Sysfs *fx, gconstpointer data)
{
    g_autofree char *path            = g_build_filename(fx->class, "nvme10", NULL);
    g_autofree char *gone            = g_build_filename(fx->class, "nvme3", NULL);
    g_autofree char *absent          = g_build_filename(fx->class, "nvme99", NULL);
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeKernelCtrl) ctrl = nmnvme_kernel_ctrl_read(path, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(ctrl->name, ==, "nvme10");
    g_assert_cmpuint(ctrl->instance, ==, 10);
    g_assert_cmpstr(ctrl->transport, ==, "tcp");
    g_assert_cmpstr(ctrl->address->traddr, ==, "192.168.77.100");
    g_assert_cmpstr(ctrl->address->host_iface, ==, "stor0");
    g_assert_cmpstr(ctrl->subsysnqn, ==, VOL_NQN);
    g_assert_cmpstr(ctrl->hostnqn, ==, HOSTNQN);
    g_assert_cmpstr(ctrl->hostid, ==, HOSTID);
    g_assert_cmpstr(ctrl->cntrltype, ==, "io");
    g_assert_cmpstr(ctrl->dctype, ==, "none");
    g_assert_cmpstr(ctrl->state, ==, "connecting");
    g_clear_pointer(&ctrl, nmnvme_kernel_ctrl_free);

    ctrl = nmnvme_kernel_ctrl_read(gone, &error);
    g_assert_null(ctrl);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "nvme3/transport"));
    g_clear_error(&error);

    ctrl = nmnvme_kernel_ctrl_read(absent, &error);
    g_assert_null(ctrl);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "nvme99"));
}

static void
test_scan(Sysfs *fx, gconstpointer data)
{
    static const struct {
        const char    *name;
        const char    *transport;
        NMNvmeCtrlType type;
    } expected[] = {
        { "nvme0", "pcie", NMNVME_CTRL_TYPE_IO },
        { "nvme1", "tcp", NMNVME_CTRL_TYPE_DISCOVERY },
        { "nvme2", "tcp", NMNVME_CTRL_TYPE_IO },
        { "nvme10", "tcp", NMNVME_CTRL_TYPE_IO },
    };
    g_autoptr(GError) error    = NULL;
    g_autoptr(GPtrArray) ctrls = nmnvme_kernel_ctrl_scan(fx->class, NULL, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(ctrls->len, ==, G_N_ELEMENTS(expected));
    for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
        const NMNvmeKernelCtrl *ctrl = ctrls->pdata[i];

        g_assert_cmpstr(ctrl->name, ==, expected[i].name);
        g_assert_cmpstr(ctrl->transport, ==, expected[i].transport);
        g_assert_cmpint(nmnvme_kernel_ctrl_get_type(ctrl), ==, expected[i].type);
    }
}

static void
test_scan_no_class(Sysfs *fx, gconstpointer data)
{
    g_autofree char *absent    = g_build_filename(fx->root, "class", "absent", NULL);
    g_autoptr(GError) error    = NULL;
    g_autoptr(GPtrArray) ctrls = nmnvme_kernel_ctrl_scan(absent, NULL, &error);

    g_assert_no_error(error);
    g_assert_nonnull(ctrls);
    g_assert_cmpuint(ctrls->len, ==, 0);
}

/* The names of @ctrls, "nvme0 nvme1 ...". */
static char *
scanned_names(GPtrArray *ctrls)
{
    GString *names = g_string_new(NULL);

    for (guint i = 0; i < ctrls->len; i++)
        g_string_append_printf(names,
                               "%s%s",
                               i ? " " : "",
                               ((const NMNvmeKernelCtrl *) ctrls->pdata[i])->name);
    return g_string_free(names, FALSE);
}

static void
test_scan_errors(Sysfs *fx, gconstpointer data)
{
    g_autofree char *file         = g_build_filename(fx->class, "nvme0", "state", NULL);
    g_autofree char *bad          = g_build_filename(fx->class, "nvme4", NULL);
    g_autofree char *isdir        = g_build_filename(bad, "transport", NULL);
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) skipped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) ctrls    = NULL;
    g_autofree char *names        = NULL;

    /* the class "directory" is a file */
    g_assert_null(nmnvme_kernel_ctrl_scan(file, skipped, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "nvme0/state"));
    g_clear_error(&error);

    /* a controller that exists but cannot be read is skipped, named, and
     * the others are still there (issue 14, defect 2) */
    make_ctrl_dir(bad, tcp_io_attrs);
    g_assert_cmpint(g_unlink(isdir), ==, 0);
    g_assert_cmpint(g_mkdir(isdir, 0755), ==, 0);
    ctrls = nmnvme_kernel_ctrl_scan(fx->class, skipped, &error);
    g_assert_no_error(error);
    names = scanned_names(ctrls);
    g_assert_cmpstr(names, ==, "nvme0 nvme1 nvme2 nvme10");
    g_assert_cmpuint(g_hash_table_size(skipped), ==, 1);
    g_assert_nonnull(strstr(g_hash_table_lookup(skipped, "nvme4"), "nvme4/transport"));
    g_clear_pointer(&ctrls, g_ptr_array_unref);
    g_clear_pointer(&names, g_free);
    g_hash_table_remove_all(skipped);

    /* so is one with an empty required attribute (being torn down) */
    g_assert_cmpint(g_rmdir(isdir), ==, 0);
    write_file(bad, "transport", "tcp\n");
    write_file(bad, "state", "\n");
    ctrls = nmnvme_kernel_ctrl_scan(fx->class, skipped, &error);
    g_assert_no_error(error);
    names = scanned_names(ctrls);
    g_assert_cmpstr(names, ==, "nvme0 nvme1 nvme2 nvme10");
    g_assert_nonnull(strstr(g_hash_table_lookup(skipped, "nvme4"), "nvme4: attribute 'state'"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/kernel-ctrl/secure", test_secure);
    g_test_add_func("/kernel-ctrl/new", test_new);
    g_test_add_func("/kernel-ctrl/new-minimal", test_new_minimal);
    g_test_add_func("/kernel-ctrl/new-bad", test_new_bad);
    g_test_add_func("/kernel-ctrl/type", test_type);
    g_test_add_func("/kernel-ctrl/going-away", test_going_away);
    g_test_add("/kernel-ctrl/read", Sysfs, NULL, sysfs_setup, test_read, sysfs_teardown);
    g_test_add("/kernel-ctrl/scan", Sysfs, NULL, sysfs_setup, test_scan, sysfs_teardown);
    g_test_add("/kernel-ctrl/scan-no-class",
               Sysfs,
               NULL,
               sysfs_setup,
               test_scan_no_class,
               sysfs_teardown);
    g_test_add("/kernel-ctrl/scan-errors",
               Sysfs,
               NULL,
               sysfs_setup,
               test_scan_errors,
               sysfs_teardown);
    return g_test_run();
}
