/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-settings-edit.h: changes to a stored settings dictionary, in
 * nmcli's words: `nvme.KEY VALUE` sets (an empty VALUE unsets, the default
 * applies again), `+nvme.KEY VALUE` appends to a list key, `-nvme.KEY VALUE`
 * removes from one. The edited dictionary is validated as a whole with the
 * schema before it is returned, so a caller that saves only what this
 * returns never saves a bad value. Pure: no I/O, no libnm.
 */
#ifndef NMNVME_SETTINGS_EDIT_H
#define NMNVME_SETTINGS_EDIT_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_settings_edit:
 * @data: (element-type utf8 utf8): the stored dictionary, e.g. a profile's
 *   whole `user.data`; keys outside `nvme.` are carried over untouched
 * @args: (array zero-terminated=1): PROPERTY VALUE PROPERTY VALUE...;
 *   PROPERTY is `[+|-]nvme.KEY` (the `nvme.` prefix may be left out)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 utf8): a new dictionary with
 *   the edits applied and every `nvme.*` value in canonical form, or %NULL
 *   with @error naming the key: %NMNVME_ERROR_INVALID_ARGUMENT for a
 *   PROPERTY without VALUE or `+`/`-` on a key that is not a list,
 *   %NMNVME_ERROR_INVALID_SETTING for `-` of an item that is not listed,
 *   otherwise the schema's error for the result. @data is never changed.
 */
GHashTable *nmnvme_settings_edit(GHashTable *data, const char *const *args, GError **error);

/**
 * nmnvme_settings_data_clear:
 * @data: (element-type utf8 utf8): a stored dictionary
 *
 * Returns: (transfer full) (element-type utf8 utf8): a copy of @data
 *   without its `nvme.*` keys.
 */
GHashTable *nmnvme_settings_data_clear(GHashTable *data);

/* Whether @data holds at least one `nvme.*` key. */
gboolean nmnvme_settings_data_has_keys(GHashTable *data);

G_END_DECLS

#endif /* NMNVME_SETTINGS_EDIT_H */
