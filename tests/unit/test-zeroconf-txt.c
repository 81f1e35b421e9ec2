/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-zeroconf-txt.c: TXT records of `_nvme-disc` services as an mDNS
 * announcer on the storage network could send them: the transport mapping,
 * case-insensitive keys, first occurrence wins, and malformed records
 * (non-printable, no or several `=`, empty keys, bad NQNs) ignored without
 * failing the service.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"
#include "nmnvme-zeroconf-txt.h"

#define UNIQUE_NQN "nqn.2026-11.io.nm-nvme.lab:discovery"

/* Raw records: @len bytes each (may hold NULs); a NULL @bytes ends the list. */
typedef struct {
    const char *bytes;
    gsize       len;
} Rec;

#define R(x)             \
    {                    \
        x, sizeof(x) - 1 \
    }
#define END     \
    {           \
        NULL, 0 \
    }

static GPtrArray *
records(const Rec *recs)
{
    GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);

    for (guint i = 0; recs[i].bytes; i++)
        g_ptr_array_add(a, g_bytes_new(recs[i].bytes, recs[i].len));
    return a;
}

static NMNvmeZeroconfTxt *
parse(const Rec *recs, GError **error)
{
    g_autoptr(GPtrArray) a = records(recs);

    return nmnvme_zeroconf_txt_parse(a, error);
}

