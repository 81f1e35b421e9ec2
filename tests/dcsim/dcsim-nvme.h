/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-nvme.h: the NVMe wire vocabulary shared by the simulator's modules:
 * little-endian field access, the submission and completion queue entry
 * layouts, opcodes, status codes and fixed-size string fields. Pure.
 *
 * References: "Base" = NVM Express Base Specification 2.0; "Fabrics" = NVMe
 * over Fabrics 1.1 (its content is in Base 2.0, chapter 6); "TP8010" = the
 * ratified Technical Proposal for centralized discovery controllers.
 */
#ifndef DCSIM_NVME_H
#define DCSIM_NVME_H

#include <glib.h>

G_BEGIN_DECLS

/* Base 2.0, 4.2, Figure 88: Common Command Format (64 bytes). */
#define DCSIM_SQE_SIZE   64
#define DCSIM_SQE_OPCODE 0
#define DCSIM_SQE_CID    2
#define DCSIM_SQE_NSID   4
/* Base 2.0, 6.1, Figure 525: a Fabrics command's type is byte 4. */
#define DCSIM_SQE_FCTYPE 4
#define DCSIM_SQE_DPTR   24
#define DCSIM_SQE_CDW(n) (40 + 4 * ((n) -10))

/* Base 2.0, 4.3.2, Figure 112: SGL descriptor in DPTR; length at byte 8,
 * SGL identifier (type << 4 | subtype) at byte 15. */
#define DCSIM_SGL_ADDRESS (DCSIM_SQE_DPTR + 0)
#define DCSIM_SGL_LENGTH  (DCSIM_SQE_DPTR + 8)
#define DCSIM_SGL_ID      (DCSIM_SQE_DPTR + 15)
/* NVMe/TCP 1.0, 3.5.2 (Figure 12): in-capsule data is a Data Block
 * descriptor (0h) with the Offset subtype (1h); data that the host transfers
 * with H2CData/C2HData is a Transport SGL Data Block (5h), subtype Ah. */
#define DCSIM_SGL_ID_INCAPSULE 0x01
#define DCSIM_SGL_ID_TRANSPORT 0x5a

/* Base 2.0, 4.6, Figure 92: Common Completion Queue Entry (16 bytes). */
#define DCSIM_CQE_SIZE   16
#define DCSIM_CQE_DW0    0
#define DCSIM_CQE_DW1    4
#define DCSIM_CQE_SQHD   8
#define DCSIM_CQE_SQID   10
#define DCSIM_CQE_CID    12
#define DCSIM_CQE_STATUS 14

/* Base 2.0, 5 (Figure 138): admin opcodes a discovery controller serves. */
typedef enum {
    DCSIM_OPC_GET_LOG_PAGE = 0x02,
    DCSIM_OPC_IDENTIFY     = 0x06,
    DCSIM_OPC_SET_FEATURES = 0x09,
    DCSIM_OPC_GET_FEATURES = 0x0a,
    DCSIM_OPC_ASYNC_EVENT  = 0x0c,
    DCSIM_OPC_KEEP_ALIVE   = 0x18,
    DCSIM_OPC_DIM          = 0x21, /* TP8010, Discovery Information Management */
    DCSIM_OPC_FABRICS      = 0x7f, /* Base 2.0, 6.1 */
} DcsimOpcode;

/* Base 2.0, 6.1, Figure 526: Fabrics command types. */
typedef enum {
    DCSIM_FCTYPE_PROPERTY_SET = 0x00,
    DCSIM_FCTYPE_CONNECT      = 0x01,
    DCSIM_FCTYPE_PROPERTY_GET = 0x04,
} DcsimFctype;

