/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-pdu.c: NVMe/TCP PDU parser and builders.
 */
#include "config.h"

#include "dcsim-pdu.h"

#include <string.h>

#include "dcsim-nvme.h"

G_DEFINE_QUARK(dcsim - pdu - error - quark, dcsim_pdu_error)

struct _DcsimPduParser {
    GByteArray *buf;
    guint32     max_capsule_data;
};

void
dcsim_pdu_clear(DcsimPdu *pdu)
{
    g_clear_pointer(&pdu->data, g_bytes_unref);
}

DcsimPduParser *
dcsim_pdu_parser_new(guint32 max_capsule_data)
{
    DcsimPduParser *p = g_new0(DcsimPduParser, 1);

    p->buf              = g_byte_array_new();
    p->max_capsule_data = max_capsule_data;
    return p;
}

void
dcsim_pdu_parser_free(DcsimPduParser *p)
{
    if (!p)
        return;
    g_byte_array_unref(p->buf);
    g_free(p);
}

void
dcsim_pdu_parser_feed(DcsimPduParser *p, const guint8 *buf, gsize len)
{
    g_byte_array_append(p->buf, buf, (guint) len);
}

const char *
dcsim_pdu_type_name(guint8 type)
{
    switch (type) {
    case DCSIM_PDU_ICREQ:
        return "ICReq";
    case DCSIM_PDU_ICRESP:
        return "ICResp";
    case DCSIM_PDU_H2C_TERM_REQ:
        return "H2CTermReq";
    case DCSIM_PDU_C2H_TERM_REQ:
        return "C2HTermReq";
    case DCSIM_PDU_CAPSULE_CMD:
        return "CapsuleCmd";
    case DCSIM_PDU_CAPSULE_RESP:
        return "CapsuleResp";
    case DCSIM_PDU_H2C_DATA:
        return "H2CData";
    case DCSIM_PDU_C2H_DATA:
        return "C2HData";
    case DCSIM_PDU_R2T:
        return "R2T";
    default:
        return "unknown";
    }
}

static void
fault_from_bytes(DcsimPduFault *fault, DcsimPduFes fes, guint32 fei, const guint8 *hdr, gsize len)
{
    fault->fes     = fes;
    fault->fei     = fei;
    fault->hdr_len = (guint) MIN(len, sizeof(fault->hdr));
    memcpy(fault->hdr, hdr, fault->hdr_len);
}

void
dcsim_pdu_fault_init(DcsimPduFault *fault, DcsimPduFes fes, guint32 fei, const DcsimPdu *pdu)
{
    fault_from_bytes(fault, fes, fei, pdu->header, pdu->hlen);
}

/* The fixed HLEN of a host PDU type; 0 for a type the host may not send. */
static guint
host_pdu_hlen(guint8 type)
{
    switch (type) {
    case DCSIM_PDU_ICREQ:
        return DCSIM_PDU_IC_HLEN;
    case DCSIM_PDU_H2C_TERM_REQ:
        return DCSIM_PDU_TERM_HLEN;
    case DCSIM_PDU_CAPSULE_CMD:
        return DCSIM_PDU_CMD_HLEN;
    case DCSIM_PDU_H2C_DATA:
        return DCSIM_PDU_DATA_HLEN;
    default:
        return 0;
    }
}

/* The most data a host PDU type may carry after its header. */
static guint32
host_pdu_max_data(const DcsimPduParser *p, guint8 type)
{
    switch (type) {
    case DCSIM_PDU_CAPSULE_CMD:
        return p->max_capsule_data;
    case DCSIM_PDU_H2C_DATA:
        return DCSIM_PDU_MAXH2CDATA;
    case DCSIM_PDU_H2C_TERM_REQ:
        return 152 - DCSIM_PDU_TERM_HLEN; /* TCP 3.6.2.4: PLEN at most 152 */
    default:
        return 0;
    }
}

static gboolean
fail(DcsimPduFault *fault,
     GError       **error,
     DcsimPduFes    fes,
     guint32        fei,
     const guint8  *ch,
     const char    *what)
{
    fault_from_bytes(fault, fes, fei, ch, DCSIM_PDU_CH_SIZE);
    g_set_error(error,
                DCSIM_PDU_ERROR,
                fes,
                "bad PDU header (type 0x%02x %s): %s",
                ch[DCSIM_PDU_TYPE],
                dcsim_pdu_type_name(ch[DCSIM_PDU_TYPE]),
                what);
    return FALSE;
}

