/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-pdu.h: NVMe/TCP PDU framing on the controller side (NVMe/TCP
 * Transport Specification 1.0, "TCP" below). A parser cuts the host's byte
 * stream into PDUs and checks their headers; builders append the
 * controller's PDUs to a buffer. Pure: no sockets, no state beyond the
 * bytes not yet consumed. No digests are ever negotiated (CPDA 0), so a
 * PDU's data directly follows its header.
 */
#ifndef DCSIM_PDU_H
#define DCSIM_PDU_H

#include <glib.h>

G_BEGIN_DECLS

/* TCP 3.6.1, Figure 20: the common header of every PDU. */
#define DCSIM_PDU_CH_SIZE 8
#define DCSIM_PDU_TYPE    0
#define DCSIM_PDU_FLAGS   1
#define DCSIM_PDU_HLEN    2
#define DCSIM_PDU_PDO     3
#define DCSIM_PDU_PLEN    4

/* TCP 3.6.2, Figure 22: PDU types. */
typedef enum {
    DCSIM_PDU_ICREQ        = 0x00,
    DCSIM_PDU_ICRESP       = 0x01,
    DCSIM_PDU_H2C_TERM_REQ = 0x02,
    DCSIM_PDU_C2H_TERM_REQ = 0x03,
    DCSIM_PDU_CAPSULE_CMD  = 0x04,
    DCSIM_PDU_CAPSULE_RESP = 0x05,
    DCSIM_PDU_H2C_DATA     = 0x06,
    DCSIM_PDU_C2H_DATA     = 0x07,
    DCSIM_PDU_R2T          = 0x09,
} DcsimPduType;

/* TCP 3.6.1, Figure 21: common flags; LAST_PDU and SUCCESS are the data
 * PDUs' (3.6.2.8, 3.6.2.9). */
#define DCSIM_PDU_F_HDGST    0x01
#define DCSIM_PDU_F_DDGST    0x02
#define DCSIM_PDU_F_LAST_PDU 0x04
#define DCSIM_PDU_F_SUCCESS  0x08

/* Header lengths (HLEN) fixed by each PDU's figure in TCP 3.6.2. */
#define DCSIM_PDU_IC_HLEN      128 /* 3.6.2.2/3: ICReq, ICResp */
#define DCSIM_PDU_TERM_HLEN    24  /* 3.6.2.4/5: H2C/C2H Term Req */
#define DCSIM_PDU_CMD_HLEN     72  /* 3.6.2.6: CapsuleCmd = CH + SQE */
#define DCSIM_PDU_RESP_HLEN    24  /* 3.6.2.7: CapsuleResp = CH + CQE */
#define DCSIM_PDU_DATA_HLEN    24  /* 3.6.2.8/9/10: H2CData, C2HData, R2T */
#define DCSIM_PDU_MAX_HLEN     DCSIM_PDU_IC_HLEN
#define DCSIM_PDU_TERM_MAX_HDR 128 /* 3.6.2.5: at most 128 bytes of the bad header */

/* TCP 3.6.2.2, Figure 25: ICReq fields. */
#define DCSIM_ICREQ_PFV    8
#define DCSIM_ICREQ_HPDA   10
#define DCSIM_ICREQ_DGST   11
#define DCSIM_ICREQ_MAXR2T 12
/* TCP 3.6.2.3, Figure 26: ICResp fields. */
#define DCSIM_ICRESP_PFV        8
#define DCSIM_ICRESP_CPDA       10
#define DCSIM_ICRESP_DGST       11
#define DCSIM_ICRESP_MAXH2CDATA 12
/* TCP 3.6.2.4/5, Figures 27-29: termination request fields. */
#define DCSIM_TERM_FES 8
#define DCSIM_TERM_FEI 10
/* TCP 3.6.2.8-10, Figures 32-34: data transfer PDU fields. */
#define DCSIM_DATA_CCCID 8
#define DCSIM_DATA_TTAG  10
#define DCSIM_DATA_OFFS  12
#define DCSIM_DATA_LEN   16

/* TCP 3.6.2.3: MAXH2CDATA is at least 4096 and a multiple of 4 (Linux 6.1
 * refuses anything else). dcsim asks for 128 KiB. */
#define DCSIM_PDU_MAXH2CDATA 131072

/**
 * DcsimPduFes:
 *
 * Fatal Error Status of a termination request (TCP 3.6.2.5, Figure 29).
 * Also the code of a %DCSIM_PDU_ERROR.
 */
