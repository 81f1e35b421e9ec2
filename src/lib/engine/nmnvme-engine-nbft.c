/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine-nbft.c: the engine's NBFT: its reads, its state and the
 * log lines about it, and the GetNbft view.
 */
#include "config.h"

#include "nmnvme-engine-nbft.h"

#include <string.h>

#include "nmnvme-iface-hw.h"
#include "nmnvme-log.h"
#include "nmnvme-nqn.h"
#include "nmnvme-uri.h"

struct _NMNvmeEngineNbft {
    char                  *dir;
    NMNvmeEngineNbftLoaded loaded;
    gpointer               user_data;
    GCancellable          *reading; /* the read in flight */
    NMNvmeNbft            *table;
    char                  *status; /* nmnvme_engine_nbft_get_status() */
    char                  *reason; /* why there is no table; NULL: there is one */
    char                  *logged; /* what was logged last: the state and warnings */
    gboolean               read;   /* a read has finished */
};

#define NOT_READ_YET "not read yet"

NMNvmeEngineNbft *
nmnvme_engine_nbft_new(const char *dir, NMNvmeEngineNbftLoaded loaded, gpointer user_data)
{
    NMNvmeEngineNbft *nbft = g_new0(NMNvmeEngineNbft, 1);

    nbft->dir       = g_strdup(dir);
    nbft->loaded    = loaded;
    nbft->user_data = user_data;
    nbft->status    = g_strdup(dir ? "unavailable: " NOT_READ_YET : "none");
    nbft->reason    = g_strdup(dir ? NOT_READ_YET : "no NBFT is read (tests)");
    return nbft;
}

void
nmnvme_engine_nbft_free(NMNvmeEngineNbft *nbft)
{
    if (!nbft)
        return;
    g_cancellable_cancel(nbft->reading);
    g_clear_object(&nbft->reading);
    g_clear_pointer(&nbft->table, nmnvme_nbft_free);
    g_free(nbft->dir);
    g_free(nbft->status);
    g_free(nbft->reason);
    g_free(nbft->logged);
    g_free(nbft);
}

NMNvmeNbft *
nmnvme_engine_nbft_get_table(NMNvmeEngineNbft *nbft)
{
    return nbft->table;
}

const char *
nmnvme_engine_nbft_get_status(NMNvmeEngineNbft *nbft)
{
    return nbft->status;
}

gboolean
nmnvme_engine_nbft_is_read(NMNvmeEngineNbft *nbft)
{
    return nbft->read || !nbft->dir;
}

/* Logs the state and the reader's warnings when they differ from what was
 * logged last: once at start, again on a reload only when they changed. */
static void
log_state(NMNvmeEngineNbft *nbft, const char *line, GPtrArray *warnings)
{
    g_autoptr(GString) all = g_string_new(line);

    for (guint i = 0; warnings && i < warnings->len; i++)
        g_string_append_printf(all, "\n%s", (const char *) warnings->pdata[i]);
    if (g_strcmp0(all->str, nbft->logged) == 0)
        return;
    _LOG_IF_I(NULL, "%s", line);
    for (guint i = 0; warnings && i < warnings->len; i++)
        _LOG_IF_W(NULL, "NBFT: %s", (const char *) warnings->pdata[i]);
    g_free(nbft->logged);
    nbft->logged = g_string_free(g_steal_pointer(&all), FALSE);
}

/* The state after a read: @table, or @error saying why there is none. */
static void
set_state(NMNvmeEngineNbft *nbft, NMNvmeNbft *table, const GError *error, GPtrArray *warnings)
{
    g_autofree char *line = NULL;

    g_free(nbft->status);
    g_clear_pointer(&nbft->reason, g_free);
    if (table) {
        nbft->status = g_strdup("available");
        line         = g_strdup_printf("NBFT: %u HFIs, %u subsystems, %u discovery records from %s",
                               nmnvme_nbft_get_hfis(table)->len,
                               nmnvme_nbft_get_subsystems(table)->len,
                               nmnvme_nbft_get_discovery(table)->len,
                               nmnvme_nbft_get_source(table));
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
        nbft->status = g_strdup("none");
        nbft->reason = g_strdup(error->message);
        line         = g_strdup("NBFT: none");
    } else {
        nbft->status = g_strdup_printf("unavailable: %s", error->message);
        nbft->reason = g_strdup(error->message);
        line         = g_strdup_printf("NBFT: %s", nbft->status);
    }
    log_state(nbft, line, warnings);
}

