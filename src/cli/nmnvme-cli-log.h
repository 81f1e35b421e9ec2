/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-log.h: whole discovery logs for `nm-nvme discovery-log`, read
 * through GetDiscoveryLog a page at a time (docs/dbus-api.md). Every entry
 * printed comes from one generation of the log: when the generation
 * counter or the size changes between pages, reading starts over. The
 * pages come from a callback, so this is pure.
 */
#ifndef NMNVME_CLI_LOG_H
#define NMNVME_CLI_LOG_H

#include <glib.h>

G_BEGIN_DECLS

/* How many times a log that keeps changing is read before giving up. */
#define NMNVME_CLI_LOG_ATTEMPTS 5

/**
 * NMNvmeCliLogPageFunc:
 * @iface: the session's interface
 * @dc_key: the discovery controller's "key"
 * @offset, @limit: GetDiscoveryLog's arguments
 * @out_entries: (out) (transfer full): the page, an `aa{sv}`
 * @out_total: (out): the log's size
 * @out_genctr: (out): its generation counter
 *
 * Returns: %TRUE, or %FALSE with @error.
 */
typedef gboolean (*NMNvmeCliLogPageFunc)(const char *iface,
                                         const char *dc_key,
                                         guint       offset,
                                         guint       limit,
                                         GVariant  **out_entries,
                                         guint      *out_total,
                                         guint64    *out_genctr,
                                         gpointer    user_data,
                                         GError    **error);

/**
 * nmnvme_cli_log_collect:
 * @fetch: reads one page
 * @limit: the page size asked for
 *
 * Returns: (transfer full): every entry of one generation of the log, an
 *   `aa{sv}`, or %NULL with @error: @fetch's, or %NMNVME_ERROR_FAILED when
 *   the log changed during each of %NMNVME_CLI_LOG_ATTEMPTS readings.
 */
GVariant *nmnvme_cli_log_collect(const char          *iface,
                                 const char          *dc_key,
                                 guint                limit,
                                 NMNvmeCliLogPageFunc fetch,
                                 gpointer             user_data,
                                 GError             **error);

/**
 * nmnvme_cli_log_fill:
 * @discovery: a view from nmnvme_cli_view_discovery()
 *
 * Returns: (transfer full): @discovery with each row's whole log last, as
 *   "log-entries" (nmnvme_cli_log_collect() with its "interface" and
 *   "key"), or %NULL with the first @error.
 */
GVariant *nmnvme_cli_log_fill(GVariant            *discovery,
                              guint                limit,
                              NMNvmeCliLogPageFunc fetch,
                              gpointer             user_data,
                              GError             **error);

G_END_DECLS

#endif /* NMNVME_CLI_LOG_H */
