/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-editor-values.c: the editor's GTK-free values: a profile's vpn.data
 * and vpn.secrets in, page texts set, written back: defaults not written
 * for keys the profile lacked, keys the page does not show and keys outside
 * `nvme.` kept, secrets only in vpn.secrets (not at all when not saved),
 * flags as KEY-flags, a bad value refused with its key named.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nvme-editor-values.h"

#define SECRET "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define DC     "nvme+tcp://192.0.2.1:8009/nqn.2014-08.org.nvmexpress.discovery"
#define PSK    "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:"

static NMSettingVpn *
setting_new(void)
{
    NMSettingVpn *s_vpn = NM_SETTING_VPN(nm_setting_vpn_new());

    nm_setting_vpn_add_data_item(s_vpn, "nvme.exclude", "traddr=192.0.2.9");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.register", "false");
    nm_setting_vpn_add_data_item(s_vpn, "org.example.other", "kept");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.dhchap-secret-flags", "1");
    nm_setting_vpn_add_secret(s_vpn, "nvme.dhchap-secret", SECRET);
    return s_vpn;
}

static void
assert_applied(NvmeEditorValues *values, NMSettingVpn *s_vpn)
{
    g_autoptr(GError) error = NULL;
    gboolean ok             = nvme_editor_values_apply(values, s_vpn, &error);

    g_assert_no_error(error);
    g_assert_true(ok);
}

static void
test_load(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = setting_new();
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(s_vpn, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_REGISTER), ==, "no"); /* canonical */
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_KATO), ==, "30");     /* default */
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_DISCOVERY), ==, "");
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_DHCHAP_SECRET), ==, SECRET);
    g_assert_cmpuint(nvme_editor_values_get_secret_flags(values, NMNVME_KEY_DHCHAP_SECRET),
                     ==,
                     NM_SETTING_SECRET_FLAG_AGENT_OWNED);
}

static void
test_untouched_round_trip(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = setting_new();
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(s_vpn, &error);
    guint            n;
    const NMNvmeKey *keys = nvme_editor_values_page_keys(&n);

    /* What an untouched page gives back: every field's shown text. */
    for (guint i = 0; i < n; i++) {
        g_autofree char *text = g_strdup(nvme_editor_values_get(values, keys[i]));

        nvme_editor_values_set(values, keys[i], text);
    }
    assert_applied(values, s_vpn);
    g_assert_cmpuint(nm_setting_vpn_get_num_data_items(s_vpn), ==, 4);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.register"), ==, "no");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.exclude"), ==, "traddr=192.0.2.9");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "org.example.other"), ==, "kept");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.dhchap-secret-flags"), ==, "1");
    g_assert_null(nm_setting_vpn_get_data_item(s_vpn, "nvme.kato"));
    g_assert_cmpuint(nm_setting_vpn_get_num_secrets(s_vpn), ==, 1);
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.dhchap-secret"), ==, SECRET);
}

static void
test_edit(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = setting_new();
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(s_vpn, &error);

    nvme_editor_values_set(values, NMNVME_KEY_DISCOVERY, DC);
    nvme_editor_values_set(values, NMNVME_KEY_KATO, "60");
    nvme_editor_values_set(values, NMNVME_KEY_REGISTER, "yes"); /* the default, but it was set */
    nvme_editor_values_set(values, NMNVME_KEY_DHCHAP_CTRL_SECRET, SECRET);
    nvme_editor_values_set_secret_flags(values,
                                        NMNVME_KEY_DHCHAP_SECRET,
                                        NM_SETTING_SECRET_FLAG_NONE);
    nvme_editor_values_set_secret_flags(values,
                                        NMNVME_KEY_DHCHAP_CTRL_SECRET,
                                        NM_SETTING_SECRET_FLAG_NOT_SAVED);
    assert_applied(values, s_vpn);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.discovery"), ==, DC);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.kato"), ==, "60");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.register"), ==, "yes");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.dhchap-secret-flags"), ==, "0");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.dhchap-ctrl-secret-flags"), ==, "2");
    g_assert_cmpuint(nm_setting_vpn_get_num_secrets(s_vpn), ==, 1); /* not saved: left out */
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.dhchap-secret"), ==, SECRET);
}

