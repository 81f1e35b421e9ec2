/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-disc-log.h: the discovery log page (Log Identifier 70h) as it comes
 * off the wire, laid out from the specifications, not from libnvme: NVMe
 * over Fabrics 1.1, 5.3 (Figures 38 and 39), with EFLAGS from TP8013 and
 * the PLEO/PLEOS bits from TP8010. All multi-byte fields are little endian;
 * string fields are fixed size, ASCII, padded with spaces or NULs and not
 * necessarily terminated. Nothing here validates: nmnvme-log-entry.h does.
 *
 * The project's own definition, so that only the libnvme adapter
 * (nmnvme-libnvme.c) includes libnvme; that file checks at compile time
 * that libnvme's `struct nvmf_disc_log_entry` has the same layout.
 */
#ifndef NMNVME_DISC_LOG_H
#define NMNVME_DISC_LOG_H

#include <glib.h>
#include <stddef.h>

G_BEGIN_DECLS

/* Log Identifier of the discovery log page. */
#define NMNVME_DISC_LOG_LID 0x70

#define NMNVME_DISC_LOG_HEADER_SIZE 1024
#define NMNVME_DISC_LOG_ENTRY_SIZE  1024

#define NMNVME_DISC_TRSVCID_SIZE 32
#define NMNVME_DISC_SUBNQN_SIZE  256
#define NMNVME_DISC_TRADDR_SIZE  256
#define NMNVME_DISC_TSAS_SIZE    256

/* TRTYPE: transport type (NVMe over Fabrics 1.1, Figure 38). */
enum {
    NMNVME_TRTYPE_RDMA = 1,
    NMNVME_TRTYPE_FC   = 2,
    NMNVME_TRTYPE_TCP  = 3,
    NMNVME_TRTYPE_LOOP = 254, /* intra-host */
};

/* ADRFAM: address family of TRADDR. */
enum {
    NMNVME_ADRFAM_PCI  = 0,
    NMNVME_ADRFAM_IP4  = 1,
    NMNVME_ADRFAM_IP6  = 2,
    NMNVME_ADRFAM_IB   = 3,
    NMNVME_ADRFAM_FC   = 4,
    NMNVME_ADRFAM_LOOP = 254, /* intra-host */
};

/* SUBTYPE: what the entry describes. */
enum {
    NMNVME_DISC_SUBTYPE_REFERRAL = 1, /* another discovery subsystem */
    NMNVME_DISC_SUBTYPE_NVME     = 2, /* an NVM subsystem */
    NMNVME_DISC_SUBTYPE_CURRENT  = 3, /* the discovery subsystem that answered */
};

/* EFLAGS (TP8013, TP8010). */
enum {
    NMNVME_DISC_EFLAGS_DUPRETINFO = 1 << 0, /* duplicate returned information */
    NMNVME_DISC_EFLAGS_EPCSD      = 1 << 1, /* explicit persistent connection support */
    NMNVME_DISC_EFLAGS_NCC        = 1 << 2, /* no CDC connectivity */
};

/* Get Log Page LSP bit and Supported Log Pages LIDSP bit (TP8010): port
 * local entries only (PLEO), and whether the controller supports it. */
#define NMNVME_DISC_LSP_PLEO    (1 << 1)
#define NMNVME_DISC_LIDSP_PLEOS (1 << 1)

/**
 * NMNvmeDiscLogEntryRaw:
 *
 * One discovery log page entry, 1024 bytes. Byte offsets are in the
 * comments and checked below.
 */
typedef struct __attribute__((packed)) {
    guint8  trtype;                            /* 0 */
    guint8  adrfam;                            /* 1 */
    guint8  subtype;                           /* 2 */
    guint8  treq;                              /* 3 */
    guint16 portid;                            /* 4, le16 */
    guint16 cntlid;                            /* 6, le16 */
    guint16 asqsz;                             /* 8, le16 */
    guint16 eflags;                            /* 10, le16 */
    guint8  rsvd12[20];                        /* 12 */
    char    trsvcid[NMNVME_DISC_TRSVCID_SIZE]; /* 32 */
    guint8  rsvd64[192];                       /* 64 */
    char    subnqn[NMNVME_DISC_SUBNQN_SIZE];   /* 256 */
    char    traddr[NMNVME_DISC_TRADDR_SIZE];   /* 512 */
    guint8  tsas[NMNVME_DISC_TSAS_SIZE];       /* 768 */
} NMNvmeDiscLogEntryRaw;

/**
 * NMNvmeDiscLogRaw:
 *
 * The log page: a 1024-byte header, then `numrec` entries.
 */
typedef struct __attribute__((packed)) {
    guint64               genctr;       /* 0, le64: generation counter */
    guint64               numrec;       /* 8, le64: number of records */
    guint16               recfmt;       /* 16, le16: record format, 0 */
    guint8                rsvd18[1006]; /* 18 */
    NMNvmeDiscLogEntryRaw entries[];    /* 1024 */
} NMNvmeDiscLogRaw;

G_STATIC_ASSERT(sizeof(NMNvmeDiscLogEntryRaw) == NMNVME_DISC_LOG_ENTRY_SIZE);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, portid) == 4);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, eflags) == 10);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, trsvcid) == 32);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, subnqn) == 256);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, traddr) == 512);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogEntryRaw, tsas) == 768);
G_STATIC_ASSERT(sizeof(NMNvmeDiscLogRaw) == NMNVME_DISC_LOG_HEADER_SIZE);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, numrec) == 8);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, recfmt) == 16);
G_STATIC_ASSERT(offsetof(NMNvmeDiscLogRaw, entries) == NMNVME_DISC_LOG_HEADER_SIZE);

G_END_DECLS

#endif /* NMNVME_DISC_LOG_H */
