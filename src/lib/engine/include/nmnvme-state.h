/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-state.h: the ownership records that let a restarted daemon (even
 * after kill -9) re-attach its sessions and adopt its controllers instead of
 * reconnecting them. One file, root-only (it holds the sessions' settings,
 * secrets included), on the runtime tmpfs, replaced atomically. Saving and
 * loading are synchronous file I/O in the caller's thread.
 *
 * The record is an `aa{sv}` GVariant in its binary serialization (cheap to
 * write while controllers come up), one dict per session:
 *   "interface" s, "owner" s, "suspended" b,
 *   "settings" a{ss} (secrets included),
 *   "controllers" aa{sv}: "kind" s ("discovery"|"io"), "device" s ("nvme3"),
 *     "transport" s, "traddr" s, "trsvcid" s, "subsysnqn" s,
 *     "host-iface" s, "host-traddr" s, "origins" as (keys of the discovery
 *     controllers whose logs list an I/O controller), "ours" b,
 *     "registry-owner" s (the registry's owner when last read), and
 *     "sysfs-ino" t (the inode of the device's sysfs directory, when known:
 *     a recycled name has another; compared before a delete).
 * A session whose teardown is under way is not on the record; an Attach
 * queued behind it is, as a session without controllers.
 */
#ifndef NMNVME_STATE_H
#define NMNVME_STATE_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_STATE_FILE "sessions.state"

/* Where nm-nvme-daemon keeps the record (its systemd RuntimeDirectory=). */
#define NMNVME_STATE_DIR "/run/nm-nvme"

/**
 * nmnvme_state_save:
 * @dir: the state folder (created 0700 if missing)
 * @state: the `aa{sv}` record (sunk if floating)
 *
 * Returns: %TRUE, or %FALSE with @error.
 */
gboolean nmnvme_state_save(const char *dir, GVariant *state, GError **error);

/**
 * nmnvme_state_load:
 *
 * Returns: (transfer full): the record, an empty `aa{sv}` when there is no
 *   file, or %NULL with @error when the file is unreadable or malformed
 *   (the caller starts empty and says so).
 */
GVariant *nmnvme_state_load(const char *dir, GError **error);

/**
 * nmnvme_state_lookup_owner:
 * @record: a record from nmnvme_state_load()
 * @iface: an interface name
 *
 * Returns: (transfer none) (nullable): the owner tag of @iface's session in
 *   @record ("dispatcher:UUID", "vpn:UUID", "cli"), %NULL when it has none.
 *   For front ends that must not detach a session they did not make.
 */
const char *nmnvme_state_lookup_owner(GVariant *record, const char *iface);

G_END_DECLS

#endif /* NMNVME_STATE_H */
