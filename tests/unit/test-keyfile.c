/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-keyfile.c: the `[user]` group of a NetworkManager keyfile: read as
 * written by NetworkManager (escaped key names, key file string escapes),
 * a profile without the group, unreadable and malformed files.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "nmnvme-keyfile.h"
#include "test-util.h"

#define TMPL "test-keyfile-XXXXXX.nmconnection"

static void
test_user_group(void)
{
    g_autofree char *path =
        nmnvme_test_write_temp(TMPL,
                               "[connection]\nid=storage\ntype=ethernet\n\n"
                               "[user]\n"
                               "nvme.discovery=nvme+tcp://192.0.2.1 nvme+tcp://[fe80::1]\n"
                               "nvme.kato=45\n"
                               "org.example.a\\3db=x\\ty\n");
    g_autoptr(GError) error    = NULL;
    g_autoptr(GHashTable) data = nmnvme_keyfile_read_user_data(path, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(data), ==, 3);
    g_assert_cmpstr(g_hash_table_lookup(data, "nvme.discovery"),
                    ==,
                    "nvme+tcp://192.0.2.1 nvme+tcp://[fe80::1]");
    g_assert_cmpstr(g_hash_table_lookup(data, "nvme.kato"), ==, "45");
    /* NetworkManager writes '=' in a key as "\3d"; "\t" is a key file escape */
    g_assert_cmpstr(g_hash_table_lookup(data, "org.example.a=b"), ==, "x\ty");
    g_unlink(path);
}

static void
test_no_user_group(void)
{
    g_autofree char *path = nmnvme_test_write_temp(TMPL, "[connection]\nid=plain\ntype=ethernet\n");
    g_autoptr(GError) error    = NULL;
    g_autoptr(GHashTable) data = nmnvme_keyfile_read_user_data(path, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(data), ==, 0);
    g_unlink(path);
}

static void
test_unreadable(void)
{
    g_autofree char *path         = nmnvme_test_write_temp(TMPL, "this is not a key file\n");
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) bad     = nmnvme_keyfile_read_user_data(path, &error);
    g_autoptr(GHashTable) missing = NULL;

    g_assert_null(bad);
    g_assert_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE);
    g_assert_true(g_str_has_prefix(error->message, path));
    g_clear_error(&error);
    g_unlink(path);
    missing = nmnvme_keyfile_read_user_data(path, &error);
    g_assert_null(missing);
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyfile/user-group", test_user_group);
    g_test_add_func("/keyfile/no-user-group", test_no_user_group);
    g_test_add_func("/keyfile/unreadable", test_unreadable);
    return g_test_run();
}
