/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-secrets.c: `nm-nvme attach --secrets-file FILE|-`: secrets from
 * a private file or standard input, files open to group or others refused,
 * errors that name the file, line and key but never a value.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "nmnvme-cli-pairs.h"
#include "nmnvme-cli-secrets.h"
#include "nmnvme-error.h"

#define S1 "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:"
#define S2 "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define PSK "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:"

/* (transfer full): a new file holding @text with @mode. */
static char *
write_file(const char *text, int mode)
{
    g_autoptr(GError) error = NULL;
    char *path              = NULL;
    int   fd                = g_file_open_tmp("test-cli-secrets-XXXXXX", &path, &error);

    g_assert_no_error(error);
    g_assert_true(g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_NONE, mode, &error));
    g_assert_no_error(error);
    g_assert_cmpint(g_chmod(path, mode), ==, 0);
    close(fd);
    return path;
}

static GHashTable *
pairs_new(const char *word)
{
    const char *const words[] = { "nvme.kato=45", word, NULL };

    return nmnvme_cli_pairs_parse(words, NULL);
}

static void
test_file(void)
{
    g_autofree char *path = write_file("# secrets of stor0\n"
                                       "nvme.dhchap-secret=" S1 "\n"
                                       "\n"
                                       "  dhchap-ctrl-secret = " S2 "  \n"
                                       "tls-key=" PSK "\n",
                                       0600);
    g_autoptr(GHashTable) pairs = pairs_new(NULL);
    g_autoptr(GError) error     = NULL;

    g_assert_true(nmnvme_cli_secrets_read_into(path, pairs, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(pairs), ==, 4);
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.kato"), ==, "45");
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.dhchap-secret"), ==, S1);
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.dhchap-ctrl-secret"), ==, S2);
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.tls-key"), ==, PSK);
    g_unlink(path);
}

static void
test_open_file_refused(void)
{
    static const int modes[] = { 0644, 0640, 0604, 0620, 0602 };

    for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
        g_autofree char *path       = write_file("nvme.dhchap-secret=" S1 "\n", modes[i]);
        g_autoptr(GHashTable) pairs = pairs_new(NULL);
        g_autoptr(GError) error     = NULL;

        g_assert_false(nmnvme_cli_secrets_read_into(path, pairs, &error));
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull(strstr(error->message, path));
        g_assert_nonnull(strstr(error->message, "chmod 600"));
        g_assert_cmpuint(g_hash_table_size(pairs), ==, 1);
        g_unlink(path);
    }
}

static void
test_bad_text(void)
{
    static const struct {
        const char *text;
        const char *message; /* after "FILE: " */
    } rows[] = {
        { "nvme.dhchap-secret " S1 "\n", "line 1: expected KEY=VALUE" },
        { "\n# x\nnvme.kato=30\n", "line 3: nvme.kato is not a secret; give it as KEY=VALUE" },
        { "dhchap-secret=" S1 "\nnvme.dhchap-secret=" S2 "\n",
          "line 2: nvme.dhchap-secret given twice" },
        { "nvme.dhchap-ctrl-secret=" S2 "\n", "nvme.dhchap-ctrl-secret is also an argument" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *path       = write_file(rows[i].text, 0600);
        g_autofree char *expected   = g_strdup_printf("%s: %s", path, rows[i].message);
        g_autoptr(GHashTable) pairs = pairs_new("nvme.dhchap-ctrl-secret=");
        g_autoptr(GError) error     = NULL;

        g_assert_false(nmnvme_cli_secrets_read_into(path, pairs, &error));
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
        g_assert_cmpstr(error->message, ==, expected);
        g_assert_cmpuint(g_hash_table_size(pairs), ==, 2);
        g_unlink(path);
    }
}

static void
test_missing_file(void)
{
    g_autoptr(GHashTable) pairs = pairs_new(NULL);
    g_autoptr(GError) error     = NULL;

    g_assert_false(nmnvme_cli_secrets_read_into("/nonexistent/secrets", pairs, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "/nonexistent/secrets"));
}

static void
test_stdin(void)
{
    static const char text[]    = "nvme.dhchap-secret=" S1 "\n";
    g_autoptr(GHashTable) pairs = pairs_new(NULL);
    g_autoptr(GError) error     = NULL;
    int fds[2];
    int saved = dup(STDIN_FILENO);

    g_assert_cmpint(pipe(fds), ==, 0);
    g_assert_cmpint(write(fds[1], text, strlen(text)), ==, (gssize) strlen(text));
    close(fds[1]);
    g_assert_cmpint(dup2(fds[0], STDIN_FILENO), ==, STDIN_FILENO);
    close(fds[0]);
    g_assert_true(nmnvme_cli_secrets_read_into("-", pairs, &error));
    g_assert_cmpint(dup2(saved, STDIN_FILENO), ==, STDIN_FILENO);
    close(saved);
    g_assert_no_error(error);
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.dhchap-secret"), ==, S1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-secrets/file", test_file);
    g_test_add_func("/cli-secrets/open-file-refused", test_open_file_refused);
    g_test_add_func("/cli-secrets/bad-text", test_bad_text);
    g_test_add_func("/cli-secrets/missing-file", test_missing_file);
    g_test_add_func("/cli-secrets/stdin", test_stdin);
    return g_test_run();
}
