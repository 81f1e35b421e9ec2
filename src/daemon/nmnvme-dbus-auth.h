/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-auth.h: who may call what. Attach and Detach are for root
 * only; this module asks the bus for the caller's uid
 * (org.freedesktop.DBus.GetConnectionUnixUser), asynchronously, and denies
 * whenever it cannot tell. The D-Bus policy (data/) denies the same calls
 * on the system bus; this check holds on any bus.
 *
 * It remembers the last NMNVME_DBUS_AUTH_ROOTS_MAX connections (unique bus
 * names) found to be root's, so that a privileged client that stays
 * connected asks once: a bus never gives one unique name to two
 * connections, and a connection's uid is fixed when it connects, so an
 * answer stays true for as long as the connection that got it (the daemon
 * exits when it loses the bus). Refusals are not remembered.
 */
#ifndef NMNVME_DBUS_AUTH_H
#define NMNVME_DBUS_AUTH_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many root connections are remembered (the least recently used goes). */
#define NMNVME_DBUS_AUTH_ROOTS_MAX 16

#define NMNVME_TYPE_DBUS_AUTH (nmnvme_dbus_auth_get_type())
G_DECLARE_FINAL_TYPE(NMNvmeDBusAuth, nmnvme_dbus_auth, NMNVME, DBUS_AUTH, GObject)

/**
 * nmnvme_dbus_auth_new:
 * @root_uid: the uid that counts as root: 0, except in tests
 *
 * Returns: (transfer full): a checker with nothing remembered, for the
 *   method calls of one bus connection.
 */
NMNvmeDBusAuth *nmnvme_dbus_auth_new(guint32 root_uid);

/**
 * nmnvme_dbus_auth_require_root_async:
 * @self: the checker of @invocation's connection
 * @invocation: the method call to check
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Finds out whether the sender of @invocation runs as root: at once when
 * its connection is remembered, else by asking the bus. Never blocks.
 */
void nmnvme_dbus_auth_require_root_async(NMNvmeDBusAuth        *self,
                                         GDBusMethodInvocation *invocation,
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
gboolean nmnvme_dbus_auth_require_root_finish(NMNvmeDBusAuth *self,
                                              GAsyncResult   *result,
                                              GError        **error);

G_END_DECLS

#endif /* NMNVME_DBUS_AUTH_H */
