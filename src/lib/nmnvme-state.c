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
    g_autofree char *text     = NULL;
    gboolean         ok;

    g_return_val_if_fail(g_variant_is_of_type(owned, STATE_TYPE), FALSE);

    if (g_mkdir_with_parents(dir, 0700) != 0) {
        g_set_error(error,
                    G_IO_ERROR,
                    g_io_error_from_errno(errno),
                    "%s: %s",
                    dir,
                    g_strerror(errno));
        return FALSE;
    }
    text = g_variant_print(owned, TRUE);
    ok   = g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
    explicit_bzero(text, strlen(text));
    return ok;
}

GVariant *
nmnvme_state_load(const char *dir, GError **error)
{
    g_autofree char *path   = g_build_filename(dir, NMNVME_STATE_FILE, NULL);
    g_autofree char *text   = NULL;
    g_autoptr(GError) local = NULL;
    GVariant *state;

    if (!g_file_get_contents(path, &text, NULL, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return g_variant_ref_sink(g_variant_new_array(G_VARIANT_TYPE("a{sv}"), NULL, 0));
        g_propagate_error(error, g_steal_pointer(&local));
        return NULL;
    }
    state = g_variant_parse(STATE_TYPE, text, NULL, NULL, &local);
    explicit_bzero(text, strlen(text));
    if (!state) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: malformed: %s",
                    path,
                    local->message);
        return NULL;
    }
    return state; /* g_variant_parse() gives a full reference */
}
