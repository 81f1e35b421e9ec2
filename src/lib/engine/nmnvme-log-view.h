/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-view.h: a discovery controller's cached log page as the API
 * shows it (docs/dbus-api.md, GetDiscoveryLog): its entries as `a{sv}`,
 * one page at a time, never more than NMNVME_ENGINE_LOG_PAGE_MAX of them,
 * so that no reply grows with the log. Pages for the bus are built on one
 * thread of their own: any number of readers costs the main loop a lookup
 * each, and takes one CPU at most. Private to the engine.
 */
#ifndef NMNVME_LOG_VIEW_H
#define NMNVME_LOG_VIEW_H

#include <gio/gio.h>

#include "nmnvme-engine.h"
#include "nmnvme-fabrics.h"

G_BEGIN_DECLS

/* How many entries @log (nullable: none read yet) has. */
guint nmnvme_log_view_count(const NMNvmeDiscoveryLog *log);

/* Whether @limit is a page size GetDiscoveryLog accepts (1 to
 * %NMNVME_ENGINE_LOG_PAGE_MAX); if not, @error names `limit`. */
gboolean nmnvme_log_view_check_limit(guint limit, GError **error);

/**
 * nmnvme_log_view_page:
 * @log: (nullable): the cached log; %NULL counts as an empty one
 * @offset: the first entry, 0-based; at most the number of entries (then
 *   the page is empty)
 * @limit: how many entries at most, 1 to %NMNVME_ENGINE_LOG_PAGE_MAX
 * @error: return location for a #GError
 *
 * Returns: (transfer floating): entries @offset to @offset + @limit - 1
 *   (fewer at the end) as an `aa{sv}`, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_ARGUMENT) naming `limit` or `offset`.
 */
GVariant *nmnvme_log_view_page(const NMNvmeDiscoveryLog *log,
                               guint                     offset,
                               guint                     limit,
                               GError                  **error);

/**
 * nmnvme_log_view_page_async:
 * @source_object: (nullable): the #GTask's source object
 *
 * nmnvme_log_view_page(), the variant built on the log view's thread. The
 * page is of @log as it is now: @log may be replaced or freed meanwhile
 * (the entries are shared, not copied). Argument errors complete at once.
 */
void nmnvme_log_view_page_async(gpointer                  source_object,
                                const NMNvmeDiscoveryLog *log,
                                guint                     offset,
                                guint                     limit,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data);

/**
 * nmnvme_log_view_page_finish:
 * @out_total: (out): how many entries @log had
 * @out_genctr: (out): its generation counter (0: no log)
 *
 * Also finishes a #GTask with an error only (g_task_report_error()).
 *
 * Returns: (transfer full): the page (not floating), or %NULL with @error.
 */
GVariant *nmnvme_log_view_page_finish(GAsyncResult *result,
                                      guint        *out_total,
                                      guint64      *out_genctr,
                                      GError      **error);

G_END_DECLS

#endif /* NMNVME_LOG_VIEW_H */