static void
on_read(GObject *source, GAsyncResult *result, gpointer user_data)
{
    NMNvmeEngineNbft *nbft        = user_data;
    g_autoptr(GError) error       = NULL;
    g_autoptr(GPtrArray) warnings = NULL;
    g_autoptr(NMNvmeNbft) old     = NULL;
    NMNvmeNbft *table             = nmnvme_fabrics_read_nbft_finish(result, &warnings, &error);

    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* @nbft may be gone: touch nothing */
    g_clear_object(&nbft->reading);
    nbft->read  = TRUE;
    old         = g_steal_pointer(&nbft->table);
    nbft->table = table;
    set_state(nbft, table, error, warnings);
    if (nbft->loaded)
        nbft->loaded(nbft, nbft->user_data);
}

void
nmnvme_engine_nbft_load(NMNvmeEngineNbft *nbft)
{
    if (!nbft->dir)
        return;
    g_cancellable_cancel(nbft->reading);
    g_clear_object(&nbft->reading);
    nbft->reading = g_cancellable_new();
    nmnvme_fabrics_read_nbft_async(nbft->dir, nbft->reading, on_read, nbft);
}

/*****************************************************************************/
/* The view */

static const char *
or_empty(const char *text)
{
    return text ? text : "";
}

/* The kernel controller @want names (any interface, any host), or %NULL. */
static const NMNvmeKernelCtrl *
find_ctrl(GPtrArray *ctrls, const NMNvmeTrid *want)
{
    for (guint i = 0; want && ctrls && i < ctrls->len; i++) {
        const NMNvmeKernelCtrl *kc = ctrls->pdata[i];

        /* a PCIe controller has no host NQN, and is no NBFT's */
        if (kc->hostnqn && nmnvme_trid_matches_kernel(want, kc, kc->hostnqn))
            return kc;
    }
    return NULL;
}

/* "connected", "device" and "owner" of the controller @want names. */
static void
add_kernel_state(GVariantDict *d, GPtrArray *ctrls, const NMNvmeTrid *want)
{
    const NMNvmeKernelCtrl *kc = find_ctrl(ctrls, want);

    g_variant_dict_insert(d, "connected", "b", kc != NULL);
    g_variant_dict_insert(d, "device", "s", kc ? kc->name : "");
    g_variant_dict_insert(d, "owner", "s", or_empty(kc ? kc->owner : NULL));
}

static char *
format_mac(const guint8 mac[6])
{
    return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
                           mac[0],
                           mac[1],
                           mac[2],
                           mac[3],
                           mac[4],
                           mac[5]);
}

static GVariant *
hfi_view(const NMNvmeNbftHfi *hfi, GHashTable *hfi_ifaces)
{
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT(NULL);
    g_autofree char *mac   = format_mac(hfi->mac);
    const char      *iface =
        hfi_ifaces ? g_hash_table_lookup(hfi_ifaces, GUINT_TO_POINTER(hfi->index)) : NULL;

    g_variant_dict_insert(&d, "index", "u", hfi->index);
    g_variant_dict_insert(&d, "mac", "s", mac);
    g_variant_dict_insert(&d, "vlan", "q", hfi->vlan);
    g_variant_dict_insert(&d, "ip", "s", or_empty(hfi->ip));
    g_variant_dict_insert(&d, "prefix", "u", hfi->prefix);
    g_variant_dict_insert(&d, "gateway", "s", or_empty(hfi->gateway));
    g_variant_dict_insert(&d, "dhcp", "b", hfi->dhcp);
    g_variant_dict_insert(&d, "interface", "s", or_empty(iface));
    return g_variant_dict_end(&d);
}

/* (transfer floating): an `au` of @indexes (element-type guint). */
static GVariant *
hfi_indexes(GArray *indexes)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("au"));
    for (guint i = 0; i < indexes->len; i++)
        g_variant_builder_add(&b, "u", g_array_index(indexes, guint, i));
    return g_variant_builder_end(&b);
}

