/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-trid.h: transport IDs, the identity of a controller the engine
 * wants: transport, traddr, trsvcid, subsystem NQN, and the host side
 * (host_traddr, host_iface). Two equal transport IDs are the same
 * controller, so they key the engine's tables; and a transport ID decides
 * whether a controller the kernel already has is the one wanted
 * (nmnvme_trid_matches_kernel()). An NMNvmeTrid is immutable.
 */
#ifndef NMNVME_TRID_H
#define NMNVME_TRID_H

#include <glib.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-uri.h"

G_BEGIN_DECLS

typedef struct _NMNvmeTrid NMNvmeTrid;

/**
 * nmnvme_trid_new:
 * @transport: "tcp", "rdma", "fc" or "loop" (stored lower-case)
 * @traddr: (nullable): the controller's transport address
 * @trsvcid: (nullable): its transport service ID (port); %NULL for fc, loop
 * @subsysnqn: the subsystem NQN (the well-known discovery NQN for a
 *   discovery controller without a unique one)
 * @host_traddr: (nullable): the host's source address
 * @host_iface: (nullable): the host interface to bind to; kept under tcp
 *   only, the one transport the kernel binds to an interface
 *
 * Empty strings count as %NULL (unset). Nothing is validated: callers build
 * transport IDs from URIs and log entries that already are.
 *
 * Returns: (transfer full): the transport ID.
 */
NMNvmeTrid *nmnvme_trid_new(const char *transport,
                            const char *traddr,
                            const char *trsvcid,
                            const char *subsysnqn,
                            const char *host_traddr,
                            const char *host_iface);

/* (transfer full): the controller @uri names, reached through @host_iface
 * (nullable); the port becomes trsvcid in decimal. */
NMNvmeTrid *nmnvme_trid_new_from_uri(const NMNvmeUri *uri, const char *host_iface);

/* (transfer full): the controller a log entry lists, reached from the host
 * side of the discovery controller that listed it (both nullable). */
NMNvmeTrid *nmnvme_trid_new_from_log_entry(const NMNvmeLogEntry *entry,
                                           const char           *host_traddr,
                                           const char           *host_iface);

/* (transfer full): the transport ID a kernel controller shows, for logs and
 * for naming controllers to disconnect; host_traddr and host_iface come from
 * its `address`, so they are %NULL when it was connected without them. */
NMNvmeTrid *nmnvme_trid_new_from_kernel_ctrl(const NMNvmeKernelCtrl *ctrl);

/**
 * nmnvme_trid_new_with_host:
 * @trid: a transport ID
 * @hostnqn: (nullable): the host NQN to connect with and match; %NULL: the
 *   engine's (the hostnqn argument of nmnvme_trid_matches_kernel())
 * @hostid: (nullable): the host ID to connect with
 * @any_host: any kernel controller of the subsystem is this one, whatever
 *   its host side (host_iface, host_traddr) and host NQN: a boot
 *   controller (nmnvme-nbft.h), which the initramfs connected its own way
 *   and which must never be connected twice
 *
 * Returns: (transfer full): a copy of @trid with that host identity. The
 *   host NQN and @any_host take part in equality, hashing and the text;
 *   the host ID does not (one NQN, one ID).
 */
NMNvmeTrid *nmnvme_trid_new_with_host(const NMNvmeTrid *trid,
                                      const char       *hostnqn,
                                      const char       *hostid,
                                      gboolean          any_host);

NMNvmeTrid *nmnvme_trid_copy(const NMNvmeTrid *trid);
void        nmnvme_trid_free(NMNvmeTrid *trid);

/* The fields as given to the constructor; (nullable) but for transport and
 * subsysnqn. */
