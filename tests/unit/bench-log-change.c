/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * bench-log-change.c: the engine's work for one change of a large
 * discovery log, on this host, without a kernel or a VM (a benchmark: it
 * prints figures and asserts nothing timed; `meson test -C build
 * --benchmark --suite bench-host`). The log is the discovery benchmark's
 * (tests/lab/scenarios/cdc-bench.sh): 32 subsystems on 192.168.77.100:4420
 * and the rest synthesized on 10.x.y.z:4430, excluded by
 * nvme.exclude=trsvcid=4430. Timed, in thread CPU time: the worker's part
 * (the records made into entries: afresh, and again over the last log's
 * entries as a log change does) and the main thread's (dropping the last
 * log, whose entries the new one shares; the I/O controllers wanted and
 * the reconcile plan).
 *
 *   bench-log-change [ENTRIES]     (default 10000)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nmnvme-ctrl.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-reconcile.h"
#include "nmnvme-wants.h"

#define REAL   32
#define ROUNDS 5

static double
cpu_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void
record(NMNvmeDiscLogEntryRaw *e, guint i)
{
    e->trtype  = NMNVME_TRTYPE_TCP;
    e->adrfam  = NMNVME_ADRFAM_IP4;
    e->subtype = NMNVME_DISC_SUBTYPE_NVME;
    e->portid  = GUINT16_TO_LE(1);
    e->cntlid  = GUINT16_TO_LE(0xffff);
    if (i < REAL) {
        g_strlcpy(e->traddr, "192.168.77.100", sizeof(e->traddr));
        g_strlcpy(e->trsvcid, "4420", sizeof(e->trsvcid));
        g_snprintf(e->subnqn, sizeof(e->subnqn), "nqn.2026-11.io.nm-nvme.bench:sub%02u", i + 1);
    } else {
        g_snprintf(e->traddr,
                   sizeof(e->traddr),
                   "10.%u.%u.%u",
                   (i >> 16) & 255,
                   (i >> 8) & 255,
                   i & 255);
        g_strlcpy(e->trsvcid, "4430", sizeof(e->trsvcid));
        g_snprintf(e->subnqn, sizeof(e->subnqn), "nqn.2026-01.org.example.dcsim:gen-%06u", i);
    }
}

static NMNvmeDiscLogRaw *
log_new(guint n)
{
    NMNvmeDiscLogRaw *raw = g_malloc0(sizeof(*raw) + n * sizeof(raw->entries[0]));

    raw->numrec = GUINT64_TO_LE(n);
    for (guint i = 0; i < n; i++)
        record(&raw->entries[i], i);
    return raw;
}

/* The plan for I/O controllers of one session with @dcs, as the engine's
 * reconcile makes it (no kernel controllers yet). */
static guint
plan(NMNvmeSettings *settings, GHashTable *dcs)
{
    g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) wants =
        nmnvme_wants_compute(settings, "stor0", NMNVME_CTRL_KIND_IO, dcs, known, NULL, NULL);
    g_autoptr(GPtrArray) desired = g_ptr_array_new();
    g_autoptr(GPtrArray) kernel  = g_ptr_array_new();
    NMNvmeReconcilePlan *p;
    GHashTableIter       iter;
    NMNvmeWant          *w;
    guint                n;

    g_hash_table_iter_init(&iter, wants);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &w))
        g_ptr_array_add(desired, w->trid);
    p = nmnvme_reconcile_plan_new(NMNVME_CTRL_TYPE_IO, desired, kernel, NULL, "nqn.host");
    n = nmnvme_reconcile_plan_count(p, NMNVME_RECONCILE_CONNECT);
    nmnvme_reconcile_plan_free(p);
    return n;
}

int
main(int argc, char **argv)
{
    guint                        n     = argc > 1 ? (guint) strtoul(argv[1], NULL, 10) : 10000;
    g_autofree NMNvmeDiscLogRaw *raw   = log_new(n);
    g_autoptr(GHashTable) data         = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GHashTable) dcs          = NULL;
    NMNvmeCtrl *dc;
    double      fresh = 0, again = 0, wants = 0, freed = 0, t;
    guint       connects = 0;

    g_hash_table_insert(
        data,
        (gpointer) "nvme.discovery",
        (gpointer) "nvme+tcp://192.168.77.100:8009/nqn.2026-11.io.nm-nvme.bench:cdc");
    g_hash_table_insert(data, (gpointer) "nvme.exclude", (gpointer) "trsvcid=4430");
    settings = nmnvme_settings_new_from_data(data, NULL);
    dcs =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) nmnvme_ctrl_unref);
    dc = nmnvme_ctrl_new(NULL,
                         NMNVME_CTRL_KIND_DISCOVERY,
                         nmnvme_trid_new("tcp",
                                         "192.168.77.100",
                                         "8009",
                                         "nqn.2026-11.io.nm-nvme.bench:cdc",
                                         NULL,
                                         "stor0"));
    g_hash_table_insert(dcs, g_strdup(dc->key), dc);
    dc->log          = g_new0(NMNvmeDiscoveryLog, 1);
    dc->log->entries = nmnvme_log_entries_from_log(raw, NULL, NULL);
    for (guint r = 0; r < ROUNDS; r++) {
        GPtrArray *made;

        t    = cpu_ms();
        made = nmnvme_log_entries_from_log(raw, NULL, NULL);
        fresh += cpu_ms() - t;
        g_ptr_array_unref(made);
        t    = cpu_ms();
        made = nmnvme_log_entries_from_log(raw, dc->log->entries, NULL);
        again += cpu_ms() - t;
        t = cpu_ms();
        g_clear_pointer(&dc->log->entries, g_ptr_array_unref);
        freed += cpu_ms() - t;
        dc->log->entries = made;
        t                = cpu_ms();
        connects         = plan(settings, dcs);
        wants += cpu_ms() - t;
    }
    printf("BENCH log-change entries=%u connects=%u rounds=%u entries_fresh_ms=%.2f "
           "entries_again_ms=%.2f free_ms=%.2f wants_plan_ms=%.2f\n",
           n,
           connects,
           ROUNDS,
           fresh / ROUNDS,
           again / ROUNDS,
           freed / ROUNDS,
           wants / ROUNDS);
    return connects == REAL ? 0 : 1;
}
