/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-pdu.c: NVMe/TCP framing: PDUs split over many reads and
 * coalesced in one, bad headers ending in an error (never a crash), ICReq
 * with digests refused, the controller PDUs' bytes.
 */
#include "config.h"

#include <string.h>

#include "dcsim-nvme.h"
#include "dcsim-pdu.h"

/* Appends a host PDU: common header, @hlen - 8 header bytes of @fill, data. */
static void
append_pdu(GByteArray *out, guint8 type, guint8 hlen, guint8 fill, const char *data)
{
    gsize  dlen = data ? strlen(data) : 0;
    guint8 h[DCSIM_PDU_MAX_HLEN];

    memset(h, fill, sizeof(h));
    h[DCSIM_PDU_TYPE]  = type;
    h[DCSIM_PDU_FLAGS] = 0;
    h[DCSIM_PDU_HLEN]  = hlen;
    h[DCSIM_PDU_PDO]   = dlen ? hlen : 0;
    dcsim_put32(h + DCSIM_PDU_PLEN, (guint32) (hlen + dlen));
    if (type == DCSIM_PDU_ICREQ)
        memset(h + 8, 0, hlen - 8);
    g_byte_array_append(out, h, hlen);
    if (dlen)
        g_byte_array_append(out, (const guint8 *) data, (guint) dlen);
}

