/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-wants.c: the wanted controllers of a session, from its settings
 * and its discovery controllers' logs.
 */
#include "config.h"

#include "nmnvme-wants.h"

#include "nmnvme-tls.h"

#include <gio/gio.h>

#include "nmnvme-log-entry.h"
#include "nmnvme-log.h"

/* What the computation reads. */
typedef struct {
    const NMNvmeSettings *settings;
    const char           *iface;
    GHashTable           *dcs;
    GHashTable           *wants;
    GPtrArray            *boot; /* NMNvmeWant: those matching any host (NBFT SSNS) */
    guint                 n_excluded;
} Ctx;

static void
want_free(NMNvmeWant *w)
{
    nmnvme_trid_free(w->trid);
    g_hash_table_unref(w->origins);
    g_free(w);
}

static gboolean
address_family_allowed(Ctx *c, const char *traddr)
{
    g_autoptr(GInetAddress) addr = NULL;
    guint family                 = nmnvme_settings_get_choice(c->settings, NMNVME_KEY_IP_FAMILY);

    if (family == NMNVME_IP_FAMILY_BOTH)
        return TRUE;
    addr = g_inet_address_new_from_string(traddr);
    if (!addr)
        return TRUE;
    if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV4)
        return family == NMNVME_IP_FAMILY_IPV4;
    return family == NMNVME_IP_FAMILY_IPV6;
}

static gboolean
excluded(Ctx        *c,
         const char *transport,
         const char *traddr,
         const char *trsvcid,
         const char *subsysnqn)
{
    GPtrArray *filters = nmnvme_settings_get_filters(c->settings);

    for (guint i = 0; i < filters->len; i++) {
        if (nmnvme_filter_matches(filters->pdata[i], transport, traddr, trsvcid, subsysnqn))
            return TRUE;
    }
    return FALSE;
}

/* Whether a controller is left out by `nvme.exclude` or `nvme.ip-family`
 * (counted, not logged one by one: a log of 10 000 entries is checked at
 * each change). Asked of a log entry's own fields before a transport ID is
 * made for it (issue 18: making 10 000 transport IDs, each parsing its
 * addresses, to drop them all was most of a change's cost); a transport ID
 * made from an entry has the same four fields. */
static gboolean
left_out(Ctx        *c,
         const char *transport,
         const char *traddr,
         const char *trsvcid,
         const char *subsysnqn)
{
    if (!excluded(c, transport, traddr, trsvcid, subsysnqn) && address_family_allowed(c, traddr))
        return FALSE;
    c->n_excluded++;
    return TRUE;
}

/* What a listing entry says of its port (or a known controller
 * remembers): NCC and the TLS fields; @held: only remembered, from a
 * connected discovery controller whose log is still to come. */
typedef struct {
    gboolean ncc;
    gboolean from_log;
    guint8   treq;
    guint8   sectype;
    gboolean held;
} EntryInfo;

static const EntryInfo no_entry = { FALSE, FALSE, 0, 0, FALSE };

/* Several entries may list one controller: a port that requires a secure
 * channel, or offers TLS, in any of them counts. */
static void
want_merge_entry(NMNvmeWant *w, const EntryInfo *info)
{
    guint8                   old = w->treq & NMNVME_TREQ_SECURE_MASK;
    guint8 new                   = info->treq &NMNVME_TREQ_SECURE_MASK;

    w->ncc  = w->ncc || info->ncc;
    w->held = w->held && info->held;
    if (!info->from_log)
        return;
    if (!w->from_log || new == NMNVME_TREQ_SECURE_REQUIRED ||
        (old == NMNVME_TREQ_SECURE_UNSPECIFIED && new != old))
        w->treq = info->treq;
    if (!w->from_log || w->sectype == NMNVME_TCP_SECTYPE_NONE)
        w->sectype = info->sectype;
    w->from_log = TRUE;
}

/* Adds @trid (taken), which is not left out, to @wants; @origin NULL =
 * configured. */
static void
want_insert(Ctx *c, NMNvmeTrid *trid, const char *origin, const EntryInfo *info)
{
    g_autofree char *key = nmnvme_trid_to_string(trid);
    NMNvmeWant      *w   = g_hash_table_lookup(c->wants, key);

    for (guint i = 0; !w && i < c->boot->len; i++) {
        /* a boot controller is that subsystem's one, whoever else lists
         * it: never a second path to it */
        if (nmnvme_trid_covers(((NMNvmeWant *) c->boot->pdata[i])->trid, trid))
            w = c->boot->pdata[i];
    }
    if (!w) {
        w          = g_new0(NMNvmeWant, 1);
        w->trid    = trid;
        w->origins = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        w->held    = TRUE; /* until a reason not to is merged */
        g_hash_table_insert(c->wants, g_steal_pointer(&key), w);
        if (nmnvme_trid_get_any_host(trid))
            g_ptr_array_add(c->boot, w);
    } else {
        nmnvme_trid_free(trid);
    }
    if (origin)
        g_hash_table_add(w->origins, g_strdup(origin));
    else
        w->configured = TRUE;
    want_merge_entry(w, info);
}

/* Adds @trid (taken) to @wants unless it is left out; @origin NULL =
 * configured. */
static void
want_add(Ctx *c, NMNvmeTrid *trid, const char *origin, const EntryInfo *info)
{
    if (left_out(c,
                 nmnvme_trid_get_transport(trid),
                 nmnvme_trid_get_traddr(trid),
                 nmnvme_trid_get_trsvcid(trid),
                 nmnvme_trid_get_subsysnqn(trid))) {
        nmnvme_trid_free(trid);
        return;
    }
    want_insert(c, trid, origin, info);
}

