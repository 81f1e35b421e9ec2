/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-ini.c: the INI reader the nvme-stas and nvme-cli formats
 * share, with line numbers, repeated sections and repeated keys (a
 * `controller =` line per path, a [Subsystem] per subsystem).
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"

/* Cuts a comment that follows whitespace ("key = v   # note") off @s. */
static void
cut_inline_comment(char *s)
{
    for (char *p = s; *p; p++) {
        if ((*p == '#') && p > s && g_ascii_isspace(p[-1])) {
            *p = '\0';
            return;
        }
    }
}

/* One line; @section is updated on a header. */
static gboolean
parse_line(const char          *path,
           char                *s,
           guint                line,
           char               **section,
           NMNvmeMigrateIniFunc func,
           gpointer             user_data,
           GError             **error)
{
    char *sep;

    g_strstrip(s);
    if (!*s || *s == '#' || *s == ';')
        return TRUE;
    if (*s == '[') {
        char *end = strchr(s, ']');

        if (!end || end[1]) {
            nmnvme_migrate_set_error(error, path, line, s, "a section header without its ']'");
            return FALSE;
        }
        *end = '\0';
        g_free(*section);
        *section = g_strdup(g_strstrip(s + 1));
        return func(*section, NULL, NULL, line, user_data, error);
    }
    sep = strpbrk(s, "=:");
    if (!sep) {
        nmnvme_migrate_set_error(error, path, line, s, "not KEY = VALUE");
        return FALSE;
    }
    *sep = '\0';
    cut_inline_comment(sep + 1);
    if (!*section) {
        nmnvme_migrate_set_error(error, path, line, g_strstrip(s), "a key before any [section]");
        return FALSE;
    }
    return func(*section, g_strstrip(s), g_strstrip(sep + 1), line, user_data, error);
}

gboolean
nmnvme_migrate_ini_parse(const char          *path,
                         const char          *text,
                         NMNvmeMigrateIniFunc func,
                         gpointer             user_data,
                         GError             **error)
{
    g_auto(GStrv) lines      = g_strsplit(text, "\n", -1);
    g_autofree char *section = NULL;

    for (guint i = 0; lines[i]; i++) {
        if (!g_utf8_validate(lines[i], -1, NULL)) {
            nmnvme_migrate_set_error(error, path, i + 1, "(line)", "not UTF-8");
            return FALSE;
        }
        if (!parse_line(path, lines[i], i + 1, &section, func, user_data, error))
            return FALSE;
    }
    return TRUE;
}