/* Status as (SCT << 8 | SC), the kernel's convention (Base 2.0, 4.6.1). */
typedef enum {
    DCSIM_SC_SUCCESS          = 0x000,
    DCSIM_SC_INVALID_OPCODE   = 0x001, /* Base 2.0, Figure 100 */
    DCSIM_SC_INVALID_FIELD    = 0x002,
    DCSIM_SC_CMD_SEQ_ERROR    = 0x00c,
    DCSIM_SC_SGL_LENGTH       = 0x00f, /* Data SGL Length Invalid */
    DCSIM_SC_AER_LIMIT        = 0x105, /* Figure 101: Async Event Request Limit Exceeded */
    DCSIM_SC_INVALID_LOG_PAGE = 0x109,
    DCSIM_SC_CONNECT_INVALID  = 0x182, /* Base 2.0, 6.3, Connect Invalid Parameters */
} DcsimStatus;

/* Base 2.0, 3.1.4, Figure 35: property offsets of a fabrics controller. */
#define DCSIM_PROP_CAP  0x00
#define DCSIM_PROP_VS   0x08
#define DCSIM_PROP_CC   0x14
#define DCSIM_PROP_CSTS 0x1c

/* Base 2.0, 5.27.1, Figure 306: feature identifiers. */
#define DCSIM_FID_ASYNC_EVENT 0x0b
#define DCSIM_FID_KATO        0x0f

/* Base 2.0, 5.16.1, Figure 202: log page identifiers. */
#define DCSIM_LID_SUPPORTED_LOGS 0x00
#define DCSIM_LID_DISCOVERY      0x70

/* NVMe-oF 1.1, 7.1: the well-known discovery subsystem NQN. */
#define DCSIM_DISCOVERY_NQN "nqn.2014-08.org.nvmexpress.discovery"

static inline guint16
dcsim_get16(const guint8 *p)
{
    return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
dcsim_get32(const guint8 *p)
{
    return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint64
dcsim_get64(const guint8 *p)
{
    return (guint64) dcsim_get32(p) | ((guint64) dcsim_get32(p + 4) << 32);
}

static inline void
dcsim_put16(guint8 *p, guint16 v)
{
    p[0] = v & 0xff;
    p[1] = v >> 8;
}

static inline void
dcsim_put32(guint8 *p, guint32 v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (v >> (8 * i)) & 0xff;
}

static inline void
dcsim_put64(guint8 *p, guint64 v)
{
    dcsim_put32(p, (guint32) v);
    dcsim_put32(p + 4, (guint32) (v >> 32));
}

/**
 * dcsim_nvme_put_string:
 * @field: the fixed-size field
 * @size: its size
 * @value: the bytes to store (UTF-8 from JSON or options; any byte but NUL)
 * @pad: the filler after @value: '\0' for NQNs and addresses, ' ' for the
 *   ASCII fields of Identify (Base 2.0, 1.5: "padded with spaces")
 *
 * Returns: %FALSE when @value was longer than @size and was cut (the field
 *   then has no terminator, which is legal for fixed-size fields).
 */
gboolean dcsim_nvme_put_string(guint8 *field, gsize size, const char *value, char pad);

/* A fixed-size field as a printable string for logs and events: up to the
 * first NUL, trailing spaces cut, invalid UTF-8 replaced. */
char *dcsim_nvme_get_string(const guint8 *field, gsize size);

/* 16 bytes (a host ID) as a UUID string. */
char *dcsim_nvme_uuid_string(const guint8 *bytes);

/* Fills @cqe for command @cid with @status; @dnr sets Do Not Retry. */
void dcsim_nvme_cqe_init(guint8     *cqe,
                         guint16     cid,
                         DcsimStatus status,
                         gboolean    dnr,
                         guint64     result);

/* TRUE when the command of @sqe moves data from host to controller: bits 1:0
 * of the opcode, or of the fctype for Fabrics commands (Base 2.0, 5 and 6.1:
 * 01b host to controller). */
gboolean dcsim_nvme_sqe_is_h2c(const guint8 *sqe);

G_END_DECLS

#endif /* DCSIM_NVME_H */