static void
want_configured(Ctx *c, NMNvmeKey key)
{
    GPtrArray *uris = nmnvme_settings_get_uris(c->settings, key);

    for (guint i = 0; i < uris->len; i++)
        want_add(c, nmnvme_trid_new_from_uri(uris->pdata[i], c->iface), NULL, &no_entry);
}

/* Discovery controllers found by mDNS, or the controllers the NBFT wants
 * (@origin NMNVME_WANTS_ORIGIN_ZEROCONF or _NBFT). */
static void
want_found(Ctx *c, GPtrArray *found, const char *origin)
{
    for (guint i = 0; found && i < found->len; i++)
        want_add(c, nmnvme_trid_copy(found->pdata[i]), origin, &no_entry);
}

/* (transfer full): the controller log entry @e of @dc lists, reached from
 * @dc's host side with @dc's host identity (the NBFT's for an NBFT
 * discovery record: the log is the one for that host NQN). */
static NMNvmeTrid *
trid_from_entry(Ctx *c, const NMNvmeCtrl *dc, const NMNvmeLogEntry *e)
{
    g_autoptr(NMNvmeTrid) trid =
        nmnvme_trid_new_from_log_entry(e, nmnvme_trid_get_host_traddr(dc->trid), c->iface);

    if (!nmnvme_trid_get_hostnqn(dc->trid))
        return g_steal_pointer(&trid);
    return nmnvme_trid_new_with_host(trid,
                                     nmnvme_trid_get_hostnqn(dc->trid),
                                     nmnvme_trid_get_hostid(dc->trid),
                                     FALSE);
}

/* Entries of @subtype in every discovery controller's log. */
static void
want_from_logs(Ctx *c, NMNvmeLogEntrySubtype subtype)
{
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    g_hash_table_iter_init(&iter, c->dcs);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        for (guint i = 0; dc->log && i < dc->log->entries->len; i++) {
            const NMNvmeLogEntry *e = dc->log->entries->pdata[i];
            NMNvmeTrid           *trid;

            if (e->subtype != subtype ||
                left_out(c, e->transport, e->traddr, e->trsvcid, e->subnqn))
                continue;
            if (subtype == NMNVME_LOG_ENTRY_REFERRAL &&
                g_hash_table_size(c->wants) >= NMNVME_WANTS_MAX_REFERRALS) {
                _LOG_IF_W(c->iface,
                          "%s: more than %d referrals, ignoring the rest",
                          dc->key,
                          NMNVME_WANTS_MAX_REFERRALS);
                return;
            }
            trid = trid_from_entry(c, dc, e);
            if (nmnvme_trid_equal(trid, dc->trid)) {
                nmnvme_trid_free(trid); /* a referral to itself */
                continue;
            }
            want_insert(c,
                        trid,
                        dc->key,
                        &(EntryInfo){ nmnvme_log_entry_ncc(e), TRUE, e->treq, e->sectype });
        }
    }
}

/* A controller whose listing discovery controller has not delivered a log
 * yet (just restarted, or reconnecting) stays wanted: no log is not an
 * empty log. While that discovery controller is connected, its log is on
 * its way: the want is held (kept, not connected) until it comes; a
 * restarted daemon's record of that listing may be seconds old. */
static void
want_carry_unknown(Ctx *c, GHashTable *known)
{
    GHashTableIter iter;
    NMNvmeCtrl    *ctrl;

    g_hash_table_iter_init(&iter, known);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
        GHashTableIter oiter;
        const char    *origin;

        g_hash_table_iter_init(&oiter, ctrl->origins);
        while (g_hash_table_iter_next(&oiter, (gpointer *) &origin, NULL)) {
            NMNvmeCtrl *dc = g_hash_table_lookup(c->dcs, origin);

            if (dc && !dc->log)
                want_add(c,
                         nmnvme_trid_copy(ctrl->trid),
                         origin,
                         &(EntryInfo){ ctrl->ncc,
                                       ctrl->from_log,
                                       ctrl->treq,
                                       ctrl->sectype,
                                       dc->device != NULL });
        }
    }
}

GHashTable *
nmnvme_wants_compute(const NMNvmeSettings *settings,
                     const char           *iface,
                     NMNvmeCtrlKind        kind,
                     GHashTable           *dcs,
                     GHashTable           *known,
                     GPtrArray            *zeroconf,
                     GPtrArray            *nbft)
{
    Ctx c = {
        .settings = settings,
        .iface    = iface,
        .dcs      = dcs,
        .wants = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) want_free),
        .boot  = g_ptr_array_new(),
    };

    switch (kind) {
    case NMNVME_CTRL_KIND_DISCOVERY:
        want_configured(&c, NMNVME_KEY_DISCOVERY);
        want_found(&c, zeroconf, NMNVME_WANTS_ORIGIN_ZEROCONF);
        want_found(&c, nbft, NMNVME_WANTS_ORIGIN_NBFT);
        want_from_logs(&c, NMNVME_LOG_ENTRY_REFERRAL);
        break;
    case NMNVME_CTRL_KIND_IO:
        want_found(&c, nbft, NMNVME_WANTS_ORIGIN_NBFT); /* first: they cover the others */
        want_configured(&c, NMNVME_KEY_CONTROLLERS);
        want_from_logs(&c, NMNVME_LOG_ENTRY_NVME);
        break;
    }
    want_carry_unknown(&c, known);
    g_ptr_array_unref(c.boot);
    if (c.n_excluded > 0)
        _LOG_IF_D(
            iface,
            "%u log entries or configured controllers excluded by nvme.exclude or nvme.ip-family",
            c.n_excluded);
    return c.wants;
}
