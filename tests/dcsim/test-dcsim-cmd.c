/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-cmd.c: host-side commands for the dcsim tests.
 */
#include "config.h"

#include "test-dcsim-cmd.h"

#include <stddef.h>
#include <string.h>

#include "dcsim-nvme.h"
#include "test-dcsim-spec.h"

void
test_sqe_init(guint8 *sqe, guint8 opcode, guint16 cid, guint32 len)
{
    memset(sqe, 0, DCSIM_SQE_SIZE);
    sqe[DCSIM_SQE_OPCODE] = opcode;
    dcsim_put16(sqe + DCSIM_SQE_CID, cid);
    dcsim_put32(sqe + DCSIM_SGL_LENGTH, len);
    sqe[DCSIM_SGL_ID] = DCSIM_SGL_ID_TRANSPORT;
}

void
test_sqe_connect(guint8 *sqe, guint16 cid, guint16 qid)
{
    test_sqe_init(sqe, DCSIM_OPC_FABRICS, cid, 1024);
    sqe[DCSIM_SGL_ID]     = DCSIM_SGL_ID_INCAPSULE;
    sqe[DCSIM_SQE_FCTYPE] = DCSIM_FCTYPE_CONNECT;
    dcsim_put16(sqe + DCSIM_SQE_CDW(10) + 2, qid);
    dcsim_put16(sqe + DCSIM_SQE_CDW(11), 31);
    dcsim_put32(sqe + DCSIM_SQE_CDW(12), 30000);
}

void
test_sqe_property_get(guint8 *sqe, guint16 cid, guint32 ofst, gboolean wide)
{
    test_sqe_init(sqe, DCSIM_OPC_FABRICS, cid, 0);
    sqe[DCSIM_SQE_FCTYPE]  = DCSIM_FCTYPE_PROPERTY_GET;
    sqe[DCSIM_SQE_CDW(10)] = wide ? 1 : 0;
    dcsim_put32(sqe + DCSIM_SQE_CDW(11), ofst);
}

void
test_sqe_property_set(guint8 *sqe, guint16 cid, guint32 ofst, guint64 value)
{
    test_sqe_init(sqe, DCSIM_OPC_FABRICS, cid, 0);
    sqe[DCSIM_SQE_FCTYPE] = DCSIM_FCTYPE_PROPERTY_SET;
    dcsim_put32(sqe + DCSIM_SQE_CDW(11), ofst);
    dcsim_put64(sqe + DCSIM_SQE_CDW(12), value);
}

void
test_sqe_identify(guint8 *sqe, guint16 cid, guint8 cns)
{
    test_sqe_init(sqe, DCSIM_OPC_IDENTIFY, cid, 4096);
    sqe[DCSIM_SQE_CDW(10)] = cns;
}

void
test_sqe_get_log(guint8  *sqe,
                 guint16  cid,
                 guint8   lid,
                 guint8   lsp,
                 gboolean rae,
                 guint64  offset,
                 guint32  len)
{
    guint32 numd = len / 4 - 1;

    test_sqe_init(sqe, DCSIM_OPC_GET_LOG_PAGE, cid, len);
    dcsim_put32(sqe + DCSIM_SQE_CDW(10),
                lid | ((guint32) lsp << 8) | (rae ? 1u << 15 : 0) | ((numd & 0xffff) << 16));
    dcsim_put32(sqe + DCSIM_SQE_CDW(11), numd >> 16);
    dcsim_put64(sqe + DCSIM_SQE_CDW(12), offset);
}

void
test_sqe_set_features(guint8 *sqe, guint16 cid, guint8 fid, guint32 value)
{
    test_sqe_init(sqe, DCSIM_OPC_SET_FEATURES, cid, 0);
    sqe[DCSIM_SQE_CDW(10)] = fid;
    dcsim_put32(sqe + DCSIM_SQE_CDW(11), value);
}

void
test_sqe_dim(guint8 *sqe, guint16 cid, guint8 tas, guint32 len)
{
    test_sqe_init(sqe, DCSIM_OPC_DIM, cid, len);
    sqe[DCSIM_SGL_ID]      = DCSIM_SGL_ID_INCAPSULE;
    sqe[DCSIM_SQE_CDW(10)] = tas;
}

GBytes *
test_connect_data(const char *subnqn, const char *hostnqn)
{
    TestConnectData    *d          = g_new0(TestConnectData, 1);
    static const guint8 hostid[16] = { 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33,
                                       0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };

    G_STATIC_ASSERT(sizeof(*d) == 1024);
    memcpy(d->hostid, hostid, sizeof(hostid));
    d->cntlid = GUINT16_TO_LE(0xffff);
    g_strlcpy(d->subsysnqn, subnqn, sizeof(d->subsysnqn));
    g_strlcpy(d->hostnqn, hostnqn, sizeof(d->hostnqn));
    return g_bytes_new_take(d, sizeof(*d));
}

/* As libnvme pads them: attribute values are padded to 4 bytes. */
static gsize
exat_len(gsize len)
{
    return (len + 3) & ~(gsize) 3;
}

GBytes *
test_dim_data(const char *traddr, const char *symname)
{
    gsize        symlen = symname ? exat_len(strlen(symname)) : 0;
    gsize        tel    = sizeof(TestExtDie) + 4 + 16 + (symname ? 4 + symlen : 0);
    gsize        tdl    = sizeof(TestDimData) + tel;
    TestDimData *dim    = g_malloc0(tdl);
    TestExtDie  *die    = (TestExtDie *) ((guint8 *) dim + sizeof(*dim));
    guint8      *exat;

    dim->tdl    = GUINT32_TO_LE(tdl);
    dim->nument = GUINT64_TO_LE(1);
    dim->entfmt = GUINT16_TO_LE(TEST_DIM_ENTFMT_EXTENDED);
    dim->etype  = GUINT16_TO_LE(TEST_DIM_ETYPE_HOST);
    dim->ektype = GUINT16_TO_LE(0x5f);
    g_strlcpy(dim->eid, TEST_HOSTNQN, sizeof(dim->eid));
    g_strlcpy(dim->ename, "testhost", sizeof(dim->ename));
    g_strlcpy(dim->ever, "Linux 6.1.0", sizeof(dim->ever));
    die->tel    = GUINT32_TO_LE(tel);
    die->trtype = NMNVME_TRTYPE_TCP;
    die->adrfam = NMNVME_ADRFAM_IP4;
    memcpy(die->nqn, TEST_HOSTNQN, strlen(TEST_HOSTNQN));
    memcpy(die->traddr, traddr, MIN(strlen(traddr), sizeof(die->traddr)));
    die->numexat = GUINT16_TO_LE(symname ? 2 : 1);
    exat         = die->exat;
    dcsim_put16(exat, TEST_EXATTYPE_HOSTID);
    dcsim_put16(exat + 2, 16);
    for (guint i = 0; i < 16; i++)
        exat[4 + i] = (guint8) (0xa0 + i);
    if (symname) {
        exat += 4 + 16;
        dcsim_put16(exat, TEST_EXATTYPE_SYMNAME);
        dcsim_put16(exat + 2, (guint16) symlen);
        memset(exat + 4, ' ', symlen);
        memcpy(exat + 4, symname, strlen(symname));
    }
    return g_bytes_new_take(dim, tdl);
}

guint16
test_cqe_status(const guint8 *cqe)
{
    return (dcsim_get16(cqe + DCSIM_CQE_STATUS) >> 1) & 0x7ff;
}

gboolean
test_cqe_dnr(const guint8 *cqe)
{
    return (dcsim_get16(cqe + DCSIM_CQE_STATUS) & 0x8000) != 0;
}
