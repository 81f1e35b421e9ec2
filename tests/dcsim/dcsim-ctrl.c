/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-ctrl.c: the discovery controller state machine.
 */
#include "config.h"

#include "dcsim-ctrl.h"

#include <string.h>

#include "dcsim-nvme.h"

/* Base 2.0, 3.1.4.1, Figure 36: CAP. MQES bits 15:0 (0-based), CQR bit 16
 * (required for fabrics, 6.5), TO bits 31:24 in 500 ms units, CSS bit 37
 * (NVM command set); MPSMIN = MPSMAX = 0 (4 KiB). */
#define CAP_VALUE ((guint64) (DCSIM_MAXCMD - 1) | (1ull << 16) | (10ull << 24) | (1ull << 37))
/* Base 2.0, 3.1.4.2: VS 2.0.0 (DCTYPE and DIM come from NVMe 2.0). */
#define VS_VALUE 0x00020000u
/* Base 2.0, 3.1.4.5 CC: EN bit 0, MPS bits 10:7, SHN bits 15:14. */
#define CC_EN      0x1u
#define CC_MPS(cc) (((cc) >> 7) & 0xf)
#define CC_SHN(cc) (((cc) >> 14) & 0x3)
/* Base 2.0, 3.1.4.6 CSTS: RDY bit 0, CFS bit 1, SHST bits 3:2 (10b done). */
#define CSTS_RDY           0x1u
#define CSTS_CFS           0x2u
#define CSTS_SHST_COMPLETE (0x2u << 2)

/* Base 2.0, 6.3, Figure 541: Connect SQE fields. */
#define CONNECT_RECFMT DCSIM_SQE_CDW(10)
#define CONNECT_QID    (DCSIM_SQE_CDW(10) + 2)
#define CONNECT_SQSIZE DCSIM_SQE_CDW(11)
#define CONNECT_CATTR  (DCSIM_SQE_CDW(11) + 2)
#define CONNECT_KATO   DCSIM_SQE_CDW(12)
/* CATTR bit 2: SQ flow control disable. */
#define CONNECT_CATTR_NO_SQFLOW 0x04
/* Figure 542: Connect data. */
#define CONNECT_DATA_SIZE    1024
#define CONNECT_DATA_HOSTID  0
#define CONNECT_DATA_SUBNQN  256
#define CONNECT_DATA_HOSTNQN 512
/* Figure 543: IATTR bit 16 (1 = the offset is in the data), IPO 15:0. */
#define IPO_SQE(off)  ((guint64) (off))
#define IPO_DATA(off) ((guint64) (off) | (1u << 16))

/* Base 2.0, 6.6/6.7, Figures 553 and 556: Property Get/Set. ATTRIB bit 0
 * set: 8 bytes. */
#define PROP_ATTRIB DCSIM_SQE_CDW(10)
#define PROP_OFST   DCSIM_SQE_CDW(11)
#define PROP_VALUE  DCSIM_SQE_CDW(12)

/* Base 2.0, Figure 275: Identify Controller fields. */
#define ID_SIZE      4096
#define ID_SN        4
#define ID_MN        24
#define ID_FR        64
#define ID_MDTS      77
#define ID_CNTLID    78
#define ID_VER       80
#define ID_OAES      92
#define ID_CNTRLTYPE 111
#define ID_ACL       258
#define ID_AERL      259
#define ID_LPA       261
#define ID_KAS       320
#define ID_SQES      512
#define ID_CQES      513
#define ID_MAXCMD    514
#define ID_SGLS      536
#define ID_SUBNQN    768
#define ID_IOCCSZ    1792
#define ID_IORCSZ    1796
#define ID_ICDOFF    1800
#define ID_MSDBD     1803
#define ID_DCTYPE    1806
/* CNTRLTYPE (Figure 275, byte 111): 1 I/O, 2 discovery, 3 administrative. */
#define CNTRLTYPE_DISCOVERY 2
/* MDTS (Figure 275, byte 77): by default 2^8 pages of 4 KiB = 1 MiB per command. */
#define MDTS_DEFAULT 8
/* AERL 3 (0-based): four AERs may be outstanding. */
#define AERL 3
/* LPA bit 2: extended data for Get Log Page (NUMDU, LPOL/LPOU). */
#define LPA_EXTENDED 0x04
/* KAS 10: keep-alive granularity of 10 x 100 ms. */
#define KAS 10
/* SGLS bit 0 (SGLs supported) and bit 20 (address as offset: in-capsule). */
#define SGLS_VALUE ((1u << 0) | (1u << 20))