static void
assert_next(DcsimPduParser *p, guint8 type, const char *data)
{
    g_autoptr(GError) error = NULL;
    DcsimPdu      pdu;
    DcsimPduFault fault;

    g_assert_true(dcsim_pdu_parser_next(p, &pdu, &fault, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pdu.type, ==, type);
    if (data) {
        gsize         len;
        const guint8 *d = g_bytes_get_data(pdu.data, &len);

        g_assert_cmpmem(d, len, data, strlen(data));
    } else {
        g_assert_null(pdu.data);
    }
    dcsim_pdu_clear(&pdu);
}

static void
assert_need_more(DcsimPduParser *p)
{
    g_autoptr(GError) error = NULL;
    DcsimPdu      pdu;
    DcsimPduFault fault;

    g_assert_false(dcsim_pdu_parser_next(p, &pdu, &fault, &error));
    g_assert_no_error(error);
}

static void
test_split(void)
{
    g_autoptr(DcsimPduParser) p = dcsim_pdu_parser_new(8192);
    g_autoptr(GByteArray) bytes = g_byte_array_new();

    append_pdu(bytes, DCSIM_PDU_CAPSULE_CMD, DCSIM_PDU_CMD_HLEN, 0x11, "in-capsule data");
    for (guint i = 0; i + 1 < bytes->len; i++) {
        dcsim_pdu_parser_feed(p, bytes->data + i, 1);
        assert_need_more(p);
    }
    dcsim_pdu_parser_feed(p, bytes->data + bytes->len - 1, 1);
    assert_next(p, DCSIM_PDU_CAPSULE_CMD, "in-capsule data");
    assert_need_more(p);
}

static void
test_coalesced(void)
{
    g_autoptr(DcsimPduParser) p = dcsim_pdu_parser_new(8192);
    g_autoptr(GByteArray) bytes = g_byte_array_new();

    append_pdu(bytes, DCSIM_PDU_ICREQ, DCSIM_PDU_IC_HLEN, 0, NULL);
    append_pdu(bytes, DCSIM_PDU_CAPSULE_CMD, DCSIM_PDU_CMD_HLEN, 0x22, NULL);
    append_pdu(bytes, DCSIM_PDU_H2C_DATA, DCSIM_PDU_DATA_HLEN, 0x33, "h2c");
    append_pdu(bytes, DCSIM_PDU_CAPSULE_CMD, DCSIM_PDU_CMD_HLEN, 0x44, NULL);
    /* and half of one more */
    dcsim_pdu_parser_feed(p, bytes->data, bytes->len);
    dcsim_pdu_parser_feed(p, bytes->data, 40);
    assert_next(p, DCSIM_PDU_ICREQ, NULL);
    assert_next(p, DCSIM_PDU_CAPSULE_CMD, NULL);
    assert_next(p, DCSIM_PDU_H2C_DATA, "h2c");
    assert_next(p, DCSIM_PDU_CAPSULE_CMD, NULL);
    assert_need_more(p);
}

typedef struct {
    const char *what;
    guint8      type, flags, hlen, pdo;
    guint32     plen;
    guint32     fei;
} BadRow;

static void
test_bad_headers(void)
{
    static const BadRow rows[] = {
        { "ICResp from the host", DCSIM_PDU_ICRESP, 0, 128, 0, 128, DCSIM_PDU_TYPE },
        { "R2T from the host", DCSIM_PDU_R2T, 0, 24, 0, 24, DCSIM_PDU_TYPE },
        { "unknown type", 0x42, 0, 24, 0, 24, DCSIM_PDU_TYPE },
        { "CapsuleCmd HLEN", DCSIM_PDU_CAPSULE_CMD, 0, 80, 0, 80, DCSIM_PDU_HLEN },
        { "ICReq HLEN", DCSIM_PDU_ICREQ, 0, 24, 0, 24, DCSIM_PDU_HLEN },
        { "PLEN < HLEN", DCSIM_PDU_CAPSULE_CMD, 0, 72, 0, 8, DCSIM_PDU_PLEN },
        { "ICReq with data", DCSIM_PDU_ICREQ, 0, 128, 128, 132, DCSIM_PDU_PLEN },
        { "capsule too big", DCSIM_PDU_CAPSULE_CMD, 0, 72, 72, 72 + 8193, DCSIM_PDU_PLEN },
        { "PLEN 4 GiB", DCSIM_PDU_H2C_DATA, 0, 24, 24, 0xffffffff, DCSIM_PDU_PLEN },
        { "header digest flag",
          DCSIM_PDU_CAPSULE_CMD,
          DCSIM_PDU_F_HDGST,
          72,
          0,
          72,
          DCSIM_PDU_FLAGS },
        { "data digest flag", DCSIM_PDU_H2C_DATA, DCSIM_PDU_F_DDGST, 24, 24, 28, DCSIM_PDU_FLAGS },
        { "PDO inside header", DCSIM_PDU_CAPSULE_CMD, 0, 72, 8, 80, DCSIM_PDU_PDO },
        { "PDO past PLEN", DCSIM_PDU_CAPSULE_CMD, 0, 72, 200, 80, DCSIM_PDU_PDO },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(DcsimPduParser) p = dcsim_pdu_parser_new(8192);
        g_autoptr(GError) error     = NULL;
        guint8        ch[8]         = { rows[i].type, rows[i].flags, rows[i].hlen, rows[i].pdo };
        DcsimPdu      pdu;
        DcsimPduFault fault;

        g_test_message("%s", rows[i].what);
        dcsim_put32(ch + DCSIM_PDU_PLEN, rows[i].plen);
        dcsim_pdu_parser_feed(p, ch, sizeof(ch));
        g_assert_false(dcsim_pdu_parser_next(p, &pdu, &fault, &error));
        g_assert_error(error, DCSIM_PDU_ERROR, DCSIM_PDU_FES_INVALID_HEADER);
        g_assert_cmpuint(fault.fes, ==, DCSIM_PDU_FES_INVALID_HEADER);
        g_assert_cmpuint(fault.fei, ==, rows[i].fei);
        g_assert_cmpmem(fault.hdr, fault.hdr_len, ch, sizeof(ch));
    }
}

static gboolean
check_icreq(guint16        pfv,
            guint8         hpda,
            guint8         dgst,
            guint32       *maxr2t,
            DcsimPduFault *fault,
            GError       **error)
{
    DcsimPdu pdu = { .type = DCSIM_PDU_ICREQ, .hlen = DCSIM_PDU_IC_HLEN };

    dcsim_put16(pdu.header + DCSIM_ICREQ_PFV, pfv);
    pdu.header[DCSIM_ICREQ_HPDA] = hpda;
    pdu.header[DCSIM_ICREQ_DGST] = dgst;
    dcsim_put32(pdu.header + DCSIM_ICREQ_MAXR2T, 7);
    return dcsim_pdu_check_icreq(&pdu, maxr2t, fault, error);
}

static void
test_icreq(void)
{
    static const struct {
        guint16     pfv;
        guint8      hpda, dgst;
        guint32     fei;
        const char *message;
    } refused[] = {
        { 0, 0, 1, DCSIM_ICREQ_DGST, "header digest" },
        { 0, 0, 2, DCSIM_ICREQ_DGST, "data digest" },
        { 0, 0, 3, DCSIM_ICREQ_DGST, "header digest data digest" },
        { 1, 0, 0, DCSIM_ICREQ_PFV, "format version 1" },
        { 0, 3, 0, DCSIM_ICREQ_HPDA, "alignment 3" },
    };
    g_autoptr(GError) error = NULL;
    DcsimPduFault fault;
    guint32       maxr2t = 0;

    g_assert_true(check_icreq(0, 0, 0, &maxr2t, &fault, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(maxr2t, ==, 7);
    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
        g_autoptr(GError) err = NULL;

        g_assert_false(
            check_icreq(refused[i].pfv, refused[i].hpda, refused[i].dgst, &maxr2t, &fault, &err));
        g_assert_error(err, DCSIM_PDU_ERROR, DCSIM_PDU_FES_UNSUPPORTED);
        g_assert_nonnull(strstr(err->message, refused[i].message));
        g_assert_cmpuint(fault.fes, ==, DCSIM_PDU_FES_UNSUPPORTED);
        g_assert_cmpuint(fault.fei, ==, refused[i].fei);
        g_assert_cmpuint(fault.hdr_len, ==, DCSIM_PDU_IC_HLEN);
    }
}

static void
test_builders(void)
{
    g_autoptr(GByteArray) out = g_byte_array_new();
    guint8        cqe[16];
    DcsimPduFault fault = { DCSIM_PDU_FES_UNSUPPORTED, 11, { 0x00, 0x00, 0x80 }, 3 };
    const guint8 *p;

    dcsim_pdu_build_icresp(out);
    p = out->data;
    g_assert_cmpuint(out->len, ==, 128);
    g_assert_cmpuint(p[DCSIM_PDU_TYPE], ==, 0x01);
    g_assert_cmpuint(p[DCSIM_PDU_HLEN], ==, 128);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_PDU_PLEN), ==, 128);
    g_assert_cmpuint(dcsim_get16(p + DCSIM_ICRESP_PFV), ==, 0);
    g_assert_cmpuint(p[DCSIM_ICRESP_CPDA], ==, 0);
    g_assert_cmpuint(p[DCSIM_ICRESP_DGST], ==, 0);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_ICRESP_MAXH2CDATA), >=, 4096);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_ICRESP_MAXH2CDATA) % 4, ==, 0);

    g_byte_array_set_size(out, 0);
    dcsim_nvme_cqe_init(cqe, 0x1234, DCSIM_SC_INVALID_OPCODE, TRUE, 0x0070f002);
    dcsim_pdu_build_capsule_resp(out, cqe);
    p = out->data;
    g_assert_cmpuint(out->len, ==, 24);
    g_assert_cmpuint(p[DCSIM_PDU_TYPE], ==, 0x05);
    g_assert_cmpuint(p[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(p[DCSIM_PDU_PDO], ==, 0);
    g_assert_cmpuint(dcsim_get32(p + 8), ==, 0x0070f002);
    g_assert_cmpuint(dcsim_get16(p + 8 + 12), ==, 0x1234);
    /* SC 01h at bits 8:1, DNR bit 15 */
    g_assert_cmpuint(dcsim_get16(p + 8 + 14), ==, 0x8002);

    g_byte_array_set_size(out, 0);
    dcsim_pdu_build_c2h_data(out, 9, 4096, (const guint8 *) "abcd", 4, TRUE);
    p = out->data;
    g_assert_cmpuint(out->len, ==, 28);
    g_assert_cmpuint(p[DCSIM_PDU_TYPE], ==, 0x07);
    g_assert_cmpuint(p[DCSIM_PDU_FLAGS], ==, DCSIM_PDU_F_LAST_PDU);
    g_assert_cmpuint(p[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(p[DCSIM_PDU_PDO], ==, 24);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_PDU_PLEN), ==, 28);
    g_assert_cmpuint(dcsim_get16(p + DCSIM_DATA_CCCID), ==, 9);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_DATA_OFFS), ==, 4096);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_DATA_LEN), ==, 4);
    g_assert_cmpmem(p + 24, 4, "abcd", 4);

    g_byte_array_set_size(out, 0);
    dcsim_pdu_build_r2t(out, 3, 5, 0, 2048);
    p = out->data;
    g_assert_cmpuint(out->len, ==, 24);
    g_assert_cmpuint(p[DCSIM_PDU_TYPE], ==, 0x09);
    g_assert_cmpuint(dcsim_get16(p + DCSIM_DATA_TTAG), ==, 5);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_DATA_LEN), ==, 2048);

    g_byte_array_set_size(out, 0);
    dcsim_pdu_build_c2h_term_req(out, &fault);
    p = out->data;
    g_assert_cmpuint(out->len, ==, 27);
    g_assert_cmpuint(p[DCSIM_PDU_TYPE], ==, 0x03);
    g_assert_cmpuint(p[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(dcsim_get16(p + DCSIM_TERM_FES), ==, 6);
    g_assert_cmpuint(dcsim_get32(p + DCSIM_TERM_FEI), ==, 11);
    g_assert_cmpmem(p + 24, 3, fault.hdr, 3);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dcsim/pdu/split", test_split);
    g_test_add_func("/dcsim/pdu/coalesced", test_coalesced);
    g_test_add_func("/dcsim/pdu/bad-headers", test_bad_headers);
    g_test_add_func("/dcsim/pdu/icreq", test_icreq);
    g_test_add_func("/dcsim/pdu/builders", test_builders);
    return g_test_run();
}
