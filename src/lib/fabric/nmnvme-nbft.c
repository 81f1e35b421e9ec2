/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nbft.c: the NBFT model (records, their lifetimes) and its pure
 * questions: HFI ↔ interface, HFI → wanted controllers, boot controllers.
 */
#include "config.h"

#include "nmnvme-nbft.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-nqn.h"

/* The NVMe/TCP port the specification assigns to I/O controllers, used
 * when an SSNS record leaves its port unset. */
#define NBFT_DEFAULT_TRSVCID "4420"

struct _NMNvmeNbft {
    gatomicrefcount ref;
    char      *source;
    char      *hostnqn;
    char      *hostid;
    GPtrArray *hfis;
    GPtrArray *subsystems;
    GPtrArray *discovery;
};

NMNvmeNbftHfi *
nmnvme_nbft_hfi_new(void)
{
    return g_new0(NMNvmeNbftHfi, 1);
}

void
nmnvme_nbft_hfi_free(NMNvmeNbftHfi *hfi)
{
    if (!hfi)
        return;
    g_free(hfi->transport);
    g_free(hfi->ip);
    g_free(hfi->gateway);
    g_free(hfi);
}

NMNvmeNbftSubsys *
nmnvme_nbft_subsys_new(void)
{
    NMNvmeNbftSubsys *subsys = g_new0(NMNvmeNbftSubsys, 1);

    subsys->hfis = g_array_new(FALSE, FALSE, sizeof(guint));
    return subsys;
}

void
nmnvme_nbft_subsys_free(NMNvmeNbftSubsys *subsys)
{
    if (!subsys)
        return;
    g_free(subsys->transport);
    g_free(subsys->traddr);
    g_free(subsys->trsvcid);
    g_free(subsys->subsysnqn);
    g_array_unref(subsys->hfis);
    g_free(subsys);
}

NMNvmeNbftDiscovery *
nmnvme_nbft_discovery_new(void)
{
    return g_new0(NMNvmeNbftDiscovery, 1);
}

void
nmnvme_nbft_discovery_free(NMNvmeNbftDiscovery *disc)
{
    if (!disc)
        return;
    g_free(disc->uri);
    g_free(disc->nqn);
    g_free(disc);
}

NMNvmeNbft *
nmnvme_nbft_new(const char *source, const char *hostnqn, const char *hostid)
{
    NMNvmeNbft *nbft = g_new0(NMNvmeNbft, 1);

    g_atomic_ref_count_init(&nbft->ref);
    nbft->source     = g_strdup(source);
    nbft->hostnqn    = g_strdup(hostnqn && *hostnqn ? hostnqn : NULL);
    nbft->hostid     = g_strdup(hostid && *hostid ? hostid : NULL);
    nbft->hfis       = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_nbft_hfi_free);
    nbft->subsystems = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_nbft_subsys_free);
    nbft->discovery  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_nbft_discovery_free);
    return nbft;
}

NMNvmeNbft *
nmnvme_nbft_ref(NMNvmeNbft *nbft)
{
    g_atomic_ref_count_inc(&nbft->ref);
    return nbft;
}

void
nmnvme_nbft_free(NMNvmeNbft *nbft)
{
    if (!nbft || !g_atomic_ref_count_dec(&nbft->ref))
        return;
    g_free(nbft->source);
    g_free(nbft->hostnqn);
    g_free(nbft->hostid);
    g_ptr_array_unref(nbft->hfis);
    g_ptr_array_unref(nbft->subsystems);
    g_ptr_array_unref(nbft->discovery);
    g_free(nbft);
}

void
nmnvme_nbft_add_hfi(NMNvmeNbft *nbft, NMNvmeNbftHfi *hfi)
{
    g_ptr_array_add(nbft->hfis, hfi);
}

void
nmnvme_nbft_add_subsys(NMNvmeNbft *nbft, NMNvmeNbftSubsys *subsys)
{
    g_ptr_array_add(nbft->subsystems, subsys);
}