/* Base 2.0, 5.16, Figures 197-200: Get Log Page. */
#define GLP_CDW10 DCSIM_SQE_CDW(10)
#define GLP_NUMDU DCSIM_SQE_CDW(11)
#define GLP_LPOL  DCSIM_SQE_CDW(12)
#define GLP_LPOU  DCSIM_SQE_CDW(13)
#define GLP_RAE   (1u << 15)
/* Base 2.0, Figure 204: Supported Log Pages, one dword per LID: LSUPP bit
 * 0, LID specific bits 31:16 (for 70h: bit 1 PLEOS, TP8013). */
#define SUPPORTED_LOGS_SIZE 1024
#define LIDS_LSUPP          0x1u
#define LIDS_PLEOS          (1u << 17)
/* TP8013: LSP bit 1 of a discovery log read: port local entries only. */
#define LSP_PLEO 0x02

/* Base 2.0, 5.27: Set/Get Features. SV is CDW10 bit 31, SEL CDW10 10:8. */
#define FEAT_SV            (1u << 31)
#define FEAT_SEL(x)        (((x) >> 8) & 0x7)
#define FEAT_SEL_SUPPORTED 3
/* Figure 318: capabilities: changeable. */
#define FEAT_CAP_CHANGEABLE 0x4
/* Figure 101: Feature Identifier Not Saveable. */
#define SC_NOT_SAVEABLE 0x10d

struct _DcsimCtrl {
    DcsimCtrlContext ctx;
    guint16          cntlid;
    char            *peer_traddr;

    gboolean connected;
    char    *host_nqn;
    char    *host_id;
    guint16  sqsize; /* 0-based */
    gboolean sqflow_disabled;
    guint32  sq_head;

    guint32 cc;
    guint32 csts;
    guint32 aec;
    guint32 kato;

    GArray  *aers; /* guint16 command ids, oldest first */
    gboolean aen_masked;
    gboolean aen_pending;
};

/* What a handler produces besides its status. */
typedef struct {
    guint64  result;
    GBytes  *data;
    gboolean held;
} Reply;

void
dcsim_completion_clear(DcsimCompletion *c)
{
    g_clear_pointer(&c->data, g_bytes_unref);
}

DcsimCtrl *
dcsim_ctrl_new(const DcsimCtrlContext *ctx, guint16 cntlid, const char *peer_traddr)
{
    DcsimCtrl *ctrl = g_new0(DcsimCtrl, 1);

    ctrl->ctx         = *ctx;
    ctrl->cntlid      = cntlid;
    ctrl->peer_traddr = g_strdup(peer_traddr);
    ctrl->aers        = g_array_new(FALSE, FALSE, sizeof(guint16));
    return ctrl;
}

void
dcsim_ctrl_free(DcsimCtrl *ctrl)
{
    if (!ctrl)
        return;
    g_free(ctrl->peer_traddr);
    g_free(ctrl->host_nqn);
    g_free(ctrl->host_id);
    g_array_unref(ctrl->aers);
    g_free(ctrl);
}

static guint32
cdw(const guint8 *sqe, guint n)
{
    return dcsim_get32(sqe + DCSIM_SQE_CDW(n));
}

static gboolean
ready(const DcsimCtrl *ctrl)
{
    return (ctrl->cc & CC_EN) && (ctrl->csts & CSTS_RDY);
}

/* Base 2.0, 4.3.2: the SGL length must be what the command transfers. */
static gboolean
xfer_len_ok(const guint8 *sqe, gsize len)
{
    return dcsim_get32(sqe + DCSIM_SGL_LENGTH) == len;
}

/* ---- Fabrics: Connect and properties ------------------------------------ */

