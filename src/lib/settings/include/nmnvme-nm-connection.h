/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nm-connection.h: the one libnm adapter of src/lib. It moves the
 * settings dictionary in and out of a NetworkManager profile's `user.data`
 * (NMSettingUser, keyfile group `[user]`), where the `nvme.*` keys of an
 * Ethernet, VLAN or bond profile live. What the keys mean is the schema's
 * business (nmnvme-settings); this module knows only where they are stored.
 * Built as its own library (libnmnvme-nm) so that the daemon never links
 * libnm.
 */
#ifndef NMNVME_NM_CONNECTION_H
#define NMNVME_NM_CONNECTION_H

#include <NetworkManager.h>

G_BEGIN_DECLS

/**
 * nmnvme_nm_connection_get_user_data:
 * @connection: a profile
 *
 * Returns: (transfer full) (element-type utf8 utf8): a copy of the whole
 *   `user.data` of @connection; empty when it has no user setting.
 */
GHashTable *nmnvme_nm_connection_get_user_data(NMConnection *connection);

/**
 * nmnvme_nm_connection_set_user_data:
 * @connection: a profile, changed in place (not committed)
 * @data: (element-type utf8 utf8): the new whole `user.data`
 * @error: return location for a #GError
 *
 * Replaces the `user.data` of @connection with @data, removing the user
 * setting when @data is empty. Checks every key and value against
 * NetworkManager's own rules first and changes nothing when one fails.
 *
 * Returns: %TRUE, or %FALSE with %NMNVME_ERROR_INVALID_SETTING naming the key.
 */
gboolean
nmnvme_nm_connection_set_user_data(NMConnection *connection, GHashTable *data, GError **error);

/**
 * nmnvme_nm_client_new:
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a libnm client for a short-lived tool (the CLI,
 *   the dispatcher): synchronously initialized, without the permission
 *   queries it would not use; or %NULL with @error.
 */
NMClient *nmnvme_nm_client_new(GError **error);

G_END_DECLS

#endif /* NMNVME_NM_CONNECTION_H */
