/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-service.h: the NetworkManager VPN service plugin of `nvme`
 * profiles (an NMVpnServicePlugin). It holds no NVMe logic: on Connect it
 * finds the interface the profile is activated on, validates `vpn.data` and
 * `vpn.secrets` with the schema, hands the interface to nm-nvme-daemon
 * (Attach, owner "vpn:UUID") and reports a configuration without IP, so
 * that the activation completes in about a second whatever discovery does.
 * On Disconnect it asks NetworkManager for the parent device's state and
 * detaches accordingly (nmnvme-vpn-policy): nothing when NetworkManager is
 * stopping, link-lost after a carrier loss, deactivate otherwise.
 *
 * Invalid settings fail a direct activation with the schema's message; for
 * a secondary of a base profile they are logged and the activation is
 * reported as done without any NVMe session, because NetworkManager would
 * take the base interface down with a failed secondary.
 */
#ifndef NMNVME_VPN_SERVICE_H
#define NMNVME_VPN_SERVICE_H

#include <NetworkManager.h>

G_BEGIN_DECLS

#define NMNVME_VPN_SERVICE_NAME "org.freedesktop.NetworkManager.nvme"

#define NMNVME_TYPE_VPN_SERVICE (nmnvme_vpn_service_get_type())
G_DECLARE_FINAL_TYPE(NMNvmeVpnService, nmnvme_vpn_service, NMNVME, VPN_SERVICE, NMVpnServicePlugin)

/**
 * nmnvme_vpn_service_new:
 * @bus_name: the D-Bus name NetworkManager gave (--bus-name)
 * @watch_peer: quit when NetworkManager goes away
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the service, its name owned, or %NULL.
 */
NMNvmeVpnService *nmnvme_vpn_service_new(const char *bus_name, gboolean watch_peer, GError **error);

/* Whether a Disconnect's detach is still going on (quit only after it). */
gboolean nmnvme_vpn_service_is_busy(NMNvmeVpnService *self);

G_END_DECLS

#endif /* NMNVME_VPN_SERVICE_H */