static DcsimStatus
connect_invalid(Reply *r, guint64 ipo, const char *why)
{
    g_message("dcsim: Connect refused: %s", why);
    r->result = ipo;
    return DCSIM_SC_CONNECT_INVALID;
}

static gboolean
subnqn_ok(const DcsimCtrl *ctrl, const char *subnqn)
{
    return g_str_equal(subnqn, DCSIM_DISCOVERY_NQN) || g_str_equal(subnqn, ctrl->ctx.nqn);
}

static void
emit_connect(const DcsimCtrl *ctrl, const char *subnqn)
{
    JsonBuilder *b = dcsim_events_begin("connect");

    dcsim_events_add_string(b, "hostnqn", ctrl->host_nqn);
    dcsim_events_add_string(b, "hostid", ctrl->host_id);
    dcsim_events_add_string(b, "subnqn", subnqn);
    dcsim_events_add_int(b, "cntlid", ctrl->cntlid);
    dcsim_events_add_int(b, "queue", 0);
    dcsim_events_add_int(b, "kato", ctrl->kato);
    dcsim_events_add_string(b, "peer", ctrl->peer_traddr);
    dcsim_events_commit(ctrl->ctx.events, b);
}

static DcsimStatus
do_connect(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, Reply *r)
{
    const guint8    *d;
    gsize            len     = 0;
    g_autofree char *subnqn  = NULL;
    g_autofree char *hostnqn = NULL;

    if (ctrl->connected)
        return DCSIM_SC_CMD_SEQ_ERROR;
    d = data ? g_bytes_get_data(data, &len) : NULL;
    if (!d || len < CONNECT_DATA_SIZE)
        return DCSIM_SC_SGL_LENGTH;
    if (dcsim_get16(sqe + CONNECT_QID) != 0)
        return connect_invalid(r, IPO_SQE(CONNECT_QID), "I/O queues are not served");
    if (dcsim_get16(sqe + CONNECT_SQSIZE) == 0 || dcsim_get16(sqe + CONNECT_SQSIZE) >= DCSIM_MAXCMD)
        return connect_invalid(r, IPO_SQE(CONNECT_SQSIZE), "bad SQSIZE");
    subnqn  = dcsim_nvme_get_string(d + CONNECT_DATA_SUBNQN, DCSIM_LOG_NQN_SIZE);
    hostnqn = dcsim_nvme_get_string(d + CONNECT_DATA_HOSTNQN, DCSIM_LOG_NQN_SIZE);
    if (!subnqn_ok(ctrl, subnqn))
        return connect_invalid(r, IPO_DATA(CONNECT_DATA_SUBNQN), "unknown subsystem NQN");
    if (!hostnqn[0])
        return connect_invalid(r, IPO_DATA(CONNECT_DATA_HOSTNQN), "empty host NQN");

    ctrl->connected       = TRUE;
    ctrl->host_nqn        = g_steal_pointer(&hostnqn);
    ctrl->host_id         = dcsim_nvme_uuid_string(d + CONNECT_DATA_HOSTID);
    ctrl->sqsize          = dcsim_get16(sqe + CONNECT_SQSIZE);
    ctrl->sqflow_disabled = (sqe[CONNECT_CATTR] & CONNECT_CATTR_NO_SQFLOW) != 0;
    ctrl->kato            = cdw(sqe, 12);
    r->result             = ctrl->cntlid;
    g_message("dcsim: connect: host %s (%s) from %s, cntlid %u, kato %u ms",
              ctrl->host_nqn,
              ctrl->host_id,
              ctrl->peer_traddr,
              ctrl->cntlid,
              ctrl->kato);
    emit_connect(ctrl, subnqn);
    return DCSIM_SC_SUCCESS;
}

static DcsimStatus
property_get(DcsimCtrl *ctrl, const guint8 *sqe, Reply *r)
{
    gboolean wide = sqe[PROP_ATTRIB] & 0x1;
    guint32  ofst = dcsim_get32(sqe + PROP_OFST);

    if (wide && ofst == DCSIM_PROP_CAP)
        r->result = CAP_VALUE;
    else if (!wide && ofst == DCSIM_PROP_VS)
        r->result = VS_VALUE;
    else if (!wide && ofst == DCSIM_PROP_CC)
        r->result = ctrl->cc;
    else if (!wide && ofst == DCSIM_PROP_CSTS)
        r->result = ctrl->csts;
    else
        return DCSIM_SC_INVALID_FIELD;
    return DCSIM_SC_SUCCESS;
}

