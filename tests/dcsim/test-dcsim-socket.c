/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dcsim-socket.c: the server in-process on 127.0.0.1 (ephemeral port)
 * and a tiny NVMe/TCP host in a thread speaking raw PDUs to it: ICReq,
 * Connect with in-capsule data, Property Get CAP, the CC.EN handshake,
 * Identify, Get Log Page 70h with an offset, DIM fetched by R2T/H2CData,
 * an AER completed by a reload; digests refused with a C2HTermReq. The
 * bytes on the wire are checked, and the events file.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dcsim-nvme.h"
#include "dcsim-pdu.h"
#include "dcsim-server.h"
#include "test-dcsim-cmd.h"

static const char entries_json[] =
    "[{\"subnqn\": \"nqn.2026-01.org.example:io1\", \"traddr\": \"192.0.2.50\", \"trsvcid\": "
    "\"4420\"},"
    " {\"subtype\": \"referral\", \"subnqn\": \"nqn.2014-08.org.nvmexpress.discovery\","
    "  \"traddr\": \"192.0.2.51\", \"trsvcid\": \"8009\"}]";

typedef struct {
    DcsimServer *server;
    const char  *events_path;
    guint16      port;
    gint         done;       /* atomic: the host thread finished */
    gint         reload_now; /* atomic: the host thread asks for a reload */
} Lab;

/* ---- the host's side: blocking I/O in its own thread ----------------------- */

static GSocket *
host_connect(guint16 port)
{
    g_autoptr(GError) error        = NULL;
    g_autoptr(GInetAddress) inet   = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(inet, port);
    GSocket *socket =
        g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

    g_assert_no_error(error);
    g_assert_true(g_socket_connect(socket, addr, NULL, &error));
    g_assert_no_error(error);
    g_socket_set_timeout(socket, 10);
    return socket;
}

static void
host_send(GSocket *socket, const guint8 *buf, gsize len)
{
    g_autoptr(GError) error = NULL;

    while (len > 0) {
        gssize n = g_socket_send(socket, (const char *) buf, len, NULL, &error);

        g_assert_no_error(error);
        g_assert_cmpint(n, >, 0);
        buf += n;
        len -= (gsize) n;
    }
}

/* Reads exactly @len bytes; FALSE on end of stream before the first. */
static gboolean
host_recv(GSocket *socket, guint8 *buf, gsize len)
{
    gsize got = 0;

    while (got < len) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_receive(socket, (char *) buf + got, len - got, NULL, &error);

        g_assert_no_error(error);
        if (n == 0) {
            g_assert_cmpuint(got, ==, 0);
            return FALSE;
        }
        got += (gsize) n;
    }
    return TRUE;
}

/* One controller PDU: the whole of it, header first. */
static GByteArray *
host_recv_pdu(GSocket *socket)
{
    GByteArray *pdu = g_byte_array_sized_new(8);
    guint32     plen;

    g_byte_array_set_size(pdu, 8);
    g_assert_true(host_recv(socket, pdu->data, 8));
    plen = dcsim_get32(pdu->data + DCSIM_PDU_PLEN);
    g_assert_cmpuint(plen, >=, 8);
    g_byte_array_set_size(pdu, plen);
    g_assert_true(host_recv(socket, pdu->data + 8, plen - 8));
    return pdu;
}

static void
host_send_icreq(GSocket *socket, guint8 digest)
{
    guint8 icreq[128] = { DCSIM_PDU_ICREQ, 0, 128, 0 };

    dcsim_put32(icreq + DCSIM_PDU_PLEN, 128);
    icreq[DCSIM_ICREQ_DGST] = digest;
    host_send(socket, icreq, sizeof(icreq));
}

/* A CapsuleCmd; @data goes in the capsule. */
static void
host_send_cmd(GSocket *socket, const guint8 *sqe, GBytes *data)
{
    gsize  dlen  = data ? g_bytes_get_size(data) : 0;
    guint8 ch[8] = { DCSIM_PDU_CAPSULE_CMD, 0, 72, dlen ? 72 : 0 };

    dcsim_put32(ch + DCSIM_PDU_PLEN, (guint32) (72 + dlen));
    host_send(socket, ch, sizeof(ch));
    host_send(socket, sqe, 64);
    if (dlen)
        host_send(socket, g_bytes_get_data(data, NULL), dlen);
}

