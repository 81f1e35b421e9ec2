/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-wants.h: what a session wants, computed from its settings and its
 * discovery controllers' log pages (private to the engine; pure, no I/O).
 *
 * Discovery controllers wanted: `nvme.discovery` + those found by mDNS
 * (`nvme.zeroconf`, origin NMNVME_WANTS_ORIGIN_ZEROCONF) + the NBFT's
 * discovery records for the session's HFI (origin NMNVME_WANTS_ORIGIN_NBFT)
 * + referrals in the logs.
 * I/O controllers wanted: `nvme.controllers` + the NBFT's SSNS controllers
 * of the session's HFI (origin NMNVME_WANTS_ORIGIN_NBFT) + NVMe subsystem
 * entries in the logs, each with the host identity of the discovery
 * controller that lists it (the NBFT's for an NBFT discovery record). An
 * NBFT SSNS controller matches any host (nmnvme_trid_covers()): a
 * configured controller or a log entry naming its subsystem is that want,
 * not a second path to the boot subsystem. Everything is bound to the session's interface (host_iface) and
 * the listing controller's host_traddr; exclusions and `nvme.ip-family`
 * apply to all. A controller listed by a discovery controller that has no
 * log yet (restart, reconnect) stays wanted: no log is not an empty log;
 * held while that discovery controller is connected and its log to come.
 */
#ifndef NMNVME_WANTS_H
#define NMNVME_WANTS_H

#include <glib.h>

#include "nmnvme-ctrl.h"
#include "nmnvme-settings.h"

G_BEGIN_DECLS

/* A bound on referral-made discovery controllers, against hostile logs. */
#define NMNVME_WANTS_MAX_REFERRALS 64

/* The origin of discovery controllers found by mDNS (not a controller key:
 * those contain "://"). */
#define NMNVME_WANTS_ORIGIN_ZEROCONF "mdns"
/* The origin of the controllers the NBFT wants for the session's HFI. */
#define NMNVME_WANTS_ORIGIN_NBFT "nbft"

/**
 * NMNvmeWant:
 * @trid: the controller wanted
 * @origins: (element-type utf8): keys of the discovery controllers listing it
 * @configured: named by the settings
 * @ncc: some listing entry has the NCC flag (no CDC connectivity)
 * @from_log: some log entry lists it: @treq and @sectype are its port's
 *   (the strictest of its entries: a secure channel required, or TLS
 *   offered, by any of them), for nmnvme_tls_decide()
 * @held: wanted only because a discovery controller listed it before and
 *   has not delivered a log since, although it is connected (a restarted
 *   daemon's, whose record may be seconds old): kept if it exists, but not
 *   connected until that log says it is still listed
 */
typedef struct {
    NMNvmeTrid *trid;
    GHashTable *origins;
    gboolean    configured;
    gboolean    ncc;
    gboolean    from_log;
    gboolean    held;
    guint8      treq;
    guint8      sectype;
} NMNvmeWant;

/**
 * nmnvme_wants_compute:
 * @settings: the session's settings
 * @iface: the session's interface
 * @kind: discovery or I/O controllers
 * @dcs: (element-type utf8 NMNvmeCtrl): the session's discovery
 *   controllers by key, with their last logs
 * @known: (element-type utf8 NMNvmeCtrl): the session's controllers of
 *   @kind by key (for origins whose log is not known yet)
 * @zeroconf: (element-type NMNvmeTrid) (nullable): discovery controllers
 *   found by mDNS (read for @kind discovery only)
 * @nbft: (element-type NMNvmeTrid) (nullable): the controllers of @kind
 *   the NBFT wants for the session's interface (nmnvme_nbft_subsys_trids(),
 *   nmnvme_nbft_discovery_trid())
 *
 * Returns: (transfer full) (element-type utf8 NMNvmeWant): the wanted
 *   controllers by nmnvme_trid_to_string() key.
 */
GHashTable *nmnvme_wants_compute(const NMNvmeSettings *settings,
                                 const char           *iface,
                                 NMNvmeCtrlKind        kind,
                                 GHashTable           *dcs,
                                 GHashTable           *known,
                                 GPtrArray            *zeroconf,
                                 GPtrArray            *nbft);

G_END_DECLS

#endif /* NMNVME_WANTS_H */