/* Held AERs are aborted by a controller reset (Base 2.0, 3.7.2). */
static void
reset(DcsimCtrl *ctrl)
{
    g_array_set_size(ctrl->aers, 0);
    ctrl->aen_masked  = FALSE;
    ctrl->aen_pending = FALSE;
    ctrl->aec         = 0;
}

static void
write_cc(DcsimCtrl *ctrl, guint32 cc)
{
    guint32 old = ctrl->cc;

    ctrl->cc = cc;
    if ((cc & CC_EN) && !(old & CC_EN)) {
        if (CC_MPS(cc) != 0)
            ctrl->csts |= CSTS_CFS; /* only 4 KiB pages (CAP.MPSMAX 0) */
        else
            ctrl->csts = CSTS_RDY;
    } else if (!(cc & CC_EN) && (old & CC_EN)) {
        ctrl->csts &= ~(CSTS_RDY | CSTS_CFS);
        reset(ctrl);
    }
    if (CC_SHN(cc) != 0)
        ctrl->csts |= CSTS_SHST_COMPLETE;
    else
        ctrl->csts &= ~CSTS_SHST_COMPLETE;
}

static DcsimStatus
property_set(DcsimCtrl *ctrl, const guint8 *sqe)
{
    if ((sqe[PROP_ATTRIB] & 0x1) || dcsim_get32(sqe + PROP_OFST) != DCSIM_PROP_CC)
        return DCSIM_SC_INVALID_FIELD;
    write_cc(ctrl, dcsim_get32(sqe + PROP_VALUE));
    return DCSIM_SC_SUCCESS;
}

static DcsimStatus
do_fabrics(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, Reply *r)
{
    guint8 fctype = sqe[DCSIM_SQE_FCTYPE];

    if (fctype == DCSIM_FCTYPE_CONNECT)
        return do_connect(ctrl, sqe, data, r);
    if (!ctrl->connected)
        return DCSIM_SC_CMD_SEQ_ERROR;
    if (fctype == DCSIM_FCTYPE_PROPERTY_GET)
        return property_get(ctrl, sqe, r);
    if (fctype == DCSIM_FCTYPE_PROPERTY_SET)
        return property_set(ctrl, sqe);
    return DCSIM_SC_INVALID_OPCODE;
}

/* ---- Identify ------------------------------------------------------------ */

static guint8
mdts(const DcsimCtrl *ctrl)
{
    return ctrl->ctx.mdts ? ctrl->ctx.mdts : MDTS_DEFAULT;
}

static GBytes *
build_identify(const DcsimCtrl *ctrl)
{
    guint8 *id = g_malloc0(ID_SIZE);

    dcsim_nvme_put_string(id + ID_SN, 20, "dcsim0001", ' ');
    dcsim_nvme_put_string(id + ID_MN, 40, "dcsim NVMe/TCP discovery controller", ' ');
    dcsim_nvme_put_string(id + ID_FR, 8, PACKAGE_VERSION, ' ');
    id[ID_MDTS] = mdts(ctrl);
    dcsim_put16(id + ID_CNTLID, ctrl->cntlid);
    dcsim_put32(id + ID_VER, VS_VALUE);
    dcsim_put32(id + ID_OAES, DCSIM_OAES_DISC_CHANGE);
    id[ID_CNTRLTYPE] = CNTRLTYPE_DISCOVERY;
    id[ID_ACL]       = 3;
    id[ID_AERL]      = AERL;
    id[ID_LPA]       = LPA_EXTENDED;
    dcsim_put16(id + ID_KAS, KAS);
    id[ID_SQES] = 0x66; /* 64-byte SQEs */
    id[ID_CQES] = 0x44; /* 16-byte CQEs */
    dcsim_put16(id + ID_MAXCMD, DCSIM_MAXCMD);
    dcsim_put32(id + ID_SGLS, SGLS_VALUE);
    dcsim_nvme_put_string(id + ID_SUBNQN, DCSIM_LOG_NQN_SIZE, ctrl->ctx.nqn, '\0');
    /* Base 2.0, Figure 275: IOCCSZ/IORCSZ in 16-byte units: a bare SQE and
     * CQE (no I/O queues here); ICDOFF 0; one SGL descriptor. */
    dcsim_put32(id + ID_IOCCSZ, DCSIM_SQE_SIZE / 16);
    dcsim_put32(id + ID_IORCSZ, DCSIM_CQE_SIZE / 16);
    dcsim_put16(id + ID_ICDOFF, 0);
    id[ID_MSDBD]  = 1;
    id[ID_DCTYPE] = (guint8) ctrl->ctx.role;
    return g_bytes_new_take(id, ID_SIZE);
}

