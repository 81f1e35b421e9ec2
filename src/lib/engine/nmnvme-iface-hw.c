/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-iface-hw.c: an interface's MAC address and VLAN ID, read from
 * sysfs and /proc/net/vlan (blocking, and on a worker).
 */
#include "config.h"

#include "nmnvme-iface-hw.h"

#include <string.h>

#include "nmnvme-nbft.h"

static gboolean
read_mac(const char *sysfs_net, const char *iface, guint8 mac[6], GError **error)
{
    g_autofree char *path = g_build_filename(sysfs_net, iface, "address", NULL);
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, error))
        return FALSE;
    g_strstrip(text);
    if (!nmnvme_nbft_parse_mac(text, mac)) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_DATA,
                    "%s: '%s' is not a MAC address",
                    path,
                    text);
        return FALSE;
    }
    return TRUE;
}

/* "eth0.20  VID: 20\t REORDER_HDR: 1 ..." → 20; no file: 0. */
static gboolean
read_vlan(const char *proc_vlan, const char *iface, guint16 *vlan, GError **error)
{
    g_autofree char *path   = g_build_filename(proc_vlan, iface, NULL);
    g_autofree char *text   = NULL;
    g_autoptr(GError) local = NULL;
    const char *vid;
    guint64     id = 0;
    char       *end;

    *vlan = 0;
    if (!g_file_get_contents(path, &text, NULL, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return TRUE;
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    }
    vid = strstr(text, "VID:");
    if (vid) {
        vid += strlen("VID:");
        while (*vid == ' ' || *vid == '\t')
            vid++;
        id = g_ascii_strtoull(vid, &end, 10);
    }
    if (!vid || end == vid || id > 4094) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no VLAN ID (VID:)", path);
        return FALSE;
    }
    *vlan = (guint16) id;
    return TRUE;
}

gboolean
nmnvme_iface_hw_read(const char    *sysfs_net,
                     const char    *proc_vlan,
                     const char    *iface,
                     NMNvmeIfaceHw *out,
                     GError       **error)
{
    NMNvmeIfaceHw hw = { 0 };

    if (!read_mac(sysfs_net, iface, hw.mac, error) ||
        !read_vlan(proc_vlan, iface, &hw.vlan, error))
        return FALSE;
    *out = hw;
    return TRUE;
}

typedef struct {
    char *sysfs_net;
    char *proc_vlan;
    char *iface;
} Request;

static void
request_free(Request *r)
{
    g_free(r->sysfs_net);
    g_free(r->proc_vlan);
    g_free(r->iface);
    g_free(r);
}

static void
read_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    const Request *r = data;
    GError        *error = NULL;
    NMNvmeIfaceHw  hw;

    if (nmnvme_iface_hw_read(r->sysfs_net, r->proc_vlan, r->iface, &hw, &error))
        g_task_return_pointer(task, g_memdup2(&hw, sizeof hw), g_free);
    else
        g_task_return_error(task, error);
}

void
nmnvme_iface_hw_read_async(const char         *sysfs_net,
                           const char         *proc_vlan,
                           const char         *iface,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
    g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
    Request *r            = g_new0(Request, 1);

    r->sysfs_net = g_strdup(sysfs_net);
    r->proc_vlan = g_strdup(proc_vlan);
    r->iface     = g_strdup(iface);
    g_task_set_source_tag(task, nmnvme_iface_hw_read_async);
    g_task_set_task_data(task, r, (GDestroyNotify) request_free);
    g_task_run_in_thread(task, read_thread);
}

gboolean
nmnvme_iface_hw_read_finish(GAsyncResult *result, NMNvmeIfaceHw *out, GError **error)
{
    g_autofree NMNvmeIfaceHw *hw = NULL;

    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    hw = g_task_propagate_pointer(G_TASK(result), error);
    if (!hw)
        return FALSE;
    *out = *hw;
    return TRUE;
}
