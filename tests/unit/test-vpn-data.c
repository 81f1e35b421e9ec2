/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-vpn-data.c: vpn.data + vpn.secrets of an `nvme` VPN-style profile
 * to one settings dictionary and back: flags keys dropped, secrets only in
 * vpn.secrets, misplaced keys named, foreign keys left out.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-vpn-data.h"
#include "test-util.h"

#define SECRET "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define PSK    "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:"

static void
test_merge_split(void)
{
    g_autoptr(GHashTable) data    = nmnvme_test_dict("nvme.discovery", "nvme+tcp://192.0.2.1",
                                         "nvme.dhchap-secret-flags", "1",
                                         "org.example.x", "y", NULL);
    g_autoptr(GHashTable) secrets = nmnvme_test_dict("nvme.dhchap-secret", SECRET, NULL);
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) merged  = nmnvme_vpn_data_merge(data, secrets, &error);
    g_autoptr(NMNvmeSettings) s   = NULL;
    g_autoptr(GHashTable) back_data    = NULL;
    g_autoptr(GHashTable) back_secrets = NULL;
    g_autofree char *flags_key         = nmnvme_vpn_data_flags_key(NMNVME_KEY_DHCHAP_SECRET);

    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(merged), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(merged, "nvme.dhchap-secret"), ==, SECRET);
    s = nmnvme_settings_new_from_data(merged, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nmnvme_settings_get_secret(s, NMNVME_KEY_DHCHAP_SECRET), ==, SECRET);
    g_assert_cmpstr(flags_key, ==, "nvme.dhchap-secret-flags");

    nmnvme_vpn_data_split(merged, &back_data, &back_secrets);
    g_assert_cmpuint(g_hash_table_size(back_data), ==, 1);
    g_assert_cmpstr(g_hash_table_lookup(back_data, "nvme.discovery"), ==, "nvme+tcp://192.0.2.1");
    g_assert_cmpuint(g_hash_table_size(back_secrets), ==, 1);
    g_assert_cmpstr(g_hash_table_lookup(back_secrets, "nvme.dhchap-secret"), ==, SECRET);
}

/* The TLS PSK is a secret like the DH-HMAC-CHAP ones: vpn.secrets only. */
static void
test_tls_key(void)
{
    g_autoptr(GHashTable) data    = nmnvme_test_dict("nvme.tls", "yes", "nvme.tls-key-flags", "0",
                                                     NULL);
    g_autoptr(GHashTable) secrets = nmnvme_test_dict("nvme.tls-key", PSK, NULL);
    g_autoptr(GHashTable) leaked  = nmnvme_test_dict("nvme.tls", "yes", "nvme.tls-key", PSK, NULL);
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) merged  = nmnvme_vpn_data_merge(data, secrets, &error);
    g_autoptr(GHashTable) refused = NULL;
    g_autoptr(GHashTable) back_data    = NULL;
    g_autoptr(GHashTable) back_secrets = NULL;
    g_autoptr(NMNvmeSettings) s        = NULL;
    g_autofree char *flags_key         = nmnvme_vpn_data_flags_key(NMNVME_KEY_TLS_KEY);

    g_assert_no_error(error);
    g_assert_cmpstr(flags_key, ==, "nvme.tls-key-flags");
    g_assert_cmpuint(g_hash_table_size(merged), ==, 2);
    s = nmnvme_settings_new_from_data(merged, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nmnvme_settings_get_tls_key(s), ==, PSK);
    nmnvme_vpn_data_split(merged, &back_data, &back_secrets);
    g_assert_cmpstr(g_hash_table_lookup(back_data, "nvme.tls"), ==, "yes");
    g_assert_false(g_hash_table_contains(back_data, "nvme.tls-key"));
    g_assert_cmpstr(g_hash_table_lookup(back_secrets, "nvme.tls-key"), ==, PSK);

    refused = nmnvme_vpn_data_merge(leaked, NULL, &error);
    g_assert_null(refused);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.tls-key: a secret"));
    g_assert_null(strstr(error->message, "NVMeTLSkey"));
}

static void
test_misplaced(void)
{
    g_autoptr(GHashTable) leaked  = nmnvme_test_dict("nvme.dhchap-secret", SECRET, NULL);
    g_autoptr(GHashTable) plain   = nmnvme_test_dict("nvme.kato", "20", NULL);
    g_autoptr(GHashTable) empty   = nmnvme_test_dict(NULL, NULL);
    g_autoptr(GHashTable) r1      = NULL;
    g_autoptr(GHashTable) r2      = NULL;
    g_autoptr(GHashTable) r3      = NULL;
    g_autoptr(GError) error       = NULL;

    r1 = nmnvme_vpn_data_merge(leaked, NULL, &error);
    g_assert_null(r1);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.dhchap-secret: a secret"));
    g_assert_null(strstr(error->message, "DHHC"));
    g_clear_error(&error);

    r2 = nmnvme_vpn_data_merge(empty, plain, &error);
    g_assert_null(r2);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.kato: not a secret"));
    g_clear_error(&error);

    /* a flags key of something that is no secret is an unknown setting for
     * the schema, not silently dropped */
    r3 = nmnvme_vpn_data_merge(plain, NULL, &error);
    g_assert_no_error(error);
    g_hash_table_insert(plain, g_strdup("nvme.kato-flags"), g_strdup("1"));
    g_clear_pointer(&r3, g_hash_table_unref);
    r3 = nmnvme_vpn_data_merge(plain, NULL, &error);
    g_assert_true(g_hash_table_contains(r3, "nvme.kato-flags"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vpn-data/merge-split", test_merge_split);
    g_test_add_func("/vpn-data/tls-key", test_tls_key);
    g_test_add_func("/vpn-data/misplaced", test_misplaced);
    return g_test_run();
}
