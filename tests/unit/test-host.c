/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-host.c: host identity files: loading, errors naming the file,
 * generation.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "nmnvme-error.h"
#include "nmnvme-host.h"
#include "nmnvme-nqn.h"

#define NQN "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define ID  "5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"

static char *
make_dir(void)
{
    return g_dir_make_tmp("nm-nvme-test-host-XXXXXX", NULL);
}

static void
write_file(const char *dir, const char *name, const char *contents)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, contents, -1, NULL));
}

static void
remove_dir(const char *dir)
{
    g_autofree char *nqn = g_build_filename(dir, "hostnqn", NULL);
    g_autofree char *id  = g_build_filename(dir, "hostid", NULL);

    g_unlink(nqn);
    g_unlink(id);
    g_rmdir(dir);
}

static void
test_load(void)
{
    g_autofree char *dir       = make_dir();
    g_autoptr(GError) error    = NULL;
    g_autoptr(NMNvmeHost) host = NULL;

    write_file(dir, "hostnqn", NQN "\n");
    write_file(dir, "hostid", "  " ID "  extra\n");
    host = nmnvme_host_load(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nmnvme_host_get_nqn(host), ==, NQN);
    g_assert_cmpstr(nmnvme_host_get_id(host), ==, ID);
    g_assert_nonnull(nmnvme_host_get_symname(host));
    remove_dir(dir);
}

static void
test_errors(void)
{
    static const struct {
        const char *nqn;
        const char *id;
        const char *why;
    } rows[] = {
        { NULL, ID, "hostnqn: " },
        { "", ID, "hostnqn is empty" },
        { "host1", ID, "hostnqn: 'host1': NQN must start with 'nqn.'" },
        { NQN, NULL, "hostid: " },
        { NQN, "not-a-uuid", "hostid: 'not-a-uuid' is not a UUID" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *dir    = make_dir();
        g_autoptr(GError) error = NULL;

        if (rows[i].nqn)
            write_file(dir, "hostnqn", rows[i].nqn);
        if (rows[i].id)
            write_file(dir, "hostid", rows[i].id);
        g_assert_null(nmnvme_host_load(dir, &error));
        g_test_message("%s", error->message);
        g_assert_nonnull(strstr(error->message, dir));
        g_assert_nonnull(strstr(error->message, rows[i].why));
        remove_dir(dir);
    }
}

static void
test_generate(void)
{
    g_autofree char *dir       = make_dir();
    g_autofree char *nqn       = nmnvme_host_generate_nqn();
    g_autofree char *id        = nmnvme_host_generate_id(nqn);
    g_autoptr(GError) error    = NULL;
    g_autoptr(NMNvmeHost) host = NULL;

    g_assert_true(nmnvme_nqn_validate(nqn, NULL));
    g_assert_true(g_uuid_string_is_valid(id));
    g_assert_true(g_str_has_suffix(nqn, id));
    g_assert_true(nmnvme_host_write_file(dir, "hostnqn", nqn, FALSE, &error));
    g_assert_true(nmnvme_host_write_file(dir, "hostid", id, FALSE, &error));
    /* an existing file is not replaced without overwrite */
    g_assert_false(nmnvme_host_write_file(dir, "hostid", ID, FALSE, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error(&error);
    host = nmnvme_host_load(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nmnvme_host_get_id(host), ==, id);
    g_assert_true(nmnvme_host_write_file(dir, "hostid", ID, TRUE, &error));
    g_clear_pointer(&host, nmnvme_host_free);
    host = nmnvme_host_load(dir, &error);
    g_assert_cmpstr(nmnvme_host_get_id(host), ==, ID);
    remove_dir(dir);
}

static void
test_id_from_nqn(void)
{
    g_autofree char *from_uuid = nmnvme_host_generate_id(NQN);
    g_autofree char *random1   = nmnvme_host_generate_id("nqn.2026-11.io.example:host1");
    g_autofree char *random2   = nmnvme_host_generate_id(NULL);

    g_assert_cmpstr(from_uuid, ==, ID);
    g_assert_true(g_uuid_string_is_valid(random1));
    g_assert_cmpstr(random1, !=, random2);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/host/load", test_load);
    g_test_add_func("/host/errors", test_errors);
    g_test_add_func("/host/generate", test_generate);
    g_test_add_func("/host/id-from-nqn", test_id_from_nqn);
    return g_test_run();
}
