/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-client.h: nm-nvme's side of the daemon's D-Bus API, through
 * the generated proxy, synchronously (a command line tool may block). Calls
 * may start the daemon by D-Bus activation. Failures come back as the
 * daemon's NMNVME_ERROR codes (their D-Bus names are registered), or as
 * GDBus and GIO errors, with GDBus's "GDBus.Error:NAME: " prefix stripped
 * so that the message is the daemon's own.
 */
#ifndef NMNVME_CLI_CLIENT_H
#define NMNVME_CLI_CLIENT_H

#include <gio/gio.h>

#include "nmnvme-dbus-nvme.h"

G_BEGIN_DECLS

/**
 * nmnvme_cli_client_new:
 * @bus_type: %G_BUS_TYPE_SYSTEM, or %G_BUS_TYPE_SESSION for tests
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a proxy of the daemon's object, or %NULL with
 *   @error when the bus cannot be reached.
 */
NMNvmeDBusNvme *nmnvme_cli_client_new(GBusType bus_type, GError **error);

/* Like nmnvme_cli_client_new(); with @auto_start %FALSE, calls fail with
 * "not running" instead of starting the daemon by D-Bus activation. */
NMNvmeDBusNvme *
nmnvme_cli_client_new_full(GBusType bus_type, gboolean auto_start, GError **error);

/* (transfer full): GetSessions' `aa{sv}`, or %NULL with @error. */
GVariant *nmnvme_cli_client_get_sessions(NMNvmeDBusNvme *proxy, GError **error);

/* GetDiscoveryLog(@iface, @dc_key, @offset, @limit): one page of a cached
 * log, its size and generation counter (an NMNvmeCliLogPageFunc with the
 * proxy as user data: nmnvme-cli-log.h). */
gboolean nmnvme_cli_client_get_discovery_log(NMNvmeDBusNvme *proxy,
                                             const char     *iface,
                                             const char     *dc_key,
                                             guint           offset,
                                             guint           limit,
                                             GVariant      **out_entries,
                                             guint          *out_total,
                                             guint64        *out_genctr,
                                             GError        **error);

/* (transfer full): GetNbft's `a{sv}` (root only), or %NULL with @error. */
GVariant *nmnvme_cli_client_get_nbft(NMNvmeDBusNvme *proxy, GError **error);

/* (transfer full): the Nbft property ("available", "none", "unavailable:
 * REASON"), or %NULL with @error (a daemon older than the property). */
char *nmnvme_cli_client_get_nbft_status(NMNvmeDBusNvme *proxy, GError **error);

/* Attach(@iface, @settings (element-type utf8 utf8), @owner). */
gboolean nmnvme_cli_client_attach(NMNvmeDBusNvme *proxy,
                                  const char     *iface,
                                  GHashTable     *settings,
                                  const char     *owner,
                                  GError        **error);

/* Detach(@iface, @reason); waits up to @timeout_msec, or with -1 as long
 * as the daemon takes (disconnects can take a while, up to 5 minutes). */
gboolean nmnvme_cli_client_detach(NMNvmeDBusNvme *proxy,
                                  const char     *iface,
                                  const char     *reason,
                                  int             timeout_msec,
                                  GError        **error);

G_END_DECLS

#endif /* NMNVME_CLI_CLIENT_H */
