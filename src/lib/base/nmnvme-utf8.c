/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-utf8.c: UTF-8 checks of text from outside, and its printable form.
 */
#include "config.h"

#include "nmnvme-utf8.h"

#include "nmnvme-error.h"

char *
nmnvme_utf8_escape(const char *text)
{
    GString    *out = g_string_new(NULL);
    const char *p;

    g_return_val_if_fail(text, g_string_free(out, FALSE));

    for (p = text; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);

        /* (gunichar) -1 and -2: not UTF-8 */
        if (c > 0x10FFFF || c < 0x20 || c == 0x7F) {
            g_string_append_printf(out, "\\x%02X", (guint8) *p++);
            continue;
        }
        if (c == '\\')
            g_string_append_c(out, '\\');
        g_string_append_len(out, p, g_utf8_next_char(p) - p);
        p = g_utf8_next_char(p);
    }
    return g_string_free(out, FALSE);
}

gboolean
nmnvme_utf8_check_key(const char *what, const char *key, GError **error)
{
    g_autofree char *shown = NULL;

    if (g_utf8_validate(key, -1, NULL))
        return TRUE;
    shown = nmnvme_utf8_escape(key);
    return nmnvme_error_invalid(error, "%s: key '%s' is not valid UTF-8", what, shown);
}

gboolean
nmnvme_utf8_check_value(const char *key, const char *value, GError **error)
{
    const char *end;

    if (!value || g_utf8_validate(value, -1, &end))
        return TRUE;
    return nmnvme_error_invalid(error,
                                "%s: value is not valid UTF-8 (byte %d)",
                                key,
                                (int) (end - value));
}
