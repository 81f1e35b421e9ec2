/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-uri.c: parsing and canonical printing of NVMe URIs. Hand-written
 * rather than GUri, because GUri accepts host names, zone IDs and user info
 * that have no meaning for a controller address, and gives vaguer errors.
 */
#include "config.h"

#include "nmnvme-uri.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

struct _NMNvmeUri {
    NMNvmeUriKind kind;
    GInetAddress *address;
    char         *traddr;
    guint16       port;
    char         *nqn;
};

/* Only NVMe/TCP for now; the transport stays a field of the URI. */
#define SCHEME "nvme+tcp://"

/* What the canonical form leaves unescaped in the NQN besides unreserved
 * characters: RFC 3986's path characters but '@', which parsers that look
 * for user info before the first '/' would take for one. */
#define NQN_UNESCAPED "!$&'()*+,;=:"

static GInetAddress *
parse_address(const char *host, gboolean bracketed, GError **error)
{
    g_autoptr(GInetAddress) addr = NULL;

    if (!*host) {
        nmnvme_error_invalid(error, "address is missing");
        return NULL;
    }
    if (strchr(host, '%')) {
        nmnvme_error_invalid(error, "scoped address '%s': the interface comes from the connection, not the URI", host);
        return NULL;
    }
    addr = g_inet_address_new_from_string(host);
    if (!addr) {
        nmnvme_error_invalid(error, "'%s' is not an IP address", host);
        return NULL;
    }
    if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6 && !bracketed) {
        nmnvme_error_invalid(error, "IPv6 address '%s' must be written in brackets, [%s]", host, host);
        return NULL;
    }
    if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV4 && bracketed) {
        nmnvme_error_invalid(error, "IPv4 address '%s' must not be in brackets", host);
        return NULL;
    }
    if (g_inet_address_get_is_any(addr) || g_inet_address_get_is_multicast(addr)) {
        nmnvme_error_invalid(error, "'%s' is not a unicast address", host);
        return NULL;
    }
    return g_steal_pointer(&addr);
}

static gboolean
parse_port(const char *s, guint16 *port, GError **error)
{
    guint64 v = 0;

    if (!*s || !g_ascii_string_to_unsigned(s, 10, 1, 65535, &v, NULL))
        return nmnvme_error_invalid(error, "port '%s' must be a number between 1 and 65535", s);
    *port = (guint16) v;
    return TRUE;
}

/* Splits "HOST[:PORT]" or "[HOST][:PORT]" and parses both parts. */
static gboolean
parse_authority(const char *auth, NMNvmeUri *uri, GError **error)
{
    g_autofree char *host = NULL;
    const char      *port = NULL;
    gboolean         bracketed = auth[0] == '[';

    if (bracketed) {
        const char *close = strchr(auth, ']');

        if (!close)
            return nmnvme_error_invalid(error, "'[' without a closing ']'");
        host = g_strndup(auth + 1, close - auth - 1);
        if (close[1] == ':')
            port = close + 2;
        else if (close[1] != '\0')
            return nmnvme_error_invalid(error, "unexpected text '%s' after the address", close + 1);
    } else {
        const char *colon = strchr(auth, ':');

        if (colon && strchr(colon + 1, ':'))
            return nmnvme_error_invalid(error, "IPv6 address '%s' must be written in brackets", auth);
        host = colon ? g_strndup(auth, colon - auth) : g_strdup(auth);
        port = colon ? colon + 1 : NULL;
    }
    uri->address = parse_address(host, bracketed, error);
    if (!uri->address)
        return FALSE;
    uri->traddr = g_inet_address_to_string(uri->address);
    if (port)
        return parse_port(port, &uri->port, error);
    uri->port = uri->kind == NMNVME_URI_DISCOVERY ? NMNVME_PORT_DISCOVERY : NMNVME_PORT_IO;
    return TRUE;
}

static gboolean
parse_nqn(const char *path, NMNvmeUri *uri, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (!path || !*path) {
        if (uri->kind == NMNVME_URI_IO)
            return nmnvme_error_invalid(error, "subsystem NQN is required (nvme+tcp://ADDR[:PORT]/NQN)");
        uri->nqn = g_strdup(NMNVME_NQN_DISCOVERY);
        return TRUE;
    }
    uri->nqn = g_uri_unescape_string(path, NULL);
    if (!uri->nqn)
        return nmnvme_error_invalid(error, "invalid percent-encoding in '%s'", path);
    if (!nmnvme_nqn_validate(uri->nqn, &local))
        return nmnvme_error_invalid(error, "%s", local->message);
    return TRUE;
}

