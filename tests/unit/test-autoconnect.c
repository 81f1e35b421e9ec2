/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-autoconnect.c: the runtime udev rule that shadows nvme-cli's
 * autoconnect for our discovery controllers (nmnvme-autoconnect.h): its
 * text, and that another tool's file is never replaced nor removed.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-autoconnect.h"

#define ORIGINAL                                                                         \
    "ACTION!=\"change\", GOTO=\"autoconnect_end\"\n"                                     \
    "SUBSYSTEM==\"nvme\", ENV{NVME_AEN}==\"0x70f002\", RUN+=\"/usr/bin/systemctl ...\"\n" \
    "LABEL=\"autoconnect_end\"\n"

static void
test_text(void)
{
    g_autofree char *text =
        nmnvme_autoconnect_rule_text(ORIGINAL, "/usr/lib/udev/rules.d/70-nvmf-autoconnect.rules",
                                     "/run/nvme/registry");
    const char *skip     = strstr(text, "GOTO=\"nm_nvme_autoconnect_end\"");
    const char *original = strstr(text, ORIGINAL);
    const char *label    = strstr(text, "LABEL=\"nm_nvme_autoconnect_end\"\n");

    g_assert_true(g_str_has_prefix(text, NMNVME_AUTOCONNECT_MARK));
    g_assert_nonnull(strstr(text,
                            "ACTION==\"change\", SUBSYSTEM==\"nvme\", "
                            "TEST==\"/run/nvme/registry/$kernel/owner\", \\\n"
                            "  PROGRAM==\"/bin/cat /run/nvme/registry/$kernel/owner\", "
                            "RESULT==\"nm-nvme\", \\\n"));
    /* the skip comes first, nvme-cli's rules unchanged, the label last */
    g_assert_nonnull(skip);
    g_assert_nonnull(original);
    g_assert_nonnull(label);
    g_assert_true(skip < original && original < label);
    g_assert_true(g_str_has_suffix(text, "LABEL=\"nm_nvme_autoconnect_end\"\n"));
}

static void
test_install(void)
{
    g_autofree char *dir       = g_dir_make_tmp("nmnvme-autoconnect-XXXXXX", NULL);
    g_autofree char *lib       = g_build_filename(dir, "lib", NULL);
    g_autofree char *run       = g_build_filename(dir, "run", NULL);
    g_autofree char *orig      = g_build_filename(lib, NMNVME_AUTOCONNECT_RULE_NAME, NULL);
    g_autofree char *target    = g_build_filename(run, NMNVME_AUTOCONNECT_RULE_NAME, NULL);
    g_autofree char *cmd       = g_strdup_printf("rm -rf '%s'", dir);
    const char *const dirs[]   = { lib, NULL };
    g_autoptr(GError) error    = NULL;
    g_autofree char *text      = NULL;
    g_autofree char *theirs    = NULL;

    /* no nvme-cli: nothing to shadow */
    g_assert_false(nmnvme_autoconnect_install(run, dirs, "/run/nvme/registry", &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));

    g_assert_cmpint(g_mkdir_with_parents(lib, 0755), ==, 0);
    g_assert_true(g_file_set_contents(orig, ORIGINAL, -1, NULL));
    g_assert_true(nmnvme_autoconnect_install(run, dirs, "/run/nvme/registry", &error));
    g_assert_no_error(error);
    g_assert_true(g_file_get_contents(target, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, ORIGINAL));
    /* again: replaced, ours */
    g_assert_true(nmnvme_autoconnect_install(run, dirs, "/run/nvme/registry", NULL));
    nmnvme_autoconnect_remove(run);
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));

    /* nvme-stas's file: neither replaced nor removed */
    g_assert_true(g_file_set_contents(target, "# stas\n", -1, NULL));
    g_assert_false(nmnvme_autoconnect_install(run, dirs, "/run/nvme/registry", &error));
    g_assert_no_error(error);
    nmnvme_autoconnect_remove(run);
    g_assert_true(g_file_get_contents(target, &theirs, NULL, NULL));
    g_assert_cmpstr(theirs, ==, "# stas\n");
    g_assert_cmpint(system(cmd), ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/autoconnect/text", test_text);
    g_test_add_func("/autoconnect/install", test_install);
    return g_test_run();
}
