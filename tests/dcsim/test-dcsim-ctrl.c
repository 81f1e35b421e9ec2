/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-ctrl.c: the controller state machine without sockets:
 * Connect checks, the CC.EN -> CSTS.RDY and CC.SHN -> CSTS.SHST handshakes,
 * Identify fields at the spec's offsets (test-dcsim-spec.h), Get Log Page (offsets, NUMDU,
 * supported log pages, PLEOS), AERs held until the log changes, DIM
 * register/update/deregister, unknown opcodes.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "dcsim-ctrl.h"
#include "dcsim-nvme.h"
#include "test-dcsim-cmd.h"
#include "test-dcsim-spec.h"

#define UNIQUE_NQN "nqn.2026-01.org.example:dcsim"
#define CNTLID     7
#define PEER       "192.0.2.10"

typedef struct {
    DcsimCtrlContext ctx;
    DcsimCtrl       *ctrl;
    guint16          cid;
} Fixture;

static void
fixture_setup(Fixture *f, DcsimRole role, gboolean pleos)
{
    GByteArray *records = g_byte_array_new();

    dcsim_log_records_generate(records, 100);
    f->ctx = (DcsimCtrlContext){
        .role     = role,
        .nqn      = UNIQUE_NQN,
        .pleos    = pleos,
        .log      = dcsim_log_new(records),
        .registry = dcsim_dim_registry_new(),
        .events   = dcsim_events_new_memory(),
    };
    f->ctrl = dcsim_ctrl_new(&f->ctx, CNTLID, PEER);
    f->cid  = 1;
}

static void
fixture_teardown(Fixture *f)
{
    dcsim_ctrl_free(f->ctrl);
    dcsim_log_free(f->ctx.log);
    dcsim_dim_registry_free(f->ctx.registry);
    dcsim_events_free(f->ctx.events);
}

/* Submits; asserts a completion for the same command id with @status. */
static DcsimCompletion
run(Fixture *f, guint8 *sqe, GBytes *data, guint16 status)
{
    DcsimCompletion c;

    g_assert_true(dcsim_ctrl_submit(f->ctrl, sqe, data, &c));
    g_assert_cmpuint(dcsim_get16(c.cqe + DCSIM_CQE_CID), ==, dcsim_get16(sqe + DCSIM_SQE_CID));
    g_assert_cmphex(test_cqe_status(c.cqe), ==, status);
    g_assert_cmpint(test_cqe_dnr(c.cqe), ==, status != 0);
    return c;
}

static guint64
result(const DcsimCompletion *c)
{
    return dcsim_get64(c->cqe + DCSIM_CQE_DW0);
}

static DcsimCompletion
connect_as(Fixture *f, const char *subnqn, guint16 qid, guint16 status)
{
    guint8 sqe[64];
    g_autoptr(GBytes) data = test_connect_data(subnqn, TEST_HOSTNQN);

    test_sqe_connect(sqe, f->cid++, qid);
    return run(f, sqe, data, status);
}

static guint64
property_get(Fixture *f, guint32 ofst, gboolean wide)
{
    guint8          sqe[64];
    DcsimCompletion c;

    test_sqe_property_get(sqe, f->cid++, ofst, wide);
    c = run(f, sqe, NULL, DCSIM_SC_SUCCESS);
    return result(&c);
}

static void
property_set(Fixture *f, guint32 ofst, guint64 value, guint16 status)
{
    guint8 sqe[64];

    test_sqe_property_set(sqe, f->cid++, ofst, value);
    run(f, sqe, NULL, status);
}

/* Connect and enable, as the kernel does first. */
static void
bring_up(Fixture *f)
{
    connect_as(f, DCSIM_DISCOVERY_NQN, 0, DCSIM_SC_SUCCESS);
    property_set(f, DCSIM_PROP_CC, 0x460001, DCSIM_SC_SUCCESS);
    g_assert_cmpuint(property_get(f, DCSIM_PROP_CSTS, FALSE) & 1, ==, 1);
}

