/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-autoconnect.c: the runtime rule that shadows nvme-cli's udev
 * autoconnect for our discovery controllers.
 */
#include "config.h"

#include "nmnvme-autoconnect.h"

#include "nmnvme-error.h"

#include <gio/gio.h>
#include <errno.h>
#include <unistd.h>

#include "nmnvme-registry.h"

char *
nmnvme_autoconnect_rule_text(const char *original,
                             const char *original_path,
                             const char *registry_dir)
{
    return g_strdup_printf(
        NMNVME_AUTOCONNECT_MARK " while it runs; removed when it exits.\n"
        "# nvme-cli's %s, skipped for the controllers that the ownership\n"
        "# registry gives to " NMNVME_REGISTRY_OWNER " (their discovery log changes are its business).\n"
        "ACTION==\"change\", SUBSYSTEM==\"nvme\", TEST==\"%s/$kernel/owner\", \\\n"
        "  PROGRAM==\"/bin/cat %s/$kernel/owner\", RESULT==\"" NMNVME_REGISTRY_OWNER "\", \\\n"
        "  GOTO=\"nm_nvme_autoconnect_end\"\n"
        "\n"
        "%s\n"
        "LABEL=\"nm_nvme_autoconnect_end\"\n",
        original_path,
        registry_dir,
        registry_dir,
        original);
}

static gboolean
is_ours(const char *path)
{
    g_autofree char *text = NULL;

    return g_file_get_contents(path, &text, NULL, NULL) &&
           g_str_has_prefix(text, NMNVME_AUTOCONNECT_MARK);
}

gboolean
nmnvme_autoconnect_install(const char        *run_dir,
                           const char *const *original_dirs,
                           const char        *registry_dir,
                           GError           **error)
{
    g_autofree char *target = g_build_filename(run_dir, NMNVME_AUTOCONNECT_RULE_NAME, NULL);
    g_autofree char *text   = NULL;
    g_autofree char *rule   = NULL;
    g_autofree char *from   = NULL;

    for (guint i = 0; original_dirs[i] && !text; i++) {
        g_free(from);
        from = g_build_filename(original_dirs[i], NMNVME_AUTOCONNECT_RULE_NAME, NULL);
        g_file_get_contents(from, &text, NULL, NULL);
    }
    if (!text)
        return FALSE; /* nvme-cli's rule is not installed */
    if (g_file_test(target, G_FILE_TEST_EXISTS) && !is_ours(target))
        return FALSE; /* nvme-stas's, or another tool's */
    if (g_mkdir_with_parents(run_dir, 0755) != 0)
        return nmnvme_error_errno(error, errno, run_dir);
    rule = nmnvme_autoconnect_rule_text(text, from, registry_dir);
    return g_file_set_contents_full(target,
                                    rule,
                                    -1,
                                    G_FILE_SET_CONTENTS_CONSISTENT,
                                    0644,
                                    error);
}

void
nmnvme_autoconnect_remove(const char *run_dir)
{
    g_autofree char *target = g_build_filename(run_dir, NMNVME_AUTOCONNECT_RULE_NAME, NULL);

    if (is_ours(target))
        unlink(target);
}
