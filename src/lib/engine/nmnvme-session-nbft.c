/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-nbft.c: the NBFT host fabric interface (HFI) a session's
 * interface is, and the controllers it wants because of it: the SSNS
 * (boot) controllers reached through it and its discovery records. The
 * engine matches the interface (nmnvme-iface-hw.h) and tells the session;
 * the reconcile reads s->nbft_wants (nmnvme-wants.h, origin "nbft").
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include "nmnvme-wants.h"

void
nmnvme_session_nbft_clear(NMNvmeSession *s)
{
    for (guint k = 0; k < N_KINDS; k++)
        g_clear_pointer(&s->nbft_wants[k], g_ptr_array_unref);
    g_clear_pointer(&s->nbft, nmnvme_nbft_free);
    s->hfi_index = 0;
}

/* (transfer full): the discovery records of @hfi as discovery controllers;
 * a record whose URI is unusable is logged and skipped. */
static GPtrArray *
discovery_wants(NMNvmeSession *s, const NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi)
{
    g_autoptr(GPtrArray) records = nmnvme_nbft_hfi_discovery(nbft, hfi);
    GPtrArray *trids = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);

    for (guint i = 0; i < records->len; i++) {
        g_autoptr(GError) error = NULL;
        NMNvmeTrid *trid = nmnvme_nbft_discovery_trid(nbft, records->pdata[i], s->iface, &error);

        if (trid)
            g_ptr_array_add(trids, trid);
        else
            _LOG_IF_W(s->iface, "%s, ignoring it", error->message);
    }
    return trids;
}

void
nmnvme_session_set_hfi(NMNvmeSession *s, NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi)
{
    guint    index = hfi ? hfi->index : 0;
    gboolean known = s->hfi_known;

    s->hfi_known = TRUE;
    if (known && index == s->hfi_index && (!hfi || nbft == s->nbft))
        return;
    nmnvme_session_nbft_clear(s);
    if (hfi) {
        s->nbft                                  = nmnvme_nbft_ref(nbft);
        s->hfi_index                             = index;
        s->nbft_wants[NMNVME_CTRL_KIND_IO]       = nmnvme_nbft_subsys_trids(nbft, hfi, s->iface);
        s->nbft_wants[NMNVME_CTRL_KIND_DISCOVERY] = discovery_wants(s, nbft, hfi);
        _LOG_IF_I(s->iface,
                  "NBFT HFI %u (%s): %u subsystems, %u discovery controllers wanted",
                  index,
                  nmnvme_nbft_get_source(nbft),
                  s->nbft_wants[NMNVME_CTRL_KIND_IO]->len,
                  s->nbft_wants[NMNVME_CTRL_KIND_DISCOVERY]->len);
    } else if (known) {
        _LOG_IF_I(s->iface, "no longer an NBFT HFI");
    }
    nmnvme_session_reconcile(s);
    notify_changed(s);
}

GPtrArray *
nmnvme_session_nbft_wants(NMNvmeSession *s, NMNvmeCtrlKind kind)
{
    GPtrArray     *trids = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_trid_free);
    GHashTableIter iter;
    NMNvmeCtrl    *ctrl;

    if (s->hfi_known) {
        for (guint i = 0; s->nbft_wants[kind] && i < s->nbft_wants[kind]->len; i++)
            g_ptr_array_add(trids, nmnvme_trid_copy(s->nbft_wants[kind]->pdata[i]));
        return trids;
    }
    g_hash_table_iter_init(&iter, s->ctrls[kind]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
        if (g_hash_table_contains(ctrl->origins, NMNVME_WANTS_ORIGIN_NBFT))
            g_ptr_array_add(trids, nmnvme_trid_copy(ctrl->trid));
    }
    return trids;
}

guint
nmnvme_session_get_hfi(const NMNvmeSession *s)
{
    return s->hfi_index;
}
