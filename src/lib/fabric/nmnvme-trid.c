/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-trid.c: transport IDs: construction, equality, hashing, printing,
 * and matching against kernel controllers.
 */
#include "config.h"

#include "nmnvme-trid.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-nqn.h"

struct _NMNvmeTrid {
    char *transport;
    char *traddr;
    char *trsvcid;
    char *subsysnqn;
    char *host_traddr;
    char *host_iface;
    /* The host identity it is connected with; NULL: the engine's. */
    char *hostnqn;
    char *hostid;
    /* Any kernel controller of the subsystem is this one (a boot
     * controller, nmnvme_trid_new_with_host()). */
    gboolean any_host;
    /* How traddr and host_traddr compare, see addr_key(). */
    char *traddr_key;
    char *host_traddr_key;
};

static gboolean
is_ip_transport(const char *transport)
{
    return strcmp(transport, "tcp") == 0 || strcmp(transport, "rdma") == 0;
}

/* The kernel binds to an interface (host_iface) under tcp only: rdma and fc
 * connects with it fail, and their controllers never show one. */
static gboolean
takes_host_iface(const char *transport)
{
    return strcmp(transport, "tcp") == 0;
}

/* The canonical text of an IP literal, an IPv4-mapped IPv6 address as IPv4;
 * NULL when @s is not an IP literal. */
static char *
canonical_ip(const char *s)
{
    static const guint8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    g_autoptr(GInetAddress) addr      = g_inet_address_new_from_string(s);
    g_autoptr(GInetAddress) v4        = NULL;
    const guint8 *bytes;

    if (!addr)
        return NULL;
    bytes = g_inet_address_to_bytes(addr);
    if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6 &&
        memcmp(bytes, v4_mapped, sizeof(v4_mapped)) == 0) {
        v4 = g_inet_address_new_from_bytes(bytes + sizeof(v4_mapped), G_SOCKET_FAMILY_IPV4);
        return g_inet_address_to_string(v4);
    }
    return g_inet_address_to_string(addr);
}

/* How an address compares: as an IP address under tcp and rdma when it is
 * one, else case-insensitively. */
static char *
addr_key(const char *transport, const char *s)
{
    char *ip;

    if (!s)
        return NULL;
    if (is_ip_transport(transport) && (ip = canonical_ip(s)))
        return ip;
    return g_ascii_strdown(s, -1);
}

static char *
dup_set(const char *s)
{
    return s && *s ? g_strdup(s) : NULL;
}

NMNvmeTrid *
nmnvme_trid_new(const char *transport,
                const char *traddr,
                const char *trsvcid,
                const char *subsysnqn,
                const char *host_traddr,
                const char *host_iface)
{
    NMNvmeTrid *trid;

    g_return_val_if_fail(transport && *transport, NULL);
    g_return_val_if_fail(subsysnqn && *subsysnqn, NULL);

    trid                  = g_new0(NMNvmeTrid, 1);
    trid->transport       = g_ascii_strdown(transport, -1);
    trid->traddr          = dup_set(traddr);
    trid->trsvcid         = dup_set(trsvcid);
    trid->subsysnqn       = g_strdup(subsysnqn);
    trid->host_traddr     = dup_set(host_traddr);
    trid->host_iface      = takes_host_iface(trid->transport) ? dup_set(host_iface) : NULL;
    trid->traddr_key      = addr_key(trid->transport, trid->traddr);
    trid->host_traddr_key = addr_key(trid->transport, trid->host_traddr);
    return trid;
}

NMNvmeTrid *
nmnvme_trid_new_from_uri(const NMNvmeUri *uri, const char *host_iface)
{
    g_autofree char *port = NULL;

    g_return_val_if_fail(uri, NULL);

    port = g_strdup_printf("%u", nmnvme_uri_get_port(uri));
    return nmnvme_trid_new(nmnvme_uri_get_transport(uri),
                           nmnvme_uri_get_traddr(uri),
                           port,
                           nmnvme_uri_get_nqn(uri),
                           NULL,
                           host_iface);
}

NMNvmeTrid *
nmnvme_trid_new_from_log_entry(const NMNvmeLogEntry *entry,
                               const char           *host_traddr,
                               const char           *host_iface)
{
    g_return_val_if_fail(entry, NULL);

    return nmnvme_trid_new(entry->transport,
                           entry->traddr,
                           entry->trsvcid,
                           entry->subnqn,
                           host_traddr,
                           host_iface);
}

