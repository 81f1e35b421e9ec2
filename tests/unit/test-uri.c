/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-uri.c: NVMe URI parsing, defaults, canonical printing, round trips.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"
#include "nmnvme-uri.h"

typedef struct {
    const char   *text;
    NMNvmeUriKind kind;
    const char   *traddr;
    guint16       port;
    const char   *nqn;
    const char   *canonical;
} GoodUri;

static const GoodUri good[] = {
    { "nvme+tcp://192.168.77.100", NMNVME_URI_DISCOVERY, "192.168.77.100", 8009,
      NMNVME_NQN_DISCOVERY, "nvme+tcp://192.168.77.100" },
    { "nvme+tcp://192.168.77.100:4420", NMNVME_URI_DISCOVERY, "192.168.77.100", 4420,
      NMNVME_NQN_DISCOVERY, "nvme+tcp://192.168.77.100:4420" },
    { "NVME+TCP://10.0.0.1:8009/", NMNVME_URI_DISCOVERY, "10.0.0.1", 8009, NMNVME_NQN_DISCOVERY,
      "nvme+tcp://10.0.0.1" },
    { "nvme+tcp://10.0.0.1/nqn.2014-08.org.nvmexpress.discovery", NMNVME_URI_DISCOVERY,
      "10.0.0.1", 8009, NMNVME_NQN_DISCOVERY, "nvme+tcp://10.0.0.1" },
    { "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:cdc", NMNVME_URI_DISCOVERY, "10.0.0.1", 8009,
      "nqn.2026-01.com.example:cdc", "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:cdc" },
    { "nvme+tcp://[fe80::1]:8009", NMNVME_URI_DISCOVERY, "fe80::1", 8009, NMNVME_NQN_DISCOVERY,
      "nvme+tcp://[fe80::1]" },
    { "nvme+tcp://[FE80:0::0:1]", NMNVME_URI_DISCOVERY, "fe80::1", 8009, NMNVME_NQN_DISCOVERY,
      "nvme+tcp://[fe80::1]" },
    { "nvme+tcp://[2001:db8::7]:4420/nqn.2026-01.com.example:vol1", NMNVME_URI_IO, "2001:db8::7",
      4420, "nqn.2026-01.com.example:vol1", "nvme+tcp://[2001:db8::7]/nqn.2026-01.com.example:vol1" },
    { "nvme+tcp://10.1.1.1:4421/nqn.2026-01.com.example:vol1", NMNVME_URI_IO, "10.1.1.1", 4421,
      "nqn.2026-01.com.example:vol1", "nvme+tcp://10.1.1.1:4421/nqn.2026-01.com.example:vol1" },
    /* percent-encoding: decoded on parse, re-encoded only where needed */
    { "nvme+tcp://10.1.1.1/nqn.2026-01.com.ex%61mple:a%2Fb", NMNVME_URI_IO, "10.1.1.1", 4420,
      "nqn.2026-01.com.example:a/b", "nvme+tcp://10.1.1.1/nqn.2026-01.com.example:a%2Fb" },
    { "nvme+tcp://10.1.1.1/nqn.2026-01.com.example:50%25", NMNVME_URI_IO, "10.1.1.1", 4420,
      "nqn.2026-01.com.example:50%", "nvme+tcp://10.1.1.1/nqn.2026-01.com.example:50%25" },
    /* '@' is legal in an NQN and in a path; printed encoded (issue 14, defect 8) */
    { "nvme+tcp://11.1.1.1/nqn.20%40", NMNVME_URI_DISCOVERY, "11.1.1.1", 8009, "nqn.20@",
      "nvme+tcp://11.1.1.1/nqn.20%40" },
    { "nvme+tcp://11.1.1.1/nqn.a@b", NMNVME_URI_IO, "11.1.1.1", 4420, "nqn.a@b",
      "nvme+tcp://11.1.1.1/nqn.a%40b" },
};

