/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-connection.h: `nm-nvme connection modify|show|clear`, the
 * `nvme.*` settings of a NetworkManager profile, which live in its
 * `user.data` (nmcli 1.42 cannot edit that setting). Through libnm: find the
 * profile, validate the edited settings with the schema before anything is
 * saved, commit to NetworkManager (which writes the keyfile), and reapply
 * the profile on the devices where it is active, without a link bounce.
 */
#ifndef NMNVME_CLI_CONNECTION_H
#define NMNVME_CLI_CONNECTION_H

#include <NetworkManager.h>

G_BEGIN_DECLS

/**
 * nmnvme_cli_connection_find:
 * @client: a libnm client
 * @spec: a profile's UUID or name (connection.id), or the name of an
 *   interface: the profile active on it, else the one profile bound to it
 *   by connection.interface-name
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the profile, or %NULL with
 *   %NMNVME_ERROR_INVALID_ARGUMENT when none or more than one matches.
 */
NMRemoteConnection *
nmnvme_cli_connection_find(NMClient *client, const char *spec, GError **error);

/**
 * nmnvme_cli_connection_modify:
 * @client: a libnm client
 * @remote: the profile
 * @args: (array zero-terminated=1): `[+|-]nvme.KEY VALUE` pairs
 *   (nmnvme_settings_edit()); DH-HMAC-CHAP secrets are refused, because
 *   `user.data` is readable by every local user through NetworkManager
 * @out_reapplied: (out): the interfaces where the profile was reapplied,
 *   %NULL-terminated
 * @error: return location for a #GError
 *
 * Saves nothing when a key or value is bad (the error names the key).
 */
gboolean nmnvme_cli_connection_modify(NMClient           *client,
                                      NMRemoteConnection *remote,
                                      const char *const  *args,
                                      GStrv              *out_reapplied,
                                      GError            **error);

/* Like nmnvme_cli_connection_modify(), removing every `nvme.*` key. */
gboolean nmnvme_cli_connection_clear(NMClient           *client,
                                     NMRemoteConnection *remote,
                                     GStrv              *out_reapplied,
                                     GError            **error);

/**
 * nmnvme_cli_connection_view:
 * @remote: the profile
 *
 * Returns: (transfer full): a{sv} with "id", "uuid" and "settings" (a{ss}:
 *   the `nvme.*` keys set on the profile, secrets shown as "<hidden>").
 */
GVariant *nmnvme_cli_connection_view(NMRemoteConnection *remote);

/* (transfer full): @view as nmcli prints a profile: every `nvme.*` key of
 * the schema, "--" for an unset one (its default applies). */
char *nmnvme_cli_connection_format(GVariant *view);

/**
 * nmnvme_cli_connection_save:
 * @client: a libnm client
 * @remote: the profile
 * @data: (element-type utf8 utf8): its new whole `user.data`, already
 *   validated by the caller
 * @out_reapplied: (out): the interfaces where it was reapplied
 * @error: return location for a #GError
 *
 * Commits @data (Update2) and reapplies the profile where it is active.
 */
gboolean nmnvme_cli_connection_save(NMClient           *client,
                                    NMRemoteConnection *remote,
                                    GHashTable         *data,
                                    GStrv              *out_reapplied,
                                    GError            **error);

/* Commits @connection as the new settings of @remote (Update2), no reapply. */
gboolean
nmnvme_cli_connection_commit(NMRemoteConnection *remote, NMConnection *connection, GError **error);

/* Waiting for a libnm call from a short-lived tool: pass
 * nmnvme_cli_store_result and &slot (a NULL GAsyncResult *) as the callback
 * and its data, then nmnvme_cli_wait_result(&slot) iterates the default
 * main context until the result is there and returns it (transfer full). */
void          nmnvme_cli_store_result(GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *nmnvme_cli_wait_result(GAsyncResult **slot);

G_END_DECLS

#endif /* NMNVME_CLI_CONNECTION_H */
