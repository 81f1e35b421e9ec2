/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-entry.h: discovery log page entries, sanitized. A discovery
 * controller is a remote peer: every field of its log page is untrusted.
 * This module turns a raw entry (NMNvmeDiscLogEntryRaw, nmnvme-disc-log.h)
 * into a clean, NUL-terminated copy, or rejects it with a reason that names
 * the field; nothing else in the engine reads raw entries.
 */
#ifndef NMNVME_LOG_ENTRY_H
#define NMNVME_LOG_ENTRY_H

#include <glib.h>

#include "nmnvme-disc-log.h"

G_BEGIN_DECLS

/**
 * NMNvmeLogEntrySubtype:
 * @NMNVME_LOG_ENTRY_REFERRAL: another discovery controller to ask
 *   (%NMNVME_DISC_SUBTYPE_REFERRAL, 1)
 * @NMNVME_LOG_ENTRY_NVME: an NVM subsystem, i.e. an I/O controller to
 *   connect (%NMNVME_DISC_SUBTYPE_NVME, 2)
 * @NMNVME_LOG_ENTRY_CURRENT_DISCOVERY: the discovery controller that
 *   returned the log (%NMNVME_DISC_SUBTYPE_CURRENT, 3)
 */
typedef enum {
    NMNVME_LOG_ENTRY_REFERRAL,
    NMNVME_LOG_ENTRY_NVME,
    NMNVME_LOG_ENTRY_CURRENT_DISCOVERY,
} NMNvmeLogEntrySubtype;

/**
 * NMNvmeLogEntry:
 * @transport: the kernel's name of the transport: "tcp", "rdma", "fc" or
 *   "loop" (static)
 * @trtype, @adrfam, @treq: the raw byte fields (TREQ bits 1:0: secure
 *   channel requirement, nmnvme-tls.h)
 * @sectype: for tcp, the TSAS SECTYPE (none, TLS 1.2, TLS 1.3); 0 for
 *   other transports
 * @subtype: what the entry describes
 * @portid, @cntlid, @asqsz, @eflags: in host byte order
 * @traddr: the transport address, never empty; for tcp and rdma an IP
 *   address literal of the family @adrfam says
 * @trsvcid: (nullable): the port, a number 1..65535 for tcp and rdma;
 *   %NULL when empty (allowed for fc and loop only)
 * @subnqn: a valid NQN (nmnvme_nqn_validate())
 *
 * Strings are the raw field up to its first NUL (all of it when it has
 * none), trailing spaces removed, and contain only printable ASCII other
 * than space. Reference-counted (atomically: the log's entries are shared
 * by the threads that build API pages and read the next log) and
 * read-only.
 */
typedef struct {
    const char           *transport;
    guint8                trtype;
    guint8                adrfam;
    NMNvmeLogEntrySubtype subtype;
    guint8                treq;
    guint8                sectype;
    guint16               portid;
    guint16               cntlid;
    guint16               asqsz;
    guint16               eflags;
    char                 *traddr;
    char                 *trsvcid;
    char                 *subnqn;
} NMNvmeLogEntry;

/**
 * nmnvme_log_entry_new:
 * @raw: one entry of a discovery log page, as the controller sent it
 * @error: return location for a #GError
 *
 * Rejects an entry whose trtype is not tcp, rdma, fc or loop; whose subtype
 * is not referral, nvme subsystem or current discovery subsystem; whose
 * traddr is empty, `0.0.0.0` or `::`, or for tcp and rdma not a unicast IP
 * address literal of the family adrfam names; whose trsvcid, for tcp and
 * rdma, is not a port number 1..65535; whose subnqn is not a valid NQN, or
 * is the well-known discovery NQN on an nvme subsystem entry; or with a
 * non-printable byte or a space in traddr or trsvcid.
 *
 * Returns: (transfer full): the sanitized entry, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) naming the field and saying why. The
 *   message never quotes a field that has non-printable bytes.
 */
NMNvmeLogEntry *nmnvme_log_entry_new(const NMNvmeDiscLogEntryRaw *raw, GError **error);

NMNvmeLogEntry *nmnvme_log_entry_ref(NMNvmeLogEntry *entry);

void nmnvme_log_entry_unref(NMNvmeLogEntry *entry);

/* Whether the subsystem says it has no connectivity to the CDC (TP8010
 * "NCC", %NMNVME_DISC_EFLAGS_NCC): connects may be given up on, see
 * nmnvme-backoff.h. */
gboolean nmnvme_log_entry_ncc(const NMNvmeLogEntry *entry);

/* Whether the entry supports explicit persistent connections for discovery
 * ("EPCSD", %NMNVME_DISC_EFLAGS_EPCSD). */
gboolean nmnvme_log_entry_epcsd(const NMNvmeLogEntry *entry);

/**
 * nmnvme_log_entries_from_log:
 * @log: a discovery log page as the controller sent it; the caller
 *   guarantees that the le64 `numrec` records follow the header
 * @previous: (nullable) (element-type NMNvmeLogEntry): the entries this
 *   function made of the same controller's last log, if any; only read
 *   (another thread may read them at the same time)
 * @rejected_messages: (nullable) (element-type utf8): when given, one
 *   message `entry N: REASON` is appended for each rejected entry (N counts
 *   from 0); the strings are newly allocated, so give an array that frees
 *   them (g_ptr_array_new_with_free_func(g_free))
 *
 * Sanitizes every entry with nmnvme_log_entry_new() and skips bad ones. A
 * record that makes the same entry as the one at its place in @previous
 * (the same number of good entries before it; every field the entry is
 * made of equal, compared in place) is not sanitized again: that entry is
 * shared (issue 18: most of a change of a 10 000-entry log is the entries
 * it did not change). Records that moved are sanitized again.
 *
 * Returns: (transfer full) (element-type NMNvmeLogEntry): the good entries
 *   in log order, with nmnvme_log_entry_unref() as the free function.
 */
GPtrArray *nmnvme_log_entries_from_log(const NMNvmeDiscLogRaw *log,
                                       GPtrArray              *previous,
                                       GPtrArray              *rejected_messages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeLogEntry, nmnvme_log_entry_unref)

G_END_DECLS

#endif /* NMNVME_LOG_ENTRY_H */
