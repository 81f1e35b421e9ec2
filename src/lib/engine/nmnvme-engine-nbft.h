/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine-nbft.h: the engine's NBFT, private to the engine. It is
 * the table's one owner: read on a worker (nmnvme-fabrics.h) when the
 * engine starts and on SIGHUP (a firmware table does not change while the
 * system runs, but a reload is the administrator's way to ask), kept until
 * the next read, its state logged once per change: "NBFT: N HFIs, N
 * subsystems, N discovery records from PATH", "NBFT: none" or "NBFT:
 * unavailable: REASON", and each record the reader skipped, as a warning.
 * It also builds the GetNbft view (docs/dbus-api.md, "NBFT"). Main context
 * only; nothing here blocks it.
 */
#ifndef NMNVME_ENGINE_NBFT_H
#define NMNVME_ENGINE_NBFT_H

#include <gio/gio.h>

#include "nmnvme-fabrics.h"
#include "nmnvme-nbft.h"

G_BEGIN_DECLS

typedef struct _NMNvmeEngineNbft NMNvmeEngineNbft;

/* Called on the main context after each read, with the table in place
 * (the previous one is freed when it returns). */
typedef void (*NMNvmeEngineNbftLoaded)(NMNvmeEngineNbft *nbft, gpointer user_data);

/**
 * nmnvme_engine_nbft_new:
 * @dir: (nullable): where the ACPI tables are (NMNVME_NBFT_ACPI_DIR);
 *   %NULL: the engine never reads one (tests), the state stays "none"
 * @loaded: called after each read
 *
 * Returns: (transfer full): the holder, before any read.
 */
NMNvmeEngineNbft *nmnvme_engine_nbft_new(const char            *dir,
                                         NMNvmeEngineNbftLoaded loaded,
                                         gpointer               user_data);

/* Cancels a read in flight (its result is dropped) and frees the table. */
void nmnvme_engine_nbft_free(NMNvmeEngineNbft *nbft);

/* Starts a read on a worker; a read in flight is cancelled first. */
void nmnvme_engine_nbft_load(NMNvmeEngineNbft *nbft);

/* (transfer none) (nullable): the table of the last read, %NULL when
 * there is none, it could not be read, or no read has finished yet. */
NMNvmeNbft *nmnvme_engine_nbft_get_table(NMNvmeEngineNbft *nbft);

/* "available", "none" or "unavailable: REASON" ("unavailable: not read
 * yet" until the first read finishes). */
const char *nmnvme_engine_nbft_get_status(NMNvmeEngineNbft *nbft);

/* Whether a read has finished (always, without a folder). */
gboolean nmnvme_engine_nbft_is_read(NMNvmeEngineNbft *nbft);

/**
 * nmnvme_engine_nbft_view_async:
 * @fabrics: the workers that scan the kernel's controllers
 * @sysfs_net: the net class folder, @proc_vlan the 802.1Q one
 *   (nmnvme-iface-hw.h): where the HFIs' interfaces are found
 * @source_object: the engine: the task holds it, and so @nbft, while it
 *   runs
 *
 * The GetNbft dictionary: the table with, for each subsystem and
 * discovery record, whether a kernel controller of it exists now (any
 * interface, any host NQN), its device and its registry owner, and for
 * each HFI the interface that is it now (MAC address and VLAN ID). The
 * scan and the interface reads run on workers.
 */
void      nmnvme_engine_nbft_view_async(NMNvmeEngineNbft   *nbft,
                                        NMNvmeFabrics      *fabrics,
                                        const char         *sysfs_net,
                                        const char         *proc_vlan,
                                        gpointer            source_object,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
GVariant *nmnvme_engine_nbft_view_finish(GAsyncResult *result, GError **error);

/**
 * nmnvme_engine_nbft_build_view:
 * @table: (nullable): the table; %NULL: there is none, @reason says why
 * @reason: (nullable): why there is no table ("reason")
 * @ctrls: (element-type NMNvmeKernelCtrl): the kernel's controllers, each
 *   with its registry owner
 * @hfi_ifaces: (element-type guint utf8): HFI index → the interface that
 *   is it now
 *
 * The view itself, without I/O (unit-tested).
 *
 * Returns: (transfer full): a floating-free `a{sv}`.
 */
GVariant *nmnvme_engine_nbft_build_view(const NMNvmeNbft *table,
                                        const char       *reason,
                                        GPtrArray        *ctrls,
                                        GHashTable       *hfi_ifaces);

G_END_DECLS

#endif /* NMNVME_ENGINE_NBFT_H */