static void
test_good(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
        const GoodUri *t        = &good[i];
        g_autoptr(GError) error = NULL;
        g_autoptr(NMNvmeUri) uri = nmnvme_uri_parse(t->text, t->kind, &error);
        g_autoptr(NMNvmeUri) again = NULL;
        g_autofree char *text      = NULL;

        g_test_message("%s", t->text);
        g_assert_no_error(error);
        g_assert_nonnull(uri);
        g_assert_cmpstr(nmnvme_uri_get_transport(uri), ==, "tcp");
        g_assert_cmpstr(nmnvme_uri_get_traddr(uri), ==, t->traddr);
        g_assert_cmpuint(nmnvme_uri_get_port(uri), ==, t->port);
        g_assert_cmpstr(nmnvme_uri_get_nqn(uri), ==, t->nqn);
        g_assert_cmpint(nmnvme_uri_get_kind(uri), ==, t->kind);

        text = nmnvme_uri_to_string(uri);
        g_assert_cmpstr(text, ==, t->canonical);
        again = nmnvme_uri_parse(text, t->kind, &error);
        g_assert_no_error(error);
        g_assert_true(nmnvme_uri_equal(uri, again));
    }
}

typedef struct {
    const char   *text;
    NMNvmeUriKind kind;
    const char   *why; /* a fragment the message must contain */
} BadUri;

static const BadUri bad[] = {
    { "", NMNVME_URI_DISCOVERY, "must start with" },
    { "192.168.1.1", NMNVME_URI_DISCOVERY, "must start with 'nvme+tcp://'" },
    { "nvme://192.168.1.1", NMNVME_URI_DISCOVERY, "must start with" },
    { "nvme+rdma://192.168.1.1", NMNVME_URI_DISCOVERY, "transport 'rdma' is not supported" },
    { "nvme+tcp://", NMNVME_URI_DISCOVERY, "address is missing" },
    { "nvme+tcp://:8009", NMNVME_URI_DISCOVERY, "address is missing" },
    { "nvme+tcp://storage.example.com", NMNVME_URI_DISCOVERY, "is not an IP address" },
    { "nvme+tcp://192.168.1.256", NMNVME_URI_DISCOVERY, "is not an IP address" },
    { "nvme+tcp://fe80::1", NMNVME_URI_DISCOVERY, "must be written in brackets" },
    { "nvme+tcp://[fe80::1", NMNVME_URI_DISCOVERY, "without a closing" },
    { "nvme+tcp://[fe80::1%eth0]", NMNVME_URI_DISCOVERY, "scoped address" },
    { "nvme+tcp://[192.168.1.1]", NMNVME_URI_DISCOVERY, "must not be in brackets" },
    { "nvme+tcp://[fe80::1]x", NMNVME_URI_DISCOVERY, "unexpected text" },
    { "nvme+tcp://0.0.0.0", NMNVME_URI_DISCOVERY, "not a unicast address" },
    { "nvme+tcp://[::]", NMNVME_URI_DISCOVERY, "not a unicast address" },
    { "nvme+tcp://224.0.0.251", NMNVME_URI_DISCOVERY, "not a unicast address" },
    { "nvme+tcp://10.0.0.1:0", NMNVME_URI_DISCOVERY, "between 1 and 65535" },
    { "nvme+tcp://10.0.0.1:65536", NMNVME_URI_DISCOVERY, "between 1 and 65535" },
    { "nvme+tcp://10.0.0.1:", NMNVME_URI_DISCOVERY, "between 1 and 65535" },
    { "nvme+tcp://10.0.0.1:44x", NMNVME_URI_DISCOVERY, "between 1 and 65535" },
    { "nvme+tcp://10.0.0.1:-1", NMNVME_URI_DISCOVERY, "between 1 and 65535" },
    { "nvme+tcp://user@10.0.0.1", NMNVME_URI_DISCOVERY, "user info" },
    { "nvme+tcp://10.0.0.1/nqn.x?y=1", NMNVME_URI_DISCOVERY, "query" },
    { "nvme+tcp://10.0.0.1/nqn.x#frag", NMNVME_URI_DISCOVERY, "fragment" },
    { "nvme+tcp://10.0.0.1", NMNVME_URI_IO, "NQN is required" },
    { "nvme+tcp://10.0.0.1:4420/", NMNVME_URI_IO, "NQN is required" },
    { "nvme+tcp://10.0.0.1/subsys1", NMNVME_URI_IO, "must start with 'nqn.'" },
    { "nvme+tcp://10.0.0.1/nqn.", NMNVME_URI_IO, "must start with 'nqn.'" },
    { "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:a%20b", NMNVME_URI_IO, "non-printable or space" },
    { "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:%01", NMNVME_URI_IO, "non-printable" },
    { "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:%zz", NMNVME_URI_IO, "percent-encoding" },
    { "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:%00", NMNVME_URI_IO, "percent-encoding" },
};

