/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-server.h: the simulator as a whole, and the one owner of its
 * mutable state: the listening socket, the discovery log, the DIM
 * registrations, the controller IDs handed out, and the set of host
 * connections. Reload re-reads the entries, moves the generation counter
 * and tells every connection (which completes held AERs).
 */
#ifndef DCSIM_SERVER_H
#define DCSIM_SERVER_H

#include <gio/gio.h>

#include "dcsim-ctrl.h"
#include "dcsim-events.h"

G_BEGIN_DECLS

/**
 * DcsimServerConfig:
 * @listen: the address to listen on (IPv4 or IPv6)
 * @port: the TCP port; 0 for an ephemeral one
 * @role: DCTYPE of every controller
 * @nqn: the simulator's NQN
 * @pleos: advertise PLEOS
 * @genctr_per_read: hostile: move the generation counter on every read
 * @hang_deregister: hostile: never answer a DIM deregistration
 * @delay_ms: delay of every command response
 * @entries: (nullable): the JSON entries file
 * @generate: entries to synthesize after those of the file
 * @mdts: Identify's MDTS (2^mdts pages of 4 KiB per command, 1..16)
 *
 * The options; borrowed for the server's lifetime.
 */
typedef struct {
    const char *listen;
    guint16     port;
    DcsimRole   role;
    const char *nqn;
    gboolean    pleos;
    gboolean    genctr_per_read;
    gboolean    hang_deregister;
    guint       delay_ms;
    const char *entries;
    guint       generate;
    guint8      mdts;
} DcsimServerConfig;

typedef struct _DcsimServer DcsimServer;

/* Loads the entries; @events (nullable) is borrowed. */
DcsimServer *dcsim_server_new(const DcsimServerConfig *config, DcsimEvents *events, GError **error);
void         dcsim_server_free(DcsimServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimServer, dcsim_server_free)

/* Binds and listens; emits the "listen" event. */
gboolean dcsim_server_start(DcsimServer *server, GError **error);

/* The port listened on (the ephemeral one when configured 0). */
guint16 dcsim_server_get_port(const DcsimServer *server);

/* Re-reads the entries. On error the log is left as it was. */
gboolean dcsim_server_reload(DcsimServer *server, GError **error);

guint                   dcsim_server_get_n_connections(const DcsimServer *server);
const DcsimDimRegistry *dcsim_server_get_registry(const DcsimServer *server);

G_END_DECLS

#endif /* DCSIM_SERVER_H */