/* Expects a CapsuleResp for @cid with @status; returns DW0/DW1. */
static guint64
host_expect_resp(GSocket *socket, guint16 cid, guint16 status)
{
    g_autoptr(GByteArray) pdu = host_recv_pdu(socket);
    const guint8 *cqe         = pdu->data + 8;

    g_assert_cmpuint(pdu->data[DCSIM_PDU_TYPE], ==, DCSIM_PDU_CAPSULE_RESP);
    g_assert_cmpuint(pdu->data[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(pdu->len, ==, 24);
    g_assert_cmpuint(dcsim_get16(cqe + DCSIM_CQE_CID), ==, cid);
    g_assert_cmphex(test_cqe_status(cqe), ==, status);
    return dcsim_get64(cqe + DCSIM_CQE_DW0);
}

/* Expects one C2HData PDU for @cid (LAST_PDU, never SUCCESS), then a
 * successful CapsuleResp; returns the data. */
static GByteArray *
host_expect_data(GSocket *socket, guint16 cid, guint32 len)
{
    GByteArray   *pdu = host_recv_pdu(socket);
    const guint8 *h   = pdu->data;

    g_assert_cmpuint(h[DCSIM_PDU_TYPE], ==, DCSIM_PDU_C2H_DATA);
    g_assert_cmpuint(h[DCSIM_PDU_FLAGS], ==, DCSIM_PDU_F_LAST_PDU);
    g_assert_cmpuint(h[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(h[DCSIM_PDU_PDO], ==, 24);
    g_assert_cmpuint(dcsim_get16(h + DCSIM_DATA_CCCID), ==, cid);
    g_assert_cmpuint(dcsim_get32(h + DCSIM_DATA_OFFS), ==, 0);
    g_assert_cmpuint(dcsim_get32(h + DCSIM_DATA_LEN), ==, len);
    g_assert_cmpuint(pdu->len, ==, 24 + len);
    g_byte_array_remove_range(pdu, 0, 24);
    host_expect_resp(socket, cid, 0);
    return pdu;
}

static guint count_events(const char *path, const char *type);

/* ICReq, Connect (expecting controller ID @cntlid), CAP, CC.EN, CSTS.RDY. */
static void
host_handshake(GSocket *socket, guint16 cntlid)
{
    g_autoptr(GByteArray) icresp = NULL;
    g_autoptr(GBytes) data       = test_connect_data(DCSIM_DISCOVERY_NQN, TEST_HOSTNQN);
    guint8  sqe[64];
    guint64 cap;

    host_send_icreq(socket, 0);
    icresp = host_recv_pdu(socket);
    g_assert_cmpuint(icresp->data[DCSIM_PDU_TYPE], ==, DCSIM_PDU_ICRESP);
    g_assert_cmpuint(icresp->len, ==, 128);
    g_assert_cmpuint(dcsim_get16(icresp->data + DCSIM_ICRESP_PFV), ==, 0);
    g_assert_cmpuint(icresp->data[DCSIM_ICRESP_CPDA], ==, 0);
    g_assert_cmpuint(icresp->data[DCSIM_ICRESP_DGST], ==, 0);
    g_assert_cmpuint(dcsim_get32(icresp->data + DCSIM_ICRESP_MAXH2CDATA) % 4, ==, 0);
    g_assert_cmpuint(dcsim_get32(icresp->data + DCSIM_ICRESP_MAXH2CDATA), >=, 4096);

    test_sqe_connect(sqe, 1, 0);
    host_send_cmd(socket, sqe, data);
    g_assert_cmpuint(host_expect_resp(socket, 1, 0), ==, cntlid);

    test_sqe_property_get(sqe, 2, DCSIM_PROP_CAP, TRUE);
    host_send_cmd(socket, sqe, NULL);
    cap = host_expect_resp(socket, 2, 0);
    g_assert_cmpuint(cap & 0xffff, ==, DCSIM_MAXCMD - 1);

    test_sqe_property_set(sqe, 3, DCSIM_PROP_CC, 0x460001);
    host_send_cmd(socket, sqe, NULL);
    host_expect_resp(socket, 3, 0);
    test_sqe_property_get(sqe, 4, DCSIM_PROP_CSTS, FALSE);
    host_send_cmd(socket, sqe, NULL);
    g_assert_cmpuint(host_expect_resp(socket, 4, 0), ==, 1);
}

static void
host_identify_and_log(GSocket *socket)
{
    g_autoptr(GByteArray) id     = NULL;
    g_autoptr(GByteArray) header = NULL;
    g_autoptr(GByteArray) traddr = NULL;
    guint8 sqe[64];

    test_sqe_identify(sqe, 5, 1);
    host_send_cmd(socket, sqe, NULL);
    id = host_expect_data(socket, 5, 4096);
    g_assert_cmpuint(id->data[111], ==, 2);  /* CNTRLTYPE discovery */
    g_assert_cmpuint(id->data[1806], ==, 2); /* DCTYPE CDC */
    g_assert_cmphex(dcsim_get32(id->data + 92), ==, 0x80000000);
    g_assert_cmpstr((const char *) id->data + 768, ==, "nqn.2026-01.org.example:dcsim");

    test_sqe_get_log(sqe, 6, 0x70, 0, TRUE, 0, 1024);
    host_send_cmd(socket, sqe, NULL);
    header = host_expect_data(socket, 6, 1024);
    g_assert_cmpuint(dcsim_get64(header->data), ==, 0);     /* GENCTR */
    g_assert_cmpuint(dcsim_get64(header->data + 8), ==, 2); /* NUMREC */

    /* the second entry's TRADDR, by offset */
    test_sqe_get_log(sqe, 7, 0x70, 0, FALSE, 1024 + 1024 + 512, 256);
    host_send_cmd(socket, sqe, NULL);
    traddr = host_expect_data(socket, 7, 256);
    g_assert_cmpstr((const char *) traddr->data, ==, "192.0.2.51");
}

/* DIM whose data the controller fetches with R2T (not in the capsule). */
static void
host_dim_by_r2t(GSocket *socket)
{
    g_autoptr(GBytes) data    = test_dim_data("", "socket-host");
    g_autoptr(GByteArray) r2t = NULL;
    gsize  len                = g_bytes_get_size(data);
    guint8 sqe[64];
    guint8 h2c[24] = { DCSIM_PDU_H2C_DATA, DCSIM_PDU_F_LAST_PDU, 24, 24 };

    test_sqe_dim(sqe, 8, 0, (guint32) len);
    sqe[DCSIM_SGL_ID] = DCSIM_SGL_ID_TRANSPORT;
    host_send_cmd(socket, sqe, NULL);
    r2t = host_recv_pdu(socket);
    g_assert_cmpuint(r2t->data[DCSIM_PDU_TYPE], ==, DCSIM_PDU_R2T);
    g_assert_cmpuint(r2t->len, ==, 24);
    g_assert_cmpuint(dcsim_get16(r2t->data + DCSIM_DATA_CCCID), ==, 8);
    g_assert_cmpuint(dcsim_get32(r2t->data + DCSIM_DATA_OFFS), ==, 0);
    g_assert_cmpuint(dcsim_get32(r2t->data + DCSIM_DATA_LEN), ==, len);

    dcsim_put32(h2c + DCSIM_PDU_PLEN, (guint32) (24 + len));
    dcsim_put16(h2c + DCSIM_DATA_CCCID, 8);
    dcsim_put16(h2c + DCSIM_DATA_TTAG, dcsim_get16(r2t->data + DCSIM_DATA_TTAG));
    dcsim_put32(h2c + DCSIM_DATA_LEN, (guint32) len);
    host_send(socket, h2c, sizeof(h2c));
    host_send(socket, g_bytes_get_data(data, NULL), len);
    host_expect_resp(socket, 8, 0);
}

static void
host_aer(GSocket *socket, Lab *lab)
{
    guint8 sqe[64];

    test_sqe_set_features(sqe, 9, DCSIM_FID_ASYNC_EVENT, 1u << 31);
    host_send_cmd(socket, sqe, NULL);
    host_expect_resp(socket, 9, 0);
    test_sqe_init(sqe, DCSIM_OPC_ASYNC_EVENT, 31, 0);
    host_send_cmd(socket, sqe, NULL);
    /* Keep Alive still answered while the AER is held */
    test_sqe_init(sqe, DCSIM_OPC_KEEP_ALIVE, 10, 0);
    host_send_cmd(socket, sqe, NULL);
    host_expect_resp(socket, 10, 0);
    g_atomic_int_set(&lab->reload_now, 1);
    g_main_context_wakeup(NULL);
    g_assert_cmphex(host_expect_resp(socket, 31, 0), ==, 0x0070f002);
}

/* A host that sends many Get Log Page commands without reading: dcsim
 * stops reading it (back-pressure) instead of queueing every 64 KiB answer,
 * then answers all of them, in order, once the host reads. */
#define FLOOD_COMMANDS 400
#define FLOOD_LEN      65536

static void
host_flood(Lab *lab)
{
    g_autoptr(GSocket) socket = host_connect(lab->port);
    guint8 sqe[64];
    guint  answered;

    host_handshake(socket, 2);
    for (guint i = 0; i < FLOOD_COMMANDS; i++) {
        test_sqe_get_log(sqe, (guint16) (100 + i), 0x70, 0, TRUE, 0, FLOOD_LEN);
        host_send_cmd(socket, sqe, NULL);
    }
    g_usleep(500 * G_TIME_SPAN_MILLISECOND);
    /* 25 MiB asked for: the socket buffers and dcsim's 4 MiB mark hold far less */
    answered = count_events(lab->events_path, "log-read") - 2;
    g_assert_cmpuint(answered, <, FLOOD_COMMANDS);
    g_assert_cmpuint(answered, >, 0);
    for (guint i = 0; i < FLOOD_COMMANDS; i++) {
        g_autoptr(GByteArray) data = host_expect_data(socket, (guint16) (100 + i), FLOOD_LEN);

        g_assert_cmpuint(dcsim_get64(data->data + 8), ==, 2); /* NUMREC */
    }
}

/* ICReq asking for a header digest: C2HTermReq "unsupported parameter" at
 * the digest field, then the controller closes. */
static void
host_digest_refused(guint16 port)
{
    g_autoptr(GSocket) socket  = host_connect(port);
    g_autoptr(GByteArray) term = NULL;
    guint8 byte;

    host_send_icreq(socket, 0x1);
    term = host_recv_pdu(socket);
    g_assert_cmpuint(term->data[DCSIM_PDU_TYPE], ==, DCSIM_PDU_C2H_TERM_REQ);
    g_assert_cmpuint(term->data[DCSIM_PDU_HLEN], ==, 24);
    g_assert_cmpuint(dcsim_get16(term->data + DCSIM_TERM_FES), ==, DCSIM_PDU_FES_UNSUPPORTED);
    g_assert_cmpuint(dcsim_get32(term->data + DCSIM_TERM_FEI), ==, DCSIM_ICREQ_DGST);
    g_assert_cmpuint(term->len, ==, 24 + 128); /* the ICReq header echoed */
    g_assert_false(host_recv(socket, &byte, 1));
}

/* A CapsuleCmd before ICReq: PDU sequence error. */
static void
host_sequence_error(guint16 port)
{
    g_autoptr(GSocket) socket  = host_connect(port);
    g_autoptr(GByteArray) term = NULL;
    guint8 sqe[64];
    guint8 byte;

    test_sqe_identify(sqe, 1, 1);
    host_send_cmd(socket, sqe, NULL);
    term = host_recv_pdu(socket);
    g_assert_cmpuint(term->data[DCSIM_PDU_TYPE], ==, DCSIM_PDU_C2H_TERM_REQ);
    g_assert_cmpuint(dcsim_get16(term->data + DCSIM_TERM_FES), ==, DCSIM_PDU_FES_SEQUENCE);
    g_assert_false(host_recv(socket, &byte, 1));
}

static gpointer
host_thread(gpointer user_data)
{
    Lab *lab = user_data;

    {
        g_autoptr(GSocket) socket = host_connect(lab->port);

        host_handshake(socket, 1);
        host_identify_and_log(socket);
        host_dim_by_r2t(socket);
        host_aer(socket, lab);
    }
    host_flood(lab);
    host_digest_refused(lab->port);
    host_sequence_error(lab->port);
    g_atomic_int_set(&lab->done, 1);
    g_main_context_wakeup(NULL);
    return NULL;
}

/* ---- the test: the server runs on this thread's main context --------------- */

static guint
count_events(const char *path, const char *type)
{
    g_autofree char *content = NULL;
    g_auto(GStrv) lines      = NULL;
    g_autofree char *needle  = g_strdup_printf("{\"event\":\"%s\"", type);
    guint            n       = 0;

    g_assert_true(g_file_get_contents(path, &content, NULL, NULL));
    lines = g_strsplit(content, "\n", -1);
    for (guint i = 0; lines[i]; i++)
        n += g_str_has_prefix(lines[i], needle);
    return n;
}

static void
test_socket(void)
{
    g_autoptr(GError) error       = NULL;
    g_autofree char *dir          = g_dir_make_tmp("dcsim-XXXXXX", &error);
    g_autofree char *entries      = g_build_filename(dir, "entries.json", NULL);
    g_autofree char *events_path  = g_build_filename(dir, "events.jsonl", NULL);
    g_autoptr(DcsimEvents) events = NULL;
    DcsimServerConfig config      = {
             .listen  = "127.0.0.1",
             .role    = DCSIM_ROLE_CDC,
             .nqn     = "nqn.2026-01.org.example:dcsim",
             .entries = entries,
    };
    Lab                 lab = { .events_path = events_path };
    GThread            *thread;
    const DcsimDimData *dim;

    g_assert_no_error(error);
    g_assert_true(g_file_set_contents(entries, entries_json, -1, NULL));
    events = dcsim_events_new_for_path(events_path, &error);
    g_assert_no_error(error);
    lab.server = dcsim_server_new(&config, events, &error);
    g_assert_no_error(error);
    g_assert_true(dcsim_server_start(lab.server, &error));
    g_assert_no_error(error);
    lab.port = dcsim_server_get_port(lab.server);
    g_assert_cmpuint(lab.port, >, 0);

    thread = g_thread_new("nvme-host", host_thread, &lab);
    while (!g_atomic_int_get(&lab.done)) {
        g_main_context_iteration(NULL, TRUE);
        if (g_atomic_int_compare_and_exchange(&lab.reload_now, 1, 0))
            g_assert_true(dcsim_server_reload(lab.server, NULL));
    }
    g_thread_join(thread);
    /* let the server see the last disconnects */
    while (dcsim_server_get_n_connections(lab.server) > 0)
        g_main_context_iteration(NULL, TRUE);

    dim = dcsim_dim_registry_lookup(dcsim_server_get_registry(lab.server), TEST_HOSTNQN);
    g_assert_nonnull(dim);
    g_assert_cmpstr(((const DcsimDimEntry *) dim->entries->pdata[0])->traddr, ==, "127.0.0.1");
    g_assert_cmpstr(((const DcsimDimEntry *) dim->entries->pdata[0])->symname, ==, "socket-host");
    dcsim_server_free(lab.server);

    g_assert_cmpuint(count_events(events_path, "listen"), ==, 1);
    g_assert_cmpuint(count_events(events_path, "connect"), ==, 2);
    g_assert_cmpuint(count_events(events_path, "log-read"), ==, 2 + FLOOD_COMMANDS);
    g_assert_cmpuint(count_events(events_path, "dim"), ==, 1);
    g_assert_cmpuint(count_events(events_path, "aer-complete"), ==, 1);
    g_assert_cmpuint(count_events(events_path, "disconnect"), ==, 4);
    g_unlink(entries);
    g_unlink(events_path);
    g_rmdir(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dcsim/socket/host-session", test_socket);
    return g_test_run();
}
