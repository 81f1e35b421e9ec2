/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-log-view.c: the status view of a discovery controller with a big
 * log (65 536 entries, the most a log page may list): what one GetSessions
 * reply costs, built and serialized as GDBus sends it. Prints the figures.
 */
#include "config.h"

#include <gio/gio.h>

#include "nmnvme-ctrl.h"
#include "nmnvme-log-entry.h"

#define BIG_LOG 65536
#define DISC    "nqn.2014-08.org.nvmexpress.discovery"

static NMNvmeLogEntry *
entry_new(guint i)
{
    NMNvmeLogEntry *e = g_new0(NMNvmeLogEntry, 1);

    e->transport = "tcp";
    e->subtype   = NMNVME_LOG_ENTRY_NVME;
    e->portid    = 1;
    e->cntlid    = 0xffff;
    e->traddr    = g_strdup_printf("192.168.%u.%u", 77 + i / 65536, i % 250 + 1);
    e->trsvcid   = g_strdup("4420");
    e->subnqn    = g_strdup_printf("nqn.2014-08.org.example:subsystem-%05u", i);
    return e;
}

/* (transfer full): a log of @n entries with generation @genctr. */
static NMNvmeDiscoveryLog *
log_new(guint n, guint64 genctr)
{
    NMNvmeDiscoveryLog *log = g_new0(NMNvmeDiscoveryLog, 1);

    log->entries  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_free);
    log->rejected = g_ptr_array_new_with_free_func(g_free);
    log->genctr   = genctr;
    log->dctype   = g_strdup("cdc");
    for (guint i = 0; i < n; i++)
        g_ptr_array_add(log->entries, entry_new(i));
    return log;
}

/* (transfer full): a live discovery controller on stor0 with @log. */
static NMNvmeCtrl *
dc_new(NMNvmeDiscoveryLog *log)
{
    NMNvmeCtrl *ctrl = nmnvme_ctrl_new(
        NULL,
        NMNVME_CTRL_KIND_DISCOVERY,
        nmnvme_trid_new("tcp", "192.168.77.100", "8009", DISC, NULL, "stor0"));

    ctrl->log    = log;
    ctrl->device = g_strdup("nvme0");
    ctrl->state  = NMNVME_CTRL_STATE_LIVE;
    return ctrl;
}

/* The size of @body as a method return on the wire. */
static gsize
reply_size(GVariant *body)
{
    g_autoptr(GDBusMessage) call  = g_dbus_message_new_method_call(":1.1", "/o", "i.f", "M");
    g_autoptr(GDBusMessage) reply = NULL;
    g_autoptr(GError) error       = NULL;
    g_autofree guchar *blob       = NULL;
    gsize              size       = 0;

    g_dbus_message_set_serial(call, 1);
    reply = g_dbus_message_new_method_reply(call);
    g_dbus_message_set_body(reply, body);
    blob = g_dbus_message_to_blob(reply, &size, G_DBUS_CAPABILITY_FLAGS_NONE, &error);
    g_assert_no_error(error);
    return size;
}

static void
test_get_sessions_figures(void)
{
    g_autoptr(NMNvmeCtrl) dc = dc_new(log_new(BIG_LOG, 7));
    GVariantBuilder b;
    gint64          start = g_get_monotonic_time();
    GVariant       *body;
    gsize           size;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_open(&b, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&b, "{sv}", "discovery-controllers",
                          g_variant_new_array(NULL, (GVariant *[]){ nmnvme_ctrl_to_variant(dc) }, 1));
    g_variant_builder_close(&b);
    body = g_variant_new("(@aa{sv})", g_variant_builder_end(&b));
    size = reply_size(body);
    g_test_message("GetSessions, one DC with %u log entries: %" G_GSIZE_FORMAT
                   " bytes (%.1f MiB) in %.1f ms",
                   BIG_LOG,
                   size,
                   size / 1048576.0,
                   (g_get_monotonic_time() - start) / 1000.0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log-view/get-sessions-figures", test_get_sessions_figures);
    return g_test_run();
}
