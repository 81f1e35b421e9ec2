/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-disc-log.c: whole discovery log pages, which a remote discovery
 * controller sends. The real reader (nmnvme_fabrics_get_log_async(),
 * nmnvme-fabrics.c: header, numrec bound, the sized read, the generation
 * counter re-reads, nmnvme_log_entries_from_log()) runs over a fake
 * device (fake-libnvme.h). Input: one conduct byte (bits 0-2: reads that
 * see another generation counter; bits 3-5: the read that fails, 0 none;
 * bit 6: PLEOS), then the page as the controller serves it (header,
 * entries; zeros past the end). Properties: a log read has the page's
 * genctr and one entry or one rejection per record; every entry keeps the
 * promises of nmnvme-log-entry.h and gives a transport ID; the page, and
 * the page with one byte changed, made again with the first read's entries
 * as the previous ones give the same entries as made afresh (an entry is
 * shared only when its record makes it). Then the
 * engine's consumer of the log (nmnvme-wants.h) takes it as a discovery
 * controller's: every wanted controller is bound to the session's
 * interface and listed by that controller or configured, and referrals
 * stay under NMNVME_WANTS_MAX_REFERRALS; the controller's status view and
 * record are made.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fake-libnvme.h"
#include "fuzz-util.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-nqn.h"
#include "nmnvme-registry.h"
#include "nmnvme-trid.h"
#include "nmnvme-wants.h"

#define IFACE "stor0"

typedef struct {
    gboolean            done;
    NMNvmeDiscoveryLog *log;
    GError             *error;
} Result;

static void
on_log(GObject *source, GAsyncResult *res, gpointer user_data)
{
    Result *r = user_data;

    r->log  = nmnvme_fabrics_get_log_finish(NULL, res, &r->error);
    r->done = TRUE;
}

static gboolean
printable_no_space(const char *s)
{
    for (; *s; s++) {
        if (*s <= ' ' || *s > '~')
            return FALSE;
    }
    return TRUE;
}

static void
check_entry(const NMNvmeLogEntry *e)
{
    g_autoptr(NMNvmeTrid) trid = NULL;
    guint64 port;

    FUZZ_CHECK(e->transport && e->traddr && *e->traddr && printable_no_space(e->traddr),
               "entry with a bad traddr");
    FUZZ_CHECK(nmnvme_nqn_validate(e->subnqn, NULL), "entry with a bad subnqn '%s'", e->subnqn);
    FUZZ_CHECK(!e->trsvcid || (*e->trsvcid && printable_no_space(e->trsvcid)), "bad trsvcid");
    if (g_str_equal(e->transport, "tcp") || g_str_equal(e->transport, "rdma")) {
        g_autoptr(GInetAddress) a = g_inet_address_new_from_string(e->traddr);

        FUZZ_CHECK(a, "%s entry with traddr '%s'", e->transport, e->traddr);
        FUZZ_CHECK(e->trsvcid && g_ascii_string_to_unsigned(e->trsvcid, 10, 1, 65535, &port, NULL),
                   "%s entry with trsvcid '%s'",
                   e->transport,
                   e->trsvcid);
    }
    trid = nmnvme_trid_new_from_log_entry(e, NULL, "eth0");
    FUZZ_CHECK(trid, "entry without transport ID");
    g_free(nmnvme_trid_to_string(trid));
}

static void
check_log(const NMNvmeDiscoveryLog *log, const guint8 *page, gsize len)
{
    NMNvmeDiscLogRaw header = { 0 };

    memcpy(&header, page, MIN(len, sizeof(header)));
    FUZZ_CHECK(log->genctr == GUINT64_FROM_LE(header.genctr),
               "genctr %" G_GUINT64_FORMAT,
               log->genctr);
    FUZZ_CHECK(log->entries->len + log->rejected->len == GUINT64_FROM_LE(header.numrec),
               "%u entries and %u rejected of %" G_GUINT64_FORMAT " records",
               log->entries->len,
               log->rejected->len,
               (guint64) GUINT64_FROM_LE(header.numrec));
    for (guint i = 0; i < log->entries->len; i++)
        check_entry(log->entries->pdata[i]);
}

static gboolean
entry_equal(const NMNvmeLogEntry *a, const NMNvmeLogEntry *b)
{
    return g_strcmp0(a->transport, b->transport) == 0 && a->trtype == b->trtype &&
           a->adrfam == b->adrfam && a->subtype == b->subtype && a->treq == b->treq &&
           a->sectype == b->sectype && a->portid == b->portid && a->cntlid == b->cntlid &&
           a->asqsz == b->asqsz && a->eflags == b->eflags && g_strcmp0(a->traddr, b->traddr) == 0 &&
           g_strcmp0(a->trsvcid, b->trsvcid) == 0 && g_strcmp0(a->subnqn, b->subnqn) == 0;
}

/* @page made with @previous's entries shared where they can be is what it
 * makes afresh. */