static void
test_invalid(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = setting_new();
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(s_vpn, &error);

    g_assert_false(nvme_editor_values_check(NMNVME_KEY_CONTROLLERS, "nvme+tcp://", &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "nvme.controllers"));
    g_clear_error(&error);
    g_assert_true(nvme_editor_values_check(NMNVME_KEY_CONTROLLERS, "", &error));

    nvme_editor_values_set(values, NMNVME_KEY_DHCHAP_SECRET, "not-a-secret");
    g_assert_false(nvme_editor_values_apply(values, s_vpn, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "nvme.dhchap-secret"));
    g_assert_null(strstr(error->message, "not-a-secret")); /* secrets are masked */
    /* Untouched on failure. */
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.dhchap-secret"), ==, SECRET);
}

static void
test_secret_in_data_refused(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = NM_SETTING_VPN(nm_setting_vpn_new());
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = NULL;

    nm_setting_vpn_add_data_item(s_vpn, "nvme.dhchap-secret", SECRET);
    values = nvme_editor_values_new(s_vpn, &error);
    g_assert_null(values);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "nvme.dhchap-secret"));
}

static void
test_new_profile(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = NM_SETTING_VPN(nm_setting_vpn_new());
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(NULL, &error);

    g_assert_no_error(error);
    nvme_editor_values_set(values, NMNVME_KEY_ZEROCONF, "no"); /* default: not written */
    nvme_editor_values_set(values, NMNVME_KEY_ON_LINK_LOSS, "disconnect");
    assert_applied(values, s_vpn);
    g_assert_cmpuint(nm_setting_vpn_get_num_data_items(s_vpn), ==, 1);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.on-link-loss"), ==, "disconnect");
}

/* TLS on the page: the mode a choice, the PSK a secret like the others. */
static void
test_tls(void)
{
    g_autoptr(NMSettingVpn) s_vpn      = NM_SETTING_VPN(nm_setting_vpn_new());
    g_autoptr(GError) error            = NULL;
    g_autoptr(NvmeEditorValues) values = nvme_editor_values_new(NULL, &error);
    const NMNvmeKey *keys;
    guint            n = 0;
    NMNvmeKey        bad_key;

    keys = nvme_editor_values_page_keys(&n);
    g_assert_cmpuint(keys[n - 2], ==, NMNVME_KEY_TLS);
    g_assert_cmpuint(keys[n - 1], ==, NMNVME_KEY_TLS_KEY);
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_TLS), ==, "no"); /* default */

    /* a PSK while TLS is off: refused, naming the PSK, never showing it */
    nvme_editor_values_set(values, NMNVME_KEY_TLS_KEY, PSK);
    g_assert_false(nvme_editor_values_validate(values, &bad_key, &error));
    g_assert_cmpuint(bad_key, ==, NMNVME_KEY_TLS_KEY);
    g_assert_null(strstr(error->message, "1aMENd6u5bUG"));
    g_clear_error(&error);
    g_assert_false(nvme_editor_values_check(NMNVME_KEY_TLS_KEY, "NVMeTLSkey-1:01:1aMENd6u5bUG:", &error));
    g_assert_nonnull(strstr(error->message, "nvme.tls-key"));
    g_assert_null(strstr(error->message, "1aMENd6u5bUG"));
    g_clear_error(&error);

    nvme_editor_values_set(values, NMNVME_KEY_TLS, "auto");
    nvme_editor_values_set_secret_flags(values, NMNVME_KEY_TLS_KEY, NM_SETTING_SECRET_FLAG_NONE);
    assert_applied(values, s_vpn);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.tls"), ==, "auto");
    g_assert_null(nm_setting_vpn_get_data_item(s_vpn, "nvme.tls-key"));
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.tls-key"), ==, PSK);

    /* loaded back: the same texts and flags */
    nvme_editor_values_free(values);
    values = nvme_editor_values_new(s_vpn, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_TLS), ==, "auto");
    g_assert_cmpstr(nvme_editor_values_get(values, NMNVME_KEY_TLS_KEY), ==, PSK);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/editor-values/load", test_load);
    g_test_add_func("/editor-values/untouched-round-trip", test_untouched_round_trip);
    g_test_add_func("/editor-values/edit", test_edit);
    g_test_add_func("/editor-values/invalid", test_invalid);
    g_test_add_func("/editor-values/secret-in-data-refused", test_secret_in_data_refused);
    g_test_add_func("/editor-values/new-profile", test_new_profile);
    g_test_add_func("/editor-values/tls", test_tls);
    return g_test_run();
}
