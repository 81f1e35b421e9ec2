/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-state.c: reading and writing the ownership record. The file is a
 * few hundred bytes on tmpfs, so it is written synchronously.
 */
#include "config.h"

#include "nmnvme-state.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "nmnvme-error.h"

#define STATE_TYPE G_VARIANT_TYPE("aa{sv}")

gboolean
nmnvme_state_save(const char *dir, GVariant *state, GError **error)
{
    g_autoptr(GVariant) owned = g_variant_ref_sink(state);
    g_autofree char *path     = g_build_filename(dir, NMNVME_STATE_FILE, NULL);
    gboolean         ok;

    g_return_val_if_fail(g_variant_is_of_type(owned, STATE_TYPE), FALSE);

    if (g_mkdir_with_parents(dir, 0700) != 0)
        return nmnvme_error_errno(error, errno, dir);
    /* GVariant's own serialization: no formatting work on the main loop
     * (the record is rewritten while controllers come up) */
    ok = g_file_set_contents_full(path,
                                  g_variant_get_data(owned),
                                  g_variant_get_size(owned),
                                  G_FILE_SET_CONTENTS_CONSISTENT,
                                  0600,
                                  error);
    return ok;
}

GVariant *
nmnvme_state_load(const char *dir, GError **error)
{
    g_autofree char *path   = g_build_filename(dir, NMNVME_STATE_FILE, NULL);
    g_autoptr(GError) local = NULL;
    g_autoptr(GVariant) raw = NULL;
    g_autoptr(GBytes) bytes = NULL;
    char *data              = NULL;
    gsize len               = 0;

    if (!g_file_get_contents(path, &data, &len, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return g_variant_ref_sink(g_variant_new_array(G_VARIANT_TYPE("a{sv}"), NULL, 0));
        g_propagate_error(error, g_steal_pointer(&local));
        return NULL;
    }
    bytes = g_bytes_new_take(data, len);
    raw   = g_variant_ref_sink(g_variant_new_from_bytes(STATE_TYPE, bytes, FALSE));
    if (!g_variant_is_normal_form(raw)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: malformed (not a serialized %s record)",
                    path,
                    (const char *) STATE_TYPE);
        return NULL;
    }
    return g_steal_pointer(&raw);
}

const char *
nmnvme_state_lookup_owner(GVariant *record, const char *iface)
{
    g_return_val_if_fail(record && iface, NULL);

    for (gsize i = 0; i < g_variant_n_children(record); i++) {
        g_autoptr(GVariant) session = g_variant_get_child_value(record, i);
        const char *name = NULL, *owner = NULL;

        /* the strings live in @record, which outlives this child */
        if (g_variant_lookup(session, "interface", "&s", &name) && g_str_equal(name, iface)
            && g_variant_lookup(session, "owner", "&s", &owner))
            return owner;
    }
    return NULL;
}