/* The last event line, parsed. */
static JsonObject *
last_event(Fixture *f, const char *type)
{
    const GPtrArray *lines       = dcsim_events_get_lines(f->ctx.events);
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *obj;

    g_assert_cmpuint(lines->len, >, 0);
    g_assert_true(json_parser_load_from_data(parser, lines->pdata[lines->len - 1], -1, NULL));
    obj = json_node_get_object(json_parser_get_root(parser));
    g_assert_cmpstr(json_object_get_string_member(obj, "event"), ==, type);
    return json_object_ref(obj);
}

static void
test_connect(void)
{
    Fixture         f;
    guint8          sqe[64];
    DcsimCompletion c;
    g_autoptr(JsonObject) ev = NULL;

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    /* nothing but Connect before Connect */
    test_sqe_identify(sqe, 99, 1);
    run(&f, sqe, NULL, DCSIM_SC_CMD_SEQ_ERROR);
    test_sqe_property_get(sqe, 98, DCSIM_PROP_CAP, TRUE);
    run(&f, sqe, NULL, DCSIM_SC_CMD_SEQ_ERROR);
    /* I/O queue: IATTR 0, IPO = QID's offset in the SQE */
    c = connect_as(&f, DCSIM_DISCOVERY_NQN, 1, DCSIM_SC_CONNECT_INVALID);
    g_assert_cmphex(result(&c), ==, 42);
    /* unknown subsystem: IATTR 1, IPO = SUBNQN's offset in the data */
    c = connect_as(&f, "nqn.2026-01.org.example:other", 0, DCSIM_SC_CONNECT_INVALID);
    g_assert_cmphex(result(&c), ==, 0x10000 | offsetof(TestConnectData, subsysnqn));
    g_assert_false(dcsim_ctrl_is_connected(f.ctrl));
    /* the unique NQN is accepted; CNTLID in DW0 */
    c = connect_as(&f, UNIQUE_NQN, 0, DCSIM_SC_SUCCESS);
    g_assert_cmpuint(result(&c), ==, CNTLID);
    g_assert_cmpstr(dcsim_ctrl_get_host_nqn(f.ctrl), ==, TEST_HOSTNQN);
    g_assert_cmpstr(dcsim_ctrl_get_host_id(f.ctrl), ==, TEST_HOSTID);
    ev = last_event(&f, "connect");
    g_assert_cmpstr(json_object_get_string_member(ev, "hostnqn"), ==, TEST_HOSTNQN);
    g_assert_cmpstr(json_object_get_string_member(ev, "hostid"), ==, TEST_HOSTID);
    g_assert_cmpint(json_object_get_int_member(ev, "cntlid"), ==, CNTLID);
    g_assert_cmpint(json_object_get_int_member(ev, "queue"), ==, 0);
    /* once only */
    connect_as(&f, UNIQUE_NQN, 0, DCSIM_SC_CMD_SEQ_ERROR);
    fixture_teardown(&f);
}

static void
test_properties(void)
{
    Fixture         f;
    guint8          sqe[64];
    guint64         cap;
    DcsimCompletion c;

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    connect_as(&f, DCSIM_DISCOVERY_NQN, 0, DCSIM_SC_SUCCESS);
    cap = property_get(&f, DCSIM_PROP_CAP, TRUE);
    g_assert_cmpuint(cap & 0xffff, ==, DCSIM_MAXCMD - 1); /* MQES */
    g_assert_cmpuint((cap >> 16) & 1, ==, 1);             /* CQR */
    g_assert_cmpuint((cap >> 24) & 0xff, >, 0);           /* TO */
    g_assert_cmpuint((cap >> 37) & 1, ==, 1);             /* CSS NVM */
    g_assert_cmphex(property_get(&f, DCSIM_PROP_VS, FALSE), ==, 0x00020000);
    /* CAP is 8 bytes, VS 4 */
    test_sqe_property_get(sqe, 50, DCSIM_PROP_CAP, FALSE);
    run(&f, sqe, NULL, DCSIM_SC_INVALID_FIELD);
    test_sqe_property_get(sqe, 51, 0x30, FALSE);
    run(&f, sqe, NULL, DCSIM_SC_INVALID_FIELD);
    /* read-only */
    property_set(&f, DCSIM_PROP_CSTS, 1, DCSIM_SC_INVALID_FIELD);

    /* admin commands wait for CSTS.RDY */
    g_assert_cmpuint(property_get(&f, DCSIM_PROP_CSTS, FALSE), ==, 0);
    test_sqe_identify(sqe, 52, 1);
    run(&f, sqe, NULL, DCSIM_SC_CMD_SEQ_ERROR);
    property_set(&f, DCSIM_PROP_CC, 0x460001, DCSIM_SC_SUCCESS);
    g_assert_cmphex(property_get(&f, DCSIM_PROP_CC, FALSE), ==, 0x460001);
    g_assert_cmphex(property_get(&f, DCSIM_PROP_CSTS, FALSE), ==, 0x1);
    c = run(&f, sqe, NULL, DCSIM_SC_SUCCESS);
    g_assert_nonnull(c.data);
    dcsim_completion_clear(&c);
    /* normal shutdown: SHST complete */
    property_set(&f, DCSIM_PROP_CC, 0x464001, DCSIM_SC_SUCCESS);
    g_assert_cmphex(property_get(&f, DCSIM_PROP_CSTS, FALSE), ==, 0x9);
    /* disable: not ready */
    property_set(&f, DCSIM_PROP_CC, 0x460000, DCSIM_SC_SUCCESS);
    g_assert_cmphex(property_get(&f, DCSIM_PROP_CSTS, FALSE), ==, 0x0);
    fixture_teardown(&f);
}