static DcsimStatus
do_identify(DcsimCtrl *ctrl, const guint8 *sqe, Reply *r)
{
    /* Base 2.0, 5.17: CNS in CDW10 bits 7:0; only 01h (controller). */
    if ((cdw(sqe, 10) & 0xff) != 0x01)
        return DCSIM_SC_INVALID_FIELD;
    if (!xfer_len_ok(sqe, ID_SIZE))
        return DCSIM_SC_SGL_LENGTH;
    r->data = build_identify(ctrl);
    return DCSIM_SC_SUCCESS;
}

/* ---- Get Log Page ---------------------------------------------------------- */

typedef struct {
    guint8   lid;
    guint8   lsp;
    gboolean rae;
    guint64  offset;
    gsize    len;
} LogRequest;

static void
parse_log_request(const guint8 *sqe, LogRequest *q)
{
    guint32 cdw10 = cdw(sqe, 10);
    guint32 numd  = (cdw10 >> 16) | ((cdw(sqe, 11) & 0xffff) << 16);

    q->lid    = cdw10 & 0xff;
    q->lsp    = (cdw10 >> 8) & 0x7f;
    q->rae    = (cdw10 & GLP_RAE) != 0;
    q->offset = dcsim_get32(sqe + GLP_LPOL) | ((guint64) dcsim_get32(sqe + GLP_LPOU) << 32);
    q->len    = ((gsize) numd + 1) * 4;
}

static void
emit_log_read(const DcsimCtrl *ctrl, const LogRequest *q, guint64 genctr)
{
    JsonBuilder *b = dcsim_events_begin("log-read");

    dcsim_events_add_int(b, "cntlid", ctrl->cntlid);
    dcsim_events_add_string(b, "hostnqn", ctrl->host_nqn);
    dcsim_events_add_int(b, "offset", (gint64) q->offset);
    dcsim_events_add_int(b, "length", (gint64) q->len);
    dcsim_events_add_int(b, "genctr", (gint64) genctr);
    dcsim_events_add_bool(b, "pleo", (q->lsp & LSP_PLEO) != 0);
    dcsim_events_add_bool(b, "rae", q->rae);
    dcsim_events_commit(ctrl->ctx.events, b);
}

static DcsimStatus
read_discovery_log(DcsimCtrl *ctrl, const LogRequest *q, Reply *r)
{
    guint8 *buf;

    if (ctrl->ctx.genctr_per_read)
        dcsim_log_bump(ctrl->ctx.log);
    if (q->offset > dcsim_log_size(ctrl->ctx.log))
        return DCSIM_SC_INVALID_FIELD;
    buf = g_malloc(q->len);
    dcsim_log_read(ctrl->ctx.log, q->offset, buf, q->len);
    r->data = g_bytes_new_take(buf, q->len);
    /* Base 2.0, 5.16: reading the log with RAE clear acknowledges the
     * notice; the next change may be reported again. */
    if (!q->rae)
        ctrl->aen_masked = FALSE;
    emit_log_read(ctrl, q, dcsim_log_genctr(ctrl->ctx.log));
    return DCSIM_SC_SUCCESS;
}

