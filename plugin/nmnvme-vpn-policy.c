/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-policy.c: the VPN-style service's decisions (see the header).
 */
#include "config.h"

#include "nmnvme-vpn-policy.h"

#include <NetworkManager.h>
#include <arpa/inet.h>

#include "nmnvme-dbus-api.h"
#include "nmnvme-settings.h"
#include "nmnvme-vpn-data.h"

NMNvmeVpnTeardown
nmnvme_vpn_teardown_for(gboolean nm_answered, guint32 device_state)
{
    if (!nm_answered || device_state == NM_DEVICE_STATE_UNMANAGED)
        return NMNVME_VPN_TEARDOWN_KEEP;
    if (device_state == NM_DEVICE_STATE_UNAVAILABLE || device_state == NM_DEVICE_STATE_FAILED)
        return NMNVME_VPN_TEARDOWN_LINK_LOST;
    return NMNVME_VPN_TEARDOWN_DEACTIVATE;
}

const char *
nmnvme_vpn_teardown_reason(NMNvmeVpnTeardown teardown)
{
    switch (teardown) {
    case NMNVME_VPN_TEARDOWN_LINK_LOST:
        return NMNVME_DBUS_REASON_LINK_LOST;
    case NMNVME_VPN_TEARDOWN_DEACTIVATE:
        return NMNVME_DBUS_REASON_DEACTIVATE;
    case NMNVME_VPN_TEARDOWN_KEEP:
        break;
    }
    return NULL;
}

gboolean
nmnvme_vpn_needs_secrets(GHashTable *data, GHashTable *secrets)
{
    g_return_val_if_fail(data, FALSE);

    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info(key);
        g_autofree char         *fkey = NULL;
        const char              *ftext;
        guint64                  flags = 0;
        const char              *value = secrets ? g_hash_table_lookup(secrets, info->name) : NULL;

        if (info->type != NMNVME_TYPE_SECRET)
            continue;
        fkey  = nmnvme_vpn_data_flags_key(key);
        ftext = g_hash_table_lookup(data, fkey);
        if (!ftext || !g_ascii_string_to_unsigned(ftext, 10, 0, G_MAXUINT32, &flags, NULL))
            continue;
        if (flags & NM_SETTING_SECRET_FLAG_NOT_REQUIRED)
            continue;
        if (!value || !*value)
            return TRUE;
    }
    return FALSE;
}

GVariant *
nmnvme_vpn_config_new(const char *gateway)
{
    GVariantBuilder b;
    guint8          addr6[16];
    guint32         addr4 = 0;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_HAS_IP4, g_variant_new_boolean(FALSE));
    g_variant_builder_add(&b, "{sv}", NM_VPN_PLUGIN_CONFIG_HAS_IP6, g_variant_new_boolean(FALSE));
    if (gateway && inet_pton(AF_INET6, gateway, addr6) == 1) {
        g_variant_builder_add(&b,
                              "{sv}",
                              NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY,
                              g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, addr6, 16, 1));
    } else {
        if (!gateway || inet_pton(AF_INET, gateway, &addr4) != 1)
            addr4 = 0;
        g_variant_builder_add(&b,
                              "{sv}",
                              NM_VPN_PLUGIN_CONFIG_EXT_GATEWAY,
                              g_variant_new_uint32(addr4));
    }
    return g_variant_builder_end(&b);
}