static void
check_identify(DcsimRole role)
{
    Fixture         f;
    guint8          sqe[64];
    DcsimCompletion c;
    TestIdCtrl      id;

    fixture_setup(&f, role, FALSE);
    bring_up(&f);
    test_sqe_identify(sqe, 10, 1);
    c = run(&f, sqe, NULL, DCSIM_SC_SUCCESS);
    g_assert_cmpuint(g_bytes_get_size(c.data), ==, sizeof(id));
    memcpy(&id, g_bytes_get_data(c.data, NULL), sizeof(id));
    dcsim_completion_clear(&c);

    g_assert_cmpuint(id.cntrltype, ==, TEST_CNTRLTYPE_DISCOVERY);
    g_assert_cmpuint(id.dctype, ==, role);
    g_assert_cmphex(GUINT32_FROM_LE(id.oaes), ==, 1u << 31);
    g_assert_cmpuint(GUINT16_FROM_LE(id.cntlid), ==, CNTLID);
    g_assert_cmphex(GUINT32_FROM_LE(id.ver), ==, 0x00020000);
    g_assert_cmpstr(id.subnqn, ==, UNIQUE_NQN);
    g_assert_cmpuint(GUINT16_FROM_LE(id.kas), >, 0);
    g_assert_cmpuint(GUINT16_FROM_LE(id.maxcmd), ==, DCSIM_MAXCMD);
    g_assert_cmpuint(GUINT32_FROM_LE(id.sgls) & 0x3, ==, 1);
    g_assert_cmpuint(GUINT32_FROM_LE(id.ioccsz), ==, 4);
    g_assert_cmpuint(GUINT32_FROM_LE(id.iorcsz), ==, 1);
    g_assert_cmpuint(GUINT16_FROM_LE(id.icdoff), ==, 0);
    g_assert_cmpuint(id.lpa & 0x2, ==, 0); /* no commands supported and effects log */
    g_assert_cmpuint(id.aerl, ==, 3);
    g_assert_cmpmem(id.sn, 9, "dcsim0001", 9);
    g_assert_cmpuint(id.sn[19], ==, ' ');

    test_sqe_identify(sqe, 11, 0);
    run(&f, sqe, NULL, DCSIM_SC_INVALID_FIELD);
    test_sqe_identify(sqe, 12, 1);
    dcsim_put32(sqe + DCSIM_SGL_LENGTH, 100);
    run(&f, sqe, NULL, DCSIM_SC_SGL_LENGTH);
    fixture_teardown(&f);
}

static void
test_identify(void)
{
    check_identify(DCSIM_ROLE_PLAIN);
    check_identify(DCSIM_ROLE_DDC);
    check_identify(DCSIM_ROLE_CDC);
}

