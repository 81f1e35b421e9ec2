/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-dhchap.c: DH-HMAC-CHAP secrets in their `DHHC-1:` form
 * (nmnvme-dhchap.h), from profiles and nm-nvme's command line. Input: the
 * candidate secret. Properties: an accepted secret has the documented
 * shape (`DHHC-1:`, hash 00..03, a trailing `:`); a rejection has a message
 * that never contains the secret.
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-dhchap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *key    = fuzz_string(data, size);
    g_autoptr(GError) error = NULL;
    gboolean valid          = nmnvme_dhchap_key_validate(key, &error);

    FUZZ_CHECK(valid == (error == NULL), "validate and its error disagree");
    if (valid) {
        FUZZ_CHECK(g_str_has_prefix(key, "DHHC-1:0") && key[8] >= '0' && key[8] <= '3' &&
                       key[9] == ':' && g_str_has_suffix(key, ":"),
                   "accepted secret of the wrong shape");
        return 0;
    }
    FUZZ_CHECK(error->message && *error->message, "rejection without message");
    /* long enough not to be a word of the message by chance */
    if (strlen(key) >= 24)
        FUZZ_CHECK(!strstr(error->message, key), "the message repeats the secret");
    return 0;
}
