/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dhchap.c: validation of DH-HMAC-CHAP secrets. Decoded key material
 * is wiped before it is freed.
 */
#include "config.h"

#include "nmnvme-dhchap.h"

#include <string.h>

#include "nmnvme-error.h"

#define PREFIX "DHHC-1:"

/* CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320), which
 * is what the kernel's nvme_auth_extract_key() computes with ~crc32_le(~0). */
static guint32
crc32_ieee(const guint8 *data, gsize len)
{
    guint32 crc = 0xFFFFFFFFu;

    for (gsize i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static gboolean
is_base64(const char *s, gsize len)
{
    gsize pad = 0;

    if (len == 0 || len % 4 != 0)
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = s[i];

        if (c == '=') {
            pad++;
            continue;
        }
        if (pad > 0 || !(g_ascii_isalnum(c) || c == '+' || c == '/'))
            return FALSE;
    }
    return pad <= 2;
}

static gboolean
check_key_material(const char *b64, gsize b64_len, GError **error)
{
    g_autofree char   *copy = g_strndup(b64, b64_len);
    g_autofree guint8 *raw  = NULL;
    gsize              len  = 0;
    guint32            stored;
    gboolean           ok;

    raw = g_base64_decode(copy, &len);
    explicit_bzero(copy, b64_len);
    if (len != 36 && len != 52 && len != 68) {
        explicit_bzero(raw, len);
        return nmnvme_error_invalid(error, "secret must encode a 32, 48 or 64 byte key plus its CRC-32");
    }
    stored = (guint32) raw[len - 4] | (guint32) raw[len - 3] << 8 | (guint32) raw[len - 2] << 16
             | (guint32) raw[len - 1] << 24;
    ok = crc32_ieee(raw, len - 4) == stored;
    explicit_bzero(raw, len);
    if (!ok)
        return nmnvme_error_invalid(error, "secret has a wrong CRC-32 (damaged or mistyped key)");
    return TRUE;
}

gboolean
nmnvme_dhchap_key_validate(const char *key, GError **error)
{
    const char *p;
    const char *end;

    g_return_val_if_fail(!error || !*error, FALSE);

    if (!key || !g_str_has_prefix(key, PREFIX))
        return nmnvme_error_invalid(error, "secret must have the form DHHC-1:HH:BASE64:");
    p = key + strlen(PREFIX);
    if (!(p[0] == '0' && p[1] >= '0' && p[1] <= '3') || p[2] != ':')
        return nmnvme_error_invalid(error, "secret hash must be 00, 01, 02 or 03 (none, SHA-256, -384, -512)");
    p += 3;
    end = strchr(p, ':');
    if (!end || end[1] != '\0')
        return nmnvme_error_invalid(error, "secret must end with a single ':' after the key");
    if (!is_base64(p, end - p))
        return nmnvme_error_invalid(error, "secret key is not valid base64");
    return check_key_material(p, end - p, error);
}
