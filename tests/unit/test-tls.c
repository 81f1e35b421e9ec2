/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-tls.c: the TLS decision table (nvme.tls x TREQ x TSAS x
 * transport), the PSK identity the kernel looks up, the capability
 * verdicts and what a failed TLS connect's errno means.
 */
#include "config.h"

#include <errno.h>

#include "nmnvme-tls.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define SUBNQN  "nqn.2026-01.io.example:lab"

#define P NMNVME_TLS_CONNECT_PLAIN
#define T NMNVME_TLS_CONNECT_TLS
#define R NMNVME_TLS_CONNECT_REFUSE

typedef struct {
    NMNvmeTlsMode    mode;
    const char      *transport;
    gboolean         from_log;
    guint8           treq;
    guint8           sectype;
    NMNvmeTlsConnect want;
} Row;

/* Every TREQ secure-channel value (and the SQ flow bit beside it) against
 * every SECTYPE, for each mode. */
static const Row rows[] = {
    /* no: plain, unless the port requires a secure channel */
    { NMNVME_TLS_NO, "tcp", FALSE, 0, 0, P },
    { NMNVME_TLS_NO, "tcp", TRUE, NMNVME_TREQ_SECURE_UNSPECIFIED, NMNVME_TCP_SECTYPE_NONE, P },
    { NMNVME_TLS_NO, "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, P },
    { NMNVME_TLS_NO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, R },
    { NMNVME_TLS_NO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED | 0x04, NMNVME_TCP_SECTYPE_TLS13, R },
    { NMNVME_TLS_NO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_NONE, R },
    { NMNVME_TLS_NO, "tcp", TRUE, 0x03, NMNVME_TCP_SECTYPE_TLS13, P }, /* reserved */
    /* TREQ of a configured controller (no entry) means nothing */
    { NMNVME_TLS_NO, "tcp", FALSE, NMNVME_TREQ_SECURE_REQUIRED, 0, P },
    /* yes: TLS everywhere on tcp */
    { NMNVME_TLS_YES, "tcp", FALSE, 0, 0, T },
    { NMNVME_TLS_YES, "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_NONE, T },
    { NMNVME_TLS_YES, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, T },
    /* auto: where the entry requires or offers it */
    { NMNVME_TLS_AUTO, "tcp", FALSE, 0, 0, P },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_UNSPECIFIED, NMNVME_TCP_SECTYPE_NONE, P },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_NONE, P },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, T },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_UNSPECIFIED, NMNVME_TCP_SECTYPE_TLS13, T },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_UNSPECIFIED, NMNVME_TCP_SECTYPE_TLS12, T },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, T },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_NONE, T },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, 0x07, R },
    { NMNVME_TLS_AUTO, "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, 0x07, P },
    /* other transports have no TLS */
    { NMNVME_TLS_NO, "rdma", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, 0, P },
    { NMNVME_TLS_AUTO, "rdma", TRUE, NMNVME_TREQ_SECURE_UNSPECIFIED, 0, P },
    { NMNVME_TLS_AUTO, "rdma", TRUE, NMNVME_TREQ_SECURE_REQUIRED, 0, R },
    { NMNVME_TLS_NO, "fc", TRUE, NMNVME_TREQ_SECURE_REQUIRED, 0, R },
    { NMNVME_TLS_YES, "rdma", FALSE, 0, 0, R },
};

static void
test_decision_table(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        const Row    *row      = &rows[i];
        NMNvmeTlsPort port     = { row->transport, row->from_log, row->treq, row->sectype };
        g_autofree char *why   = NULL;
        NMNvmeTlsConnect got   = nmnvme_tls_decide(row->mode, &port, &why);

        if (got != row->want)
            g_error("row %u: mode %d %s treq 0x%02x sectype 0x%02x: got %d, want %d (%s)",
                    i, row->mode, row->transport, row->treq, row->sectype, got, row->want, why);
        g_assert_nonnull(why);
        g_assert_cmpstr(why, !=, "");
    }
}