static GBytes *
get_log(Fixture *f,
        guint8   lid,
        guint8   lsp,
        gboolean rae,
        guint64  offset,
        guint32  len,
        guint16  status)
{
    guint8          sqe[64];
    DcsimCompletion c;

    test_sqe_get_log(sqe, f->cid++, lid, lsp, rae, offset, len);
    c = run(f, sqe, NULL, status);
    if (status == DCSIM_SC_SUCCESS)
        g_assert_cmpuint(g_bytes_get_size(c.data), ==, len);
    return c.data;
}

static void
test_get_log_page(void)
{
    Fixture f;
    g_autoptr(GBytes) header = NULL;
    g_autoptr(GBytes) big    = NULL;
    g_autoptr(GBytes) part   = NULL;
    g_autoptr(JsonObject) ev = NULL;
    guint64 size;

    fixture_setup(&f, DCSIM_ROLE_DDC, FALSE);
    bring_up(&f);
    size   = dcsim_log_size(f.ctx.log);
    header = get_log(&f, 0x70, 0, TRUE, 0, 1024, DCSIM_SC_SUCCESS);
    g_assert_cmpuint(dcsim_get64((const guint8 *) g_bytes_get_data(header, NULL) + 8), ==, 100);

    /* more than 64 Ki dwords' worth needs NUMDU: the whole log at once */
    big = get_log(&f, 0x70, 0, TRUE, 0, (guint32) size, DCSIM_SC_SUCCESS);
    g_assert_cmpmem(g_bytes_get_data(big, NULL), 1024, g_bytes_get_data(header, NULL), 1024);
    /* a partial read mid-entry, 64-bit offset in LPOL/LPOU */
    part = get_log(&f, 0x70, 0x02, FALSE, 1024 + 50 * 1024 + 256, 260, DCSIM_SC_SUCCESS);
    g_assert_cmpmem(g_bytes_get_data(part, NULL),
                    260,
                    (const guint8 *) g_bytes_get_data(big, NULL) + 1024 + 50 * 1024 + 256,
                    260);
    ev = last_event(&f, "log-read");
    g_assert_cmpint(json_object_get_int_member(ev, "offset"), ==, 1024 + 50 * 1024 + 256);
    g_assert_cmpint(json_object_get_int_member(ev, "length"), ==, 260);
    g_assert_cmpint(json_object_get_int_member(ev, "genctr"), ==, 0);
    g_assert_true(json_object_get_boolean_member(ev, "pleo"));
    g_assert_false(json_object_get_boolean_member(ev, "rae"));

    /* up to the end is fine, past it is not; offsets are dword aligned */
    g_bytes_unref(get_log(&f, 0x70, 0, TRUE, size, 4, DCSIM_SC_SUCCESS));
    get_log(&f, 0x70, 0, TRUE, size + 4, 4, DCSIM_SC_INVALID_FIELD);
    get_log(&f, 0x70, 0, TRUE, 2, 4, DCSIM_SC_INVALID_FIELD);
    get_log(&f, 0x70, 0, TRUE, 1ull << 40, 4, DCSIM_SC_INVALID_FIELD);
    get_log(&f, 0x05, 0, TRUE, 0, 512, DCSIM_SC_INVALID_LOG_PAGE);
    fixture_teardown(&f);
}

/* --mdts: Identify reports it, and a longer Get Log Page is refused. */
static void
test_mdts(void)
{
    Fixture         f;
    guint8          sqe[64];
    DcsimCompletion c;
    TestIdCtrl      id;

    fixture_setup(&f, DCSIM_ROLE_DDC, FALSE);
    f.ctx.mdts = 1; /* 8 KiB; the controller keeps a copy of its context */
    dcsim_ctrl_free(f.ctrl);
    f.ctrl = dcsim_ctrl_new(&f.ctx, CNTLID, PEER);
    bring_up(&f);
    test_sqe_identify(sqe, f.cid++, 1);
    c = run(&f, sqe, NULL, DCSIM_SC_SUCCESS);
    memcpy(&id, g_bytes_get_data(c.data, NULL), sizeof(id));
    dcsim_completion_clear(&c);
    g_assert_cmpuint(id.mdts, ==, 1);
    g_bytes_unref(get_log(&f, 0x70, 0, TRUE, 0, 8192, DCSIM_SC_SUCCESS));
    get_log(&f, 0x70, 0, TRUE, 0, 8196, DCSIM_SC_INVALID_FIELD);
    fixture_teardown(&f);
}

