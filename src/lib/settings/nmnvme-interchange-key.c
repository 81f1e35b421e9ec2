/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-interchange-key.c: base64 + CRC-32 decoding of the NVMe textual
 * key formats. Every buffer that held key material is wiped before it is
 * freed.
 */
#include "config.h"

#include "nmnvme-interchange-key.h"

#include <string.h>

#include "nmnvme-error.h"

#define CRC_LEN 4

/* CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320), which
 * is what the kernel's nvme_auth_extract_key() and libnvme's
 * nvme_import_tls_key() compute. */
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

/* Strict base64: whole quanta, the alphabet only, padding only at the end
 * (g_base64_decode() itself skips what it does not know). */
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

/* A key buffer that remembers its length, so that its free function can
 * wipe it. */
typedef struct {
    gsize  len;
    guint8 data[];
} WipedKey;

static void
wiped_key_free(gpointer p)
{
    WipedKey *key = p;

    explicit_bzero(key->data, key->len);
    g_free(key);
}

static GBytes *
wiped_bytes_new(const guint8 *data, gsize len)
{
    WipedKey *key = g_malloc(sizeof(WipedKey) + len);

    key->len = len;
    memcpy(key->data, data, len);
    return g_bytes_new_with_free_func(key->data, len, wiped_key_free, key);
}

static gboolean
size_allowed(const gsize *sizes, gsize len)
{
    for (const gsize *s = sizes; *s; s++) {
        if (*s == len)
            return TRUE;
    }
    return FALSE;
}

/* "32, 48 or 64" */
static char *
sizes_to_string(const gsize *sizes)
{
    GString *s = g_string_new(NULL);

    for (const gsize *p = sizes; *p; p++)
        g_string_append_printf(s, "%s%" G_GSIZE_FORMAT, p == sizes ? "" : p[1] ? ", " : " or ", *p);
    return g_string_free(s, FALSE);
}

GBytes *
nmnvme_interchange_key_decode(const char  *b64,
                              gsize        b64_len,
                              const char  *what,
                              const gsize *sizes,
                              GError     **error)
{
    g_autofree char   *copy = NULL;
    g_autofree guint8 *raw  = NULL;
    g_autofree char   *want = NULL;
    GBytes            *key  = NULL;
    gsize              len  = 0;
    guint32            stored;

    g_return_val_if_fail(b64 && what && sizes, NULL);

    if (!is_base64(b64, b64_len)) {
        nmnvme_error_invalid(error, "%s key is not valid base64", what);
        return NULL;
    }
    copy = g_strndup(b64, b64_len);
    raw  = g_base64_decode(copy, &len);
    explicit_bzero(copy, b64_len);
    if (len < CRC_LEN || !size_allowed(sizes, len - CRC_LEN)) {
        explicit_bzero(raw, len);
        want = sizes_to_string(sizes);
        nmnvme_error_invalid(error, "%s must encode a %s byte key plus its CRC-32", what, want);
        return NULL;
    }
    len -= CRC_LEN;
    stored = (guint32) raw[len] | (guint32) raw[len + 1] << 8 | (guint32) raw[len + 2] << 16 |
             (guint32) raw[len + 3] << 24;
    if (crc32_ieee(raw, len) == stored)
        key = wiped_bytes_new(raw, len);
    else
        nmnvme_error_invalid(error, "%s has a wrong CRC-32 (damaged or mistyped key)", what);
    explicit_bzero(raw, len + CRC_LEN);
    return key;
}
