/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls.h: NVMe/TCP secure channels (TLS 1.3 with a pre-shared key,
 * TP8011), the pure questions: whether one controller is connected with
 * TLS, plain, or not at all (the session's `nvme.tls` against a discovery
 * log entry's TREQ and TSAS); the PSK identity the kernel looks up in the
 * `.nvme` keyring; what the host lacks for TLS (kernel option, keyring,
 * tlshd); and what a failed connect's errno means when TLS was asked for.
 * No I/O: the facts are gathered elsewhere (nmnvme-tls-probe.h).
 *
 * Kernel facts these rules follow (Linux 6.12, drivers/nvme/host/tcp.c,
 * drivers/nvme/common/keyring.c, net/handshake):
 * - /dev/nvme-fabrics lists `tls`, `keyring=%d` and `tls_key=%d` when the
 *   kernel has NVMe/TCP TLS (6.7 and later); `concat` (secure
 *   concatenation, DH-HMAC-CHAP then TLS) from 6.15 on; Debian 12's 6.1
 *   lists none of them, Debian 13's 6.12 no `concat`.
 * - `concat` (drivers/nvme/host/fabrics.c, auth.c, tcp.c): the kernel
 *   refuses it together with `tls` or `tls_key`, and without
 *   `dhchap_secret`. The admin queue connects plain, DH-HMAC-CHAP asks for
 *   a new TLS PSK (SC_C), the kernel derives it from the exchange, inserts
 *   it into the keyring (`keyring=`, default `.nvme`) and reconnects the
 *   admin queue over TLS with it (tlshd does the handshake); the I/O
 *   queues follow. sysfs `tls_key` is the generated key's serial,
 *   `tls_mode` "concat" (6.15 and later).
 * - Without `tls_key`, the kernel looks the PSK up in `.nvme` by the
 *   description "NVMe0R02 HOSTNQN SUBNQN", then "NVMe0R01 ..." (retained
 *   keys, SHA-384 first; later kernels also try version-1 identities).
 * - With no tlshd listening in the connecting process's network
 *   namespace, the handshake upcall fails and the fabrics write returns
 *   ESRCH; no key found: ENOKEY; a handshake tlshd could not complete:
 *   EACCES (ETIMEDOUT when it timed out).
 */
#ifndef NMNVME_TLS_H
#define NMNVME_TLS_H

#include <glib.h>

#include "nmnvme-settings.h"

G_BEGIN_DECLS

/* TREQ bits 1:0, the secure channel requirement of a log entry's port. */
#define NMNVME_TREQ_SECURE_MASK         0x03u
#define NMNVME_TREQ_SECURE_UNSPECIFIED  0x00u
#define NMNVME_TREQ_SECURE_REQUIRED     0x01u
#define NMNVME_TREQ_SECURE_NOT_REQUIRED 0x02u

/* TSAS SECTYPE of a tcp entry (its first byte). */
#define NMNVME_TCP_SECTYPE_NONE  0x00u
#define NMNVME_TCP_SECTYPE_TLS12 0x01u
#define NMNVME_TCP_SECTYPE_TLS13 0x02u

/**
 * NMNvmeTlsPort:
 * @transport: "tcp", "rdma", ...
 * @from_log: whether @treq and @sectype come from a discovery log entry;
 *   configured controllers and discovery controllers have none
 * @treq: the entry's TREQ byte
 * @sectype: the entry's TSAS SECTYPE (tcp only)
 * @discovery: a discovery controller (connected without DH-HMAC-CHAP,
 *   so never with secure concatenation)
 */
typedef struct {
    const char *transport;
    gboolean    from_log;
    guint8      treq;
    guint8      sectype;
    gboolean    discovery;
} NMNvmeTlsPort;

typedef enum {
    NMNVME_TLS_CONNECT_PLAIN,
    NMNVME_TLS_CONNECT_TLS,
    NMNVME_TLS_CONNECT_REFUSE,
    NMNVME_TLS_CONNECT_CONCAT, /* `concat`: DH-HMAC-CHAP, then TLS with the derived PSK */
} NMNvmeTlsConnect;

/**
 * nmnvme_tls_decide:
 * @mode: the session's `nvme.tls`
 * @port: the controller's port
 * @out_reason: (out) (optional) (transfer full): why, for the status and
 *   the log (always set: also says why plain or TLS)
 *
 * The decision table:
 *
 * | `nvme.tls` | port (tcp)                                   | result |
 * |---|---|---|
 * | no   | TREQ required                                  | refuse |
 * | no   | otherwise                                      | plain  |
 * | yes  | any                                            | TLS    |
 * | auto | TREQ required, or SECTYPE TLS 1.2/1.3 offered  | TLS    |
 * | auto | TREQ required with an unknown SECTYPE          | refuse |
 * | auto | otherwise (no entry: configured, discovery)    | plain  |
 * | concat | I/O controller                               | concat |
 * | concat | discovery controller, TREQ required          | refuse |
 * | concat | discovery controller, otherwise              | plain  |
 *
 * A port that requires a secure channel is never connected plain. Other
 * transports have no TLS: `yes`, `concat`, or a port that requires a
 * secure channel, refuses them; otherwise plain. Discovery controllers get
 * no DH-HMAC-CHAP secret, which secure concatenation needs.
 */
NMNvmeTlsConnect nmnvme_tls_decide(NMNvmeTlsMode        mode,
                                   const NMNvmeTlsPort *port,
                                   char               **out_reason);

/* "none", "tls1.2", "tls1.3" or "0xNN"; "not specified", "required",
 * "not required" or "reserved" (TREQ bits 1:0). For the log views. */
const char *nmnvme_tls_sectype_to_string(guint8 sectype, char buf[8]);
const char *nmnvme_tls_treq_to_string(guint8 treq);

/**
 * nmnvme_tls_identity:
 * @hostnqn: the host NQN the controller is connected with
 * @subnqn: the subsystem NQN
 * @hmac: the configured PSK's hash (0 none, 1 SHA-256, 2 SHA-384)
 * @key_len: its length (32 or 48)
 *
 * The version-0 retained PSK identity "NVMe0RHH HOSTNQN SUBNQN" that a
 * configured key is inserted under and that every TLS kernel looks up:
 * HH is the hash, or for an untransformed key the one its length implies
 * (48 bytes: 02, else 01), as libnvme derives it.
 *
 * Returns: (transfer full): the identity.
 */
char *nmnvme_tls_identity(const char *hostnqn, const char *subnqn, guint hmac, gsize key_len);

/**
 * NMNvmeTlsFacts:
 * @kernel_tls: /dev/nvme-fabrics lists `tls`
 * @keyring: the `.nvme` keyring exists
 * @tlshd: a tlshd runs in our network namespace
 * @libnvme_keys: this build's libnvme can insert keys (only a configured
 *   key needs it)
 * @kernel_concat: /dev/nvme-fabrics lists `concat` (secure concatenation)
 */
typedef struct {
    gboolean kernel_tls;
    gboolean keyring;
    gboolean tlshd;
    gboolean libnvme_keys;
    gboolean kernel_concat;
} NMNvmeTlsFacts;

/**
 * NMNvmeTlsProblem:
 * Why a controller that is to be connected with TLS is not; what the
 * status names. The first four are capabilities (nmnvme_tls_check()),
 * the others come from a connect or the policy.
 */
typedef enum {
    NMNVME_TLS_PROBLEM_NONE,
    NMNVME_TLS_PROBLEM_NO_KERNEL,   /* the kernel has no NVMe/TCP TLS */
    NMNVME_TLS_PROBLEM_NO_KEYRING,  /* no `.nvme` keyring */
    NMNVME_TLS_PROBLEM_NO_TLSHD,    /* tlshd is not running */
    NMNVME_TLS_PROBLEM_NO_LIBNVME,  /* this libnvme cannot insert a configured key */
    NMNVME_TLS_PROBLEM_NO_KEY,      /* no PSK for the identity */
    NMNVME_TLS_PROBLEM_KEY_CONFLICT, /* someone else's key has our identity */
    NMNVME_TLS_PROBLEM_HANDSHAKE,   /* the TLS handshake failed */
    NMNVME_TLS_PROBLEM_REFUSED,     /* the port's TREQ/TSAS against nvme.tls */
    NMNVME_TLS_PROBLEM_CHECKING,    /* the facts are being read (the first probe) */
    NMNVME_TLS_PROBLEM_NO_CONCAT,   /* the kernel has no secure concatenation (`concat`) */
} NMNvmeTlsProblem;

/**
 * nmnvme_tls_check:
 * @facts: what the host has
 * @configured_key: whether the session has `nvme.tls-key`
 *
 * Returns: the first capability missing, in the order kernel, keyring,
 *   tlshd, libnvme (the latter only with @configured_key), or
 *   %NMNVME_TLS_PROBLEM_NONE.
 */
NMNvmeTlsProblem nmnvme_tls_check(const NMNvmeTlsFacts *facts, gboolean configured_key);

/**
 * nmnvme_tls_check_concat:
 * @facts: what the host has
 *
 * For secure concatenation: the kernel's `tls` and `concat`, the keyring
 * the generated PSK goes into, and tlshd for the handshake; no key needs
 * to be there before (the kernel makes it), no libnvme either.
 *
 * Returns: the first missing, in the order kernel TLS, kernel concat,
 *   keyring, tlshd, or %NMNVME_TLS_PROBLEM_NONE.
 */
NMNvmeTlsProblem nmnvme_tls_check_concat(const NMNvmeTlsFacts *facts);

/* Whether the missing piece can appear while the daemon runs (a keyring,
 * tlshd started, a key added): the engine waits for it, re-checking
 * without connecting. The kernel's options and this build's libnvme do
 * not change: such a controller stays idle, its problem in the status. */
gboolean nmnvme_tls_problem_can_appear(NMNvmeTlsProblem problem);

/* The status word: "tls-unsupported", "no-keyring", "tlshd-not-running",
 * "libnvme-no-tls", "no-key", "key-conflict", "handshake-failed",
 * "refused", "checking", "concat-unsupported"; "" for none. */
const char *nmnvme_tls_problem_to_string(NMNvmeTlsProblem problem);

/* A sentence for the log and the status: "the kernel has no NVMe/TCP TLS
 * (no `tls` in /dev/nvme-fabrics)", ... */
const char *nmnvme_tls_problem_describe(NMNvmeTlsProblem problem);

/**
 * nmnvme_tls_classify_errno:
 * @errsv: the errno of a failed write to /dev/nvme-fabrics that asked
 *   for TLS
 *
 * ESRCH: tlshd not running; ENOKEY: no key; EACCES, EKEYREJECTED,
 * EKEYREVOKED, EKEYEXPIRED, ETIMEDOUT, EPROTO, EBADMSG: the handshake
 * failed; anything else is not a TLS problem (unreachable, refused...).
 */
NMNvmeTlsProblem nmnvme_tls_classify_errno(int errsv);

G_END_DECLS

#endif /* NMNVME_TLS_H */
