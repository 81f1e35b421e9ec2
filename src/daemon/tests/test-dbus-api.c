/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dbus-api.c: the D-Bus API library in-process: every NMNvmeError code
 * has its own registered error name and survives a trip across the bus
 * encoding both ways; the generated interface has the members
 * docs/dbus-api.md describes, and its skeleton builds.
 */
#include "config.h"

#include "nmnvme-dbus-api.h"
#include "nmnvme-dbus-errors.h"
#include "nmnvme-dbus-nvme.h"

static void
test_error_names(void)
{
    static const char *const expected[] = {
        [NMNVME_ERROR_FAILED]           = "Failed",
        [NMNVME_ERROR_INVALID_SETTING]  = "InvalidSetting",
        [NMNVME_ERROR_UNKNOWN_SETTING]  = "UnknownSetting",
        [NMNVME_ERROR_ACCESS_DENIED]    = "AccessDenied",
        [NMNVME_ERROR_INVALID_ARGUMENT] = "InvalidArgument",
    };
    guint code;

    for (code = 0; nmnvme_dbus_error_name(code); code++) {
        g_autofree char *name = g_strconcat(NMNVME_DBUS_ERROR_PREFIX, expected[code], NULL);

        g_assert_cmpuint(code, <, G_N_ELEMENTS(expected));
        g_assert_cmpstr(nmnvme_dbus_error_name(code), ==, name);
        g_assert_true(g_dbus_is_error_name(name));
    }
    g_assert_cmpuint(code, ==, G_N_ELEMENTS(expected));
}

static void
test_error_round_trip(void)
{
    nmnvme_dbus_errors_register();
    nmnvme_dbus_errors_register(); /* idempotent */

    for (guint code = 0; nmnvme_dbus_error_name(code); code++) {
        g_autoptr(GError) error    = g_error_new(NMNVME_ERROR, code, "nvme.kto: unknown setting");
        g_autoptr(GError) received = NULL;
        g_autofree char *name      = g_dbus_error_encode_gerror(error);

        g_assert_cmpstr(name, ==, nmnvme_dbus_error_name(code));
        received = g_dbus_error_new_for_dbus_error(name, error->message);
        g_assert_error(received, NMNVME_ERROR, (int) code);
        g_assert_true(g_dbus_error_strip_remote_error(received));
        g_assert_cmpstr(received->message, ==, "nvme.kto: unknown setting");
    }
}

static void
assert_method(GDBusInterfaceInfo *info, const char *name, const char *in, const char *out)
{
    GDBusMethodInfo *method = g_dbus_interface_info_lookup_method(info, name);
    GString         *sig    = g_string_new(NULL);

    g_assert_nonnull(method);
    for (guint i = 0; method->in_args && method->in_args[i]; i++)
        g_string_append(sig, method->in_args[i]->signature);
    g_assert_cmpstr(sig->str, ==, in);
    g_string_truncate(sig, 0);
    for (guint i = 0; method->out_args && method->out_args[i]; i++)
        g_string_append(sig, method->out_args[i]->signature);
    g_assert_cmpstr(sig->str, ==, out);
    g_string_free(sig, TRUE);
}

static void
test_interface(void)
{
    GDBusInterfaceInfo *info = nmnvme_dbus_nvme_interface_info();
    GDBusPropertyInfo  *prop;
    GDBusSignalInfo    *signal;
    g_autoptr(NMNvmeDBusNvme) skeleton = nmnvme_dbus_nvme_skeleton_new();

    g_assert_cmpstr(info->name, ==, NMNVME_DBUS_INTERFACE);
    assert_method(info, "Attach", "sa{ss}s", "");
    assert_method(info, "Detach", "ss", "");
    assert_method(info, "GetSessions", "", "aa{sv}");
    assert_method(info, "GetDiscoveryLog", "ssuu", "aa{sv}ut");
    assert_method(info, "ValidateSettings", "a{ss}", "ss");
    assert_method(info, "GetSchema", "", "aa{sv}");
    for (guint i = 0; i < 2; i++) {
        prop = g_dbus_interface_info_lookup_property(info, i == 0 ? "Version" : "HostNqn");
        g_assert_nonnull(prop);
        g_assert_cmpstr(prop->signature, ==, "s");
        g_assert_cmpint(prop->flags, ==, G_DBUS_PROPERTY_INFO_FLAGS_READABLE);
    }
    signal = g_dbus_interface_info_lookup_signal(info, "SessionChanged");
    g_assert_nonnull(signal);
    g_assert_cmpstr(signal->args[0]->signature, ==, "s");
    g_assert_null(signal->args[1]);

    nmnvme_dbus_nvme_set_version(skeleton, PACKAGE_VERSION);
    g_assert_cmpstr(nmnvme_dbus_nvme_get_version(skeleton), ==, PACKAGE_VERSION);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dbus-api/error-names", test_error_names);
    g_test_add_func("/dbus-api/error-round-trip", test_error_round_trip);
    g_test_add_func("/dbus-api/interface", test_interface);
    return g_test_run();
}
