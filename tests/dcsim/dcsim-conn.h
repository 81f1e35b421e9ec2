/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-conn.h: one host's TCP connection. Reads without blocking from the
 * main loop, cuts the stream into PDUs, runs the connection phase (ICReq ->
 * ICResp), passes commands to its DcsimCtrl (fetching host data that is
 * not in the capsule with R2T/H2CData), and writes the controller's PDUs in
 * order, each command response delayed by --delay-ms. A protocol error ends
 * the connection with a C2HTermReq (NVMe/TCP 1.0, 3.6.2.5).
 */
#ifndef DCSIM_CONN_H
#define DCSIM_CONN_H

#include <gio/gio.h>

#include "dcsim-ctrl.h"
#include "dcsim-events.h"

G_BEGIN_DECLS

typedef struct _DcsimConn DcsimConn;

/* Called from an idle callback once the connection is closed; the owner
 * then frees it. */
typedef void (*DcsimConnClosedFunc)(DcsimConn *conn, gpointer user_data);

/* The host's address of @connection as a transport address: IPv4-mapped
 * IPv6 addresses are given as IPv4. */
char *dcsim_conn_peer_address(GSocketConnection *connection);

/**
 * dcsim_conn_new:
 * @connection: the accepted connection (referenced)
 * @ctrl: (transfer full): the controller it drives
 * @events: (nullable): the event stream (borrowed)
 * @delay_ms: delay of every command response
 * @closed: called once the connection has closed
 * @user_data: for @closed
 */
DcsimConn *dcsim_conn_new(GSocketConnection  *connection,
                          DcsimCtrl          *ctrl,
                          DcsimEvents        *events,
                          guint               delay_ms,
                          DcsimConnClosedFunc closed,
                          gpointer            user_data);
void       dcsim_conn_free(DcsimConn *conn);

/* The discovery log changed: completes a held AER if there is one. */
void dcsim_conn_log_changed(DcsimConn *conn);

G_END_DECLS

#endif /* DCSIM_CONN_H */