/* A refusal names what the port asks and what the setting says. */
static void
test_refusal_reason(void)
{
    NMNvmeTlsPort    port = { "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13 };
    g_autofree char *why  = NULL;

    g_assert_cmpint(nmnvme_tls_decide(NMNVME_TLS_NO, &port, &why), ==, R);
    g_assert_nonnull(strstr(why, "requires a secure channel"));
    g_assert_nonnull(strstr(why, "nvme.tls is no"));
    /* the reason is optional */
    g_assert_cmpint(nmnvme_tls_decide(NMNVME_TLS_AUTO, &port, NULL), ==, T);
}

static void
test_log_words(void)
{
    char buf[8];

    g_assert_cmpstr(nmnvme_tls_treq_to_string(0x00), ==, "not specified");
    g_assert_cmpstr(nmnvme_tls_treq_to_string(0x05), ==, "required");
    g_assert_cmpstr(nmnvme_tls_treq_to_string(0x02), ==, "not required");
    g_assert_cmpstr(nmnvme_tls_treq_to_string(0x03), ==, "reserved");
    g_assert_cmpstr(nmnvme_tls_sectype_to_string(0, buf), ==, "none");
    g_assert_cmpstr(nmnvme_tls_sectype_to_string(1, buf), ==, "tls1.2");
    g_assert_cmpstr(nmnvme_tls_sectype_to_string(2, buf), ==, "tls1.3");
    g_assert_cmpstr(nmnvme_tls_sectype_to_string(0xfe, buf), ==, "0xfe");
}

/* drivers/nvme/common/keyring.c: "NVMe0%c%02d %s %s", R for retained;
 * libnvme's gen_tls_identity() for version 0 with the cipher of an
 * untransformed key taken from its length. */
static void
test_identity(void)
{
    g_autofree char *sha256 = nmnvme_tls_identity(HOSTNQN, SUBNQN, 1, 32);
    g_autofree char *sha384 = nmnvme_tls_identity(HOSTNQN, SUBNQN, 2, 48);
    g_autofree char *none32 = nmnvme_tls_identity(HOSTNQN, SUBNQN, 0, 32);
    g_autofree char *none48 = nmnvme_tls_identity(HOSTNQN, SUBNQN, 0, 48);

    g_assert_cmpstr(sha256, ==, "NVMe0R01 " HOSTNQN " " SUBNQN);
    g_assert_cmpstr(sha384, ==, "NVMe0R02 " HOSTNQN " " SUBNQN);
    g_assert_cmpstr(none32, ==, "NVMe0R01 " HOSTNQN " " SUBNQN);
    g_assert_cmpstr(none48, ==, "NVMe0R02 " HOSTNQN " " SUBNQN);
}

static void
test_capabilities(void)
{
    NMNvmeTlsFacts all = { TRUE, TRUE, TRUE, TRUE };
    NMNvmeTlsFacts f;

    g_assert_cmpint(nmnvme_tls_check(&all, TRUE), ==, NMNVME_TLS_PROBLEM_NONE);
    f            = all;
    f.kernel_tls = FALSE;
    f.tlshd      = FALSE; /* the kernel is named first */
    g_assert_cmpint(nmnvme_tls_check(&f, FALSE), ==, NMNVME_TLS_PROBLEM_NO_KERNEL);
    f         = all;
    f.keyring = FALSE;
    g_assert_cmpint(nmnvme_tls_check(&f, FALSE), ==, NMNVME_TLS_PROBLEM_NO_KEYRING);
    f       = all;
    f.tlshd = FALSE;
    g_assert_cmpint(nmnvme_tls_check(&f, FALSE), ==, NMNVME_TLS_PROBLEM_NO_TLSHD);
    /* libnvme inserts configured keys only: a keyring-provisioned PSK
     * needs no libnvme support (Debian 12's 1.3 has none) */
    f              = all;
    f.libnvme_keys = FALSE;
    g_assert_cmpint(nmnvme_tls_check(&f, FALSE), ==, NMNVME_TLS_PROBLEM_NONE);
    g_assert_cmpint(nmnvme_tls_check(&f, TRUE), ==, NMNVME_TLS_PROBLEM_NO_LIBNVME);

    for (NMNvmeTlsProblem p = NMNVME_TLS_PROBLEM_NO_KERNEL; p <= NMNVME_TLS_PROBLEM_NO_CONCAT; p++) {
        g_assert_cmpstr(nmnvme_tls_problem_to_string(p), !=, "");
        g_assert_cmpstr(nmnvme_tls_problem_describe(p), !=, "");
    }
    g_assert_cmpstr(nmnvme_tls_problem_to_string(NMNVME_TLS_PROBLEM_NO_TLSHD), ==,
                    "tlshd-not-running");
    g_assert_cmpstr(nmnvme_tls_problem_to_string(NMNVME_TLS_PROBLEM_NO_KERNEL), ==,
                    "tls-unsupported");
    g_assert_true(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_TLSHD));
    g_assert_true(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_KEYRING));
    g_assert_true(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_KEY));
    g_assert_false(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_KERNEL));
    g_assert_false(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_LIBNVME));
    g_assert_false(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_HANDSHAKE));
    g_assert_true(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_CHECKING));
}

