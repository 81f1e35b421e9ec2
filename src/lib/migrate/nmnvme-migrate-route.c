/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-route.c: the interface the kernel would send a packet to a
 * controller's address through (rtnetlink RTM_GETROUTE, as `ip route get`
 * asks), for controllers configured without host-iface. Blocking: one
 * netlink round trip, with a 2 s receive timeout.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "nmnvme-error.h"
#include "nmnvme-migrate.h"

typedef struct {
    struct nlmsghdr nh;
    struct rtmsg    rt;
    char            attrs[64];
} RouteRequest;

static void
request_init(RouteRequest *req, GInetAddress *addr)
{
    gsize          len = g_inet_address_get_native_size(addr);
    struct rtattr *rta;

    memset(req, 0, sizeof(*req));
    req->nh.nlmsg_len   = NLMSG_LENGTH(sizeof(struct rtmsg));
    req->nh.nlmsg_type  = RTM_GETROUTE;
    req->nh.nlmsg_flags = NLM_F_REQUEST;
    req->nh.nlmsg_seq   = 1;
    req->rt.rtm_family =
        g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;
    req->rt.rtm_dst_len = len * 8;
    rta                 = (struct rtattr *) ((char *) &req->nh + NLMSG_ALIGN(req->nh.nlmsg_len));
    rta->rta_type       = RTA_DST;
    rta->rta_len        = RTA_LENGTH(len);
    memcpy(RTA_DATA(rta), g_inet_address_to_bytes(addr), len);
    req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* The output interface of the answer, 0 when it has none. */
static int
reply_oif(const char *buf, ssize_t n, int *out_errno)
{
    for (const struct nlmsghdr *nh = (const void *) buf; NLMSG_OK(nh, (guint) n);
         nh                        = NLMSG_NEXT(nh, n)) {
        const struct rtmsg *rt;
        struct rtattr      *rta;
        int                 len;

        if (nh->nlmsg_type == NLMSG_ERROR) {
            *out_errno = -((const struct nlmsgerr *) NLMSG_DATA(nh))->error;
            return 0;
        }
        if (nh->nlmsg_type != RTM_NEWROUTE)
            continue;
        rt  = NLMSG_DATA(nh);
        len = RTM_PAYLOAD(nh);
        for (rta = RTM_RTA(rt); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
            if (rta->rta_type == RTA_OIF)
                return *(const int *) RTA_DATA(rta);
        }
    }
    return 0;
}

char *
nmnvme_migrate_route_lookup(const char *traddr, gpointer user_data, GError **error)
{
    g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(traddr);
    struct timeval tv            = { .tv_sec = 2 };
    RouteRequest   req;
    char           buf[4096];
    char           name[IF_NAMESIZE];
    ssize_t        n;
    int            fd, oif, err = 0;

    if (!addr) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "'%s' is not an IP address",
                    traddr);
        return NULL;
    }
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "netlink: %s", g_strerror(errno));
        return NULL;
    }
    request_init(&req, addr);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    n = send(fd, &req, req.nh.nlmsg_len, 0) < 0 ? -1 : recv(fd, buf, sizeof(buf), 0);
    if (n < 0)
        err = errno;
    close(fd);
    oif = n > 0 ? reply_oif(buf, n, &err) : 0;
    if (oif <= 0 || !if_indextoname(oif, name)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "no route to %s%s%s",
                    traddr,
                    err ? ": " : "",
                    err ? g_strerror(err) : "");
        return NULL;
    }
    return g_strdup(name);
}