/* Checks the common header @ch; on success *out_plen is the PDU length. */
static gboolean
check_common_header(const DcsimPduParser *p,
                    const guint8         *ch,
                    guint32              *out_plen,
                    DcsimPduFault        *fault,
                    GError              **error)
{
    guint   hlen = host_pdu_hlen(ch[DCSIM_PDU_TYPE]);
    guint32 plen = dcsim_get32(ch + DCSIM_PDU_PLEN);
    guint   pdo  = ch[DCSIM_PDU_PDO];

    if (hlen == 0)
        return fail(fault,
                    error,
                    DCSIM_PDU_FES_INVALID_HEADER,
                    DCSIM_PDU_TYPE,
                    ch,
                    "not a host PDU");
    if (ch[DCSIM_PDU_HLEN] != hlen)
        return fail(fault, error, DCSIM_PDU_FES_INVALID_HEADER, DCSIM_PDU_HLEN, ch, "wrong HLEN");
    if (ch[DCSIM_PDU_FLAGS] & (DCSIM_PDU_F_HDGST | DCSIM_PDU_F_DDGST))
        return fail(fault,
                    error,
                    DCSIM_PDU_FES_INVALID_HEADER,
                    DCSIM_PDU_FLAGS,
                    ch,
                    "digest flag set but no digest was negotiated");
    if (plen < hlen || plen - hlen > host_pdu_max_data(p, ch[DCSIM_PDU_TYPE]))
        return fail(fault, error, DCSIM_PDU_FES_INVALID_HEADER, DCSIM_PDU_PLEN, ch, "bad PLEN");
    /* TCP 3.6.1: with data, PDO is at least HLEN (CPDA 0, no header digest);
     * bytes between the header and PDO are padding. */
    if (plen > hlen && (pdo < hlen || pdo > plen))
        return fail(fault, error, DCSIM_PDU_FES_INVALID_HEADER, DCSIM_PDU_PDO, ch, "bad PDO");
    *out_plen = plen;
    return TRUE;
}

gboolean
dcsim_pdu_parser_next(DcsimPduParser *p, DcsimPdu *out, DcsimPduFault *fault, GError **error)
{
    const guint8 *ch   = p->buf->data;
    guint32       plen = 0;
    guint         pdo;

    g_return_val_if_fail(!error || !*error, FALSE);

    if (p->buf->len < DCSIM_PDU_CH_SIZE)
        return FALSE;
    if (!check_common_header(p, ch, &plen, fault, error))
        return FALSE;
    if (p->buf->len < plen)
        return FALSE;

    memset(out, 0, sizeof(*out));
    out->type  = ch[DCSIM_PDU_TYPE];
    out->flags = ch[DCSIM_PDU_FLAGS];
    out->hlen  = ch[DCSIM_PDU_HLEN];
    memcpy(out->header, ch, out->hlen);
    pdo = ch[DCSIM_PDU_PDO];
    if (plen > out->hlen)
        out->data = g_bytes_new(ch + pdo, plen - pdo);
    g_byte_array_remove_range(p->buf, 0, plen);
    return TRUE;
}

gboolean
dcsim_pdu_check_icreq(const DcsimPdu *pdu,
                      guint32        *out_maxr2t,
                      DcsimPduFault  *fault,
                      GError        **error)
{
    const guint8 *h = pdu->header;
    guint8        dgst;

    if (dcsim_get16(h + DCSIM_ICREQ_PFV) != 0) {
        dcsim_pdu_fault_init(fault, DCSIM_PDU_FES_UNSUPPORTED, DCSIM_ICREQ_PFV, pdu);
        g_set_error(error,
                    DCSIM_PDU_ERROR,
                    DCSIM_PDU_FES_UNSUPPORTED,
                    "ICReq: PDU format version %u, only 0 is supported",
                    dcsim_get16(h + DCSIM_ICREQ_PFV));
        return FALSE;
    }
    if (h[DCSIM_ICREQ_HPDA] != 0) {
        dcsim_pdu_fault_init(fault, DCSIM_PDU_FES_UNSUPPORTED, DCSIM_ICREQ_HPDA, pdu);
        g_set_error(error,
                    DCSIM_PDU_ERROR,
                    DCSIM_PDU_FES_UNSUPPORTED,
                    "ICReq: host PDU data alignment %u, only 0 is supported",
                    h[DCSIM_ICREQ_HPDA]);
        return FALSE;
    }
    dgst = h[DCSIM_ICREQ_DGST];
    if (dgst != 0) {
        dcsim_pdu_fault_init(fault, DCSIM_PDU_FES_UNSUPPORTED, DCSIM_ICREQ_DGST, pdu);
        g_set_error(error,
                    DCSIM_PDU_ERROR,
                    DCSIM_PDU_FES_UNSUPPORTED,
                    "ICReq asks for%s%s; dcsim supports no digests",
                    (dgst & 0x1) ? " header digest" : "",
                    (dgst & 0x2) ? " data digest" : "");
        return FALSE;
    }
    *out_maxr2t = dcsim_get32(h + DCSIM_ICREQ_MAXR2T);
    return TRUE;
}