static DcsimStatus
read_supported_logs(const DcsimCtrl *ctrl, const LogRequest *q, Reply *r)
{
    guint8  page[SUPPORTED_LOGS_SIZE] = { 0 };
    guint8 *buf;

    if (q->offset > sizeof(page))
        return DCSIM_SC_INVALID_FIELD;
    dcsim_put32(page + 4 * DCSIM_LID_SUPPORTED_LOGS, LIDS_LSUPP);
    dcsim_put32(page + 4 * DCSIM_LID_DISCOVERY, LIDS_LSUPP | (ctrl->ctx.pleos ? LIDS_PLEOS : 0));
    buf = g_malloc0(q->len);
    if (q->offset < sizeof(page))
        memcpy(buf, page + q->offset, MIN(q->len, sizeof(page) - q->offset));
    r->data = g_bytes_new_take(buf, q->len);
    return DCSIM_SC_SUCCESS;
}

static DcsimStatus
do_get_log_page(DcsimCtrl *ctrl, const guint8 *sqe, Reply *r)
{
    LogRequest q;

    parse_log_request(sqe, &q);
    /* Base 2.0, 5.16: the offset is dword aligned (offset type 0). */
    if (q.len > ((gsize) 4096 << mdts(ctrl)) || (q.offset & 0x3))
        return DCSIM_SC_INVALID_FIELD;
    if (!xfer_len_ok(sqe, q.len))
        return DCSIM_SC_SGL_LENGTH;
    if (q.lid == DCSIM_LID_DISCOVERY)
        return read_discovery_log(ctrl, &q, r);
    if (q.lid == DCSIM_LID_SUPPORTED_LOGS)
        return read_supported_logs(ctrl, &q, r);
    return DCSIM_SC_INVALID_LOG_PAGE;
}

/* ---- Features, Keep Alive ---------------------------------------------------- */

static DcsimStatus
do_set_features(DcsimCtrl *ctrl, const guint8 *sqe)
{
    guint32 cdw10 = cdw(sqe, 10);

    if (cdw10 & FEAT_SV)
        return SC_NOT_SAVEABLE;
    switch (cdw10 & 0xff) {
    case DCSIM_FID_ASYNC_EVENT:
        ctrl->aec = cdw(sqe, 11) & DCSIM_OAES_DISC_CHANGE;
        return DCSIM_SC_SUCCESS;
    case DCSIM_FID_KATO:
        ctrl->kato = cdw(sqe, 11);
        return DCSIM_SC_SUCCESS;
    default:
        return DCSIM_SC_INVALID_FIELD;
    }
}

static DcsimStatus
do_get_features(DcsimCtrl *ctrl, const guint8 *sqe, Reply *r)
{
    guint32  cdw10   = cdw(sqe, 10);
    guint    sel     = FEAT_SEL(cdw10);
    gboolean current = sel == 0;

    if ((cdw10 & 0xff) != DCSIM_FID_ASYNC_EVENT && (cdw10 & 0xff) != DCSIM_FID_KATO)
        return DCSIM_SC_INVALID_FIELD;
    if (sel == FEAT_SEL_SUPPORTED)
        r->result = FEAT_CAP_CHANGEABLE;
    else if ((cdw10 & 0xff) == DCSIM_FID_ASYNC_EVENT)
        r->result = current ? ctrl->aec : 0;
    else
        r->result = current ? ctrl->kato : 0;
    return DCSIM_SC_SUCCESS;
}

/* ---- Asynchronous events --------------------------------------------------- */

static void
emit_aer_complete(const DcsimCtrl *ctrl, guint16 cid)
{
    JsonBuilder *b = dcsim_events_begin("aer-complete");

    dcsim_events_add_int(b, "cntlid", ctrl->cntlid);
    dcsim_events_add_string(b, "hostnqn", ctrl->host_nqn);
    dcsim_events_add_int(b, "cid", cid);
    dcsim_events_add_int(b, "dw0", DCSIM_AEN_DISC_CHANGE);
    dcsim_events_add_int(b, "genctr", (gint64) dcsim_log_genctr(ctrl->ctx.log));
    dcsim_events_commit(ctrl->ctx.events, b);
}

