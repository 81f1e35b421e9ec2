/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls-probe.h: what the host has for NVMe/TCP TLS besides the
 * kernel's connect options, read cheaply without connecting: whether the
 * `.nvme` keyring exists and which TLS PSK identities it shows
 * (/proc/keys), and whether a tlshd runs in our network namespace (the
 * kernel hands handshakes only to a tlshd listening in the namespace of
 * the socket, i.e. of the process writing /dev/nvme-fabrics). The engine
 * re-reads it while a controller waits for a missing piece. Blocking
 * (small /proc reads): workers only. Keys are never read, only their
 * descriptions.
 */
#ifndef NMNVME_TLS_PROBE_H
#define NMNVME_TLS_PROBE_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_PROC_DIR "/proc"

/**
 * NMNvmeTlsProbe:
 * @keyring: `/proc/keys` lists the keyring `.nvme`
 * @tlshd: a process named `tlshd` runs in our network namespace (its
 *   /proc/PID/ns/net is ours; where that link cannot be read, one of its
 *   generic netlink sockets is in our /proc/net/netlink)
 * @identities: (element-type utf8): the descriptions of the `psk` keys
 *   /proc/keys shows (PSK identities, "NVMe0R01 HOSTNQN SUBNQN"), sorted
 */
typedef struct {
    gboolean   keyring;
    gboolean   tlshd;
    GPtrArray *identities;
} NMNvmeTlsProbe;

/**
 * nmnvme_tls_probe_read:
 * @proc_dir: the proc file system, normally %NMNVME_PROC_DIR
 *
 * Reads @proc_dir/keys, each @proc_dir/PID/comm with its ns/net link
 * compared with @proc_dir/self/ns/net, and @proc_dir/net/netlink. What cannot be read counts as
 * absent (no /proc/keys: no keyring; a process that exits meanwhile is
 * skipped).
 *
 * Returns: (transfer full): what was found.
 */
NMNvmeTlsProbe *nmnvme_tls_probe_read(const char *proc_dir);

/* Parses /proc/keys' text into @probe's @keyring and @identities (pure). */
void nmnvme_tls_probe_parse_keys(NMNvmeTlsProbe *probe, const char *text);

/* Whether a retained or generated PSK for @hostnqn and @subnqn is shown,
 * of any identity version and hash ("NVMe<v><R|G><hh> HOSTNQN SUBNQN"
 * and, for version 1, a digest after it): what the kernel's lookup can
 * find. */
gboolean nmnvme_tls_probe_has_key_for(const NMNvmeTlsProbe *probe,
                                      const char           *hostnqn,
                                      const char           *subnqn);

gboolean nmnvme_tls_probe_equal(const NMNvmeTlsProbe *a, const NMNvmeTlsProbe *b);

NMNvmeTlsProbe *nmnvme_tls_probe_new(void);
void            nmnvme_tls_probe_free(NMNvmeTlsProbe *probe);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeTlsProbe, nmnvme_tls_probe_free)

G_END_DECLS

#endif /* NMNVME_TLS_PROBE_H */