/* Appends a zeroed header of @hlen bytes with the common header filled in;
 * returns its start. */
static guint8 *
append_header(GByteArray *out, DcsimPduType type, guint8 flags, guint hlen, guint32 data_len)
{
    guint   start = out->len;
    guint8 *h;

    g_byte_array_set_size(out, start + hlen);
    h = out->data + start;
    memset(h, 0, hlen);
    h[DCSIM_PDU_TYPE]  = type;
    h[DCSIM_PDU_FLAGS] = flags;
    h[DCSIM_PDU_HLEN]  = (guint8) hlen;
    h[DCSIM_PDU_PDO]   = data_len ? (guint8) hlen : 0;
    dcsim_put32(h + DCSIM_PDU_PLEN, hlen + data_len);
    return h;
}

void
dcsim_pdu_build_icresp(GByteArray *out)
{
    guint8 *h = append_header(out, DCSIM_PDU_ICRESP, 0, DCSIM_PDU_IC_HLEN, 0);

    /* PFV 0, CPDA 0, no digests. */
    dcsim_put32(h + DCSIM_ICRESP_MAXH2CDATA, DCSIM_PDU_MAXH2CDATA);
}

void
dcsim_pdu_build_capsule_resp(GByteArray *out, const guint8 *cqe)
{
    guint8 *h = append_header(out, DCSIM_PDU_CAPSULE_RESP, 0, DCSIM_PDU_RESP_HLEN, 0);

    memcpy(h + DCSIM_PDU_CH_SIZE, cqe, DCSIM_CQE_SIZE);
}

void
dcsim_pdu_build_c2h_data(GByteArray   *out,
                         guint16       cccid,
                         guint32       offset,
                         const guint8 *data,
                         guint32       len,
                         gboolean      last)
{
    /* SUCCESS is never set: every command gets a CapsuleResp (TCP 3.6.2.9). */
    guint8 *h = append_header(out,
                              DCSIM_PDU_C2H_DATA,
                              last ? DCSIM_PDU_F_LAST_PDU : 0,
                              DCSIM_PDU_DATA_HLEN,
                              len);

    dcsim_put16(h + DCSIM_DATA_CCCID, cccid);
    dcsim_put32(h + DCSIM_DATA_OFFS, offset);
    dcsim_put32(h + DCSIM_DATA_LEN, len);
    g_byte_array_append(out, data, len);
}

void
dcsim_pdu_build_r2t(GByteArray *out, guint16 cccid, guint16 ttag, guint32 offset, guint32 len)
{
    guint8 *h = append_header(out, DCSIM_PDU_R2T, 0, DCSIM_PDU_DATA_HLEN, 0);

    dcsim_put16(h + DCSIM_DATA_CCCID, cccid);
    dcsim_put16(h + DCSIM_DATA_TTAG, ttag);
    dcsim_put32(h + DCSIM_DATA_OFFS, offset);
    dcsim_put32(h + DCSIM_DATA_LEN, len);
}

void
dcsim_pdu_build_c2h_term_req(GByteArray *out, const DcsimPduFault *fault)
{
    guint8 *h = append_header(out, DCSIM_PDU_C2H_TERM_REQ, 0, DCSIM_PDU_TERM_HLEN, fault->hdr_len);

    dcsim_put16(h + DCSIM_TERM_FES, fault->fes);
    dcsim_put32(h + DCSIM_TERM_FEI, fault->fei);
    g_byte_array_append(out, fault->hdr, fault->hdr_len);
}