NMNvmeTrid *
nmnvme_trid_new_from_kernel_ctrl(const NMNvmeKernelCtrl *ctrl)
{
    g_return_val_if_fail(ctrl, NULL);

    return nmnvme_trid_new(ctrl->transport,
                           ctrl->address->traddr,
                           ctrl->address->trsvcid,
                           ctrl->subsysnqn,
                           ctrl->address->host_traddr,
                           ctrl->address->host_iface);
}

NMNvmeTrid *
nmnvme_trid_new_with_host(const NMNvmeTrid *trid,
                          const char       *hostnqn,
                          const char       *hostid,
                          gboolean          any_host)
{
    NMNvmeTrid *copy;

    g_return_val_if_fail(trid, NULL);

    copy = nmnvme_trid_new(trid->transport,
                           trid->traddr,
                           trid->trsvcid,
                           trid->subsysnqn,
                           trid->host_traddr,
                           trid->host_iface);
    copy->hostnqn  = dup_set(hostnqn);
    copy->hostid   = dup_set(hostid);
    copy->any_host = any_host;
    return copy;
}

NMNvmeTrid *
nmnvme_trid_copy(const NMNvmeTrid *trid)
{
    g_return_val_if_fail(trid, NULL);

    return nmnvme_trid_new_with_host(trid, trid->hostnqn, trid->hostid, trid->any_host);
}

void
nmnvme_trid_free(NMNvmeTrid *trid)
{
    if (!trid)
        return;
    g_free(trid->transport);
    g_free(trid->traddr);
    g_free(trid->trsvcid);
    g_free(trid->subsysnqn);
    g_free(trid->host_traddr);
    g_free(trid->host_iface);
    g_free(trid->hostnqn);
    g_free(trid->hostid);
    g_free(trid->traddr_key);
    g_free(trid->host_traddr_key);
    g_free(trid);
}

const char *
nmnvme_trid_get_transport(const NMNvmeTrid *trid)
{
    return trid->transport;
}

const char *
nmnvme_trid_get_traddr(const NMNvmeTrid *trid)
{
    return trid->traddr;
}

const char *
nmnvme_trid_get_trsvcid(const NMNvmeTrid *trid)
{
    return trid->trsvcid;
}

const char *
nmnvme_trid_get_subsysnqn(const NMNvmeTrid *trid)
{
    return trid->subsysnqn;
}

const char *
nmnvme_trid_get_host_traddr(const NMNvmeTrid *trid)
{
    return trid->host_traddr;
}

const char *
nmnvme_trid_get_host_iface(const NMNvmeTrid *trid)
{
    return trid->host_iface;
}

const char *
nmnvme_trid_get_hostnqn(const NMNvmeTrid *trid)
{
    return trid->hostnqn;
}

const char *
nmnvme_trid_get_hostid(const NMNvmeTrid *trid)
{
    return trid->hostid;
}

gboolean
nmnvme_trid_get_any_host(const NMNvmeTrid *trid)
{
    return trid->any_host;
}

gboolean
nmnvme_trid_equal(gconstpointer a, gconstpointer b)
{
    const NMNvmeTrid *ta = a;
    const NMNvmeTrid *tb = b;

    if (ta == tb)
        return TRUE;
    if (!ta || !tb)
        return FALSE;
    return strcmp(ta->transport, tb->transport) == 0 &&
           g_strcmp0(ta->traddr_key, tb->traddr_key) == 0 &&
           g_strcmp0(ta->trsvcid, tb->trsvcid) == 0 && strcmp(ta->subsysnqn, tb->subsysnqn) == 0 &&
           g_strcmp0(ta->host_traddr_key, tb->host_traddr_key) == 0 &&
           g_strcmp0(ta->host_iface, tb->host_iface) == 0 &&
           g_strcmp0(ta->hostnqn, tb->hostnqn) == 0 && ta->any_host == tb->any_host;
}

gboolean
nmnvme_trid_covers(const NMNvmeTrid *boot, const NMNvmeTrid *trid)
{
    return boot->any_host && strcmp(boot->transport, trid->transport) == 0 &&
           g_strcmp0(boot->traddr_key, trid->traddr_key) == 0 &&
           g_strcmp0(boot->trsvcid, trid->trsvcid) == 0 &&
           strcmp(boot->subsysnqn, trid->subsysnqn) == 0;
}

