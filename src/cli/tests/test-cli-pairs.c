/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-pairs.c: the KEY=VALUE words of `nm-nvme attach`.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-cli-pairs.h"
#include "nmnvme-error.h"

static void
test_good(void)
{
    const char *const words[]   = { "nvme.kato=45",
                                    "ctrl-loss-tmo=600",
                                    "nvme.exclude=subsysnqn=nqn.2026-01.io.example:x",
                                    "nvme.discovery=",
                                    NULL };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(words, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(pairs), ==, 4);
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.kato"), ==, "45");
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.ctrl-loss-tmo"), ==, "600");
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.exclude"),
                    ==,
                    "subsysnqn=nqn.2026-01.io.example:x");
    g_assert_cmpstr(g_hash_table_lookup(pairs, "nvme.discovery"), ==, "");
}

static void
test_none(void)
{
    const char *const words[]   = { NULL };
    g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(words, NULL);

    g_assert_cmpuint(g_hash_table_size(pairs), ==, 0);
}

static void
assert_bad(const char *word1, const char *word2, const char *message)
{
    const char *const words[]   = { word1, word2, NULL };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(words, &error);

    g_assert_null(pairs);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr(error->message, ==, message);
}

static void
test_bad(void)
{
    assert_bad("nvme.kato=45", "kato", "'kato': expected KEY=VALUE, e.g. nvme.kato=30");
    assert_bad("=45", NULL, "'=45': expected KEY=VALUE, e.g. nvme.kato=30");
    assert_bad("nvme.kato=45", "kato=30", "nvme.kato: given twice");
}

/* Words that are not UTF-8 are refused naming the key, shown escaped. */
static void
test_not_utf8(void)
{
    static const struct {
        const char *word;
        gint        code;
        const char *message;
    } rows[] = {
        { "kat\xff=30", NMNVME_ERROR_INVALID_SETTING, "argument: key 'nvme.kat\\xFF' is not valid UTF-8" },
        { "kato=3\xc3\x28", NMNVME_ERROR_INVALID_SETTING, "nvme.kato: value is not valid UTF-8 (byte 1)" },
        { "kat\xff", NMNVME_ERROR_INVALID_ARGUMENT, "'kat\\xFF': expected KEY=VALUE, e.g. nvme.kato=30" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        const char *const words[]   = { rows[i].word, NULL };
        g_autoptr(GError) error     = NULL;
        g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(words, &error);

        g_assert_null(pairs);
        g_assert_error(error, NMNVME_ERROR, rows[i].code);
        g_assert_cmpstr(error->message, ==, rows[i].message);
    }
}

/* Secrets never come from arguments (/proc/PID/cmdline is world-readable):
 * issue 14, defect 5. An empty value (unset) is no secret. */
static void
test_secret_refused(void)
{
    static const char *const words[] = {
        "nvme.dhchap-secret=DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:",
        "dhchap-ctrl-secret=DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:",
        "nvme.tls-key=NVMeTLSkey-1:01:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:",
        "tls-key=NVMeTLSkey-1:01:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:",
    };

    for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
        const char *const argv[]    = { "nvme.kato=45", words[i], NULL };
        g_autoptr(GError) error     = NULL;
        g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(argv, &error);

        g_assert_null(pairs);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull(strstr(error->message, "--secrets-file"));
        g_assert_null(strstr(error->message, "eaW4VARvS7azPU0"));
    }
    {
        const char *const argv[]    = { "nvme.dhchap-secret=", NULL };
        g_autoptr(GHashTable) pairs = nmnvme_cli_pairs_parse(argv, NULL);

        g_assert_nonnull(pairs);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-pairs/good", test_good);
    g_test_add_func("/cli-pairs/none", test_none);
    g_test_add_func("/cli-pairs/bad", test_bad);
    g_test_add_func("/cli-pairs/not-utf8", test_not_utf8);
    g_test_add_func("/cli-pairs/secret-refused", test_secret_refused);
    return g_test_run();
}