static void
test_transports(void)
{
    static const struct {
        const char *record;
        const char *transport;
    } cases[] = {
        { "p=tcp", "tcp" },   { "p=TCP", "tcp" },    { "P=tcp", "tcp" },   { "p=roce", "rdma" },
        { "p=RoCE", "rdma" }, { "p=iwarp", "rdma" }, { "p=rdma", "rdma" }, { "P=iWARP", "rdma" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        Rec rec[]                        = { { cases[i].record, strlen(cases[i].record) }, END };
        g_autoptr(GError) error          = NULL;
        g_autoptr(NMNvmeZeroconfTxt) txt = parse(rec, &error);

        g_test_message("%s", cases[i].record);
        g_assert_no_error(error);
        g_assert_cmpstr(txt->transport, ==, cases[i].transport);
        g_assert_null(txt->nqn);
        g_assert_cmpuint(txt->n_ignored, ==, 0);
    }
}

static void
test_nqn(void)
{
    static const Rec rec[]           = { R("NQN=" UNIQUE_NQN), R("p=tcp"), END };
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeZeroconfTxt) txt = parse(rec, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(txt->transport, ==, "tcp");
    g_assert_cmpstr(txt->nqn, ==, UNIQUE_NQN);
    g_assert_cmpuint(txt->n_ignored, ==, 0);
}

static void
test_first_occurrence_wins(void)
{
    static const Rec rec[]           = { R("p=tcp"),
                                         R("P=bogus"),
                                         R("nqn=" UNIQUE_NQN),
                                         R("nqn=nqn.2026-11.io.other:x"),
                                         END };
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeZeroconfTxt) txt = parse(rec, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(txt->transport, ==, "tcp");
    g_assert_cmpstr(txt->nqn, ==, UNIQUE_NQN);
    g_assert_cmpuint(txt->n_ignored, ==, 2);
}

static void
test_unknown_keys_kept_quiet(void)
{
    static const Rec rec[]  = { R("p=tcp"), R("txtvers=1"), R("vendor=lab"), R("x="), END };
    g_autoptr(GError) error = NULL;
    g_autoptr(NMNvmeZeroconfTxt) txt = parse(rec, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(txt->transport, ==, "tcp");
    g_assert_cmpuint(txt->n_ignored, ==, 0);
}

/* Each malformed record next to a good `p=tcp`: ignored and counted; the
 * service still parses. */
static void
test_malformed_records_ignored(void)
{
    static const Rec bad[] = {
        R(""),                         /* empty */
        R("p"),                        /* no '=' (a boolean attribute) */
        R("=tcp"),                     /* empty key */
        R("="),                        /* empty key and value */
        R("p=tcp=rdma"),               /* two '=' */
        R("nqn=a=b"),                  /* two '=' */
        R("p\x00=rdma"),               /* NUL in the key */
        R("p=rd\x00ma"),               /* NUL in the value */
        R("p=tcp\n"),                  /* newline */
        R("p=tcp\r"),                  /* carriage return */
        R("p\t=rdma"),                 /* tab */
        R("p=\x1b[31mrdma"),           /* terminal escape */
        R("p=\x7f"),                   /* DEL */
        R("p=r\xc3\xa9ma"),            /* UTF-8, not ASCII */
        R("p=\xff\xfe"),               /* invalid UTF-8 */
        R("\xff=tcp"),                 /* binary key */
        R("nqn=not-an-nqn"),           /* well-formed record, invalid NQN */
        R("nqn=nqn."),                 /* the prefix only */
        R("nqn=nqn.2026-11.io.x:a b"), /* space in an NQN */
        R("nqn="),                     /* empty NQN */
        R("==="),                      /* only separators */
        R("\x00\x00\x00"),             /* only NULs */
    };

    g_assert_cmpuint(G_N_ELEMENTS(bad), >=, 20);
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        Rec rec[]                        = { bad[i], R("p=tcp"), END };
        g_autoptr(GError) error          = NULL;
        g_autoptr(NMNvmeZeroconfTxt) txt = NULL;

        g_test_message("malformed record %u", i);
        txt = parse(rec, &error);
        g_assert_no_error(error);
        g_assert_cmpstr(txt->transport, ==, "tcp");
        g_assert_null(txt->nqn);
        g_assert_cmpuint(txt->n_ignored, ==, 1);
    }
}

/* A malformed `p` record before a good one does not hide it (it never
 * counted as the first occurrence). */
static void
test_malformed_p_then_good_p(void)
{
    static const Rec rec[]           = { R("p=tcp\x01"), R("p=rdma=x"), R("p=roce"), END };
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeZeroconfTxt) txt = parse(rec, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(txt->transport, ==, "rdma");
    g_assert_cmpuint(txt->n_ignored, ==, 2);
}

/* The service fails, naming the `p` field, when no usable `p=` exists. */
static void
test_service_rejected(void)
{
    static const struct {
        Rec         recs[4];
        const char *why;
    } cases[] = {
        { { END }, "p: missing" },
        { { R("nqn=" UNIQUE_NQN), END }, "p: missing" },
        { { R("p=tcp\n"), END }, "p: missing" },
        { { R("p=bogus"), END }, "p: unknown transport 'bogus'" },
        { { R("p="), END }, "p: unknown transport ''" },
        { { R("p=fc"), END }, "p: unknown transport 'fc'" },
        { { R("p=tcp "), END }, "p: unknown transport 'tcp '" },
        { { R("p=bogus"), R("p=tcp"), END }, "p: unknown transport 'bogus'" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error          = NULL;
        g_autoptr(NMNvmeZeroconfTxt) txt = parse(cases[i].recs, &error);

        g_test_message("case %u: %s", i, cases[i].why);
        g_assert_null(txt);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
        g_assert_true(g_str_has_prefix(error->message, cases[i].why));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/zeroconf-txt/transports", test_transports);
    g_test_add_func("/zeroconf-txt/nqn", test_nqn);
    g_test_add_func("/zeroconf-txt/first-occurrence-wins", test_first_occurrence_wins);
    g_test_add_func("/zeroconf-txt/unknown-keys", test_unknown_keys_kept_quiet);
    g_test_add_func("/zeroconf-txt/malformed-ignored", test_malformed_records_ignored);
    g_test_add_func("/zeroconf-txt/malformed-p-then-good-p", test_malformed_p_then_good_p);
    g_test_add_func("/zeroconf-txt/service-rejected", test_service_rejected);
    return g_test_run();
}