void
nmnvme_nbft_add_discovery(NMNvmeNbft *nbft, NMNvmeNbftDiscovery *disc)
{
    g_ptr_array_add(nbft->discovery, disc);
}

const char *
nmnvme_nbft_get_source(const NMNvmeNbft *nbft)
{
    return nbft->source;
}

const char *
nmnvme_nbft_get_hostnqn(const NMNvmeNbft *nbft)
{
    return nbft->hostnqn;
}

const char *
nmnvme_nbft_get_hostid(const NMNvmeNbft *nbft)
{
    return nbft->hostid;
}

GPtrArray *
nmnvme_nbft_get_hfis(const NMNvmeNbft *nbft)
{
    return nbft->hfis;
}

GPtrArray *
nmnvme_nbft_get_subsystems(const NMNvmeNbft *nbft)
{
    return nbft->subsystems;
}

GPtrArray *
nmnvme_nbft_get_discovery(const NMNvmeNbft *nbft)
{
    return nbft->discovery;
}

const NMNvmeNbftHfi *
nmnvme_nbft_match_interface(const NMNvmeNbft *nbft, const guint8 mac[6], guint16 vlan)
{
    for (guint i = 0; i < nbft->hfis->len; i++) {
        const NMNvmeNbftHfi *hfi = nbft->hfis->pdata[i];

        if (memcmp(hfi->mac, mac, sizeof hfi->mac) == 0 && hfi->vlan == vlan)
            return hfi;
    }
    return NULL;
}

static gboolean
subsys_uses_hfi(const NMNvmeNbftSubsys *subsys, guint hfi_index)
{
    for (guint i = 0; i < subsys->hfis->len; i++) {
        if (g_array_index(subsys->hfis, guint, i) == hfi_index)
            return TRUE;
    }
    return FALSE;
}

NMNvmeTrid *
nmnvme_nbft_subsys_trid(const NMNvmeNbftSubsys *subsys, const char *iface)
{
    const char *trsvcid = subsys->trsvcid;

    if (!trsvcid && g_strcmp0(subsys->transport, "tcp") == 0)
        trsvcid = NBFT_DEFAULT_TRSVCID;
    return nmnvme_trid_new(subsys->transport, subsys->traddr, trsvcid, subsys->subsysnqn, NULL, iface);
}

/* (transfer full): the boot controller of @subsys: connected through
 * @iface with the table's host identity; any controller of the subsystem
 * is it (the initramfs connects its own way). */
static NMNvmeTrid *
subsys_boot_trid(const NMNvmeNbft *nbft, const NMNvmeNbftSubsys *subsys, const char *iface)
{
    g_autoptr(NMNvmeTrid) trid = nmnvme_nbft_subsys_trid(subsys, iface);

    return nmnvme_trid_new_with_host(trid, nbft->hostnqn, nbft->hostid, TRUE);
}

static gboolean
subsys_usable(const NMNvmeNbftSubsys *subsys)
{
    return subsys->transport && subsys->traddr && subsys->subsysnqn;
}

GPtrArray *
nmnvme_nbft_subsys_trids(const NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi, const char *iface)
{
    GPtrArray *trids = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);

    for (guint i = 0; i < nbft->subsystems->len; i++) {
        const NMNvmeNbftSubsys *subsys = nbft->subsystems->pdata[i];
        g_autoptr(NMNvmeTrid) trid     = NULL;

        if (!subsys_usable(subsys) || !subsys_uses_hfi(subsys, hfi->index))
            continue;
        trid = subsys_boot_trid(nbft, subsys, iface);
        if (!g_ptr_array_find_with_equal_func(trids, trid, nmnvme_trid_equal, NULL))
            g_ptr_array_add(trids, g_steal_pointer(&trid));
    }
    return trids;
}

