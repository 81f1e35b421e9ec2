/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-conn.c: a host connection on the main loop.
 */
#include "config.h"

#include "dcsim-conn.h"

#include <string.h>

#include "dcsim-nvme.h"
#include "dcsim-pdu.h"

/* Admin queue in-capsule data: Linux sends up to 8 KiB (NVME_TCP_ADMIN_CCSZ);
 * accept some more. */
#define MAX_CAPSULE_DATA 65536
/* The most host data of one command fetched with R2T. */
#define MAX_H2C_DATA (1024 * 1024)
/* Back-pressure: a host that sends commands but does not read the answers
 * stops being read once this much output is queued (sent or delayed), and is
 * read again below the low mark. */
#define OUT_HIGH_WATER (4 * 1024 * 1024)
#define OUT_LOW_WATER  (1024 * 1024)

/* A command whose host data is fetched with R2T. */
typedef struct {
    guint8      sqe[DCSIM_SQE_SIZE];
    GByteArray *data;
    guint32     len;     /* all of it */
    guint32     r2t_end; /* end of the data asked for by the last R2T */
    guint16     ttag;
} Pending;

/* Response bytes waiting for their time (--delay-ms). */
typedef struct {
    gint64      due;
    GByteArray *bytes;
} Delayed;

struct _DcsimConn {
    GSocketConnection *connection;
    GSocket           *socket;
    GSource           *in_source;
    GSource           *out_source;
    guint              delay_timer;
    guint              close_idle;
    guint              resume_idle;

    DcsimPduParser *parser;
    DcsimCtrl      *ctrl;
    DcsimEvents    *events;
    guint           delay_ms;
    char           *peer;

    gboolean    ic_done;
    gboolean    closing; /* flushing a termination, then closing */
    gboolean    closed;
    gboolean    paused; /* not reading: too much output queued */
    GByteArray *out;
    gsize       delayed_bytes;
    GQueue      delayed; /* of Delayed */
    GQueue      pending; /* of Pending; the head has an R2T outstanding */
    guint16     next_ttag;

    DcsimConnClosedFunc closed_func;
    gpointer            user_data;
};

static void pending_free(gpointer p);
static void delayed_free(gpointer p);
static void flush(DcsimConn *conn);
static void start_reading(DcsimConn *conn);
static void process_input(DcsimConn *conn);

char *
dcsim_conn_peer_address(GSocketConnection *connection)
{
    g_autoptr(GSocketAddress) sa = g_socket_connection_get_remote_address(connection, NULL);
    GInetAddress *addr;
    const guint8 *b;

    if (!sa || !G_IS_INET_SOCKET_ADDRESS(sa))
        return g_strdup("");
    addr = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(sa));
    b    = g_inet_address_to_bytes(addr);
    if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6 && b[10] == 0xff && b[11] == 0xff &&
        memcmp(b, "\0\0\0\0\0\0\0\0\0\0", 10) == 0)
        return g_strdup_printf("%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    return g_inet_address_to_string(addr);
}

/* ---- closing ------------------------------------------------------------- */

static void
emit_disconnect(const DcsimConn *conn, const char *reason)
{
    JsonBuilder *b = dcsim_events_begin("disconnect");

    dcsim_events_add_int(b, "cntlid", dcsim_ctrl_get_cntlid(conn->ctrl));
    dcsim_events_add_string(b, "hostnqn", dcsim_ctrl_get_host_nqn(conn->ctrl));
    dcsim_events_add_string(b, "peer", conn->peer);
    dcsim_events_add_string(b, "reason", reason);
    dcsim_events_commit(conn->events, b);
}

static gboolean
on_close_idle(gpointer user_data)
{
    DcsimConn *conn = user_data;

    conn->close_idle = 0;
    conn->closed_func(conn, conn->user_data);
    return G_SOURCE_REMOVE;
}

static void
destroy_sources(DcsimConn *conn)
{
    if (conn->in_source)
        g_source_destroy(conn->in_source);
    g_clear_pointer(&conn->in_source, g_source_unref);
    if (conn->out_source)
        g_source_destroy(conn->out_source);
    g_clear_pointer(&conn->out_source, g_source_unref);
    g_clear_handle_id(&conn->delay_timer, g_source_remove);
    g_clear_handle_id(&conn->resume_idle, g_source_remove);
}