/* nvme.tls=concat: every tcp I/O controller by secure concatenation,
 * whatever its entry says; discovery controllers (no DH-HMAC-CHAP secret)
 * plain, or refused where the port requires a secure channel; other
 * transports refused. */
static void
test_concat_decision(void)
{
    static const struct {
        const char      *transport;
        gboolean         from_log;
        guint8           treq;
        guint8           sectype;
        gboolean         discovery;
        NMNvmeTlsConnect want;
    } concat_rows[] = {
        { "tcp", FALSE, 0, 0, FALSE, NMNVME_TLS_CONNECT_CONCAT },
        { "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_NONE, FALSE,
          NMNVME_TLS_CONNECT_CONCAT },
        { "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, FALSE,
          NMNVME_TLS_CONNECT_CONCAT },
        { "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, FALSE,
          NMNVME_TLS_CONNECT_CONCAT },
        { "tcp", FALSE, 0, 0, TRUE, P },
        { "tcp", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, TRUE, P },
        { "tcp", TRUE, NMNVME_TREQ_SECURE_REQUIRED, NMNVME_TCP_SECTYPE_TLS13, TRUE, R },
        { "rdma", FALSE, 0, 0, FALSE, R },
        { "rdma", TRUE, NMNVME_TREQ_SECURE_NOT_REQUIRED, 0, TRUE, R },
    };

    for (guint i = 0; i < G_N_ELEMENTS(concat_rows); i++) {
        NMNvmeTlsPort port = {
            .transport = concat_rows[i].transport,
            .from_log  = concat_rows[i].from_log,
            .treq      = concat_rows[i].treq,
            .sectype   = concat_rows[i].sectype,
            .discovery = concat_rows[i].discovery,
        };
        g_autofree char *why = NULL;
        NMNvmeTlsConnect got = nmnvme_tls_decide(NMNVME_TLS_CONCAT, &port, &why);

        if (got != concat_rows[i].want)
            g_error("concat row %u: got %d, want %d (%s)", i, got, concat_rows[i].want, why);
        g_assert_nonnull(strstr(why, "concat"));
    }
    /* the other modes never answer concat, and treat discovery
     * controllers as before */
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeTlsPort port = { rows[i].transport, rows[i].from_log, rows[i].treq, rows[i].sectype,
                               TRUE };

        g_assert_cmpint(nmnvme_tls_decide(rows[i].mode, &port, NULL), ==, rows[i].want);
    }
}

/* Secure concatenation needs the kernel's `tls` and `concat`, the keyring
 * and tlshd, but no key beforehand and no libnvme key support. */
