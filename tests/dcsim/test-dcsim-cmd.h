/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-cmd.h: what a host puts in the commands it sends to dcsim,
 * for the tests: SQEs of the admin and Fabrics commands, Connect data, DIM
 * data (laid out with libnvme's structs, an authority independent of
 * dcsim's own offsets) and a completion's status.
 */
#ifndef TEST_DCSIM_CMD_H
#define TEST_DCSIM_CMD_H

#include <glib.h>

G_BEGIN_DECLS

#define TEST_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"
#define TEST_HOSTID  "11111111-2222-3333-4444-555555555555"

/* Zeroed SQE with opcode and command id; the SGL is a transport data
 * block of @len bytes (controller to host, or none when 0). */
void test_sqe_init(guint8 *sqe, guint8 opcode, guint16 cid, guint32 len);
void test_sqe_connect(guint8 *sqe, guint16 cid, guint16 qid);
void test_sqe_property_get(guint8 *sqe, guint16 cid, guint32 ofst, gboolean wide);
void test_sqe_property_set(guint8 *sqe, guint16 cid, guint32 ofst, guint64 value);
void test_sqe_identify(guint8 *sqe, guint16 cid, guint8 cns);
void test_sqe_get_log(guint8  *sqe,
                      guint16  cid,
                      guint8   lid,
                      guint8   lsp,
                      gboolean rae,
                      guint64  offset,
                      guint32  len);
void test_sqe_set_features(guint8 *sqe, guint16 cid, guint8 fid, guint32 value);
void test_sqe_dim(guint8 *sqe, guint16 cid, guint8 tas, guint32 len);

/* 1024 bytes of Connect data. */
GBytes *test_connect_data(const char *subnqn, const char *hostnqn);

/* DIM data as libnvme 1.3 builds it (one extended entry for the host, with
 * TRADDR @traddr, HOSTID and, unless NULL, a symbolic name). */
GBytes *test_dim_data(const char *traddr, const char *symname);

/* The status (SCT << 8 | SC) and DNR of a CQE. */
guint16  test_cqe_status(const guint8 *cqe);
gboolean test_cqe_dnr(const guint8 *cqe);

G_END_DECLS

#endif /* TEST_DCSIM_CMD_H */
