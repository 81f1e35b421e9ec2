/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-probe.h: the TCP reachability probe of a discovery controller found
 * by mDNS, before the kernel is asked to connect to it: a non-blocking TCP
 * connect to ADDRESS:PORT from a socket bound to the interface
 * (SO_BINDTODEVICE, as the kernel's host_iface binds), closed as soon as it
 * is established. Link-local IPv6 addresses get the interface as scope.
 */
#ifndef NMNVME_PROBE_H
#define NMNVME_PROBE_H

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * nmnvme_probe_async:
 * @iface: the interface to bind to
 * @address: an IPv4 or IPv6 literal
 * @port: the TCP port
 * @timeout_ms: how long to wait for the handshake
 *
 * Never blocks; completes in the thread-default main context.
 */
void nmnvme_probe_async(const char         *iface,
                        const char         *address,
                        guint16             port,
                        guint               timeout_ms,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data);

/* %TRUE when the connection was established; else %FALSE with @error
 * (G_IO_ERROR_TIMED_OUT, a refused or unreachable connect, a bad address). */
gboolean nmnvme_probe_finish(GAsyncResult *result, GError **error);

G_END_DECLS

#endif /* NMNVME_PROBE_H */