static void
check_supported_logs(gboolean pleos)
{
    Fixture f;
    g_autoptr(GBytes) page = NULL;
    const guint8 *p;

    fixture_setup(&f, DCSIM_ROLE_DDC, pleos);
    bring_up(&f);
    page = get_log(&f, 0x00, 0, TRUE, 0, 1024, DCSIM_SC_SUCCESS);
    p    = g_bytes_get_data(page, NULL);
    g_assert_cmphex(dcsim_get32(p + 4 * 0x70) & 1, ==, 1);
    /* as the engine reads it: LID specific bits 31:16 */
    g_assert_cmpint(((dcsim_get32(p + 4 * 0x70) >> 16) & NMNVME_DISC_LIDSP_PLEOS) != 0, ==, pleos);
    g_assert_cmphex(dcsim_get32(p + 4 * 0x02), ==, 0);
    fixture_teardown(&f);
}

static void
test_supported_logs(void)
{
    check_supported_logs(FALSE);
    check_supported_logs(TRUE);
}

static void
test_genctr_per_read(void)
{
    Fixture f;
    guint64 g1, g2;

    fixture_setup(&f, DCSIM_ROLE_DDC, FALSE);
    f.ctx.genctr_per_read = TRUE;
    dcsim_ctrl_free(f.ctrl);
    f.ctrl = dcsim_ctrl_new(&f.ctx, CNTLID, PEER);
    bring_up(&f);
    {
        g_autoptr(GBytes) a = get_log(&f, 0x70, 0, TRUE, 0, 16, DCSIM_SC_SUCCESS);
        g_autoptr(GBytes) b = get_log(&f, 0x70, 0, TRUE, 0, 16, DCSIM_SC_SUCCESS);

        g1 = dcsim_get64(g_bytes_get_data(a, NULL));
        g2 = dcsim_get64(g_bytes_get_data(b, NULL));
    }
    g_assert_cmpuint(g2, !=, g1);
    fixture_teardown(&f);
}

static gboolean
submit_aer(Fixture *f, guint16 cid, DcsimCompletion *c)
{
    guint8 sqe[64];

    test_sqe_init(sqe, DCSIM_OPC_ASYNC_EVENT, cid, 0);
    return dcsim_ctrl_submit(f->ctrl, sqe, NULL, c);
}

static void
assert_aen(const DcsimCompletion *c, guint16 cid)
{
    g_assert_cmpuint(dcsim_get16(c->cqe + DCSIM_CQE_CID), ==, cid);
    g_assert_cmphex(test_cqe_status(c->cqe), ==, 0);
    g_assert_cmphex(dcsim_get32(c->cqe + DCSIM_CQE_DW0), ==, 0x0070f002);
}

/* The log changes (as on SIGHUP). */
static gboolean
change(Fixture *f, DcsimCompletion *c)
{
    dcsim_log_replace(f->ctx.log, g_byte_array_new());
    return dcsim_ctrl_log_changed(f->ctrl, c);
}

