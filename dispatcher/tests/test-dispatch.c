/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dispatch.c: the dispatcher's decision table, every action against
 * every state of the profile's settings.
 */
#include "config.h"

#include "nmnvme-dbus-api.h"
#include "nmnvme-dispatch.h"

#define NONE       NMNVME_DISPATCH_SETTINGS_NONE
#define ENABLED    NMNVME_DISPATCH_SETTINGS_ENABLED
#define UNREADABLE NMNVME_DISPATCH_SETTINGS_UNREADABLE

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
    /* Attach never waits for discovery: it returns at once */
    g_assert_cmpint(up.timeout_msec, <=, pre_down.timeout_msec);
    g_assert_cmpint(none.step, ==, NMNVME_DISPATCH_NOTHING);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dispatch/table", test_table);
    g_test_add_func("/dispatch/bounds", test_bounds);
    return g_test_run();
}
