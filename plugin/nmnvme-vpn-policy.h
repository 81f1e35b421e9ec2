/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-policy.h: the VPN-style service's decisions, pure so that
 * each is a unit test: what a Disconnect from NetworkManager means for the
 * storage (judged by the parent device's state, asked of NetworkManager at
 * that moment), whether secrets must be asked for, and the no-IP
 * configuration reported to NetworkManager.
 *
 * Disconnect, by the parent device's state:
 *   NetworkManager does not answer     keep (it is stopping: its main loop no
 *   or the device is unmanaged         longer runs; on stop it unmanages its
 *                                      devices and leaves them up)
 *   unavailable, failed                link-lost (carrier gone: the kernel
 *                                      reconnects)
 *   anything else (activated: only     deactivate
 *   the nvme profile was taken down;
 *   deactivating/disconnected: the
 *   base went down)
 */
#ifndef NMNVME_VPN_POLICY_H
#define NMNVME_VPN_POLICY_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    NMNVME_VPN_TEARDOWN_KEEP,       /* touch nothing */
    NMNVME_VPN_TEARDOWN_LINK_LOST,  /* Detach(link-lost) */
    NMNVME_VPN_TEARDOWN_DEACTIVATE, /* Detach(deactivate) */
} NMNvmeVpnTeardown;

/**
 * nmnvme_vpn_teardown_for:
 * @nm_answered: whether NetworkManager answered the question
 * @device_state: the parent device's NMDeviceState, when it answered
 */
NMNvmeVpnTeardown nmnvme_vpn_teardown_for(gboolean nm_answered, guint32 device_state);

/* The Detach reason of @teardown, or %NULL for KEEP. */
const char *nmnvme_vpn_teardown_reason(NMNvmeVpnTeardown teardown);

/**
 * nmnvme_vpn_needs_secrets:
 * @data: (element-type utf8 utf8): `vpn.data`
 * @secrets: (element-type utf8 utf8) (nullable): `vpn.secrets` as given
 *
 * Returns: whether a secret of the schema (DH-HMAC-CHAP secrets, the TLS
 *   PSK) that the profile declares (its
 *   "-flags" key is in @data, without NOT_REQUIRED) is missing, so that
 *   NetworkManager must ask a secret agent for it.
 */
gboolean nmnvme_vpn_needs_secrets(GHashTable *data, GHashTable *secrets);

/**
 * nmnvme_vpn_config_new:
 * @gateway: (nullable): an IPv4 or IPv6 literal, e.g. the first discovery
 *   controller's address; %NULL or not a literal: 0.0.0.0
 *
 * Returns: (transfer floating): the `a{sv}` for
 *   nm_vpn_service_plugin_set_config(): no IPv4, no IPv6, no tunnel device,
 *   and the `gateway` NetworkManager insists on.
 */
GVariant *nmnvme_vpn_config_new(const char *gateway);

G_END_DECLS

#endif /* NMNVME_VPN_POLICY_H */
