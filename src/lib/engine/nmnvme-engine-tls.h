/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine-tls.h: the host's NVMe/TCP TLS as the engine knows it, its
 * one owner: the capability facts (the kernel's `tls` option, from the
 * fabrics options; the `.nvme` keyring, the PSK identities it shows and
 * tlshd, from a cheap probe of /proc, nmnvme-tls-probe.h) and the keys we
 * inserted into `.nvme` for configured PSKs (by identity, with the
 * sessions that use them; revoked when the last one goes, kept over a
 * daemon restart in STATE_DIR/tls-keys, 0600: serials and identities
 * only, never key material).
 *
 * No tight loop: while a controller waits for a missing piece (tlshd, the
 * keyring, a key), the probe runs every NMNVME_ENGINE_TLS_RECHECK_MS on a
 * worker, without connecting; @changed is called when what it finds
 * changes, and the timer stops as soon as @waiting says nothing waits
 * (no wake-ups then). Main loop only.
 */
#ifndef NMNVME_ENGINE_TLS_H
#define NMNVME_ENGINE_TLS_H

#include <gio/gio.h>

#include "nmnvme-tls-probe.h"
#include "nmnvme-tls.h"

G_BEGIN_DECLS

#define NMNVME_ENGINE_TLS_RECHECK_MS 2000

typedef struct _NMNvmeEngineTls NMNvmeEngineTls;

/* @changed: the facts changed (sessions retry what waits); @waiting:
 * whether any controller still waits (the re-check stops when not). */
typedef void (*NMNvmeEngineTlsChanged)(gpointer user_data);
typedef gboolean (*NMNvmeEngineTlsWaiting)(gpointer user_data);

/* @proc_dir: NMNVME_PROC_DIR; @state_dir: where tls-keys is kept (NULL:
 * nowhere). Reads tls-keys (synchronously, a small tmpfs file) and starts
 * the first probe. */
NMNvmeEngineTls *nmnvme_engine_tls_new(const char            *proc_dir,
                                       const char            *state_dir,
                                       NMNvmeEngineTlsChanged changed,
                                       NMNvmeEngineTlsWaiting waiting,
                                       gpointer               user_data);
void             nmnvme_engine_tls_free(NMNvmeEngineTls *tls);

/* Whether the kernel lists `tls` and `concat` (the engine, from its
 * fabrics options). */
void nmnvme_engine_tls_set_kernel(NMNvmeEngineTls *tls, gboolean kernel_tls, gboolean kernel_concat);

/* (nullable): the last probe; %NULL until the first one ended. */
const NMNvmeTlsProbe *nmnvme_engine_tls_get_probe(const NMNvmeEngineTls *tls);

/**
 * nmnvme_engine_tls_check:
 * @concat: secure concatenation (nmnvme_tls_check_concat(): no key is
 *   looked up, the kernel derives it; @configured_key is ignored)
 * @configured_key: the session has `nvme.tls-key`
 * @hostnqn, @subnqn: (nullable): without @configured_key, the pair whose
 *   retained PSK the kernel will look up: no such identity shown by the
 *   probe is %NMNVME_TLS_PROBLEM_NO_KEY
 *
 * Returns: what is missing for a TLS connect now, or NONE; CHECKING
 *   before the first probe ended (its end calls @changed: no connect
 *   without the facts).
 */
NMNvmeTlsProblem nmnvme_engine_tls_check(const NMNvmeEngineTls *tls,
                                         gboolean               concat,
                                         gboolean               configured_key,
                                         const char            *hostnqn,
                                         const char            *subnqn);

/* A controller waits for a missing piece: the re-check runs (if it does
 * not yet). */
void nmnvme_engine_tls_wait(NMNvmeEngineTls *tls);

/* Probe now (a connect said ESRCH: the facts are stale). */
void nmnvme_engine_tls_refresh(NMNvmeEngineTls *tls);

/* The serial we inserted under @identity, 0: none. */
gint32 nmnvme_engine_tls_key_serial(const NMNvmeEngineTls *tls, const char *identity);

/* Records that @user (a session's interface) uses the key @serial we
 * inserted under @identity (saved in tls-keys). */
void nmnvme_engine_tls_key_use(NMNvmeEngineTls *tls,
                               const char      *identity,
                               gint32           serial,
                               const char      *user);

/* @user needs no key any more: those left with no user are revoked (on a
 * worker, only if `.nvme` still has them under their identity). */
void nmnvme_engine_tls_key_release(NMNvmeEngineTls *tls, const char *user);

G_END_DECLS

#endif /* NMNVME_ENGINE_TLS_H */