const char *nmnvme_trid_get_transport(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_traddr(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_trsvcid(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_subsysnqn(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_host_traddr(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_host_iface(const NMNvmeTrid *trid);
/* The host identity of nmnvme_trid_new_with_host(); %NULL: the engine's. */
const char *nmnvme_trid_get_hostnqn(const NMNvmeTrid *trid);
const char *nmnvme_trid_get_hostid(const NMNvmeTrid *trid);
gboolean    nmnvme_trid_get_any_host(const NMNvmeTrid *trid);

/**
 * nmnvme_trid_equal:
 * @a: (type NMNvmeTrid): a transport ID
 * @b: (type NMNvmeTrid): another
 *
 * Field-by-field equality, where traddr and host_traddr compare as IP
 * addresses when they are IP literals under tcp or rdma ("FE80:0::1" equals
 * "fe80::1", "::ffff:10.0.0.1" equals "10.0.0.1") and case-insensitively
 * otherwise. Takes #gconstpointer so that it is a #GEqualFunc.
 *
 * Returns: whether @a and @b name the same controller.
 */
gboolean nmnvme_trid_equal(gconstpointer a, gconstpointer b);

/* Whether @boot, a transport ID that matches any host
 * (nmnvme_trid_new_with_host()), is the controller @trid names too: same
 * transport, address, port and subsystem NQN, whatever the host side. */
gboolean nmnvme_trid_covers(const NMNvmeTrid *boot, const NMNvmeTrid *trid);

/* A #GHashFunc consistent with nmnvme_trid_equal(). */
guint nmnvme_trid_hash(gconstpointer trid);

/**
 * nmnvme_trid_to_string:
 * @trid: a transport ID
 *
 * For logs: `SUBSYSNQN@TRADDR[:TRSVCID]`, IPv6 addresses in brackets, then
 * ` via HOST_IFACE` and ` from HOST_TRADDR` when set, ` (TRANSPORT)`
 * when the transport is not tcp, ` as HOSTNQN` with a host NQN of its own
 * and ` (boot)` when it matches any host (nmnvme_trid_new_with_host()).
 * For example
 * `nqn.x@192.168.77.100:4420 via stor0`.
 *
 * Returns: (transfer full): the text.
 */
char *nmnvme_trid_to_string(const NMNvmeTrid *trid);

/**
 * nmnvme_trid_matches_kernel:
 * @want: the controller wanted
 * @have: a controller the kernel has
 * @hostnqn: the host NQN the engine connects with (@want's own, when it
 *   has one, takes its place)
 *
 * Whether @have can be adopted as @want (nvme-stas `_cid_matches_tid`,
 * adapted to kernel 6.1, which shows host_iface and src_addr). All of:
 *
 * - transport: equal;
 * - trsvcid: equal (both unset for fc and loop);
 * - traddr: equal as IP addresses for tcp and rdma, case-insensitively
 *   otherwise;
 * - subsysnqn: equal, except that a @want with the well-known discovery NQN
 *   matches a discovery controller (nmnvme_kernel_ctrl_get_type()) whose NQN
 *   is its own unique one (TP8013: sysfs shows the NQN the controller
 *   reports, not the one it was connected with);
 * - hostnqn: @have's sysfs `hostnqn` equals @hostnqn;
 * - host_iface: when @want has one, @have's address shows the same
 *   `host_iface=`; a controller connected without host_iface is another
 *   owner's and does not match;
 * - host_traddr: when @want has one, it equals, as an IP address, @have's
 *   `host_traddr=` or `src_addr=`;
 * - a @want made with @any_host (nmnvme_trid_new_with_host()) skips the
 *   host NQN and the host side: any controller of that subsystem is it.
 *
 * The controller type and state are not checked here (see
 * nmnvme-reconcile.h).
 *
 * Returns: whether @have is the controller @want names.
 */
gboolean nmnvme_trid_matches_kernel(const NMNvmeTrid       *want,
                                    const NMNvmeKernelCtrl *have,
                                    const char             *hostnqn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeTrid, nmnvme_trid_free)

G_END_DECLS

#endif /* NMNVME_TRID_H */
