/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dispatch.c: the dispatcher's decision table, every action against
 * every state of the profile's settings.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "nmnvme-dbus-api.h"
#include "nmnvme-dispatch.h"

#define NONE       NMNVME_DISPATCH_SETTINGS_NONE
#define ENABLED    NMNVME_DISPATCH_SETTINGS_ENABLED
#define UNREADABLE NMNVME_DISPATCH_SETTINGS_UNREADABLE
#define NBFT       NMNVME_DISPATCH_SETTINGS_NBFT

typedef struct {
    const char            *action;
    NMNvmeDispatchSettings settings;
    NMNvmeDispatchStep     step;
    const char            *reason;
    gboolean               auto_start;
} Row;

static const Row rows[] = {
    /* profiles with nvme settings follow the interface */
    { "up", ENABLED, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "reapply", ENABLED, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "dhcp4-change", ENABLED, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "dhcp6-change", ENABLED, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "pre-down", ENABLED, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_DEACTIVATE, TRUE },
    { "down", ENABLED, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_LINK_LOST, FALSE },
    /* profiles without: nothing, except a reapply that removed them */
    { "up", NONE, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "dhcp4-change", NONE, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    /* (a VPN-style nvme profile's session may ride on the device) */
    { "pre-down", NONE, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_DEACTIVATE, TRUE },
    { "down", NONE, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "reapply", NONE, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_DEACTIVATE, TRUE },
    /* unreadable profile (deleted while active): detach (if it has a session) */
    { "up", UNREADABLE, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "reapply", UNREADABLE, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "pre-down", UNREADABLE, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_DEACTIVATE, TRUE },
    { "down", UNREADABLE, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_LINK_LOST, FALSE },
    /* no nvme.* keys on a host with an NBFT: Attach with empty settings (the
     * daemon decides by MAC and VLAN); down and pre-down as always (the
     * daemon's record decides whether there is a session to detach) */
    { "up", NBFT, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "reapply", NBFT, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "dhcp4-change", NBFT, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "dhcp6-change", NBFT, NMNVME_DISPATCH_ATTACH, NULL, TRUE },
    { "pre-down", NBFT, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_DEACTIVATE, TRUE },
    { "down", NBFT, NMNVME_DISPATCH_DETACH, NMNVME_DBUS_REASON_LINK_LOST, FALSE },
    { "pre-up", NBFT, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    /* actions never acted on */
    { "pre-up", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "vpn-up", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "vpn-pre-down", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "hostname", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "connectivity-change", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
    { "UP", ENABLED, NMNVME_DISPATCH_NOTHING, NULL, FALSE },
};

static void
test_table(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeDispatchPlan plan = nmnvme_dispatch_plan(rows[i].action, rows[i].settings);

        g_test_message("%s, settings %d", rows[i].action, rows[i].settings);
        g_assert_cmpint(plan.step, ==, rows[i].step);
        g_assert_cmpstr(plan.reason, ==, rows[i].reason);
        g_assert_cmpint(plan.auto_start, ==, rows[i].auto_start);
        if (plan.step != NMNVME_DISPATCH_NOTHING)
            g_assert_cmpint(plan.timeout_msec, >, 0);
    }
}

static void
test_bounds(void)
{
    NMNvmeDispatchPlan pre_down = nmnvme_dispatch_plan("pre-down", ENABLED);
    NMNvmeDispatchPlan up       = nmnvme_dispatch_plan("up", ENABLED);
    NMNvmeDispatchPlan none     = nmnvme_dispatch_plan(NULL, ENABLED);

    /* pre-down waits for deregistration and disconnects, bounded at 10 s */
    g_assert_cmpint(pre_down.timeout_msec, ==, 10 * 1000);
    /* Attach never waits for discovery (it returns at once); its bound is
     * for the daemon's D-Bus activation, within D-Bus's own 25 s */
    g_assert_cmpint(up.timeout_msec, >=, 10 * 1000);
    g_assert_cmpint(up.timeout_msec, <, 25 * 1000);
    g_assert_cmpint(none.step, ==, NMNVME_DISPATCH_NOTHING);
}

/* A table file present: NBFT, or NBFT1 when there are several; nothing
 * else counts, and nothing is read. */
static void
test_host_has_nbft(void)
{
    g_autofree char *dir   = g_dir_make_tmp("test-dispatch-XXXXXX", NULL);
    g_autofree char *one   = g_build_filename(dir, "NBFT", NULL);
    g_autofree char *first = g_build_filename(dir, "NBFT1", NULL);
    g_autofree char *other = g_build_filename(dir, "NBFTX", NULL);

    g_assert_false(nmnvme_dispatch_host_has_nbft(dir));
    g_assert_true(g_file_set_contents(other, "", 0, NULL));
    g_assert_false(nmnvme_dispatch_host_has_nbft(dir));
    g_assert_true(g_file_set_contents(first, "", 0, NULL));
    g_assert_true(nmnvme_dispatch_host_has_nbft(dir));
    g_remove(first);
    g_assert_true(g_file_set_contents(one, "", 0, NULL));
    g_assert_true(nmnvme_dispatch_host_has_nbft(dir));
    g_remove(one);
    g_remove(other);
    g_rmdir(dir);
    g_assert_false(nmnvme_dispatch_host_has_nbft("/nonexistent"));
}

static void
test_nbft_named(void)
{
    g_assert_true(nmnvme_dispatch_nbft_named("NBFT connection HFI 1", "eth0"));
    g_assert_true(nmnvme_dispatch_nbft_named("storage", "nbft0"));
    g_assert_true(nmnvme_dispatch_nbft_named(NULL, "nbft1"));
    g_assert_false(nmnvme_dispatch_nbft_named("NBFT connection", "eth0"));
    g_assert_false(nmnvme_dispatch_nbft_named("storage", "eth0"));
    g_assert_false(nmnvme_dispatch_nbft_named(NULL, NULL));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dispatch/table", test_table);
    g_test_add_func("/dispatch/bounds", test_bounds);
    g_test_add_func("/dispatch/host-has-nbft", test_host_has_nbft);
    g_test_add_func("/dispatch/nbft-named", test_nbft_named);
    return g_test_run();
}
