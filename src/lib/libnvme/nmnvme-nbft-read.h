/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nbft-read.h: the parts of reading an NBFT that need no libnvme:
 * finding the tables the kernel exposes, and building the model
 * (nmnvme-nbft.h) from records taken out of libnvme's parse without
 * trusting them. The table is firmware input: every string is checked
 * (UTF-8 without control characters, its length, NQN syntax, IP literals,
 * numbers in range) and a bad record is skipped with a warning naming the
 * record and the field; references to skipped records are dropped. The
 * libnvme adapter (nmnvme-libnvme.c) feeds the builder; tests feed it
 * records of their own.
 */
#ifndef NMNVME_NBFT_READ_H
#define NMNVME_NBFT_READ_H

#include <glib.h>

#include "nmnvme-nbft.h"

G_BEGIN_DECLS

/* Longest strings accepted from a table (NUL not counted): NQNs are
 * NMNVME_NQN_MAX_LEN; a port is a decimal number; a discovery URI an
 * address, a port and an NQN. */
#define NMNVME_NBFT_TRSVCID_MAX 32
#define NMNVME_NBFT_URI_MAX     1024

/**
 * nmnvme_nbft_find_tables:
 * @dir: where the kernel exposes ACPI tables (NMNVME_NBFT_ACPI_DIR; the
 *   tests' own folder)
 * @error: return location for a #GError
 *
 * The NBFTs in @dir: `NBFT`, then `NBFT1`, `NBFT2`… in numeric order (the
 * kernel names a lone table by its signature, and numbers every table of a
 * signature from 1 when there are several). Blocks (one directory read).
 *
 * Returns: (transfer full): the full paths, an empty array when there is
 *   none (also when @dir does not exist: no ACPI), or %NULL with @error
 *   when @dir cannot be read.
 */
GStrv nmnvme_nbft_find_tables(const char *dir, GError **error);

typedef struct _NMNvmeNbftBuilder NMNvmeNbftBuilder;

/**
 * nmnvme_nbft_builder_new:
 * @source: the table's path
 * @hostnqn: (nullable): the host NQN as the table gives it
 * @hostid: (nullable) (array fixed-size=16): the host ID's raw bytes
 * @warnings: (element-type utf8): where each problem goes, one message
 *   per skipped record or field, naming both
 *
 * Starts a model. A bad host NQN is dropped (the daemon connects with its
 * own then); an all-zero host ID counts as unset.
 */
NMNvmeNbftBuilder *nmnvme_nbft_builder_new(const char   *source,
                                           const char   *hostnqn,
                                           const guint8 *hostid,
                                           GPtrArray    *warnings);

/* Adds the records, HFIs first, then discovery records, then SSNS records
 * (each takes @record; a bad one is freed with a warning). The indexes an
 * SSNS or discovery record names must be those of records already added:
 * the others are dropped, with a warning. */
void nmnvme_nbft_builder_add_hfi(NMNvmeNbftBuilder *builder, NMNvmeNbftHfi *record);
void nmnvme_nbft_builder_add_discovery(NMNvmeNbftBuilder *builder, NMNvmeNbftDiscovery *record);
void nmnvme_nbft_builder_add_subsys(NMNvmeNbftBuilder *builder, NMNvmeNbftSubsys *record);

/* (transfer full): the model; frees @builder. */
NMNvmeNbft *nmnvme_nbft_builder_finish(NMNvmeNbftBuilder *builder);

void nmnvme_nbft_builder_free(NMNvmeNbftBuilder *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeNbftBuilder, nmnvme_nbft_builder_free)

G_END_DECLS

#endif /* NMNVME_NBFT_READ_H */