/* Stops all I/O; the owner is told from an idle callback. */
static void
conn_close(DcsimConn *conn, const char *reason)
{
    if (conn->closed)
        return;
    conn->closed = TRUE;
    destroy_sources(conn);
    g_socket_close(conn->socket, NULL);
    g_message("dcsim: %s: cntlid %u: closed: %s",
              conn->peer,
              dcsim_ctrl_get_cntlid(conn->ctrl),
              reason);
    emit_disconnect(conn, reason);
    conn->close_idle = g_idle_add(on_close_idle, conn);
}

/* Sends a C2HTermReq for @fault and closes once it is written. */
static void
terminate(DcsimConn *conn, const DcsimPduFault *fault, const char *why)
{
    g_message("dcsim: %s: terminating the connection: %s", conn->peer, why);
    /* nothing may follow the termination request (NVMe/TCP 1.0, 3.6.2.4) */
    g_clear_handle_id(&conn->delay_timer, g_source_remove);
    g_queue_clear_full(&conn->delayed, delayed_free);
    conn->delayed_bytes = 0;
    dcsim_pdu_build_c2h_term_req(conn->out, fault);
    conn->closing = TRUE;
    if (conn->in_source)
        g_source_destroy(conn->in_source);
    g_clear_pointer(&conn->in_source, g_source_unref);
    flush(conn);
}

/* ---- writing --------------------------------------------------------------- */

/* Reads again after a pause: first what the parser holds already. */
static gboolean
on_resume(gpointer user_data)
{
    DcsimConn *conn = user_data;

    conn->resume_idle = 0;
    conn->paused      = FALSE;
    process_input(conn);
    if (!conn->paused && !conn->closed && !conn->closing)
        start_reading(conn);
    return G_SOURCE_REMOVE;
}

static gboolean
on_writable(GSocket *socket, GIOCondition cond, gpointer user_data)
{
    DcsimConn *conn = user_data;

    g_clear_pointer(&conn->out_source, g_source_unref);
    flush(conn);
    return G_SOURCE_REMOVE;
}

static void
flush(DcsimConn *conn)
{
    while (conn->out->len > 0 && !conn->closed) {
        g_autoptr(GError) error = NULL;
        gssize n                = g_socket_send(conn->socket,
                                 (const char *) conn->out->data,
                                 conn->out->len,
                                 NULL,
                                 &error);

        if (n < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            if (!conn->out_source) {
                conn->out_source = g_socket_create_source(conn->socket, G_IO_OUT, NULL);
                g_source_set_callback(conn->out_source, G_SOURCE_FUNC(on_writable), conn, NULL);
                g_source_attach(conn->out_source, NULL);
            }
            return;
        }
        if (n < 0) {
            conn_close(conn, error->message);
            return;
        }
        g_byte_array_remove_range(conn->out, 0, (guint) n);
    }
    if (conn->closing && !conn->closed)
        conn_close(conn, "terminated");
    else if (conn->paused && !conn->resume_idle &&
             conn->out->len + conn->delayed_bytes < OUT_LOW_WATER)
        conn->resume_idle = g_idle_add(on_resume, conn);
}

static void arm_delay_timer(DcsimConn *conn);

static gboolean
on_delay_timer(gpointer user_data)
{
    DcsimConn *conn = user_data;
    gint64     now  = g_get_monotonic_time();
    Delayed   *d;

    conn->delay_timer = 0;
    while ((d = g_queue_peek_head(&conn->delayed)) && d->due <= now) {
        g_queue_pop_head(&conn->delayed);
        g_byte_array_append(conn->out, d->bytes->data, d->bytes->len);
        conn->delayed_bytes -= d->bytes->len;
        delayed_free(d);
    }
    arm_delay_timer(conn);
    flush(conn);
    return G_SOURCE_REMOVE;
}

static void
arm_delay_timer(DcsimConn *conn)
{
    Delayed *d = g_queue_peek_head(&conn->delayed);
    gint64   wait_us;

    if (!d || conn->delay_timer)
        return;
    wait_us           = MAX(d->due - g_get_monotonic_time(), 0);
    conn->delay_timer = g_timeout_add((guint) ((wait_us + 999) / 1000), on_delay_timer, conn);
}

