/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-vpn-data.c: `vpn.data` + `vpn.secrets` of an `nvme` profile
 * (nmnvme-vpn-data.h), which any user who may edit the profile writes.
 * Input: one byte (low 4 bits: how many key/value pairs are vpn.data;
 * bit 7: no vpn.secrets at all), then NUL-separated key, value, ...
 * Properties: merged dictionaries satisfy the settings properties
 * (fuzz-settings-common.h); valid settings split and merge back to the same
 * settings; nothing a secret key names stays in the vpn.data half.
 */
#include "config.h"

#include "fuzz-settings-common.h"
#include "fuzz-util.h"
#include "nmnvme-vpn-data.h"

/* Whether @vdata holds a secret of the schema. */
static gboolean
has_secret(GHashTable *vdata)
{
    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info(key);

        if (info->type == NMNVME_TYPE_SECRET && g_hash_table_contains(vdata, info->name))
            return TRUE;
    }
    return FALSE;
}

static void
check_split(NMNvmeSettings *settings)
{
    g_autoptr(GHashTable) canon =
        nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    g_autoptr(GHashTable) vdata     = NULL;
    g_autoptr(GHashTable) secrets   = NULL;
    g_autoptr(GHashTable) merged    = NULL;
    g_autoptr(NMNvmeSettings) again = NULL;
    g_autoptr(GError) error         = NULL;

    nmnvme_vpn_data_split(canon, &vdata, &secrets);
    FUZZ_CHECK(!has_secret(vdata), "split leaves a secret in vpn.data");
    merged = nmnvme_vpn_data_merge(vdata, secrets, &error);
    FUZZ_CHECK(merged, "split settings do not merge: %s", error ? error->message : "");
    again = nmnvme_settings_new_from_data(merged, &error);
    FUZZ_CHECK(again && nmnvme_settings_equal(settings, again),
               "split and merge change the settings");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields          = NULL;
    g_autoptr(GHashTable) vdata   = NULL;
    g_autoptr(GHashTable) secrets = NULL;
    g_autoptr(GHashTable) merged  = NULL;
    g_autoptr(NMNvmeSettings) set = NULL;
    g_autoptr(GError) error       = NULL;
    guint n_data;

    if (size < 1)
        return 0;
    n_data  = (data[0] & 0x0f) * 2;
    fields  = fuzz_fields(data + 1, size - 1, 0, 48);
    vdata   = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    secrets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; fields[i]; i += 2) {
        g_hash_table_insert(i < n_data ? vdata : secrets,
                            g_strdup(fields[i]),
                            g_strdup(fields[i + 1] ? fields[i + 1] : ""));
        if (!fields[i + 1])
            break;
    }
    merged = nmnvme_vpn_data_merge(vdata, (data[0] & 0x80) ? NULL : secrets, &error);
    if (!merged) {
        FUZZ_CHECK(error && error->message && *error->message, "failure without message");
        return 0;
    }
    set = fuzz_check_settings_data(merged);
    if (set)
        check_split(set);
    return 0;
}
