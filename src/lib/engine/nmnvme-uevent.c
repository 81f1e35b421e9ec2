/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-uevent.c: classification of nvme uevents and the gudev watch.
 */
#include "config.h"

#include "nmnvme-uevent.h"

#include <gudev/gudev.h>
#include <string.h>

NMNvmeUeventKind
nmnvme_uevent_classify(const char *action, const char *aen, const char *event)
{
    guint64 value = 0;

    if (g_strcmp0(action, "add") == 0)
        return NMNVME_UEVENT_ADDED;
    if (g_strcmp0(action, "remove") == 0)
        return NMNVME_UEVENT_REMOVED;
    if (g_strcmp0(action, "change") != 0)
        return NMNVME_UEVENT_OTHER;
    if (aen && g_str_has_prefix(aen, "0x") &&
        g_ascii_string_to_unsigned(aen + 2, 16, 0, G_MAXUINT32, &value, NULL) &&
        value == NMNVME_AEN_DISCOVERY_LOG_CHANGED)
        return NMNVME_UEVENT_LOG_CHANGED;
    if (g_strcmp0(event, "connected") == 0)
        return NMNVME_UEVENT_CONNECTED;
    if (g_strcmp0(event, "rediscover") == 0)
        return NMNVME_UEVENT_REDISCOVER;
    return NMNVME_UEVENT_OTHER;
}

struct _NMNvmeUeventWatch {
    GUdevClient     *client;
    NMNvmeUeventFunc func;
    gpointer         user_data;
};

/* Controllers are "nvmeN"; namespaces ("nvme0n1", "nvme0c1n1") are not. */
static gboolean
is_controller_name(const char *name)
{
    if (!name || !g_str_has_prefix(name, "nvme") || !name[4])
        return FALSE;
    for (const char *p = name + 4; *p; p++) {
        if (!g_ascii_isdigit(*p))
            return FALSE;
    }
    return TRUE;
}

static void
on_uevent(GUdevClient *client, const char *action, GUdevDevice *device, gpointer user_data)
{
    NMNvmeUeventWatch *watch = user_data;
    const char        *name  = g_udev_device_get_name(device);
    NMNvmeUeventKind   kind;

    if (!is_controller_name(name))
        return;
    kind = nmnvme_uevent_classify(action,
                                  g_udev_device_get_property(device, "NVME_AEN"),
                                  g_udev_device_get_property(device, "NVME_EVENT"));
    if (kind != NMNVME_UEVENT_OTHER)
        watch->func(kind, name, g_udev_device_get_seqnum(device), watch->user_data);
}

NMNvmeUeventWatch *
nmnvme_uevent_watch_new(NMNvmeUeventFunc func, gpointer user_data)
{
    static const char *const subsystems[] = { "nvme", NULL };
    NMNvmeUeventWatch       *watch        = g_new0(NMNvmeUeventWatch, 1);

    watch->client    = g_udev_client_new(subsystems);
    watch->func      = func;
    watch->user_data = user_data;
    g_signal_connect(watch->client, "uevent", G_CALLBACK(on_uevent), watch);
    return watch;
}

void
nmnvme_uevent_watch_free(NMNvmeUeventWatch *watch)
{
    if (!watch)
        return;
    g_signal_handlers_disconnect_by_data(watch->client, watch);
    g_object_unref(watch->client);
    g_free(watch);
}
