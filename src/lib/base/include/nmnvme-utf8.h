/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-utf8.h: checking that text from outside (keyfiles, vpn.data, D-Bus
 * dictionaries, command-line words) is UTF-8 before anything parses, prints
 * or logs it, and showing text that is not without its raw bytes.
 */
#ifndef NMNVME_UTF8_H
#define NMNVME_UTF8_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_utf8_escape:
 * @text: any bytes
 *
 * Returns: (transfer full): @text with every byte that is not part of valid
 *   UTF-8, and every ASCII control character, written as `\xNN`: safe to
 *   print and log. Never pass a secret.
 */
char *nmnvme_utf8_escape(const char *text);

/**
 * nmnvme_utf8_check_key:
 * @what: where the key comes from, e.g. "user.data"
 * @key: the key
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @key is valid UTF-8; else %FALSE with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) naming @what and the key, escaped.
 */
gboolean nmnvme_utf8_check_key(const char *what, const char *key, GError **error);

/**
 * nmnvme_utf8_check_value:
 * @key: the key whose value @value is (valid UTF-8 itself)
 * @value: (nullable): the value
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @value is %NULL or valid UTF-8; else %FALSE with
 *   @error (%NMNVME_ERROR_INVALID_SETTING) naming @key and the offset of
 *   the first bad byte, never echoing the value (it may be a secret).
 */
gboolean nmnvme_utf8_check_value(const char *key, const char *value, GError **error);

G_END_DECLS

#endif /* NMNVME_UTF8_H */
