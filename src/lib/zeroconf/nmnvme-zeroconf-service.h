/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf-service.h: one `_nvme-disc` mDNS service seen on a
 * session's interface, from its resolution to its end (private to the
 * zeroconf browser). It owns the decision whether the discovery controller
 * it announces is wanted:
 *
 * - resolved with a usable TXT `p=`: a TCP service is probed (nmnvme-probe)
 *   and wanted once a probe succeeds; a failed probe is retried with the
 *   connect backoff (3 s doubling to 60 s) and the service shows as
 *   unreachable meanwhile; RDMA services are wanted at once (no TCP probe);
 * - no usable `p=`: ignored, with one log line naming the service;
 * - withdrawn (mDNS goodbye): still wanted for the grace
 *   (`nvme.zeroconf-grace`); then probed again, and it ends as soon as a
 *   probe fails. Announced again meanwhile: nothing happened. A service
 *   never reachable ends at once.
 *
 * A "kept" service stands for a discovery controller found by mDNS in an
 * earlier run (or before the browser was restarted): it starts withdrawn,
 * so that it stays wanted for the grace and until the network shows it
 * gone, and a restart of the daemon or of avahi disconnects nothing.
 */
#ifndef NMNVME_ZEROCONF_SERVICE_H
#define NMNVME_ZEROCONF_SERVICE_H

#include <gio/gio.h>

#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef struct _NMNvmeZeroconfService NMNvmeZeroconfService;

typedef enum {
    NMNVME_ZEROCONF_SERVICE_RESOLVING,   /* announced, address not known yet */
    NMNVME_ZEROCONF_SERVICE_IGNORED,     /* TXT records unusable */
    NMNVME_ZEROCONF_SERVICE_PROBING,     /* first probe running */
    NMNVME_ZEROCONF_SERVICE_UNREACHABLE, /* last probe failed; retry timer runs */
    NMNVME_ZEROCONF_SERVICE_REACHABLE,   /* wanted */
    NMNVME_ZEROCONF_SERVICE_GONE,        /* withdrawn and unreachable: free it */
} NMNvmeZeroconfServiceState;

/* Called after every change; on GONE the owner frees the service, from
 * within the callback if it likes (the service touches nothing after). */
typedef void (*NMNvmeZeroconfServiceNotify)(NMNvmeZeroconfService *svc, gpointer user_data);

/**
 * NMNvmeZeroconfServiceConfig:
 * @iface: the session's interface
 * @grace_s: `nvme.zeroconf-grace`
 * @unique_nqn: the kernel supports unique discovery NQNs (TP8013): use `nqn=`
 * @notify: state changes
 */
typedef struct {
    const char                 *iface;
    guint                       grace_s;
    gboolean                    unique_nqn;
    NMNvmeZeroconfServiceNotify notify;
    gpointer                    user_data;
} NMNvmeZeroconfServiceConfig;

/* A service just announced (@protocol "ipv4" or "ipv6"); RESOLVING. */
NMNvmeZeroconfService *nmnvme_zeroconf_service_new(const NMNvmeZeroconfServiceConfig *config,
                                                   const char                        *name,
                                                   const char                        *type,
                                                   const char                        *protocol);

/* A discovery controller found earlier, wanted as if just withdrawn. */
NMNvmeZeroconfService *nmnvme_zeroconf_service_new_kept(const NMNvmeZeroconfServiceConfig *config,
                                                        const NMNvmeTrid                  *trid);

void nmnvme_zeroconf_service_free(NMNvmeZeroconfService *svc);

/**
 * nmnvme_zeroconf_service_resolved:
 * @address: the IP literal avahi resolved
 * @port: the service's port
 * @txt: (element-type GBytes): the TXT records, untrusted
 *
 * Parses the records and starts probing, or ignores the service (logged).
 */
void nmnvme_zeroconf_service_resolved(NMNvmeZeroconfService *svc,
                                      const char            *address,
                                      guint16                port,
                                      GPtrArray             *txt);

/* The resolution failed (shown in the status; the browser retries). */
void nmnvme_zeroconf_service_set_error(NMNvmeZeroconfService *svc, const char *message);

/* mDNS goodbye, and announced again. */
void nmnvme_zeroconf_service_withdrawn(NMNvmeZeroconfService *svc);
void nmnvme_zeroconf_service_announced(NMNvmeZeroconfService *svc);

NMNvmeZeroconfServiceState nmnvme_zeroconf_service_get_state(const NMNvmeZeroconfService *svc);

/* (nullable): the discovery controller, once resolved with a usable `p=`. */
const NMNvmeTrid *nmnvme_zeroconf_service_get_trid(const NMNvmeZeroconfService *svc);

/* Whether the session should have its discovery controller. */
gboolean nmnvme_zeroconf_service_is_wanted(const NMNvmeZeroconfService *svc);

/* (transfer floating): the status view `a{sv}`: name, type, protocol,
 * address, port, transport, subsysnqn, state, withdrawn, error. */
GVariant *nmnvme_zeroconf_service_to_variant(const NMNvmeZeroconfService *svc);

const char *nmnvme_zeroconf_service_state_to_string(NMNvmeZeroconfServiceState state);

G_END_DECLS

#endif /* NMNVME_ZEROCONF_SERVICE_H */
