/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-vpn-policy.c: the VPN-style service's decisions: what a Disconnect
 * does by the parent device's state, when secrets must be asked for, and
 * the no-IP configuration with the gateway NetworkManager insists on.
 */
#include "config.h"

#include <NetworkManager.h>

#include "nmnvme-dbus-api.h"
#include "nmnvme-vpn-policy.h"

static void
test_teardown(void)
{
    static const struct {
        gboolean          answered;
        guint32           state;
        NMNvmeVpnTeardown expected;
    } rows[] = {
        /* NetworkManager stopping: no answer, or its devices unmanaged */
        { FALSE, 0, NMNVME_VPN_TEARDOWN_KEEP },
        { FALSE, NM_DEVICE_STATE_ACTIVATED, NMNVME_VPN_TEARDOWN_KEEP },
        { TRUE, NM_DEVICE_STATE_UNMANAGED, NMNVME_VPN_TEARDOWN_KEEP },
        /* carrier loss */
        { TRUE, NM_DEVICE_STATE_UNAVAILABLE, NMNVME_VPN_TEARDOWN_LINK_LOST },
        { TRUE, NM_DEVICE_STATE_FAILED, NMNVME_VPN_TEARDOWN_LINK_LOST },
        /* the nvme profile alone taken down, or the base with it */
        { TRUE, NM_DEVICE_STATE_ACTIVATED, NMNVME_VPN_TEARDOWN_DEACTIVATE },
        { TRUE, NM_DEVICE_STATE_DEACTIVATING, NMNVME_VPN_TEARDOWN_DEACTIVATE },
        { TRUE, NM_DEVICE_STATE_DISCONNECTED, NMNVME_VPN_TEARDOWN_DEACTIVATE },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(rows); i++)
        g_assert_cmpint(nmnvme_vpn_teardown_for(rows[i].answered, rows[i].state),
                        ==,
                        rows[i].expected);
    g_assert_null(nmnvme_vpn_teardown_reason(NMNVME_VPN_TEARDOWN_KEEP));
    g_assert_cmpstr(nmnvme_vpn_teardown_reason(NMNVME_VPN_TEARDOWN_LINK_LOST),
                    ==,
                    NMNVME_DBUS_REASON_LINK_LOST);
    g_assert_cmpstr(nmnvme_vpn_teardown_reason(NMNVME_VPN_TEARDOWN_DEACTIVATE),
                    ==,
                    NMNVME_DBUS_REASON_DEACTIVATE);
}

static GHashTable *
dict1(const char *key, const char *value)
{
    GHashTable *d = g_hash_table_new(g_str_hash, g_str_equal);

    if (key)
        g_hash_table_insert(d, (gpointer) key, (gpointer) value);
    return d;
}

static void
test_needs_secrets(void)
{
    g_autoptr(GHashTable) none         = dict1(NULL, NULL);
    g_autoptr(GHashTable) agent        = dict1("nvme.dhchap-secret-flags", "1");
    g_autoptr(GHashTable) not_required = dict1("nvme.dhchap-secret-flags", "4");
    g_autoptr(GHashTable) garbage      = dict1("nvme.dhchap-secret-flags", "x");
    g_autoptr(GHashTable) ctrl         = dict1("nvme.dhchap-ctrl-secret-flags", "0");
    g_autoptr(GHashTable) have         = dict1("nvme.dhchap-secret", "DHHC-1:00:x:");
    g_autoptr(GHashTable) empty        = dict1("nvme.dhchap-secret", "");
    g_autoptr(GHashTable) psk_agent    = dict1("nvme.tls-key-flags", "1");
    g_autoptr(GHashTable) psk          = dict1("nvme.tls-key", "NVMeTLSkey-1:01:x:");

    g_assert_false(nmnvme_vpn_needs_secrets(none, NULL));       /* none declared */
    g_assert_true(nmnvme_vpn_needs_secrets(agent, NULL));       /* agent-owned, missing */
    g_assert_true(nmnvme_vpn_needs_secrets(agent, empty));      /* empty is missing */
    g_assert_false(nmnvme_vpn_needs_secrets(agent, have));      /* given */
    g_assert_false(nmnvme_vpn_needs_secrets(not_required, NULL));
    g_assert_false(nmnvme_vpn_needs_secrets(garbage, NULL));    /* not a flags value */
    g_assert_true(nmnvme_vpn_needs_secrets(ctrl, have));        /* the other secret */
    g_assert_true(nmnvme_vpn_needs_secrets(psk_agent, NULL));   /* the TLS PSK, missing */
    g_assert_true(nmnvme_vpn_needs_secrets(psk_agent, have));   /* ... not another secret */
    g_assert_false(nmnvme_vpn_needs_secrets(psk_agent, psk));   /* given */
}

static void
test_config(void)
{
    g_autoptr(GVariant) v4   = g_variant_ref_sink(nmnvme_vpn_config_new("192.0.2.1"));
    g_autoptr(GVariant) v6   = g_variant_ref_sink(nmnvme_vpn_config_new("fe80::1"));
    g_autoptr(GVariant) none = g_variant_ref_sink(nmnvme_vpn_config_new(NULL));
    g_autoptr(GVariant) gw6  = NULL;
    gboolean has_ip4 = TRUE, has_ip6 = TRUE;
    guint32  gw4     = 1;
    gsize    n       = 0;

    g_assert_true(g_variant_lookup(v4, NM_VPN_PLUGIN_CONFIG_HAS_IP4, "b", &has_ip4));
    g_assert_true(g_variant_lookup(v4, NM_VPN_PLUGIN_CONFIG_HAS_IP6, "b", &has_ip6));
    g_assert_false(has_ip4 || has_ip6);
    g_assert_false(g_variant_lookup(v4, NM_VPN_PLUGIN_CONFIG_TUNDEV, "s", NULL));
    g_assert_true(g_variant_lookup(v4, NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY, "u", &gw4));
    g_assert_cmphex(gw4, ==, g_htonl(0xc0000201));
    gw6 = g_variant_lookup_value(v6, NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY, G_VARIANT_TYPE("ay"));
    g_assert_nonnull(gw6);
    g_variant_get_fixed_array(gw6, &n, 1);
    g_assert_cmpuint(n, ==, 16);
    g_assert_true(g_variant_lookup(none, NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY, "u", &gw4));
    g_assert_cmpuint(gw4, ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vpn-policy/teardown", test_teardown);
    g_test_add_func("/vpn-policy/needs-secrets", test_needs_secrets);
    g_test_add_func("/vpn-policy/config", test_config);
    return g_test_run();
}
