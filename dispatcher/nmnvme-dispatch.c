/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dispatch.c: the dispatcher's decision table (see the header).
 */
#include "config.h"

#include "nmnvme-dispatch.h"

#include "nmnvme-dbus-api.h"

/* Attach returns at once (discovery runs in the daemon), but D-Bus
 * activation of the daemon may come first, and the daemon owns its name
 * only after its first NBFT read: on a busy host (a lab VM beside heavy
 * builds) that took 9.3 s, past the 5 s this was, and the session was never
 * attached. 20 s: twice that, below D-Bus's own 25 s default. Only an
 * activation can take that long (a running daemon answers at once). */
#define ATTACH_TIMEOUT_MSEC (20 * 1000)

static gboolean
is_up_action(const char *action)
{
    return g_strv_contains((const char *const[]){ "up", "reapply", "dhcp4-change",
                                                  "dhcp6-change", NULL },
                           action);
}

NMNvmeDispatchPlan
nmnvme_dispatch_plan(const char *action, NMNvmeDispatchSettings settings)
{
    const NMNvmeDispatchPlan nothing = { NMNVME_DISPATCH_NOTHING, NULL, FALSE, 0 };
    gboolean                 enabled = settings == NMNVME_DISPATCH_SETTINGS_ENABLED;
    gboolean                 nbft    = settings == NMNVME_DISPATCH_SETTINGS_NBFT;

    if (!action)
        return nothing;
    if (is_up_action(action) && (enabled || nbft))
        return (NMNvmeDispatchPlan){ NMNVME_DISPATCH_ATTACH, NULL, TRUE, ATTACH_TIMEOUT_MSEC };
    if (g_str_equal(action, "reapply") && settings == NMNVME_DISPATCH_SETTINGS_NONE)
        return (NMNvmeDispatchPlan){ NMNVME_DISPATCH_DETACH,
                                     NMNVME_DBUS_REASON_DEACTIVATE,
                                     TRUE,
                                     NMNVME_DISPATCH_DETACH_TIMEOUT_MSEC };
    if (g_str_equal(action, "pre-down"))
        return (NMNvmeDispatchPlan){ NMNVME_DISPATCH_DETACH,
                                     NMNVME_DBUS_REASON_DEACTIVATE,
                                     TRUE,
                                     NMNVME_DISPATCH_DETACH_TIMEOUT_MSEC };
    if (settings == NMNVME_DISPATCH_SETTINGS_NONE)
        return nothing;
    if (g_str_equal(action, "down"))
        return (NMNvmeDispatchPlan){ NMNVME_DISPATCH_DETACH,
                                     NMNVME_DBUS_REASON_LINK_LOST,
                                     FALSE,
                                     NMNVME_DISPATCH_DETACH_TIMEOUT_MSEC };
    return nothing;
}

gboolean
nmnvme_dispatch_host_has_nbft(const char *dir)
{
    g_autofree char *one   = g_build_filename(dir, "NBFT", NULL);
    g_autofree char *first = g_build_filename(dir, "NBFT1", NULL);

    return g_file_test(one, G_FILE_TEST_EXISTS) || g_file_test(first, G_FILE_TEST_EXISTS);
}

gboolean
nmnvme_dispatch_nbft_named(const char *profile, const char *iface)
{
    return (profile && g_str_has_prefix(profile, "NBFT connection HFI ")) ||
           (iface && g_str_has_prefix(iface, "nbft"));
}
