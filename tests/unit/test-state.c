/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-state.c: the ownership record: round trip, permissions, bad files.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "nmnvme-error.h"
#include "nmnvme-state.h"

static void
test_round_trip(void)
{
    g_autofree char *tmp       = g_dir_make_tmp("nm-nvme-test-state-XXXXXX", NULL);
    g_autofree char *dir       = g_build_filename(tmp, "state", NULL);
    g_autofree char *path      = g_build_filename(dir, NMNVME_STATE_FILE, NULL);
    g_autoptr(GError) error    = NULL;
    g_autoptr(GVariant) empty  = NULL;
    g_autoptr(GVariant) loaded = NULL;
    GVariant   *state;
    struct stat st;

    /* no file yet: an empty record */
    empty = nmnvme_state_load(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(g_variant_n_children(empty), ==, 0);

    state = g_variant_parse(G_VARIANT_TYPE("aa{sv}"),
                            "[{'interface': <'stor0'>, 'owner': <'cli'>, 'suspended': <false>,"
                            "  'settings': <{'nvme.kato': '45'}>,"
                            "  'controllers': <[{'kind': <'io'>, 'device': <'nvme3'>}]>}]",
                            NULL,
                            NULL,
                            &error);
    g_assert_no_error(error);
    g_assert_true(nmnvme_state_save(dir, state, &error));
    g_assert_no_error(error);
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    g_assert_cmpint(g_stat(dir, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0700);
    loaded = nmnvme_state_load(dir, &error);
    g_assert_no_error(error);
    g_assert_true(g_variant_equal(state, loaded));
    g_variant_unref(state);

    g_assert_true(g_file_set_contents(path, "[{'interface': <", -1, NULL));
    g_clear_pointer(&loaded, g_variant_unref);
    loaded = nmnvme_state_load(dir, &error);
    g_assert_null(loaded);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "malformed"));
    g_unlink(path);
    g_rmdir(dir);
    g_rmdir(tmp);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/state/round-trip", test_round_trip);
    return g_test_run();
}
