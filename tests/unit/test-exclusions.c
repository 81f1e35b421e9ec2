/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-exclusions.c: the host-wide exclusion list (nmnvme-exclusions.h):
 * parsing, every match rule, drop-ins, problems with file and line,
 * unreadable files.
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/stat.h>

#include "nmnvme-exclusions.h"

typedef struct {
    char      *dir;
    char      *main_file;
    char      *dropin;
    GPtrArray *problems;
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
    f->dir       = g_dir_make_tmp("nmnvme-exclusions-XXXXXX", NULL);
    f->main_file = g_build_filename(f->dir, "exclusions.conf", NULL);
    f->dropin    = g_build_filename(f->dir, "exclusions.conf.d", NULL);
    f->problems  = g_ptr_array_new_with_free_func(g_free);
}

static void
teardown(Fixture *f, gconstpointer data)
{
    g_autofree char *cmd = g_strdup_printf("chmod -R u+rwx '%s'; rm -rf '%s'", f->dir, f->dir);

    g_assert_cmpint(system(cmd), ==, 0);
    g_ptr_array_unref(f->problems);
    g_free(f->dir);
    g_free(f->main_file);
    g_free(f->dropin);
}

static NMNvmeExclusions *
load(Fixture *f, const char *text)
{
    if (text)
        g_assert_true(g_file_set_contents(f->main_file, text, -1, NULL));
    g_ptr_array_set_size(f->problems, 0);
    return nmnvme_exclusions_load(f->main_file, f->dropin, f->problems);
}

#define NQN1 "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"
#define HOST "nqn.2014-08.org.nvmexpress:uuid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

static const NMNvmeExclusionTarget conn_v4 = {
    .transport   = "tcp",
    .traddr      = "192.168.77.100",
    .trsvcid     = "4420",
    .nqn         = NQN1,
    .host_traddr = NULL,
    .host_iface  = "stor0",
    .hostnqn     = HOST,
    .hostid      = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE",
};

static void
test_examples(Fixture *f, gconstpointer data)
{
    g_autoptr(NMNvmeExclusions) x = load(f,
                                         "# administrator's list\n"
                                         "[other]\n"
                                         "exclusion = traddr=192.168.77.100\n"
                                         "[exclusions]\n"
                                         "exclusion = transport=tcp;traddr=192.168.77.100;trsvcid=4420\n");
    g_autofree char *where = g_strdup_printf("%s:5", f->main_file);

    g_assert_cmpuint(f->problems->len, ==, 0);
    g_assert_cmpuint(nmnvme_exclusions_count(x), ==, 1); /* [other] does not count */
    g_assert_cmpstr(nmnvme_exclusions_match(x, &conn_v4), ==, where);
}

typedef struct {
    const char *entry;
    gboolean    matches;
} Case;

static void
test_rules(Fixture *f, gconstpointer data)
{
    static const Case cases[] = {
        { "nqn=" NQN1, TRUE },
        { "nqn=" NQN1 "x", FALSE },
        { "transport=TCP", TRUE },                       /* case-insensitive */
        { "transport=rdma;traddr=192.168.77.100", FALSE }, /* all fields must match */
        { "trsvcid=04420", TRUE },                       /* as numbers */
        { "host-iface=stor0", TRUE },
        { "host-iface=stor1", FALSE },
        { "host-traddr=192.168.77.1", FALSE },           /* absent from the connection */
        { "hostnqn=" HOST, TRUE },
        { "hostid=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", TRUE },
        { "traddr=192.168.077.100", FALSE },             /* not an address: text */
        { " traddr = 192.168.77.100 ; ", TRUE },         /* spaces, trailing ; */
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text         = g_strdup_printf("[exclusions]\nexclusion=%s\n", cases[i].entry);
        g_autoptr(NMNvmeExclusions) x = load(f, text);

        g_test_message("%s", cases[i].entry);
        g_assert_cmpuint(f->problems->len, ==, 0);
        g_assert_cmpint(nmnvme_exclusions_match(x, &conn_v4) != NULL, ==, cases[i].matches);
    }
}

static void
test_ipv6(Fixture *f, gconstpointer data)
{
    NMNvmeExclusionTarget t = conn_v4;
    const char *const spellings[] = { "fd00:0:0:0::10", "[fd00::10]", "FD00::0010", "fd00::10%stor0" };

    t.traddr = "fd00::10";
    for (guint i = 0; i < G_N_ELEMENTS(spellings); i++) {
        g_autofree char *text = g_strdup_printf("[exclusions]\nexclusion = traddr=%s\n", spellings[i]);
        g_autoptr(NMNvmeExclusions) x = load(f, text);

        g_test_message("%s", spellings[i]);
        g_assert_nonnull(nmnvme_exclusions_match(x, &t));
        g_assert_null(nmnvme_exclusions_match(x, &conn_v4));
    }
}