static void
test_bad(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(NMNvmeUri) uri = nmnvme_uri_parse(bad[i].text, bad[i].kind, &error);

        g_test_message("%s -> %s", bad[i].text, error ? error->message : "(accepted!)");
        g_assert_null(uri);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, bad[i].why));
        /* the message quotes what was given */
        g_assert_nonnull(strstr(error->message, bad[i].text));
    }
}

static void
test_long_nqn(void)
{
    g_autofree char *nqn223 = g_strnfill(223, 'a');
    g_autofree char *nqn224 = g_strnfill(224, 'a');
    g_autofree char *ok     = NULL;
    g_autofree char *ko     = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(NMNvmeUri) uri = NULL;

    memcpy(nqn223, "nqn.", 4);
    memcpy(nqn224, "nqn.", 4);
    ok  = g_strconcat("nvme+tcp://10.0.0.1/", nqn223, NULL);
    ko  = g_strconcat("nvme+tcp://10.0.0.1/", nqn224, NULL);
    uri = nmnvme_uri_parse(ok, NMNVME_URI_IO, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nmnvme_uri_get_nqn(uri), ==, nqn223);
    g_clear_pointer(&uri, nmnvme_uri_unref);
    uri = nmnvme_uri_parse(ko, NMNVME_URI_IO, &error);
    g_assert_null(uri);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "224 bytes long, at most 223"));
}

static void
test_equal(void)
{
    g_autoptr(NMNvmeUri) a = nmnvme_uri_parse("nvme+tcp://10.0.0.1", NMNVME_URI_DISCOVERY, NULL);
    g_autoptr(NMNvmeUri) b = nmnvme_uri_parse("nvme+tcp://10.0.0.1:8009/nqn.2014-08.org.nvmexpress.discovery",
                                              NMNVME_URI_DISCOVERY,
                                              NULL);
    g_autoptr(NMNvmeUri) c = nmnvme_uri_parse("nvme+tcp://10.0.0.1:8010", NMNVME_URI_DISCOVERY, NULL);
    g_autoptr(NMNvmeUri) d = nmnvme_uri_parse("nvme+tcp://10.0.0.2", NMNVME_URI_DISCOVERY, NULL);
    g_autoptr(NMNvmeUri) e = nmnvme_uri_ref(a);

    g_assert_true(nmnvme_uri_equal(a, b));
    g_assert_false(nmnvme_uri_equal(a, c));
    g_assert_false(nmnvme_uri_equal(a, d));
    g_assert_false(nmnvme_uri_equal(a, NULL));
    g_assert_true(e == a);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uri/good", test_good);
    g_test_add_func("/uri/bad", test_bad);
    g_test_add_func("/uri/long-nqn", test_long_nqn);
    g_test_add_func("/uri/equal", test_equal);
    return g_test_run();
}