static void
test_aer(void)
{
    Fixture         f;
    guint8          sqe[64];
    DcsimCompletion c;
    g_autoptr(JsonObject) ev = NULL;

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    bring_up(&f);
    /* not enabled yet: the change is not reported */
    g_assert_false(submit_aer(&f, 31, &c));
    g_assert_false(change(&f, &c));
    test_sqe_set_features(sqe, 2, DCSIM_FID_ASYNC_EVENT, 1u << 31);
    run(&f, sqe, NULL, DCSIM_SC_SUCCESS);

    /* held, then completed by the change */
    g_assert_cmpuint(dcsim_ctrl_get_held_aers(f.ctrl), ==, 1);
    g_assert_true(change(&f, &c));
    assert_aen(&c, 31);
    g_assert_cmpuint(dcsim_ctrl_get_held_aers(f.ctrl), ==, 0);
    ev = last_event(&f, "aer-complete");
    g_assert_cmpint(json_object_get_int_member(ev, "dw0"), ==, 0x0070f002);
    g_assert_cmpint(json_object_get_int_member(ev, "cntlid"), ==, CNTLID);

    /* masked until the log is read with RAE clear */
    g_assert_false(submit_aer(&f, 31, &c));
    g_assert_false(change(&f, &c));
    g_bytes_unref(get_log(&f, 0x70, 0, TRUE, 0, 1024, DCSIM_SC_SUCCESS));
    g_assert_false(change(&f, &c));
    g_bytes_unref(get_log(&f, 0x70, 0, FALSE, 0, 1024, DCSIM_SC_SUCCESS));
    g_assert_true(change(&f, &c));
    assert_aen(&c, 31);

    /* a change while no AER is outstanding completes the next one at once */
    g_bytes_unref(get_log(&f, 0x70, 0, FALSE, 0, 1024, DCSIM_SC_SUCCESS));
    g_assert_false(change(&f, &c));
    g_assert_true(submit_aer(&f, 30, &c));
    assert_aen(&c, 30);

    /* AERL + 1 = 4 outstanding at most */
    for (guint16 cid = 40; cid < 44; cid++)
        g_assert_false(submit_aer(&f, cid, &c));
    test_sqe_init(sqe, DCSIM_OPC_ASYNC_EVENT, 44, 0);
    run(&f, sqe, NULL, DCSIM_SC_AER_LIMIT);
    fixture_teardown(&f);
}

static void
dim(Fixture *f, guint8 tas, GBytes *data, guint16 status)
{
    guint8 sqe[64];

    test_sqe_dim(sqe, f->cid++, tas, data ? (guint32) g_bytes_get_size(data) : 0);
    run(f, sqe, data, status);
}

/* --hang-deregister: registration answered, deregistration recorded but
 * never answered. */
static void
test_hang_deregister(void)
{
    g_autoptr(GBytes) reg = test_dim_data("", "host-one");
    Fixture         f;
    DcsimCompletion c;
    guint8          sqe[64];

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    f.ctx.hang_deregister = TRUE;
    dcsim_ctrl_free(f.ctrl);
    f.ctrl = dcsim_ctrl_new(&f.ctx, CNTLID, PEER);
    bring_up(&f);
    dim(&f, DCSIM_DIM_TAS_REGISTER, reg, DCSIM_SC_SUCCESS);
    test_sqe_dim(sqe, f.cid++, DCSIM_DIM_TAS_DEREGISTER, (guint32) g_bytes_get_size(reg));
    g_assert_false(dcsim_ctrl_submit(f.ctrl, sqe, reg, &c));
    g_assert_null(dcsim_dim_registry_lookup(f.ctx.registry, TEST_HOSTNQN));
    fixture_teardown(&f);
}