static GVariant *
subsys_view(const NMNvmeNbftSubsys *subsys, GPtrArray *ctrls)
{
    g_auto(GVariantDict) d     = G_VARIANT_DICT_INIT(NULL);
    g_autoptr(NMNvmeTrid) trid = nmnvme_nbft_subsys_trid(subsys, NULL);

    g_variant_dict_insert(&d, "index", "u", subsys->index);
    g_variant_dict_insert(&d, "transport", "s", subsys->transport);
    g_variant_dict_insert(&d, "traddr", "s", subsys->traddr);
    g_variant_dict_insert(&d, "trsvcid", "s", or_empty(subsys->trsvcid));
    g_variant_dict_insert(&d, "nqn", "s", subsys->subsysnqn);
    g_variant_dict_insert(&d, "nsid", "u", subsys->nsid);
    g_variant_dict_insert_value(&d, "hfis", hfi_indexes(subsys->hfis));
    g_variant_dict_insert(&d, "discovery", "u", subsys->discovery_index);
    add_kernel_state(&d, ctrls, trid);
    return g_variant_dict_end(&d);
}

/* The discovery controller a record names, as any host reaches it, or
 * %NULL when the URI does not parse (the reader checked it). */
static NMNvmeTrid *
discovery_trid(const NMNvmeNbft *table, const NMNvmeNbftDiscovery *disc)
{
    g_autoptr(NMNvmeTrid) trid = nmnvme_nbft_discovery_trid(table, disc, NULL, NULL);

    return trid ? nmnvme_trid_new_with_host(trid, NULL, NULL, TRUE) : NULL;
}

static GVariant *
discovery_view(const NMNvmeNbft *table, const NMNvmeNbftDiscovery *disc, GPtrArray *ctrls)
{
    g_auto(GVariantDict) d     = G_VARIANT_DICT_INIT(NULL);
    g_autoptr(NMNvmeTrid) trid = discovery_trid(table, disc);

    g_variant_dict_insert(&d, "index", "u", disc->index);
    g_variant_dict_insert(&d, "hfi", "u", disc->hfi_index);
    g_variant_dict_insert(&d, "uri", "s", disc->uri);
    g_variant_dict_insert(&d, "nqn", "s", or_empty(disc->nqn));
    add_kernel_state(&d, ctrls, trid);
    return g_variant_dict_end(&d);
}

