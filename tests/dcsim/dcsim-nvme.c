/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-nvme.c: fixed-size fields and queue entries.
 */
#include "config.h"

#include "dcsim-nvme.h"

#include <string.h>

gboolean
dcsim_nvme_put_string(guint8 *field, gsize size, const char *value, char pad)
{
    gsize len = strlen(value);
    gsize n   = MIN(len, size);

    memcpy(field, value, n);
    memset(field + n, pad, size - n);
    return len <= size;
}

char *
dcsim_nvme_get_string(const guint8 *field, gsize size)
{
    gsize len = strnlen((const char *) field, size);

    while (len > 0 && field[len - 1] == ' ')
        len--;
    return g_utf8_make_valid((const char *) field, (gssize) len);
}

char *
dcsim_nvme_uuid_string(const guint8 *b)
{
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           b[0],
                           b[1],
                           b[2],
                           b[3],
                           b[4],
                           b[5],
                           b[6],
                           b[7],
                           b[8],
                           b[9],
                           b[10],
                           b[11],
                           b[12],
                           b[13],
                           b[14],
                           b[15]);
}

void
dcsim_nvme_cqe_init(guint8 *cqe, guint16 cid, DcsimStatus status, gboolean dnr, guint64 result)
{
    /* Base 2.0, 4.6.1, Figure 93: phase tag bit 0, SC bits 8:1, SCT bits
     * 11:9, DNR bit 15. */
    guint16 sf = (guint16) ((status & 0x7ff) << 1) | (dnr ? 0x8000 : 0);

    memset(cqe, 0, DCSIM_CQE_SIZE);
    dcsim_put64(cqe + DCSIM_CQE_DW0, result);
    dcsim_put16(cqe + DCSIM_CQE_CID, cid);
    dcsim_put16(cqe + DCSIM_CQE_STATUS, sf);
}

gboolean
dcsim_nvme_sqe_is_h2c(const guint8 *sqe)
{
    guint8 code = sqe[DCSIM_SQE_OPCODE];

    if (code == DCSIM_OPC_FABRICS)
        code = sqe[DCSIM_SQE_FCTYPE];
    return (code & 0x3) == 0x1;
}