const NMNvmeNbftSubsys *
nmnvme_nbft_find_subsys(const NMNvmeNbft *nbft, const NMNvmeTrid *trid)
{
    for (guint i = 0; i < nbft->subsystems->len; i++) {
        const NMNvmeNbftSubsys *subsys = nbft->subsystems->pdata[i];
        g_autoptr(NMNvmeTrid) made     = NULL;

        if (!subsys_usable(subsys))
            continue;
        made = subsys_boot_trid(nbft, subsys, nmnvme_trid_get_host_iface(trid));
        if (nmnvme_trid_equal(made, trid))
            return subsys;
    }
    return NULL;
}

GPtrArray *
nmnvme_nbft_hfi_discovery(const NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi)
{
    GPtrArray *found = g_ptr_array_new();

    for (guint i = 0; i < nbft->discovery->len; i++) {
        NMNvmeNbftDiscovery *disc = nbft->discovery->pdata[i];

        if (disc->hfi_index == hfi->index)
            g_ptr_array_add(found, disc);
    }
    return found;
}

NMNvmeTrid *
nmnvme_nbft_discovery_trid(const NMNvmeNbft          *nbft,
                           const NMNvmeNbftDiscovery *disc,
                           const char                *iface,
                           GError                   **error)
{
    g_autoptr(NMNvmeUri) uri   = NULL;
    g_autoptr(NMNvmeTrid) trid = NULL;
    g_autoptr(GError) local    = NULL;
    g_autofree char *port      = NULL;
    const char      *nqn;

    uri = disc->uri ? nmnvme_uri_parse(disc->uri, NMNVME_URI_DISCOVERY, &local) : NULL;
    if (!uri) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_DATA,
                    "NBFT discovery record %u: uri '%s': %s",
                    disc->index,
                    disc->uri ? disc->uri : "",
                    local ? local->message : "missing");
        return NULL;
    }
    /* the record's own NQN wins over the URI's default, the well-known one */
    nqn  = disc->nqn && *disc->nqn ? disc->nqn : nmnvme_uri_get_nqn(uri);
    port = g_strdup_printf("%u", nmnvme_uri_get_port(uri));
    trid = nmnvme_trid_new(nmnvme_uri_get_transport(uri),
                           nmnvme_uri_get_traddr(uri),
                           port,
                           nqn ? nqn : NMNVME_NQN_DISCOVERY,
                           NULL,
                           iface);
    return nmnvme_trid_new_with_host(trid, nbft->hostnqn, nbft->hostid, FALSE);
}

gboolean
nmnvme_nbft_is_boot_ctrl(const NMNvmeNbft *nbft, const NMNvmeKernelCtrl *ctrl)
{
    if (g_strcmp0(ctrl->owner, NMNVME_NBFT_OWNER) == 0 ||
        g_strcmp0(ctrl->owner, NMNVME_NBFT_OWNER_BOOT) == 0)
        return TRUE;
    if (!nbft || !ctrl->address)
        return FALSE;
    for (guint i = 0; i < nbft->subsystems->len; i++) {
        const NMNvmeNbftSubsys *subsys = nbft->subsystems->pdata[i];
        g_autoptr(NMNvmeTrid) trid     = NULL;

        if (!subsys_usable(subsys))
            continue;
        /* a boot controller is one whatever its interface and host NQN */
        trid = subsys_boot_trid(nbft, subsys, NULL);
        if (nmnvme_trid_matches_kernel(trid, ctrl, ""))
            return TRUE;
    }
    return FALSE;
}

gboolean
nmnvme_nbft_parse_mac(const char *text, guint8 mac[6])
{
    guint8 out[6];

    if (!text || strlen(text) != 17)
        return FALSE;
    for (guint i = 0; i < 6; i++) {
        const char *p = text + i * 3;

        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]) || (i < 5 && p[2] != ':'))
            return FALSE;
        out[i] = g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]);
    }
    memcpy(mac, out, sizeof out);
    return TRUE;
}
