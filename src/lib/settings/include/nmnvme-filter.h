/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-filter.h: exclusion filters (`nvme.exclude`). A filter is a
 * comma-separated list of FIELD=VALUE pairs, fields among transport, traddr,
 * trsvcid and subsysnqn; it matches a controller when every field it names
 * equals the controller's (fields it does not name match anything).
 * Example: `transport=tcp,traddr=192.168.77.5,subsysnqn=nqn.2026-01.com.example:vol1`.
 * An NMNvmeFilter is immutable.
 */
#ifndef NMNVME_FILTER_H
#define NMNVME_FILTER_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NMNvmeFilter NMNvmeFilter;

/**
 * nmnvme_filter_parse:
 * @str: the filter text
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the filter, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) naming the bad field and why.
 */
NMNvmeFilter *nmnvme_filter_parse(const char *str, GError **error);

void nmnvme_filter_free(NMNvmeFilter *filter);

/* (transfer full): canonical text, fields in the order given above. */
char *nmnvme_filter_to_string(const NMNvmeFilter *filter);

gboolean nmnvme_filter_equal(const NMNvmeFilter *a, const NMNvmeFilter *b);

/**
 * nmnvme_filter_matches:
 * @filter: the filter
 * @transport: (nullable): the controller's transport ("tcp", ...)
 * @traddr: (nullable): its transport address; IP addresses are compared as
 *   addresses, so "fe80::0:1" matches a filter on "fe80::1"
 * @trsvcid: (nullable): its transport service ID (port)
 * @subsysnqn: (nullable): its subsystem NQN
 *
 * A %NULL controller field never equals a field the filter names.
 *
 * Returns: whether @filter excludes this controller.
 */
gboolean nmnvme_filter_matches(const NMNvmeFilter *filter,
                               const char         *transport,
                               const char         *traddr,
                               const char         *trsvcid,
                               const char         *subsysnqn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeFilter, nmnvme_filter_free)

G_END_DECLS

#endif /* NMNVME_FILTER_H */
