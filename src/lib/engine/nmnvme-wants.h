/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-wants.h: what a session wants, computed from its settings and its
 * discovery controllers' log pages (private to the engine; pure, no I/O).
 *
 * Discovery controllers wanted: `nvme.discovery` + those found by mDNS
 * (`nvme.zeroconf`, origin NMNVME_WANTS_ORIGIN_ZEROCONF) + referrals in the
 * logs.
 * I/O controllers wanted: `nvme.controllers` + NVMe subsystem entries in the
 * logs. Everything is bound to the session's interface (host_iface) and
 * the listing controller's host_traddr; exclusions and `nvme.ip-family`
 * apply to all. A controller listed by a discovery controller that has no
 * log yet (restart, reconnect) stays wanted: no log is not an empty log.
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

/**
 * NMNvmeWant:
 * @trid: the controller wanted
 * @origins: (element-type utf8): keys of the discovery controllers listing it
 * @configured: named by the settings
 * @ncc: some listing entry has the NCC flag (no CDC connectivity)
 */
typedef struct {
    NMNvmeTrid *trid;
    GHashTable *origins;
    gboolean    configured;
    gboolean    ncc;
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
 *
 * Returns: (transfer full) (element-type utf8 NMNvmeWant): the wanted
 *   controllers by nmnvme_trid_to_string() key.
 */
GHashTable *nmnvme_wants_compute(const NMNvmeSettings *settings,
                                 const char           *iface,
                                 NMNvmeCtrlKind        kind,
                                 GHashTable           *dcs,
                                 GHashTable           *known,
                                 GPtrArray            *zeroconf);

G_END_DECLS

#endif /* NMNVME_WANTS_H */
