/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-tls-psk.c: configured TLS PSKs in the interchange format
 * (nmnvme-tls-psk.h), from profiles, secret agents and nm-nvme's secrets
 * file. Input: the candidate key. Properties: validate and decode agree; an
 * accepted key has the shape libnvme's nvme_import_tls_key() accepts
 * (`NVMeTLSkey-1:`, hash 00..02, 65 or 89 characters with the trailing `:`,
 * 65 for hash 01, 89 for 02) and decodes to 32 or 48 bytes that encode
 * back (with their CRC-32) to a key that decodes to the same bytes; a
 * rejection has a message that never quotes the key.
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-tls-psk.h"

#define PREFIX_LEN 16 /* "NVMeTLSkey-1:HH:" */
#define WINDOW     12 /* a run this long from the key is not in a message by chance */

/* Every fixed text a message is made of, with each number it can show. */
static const char message_texts[] =
    "TLS PSK must have the form NVMeTLSkey-1:HH:BASE64:\n"
    "TLS PSK hash must be 00, 01 or 02 (none, SHA-256, SHA-384)\n"
    "TLS PSK must end with a single ':' after the key\n"
    "TLS PSK key is not valid base64\n"
    "TLS PSK must encode a 32 or 48 byte key plus its CRC-32\n"
    "TLS PSK has a wrong CRC-32 (damaged or mistyped key)\n"
    "TLS PSK hash 01 (SHA-256) needs a 32 byte key, this one has 48\n"
    "TLS PSK hash 02 (SHA-384) needs a 48 byte key, this one has 32\n";

static guint32
crc32_ieee(const guint8 *p, gsize len)
{
    guint32 crc = ~0u;

    for (gsize i = 0; i < len; i++) {
        crc ^= p[i];
        for (guint b = 0; b < 8; b++)
            crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

/* (transfer full): @key in interchange format with hash @hmac. */
static char *
encode(GBytes *key, guint hmac)
{
    gsize              len = 0;
    const guint8      *p   = g_bytes_get_data(key, &len);
    g_autofree guint8 *raw = g_malloc(len + 4);
    g_autofree char   *b64 = NULL;
    guint32            crc = crc32_ieee(p, len);

    memcpy(raw, p, len);
    for (guint i = 0; i < 4; i++)
        raw[len + i] = (guint8) (crc >> (8 * i));
    b64 = g_base64_encode(raw, len + 4);
    return g_strdup_printf("NVMeTLSkey-1:%02u:%s:", hmac, b64);
}

static void
check_accepted(const char *text, GBytes *key, guint hmac)
{
    gsize            len     = strlen(text);
    gsize            key_len = g_bytes_get_size(key);
    g_autofree char *again   = encode(key, hmac);
    g_autoptr(GBytes) key2   = NULL;
    guint hmac2              = 99;

    FUZZ_CHECK(g_str_has_prefix(text, "NVMeTLSkey-1:0") && text[14] >= '0' && text[14] <= '2' &&
                   text[15] == ':' && text[len - 1] == ':',
               "accepted key of the wrong shape");
    FUZZ_CHECK(hmac == (guint) (text[14] - '0'), "hmac is not the HH field");
    FUZZ_CHECK((len == 65 && key_len == 32) || (len == 89 && key_len == 48),
               "accepted key of %zu characters decodes to %zu bytes",
               len,
               key_len);
    FUZZ_CHECK(hmac == NMNVME_TLS_PSK_HMAC_NONE ||
                   key_len == (hmac == NMNVME_TLS_PSK_HMAC_SHA256 ? 32u : 48u),
               "key size does not match the hash");
    key2 = nmnvme_tls_psk_decode(again, &hmac2, NULL);
    FUZZ_CHECK(key2 && g_bytes_equal(key, key2) && hmac2 == hmac,
               "the key encoded again does not decode to the same");
}

static void
check_message(const char *text, const char *message)
{
    gsize len = strlen(text);

    FUZZ_CHECK(message && *message, "rejection without message");
    for (gsize i = MIN(len, PREFIX_LEN); i + WINDOW <= len; i++) {
        g_autofree char *run = g_strndup(text + i, WINDOW);

        FUZZ_CHECK(!strstr(message, run) || strstr(message_texts, run),
                   "the message quotes the key: %s",
                   message);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text    = fuzz_string(data, size);
    g_autoptr(GError) error  = NULL;
    g_autoptr(GError) error2 = NULL;
    g_autoptr(GBytes) key    = NULL;
    gboolean valid           = nmnvme_tls_psk_validate(text, &error);
    guint    hmac            = 99;

    FUZZ_CHECK(valid == (error == NULL), "validate and its error disagree");
    key = nmnvme_tls_psk_decode(text, &hmac, &error2);
    FUZZ_CHECK(valid == (key != NULL), "validate and decode disagree");
    if (valid) {
        check_accepted(text, key, hmac);
        return 0;
    }
    FUZZ_CHECK(hmac == 99, "a rejected key set hmac");
    FUZZ_CHECK(g_strcmp0(error->message, error2->message) == 0, "validate and decode differ");
    check_message(text, error->message);
    return 0;
}
