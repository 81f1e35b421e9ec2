/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-log.h: the discovery log page served by the simulator (Base 2.0,
 * 5.16.1.23, "Discovery Log Page"): records built from the JSON entries file
 * or synthesized, kept in their 1024-byte wire format; the generation
 * counter; reads of any byte range. Pure: the caller decides when the log
 * changes.
 *
 * Entries file: a JSON array of objects; see README.md. Every value the file
 * can express is stored as given, including hostile ones (empty or
 * non-printable strings, unknown codes); strings longer than their field
 * are cut to the field, without terminator.
 */
#ifndef DCSIM_LOG_H
#define DCSIM_LOG_H

#include <glib.h>

G_BEGIN_DECLS

/* Base 2.0, Figure 262: Discovery Log Page header. */
#define DCSIM_LOG_HEADER_SIZE 1024
#define DCSIM_LOG_GENCTR      0
#define DCSIM_LOG_NUMREC      8
#define DCSIM_LOG_RECFMT      16

/* Base 2.0, Figure 263: Discovery Log Page Entry. */
#define DCSIM_LOG_ENTRY_SIZE   1024
#define DCSIM_LOG_E_TRTYPE     0
#define DCSIM_LOG_E_ADRFAM     1
#define DCSIM_LOG_E_SUBTYPE    2
#define DCSIM_LOG_E_TREQ       3
#define DCSIM_LOG_E_PORTID     4
#define DCSIM_LOG_E_CNTLID     6
#define DCSIM_LOG_E_ASQSZ      8
#define DCSIM_LOG_E_EFLAGS     10
#define DCSIM_LOG_E_TRSVCID    32
#define DCSIM_LOG_E_SUBNQN     256
#define DCSIM_LOG_E_TRADDR     512
#define DCSIM_LOG_E_TSAS       768
#define DCSIM_LOG_TRSVCID_SIZE 32
#define DCSIM_LOG_NQN_SIZE     256
#define DCSIM_LOG_TRADDR_SIZE  256
#define DCSIM_LOG_TSAS_SIZE    256

/* Base 2.0, Figure 263 SUBTYPE: referral, NVM subsystem, current DC. */
#define DCSIM_SUBTYPE_REFERRAL 1
#define DCSIM_SUBTYPE_NVME     2
#define DCSIM_SUBTYPE_CURRENT  3

/**
 * dcsim_log_records_from_json:
 * @json: the entries file's content
 * @len: its length, or -1 if NUL-terminated
 * @error: return location for a #GError; the message names the entry index
 *   and the field
 *
 * Returns: (transfer full): the records, %DCSIM_LOG_ENTRY_SIZE bytes each.
 */
GByteArray *dcsim_log_records_from_json(const char *json, gssize len, GError **error);

/* Same, from a file. */
GByteArray *dcsim_log_records_from_file(const char *path, GError **error);

/* The most entries a log may have (100 MiB of records; the lab's scale
 * tests use 10 000). */
#define DCSIM_LOG_MAX_ENTRIES 100000

/* The service id of synthesized entries: not the NVMe/TCP I/O port, so a
 * test can exclude them all (`nvme.exclude=trsvcid=4430`). */
#define DCSIM_LOG_GENERATED_TRSVCID "4430"

/* Appends @n synthesized NVM subsystem entries over TCP/IPv4, each with a
 * distinct subnqn and traddr (10.x.y.z), port DCSIM_LOG_GENERATED_TRSVCID;
 * the log then has at most DCSIM_LOG_MAX_ENTRIES (checked by the caller). */
void dcsim_log_records_generate(GByteArray *records, guint n);

typedef struct _DcsimLog DcsimLog;

/* A log with @records (taken; NULL for none), generation counter 0. */
DcsimLog *dcsim_log_new(GByteArray *records);
void      dcsim_log_free(DcsimLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimLog, dcsim_log_free)

/* Replaces the records (taken) and moves the generation counter. */
void dcsim_log_replace(DcsimLog *log, GByteArray *records);

/* Moves the generation counter (Base 2.0, Figure 262: +1, FFFF...FFh
 * rolls over to 0). */
void dcsim_log_bump(DcsimLog *log);

guint64 dcsim_log_genctr(const DcsimLog *log);
guint64 dcsim_log_numrec(const DcsimLog *log);

/* The log page's size: header plus records. */
guint64 dcsim_log_size(const DcsimLog *log);

/**
 * dcsim_log_read:
 * @log: the log
 * @offset: byte offset into the log page (any, even mid-field)
 * @buf: where to copy
 * @len: bytes wanted
 *
 * Copies the log page's bytes [@offset, @offset + @len); bytes past the end
 * of the page read as zero.
 */
void dcsim_log_read(const DcsimLog *log, guint64 offset, guint8 *buf, gsize len);

G_END_DECLS

#endif /* DCSIM_LOG_H */
