/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-keyfile.h: the `[user]` group of a NetworkManager keyfile
 * (`*.nmconnection`), read without NetworkManager. The dispatcher uses it to
 * decide, without any D-Bus traffic, whether a profile has `nvme.*` settings
 * at all, and as the fallback source of those settings. No libnm.
 */
#ifndef NMNVME_KEYFILE_H
#define NMNVME_KEYFILE_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_keyfile_read_user_data:
 * @path: a keyfile, e.g. the dispatcher's `CONNECTION_FILENAME`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 utf8): the `[user]` group as
 *   key → value (empty when the profile has none), or %NULL with @error when
 *   @path cannot be read or is not a keyfile (%G_KEY_FILE_ERROR or
 *   %G_FILE_ERROR, the message naming @path), or when a `[user]` key
 *   (decoded) or value is not UTF-8 (%NMNVME_ERROR_INVALID_SETTING naming
 *   @path and the key, invalid bytes as `\xNN`, never the value).
 */
GHashTable *nmnvme_keyfile_read_user_data(const char *path, GError **error);

G_END_DECLS

#endif /* NMNVME_KEYFILE_H */
