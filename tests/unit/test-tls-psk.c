/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-tls-psk.c: the NVMe TLS PSK interchange format. The 01/02 keys were
 * made by `nvme gen-tls-key` (nvme-cli 2.13, libnvme 1.13, Debian 13), an
 * independent implementation, two of them from known secrets (`--secret`);
 * the 00 keys by Python's base64 and zlib.crc32, and accepted by `nvme
 * check-tls-key`.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-tls-psk.h"

/* nvme gen-tls-key -m 1 -s 55aa0011...ccdd */
#define SHA256_KNOWN "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:"
/* nvme gen-tls-key -m 2 -s 0102...2f30 */
#define SHA384_KNOWN                                                                         \
    "NVMeTLSkey-1:02:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wyg3Bcw" \
    "==:"
/* bytes 0x20..0x3f and 0x40..0x6f, no transform */
#define NONE_32 "NVMeTLSkey-1:00:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj/jBqb2:"
#define NONE_48                                                                              \
    "NVMeTLSkey-1:00:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5voBXMjQ" \
    "==:"

static const guint8 known_sha256[32] = {
    0x55, 0xaa, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
    0xee, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
};

static void
assert_decodes(const char *text, guint want_hmac, const guint8 *want, gsize want_len)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) key   = NULL;
    guint hmac              = 99;

    g_assert_true(nmnvme_tls_psk_validate(text, &error));
    g_assert_no_error(error);
    key = nmnvme_tls_psk_decode(text, &hmac, &error);
    g_assert_no_error(error);
    g_assert_nonnull(key);
    g_assert_cmpuint(hmac, ==, want_hmac);
    g_assert_cmpmem(g_bytes_get_data(key, NULL), g_bytes_get_size(key), want, want_len);
}

static void
test_known(void)
{
    guint8 seq[48];

    assert_decodes(SHA256_KNOWN, NMNVME_TLS_PSK_HMAC_SHA256, known_sha256, sizeof(known_sha256));
    for (guint i = 0; i < 48; i++)
        seq[i] = i + 1;
    assert_decodes(SHA384_KNOWN, NMNVME_TLS_PSK_HMAC_SHA384, seq, 48);
    for (guint i = 0; i < 32; i++)
        seq[i] = 0x20 + i;
    assert_decodes(NONE_32, NMNVME_TLS_PSK_HMAC_NONE, seq, 32);
    for (guint i = 0; i < 48; i++)
        seq[i] = 0x40 + i;
    assert_decodes(NONE_48, NMNVME_TLS_PSK_HMAC_NONE, seq, 48);
}

static void
test_generated(void)
{
    /* nvme gen-tls-key -m 1 / -m 2, random keys */
    static const char *const good[] = {
        "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:",
        "NVMeTLSkey-1:02:YrgBDpRlMmOota/CfC773CyPqizsRwwormB53K7xSMQ0jvEdMCIPAha0hO3RFaGAQyl82A==:",
    };

    for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) key   = NULL;
        guint hmac              = 0;

        key = nmnvme_tls_psk_decode(good[i], &hmac, &error);
        g_assert_no_error(error);
        g_assert_cmpuint(hmac, ==, i + 1);
        g_assert_cmpuint(g_bytes_get_size(key), ==, i == 0 ? 32 : 48);
    }
}

/* Whether @message contains any 6 characters in a row of the key part of
 * @text (after "NVMeTLSkey-1:HH:"). */
static gboolean
leaks_key(const char *message, const char *text)
{
    const char *b64 = strlen(text) > 16 ? text + 16 : "";
    gsize       len = strlen(b64);

    for (gsize i = 0; i + 6 <= len; i++) {
        g_autofree char *piece = g_strndup(b64 + i, 6);

        if (strstr(message, piece))
            return TRUE;
    }
    return FALSE;
}

static void
test_bad(void)
{
    static const struct {
        const char *text;
        const char *why;
    } rows[] = {
        { "", "must have the form" },
        { "psk", "must have the form" },
        { "nvmetlskey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "must have the form" },
        { "NVMeTLSkey-2:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "must have the form" },
        { "DHHC-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:", "must have the form" },
        /* bad hmac */
        { "NVMeTLSkey-1:03:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "hash must be 00, 01 or 02" },
        { "NVMeTLSkey-1:1:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "hash must be 00, 01 or 02" },
        { "NVMeTLSkey-1:0a:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "hash must be 00, 01 or 02" },
        { "NVMeTLSkey-1:001:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "hash must be 00, 01 or 02" },
        /* missing or doubled trailing colon */
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L",
          "must end with a single ':'" },
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L::",
          "must end with a single ':'" },
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L: ",
          "must end with a single ':'" },
        /* not base64 */
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4!:", "not valid base64" },
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4:", "not valid base64" },
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RV=neImaq7zN2LVN4L:", "not valid base64" },
        { "NVMeTLSkey-1:01::", "not valid base64" },
        /* bad length: 24 and 64 byte keys with a right CRC */
        { "NVMeTLSkey-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXlqaVgg==:", "32 or 48 byte key" },
        { "NVMeTLSkey-1:00:"
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+"
          "P4zODhA=:",
          "32 or 48 byte key" },
        /* a key of the other hash's size */
        { "NVMeTLSkey-1:02:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:",
          "needs a 48 byte key, this one has 32" },
        { "NVMeTLSkey-1:01:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wyg3Bcw=="
          ":",
          "needs a 32 byte key, this one has 48" },
        /* bad CRC: one character of the key changed; a zero CRC */
        { "NVMeTLSkey-1:01:WaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:", "wrong CRC-32" },
        { "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4M:", "wrong CRC-32" },
        { "NVMeTLSkey-1:00:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8AAAAA:", "wrong CRC-32" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error  = NULL;
        g_autoptr(GError) error2 = NULL;
        g_autoptr(GBytes) key    = NULL;
        guint hmac               = 99;

        g_assert_false(nmnvme_tls_psk_validate(rows[i].text, &error));
        g_test_message("row %u -> %s", i, error->message);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, rows[i].why));
        g_assert_false(leaks_key(error->message, rows[i].text));
        /* decode fails the same way and leaves @hmac alone */
        key = nmnvme_tls_psk_decode(rows[i].text, &hmac, &error2);
        g_assert_null(key);
        g_assert_cmpstr(error2->message, ==, error->message);
        g_assert_cmpuint(hmac, ==, 99);
    }
}

static void
test_null(void)
{
    g_autoptr(GError) error = NULL;

    g_assert_false(nmnvme_tls_psk_validate(NULL, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(nmnvme_tls_psk_validate(SHA256_KNOWN, NULL));
    g_assert_false(nmnvme_tls_psk_validate("NVMeTLSkey-1:01::", NULL));
}

/* The leak check itself sees a quoted key. */
static void
test_leak_check(void)
{
    g_assert_true(leaks_key("bad key VaoAESIzRFVm", SHA256_KNOWN));
    g_assert_false(leaks_key("TLS PSK has a wrong CRC-32 (damaged or mistyped key)", SHA256_KNOWN));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls-psk/known", test_known);
    g_test_add_func("/tls-psk/generated", test_generated);
    g_test_add_func("/tls-psk/bad", test_bad);
    g_test_add_func("/tls-psk/null", test_null);
    g_test_add_func("/tls-psk/leak-check", test_leak_check);
    return g_test_run();
}
