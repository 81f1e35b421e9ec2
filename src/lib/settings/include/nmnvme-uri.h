/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-uri.h: NVMe URIs, `nvme+tcp://ADDR[:PORT][/NQN]`, naming one
 * controller to connect to (a discovery controller or an I/O controller).
 * ADDR is a literal IPv4 address or an IPv6 address in brackets; the
 * interface is never part of the URI (it comes from the session).
 * An NMNvmeUri is immutable and reference-counted.
 */
#ifndef NMNVME_URI_H
#define NMNVME_URI_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* Default TCP ports (NVMe/TCP Transport Specification 1.0, 3.1). */
#define NMNVME_PORT_DISCOVERY 8009
#define NMNVME_PORT_IO        4420

/**
 * NMNvmeUriKind:
 * @NMNVME_URI_DISCOVERY: a discovery controller: port defaults to 8009,
 *   NQN to %NMNVME_NQN_DISCOVERY.
 * @NMNVME_URI_IO: an I/O controller: port defaults to 4420, NQN required.
 */
typedef enum {
    NMNVME_URI_DISCOVERY,
    NMNVME_URI_IO,
} NMNvmeUriKind;

typedef struct _NMNvmeUri NMNvmeUri;

/**
 * nmnvme_uri_parse:
 * @str: the URI text
 * @kind: which defaults apply
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the URI, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) saying what is wrong with it.
 */
NMNvmeUri *nmnvme_uri_parse(const char *str, NMNvmeUriKind kind, GError **error);

NMNvmeUri *nmnvme_uri_ref(NMNvmeUri *uri);
void       nmnvme_uri_unref(NMNvmeUri *uri);

NMNvmeUriKind nmnvme_uri_get_kind(const NMNvmeUri *uri);
/* The kernel's transport name ("tcp"). */
const char *nmnvme_uri_get_transport(const NMNvmeUri *uri);
/* (transfer none) */
GInetAddress *nmnvme_uri_get_address(const NMNvmeUri *uri);
/* The address as the kernel's traddr option wants it (no brackets). */
const char *nmnvme_uri_get_traddr(const NMNvmeUri *uri);
guint16     nmnvme_uri_get_port(const NMNvmeUri *uri);
/* The subsystem NQN, defaulted for discovery controllers; never %NULL. */
const char *nmnvme_uri_get_nqn(const NMNvmeUri *uri);

/**
 * nmnvme_uri_to_string:
 *
 * Returns: (transfer full): the canonical text: the address in its
 *   shortest form, the port and the NQN only where they differ from the
 *   kind's defaults, the NQN percent-encoded where needed. Parsing it with
 *   the same kind gives an equal URI.
 */
char *nmnvme_uri_to_string(const NMNvmeUri *uri);

gboolean nmnvme_uri_equal(const NMNvmeUri *a, const NMNvmeUri *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeUri, nmnvme_uri_unref)

G_END_DECLS

#endif /* NMNVME_URI_H */