/* Completes the oldest held AER with the discovery change notice. */
static void
complete_aer(DcsimCtrl *ctrl, DcsimCompletion *out)
{
    guint16 cid = g_array_index(ctrl->aers, guint16, 0);

    g_array_remove_index(ctrl->aers, 0);
    ctrl->aen_masked  = TRUE;
    ctrl->aen_pending = FALSE;
    memset(out, 0, sizeof(*out));
    dcsim_nvme_cqe_init(out->cqe, cid, DCSIM_SC_SUCCESS, FALSE, DCSIM_AEN_DISC_CHANGE);
    dcsim_put16(out->cqe + DCSIM_CQE_SQHD, ctrl->sqflow_disabled ? 0xffff : ctrl->sq_head);
    g_message("dcsim: cntlid %u: AER %u completed: discovery log changed", ctrl->cntlid, cid);
    emit_aer_complete(ctrl, cid);
}

static DcsimStatus
do_aer(DcsimCtrl *ctrl, const guint8 *sqe, Reply *r)
{
    guint16 cid = dcsim_get16(sqe + DCSIM_SQE_CID);

    if (ctrl->aers->len > AERL)
        return DCSIM_SC_AER_LIMIT;
    g_array_append_val(ctrl->aers, cid);
    r->held = TRUE;
    return DCSIM_SC_SUCCESS;
}

gboolean
dcsim_ctrl_log_changed(DcsimCtrl *ctrl, DcsimCompletion *out)
{
    if (!ready(ctrl) || !(ctrl->aec & DCSIM_OAES_DISC_CHANGE) || ctrl->aen_masked)
        return FALSE;
    if (ctrl->aers->len == 0) {
        ctrl->aen_pending = TRUE;
        return FALSE;
    }
    complete_aer(ctrl, out);
    return TRUE;
}

/* ---- DIM --------------------------------------------------------------------- */

static const char *
tas_name(guint tas)
{
    switch (tas) {
    case DCSIM_DIM_TAS_REGISTER:
        return "register";
    case DCSIM_DIM_TAS_DEREGISTER:
        return "deregister";
    case DCSIM_DIM_TAS_UPDATE:
        return "update";
    default:
        return "reserved";
    }
}

static void
emit_dim(const DcsimCtrl *ctrl, guint tas, const DcsimDimData *dim, gboolean had_registration)
{
    JsonBuilder *b = dcsim_events_begin("dim");

    dcsim_events_add_string(b, "tas", tas_name(tas));
    dcsim_events_add_int(b, "cntlid", ctrl->cntlid);
    dcsim_events_add_string(b, "hostnqn", ctrl->host_nqn);
    dcsim_events_add_string(b, "hostid", ctrl->host_id);
    dcsim_events_add_bool(b, "had-registration", had_registration);
    dcsim_dim_data_to_event(dim, b);
    dcsim_events_commit(ctrl->ctx.events, b);
}

static DcsimStatus
do_dim(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, Reply *r)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(DcsimDimData) dim = NULL;
    guint         tas           = cdw(sqe, 10) & 0xf;
    const guint8 *d;
    gsize         len = 0;
    gboolean      had;

    if (ctrl->ctx.role == DCSIM_ROLE_PLAIN)
        return DCSIM_SC_INVALID_OPCODE;
    if (tas > DCSIM_DIM_TAS_UPDATE)
        return DCSIM_SC_INVALID_FIELD;
    d   = data ? g_bytes_get_data(data, &len) : NULL;
    dim = d ? dcsim_dim_data_parse(d, len, ctrl->peer_traddr, &error) : NULL;
    if (!dim) {
        g_message("dcsim: cntlid %u: DIM %s refused: %s",
                  ctrl->cntlid,
                  tas_name(tas),
                  error ? error->message : "no data");
        return DCSIM_SC_INVALID_FIELD;
    }
    had = dcsim_dim_registry_lookup(ctrl->ctx.registry, ctrl->host_nqn) != NULL;
    g_message("dcsim: cntlid %u: DIM %s by %s (eid %s, %u entries)",
              ctrl->cntlid,
              tas_name(tas),
              ctrl->host_nqn,
              dim->eid,
              dim->entries->len);
    emit_dim(ctrl, tas, dim, had);
    if (tas == DCSIM_DIM_TAS_DEREGISTER) {
        dcsim_dim_registry_remove(ctrl->ctx.registry, ctrl->host_nqn);
        r->held = ctrl->ctx.hang_deregister; /* never answered */
    } else
        dcsim_dim_registry_set(ctrl->ctx.registry, ctrl->host_nqn, g_steal_pointer(&dim));
    return DCSIM_SC_SUCCESS;
}

