/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-auth.h: who may call what. Attach and Detach are for root
 * only; this module asks the bus for the caller's uid
 * (org.freedesktop.DBus.GetConnectionUnixUser), asynchronously, and denies
 * whenever it cannot tell. The D-Bus policy (data/) denies the same calls
 * on the system bus; this check holds on any bus.
 */
#ifndef NMNVME_DBUS_AUTH_H
#define NMNVME_DBUS_AUTH_H

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * nmnvme_dbus_auth_require_root_async:
 * @invocation: the method call to check
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Finds out whether the sender of @invocation runs as uid 0.
 */
void nmnvme_dbus_auth_require_root_async(GDBusMethodInvocation *invocation,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);

/**
 * nmnvme_dbus_auth_require_root_finish:
 *
 * Returns: %TRUE when the caller is root; %FALSE with
 *   %NMNVME_ERROR_ACCESS_DENIED, naming the method and the caller's uid,
 *   when it is not or when the bus cannot say.
 */
gboolean nmnvme_dbus_auth_require_root_finish(GAsyncResult *result, GError **error);

G_END_DECLS

#endif /* NMNVME_DBUS_AUTH_H */
