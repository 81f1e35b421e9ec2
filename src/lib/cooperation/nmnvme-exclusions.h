/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-exclusions.h: the administrator's host-wide exclusion list,
 * /etc/nvme/exclusions.conf and /etc/nvme/exclusions.conf.d/\*.conf (nvme-cli
 * 3, libnvme3): controllers no orchestrator may connect. Private to src/lib.
 *
 * Format: INI; entries count only inside an `[exclusions]` section, one per
 * line, `exclusion = key=value;key=value…`; `#` starts a comment line.
 * Keys, spelled as `nvme connect`'s options: transport, traddr, trsvcid,
 * nqn, host-traddr, host-iface, hostnqn, hostid.
 *
 * Matching (nmnvme_exclusions_match()): a connection is excluded when it
 * matches any entry of any file. Only the keys present in an entry are
 * compared; a key present in the entry whose field the connection lacks
 * does not match; an entry with an unknown key, a key without value or no
 * key at all never matches (and is reported as a problem with its file and
 * line); traddr and host-traddr compare as IP addresses when both parse as
 * such (IPv6 spellings, brackets and zones), case-insensitively otherwise
 * (FC); transport and hostid case-insensitively; trsvcid as numbers; the
 * rest exactly. An unreadable file excludes nothing (fail-open; reported).
 *
 * nmnvme_exclusions_load() blocks on reading those few small files in /etc:
 * the engine calls it at start and when a file monitor says they changed.
 * The rest is pure.
 */
#ifndef NMNVME_EXCLUSIONS_H
#define NMNVME_EXCLUSIONS_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_EXCLUSIONS_FILE   "/etc/nvme/exclusions.conf"
#define NMNVME_EXCLUSIONS_DROPIN "/etc/nvme/exclusions.conf.d"

/**
 * NMNvmeExclusionTarget:
 *
 * The fields of a connection about to be made; %NULL: the connection has
 * no value for that field (an entry naming it does not match).
 */
typedef struct {
    const char *transport;
    const char *traddr;
    const char *trsvcid;
    const char *nqn;
    const char *host_traddr;
    const char *host_iface;
    const char *hostnqn;
    const char *hostid;
} NMNvmeExclusionTarget;

typedef struct _NMNvmeExclusions NMNvmeExclusions;

/**
 * nmnvme_exclusions_load:
 * @main_file: NMNVME_EXCLUSIONS_FILE
 * @dropin_dir: NMNVME_EXCLUSIONS_DROPIN; its `*.conf` files are read in
 *   name order after @main_file
 * @problems: (element-type utf8) (nullable): gets one message per problem:
 *   an unreadable file ("FILE: cannot be read (...): it excludes nothing"),
 *   a line that is no entry or an entry that never matches ("FILE:LINE:
 *   ..."). A missing file or folder is no problem.
 *
 * Returns: (transfer full): the valid entries; never %NULL.
 */
NMNvmeExclusions *
nmnvme_exclusions_load(const char *main_file, const char *dropin_dir, GPtrArray *problems);

/* (transfer full): no entries. */
NMNvmeExclusions *nmnvme_exclusions_new_empty(void);

void nmnvme_exclusions_free(NMNvmeExclusions *exclusions);

/* How many valid entries. */
guint nmnvme_exclusions_count(const NMNvmeExclusions *exclusions);

/**
 * nmnvme_exclusions_match:
 * @exclusions: (nullable): the list; %NULL excludes nothing
 *
 * Returns: (nullable): "FILE:LINE" of the first entry that matches
 *   @target, or %NULL; owned by @exclusions.
 */
const char *nmnvme_exclusions_match(const NMNvmeExclusions      *exclusions,
                                    const NMNvmeExclusionTarget *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeExclusions, nmnvme_exclusions_free)

G_END_DECLS

#endif /* NMNVME_EXCLUSIONS_H */
