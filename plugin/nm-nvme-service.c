/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-nvme-service.c: main() of the `nvme` VPN service, which NetworkManager
 * starts with --bus-name for each activation (supports-multiple-connections).
 * It quits when the plugin says so (NetworkManager gone, or idle after a
 * disconnect), but only once a Disconnect's detach has finished.
 */
#include "config.h"

#include <locale.h>

#include "nmnvme-vpn-service.h"

#define QUIT_POLL_MSEC 100

typedef struct {
    GMainLoop        *loop;
    NMNvmeVpnService *service;
} Main;

static gboolean
try_quit(gpointer user_data)
{
    Main *m = user_data;

    if (nmnvme_vpn_service_is_busy(m->service))
        return G_SOURCE_CONTINUE;
    g_main_loop_quit(m->loop);
    return G_SOURCE_REMOVE;
}

static void
on_quit(NMVpnServicePlugin *plugin, gpointer user_data)
{
    if (try_quit(user_data) == G_SOURCE_CONTINUE)
        g_timeout_add(QUIT_POLL_MSEC, try_quit, user_data);
}

int
main(int argc, char **argv)
{
    gboolean          persist  = FALSE;
    gboolean          debug    = FALSE;
    g_autofree char  *bus_name = NULL;
    const GOptionEntry entries[] = {
        { "persist", 0, 0, G_OPTION_ARG_NONE, &persist, "Do not quit when NetworkManager goes", NULL },
        { "debug", 0, 0, G_OPTION_ARG_NONE, &debug, "Log debug messages", NULL },
        { "bus-name", 0, 0, G_OPTION_ARG_STRING, &bus_name, "The D-Bus name to own", "NAME" },
        { NULL },
    };
    g_autoptr(GOptionContext) context   = g_option_context_new(NULL);
    g_autoptr(GError) error             = NULL;
    g_autoptr(NMNvmeVpnService) service = NULL;
    g_autoptr(GMainLoop) loop           = NULL;
    Main m;

    setlocale(LC_ALL, "");
    g_option_context_set_summary(context,
                                 "The nvme VPN-style service of NetworkManager-nvme: maps "
                                 "activations of nvme profiles onto nm-nvme-daemon.");
    g_option_context_add_main_entries(context, entries, NULL);
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        g_printerr("nm-nvme-service: %s\n", error->message);
        return 1;
    }
    if (debug)
        g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
    service = nmnvme_vpn_service_new(bus_name ? bus_name : NMNVME_VPN_SERVICE_NAME,
                                     !persist,
                                     &error);
    if (!service) {
        g_printerr("nm-nvme-service: %s\n", error->message);
        return 1;
    }
    loop      = g_main_loop_new(NULL, FALSE);
    m.loop    = loop;
    m.service = service;
    g_signal_connect(service, "quit", G_CALLBACK(on_quit), &m);
    g_main_loop_run(loop);
    return 0;
}