/* Queues one command's response PDUs (consumed), after --delay-ms. */
static void
send_response(DcsimConn *conn, GByteArray *bytes)
{
    Delayed *d;

    if (conn->delay_ms == 0) {
        g_byte_array_append(conn->out, bytes->data, bytes->len);
        g_byte_array_unref(bytes);
        flush(conn);
        return;
    }
    d        = g_new0(Delayed, 1);
    d->due   = g_get_monotonic_time() + (gint64) conn->delay_ms * 1000;
    d->bytes = bytes;
    conn->delayed_bytes += bytes->len;
    g_queue_push_tail(&conn->delayed, d);
    arm_delay_timer(conn);
}

/* C2HData (when there is data; at most the SGL's length) then CapsuleResp.
 * SUCCESS is never set, so the host always waits for the CapsuleResp. */
static void
send_completion(DcsimConn *conn, DcsimCompletion *c, guint32 sgl_len)
{
    GByteArray *bytes = g_byte_array_new();
    guint16     cid   = dcsim_get16(c->cqe + DCSIM_CQE_CID);

    if (c->data) {
        gsize         len;
        const guint8 *data = g_bytes_get_data(c->data, &len);

        len = MIN(len, sgl_len);
        if (len > 0)
            dcsim_pdu_build_c2h_data(bytes, cid, 0, data, (guint32) len, TRUE);
    }
    dcsim_pdu_build_capsule_resp(bytes, c->cqe);
    dcsim_completion_clear(c);
    send_response(conn, bytes);
}

/* ---- commands ----------------------------------------------------------- */

static void
execute(DcsimConn *conn, const guint8 *sqe, GBytes *data)
{
    DcsimCompletion c;

    if (dcsim_ctrl_submit(conn->ctrl, sqe, data, &c))
        send_completion(conn, &c, dcsim_get32(sqe + DCSIM_SGL_LENGTH));
}

static void
fail_command(DcsimConn *conn, const guint8 *sqe, DcsimStatus status)
{
    DcsimCompletion c = { 0 };

    dcsim_nvme_cqe_init(c.cqe, dcsim_get16(sqe + DCSIM_SQE_CID), status, TRUE, 0);
    send_completion(conn, &c, 0);
}

/* Asks for the next part of the head command's data. */
static void
send_r2t(DcsimConn *conn)
{
    Pending    *p     = g_queue_peek_head(&conn->pending);
    GByteArray *bytes = g_byte_array_new();
    guint32     len   = MIN(p->len - p->data->len, DCSIM_PDU_MAXH2CDATA);

    p->r2t_end = p->data->len + len;
    dcsim_pdu_build_r2t(bytes, dcsim_get16(p->sqe + DCSIM_SQE_CID), p->ttag, p->data->len, len);
    g_byte_array_append(conn->out, bytes->data, bytes->len);
    g_byte_array_unref(bytes);
    flush(conn);
}

static void
queue_pending(DcsimConn *conn, const guint8 *sqe, guint32 len)
{
    Pending *p = g_new0(Pending, 1);

    memcpy(p->sqe, sqe, DCSIM_SQE_SIZE);
    p->data = g_byte_array_new(); /* grows as H2CData arrives */
    p->len  = len;
    p->ttag = conn->next_ttag++;
    g_queue_push_tail(&conn->pending, p);
    if (g_queue_get_length(&conn->pending) == 1)
        send_r2t(conn);
}

static void
handle_capsule(DcsimConn *conn, const DcsimPdu *pdu)
{
    const guint8 *sqe     = pdu->header + DCSIM_PDU_CH_SIZE;
    guint32       sgl_len = dcsim_get32(sqe + DCSIM_SGL_LENGTH);

    if (pdu->data) {
        if (sqe[DCSIM_SGL_ID] != DCSIM_SGL_ID_INCAPSULE || sgl_len > g_bytes_get_size(pdu->data))
            fail_command(conn, sqe, DCSIM_SC_SGL_LENGTH);
        else
            execute(conn, sqe, pdu->data);
    } else if (dcsim_nvme_sqe_is_h2c(sqe) && sgl_len > 0) {
        if (sqe[DCSIM_SGL_ID] != DCSIM_SGL_ID_TRANSPORT || sgl_len > MAX_H2C_DATA)
            fail_command(conn, sqe, DCSIM_SC_SGL_LENGTH);
        else if (g_queue_get_length(&conn->pending) >= DCSIM_MAXCMD)
            fail_command(conn, sqe, DCSIM_SC_CMD_SEQ_ERROR); /* more than MAXCMD outstanding */
        else
            queue_pending(conn, sqe, sgl_len);
    } else {
        execute(conn, sqe, NULL);
    }
}

