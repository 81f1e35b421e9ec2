/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-view.h: a discovery controller's cached log page as the API
 * shows it (docs/dbus-api.md, GetDiscoveryLog): its entries as `a{sv}`,
 * one page at a time, never more than NMNVME_ENGINE_LOG_PAGE_MAX of them,
 * so that no reply grows with the log. Private to the engine; pure.
 */
#ifndef NMNVME_LOG_VIEW_H
#define NMNVME_LOG_VIEW_H

#include <glib.h>

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

G_END_DECLS

#endif /* NMNVME_LOG_VIEW_H */
