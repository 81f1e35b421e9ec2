/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-server.c: listener, shared state, connections.
 */
#include "config.h"

#include "dcsim-server.h"

#include "dcsim-conn.h"

/* Base 2.0, Figure 275 CNTLID: 0h to FFEFh are valid controller IDs. */
#define CNTLID_MAX 0xffef

struct _DcsimServer {
    const DcsimServerConfig *config;
    DcsimEvents             *events;
    DcsimLog                *log;
    DcsimDimRegistry        *registry;
    DcsimCtrlContext         ctx;
    GSocketService          *service;
    guint16                  port;
    guint16                  next_cntlid;
    GPtrArray               *conns; /* of DcsimConn */
};

static GByteArray *
load_records(const DcsimServerConfig *config, GError **error)
{
    GByteArray *records;

    if (config->entries)
        records = dcsim_log_records_from_file(config->entries, error);
    else
        records = g_byte_array_new();
    if (!records)
        return NULL;
    if (records->len / DCSIM_LOG_ENTRY_SIZE + config->generate > DCSIM_LOG_MAX_ENTRIES) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_DATA,
                    "entries and --generate: more than %d in all",
                    DCSIM_LOG_MAX_ENTRIES);
        g_byte_array_unref(records);
        return NULL;
    }
    dcsim_log_records_generate(records, config->generate);
    return records;
}

DcsimServer *
dcsim_server_new(const DcsimServerConfig *config, DcsimEvents *events, GError **error)
{
    GByteArray  *records = load_records(config, error);
    DcsimServer *server;

    if (!records)
        return NULL;
    server              = g_new0(DcsimServer, 1);
    server->config      = config;
    server->events      = events;
    server->log         = dcsim_log_new(records);
    server->registry    = dcsim_dim_registry_new();
    server->next_cntlid = 1;
    server->conns       = g_ptr_array_new_with_free_func((GDestroyNotify) dcsim_conn_free);
    server->ctx         = (DcsimCtrlContext){
                .role            = config->role,
                .nqn             = config->nqn,
                .pleos           = config->pleos,
                .genctr_per_read = config->genctr_per_read,
                .hang_deregister = config->hang_deregister,
                .mdts            = config->mdts,
                .log             = server->log,
                .registry        = server->registry,
                .events          = events,
    };
    return server;
}

void
dcsim_server_free(DcsimServer *server)
{
    if (!server)
        return;
    if (server->service) {
        g_socket_service_stop(server->service);
        g_socket_listener_close(G_SOCKET_LISTENER(server->service));
        g_object_unref(server->service);
    }
    g_ptr_array_unref(server->conns);
    dcsim_dim_registry_free(server->registry);
    dcsim_log_free(server->log);
    g_free(server);
}

static void
on_conn_closed(DcsimConn *conn, gpointer user_data)
{
    DcsimServer *server = user_data;

    g_ptr_array_remove_fast(server->conns, conn);
}

static guint16
take_cntlid(DcsimServer *server)
{
    guint16 cntlid = server->next_cntlid;

    server->next_cntlid = cntlid >= CNTLID_MAX ? 1 : cntlid + 1;
    return cntlid;
}

static gboolean
on_incoming(GSocketService    *service,
            GSocketConnection *connection,
            GObject           *source,
            gpointer           user_data)
{
    DcsimServer     *server = user_data;
    g_autofree char *peer   = dcsim_conn_peer_address(connection);
    DcsimCtrl       *ctrl   = dcsim_ctrl_new(&server->ctx, take_cntlid(server), peer);

    g_ptr_array_add(server->conns,
                    dcsim_conn_new(connection,
                                   ctrl,
                                   server->events,
                                   server->config->delay_ms,
                                   on_conn_closed,
                                   server));
    return TRUE;
}

static void
emit_listen(const DcsimServer *server)
{
    JsonBuilder             *b       = dcsim_events_begin("listen");
    static const char *const roles[] = { "plain", "ddc", "cdc" };

    dcsim_events_add_string(b, "address", server->config->listen);
    dcsim_events_add_int(b, "port", server->port);
    dcsim_events_add_string(b, "role", roles[server->config->role]);
    dcsim_events_add_string(b, "nqn", server->config->nqn);
    dcsim_events_add_int(b, "entries", (gint64) dcsim_log_numrec(server->log));
    dcsim_events_add_int(b, "genctr", (gint64) dcsim_log_genctr(server->log));
    dcsim_events_commit(server->events, b);
}

gboolean
dcsim_server_start(DcsimServer *server, GError **error)
{
    g_autoptr(GInetAddress) inet    = g_inet_address_new_from_string(server->config->listen);
    g_autoptr(GSocketAddress) addr  = NULL;
    g_autoptr(GSocketAddress) bound = NULL;

    g_return_val_if_fail(!server->service, FALSE);

    if (!inet) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_ARGUMENT,
                    "not an IP address: %s",
                    server->config->listen);
        return FALSE;
    }
    addr            = g_inet_socket_address_new(inet, server->config->port);
    server->service = g_socket_service_new();
    if (!g_socket_listener_add_address(G_SOCKET_LISTENER(server->service),
                                       addr,
                                       G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP,
                                       NULL,
                                       &bound,
                                       error))
        return FALSE;
    server->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
    g_signal_connect(server->service, "incoming", G_CALLBACK(on_incoming), server);
    g_socket_service_start(server->service);
    emit_listen(server);
    return TRUE;
}

guint16
dcsim_server_get_port(const DcsimServer *server)
{
    return server->port;
}

gboolean
dcsim_server_reload(DcsimServer *server, GError **error)
{
    GByteArray *records = load_records(server->config, error);

    if (!records)
        return FALSE;
    dcsim_log_replace(server->log, records);
    g_message("dcsim: reloaded: %" G_GUINT64_FORMAT " entries, generation %" G_GUINT64_FORMAT,
              dcsim_log_numrec(server->log),
              dcsim_log_genctr(server->log));
    for (guint i = 0; i < server->conns->len; i++)
        dcsim_conn_log_changed(server->conns->pdata[i]);
    return TRUE;
}

guint
dcsim_server_get_n_connections(const DcsimServer *server)
{
    return server->conns->len;
}

const DcsimDimRegistry *
dcsim_server_get_registry(const DcsimServer *server)
{
    return server->registry;
}