static void
check_again(const NMNvmeDiscLogRaw *page, GPtrArray *previous)
{
    g_autoptr(GPtrArray) fresh = nmnvme_log_entries_from_log(page, NULL, NULL);
    g_autoptr(GPtrArray) again = nmnvme_log_entries_from_log(page, previous, NULL);

    FUZZ_CHECK(fresh->len == again->len, "%u entries afresh, %u again", fresh->len, again->len);
    for (guint i = 0; i < fresh->len; i++)
        FUZZ_CHECK(entry_equal(fresh->pdata[i], again->pdata[i]), "entry %u made again differs", i);
}

/* The page as read (zeros past the input), and with the byte @flip picks
 * changed, each made again over the entries of the first read. */
static void
check_reuse(const NMNvmeDiscoveryLog *log, const guint8 *page, gsize len, guint8 flip)
{
    NMNvmeDiscLogRaw   header = { 0 };
    g_autofree guint8 *full   = NULL;
    gsize              size;

    memcpy(&header, page, MIN(len, sizeof(header)));
    size = sizeof(header) + GUINT64_FROM_LE(header.numrec) * sizeof(NMNvmeDiscLogEntryRaw);
    full = g_malloc0(size);
    memcpy(full, page, MIN(len, size));
    check_again((const NMNvmeDiscLogRaw *) full, log->entries);
    if (size > sizeof(header)) {
        gsize at = sizeof(header) + (flip * 4099u) % (size - sizeof(header));

        full[at] ^= 1u << (flip & 7);
        check_again((const NMNvmeDiscLogRaw *) full, log->entries);
    }
}

static void
check_wants(GHashTable *dcs, const NMNvmeCtrl *dc, NMNvmeCtrlKind kind)
{
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_default();
    g_autoptr(GHashTable) known        = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) wants =
        nmnvme_wants_compute(settings, IFACE, kind, dcs, known, NULL, NULL);
    GHashTableIter iter;
    NMNvmeWant    *w;

    if (kind == NMNVME_CTRL_KIND_DISCOVERY)
        FUZZ_CHECK(g_hash_table_size(wants) <= NMNVME_WANTS_MAX_REFERRALS,
                   "%u referrals wanted",
                   g_hash_table_size(wants));
    g_hash_table_iter_init(&iter, wants);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &w)) {
        /* host_iface is a tcp option only (nmnvme-trid.c) */
        const char *bound =
            g_strcmp0(nmnvme_trid_get_transport(w->trid), "tcp") == 0 ? IFACE : NULL;

        FUZZ_CHECK(g_strcmp0(nmnvme_trid_get_host_iface(w->trid), bound) == 0,
                   "want not bound to " IFACE " (tcp), or bound (other transports)");
        FUZZ_CHECK(w->configured || g_hash_table_contains(w->origins, dc->key),
                   "want without origin");
        FUZZ_CHECK(!nmnvme_trid_equal(w->trid, dc->trid), "the controller wants itself");
    }
}

/* The log as the engine keeps it: the last log of a discovery controller. */
static void
check_consumers(NMNvmeDiscoveryLog *log)
{
    g_autoptr(NMNvmeCtrl) dc = nmnvme_ctrl_new(
        NULL,
        NMNVME_CTRL_KIND_DISCOVERY,
        nmnvme_trid_new("tcp", "192.168.77.100", "8009", NMNVME_NQN_DISCOVERY, NULL, IFACE));
    g_autoptr(GHashTable) dcs  = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GVariant) view   = NULL;
    g_autoptr(GVariant) record = NULL;

    dc->log = log;
    g_hash_table_insert(dcs, dc->key, dc);
    check_wants(dcs, dc, NMNVME_CTRL_KIND_DISCOVERY);
    check_wants(dcs, dc, NMNVME_CTRL_KIND_IO);
    view   = g_variant_ref_sink(nmnvme_ctrl_to_variant(dc));
    record = g_variant_ref_sink(nmnvme_ctrl_to_record(dc));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static NMNvmeFabrics *fabrics;
    FakeLibnvmeConduct    conduct;
    Result                r = { 0 };

    if (size < 1)
        return 0;
    if (!fabrics) {
        g_autoptr(NMNvmeRegistry) registry =
            nmnvme_registry_new(fuzz_scratch_dir(), "/nonexistent/uevent_seqnum");

        fabrics =
            nmnvme_fabrics_new("/nonexistent/nvme-fabrics", fuzz_scratch_dir(), registry, NULL);
    }
    conduct = (FakeLibnvmeConduct){
        .n_unstable = data[0] & 7,
        .fail_read  = (data[0] >> 3) & 7,
        .pleos      = (data[0] >> 6) & 1,
    };
    fake_libnvme_serve(data + 1, size - 1, &conduct);
    nmnvme_fabrics_get_log_async(fabrics, "nvme3", TRUE, NULL, NULL, on_log, &r);
    while (!r.done)
        g_main_context_iteration(NULL, TRUE);
    if (!r.log) {
        FUZZ_CHECK(r.error && r.error->message && *r.error->message, "failure without message");
        g_clear_error(&r.error);
        return 0;
    }
    check_log(r.log, data + 1, size - 1);
    check_reuse(r.log, data + 1, size - 1, data[0]);
    check_consumers(g_steal_pointer(&r.log)); /* the controller frees it */
    return 0;
}