static void
test_fc(Fixture *f, gconstpointer data)
{
    NMNvmeExclusionTarget t = { .transport = "fc",
                                .traddr    = "nn-0x20000090fa942779:pn-0x10000090fa942779" };
    g_autoptr(NMNvmeExclusions) x =
        load(f, "[exclusions]\nexclusion = traddr=NN-0x20000090FA942779:PN-0x10000090FA942779\n");

    g_assert_nonnull(nmnvme_exclusions_match(x, &t));
}

static void
test_never_match(Fixture *f, gconstpointer data)
{
    g_autoptr(NMNvmeExclusions) x = load(f,
                                         "[exclusions]\n"
                                         "exclusion = traddr=192.168.77.100;colour=blue\n"
                                         "exclusion =\n"
                                         "exclusion = ;;\n"
                                         "exclusion = traddr\n"
                                         "exclusion = traddr=\n"
                                         "traddr=192.168.77.100\n");
    g_autofree char *l2 = g_strdup_printf("%s:2: unknown key 'colour'*", f->main_file);
    g_autofree char *l3 = g_strdup_printf("%s:3: empty entry*", f->main_file);
    g_autofree char *l7 = g_strdup_printf("%s:7: not an 'exclusion*", f->main_file);

    g_assert_cmpuint(nmnvme_exclusions_count(x), ==, 0);
    g_assert_null(nmnvme_exclusions_match(x, &conn_v4));
    g_assert_cmpuint(f->problems->len, ==, 6);
    g_assert_true(g_pattern_match_simple(l2, f->problems->pdata[0]));
    g_assert_true(g_pattern_match_simple(l3, f->problems->pdata[1]));
    g_assert_true(g_pattern_match_simple(l7, f->problems->pdata[5]));
}

static void
test_dropins(Fixture *f, gconstpointer data)
{
    g_autofree char *a     = g_build_filename(f->dropin, "a.conf", NULL);
    g_autofree char *b     = g_build_filename(f->dropin, "b.conf", NULL);
    g_autofree char *skip  = g_build_filename(f->dropin, "c.conf.bak", NULL);
    g_autofree char *where = g_strdup_printf("%s:2", b);
    g_autoptr(NMNvmeExclusions) x = NULL;
    NMNvmeExclusionTarget other   = conn_v4;

    g_assert_cmpint(g_mkdir_with_parents(f->dropin, 0755), ==, 0);
    g_assert_true(g_file_set_contents(a, "[exclusions]\nexclusion=traddr=10.0.0.1\n", -1, NULL));
    g_assert_true(g_file_set_contents(b, "[exclusions]\nexclusion=trsvcid=4420\n", -1, NULL));
    g_assert_true(g_file_set_contents(skip, "[exclusions]\nexclusion=transport=tcp\n", -1, NULL));
    x = load(f, NULL); /* no main file: no problem */
    g_assert_cmpuint(f->problems->len, ==, 0);
    g_assert_cmpuint(nmnvme_exclusions_count(x), ==, 2);
    g_assert_cmpstr(nmnvme_exclusions_match(x, &conn_v4), ==, where);
    other.trsvcid = "4421";
    g_assert_null(nmnvme_exclusions_match(x, &other));
}

static void
test_unreadable(Fixture *f, gconstpointer data)
{
    g_autoptr(NMNvmeExclusions) x = NULL;

    if (geteuid() == 0) {
        g_test_skip("root reads a file of mode 0000");
        return;
    }
    g_assert_true(g_file_set_contents(f->main_file, "[exclusions]\nexclusion=transport=tcp\n", -1, NULL));
    g_assert_cmpint(chmod(f->main_file, 0), ==, 0);
    x = load(f, NULL);
    g_assert_cmpuint(nmnvme_exclusions_count(x), ==, 0);
    g_assert_null(nmnvme_exclusions_match(x, &conn_v4));
    g_assert_cmpuint(f->problems->len, ==, 1);
    g_assert_true(g_pattern_match_simple("*cannot be read*excludes nothing", f->problems->pdata[0]));
}

static void
test_null(void)
{
    g_assert_null(nmnvme_exclusions_match(NULL, &conn_v4));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, Fixture, NULL, setup, fn, teardown)
    ADD("/exclusions/examples", test_examples);
    ADD("/exclusions/rules", test_rules);
    ADD("/exclusions/ipv6", test_ipv6);
    ADD("/exclusions/fc", test_fc);
    ADD("/exclusions/never-match", test_never_match);
    ADD("/exclusions/dropins", test_dropins);
    ADD("/exclusions/unreadable", test_unreadable);
    g_test_add_func("/exclusions/null", test_null);
    return g_test_run();
}
