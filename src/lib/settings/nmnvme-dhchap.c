/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dhchap.c: validation of DH-HMAC-CHAP secrets; the key itself is
 * decoded (into wiped memory) by nmnvme-interchange-key.c.
 */
#include "config.h"

#include "nmnvme-dhchap.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-interchange-key.h"

#define PREFIX "DHHC-1:"

gboolean
nmnvme_dhchap_key_validate(const char *key, GError **error)
{
    static const gsize sizes[]  = { 32, 48, 64, 0 };
    g_autoptr(GBytes) key_bytes = NULL;
    const char *p;
    const char *end;

    g_return_val_if_fail(!error || !*error, FALSE);

    if (!key || !g_str_has_prefix(key, PREFIX))
        return nmnvme_error_invalid(error, "secret must have the form DHHC-1:HH:BASE64:");
    p = key + strlen(PREFIX);
    if (!(p[0] == '0' && p[1] >= '0' && p[1] <= '3') || p[2] != ':')
        return nmnvme_error_invalid(
            error,
            "secret hash must be 00, 01, 02 or 03 (none, SHA-256, -384, -512)");
    p += 3;
    end = strchr(p, ':');
    if (!end || end[1] != '\0')
        return nmnvme_error_invalid(error, "secret must end with a single ':' after the key");
    key_bytes = nmnvme_interchange_key_decode(p, end - p, "secret", sizes, error);
    return key_bytes != NULL;
}
