/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls-psk.c: the NVMe TLS PSK interchange format, checked as
 * libnvme's nvme_import_tls_key() and the specification do (and the
 * trailing ':' too). The key itself is decoded (into wiped memory) by
 * nmnvme-interchange-key.c.
 */
#include "config.h"

#include "nmnvme-tls-psk.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-interchange-key.h"

#define PREFIX "NVMeTLSkey-1:"
#define WHAT   "TLS PSK"

/* The key size the HH field asks for; 0 when any allowed size will do. */
static gsize
hmac_key_size(guint hmac)
{
    switch (hmac) {
    case NMNVME_TLS_PSK_HMAC_SHA256:
        return 32;
    case NMNVME_TLS_PSK_HMAC_SHA384:
        return 48;
    default:
        return 0;
    }
}

static const char *
hmac_name(guint hmac)
{
    return hmac == NMNVME_TLS_PSK_HMAC_SHA256 ? "01 (SHA-256)" : "02 (SHA-384)";
}

GBytes *
nmnvme_tls_psk_decode(const char *text, guint *hmac, GError **error)
{
    static const gsize sizes[] = { 32, 48, 0 };
    g_autoptr(GBytes) key      = NULL;
    const char *p;
    const char *end;
    guint       hh;
    gsize       want;

    g_return_val_if_fail(!error || !*error, NULL);

    if (!text || !g_str_has_prefix(text, PREFIX)) {
        nmnvme_error_invalid(error, WHAT " must have the form " PREFIX "HH:BASE64:");
        return NULL;
    }
    p = text + strlen(PREFIX);
    if (!(p[0] == '0' && p[1] >= '0' && p[1] <= '2') || p[2] != ':') {
        nmnvme_error_invalid(error, WHAT " hash must be 00, 01 or 02 (none, SHA-256, SHA-384)");
        return NULL;
    }
    hh = p[1] - '0';
    p += 3;
    end = strchr(p, ':');
    if (!end || end[1] != '\0') {
        nmnvme_error_invalid(error, WHAT " must end with a single ':' after the key");
        return NULL;
    }
    key = nmnvme_interchange_key_decode(p, end - p, WHAT, sizes, error);
    if (!key)
        return NULL;
    want = hmac_key_size(hh);
    if (want && g_bytes_get_size(key) != want) {
        nmnvme_error_invalid(error,
                             WHAT " hash %s needs a %" G_GSIZE_FORMAT
                                  " byte key, this one has %" G_GSIZE_FORMAT,
                             hmac_name(hh),
                             want,
                             g_bytes_get_size(key));
        return NULL;
    }
    if (hmac)
        *hmac = hh;
    return g_steal_pointer(&key);
}

gboolean
nmnvme_tls_psk_validate(const char *text, GError **error)
{
    g_autoptr(GBytes) key = nmnvme_tls_psk_decode(text, NULL, error);

    return key != NULL;
}