/* H2CData for the head pending command (NVMe/TCP 1.0, 3.6.2.8). */
static void
handle_h2c_data(DcsimConn *conn, const DcsimPdu *pdu)
{
    Pending      *p = g_queue_peek_head(&conn->pending);
    const guint8 *h = pdu->header;
    gsize         len;
    const guint8 *data = pdu->data ? g_bytes_get_data(pdu->data, &len) : NULL;
    DcsimPduFault fault;

    if (!p || dcsim_get16(h + DCSIM_DATA_TTAG) != p->ttag ||
        dcsim_get16(h + DCSIM_DATA_CCCID) != dcsim_get16(p->sqe + DCSIM_SQE_CID)) {
        dcsim_pdu_fault_init(&fault, DCSIM_PDU_FES_INVALID_HEADER, DCSIM_DATA_TTAG, pdu);
        terminate(conn, &fault, "H2CData for no outstanding R2T");
        return;
    }
    if (!data || dcsim_get32(h + DCSIM_DATA_OFFS) != p->data->len ||
        dcsim_get32(h + DCSIM_DATA_LEN) != len || p->data->len + len > p->r2t_end) {
        dcsim_pdu_fault_init(&fault, DCSIM_PDU_FES_OUT_OF_RANGE, DCSIM_DATA_OFFS, pdu);
        terminate(conn, &fault, "H2CData outside the R2T's range");
        return;
    }
    g_byte_array_append(p->data, data, (guint) len);
    if (p->data->len < p->r2t_end)
        return;
    if (p->data->len < p->len) {
        send_r2t(conn);
        return;
    }
    g_queue_pop_head(&conn->pending);
    {
        g_autoptr(GBytes) all = g_byte_array_free_to_bytes(g_steal_pointer(&p->data));

        execute(conn, p->sqe, all);
    }
    pending_free(p);
    if (!g_queue_is_empty(&conn->pending))
        send_r2t(conn);
}

static void
handle_icreq(DcsimConn *conn, const DcsimPdu *pdu)
{
    g_autoptr(GError) error = NULL;
    DcsimPduFault fault;
    guint32       maxr2t;

    if (!dcsim_pdu_check_icreq(pdu, &maxr2t, &fault, &error)) {
        terminate(conn, &fault, error->message);
        return;
    }
    conn->ic_done = TRUE;
    dcsim_pdu_build_icresp(conn->out);
    flush(conn);
}

static void
handle_pdu(DcsimConn *conn, const DcsimPdu *pdu)
{
    DcsimPduFault fault;

    if (!conn->ic_done && pdu->type != DCSIM_PDU_ICREQ) {
        dcsim_pdu_fault_init(&fault, DCSIM_PDU_FES_SEQUENCE, DCSIM_PDU_TYPE, pdu);
        terminate(conn, &fault, "first PDU is not an ICReq");
        return;
    }
    switch (pdu->type) {
    case DCSIM_PDU_ICREQ:
        if (conn->ic_done) {
            dcsim_pdu_fault_init(&fault, DCSIM_PDU_FES_SEQUENCE, DCSIM_PDU_TYPE, pdu);
            terminate(conn, &fault, "second ICReq");
        } else {
            handle_icreq(conn, pdu);
        }
        return;
    case DCSIM_PDU_H2C_TERM_REQ:
        g_message("dcsim: %s: host terminated the connection, FES %u",
                  conn->peer,
                  dcsim_get16(pdu->header + DCSIM_TERM_FES));
        conn_close(conn, "host termination request");
        return;
    case DCSIM_PDU_CAPSULE_CMD:
        handle_capsule(conn, pdu);
        return;
    case DCSIM_PDU_H2C_DATA:
        handle_h2c_data(conn, pdu);
        return;
    case DCSIM_PDU_ICRESP:
    case DCSIM_PDU_C2H_TERM_REQ:
    case DCSIM_PDU_CAPSULE_RESP:
    case DCSIM_PDU_C2H_DATA:
    case DCSIM_PDU_R2T:
        break; /* the parser lets none of these through */
    }
    g_return_if_reached();
}

