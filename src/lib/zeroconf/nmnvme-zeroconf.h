/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf.h: the mDNS browser of one session (NVMe TP8009). It
 * browses `_nvme-disc._tcp` and `_nvme-disc._udp` through avahi-daemon
 * (avahi-client on the GLib main loop), on the session's interface only and
 * over the address families `nvme.ip-family` allows, resolves what it
 * finds and keeps one nmnvme-zeroconf-service per announcement; the session
 * asks it which discovery controllers are wanted.
 *
 * avahi-daemon absent, stopped or restarted: the browser waits for it
 * (AVAHI_CLIENT_NO_FAIL) and browses again when it is back; services found
 * before stay as they were meanwhile, so nothing is torn down. Once the new
 * browsers have said "all for now", a service they did not report is taken
 * as withdrawn (its goodbye may have been missed while avahi-daemon was
 * down): the grace and the probe decide, as for any withdrawal.
 *
 * avahi-client talks to avahi-daemon with synchronous D-Bus calls when a
 * browser or resolver is created (local, short); everything else is
 * event-driven.
 */
#ifndef NMNVME_ZEROCONF_H
#define NMNVME_ZEROCONF_H

#include <glib.h>

#include "nmnvme-settings.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef struct _NMNvmeZeroconf NMNvmeZeroconf;

/* The most mDNS services (announcements, and discovery controllers kept
 * from before) one session keeps. Further announcements are ignored, with
 * one warning each time the bound is reached, until the browser restarts
 * (avahi-daemon restarted, settings changed) with room again: this bounds
 * the memory, the probes and the status that anyone on the link can make
 * the daemon spend. */
#define NMNVME_ZEROCONF_MAX_SERVICES 64

/* Something changed: the wanted discovery controllers or only the status. */
typedef void (*NMNvmeZeroconfChanged)(gpointer user_data);

/**
 * nmnvme_zeroconf_new:
 * @iface: the session's interface
 * @settings: `nvme.ip-family` and `nvme.zeroconf-grace` are read
 * @unique_nqn: the kernel supports unique discovery NQNs (TP8013): `nqn=`
 *   of a service is used, else the well-known discovery NQN
 * @kept: (element-type NMNvmeTrid) (nullable): discovery controllers found
 *   by mDNS before (ownership record, or a browser being replaced): wanted
 *   as if just withdrawn (see nmnvme-zeroconf-service.h)
 *
 * Starts browsing; never fails (avahi-daemon may come later).
 */
NMNvmeZeroconf *nmnvme_zeroconf_new(const char           *iface,
                                    const NMNvmeSettings *settings,
                                    gboolean              unique_nqn,
                                    GPtrArray            *kept,
                                    NMNvmeZeroconfChanged changed,
                                    gpointer              user_data);

void nmnvme_zeroconf_free(NMNvmeZeroconf *zc);

/* Whether the browser was made for these settings and kernel support (if
 * not, the session replaces it, passing its current finds as @kept). */
gboolean nmnvme_zeroconf_matches(const NMNvmeZeroconf *zc,
                                 const NMNvmeSettings *settings,
                                 gboolean              unique_nqn);

/* (transfer container) (element-type NMNvmeTrid): the discovery
 * controllers wanted now, owned by @zc. */
GPtrArray *nmnvme_zeroconf_get_wanted(const NMNvmeZeroconf *zc);

/* (transfer floating): the status view `a{sv}`: avahi ("running",
 * "waiting": avahi-daemon not reachable, "failed"), and services
 * (`aa{sv}`, see nmnvme_zeroconf_service_to_variant()). */
GVariant *nmnvme_zeroconf_to_variant(const NMNvmeZeroconf *zc);

G_END_DECLS

#endif /* NMNVME_ZEROCONF_H */