GVariant *
nmnvme_engine_nbft_build_view(const NMNvmeNbft *table,
                              const char       *reason,
                              GPtrArray        *ctrls,
                              GHashTable       *hfi_ifaces)
{
    g_auto(GVariantDict) d = G_VARIANT_DICT_INIT(NULL);
    GVariantBuilder hfis, subsystems, discovery;
    GPtrArray      *records;

    g_variant_builder_init(&hfis, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_init(&subsystems, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_init(&discovery, G_VARIANT_TYPE("aa{sv}"));
    g_variant_dict_insert(&d, "available", "b", table != NULL);
    if (!table)
        g_variant_dict_insert(&d, "reason", "s", or_empty(reason));
    g_variant_dict_insert(&d, "source", "s", table ? nmnvme_nbft_get_source(table) : "");
    g_variant_dict_insert(&d,
                          "host-nqn",
                          "s",
                          or_empty(table ? nmnvme_nbft_get_hostnqn(table) : NULL));
    g_variant_dict_insert(&d,
                          "host-id",
                          "s",
                          or_empty(table ? nmnvme_nbft_get_hostid(table) : NULL));
    records = table ? nmnvme_nbft_get_hfis(table) : NULL;
    for (guint i = 0; records && i < records->len; i++)
        g_variant_builder_add_value(&hfis, hfi_view(records->pdata[i], hfi_ifaces));
    records = table ? nmnvme_nbft_get_subsystems(table) : NULL;
    for (guint i = 0; records && i < records->len; i++)
        g_variant_builder_add_value(&subsystems, subsys_view(records->pdata[i], ctrls));
    records = table ? nmnvme_nbft_get_discovery(table) : NULL;
    for (guint i = 0; records && i < records->len; i++)
        g_variant_builder_add_value(&discovery, discovery_view(table, records->pdata[i], ctrls));
    g_variant_dict_insert_value(&d, "hfis", g_variant_builder_end(&hfis));
    g_variant_dict_insert_value(&d, "subsystems", g_variant_builder_end(&subsystems));
    g_variant_dict_insert_value(&d, "discovery", g_variant_builder_end(&discovery));
    return g_variant_ref_sink(g_variant_dict_end(&d));
}

/*****************************************************************************/
/* The view's I/O: the kernel's controllers, the interfaces the HFIs are */

/* What an HFI is matched by, copied for the worker. */
typedef struct {
    guint   index;
    guint8  mac[6];
    guint16 vlan;
} HfiKey;

typedef struct {
    NMNvmeEngineNbft *nbft;
    char             *sysfs_net;
    char             *proc_vlan;
    GArray           *keys;       /* HfiKey */
    GPtrArray        *ctrls;      /* NMNvmeKernelCtrl */
    GHashTable       *hfi_ifaces; /* HFI index → interface */
} View;

static void
view_free(View *view)
{
    g_free(view->sysfs_net);
    g_free(view->proc_vlan);
    g_array_unref(view->keys);
    g_clear_pointer(&view->ctrls, g_ptr_array_unref);
    g_hash_table_unref(view->hfi_ifaces);
    g_free(view);
}

/* Which interface each HFI is: every interface's MAC address and VLAN ID
 * (nmnvme-iface-hw.h); the first match wins. */
static void
ifaces_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    View *view          = data;
    g_autoptr(GDir) dir = g_dir_open(view->sysfs_net, 0, NULL);
    const char *iface;

    while (dir && (iface = g_dir_read_name(dir))) {
        NMNvmeIfaceHw hw;

        if (!nmnvme_iface_hw_read(view->sysfs_net, view->proc_vlan, iface, &hw, NULL))
            continue; /* no MAC (lo, tunnels): no HFI */
        for (guint i = 0; i < view->keys->len; i++) {
            const HfiKey *key = &g_array_index(view->keys, HfiKey, i);

            if (memcmp(hw.mac, key->mac, sizeof hw.mac) == 0 && hw.vlan == key->vlan &&
                !g_hash_table_contains(view->hfi_ifaces, GUINT_TO_POINTER(key->index)))
                g_hash_table_insert(view->hfi_ifaces,
                                    GUINT_TO_POINTER(key->index),
                                    g_strdup(iface));
        }
    }
    g_task_return_boolean(task, TRUE);
}

static void
on_view_scanned(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task   = user_data;
    View *view              = g_task_get_task_data(task);
    g_autoptr(GError) error = NULL;

    view->ctrls = nmnvme_fabrics_scan_finish((NMNvmeFabrics *) source, result, NULL, &error);
    if (!view->ctrls) /* no nvme class yet (module not loaded): nothing is connected */
        _LOG_IF_D(NULL, "NBFT view: %s", error->message);
    g_task_run_in_thread(task, ifaces_thread);
}

void
nmnvme_engine_nbft_view_async(NMNvmeEngineNbft   *nbft,
                              NMNvmeFabrics      *fabrics,
                              const char         *sysfs_net,
                              const char         *proc_vlan,
                              gpointer            source_object,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
    GTask     *task = g_task_new(source_object, NULL, callback, user_data);
    View      *view = g_new0(View, 1);
    GPtrArray *hfis = nbft->table ? nmnvme_nbft_get_hfis(nbft->table) : NULL;

    g_task_set_source_tag(task, nmnvme_engine_nbft_view_async);
    view->nbft       = nbft;
    view->sysfs_net  = g_strdup(sysfs_net);
    view->proc_vlan  = g_strdup(proc_vlan);
    view->keys       = g_array_new(FALSE, FALSE, sizeof(HfiKey));
    view->hfi_ifaces = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    for (guint i = 0; hfis && i < hfis->len; i++) {
        const NMNvmeNbftHfi *hfi = hfis->pdata[i];
        HfiKey               key = { .index = hfi->index, .vlan = hfi->vlan };

        memcpy(key.mac, hfi->mac, sizeof key.mac);
        g_array_append_val(view->keys, key);
    }
    g_task_set_task_data(task, view, (GDestroyNotify) view_free);
    nmnvme_fabrics_scan_async(fabrics, NULL, on_view_scanned, task);
}

GVariant *
nmnvme_engine_nbft_view_finish(GAsyncResult *result, GError **error)
{
    View *view;

    g_return_val_if_fail(G_IS_TASK(result), NULL);
    if (!g_task_propagate_boolean(G_TASK(result), error))
        return NULL;
    view = g_task_get_task_data(G_TASK(result));
    /* the table now: a reload may have replaced the one the HFIs came from */
    return nmnvme_engine_nbft_build_view(view->nbft->table,
                                         view->nbft->reason,
                                         view->ctrls,
                                         view->hfi_ifaces);
}
