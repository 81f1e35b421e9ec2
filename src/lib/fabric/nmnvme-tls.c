/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls.c: the TLS decision table, the PSK identity, the capability
 * verdicts and the meaning of a failed TLS connect (pure).
 */
#include "config.h"

#include "nmnvme-tls.h"

#include <errno.h>
#include <string.h>

/*****************************************************************************/
/* Decision table */

static gboolean
treq_required(const NMNvmeTlsPort *port)
{
    return port->from_log &&
           (port->treq & NMNVME_TREQ_SECURE_MASK) == NMNVME_TREQ_SECURE_REQUIRED;
}

static gboolean
sectype_tls(guint8 sectype)
{
    return sectype == NMNVME_TCP_SECTYPE_TLS12 || sectype == NMNVME_TCP_SECTYPE_TLS13;
}

static NMNvmeTlsConnect
verdict(NMNvmeTlsConnect result, char **out_reason, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static NMNvmeTlsConnect
verdict(NMNvmeTlsConnect result, char **out_reason, const char *fmt, ...)
{
    va_list ap;

    if (out_reason) {
        va_start(ap, fmt);
        *out_reason = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    return result;
}

static NMNvmeTlsConnect
decide_other_transport(NMNvmeTlsMode mode, const NMNvmeTlsPort *port, char **out_reason)
{
    if (treq_required(port))
        return verdict(NMNVME_TLS_CONNECT_REFUSE,
                       out_reason,
                       "the port requires a secure channel (TREQ), which exists for tcp only");
    if (mode == NMNVME_TLS_YES || mode == NMNVME_TLS_CONCAT)
        return verdict(NMNVME_TLS_CONNECT_REFUSE,
                       out_reason,
                       "nvme.tls is %s and TLS exists for tcp only (transport %s)",
                       mode == NMNVME_TLS_YES ? "yes" : "concat",
                       port->transport);
    return verdict(NMNVME_TLS_CONNECT_PLAIN, out_reason, "no TLS for transport %s", port->transport);
}

static NMNvmeTlsConnect
decide_auto(const NMNvmeTlsPort *port, char **out_reason)
{
    if (!port->from_log)
        return verdict(NMNVME_TLS_CONNECT_PLAIN,
                       out_reason,
                       "nvme.tls is auto and no discovery log entry asks for TLS");
    if (treq_required(port) && port->sectype != NMNVME_TCP_SECTYPE_NONE &&
        !sectype_tls(port->sectype))
        return verdict(NMNVME_TLS_CONNECT_REFUSE,
                       out_reason,
                       "the port requires a secure channel of unknown SECTYPE 0x%02x",
                       port->sectype);
    if (treq_required(port))
        return verdict(NMNVME_TLS_CONNECT_TLS,
                       out_reason,
                       "the port requires a secure channel (TREQ)");
    if (sectype_tls(port->sectype))
        return verdict(NMNVME_TLS_CONNECT_TLS, out_reason, "the port offers TLS (TSAS)");
    return verdict(NMNVME_TLS_CONNECT_PLAIN,
                   out_reason,
                   "nvme.tls is auto and the port neither requires nor offers TLS");
}

static NMNvmeTlsConnect
decide_concat(const NMNvmeTlsPort *port, char **out_reason)
{
    if (!port->discovery)
        return verdict(NMNVME_TLS_CONNECT_CONCAT,
                       out_reason,
                       "nvme.tls is concat: DH-HMAC-CHAP, then TLS with the PSK derived from it");
    if (treq_required(port))
        return verdict(NMNVME_TLS_CONNECT_REFUSE,
                       out_reason,
                       "the port requires a secure channel (TREQ) and nvme.tls is concat, which "
                       "discovery controllers cannot use (they get no DH-HMAC-CHAP secret)");
    return verdict(NMNVME_TLS_CONNECT_PLAIN,
                   out_reason,
                   "nvme.tls is concat, which discovery controllers cannot use (they get no "
                   "DH-HMAC-CHAP secret)");
}

NMNvmeTlsConnect
nmnvme_tls_decide(NMNvmeTlsMode mode, const NMNvmeTlsPort *port, char **out_reason)
{
    g_return_val_if_fail(port, NMNVME_TLS_CONNECT_REFUSE);

    if (g_strcmp0(port->transport, "tcp") != 0)
        return decide_other_transport(mode, port, out_reason);
    switch (mode) {
    case NMNVME_TLS_NO:
        if (treq_required(port))
            return verdict(NMNVME_TLS_CONNECT_REFUSE,
                           out_reason,
                           "the port requires a secure channel (TREQ) and nvme.tls is no");
        return verdict(NMNVME_TLS_CONNECT_PLAIN, out_reason, "nvme.tls is no");
    case NMNVME_TLS_YES:
        return verdict(NMNVME_TLS_CONNECT_TLS, out_reason, "nvme.tls is yes");
    case NMNVME_TLS_AUTO:
        return decide_auto(port, out_reason);
    case NMNVME_TLS_CONCAT:
        return decide_concat(port, out_reason);
    }
    g_return_val_if_reached(NMNVME_TLS_CONNECT_REFUSE);
}

const char *
nmnvme_tls_sectype_to_string(guint8 sectype, char buf[8])
{
    switch (sectype) {
    case NMNVME_TCP_SECTYPE_NONE:
        return "none";
    case NMNVME_TCP_SECTYPE_TLS12:
        return "tls1.2";
    case NMNVME_TCP_SECTYPE_TLS13:
        return "tls1.3";
    }
    g_snprintf(buf, 8, "0x%02x", sectype);
    return buf;
}

const char *
nmnvme_tls_treq_to_string(guint8 treq)
{
    switch (treq & NMNVME_TREQ_SECURE_MASK) {
    case NMNVME_TREQ_SECURE_UNSPECIFIED:
        return "not specified";
    case NMNVME_TREQ_SECURE_REQUIRED:
        return "required";
    case NMNVME_TREQ_SECURE_NOT_REQUIRED:
        return "not required";
    }
    return "reserved";
}

/*****************************************************************************/
/* Identity */

char *
nmnvme_tls_identity(const char *hostnqn, const char *subnqn, guint hmac, gsize key_len)
{
    guint cipher = hmac ? hmac : (key_len == 48 ? 2 : 1);

    g_return_val_if_fail(hostnqn && subnqn, NULL);

    return g_strdup_printf("NVMe0R%02u %s %s", cipher, hostnqn, subnqn);
}

/*****************************************************************************/
/* Capabilities and problems */

NMNvmeTlsProblem
nmnvme_tls_check(const NMNvmeTlsFacts *facts, gboolean configured_key)
{
    g_return_val_if_fail(facts, NMNVME_TLS_PROBLEM_NO_KERNEL);

    if (!facts->kernel_tls)
        return NMNVME_TLS_PROBLEM_NO_KERNEL;
    if (!facts->keyring)
        return NMNVME_TLS_PROBLEM_NO_KEYRING;
    if (!facts->tlshd)
        return NMNVME_TLS_PROBLEM_NO_TLSHD;
    if (configured_key && !facts->libnvme_keys)
        return NMNVME_TLS_PROBLEM_NO_LIBNVME;
    return NMNVME_TLS_PROBLEM_NONE;
}

NMNvmeTlsProblem
nmnvme_tls_check_concat(const NMNvmeTlsFacts *facts)
{
    g_return_val_if_fail(facts, NMNVME_TLS_PROBLEM_NO_KERNEL);

    if (!facts->kernel_tls)
        return NMNVME_TLS_PROBLEM_NO_KERNEL;
    if (!facts->kernel_concat)
        return NMNVME_TLS_PROBLEM_NO_CONCAT;
    if (!facts->keyring)
        return NMNVME_TLS_PROBLEM_NO_KEYRING;
    if (!facts->tlshd)
        return NMNVME_TLS_PROBLEM_NO_TLSHD;
    return NMNVME_TLS_PROBLEM_NONE;
}

gboolean
nmnvme_tls_problem_can_appear(NMNvmeTlsProblem problem)
{
    return problem == NMNVME_TLS_PROBLEM_NO_KEYRING || problem == NMNVME_TLS_PROBLEM_NO_TLSHD ||
           problem == NMNVME_TLS_PROBLEM_NO_KEY || problem == NMNVME_TLS_PROBLEM_CHECKING;
}

typedef struct {
    const char *word;
    const char *sentence;
} ProblemText;

static const ProblemText problem_texts[] = {
    [NMNVME_TLS_PROBLEM_NONE]       = { "", "" },
    [NMNVME_TLS_PROBLEM_NO_KERNEL]  = { "tls-unsupported",
                                        "the kernel has no NVMe/TCP TLS (no 'tls' option in "
                                        "/dev/nvme-fabrics; Linux 6.7 or later with "
                                        "CONFIG_NVME_TCP_TLS)" },
    [NMNVME_TLS_PROBLEM_NO_KEYRING] = { "no-keyring", "the kernel keyring '.nvme' does not exist" },
    [NMNVME_TLS_PROBLEM_NO_TLSHD]   = { "tlshd-not-running",
                                        "tlshd is not running (package ktls-utils, "
                                        "tlshd.service), no TLS handshake can be made" },
    [NMNVME_TLS_PROBLEM_NO_LIBNVME] = { "libnvme-no-tls",
                                        "this build's libnvme cannot insert a configured TLS "
                                        "key (it lacks nvme_insert_tls_key_versioned(); "
                                        "libnvme3 has it)" },
    [NMNVME_TLS_PROBLEM_NO_KEY]     = { "no-key",
                                        "no TLS PSK for this host and subsystem in the "
                                        "'.nvme' keyring" },
    [NMNVME_TLS_PROBLEM_KEY_CONFLICT] = { "key-conflict",
                                          "the '.nvme' keyring holds a key with this identity "
                                          "that nm-nvme did not insert; it is left alone" },
    [NMNVME_TLS_PROBLEM_HANDSHAKE]  = { "handshake-failed",
                                        "the TLS handshake failed (wrong or unknown PSK, or "
                                        "the target does not speak TLS)" },
    [NMNVME_TLS_PROBLEM_REFUSED]    = { "refused", "not connected by the TLS policy" },
    [NMNVME_TLS_PROBLEM_CHECKING]   = { "checking",
                                        "the host's TLS (the '.nvme' keyring, tlshd) is being "
                                        "checked" },
    [NMNVME_TLS_PROBLEM_NO_CONCAT]  = { "concat-unsupported",
                                        "the kernel has no secure channel concatenation (no "
                                        "'concat' option in /dev/nvme-fabrics; Linux 6.15 or "
                                        "later), which nvme.tls=concat needs" },
};

const char *
nmnvme_tls_problem_to_string(NMNvmeTlsProblem problem)
{
    g_return_val_if_fail(problem < G_N_ELEMENTS(problem_texts), "");
    return problem_texts[problem].word;
}

const char *
nmnvme_tls_problem_describe(NMNvmeTlsProblem problem)
{
    g_return_val_if_fail(problem < G_N_ELEMENTS(problem_texts), "");
    return problem_texts[problem].sentence;
}

NMNvmeTlsProblem
nmnvme_tls_classify_errno(int errsv)
{
    switch (errsv) {
    case ESRCH:
        return NMNVME_TLS_PROBLEM_NO_TLSHD;
    case ENOKEY:
        return NMNVME_TLS_PROBLEM_NO_KEY;
    case EACCES:
    case EKEYREJECTED:
    case EKEYREVOKED:
    case EKEYEXPIRED:
    case ETIMEDOUT:
    case EPROTO:
    case EBADMSG:
        return NMNVME_TLS_PROBLEM_HANDSHAKE;
    }
    return NMNVME_TLS_PROBLEM_NONE;
}