static void
test_concat_capabilities(void)
{
    NMNvmeTlsFacts all = {
        .kernel_tls = TRUE, .keyring = TRUE, .tlshd = TRUE, .kernel_concat = TRUE,
    };
    NMNvmeTlsFacts f;

    g_assert_cmpint(nmnvme_tls_check_concat(&all), ==, NMNVME_TLS_PROBLEM_NONE);
    f               = all;
    f.kernel_concat = FALSE; /* Debian 13's 6.12 */
    f.tlshd         = FALSE;
    g_assert_cmpint(nmnvme_tls_check_concat(&f), ==, NMNVME_TLS_PROBLEM_NO_CONCAT);
    f            = all;
    f.kernel_tls = FALSE;
    f.kernel_concat = FALSE; /* Debian 12's 6.1 */
    g_assert_cmpint(nmnvme_tls_check_concat(&f), ==, NMNVME_TLS_PROBLEM_NO_KERNEL);
    f         = all;
    f.keyring = FALSE;
    g_assert_cmpint(nmnvme_tls_check_concat(&f), ==, NMNVME_TLS_PROBLEM_NO_KEYRING);
    f       = all;
    f.tlshd = FALSE;
    g_assert_cmpint(nmnvme_tls_check_concat(&f), ==, NMNVME_TLS_PROBLEM_NO_TLSHD);
    /* the plain TLS check ignores concat */
    f               = all;
    f.kernel_concat = FALSE;
    g_assert_cmpint(nmnvme_tls_check(&f, FALSE), ==, NMNVME_TLS_PROBLEM_NONE);

    g_assert_cmpstr(nmnvme_tls_problem_to_string(NMNVME_TLS_PROBLEM_NO_CONCAT), ==,
                    "concat-unsupported");
    g_assert_nonnull(strstr(nmnvme_tls_problem_describe(NMNVME_TLS_PROBLEM_NO_CONCAT),
                            "'concat'"));
    /* the kernel does not change while the daemon runs */
    g_assert_false(nmnvme_tls_problem_can_appear(NMNVME_TLS_PROBLEM_NO_CONCAT));
}

/* net/handshake: no listener -> ESRCH; tcp.c: no PSK -> ENOKEY; tlshd:
 * a failed handshake -> EACCES; an unreachable target is no TLS problem. */
static void
test_classify_errno(void)
{
    g_assert_cmpint(nmnvme_tls_classify_errno(ESRCH), ==, NMNVME_TLS_PROBLEM_NO_TLSHD);
    g_assert_cmpint(nmnvme_tls_classify_errno(ENOKEY), ==, NMNVME_TLS_PROBLEM_NO_KEY);
    g_assert_cmpint(nmnvme_tls_classify_errno(EACCES), ==, NMNVME_TLS_PROBLEM_HANDSHAKE);
    g_assert_cmpint(nmnvme_tls_classify_errno(EKEYREJECTED), ==, NMNVME_TLS_PROBLEM_HANDSHAKE);
    g_assert_cmpint(nmnvme_tls_classify_errno(ECONNREFUSED), ==, NMNVME_TLS_PROBLEM_NONE);
    g_assert_cmpint(nmnvme_tls_classify_errno(EHOSTUNREACH), ==, NMNVME_TLS_PROBLEM_NONE);
    g_assert_cmpint(nmnvme_tls_classify_errno(EALREADY), ==, NMNVME_TLS_PROBLEM_NONE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls/decision-table", test_decision_table);
    g_test_add_func("/tls/refusal-reason", test_refusal_reason);
    g_test_add_func("/tls/log-words", test_log_words);
    g_test_add_func("/tls/identity", test_identity);
    g_test_add_func("/tls/capabilities", test_capabilities);
    g_test_add_func("/tls/classify-errno", test_classify_errno);
    g_test_add_func("/tls/concat-decision", test_concat_decision);
    g_test_add_func("/tls/concat-capabilities", test_concat_capabilities);
    return g_test_run();
}