typedef enum {
    DCSIM_PDU_FES_INVALID_HEADER = 0x01,
    DCSIM_PDU_FES_SEQUENCE       = 0x02,
    DCSIM_PDU_FES_HDGST          = 0x03,
    DCSIM_PDU_FES_OUT_OF_RANGE   = 0x04,
    DCSIM_PDU_FES_LIMIT_EXCEEDED = 0x05,
    DCSIM_PDU_FES_UNSUPPORTED    = 0x06,
} DcsimPduFes;

#define DCSIM_PDU_ERROR (dcsim_pdu_error_quark())
GQuark dcsim_pdu_error_quark(void);

/**
 * DcsimPduFault:
 * @fes: what was wrong (also the #GError code)
 * @fei: Fatal Error Information: the byte offset of the bad field in the
 *   PDU header
 * @hdr: the start of the header of the PDU in error, for the term request
 * @hdr_len: bytes of @hdr in use
 *
 * Why the connection must be terminated.
 */
typedef struct {
    DcsimPduFes fes;
    guint32     fei;
    guint8      hdr[DCSIM_PDU_TERM_MAX_HDR];
    guint       hdr_len;
} DcsimPduFault;

/**
 * DcsimPdu:
 * @type: the PDU type (one of the host's: ICReq, H2CTermReq, CapsuleCmd,
 *   H2CData)
 * @flags: the common header flags
 * @header: the whole PDU header (@hlen bytes)
 * @hlen: the header length
 * @data: the PDU data, %NULL when there is none
 *
 * One PDU from the host. Clear it with dcsim_pdu_clear().
 */
typedef struct {
    DcsimPduType type;
    guint8       flags;
    guint8       header[DCSIM_PDU_MAX_HLEN];
    guint        hlen;
    GBytes      *data;
} DcsimPdu;

void dcsim_pdu_clear(DcsimPdu *pdu);

typedef struct _DcsimPduParser DcsimPduParser;

/* @max_capsule_data: the most in-capsule data a CapsuleCmd may carry.
 * H2CData PDUs may carry up to %DCSIM_PDU_MAXH2CDATA. */
DcsimPduParser *dcsim_pdu_parser_new(guint32 max_capsule_data);
void            dcsim_pdu_parser_free(DcsimPduParser *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimPduParser, dcsim_pdu_parser_free)

/* Appends received bytes. */
void dcsim_pdu_parser_feed(DcsimPduParser *p, const guint8 *buf, gsize len);

/**
 * dcsim_pdu_parser_next:
 * @p: the parser
 * @out: (out caller-allocates): the next PDU
 * @fault: (out caller-allocates): on error, what to put in the termination
 *   request
 * @error: return location for a #GError (domain %DCSIM_PDU_ERROR)
 *
 * Takes the next complete PDU. Checks the common header: a host PDU type,
 * its fixed HLEN, no digest flags, PLEN within limits, PDO.
 *
 * Returns: %TRUE with @out filled; %FALSE without @error when more bytes are
 *   needed; %FALSE with @error when the stream is broken (the parser must
 *   not be used further).
 */
gboolean dcsim_pdu_parser_next(DcsimPduParser *p,
                               DcsimPdu       *out,
                               DcsimPduFault  *fault,
                               GError        **error);

/**
 * dcsim_pdu_check_icreq:
 * @pdu: an ICReq
 * @out_maxr2t: (out): the host's MAXR2T
 * @fault: (out caller-allocates): on error, the term request's content
 * @error: return location for a #GError
 *
 * Accepts PFV 0, HPDA 0 and no digests only (TCP 3.6.2.2); a digest request
 * is refused with "unsupported parameter".
 */
gboolean dcsim_pdu_check_icreq(const DcsimPdu *pdu,
                               guint32        *out_maxr2t,
                               DcsimPduFault  *fault,
                               GError        **error);

/* Fills @fault for a PDU that is well-formed but out of place or refused. */
void dcsim_pdu_fault_init(DcsimPduFault *fault, DcsimPduFes fes, guint32 fei, const DcsimPdu *pdu);

/* Builders: each appends one controller PDU to @out. */
void dcsim_pdu_build_icresp(GByteArray *out);
void dcsim_pdu_build_capsule_resp(GByteArray *out, const guint8 *cqe);
void dcsim_pdu_build_c2h_data(GByteArray   *out,
                              guint16       cccid,
                              guint32       offset,
                              const guint8 *data,
                              guint32       len,
                              gboolean      last);
void dcsim_pdu_build_r2t(GByteArray *out, guint16 cccid, guint16 ttag, guint32 offset, guint32 len);
void dcsim_pdu_build_c2h_term_req(GByteArray *out, const DcsimPduFault *fault);

/* A PDU type's name, for logs. */
const char *dcsim_pdu_type_name(guint8 type);

G_END_DECLS

#endif /* DCSIM_PDU_H */
