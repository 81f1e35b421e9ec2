/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-keyfile.c: the `[user]` group of a NetworkManager keyfile
 * (nmnvme-keyfile.h), which the dispatcher reads as root from a file a
 * profile's editor wrote. Input: the keyfile. Properties: what is read is
 * a dictionary of NUL-free strings, and it satisfies the settings
 * properties (fuzz-settings-common.h) as the dispatcher parses it.
 */
#include "config.h"

#include "fuzz-settings-common.h"
#include "fuzz-util.h"
#include "nmnvme-keyfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *path;
    g_autoptr(GError) error       = NULL;
    g_autoptr(GHashTable) user    = NULL;
    g_autoptr(NMNvmeSettings) set = NULL;

    if (!path) {
        path = g_build_filename(fuzz_scratch_dir(), "profile.nmconnection", NULL);
        /* GLib 2.74's g_key_file_get_string() sets its GError twice on a
         * value with an invalid escape and a trailing backslash
         * (reproducers/keyfile-glib-gerror-overwrite): a warning, no crash */
        fuzz_tolerated_warning = "GError set over the top of a previous GError";
    }
    fuzz_write_file(path, data, size);
    user = nmnvme_keyfile_read_user_data(path, &error);
    if (!user) {
        FUZZ_CHECK(error && g_str_has_prefix(error->message, path),
                   "the error does not name the file");
        return 0;
    }
    set = fuzz_check_settings_data(user);
    return 0;
}