/* ---- Dispatch ---------------------------------------------------------------- */

static DcsimStatus
do_admin(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, Reply *r)
{
    if (!ctrl->connected || !ready(ctrl))
        return DCSIM_SC_CMD_SEQ_ERROR;
    switch (sqe[DCSIM_SQE_OPCODE]) {
    case DCSIM_OPC_GET_LOG_PAGE:
        return do_get_log_page(ctrl, sqe, r);
    case DCSIM_OPC_IDENTIFY:
        return do_identify(ctrl, sqe, r);
    case DCSIM_OPC_SET_FEATURES:
        return do_set_features(ctrl, sqe);
    case DCSIM_OPC_GET_FEATURES:
        return do_get_features(ctrl, sqe, r);
    case DCSIM_OPC_ASYNC_EVENT:
        return do_aer(ctrl, sqe, r);
    case DCSIM_OPC_KEEP_ALIVE:
        return DCSIM_SC_SUCCESS;
    case DCSIM_OPC_DIM:
        return do_dim(ctrl, sqe, data, r);
    default:
        return DCSIM_SC_INVALID_OPCODE;
    }
}

/* Base 2.0, 4.6: SQ Head Pointer; FFFFh when SQ flow control is off
 * (Base 2.0, 6.3, CATTR). */
static guint16
next_sq_head(DcsimCtrl *ctrl)
{
    if (ctrl->sqflow_disabled)
        return 0xffff;
    ctrl->sq_head = (ctrl->sq_head + 1) % ((guint32) ctrl->sqsize + 1);
    return (guint16) ctrl->sq_head;
}

gboolean
dcsim_ctrl_submit(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, DcsimCompletion *out)
{
    Reply       r      = { 0 };
    guint16     cid    = dcsim_get16(sqe + DCSIM_SQE_CID);
    guint8      opcode = sqe[DCSIM_SQE_OPCODE];
    DcsimStatus status;

    if (opcode == DCSIM_OPC_FABRICS)
        status = do_fabrics(ctrl, sqe, data, &r);
    else
        status = do_admin(ctrl, sqe, data, &r);

    if (status != DCSIM_SC_SUCCESS)
        g_message("dcsim: cntlid %u: opcode 0x%02x cid %u: status 0x%03x",
                  ctrl->cntlid,
                  opcode,
                  cid,
                  status);
    memset(out, 0, sizeof(*out));
    if (r.held) {
        next_sq_head(ctrl);
        if (ctrl->aen_pending && !ctrl->aen_masked && (ctrl->aec & DCSIM_OAES_DISC_CHANGE)) {
            complete_aer(ctrl, out);
            return TRUE;
        }
        return FALSE;
    }
    dcsim_nvme_cqe_init(out->cqe, cid, status, status != DCSIM_SC_SUCCESS, r.result);
    dcsim_put16(out->cqe + DCSIM_CQE_SQHD, next_sq_head(ctrl));
    out->data = status == DCSIM_SC_SUCCESS ? g_steal_pointer(&r.data) : NULL;
    g_clear_pointer(&r.data, g_bytes_unref);
    return TRUE;
}

guint16
dcsim_ctrl_get_cntlid(const DcsimCtrl *ctrl)
{
    return ctrl->cntlid;
}

gboolean
dcsim_ctrl_is_connected(const DcsimCtrl *ctrl)
{
    return ctrl->connected;
}

const char *
dcsim_ctrl_get_host_nqn(const DcsimCtrl *ctrl)
{
    return ctrl->host_nqn;
}

const char *
dcsim_ctrl_get_host_id(const DcsimCtrl *ctrl)
{
    return ctrl->host_id;
}

guint
dcsim_ctrl_get_held_aers(const DcsimCtrl *ctrl)
{
    return ctrl->aers->len;
}
