/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-probe.c: one non-blocking TCP connect, bound to an interface, with
 * a deadline. The GTask owns the socket and both sources.
 */
#include "config.h"

#include "nmnvme-probe.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

typedef struct {
    GSocket *socket;
    GSource *ready;
    GSource *deadline;
} Probe;

static void
probe_free(Probe *p)
{
    if (p->ready)
        g_source_destroy(p->ready);
    if (p->deadline)
        g_source_destroy(p->deadline);
    g_clear_pointer(&p->ready, g_source_unref);
    g_clear_pointer(&p->deadline, g_source_unref);
    if (p->socket)
        g_socket_close(p->socket, NULL);
    g_clear_object(&p->socket);
    g_free(p);
}

/* Ends the probe: both sources go, the task returns @error (or success)
 * and drops the reference the pending probe held. */
static void
probe_complete(GTask *task, GError *error)
{
    Probe *p = g_task_get_task_data(task);

    g_source_destroy(p->ready);
    g_source_destroy(p->deadline);
    if (g_task_return_error_if_cancelled(task))
        g_clear_error(&error);
    else if (error)
        g_task_return_error(task, error);
    else
        g_task_return_boolean(task, TRUE);
    g_object_unref(task);
}

static gboolean
on_ready(GSocket *socket, GIOCondition condition, gpointer user_data)
{
    GError *error = NULL;

    g_socket_check_connect_result(socket, &error);
    probe_complete(user_data, error);
    return G_SOURCE_REMOVE;
}

static gboolean
on_deadline(gpointer user_data)
{
    probe_complete(user_data,
                   g_error_new_literal(G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no answer (timed out)"));
    return G_SOURCE_REMOVE;
}

/* A non-blocking socket of @family bound to @iface. */
static GSocket *
bound_socket(GSocketFamily family, const char *iface, GError **error)
{
    g_autoptr(GSocket) socket =
        g_socket_new(family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

    if (!socket)
        return NULL;
    if (setsockopt(g_socket_get_fd(socket), SOL_SOCKET, SO_BINDTODEVICE, iface, strlen(iface) + 1) <
        0) {
        int errsv = errno;

        g_set_error(error,
                    G_IO_ERROR,
                    g_io_error_from_errno(errsv),
                    "binding to %s: %s",
                    iface,
                    g_strerror(errsv));
        return NULL;
    }
    g_socket_set_blocking(socket, FALSE);
    return g_steal_pointer(&socket);
}

static GSocketAddress *
target_address(const char *iface, const char *address, guint16 port, GError **error)
{
    g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(address);

    if (!addr) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_ARGUMENT,
                    "address: '%s' is not an IP address",
                    address);
        return NULL;
    }
    return g_object_new(G_TYPE_INET_SOCKET_ADDRESS,
                        "address",
                        addr,
                        "port",
                        (guint) port,
                        "scope-id",
                        g_inet_address_get_is_link_local(addr) ? if_nametoindex(iface) : 0u,
                        NULL);
}

void
nmnvme_probe_async(const char         *iface,
                   const char         *address,
                   guint16             port,
                   guint               timeout_ms,
                   GCancellable       *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer            user_data)
{
    g_autoptr(GTask) task            = g_task_new(NULL, cancellable, callback, user_data);
    g_autoptr(GError) error          = NULL;
    g_autoptr(GSocketAddress) target = target_address(iface, address, port, &error);
    Probe *p                         = g_new0(Probe, 1);

    g_task_set_source_tag(task, nmnvme_probe_async);
    g_task_set_task_data(task, p, (GDestroyNotify) probe_free);
    if (target)
        p->socket = bound_socket(g_socket_address_get_family(target), iface, &error);
    if (p->socket && g_socket_connect(p->socket, target, NULL, &error)) {
        g_task_return_boolean(task, TRUE);
        return;
    }
    if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_PENDING)) {
        g_task_return_error(task, g_steal_pointer(&error));
        return;
    }
    p->ready = g_socket_create_source(p->socket, G_IO_OUT, cancellable);
    g_source_set_callback(p->ready, (GSourceFunc) (void (*)(void)) on_ready, task, NULL);
    g_source_attach(p->ready, g_task_get_context(task));
    p->deadline = g_timeout_source_new(timeout_ms);
    g_source_set_callback(p->deadline, on_deadline, task, NULL);
    g_source_attach(p->deadline, g_task_get_context(task));
    g_steal_pointer(&task); /* held by the pending probe, see probe_complete() */
}

gboolean
nmnvme_probe_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}