/* ---- reading --------------------------------------------------------------- */

/* Stops reading the socket until flush() has sent enough (back-pressure). */
static void
pause_reading(DcsimConn *conn)
{
    conn->paused = TRUE;
    if (conn->in_source)
        g_source_destroy(conn->in_source);
    g_clear_pointer(&conn->in_source, g_source_unref);
}

static void
process_input(DcsimConn *conn)
{
    while (!conn->closed && !conn->closing && !conn->paused) {
        g_autoptr(GError) error = NULL;
        DcsimPdu      pdu;
        DcsimPduFault fault;

        if (!dcsim_pdu_parser_next(conn->parser, &pdu, &fault, &error)) {
            if (error)
                terminate(conn, &fault, error->message);
            return;
        }
        handle_pdu(conn, &pdu);
        dcsim_pdu_clear(&pdu);
        if (conn->out->len + conn->delayed_bytes > OUT_HIGH_WATER)
            pause_reading(conn);
    }
}

static gboolean
on_readable(GSocket *socket, GIOCondition cond, gpointer user_data)
{
    DcsimConn *conn = user_data;
    guint8     buf[65536];

    for (;;) {
        g_autoptr(GError) error = NULL;
        gssize n                = g_socket_receive(socket, (char *) buf, sizeof(buf), NULL, &error);

        if (n < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
        if (n <= 0) {
            conn_close(conn, n == 0 ? "host closed the connection" : error->message);
            return G_SOURCE_REMOVE;
        }
        dcsim_pdu_parser_feed(conn->parser, buf, (gsize) n);
        process_input(conn);
        if (conn->closed || conn->closing || conn->paused)
            return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void
start_reading(DcsimConn *conn)
{
    conn->in_source = g_socket_create_source(conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
    g_source_set_callback(conn->in_source, G_SOURCE_FUNC(on_readable), conn, NULL);
    g_source_attach(conn->in_source, NULL);
}

/* ---- life cycle ------------------------------------------------------------ */

static void
pending_free(gpointer ptr)
{
    Pending *p = ptr;

    if (p->data)
        g_byte_array_unref(p->data);
    g_free(p);
}

static void
delayed_free(gpointer ptr)
{
    Delayed *d = ptr;

    g_byte_array_unref(d->bytes);
    g_free(d);
}

DcsimConn *
dcsim_conn_new(GSocketConnection  *connection,
               DcsimCtrl          *ctrl,
               DcsimEvents        *events,
               guint               delay_ms,
               DcsimConnClosedFunc closed,
               gpointer            user_data)
{
    DcsimConn *conn = g_new0(DcsimConn, 1);

    conn->connection  = g_object_ref(connection);
    conn->socket      = g_socket_connection_get_socket(connection);
    conn->parser      = dcsim_pdu_parser_new(MAX_CAPSULE_DATA);
    conn->ctrl        = ctrl;
    conn->events      = events;
    conn->delay_ms    = delay_ms;
    conn->peer        = dcsim_conn_peer_address(connection);
    conn->out         = g_byte_array_new();
    conn->closed_func = closed;
    conn->user_data   = user_data;
    g_queue_init(&conn->delayed);
    g_queue_init(&conn->pending);

    g_socket_set_blocking(conn->socket, FALSE);
    start_reading(conn);
    g_message("dcsim: %s: new connection, cntlid %u", conn->peer, dcsim_ctrl_get_cntlid(ctrl));
    return conn;
}

void
dcsim_conn_free(DcsimConn *conn)
{
    if (!conn)
        return;
    if (!conn->closed)
        conn_close(conn, "simulator shutting down");
    g_clear_handle_id(&conn->close_idle, g_source_remove);
    g_queue_clear_full(&conn->delayed, delayed_free);
    g_queue_clear_full(&conn->pending, pending_free);
    g_byte_array_unref(conn->out);
    dcsim_pdu_parser_free(conn->parser);
    dcsim_ctrl_free(conn->ctrl);
    g_free(conn->peer);
    g_object_unref(conn->connection);
    g_free(conn);
}

void
dcsim_conn_log_changed(DcsimConn *conn)
{
    DcsimCompletion c;

    if (conn->closed || conn->closing)
        return;
    if (dcsim_ctrl_log_changed(conn->ctrl, &c))
        send_completion(conn, &c, 0);
}
