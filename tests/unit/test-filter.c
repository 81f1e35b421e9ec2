/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-filter.c: exclusion filters: parsing, canonical form, matching.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-filter.h"

static void
test_good(void)
{
    static const struct {
        const char *text;
        const char *canonical;
    } rows[] = {
        { "transport=tcp", "transport=tcp" },
        { "traddr=192.168.77.5", "traddr=192.168.77.5" },
        { "traddr=FE80:0::1", "traddr=fe80::1" },
        { "trsvcid=4420,transport=rdma", "transport=rdma,trsvcid=4420" },
        { "subsysnqn=nqn.2026-01.com.example:vol1,traddr=10.0.0.1,trsvcid=4420,transport=tcp",
          "transport=tcp,traddr=10.0.0.1,trsvcid=4420,subsysnqn=nqn.2026-01.com.example:vol1" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error   = NULL;
        g_autoptr(NMNvmeFilter) f = nmnvme_filter_parse(rows[i].text, &error);
        g_autoptr(NMNvmeFilter) g = NULL;
        g_autofree char *text     = NULL;

        g_assert_no_error(error);
        text = nmnvme_filter_to_string(f);
        g_assert_cmpstr(text, ==, rows[i].canonical);
        g = nmnvme_filter_parse(text, &error);
        g_assert_no_error(error);
        g_assert_true(nmnvme_filter_equal(f, g));
    }
}

static void
test_bad(void)
{
    static const struct {
        const char *text;
        const char *why;
    } rows[] = {
        { "", "empty filter" },
        { "tcp", "is not FIELD=VALUE" },
        { "transport=", "is not FIELD=VALUE" },
        { "transport=tcp,", "is not FIELD=VALUE" },
        { "transport=pcie", "transport 'pcie' is not one of" },
        { "traddr=storage.example.com", "traddr 'storage.example.com' is not an IP address" },
        { "trsvcid=0", "trsvcid '0' must be a port" },
        { "trsvcid=http", "trsvcid 'http' must be a port" },
        { "subsysnqn=vol1", "subsysnqn 'vol1'" },
        { "nqn=nqn.2026-01.com.example:x", "unknown field 'nqn'" },
        { "tradr=10.0.0.1", "unknown field 'tradr', did you mean 'traddr'?" },
        { "host-iface=eth0", "unknown field 'host-iface'" },
        { "traddr=10.0.0.1,traddr=10.0.0.2", "field 'traddr' given twice" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error   = NULL;
        g_autoptr(NMNvmeFilter) f = nmnvme_filter_parse(rows[i].text, &error);

        g_test_message("%s -> %s", rows[i].text, error ? error->message : "(accepted!)");
        g_assert_null(f);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, rows[i].why));
    }
}

static void
test_match(void)
{
    g_autoptr(NMNvmeFilter) addr = nmnvme_filter_parse("traddr=fe80::1", NULL);
    g_autoptr(NMNvmeFilter) two  = nmnvme_filter_parse("transport=tcp,subsysnqn=nqn.2026-01.x:a", NULL);
    g_autoptr(NMNvmeFilter) port = nmnvme_filter_parse("trsvcid=4420", NULL);

    g_assert_true(nmnvme_filter_matches(addr, "tcp", "fe80::1", "4420", "nqn.2026-01.x:a"));
    g_assert_true(nmnvme_filter_matches(addr, "tcp", "FE80:0:0::1", "8009", NULL));
    g_assert_false(nmnvme_filter_matches(addr, "tcp", "fe80::2", "4420", "nqn.2026-01.x:a"));
    g_assert_false(nmnvme_filter_matches(addr, "tcp", NULL, "4420", NULL));

    g_assert_true(nmnvme_filter_matches(two, "tcp", "10.0.0.1", "4420", "nqn.2026-01.x:a"));
    g_assert_false(nmnvme_filter_matches(two, "rdma", "10.0.0.1", "4420", "nqn.2026-01.x:a"));
    g_assert_false(nmnvme_filter_matches(two, "tcp", "10.0.0.1", "4420", "nqn.2026-01.x:b"));

    g_assert_true(nmnvme_filter_matches(port, "tcp", "10.0.0.1", "4420", NULL));
    g_assert_false(nmnvme_filter_matches(port, "tcp", "10.0.0.1", "4421", NULL));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/filter/good", test_good);
    g_test_add_func("/filter/bad", test_bad);
    g_test_add_func("/filter/match", test_match);
    return g_test_run();
}