static guint
hash0(const char *s)
{
    return s ? g_str_hash(s) : 0;
}

guint
nmnvme_trid_hash(gconstpointer trid)
{
    const NMNvmeTrid *t    = trid;
    const char       *f[7] = { t->transport,      t->traddr_key, t->trsvcid, t->subsysnqn,
                               t->host_traddr_key, t->host_iface, t->hostnqn };
    guint             h    = 17;

    for (guint i = 0; i < G_N_ELEMENTS(f); i++)
        h = h * 31 + hash0(f[i]);
    return h;
}

char *
nmnvme_trid_to_string(const NMNvmeTrid *trid)
{
    GString    *s      = g_string_new(trid->subsysnqn);
    const char *traddr = trid->traddr ? trid->traddr : "-";
    gboolean    ipv6   = is_ip_transport(trid->transport) && strchr(traddr, ':');

    g_string_append_printf(s, ipv6 ? "@[%s]" : "@%s", traddr);
    if (trid->trsvcid)
        g_string_append_printf(s, ":%s", trid->trsvcid);
    if (trid->host_iface)
        g_string_append_printf(s, " via %s", trid->host_iface);
    if (trid->host_traddr)
        g_string_append_printf(s, " from %s", trid->host_traddr);
    if (strcmp(trid->transport, "tcp") != 0)
        g_string_append_printf(s, " (%s)", trid->transport);
    if (trid->hostnqn)
        g_string_append_printf(s, " as %s", trid->hostnqn);
    if (trid->any_host)
        g_string_append(s, " (boot)");
    return g_string_free(s, FALSE);
}

/* Whether kernel address @have compares equal to @key (an addr_key()).
 * The same text is the same address (a key is its own key): no parse. */
static gboolean
addr_matches(const char *transport, const char *key, const char *have)
{
    g_autofree char *have_key = NULL;

    if (g_strcmp0(key, have) == 0)
        return TRUE;
    have_key = addr_key(transport, have);
    return g_strcmp0(key, have_key) == 0;
}

static gboolean
subsysnqn_matches(const NMNvmeTrid *want, const NMNvmeKernelCtrl *have)
{
    if (g_strcmp0(want->subsysnqn, have->subsysnqn) == 0)
        return TRUE;
    /* TP8013: a discovery controller shows its unique NQN. */
    return strcmp(want->subsysnqn, NMNVME_NQN_DISCOVERY) == 0 &&
           nmnvme_kernel_ctrl_get_type(have) == NMNVME_CTRL_TYPE_DISCOVERY;
}

static gboolean
host_iface_matches(const NMNvmeTrid *want, const NMNvmeCtrlAddress *have)
{
    return !want->host_iface || g_strcmp0(want->host_iface, have->host_iface) == 0;
}

static gboolean
host_traddr_matches(const NMNvmeTrid *want, const NMNvmeCtrlAddress *have)
{
    if (!want->host_traddr_key)
        return TRUE;
    return addr_matches(want->transport, want->host_traddr_key, have->host_traddr) ||
           addr_matches(want->transport, want->host_traddr_key, have->src_addr);
}

gboolean
nmnvme_trid_matches_kernel(const NMNvmeTrid       *want,
                           const NMNvmeKernelCtrl *have,
                           const char             *hostnqn)
{
    g_return_val_if_fail(want, FALSE);
    g_return_val_if_fail(have, FALSE);
    g_return_val_if_fail(hostnqn, FALSE);

    if (want->hostnqn)
        hostnqn = want->hostnqn;
    /* the string comparisons first: addresses may need a parse each, and
     * a reconcile compares every wanted controller with every kernel one
     * (issue 18) */
    return g_strcmp0(want->transport, have->transport) == 0 &&
           g_strcmp0(want->trsvcid, have->address->trsvcid) == 0 && subsysnqn_matches(want, have) &&
           (want->any_host ||
            (g_strcmp0(hostnqn, have->hostnqn) == 0 && host_iface_matches(want, have->address))) &&
           addr_matches(want->transport, want->traddr_key, have->address->traddr) &&
           (want->any_host || host_traddr_matches(want, have->address));
}
