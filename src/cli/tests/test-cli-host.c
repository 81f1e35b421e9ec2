/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-host.c: `nm-nvme hostnqn|hostid [--generate [--force]]` in a
 * temporary folder: nothing is overwritten without --force, what is written
 * is valid and is what the daemon would read.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "nmnvme-cli-host.h"
#include "nmnvme-nqn.h"

#define UUID_PREFIX "nqn.2014-08.org.nvmexpress:uuid:"

typedef struct {
    char *tmp;
    char *dir; /* TMP/etc/nvme: generation creates it */
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->tmp = g_dir_make_tmp("test-cli-host-XXXXXX", &error);
    g_assert_no_error(error);
    f->dir = g_build_filename(f->tmp, "etc", "nvme", NULL);
}

static void
remove_file(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    (void) g_remove(path);
}

static void
teardown(Fixture *f, gconstpointer data)
{
    g_autofree char *etc = g_build_filename(f->tmp, "etc", NULL);

    remove_file(f->dir, "hostnqn");
    remove_file(f->dir, "hostid");
    g_assert_cmpint(g_rmdir(f->dir), ==, 0);
    g_assert_cmpint(g_rmdir(etc), ==, 0);
    g_assert_cmpint(g_rmdir(f->tmp), ==, 0);
    g_free(f->dir);
    g_free(f->tmp);
}

static char *
read_file(const char *dir, const char *name)
{
    g_autofree char *path   = g_build_filename(dir, name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents          = NULL;

    g_assert_true(g_file_get_contents(path, &contents, NULL, &error));
    g_assert_no_error(error);
    return contents;
}

static void
test_show_missing(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *value  = nmnvme_cli_host_show(f->dir, NMNVME_CLI_HOST_NQN, &error);
    g_autofree char *path   = g_build_filename(f->dir, "hostnqn", NULL);

    g_assert_null(value);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, path));
    g_assert_nonnull(strstr(error->message, "--generate"));
    g_assert_cmpint(g_mkdir_with_parents(f->dir, 0755), ==, 0); /* for teardown */
}

static void
test_generate(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error   = NULL;
    g_autofree char *nqn      = NULL;
    g_autofree char *id       = NULL;
    g_autofree char *contents = NULL;
    g_autofree char *shown    = NULL;
    g_autofree char *expected = NULL;

    nqn = nmnvme_cli_host_generate(f->dir, NMNVME_CLI_HOST_NQN, FALSE, &error);
    g_assert_no_error(error);
    g_assert_true(nmnvme_nqn_validate(nqn, NULL));
    g_assert_true(g_str_has_prefix(nqn, UUID_PREFIX));
    contents = read_file(f->dir, "hostnqn");
    expected = g_strconcat(nqn, "\n", NULL);
    g_assert_cmpstr(contents, ==, expected);

    /* the host ID follows the host NQN's UUID (nvme-cli 2.x) */
    id = nmnvme_cli_host_generate(f->dir, NMNVME_CLI_HOST_ID, FALSE, &error);
    g_assert_no_error(error);
    g_assert_true(g_uuid_string_is_valid(id));
    g_assert_cmpstr(id, ==, nqn + strlen(UUID_PREFIX));

    /* both are what the daemon would load */
    shown = nmnvme_cli_host_show(f->dir, NMNVME_CLI_HOST_NQN, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(shown, ==, nqn);
    g_free(shown);
    shown = nmnvme_cli_host_show(f->dir, NMNVME_CLI_HOST_ID, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(shown, ==, id);
}

static void
test_no_overwrite(Fixture *f, gconstpointer data)
{
    static const NMNvmeCliHostFile files[] = { NMNVME_CLI_HOST_NQN, NMNVME_CLI_HOST_ID };

    g_assert_cmpint(g_mkdir_with_parents(f->dir, 0755), ==, 0);
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        const char      *name   = nmnvme_cli_host_file_name(files[i]);
        g_autofree char *path   = g_build_filename(f->dir, name, NULL);
        g_autofree char *value  = NULL;
        g_autofree char *after  = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true(g_file_set_contents(path, "mine\n", -1, NULL));
        value = nmnvme_cli_host_generate(f->dir, files[i], FALSE, &error);
        g_assert_null(value);
        g_assert_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
        g_assert_nonnull(strstr(error->message, path));
        after = read_file(f->dir, name);
        g_assert_cmpstr(after, ==, "mine\n");
        g_clear_error(&error);
        g_clear_pointer(&after, g_free);

        value = nmnvme_cli_host_generate(f->dir, files[i], TRUE, &error);
        g_assert_no_error(error);
        after = read_file(f->dir, name);
        g_assert_true(g_str_has_prefix(after, value));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/cli-host/show-missing", Fixture, NULL, setup, test_show_missing, teardown);
    g_test_add("/cli-host/generate", Fixture, NULL, setup, test_generate, teardown);
    g_test_add("/cli-host/no-overwrite", Fixture, NULL, setup, test_no_overwrite, teardown);
    return g_test_run();
}