static void
test_dim(void)
{
    Fixture f;
    g_autoptr(GBytes) reg    = test_dim_data("", "host-one");
    g_autoptr(GBytes) upd    = test_dim_data("192.0.2.99", NULL);
    g_autoptr(GBytes) cut    = g_bytes_new_from_bytes(reg, 0, 1500);
    g_autoptr(JsonObject) ev = NULL;
    const DcsimDimData  *d;
    const DcsimDimEntry *e;
    JsonObject          *entry;

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    bring_up(&f);
    dim(&f, DCSIM_DIM_TAS_REGISTER, reg, DCSIM_SC_SUCCESS);
    d = dcsim_dim_registry_lookup(f.ctx.registry, TEST_HOSTNQN);
    g_assert_nonnull(d);
    g_assert_cmpuint(d->etype, ==, TEST_DIM_ETYPE_HOST);
    g_assert_cmpstr(d->eid, ==, TEST_HOSTNQN);
    g_assert_cmpstr(d->ename, ==, "testhost");
    g_assert_cmpuint(d->entries->len, ==, 1);
    e = d->entries->pdata[0];
    g_assert_cmpstr(e->nqn, ==, TEST_HOSTNQN);
    g_assert_cmpstr(e->traddr, ==, PEER); /* empty: the socket's address */
    g_assert_true(e->traddr_inferred);
    g_assert_cmpstr(e->symname, ==, "host-one");
    g_assert_cmpstr(e->hostid, ==, "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
    ev    = last_event(&f, "dim");
    entry = json_array_get_object_element(json_object_get_array_member(ev, "entries"), 0);
    g_assert_cmpstr(json_object_get_string_member(ev, "tas"), ==, "register");
    g_assert_cmpstr(json_object_get_string_member(ev, "hostnqn"), ==, TEST_HOSTNQN);
    g_assert_cmpstr(json_object_get_string_member(entry, "symname"), ==, "host-one");
    g_assert_cmpstr(json_object_get_string_member(entry, "traddr"), ==, PEER);
    g_clear_pointer(&ev, json_object_unref);

    dim(&f, DCSIM_DIM_TAS_UPDATE, upd, DCSIM_SC_SUCCESS);
    e = dcsim_dim_registry_lookup(f.ctx.registry, TEST_HOSTNQN)->entries->pdata[0];
    g_assert_cmpstr(e->traddr, ==, "192.0.2.99");
    g_assert_null(e->symname);
    g_assert_cmpuint(dcsim_dim_registry_size(f.ctx.registry), ==, 1);

    dim(&f, DCSIM_DIM_TAS_DEREGISTER, upd, DCSIM_SC_SUCCESS);
    g_assert_null(dcsim_dim_registry_lookup(f.ctx.registry, TEST_HOSTNQN));
    ev = last_event(&f, "dim");
    g_assert_cmpstr(json_object_get_string_member(ev, "tas"), ==, "deregister");
    g_assert_true(json_object_get_boolean_member(ev, "had-registration"));

    /* bad requests */
    dim(&f, 5, reg, DCSIM_SC_INVALID_FIELD);
    dim(&f, DCSIM_DIM_TAS_REGISTER, cut, DCSIM_SC_INVALID_FIELD);
    dim(&f, DCSIM_DIM_TAS_REGISTER, NULL, DCSIM_SC_INVALID_FIELD);
    g_assert_cmpuint(dcsim_dim_registry_size(f.ctx.registry), ==, 0);
    fixture_teardown(&f);

    /* a plain discovery controller has no DIM */
    fixture_setup(&f, DCSIM_ROLE_PLAIN, FALSE);
    bring_up(&f);
    dim(&f, DCSIM_DIM_TAS_REGISTER, reg, DCSIM_SC_INVALID_OPCODE);
    fixture_teardown(&f);
}

static void
test_unknown_opcodes(void)
{
    static const guint8 opcodes[] = { 0x01, 0x04, 0x05, 0x08, 0x10, 0x80, 0xc0, 0xff };
    Fixture             f;
    guint8              sqe[64];

    fixture_setup(&f, DCSIM_ROLE_CDC, FALSE);
    bring_up(&f);
    for (guint i = 0; i < G_N_ELEMENTS(opcodes); i++) {
        test_sqe_init(sqe, opcodes[i], (guint16) (100 + i), 4096);
        run(&f, sqe, NULL, DCSIM_SC_INVALID_OPCODE);
    }
    /* a Fabrics command type dcsim does not serve (Authentication Send) */
    test_sqe_init(sqe, DCSIM_OPC_FABRICS, 200, 0);
    sqe[DCSIM_SQE_FCTYPE] = 0x05;
    run(&f, sqe, NULL, DCSIM_SC_INVALID_OPCODE);
    /* Keep Alive */
    test_sqe_init(sqe, DCSIM_OPC_KEEP_ALIVE, 201, 0);
    run(&f, sqe, NULL, DCSIM_SC_SUCCESS);
    fixture_teardown(&f);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dcsim/ctrl/connect", test_connect);
    g_test_add_func("/dcsim/ctrl/properties", test_properties);
    g_test_add_func("/dcsim/ctrl/identify", test_identify);
    g_test_add_func("/dcsim/ctrl/get-log-page", test_get_log_page);
    g_test_add_func("/dcsim/ctrl/mdts", test_mdts);
    g_test_add_func("/dcsim/ctrl/supported-logs", test_supported_logs);
    g_test_add_func("/dcsim/ctrl/genctr-per-read", test_genctr_per_read);
    g_test_add_func("/dcsim/ctrl/aer", test_aer);
    g_test_add_func("/dcsim/ctrl/dim", test_dim);
    g_test_add_func("/dcsim/ctrl/hang-deregister", test_hang_deregister);
    g_test_add_func("/dcsim/ctrl/unknown-opcodes", test_unknown_opcodes);
    return g_test_run();
}