static gboolean
parse_into(const char *str, NMNvmeUri *uri, GError **error)
{
    g_autofree char *auth = NULL;
    const char      *rest;
    const char      *slash;

    if (g_ascii_strncasecmp(str, SCHEME, strlen(SCHEME)) != 0) {
        const char *sep = strstr(str, "://");

        if (sep && g_str_has_prefix(str, "nvme+"))
            return nmnvme_error_invalid(error,
                        "transport '%.*s' is not supported (only tcp)",
                        (int) (sep - str - 5),
                        str + 5);
        return nmnvme_error_invalid(error, "must start with '" SCHEME "'");
    }
    rest = str + strlen(SCHEME);
    if (strpbrk(rest, "?#"))
        return nmnvme_error_invalid(error, "query and fragment are not allowed");
    slash = strchr(rest, '/');
    auth  = slash ? g_strndup(rest, slash - rest) : g_strdup(rest);
    /* '@' is legal in the path (RFC 3986 pchar), so in an NQN */
    if (strchr(auth, '@'))
        return nmnvme_error_invalid(error, "user info is not allowed");
    if (!parse_authority(auth, uri, error))
        return FALSE;
    return parse_nqn(slash ? slash + 1 : NULL, uri, error);
}

NMNvmeUri *
nmnvme_uri_parse(const char *str, NMNvmeUriKind kind, GError **error)
{
    g_autoptr(NMNvmeUri) uri = NULL;
    g_autoptr(GError) local  = NULL;

    g_return_val_if_fail(str, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    uri       = g_atomic_rc_box_new0(NMNvmeUri);
    uri->kind = kind;
    if (!parse_into(str, uri, &local)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_SETTING,
                    "invalid NVMe URI '%s': %s",
                    str,
                    local->message);
        return NULL;
    }
    return g_steal_pointer(&uri);
}

static void
uri_clear(NMNvmeUri *uri)
{
    g_clear_object(&uri->address);
    g_free(uri->traddr);
    g_free(uri->nqn);
}

NMNvmeUri *
nmnvme_uri_ref(NMNvmeUri *uri)
{
    g_return_val_if_fail(uri, NULL);
    return g_atomic_rc_box_acquire(uri);
}

void
nmnvme_uri_unref(NMNvmeUri *uri)
{
    if (uri)
        g_atomic_rc_box_release_full(uri, (GDestroyNotify) uri_clear);
}

NMNvmeUriKind
nmnvme_uri_get_kind(const NMNvmeUri *uri)
{
    return uri->kind;
}

const char *
nmnvme_uri_get_transport(const NMNvmeUri *uri)
{
    return "tcp";
}

GInetAddress *
nmnvme_uri_get_address(const NMNvmeUri *uri)
{
    return uri->address;
}

const char *
nmnvme_uri_get_traddr(const NMNvmeUri *uri)
{
    return uri->traddr;
}

guint16
nmnvme_uri_get_port(const NMNvmeUri *uri)
{
    return uri->port;
}

const char *
nmnvme_uri_get_nqn(const NMNvmeUri *uri)
{
    return uri->nqn;
}

char *
nmnvme_uri_to_string(const NMNvmeUri *uri)
{
    GString *s          = g_string_new(SCHEME);
    gboolean disc       = uri->kind == NMNVME_URI_DISCOVERY;
    guint16  def_port   = disc ? NMNVME_PORT_DISCOVERY : NMNVME_PORT_IO;
    gboolean is_ipv6    = g_inet_address_get_family(uri->address) == G_SOCKET_FAMILY_IPV6;

    g_string_append_printf(s, is_ipv6 ? "[%s]" : "%s", uri->traddr);
    if (uri->port != def_port)
        g_string_append_printf(s, ":%u", uri->port);
    if (!disc || strcmp(uri->nqn, NMNVME_NQN_DISCOVERY) != 0) {
        g_string_append_c(s, '/');
        g_string_append_uri_escaped(s, uri->nqn, NQN_UNESCAPED, FALSE);
    }
    return g_string_free(s, FALSE);
}

gboolean
nmnvme_uri_equal(const NMNvmeUri *a, const NMNvmeUri *b)
{
    if (a == b)
        return TRUE;
    if (!a || !b)
        return FALSE;
    return a->kind == b->kind && a->port == b->port && g_inet_address_equal(a->address, b->address)
           && strcmp(a->nqn, b->nqn) == 0;
}
