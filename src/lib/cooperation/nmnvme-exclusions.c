/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-exclusions.c: parsing the exclusion list and matching a
 * connection against it.
 */
#include "config.h"

#include "nmnvme-exclusions.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

typedef enum {
    FIELD_TRANSPORT,
    FIELD_TRADDR,
    FIELD_TRSVCID,
    FIELD_NQN,
    FIELD_HOST_TRADDR,
    FIELD_HOST_IFACE,
    FIELD_HOSTNQN,
    FIELD_HOSTID,
    N_FIELDS,
} Field;

static const char *const field_keys[N_FIELDS] = {
    [FIELD_TRANSPORT] = "transport",     [FIELD_TRADDR] = "traddr",
    [FIELD_TRSVCID] = "trsvcid",         [FIELD_NQN] = "nqn",
    [FIELD_HOST_TRADDR] = "host-traddr", [FIELD_HOST_IFACE] = "host-iface",
    [FIELD_HOSTNQN] = "hostnqn",         [FIELD_HOSTID] = "hostid",
};

/* One valid entry: the values of the keys it names (%NULL: not named). */
typedef struct {
    char *values[N_FIELDS];
    char *where; /* "FILE:LINE" */
} Entry;

struct _NMNvmeExclusions {
    GPtrArray *entries; /* Entry */
};

static void
entry_free(Entry *e)
{
    for (guint f = 0; f < N_FIELDS; f++)
        g_free(e->values[f]);
    g_free(e->where);
    g_free(e);
}

NMNvmeExclusions *
nmnvme_exclusions_new_empty(void)
{
    NMNvmeExclusions *x = g_new0(NMNvmeExclusions, 1);

    x->entries = g_ptr_array_new_with_free_func((GDestroyNotify) entry_free);
    return x;
}

void
nmnvme_exclusions_free(NMNvmeExclusions *exclusions)
{
    if (!exclusions)
        return;
    g_ptr_array_unref(exclusions->entries);
    g_free(exclusions);
}

guint
nmnvme_exclusions_count(const NMNvmeExclusions *exclusions)
{
    return exclusions->entries->len;
}

/*****************************************************************************/
/* Parsing */

static void problem(GPtrArray *problems, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
problem(GPtrArray *problems, const char *fmt, ...)
{
    va_list ap;

    if (!problems)
        return;
    va_start(ap, fmt);
    g_ptr_array_add(problems, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static int
field_of(const char *key)
{
    for (guint f = 0; f < N_FIELDS; f++) {
        if (strcmp(field_keys[f], key) == 0)
            return (int) f;
    }
    return -1;
}

/* Parses "key=value;key=value"; %NULL with @why when it can never match. */
static Entry *
parse_entry(const char *text, char **why)
{
    g_auto(GStrv) parts = g_strsplit(text, ";", -1);
    Entry *e            = g_new0(Entry, 1);
    guint  n            = 0;

    for (guint i = 0; parts[i]; i++) {
        char *part = g_strstrip(parts[i]);
        char *eq   = strchr(part, '=');
        int   f;

        if (!*part)
            continue;
        if (eq)
            *eq = '\0';
        f = field_of(g_strstrip(part));
        if (!eq || f < 0 || !*g_strstrip(eq + 1)) {
            *why = g_strdup_printf(f < 0 ? "unknown key '%s'" : "key '%s' without a value", part);
            entry_free(e);
            return NULL;
        }
        g_free(e->values[f]);
        e->values[f] = g_strdup(g_strstrip(eq + 1));
        n++;
    }
    if (n == 0) {
        *why = g_strdup("empty entry");
        entry_free(e);
        return NULL;
    }
    return e;
}

/* One line inside [exclusions]. */
static void
parse_line(NMNvmeExclusions *x, const char *file, guint lineno, char *line, GPtrArray *problems)
{
    char            *eq  = strchr(line, '=');
    g_autofree char *why = NULL;
    Entry           *e;

    if (eq)
        *eq = '\0';
    if (!eq || strcmp(g_strstrip(line), "exclusion") != 0) {
        problem(problems, "%s:%u: not an 'exclusion = ...' line, ignored", file, lineno);
        return;
    }
    e = parse_entry(eq + 1, &why);
    if (!e) {
        problem(problems, "%s:%u: %s: the entry never matches", file, lineno, why);
        return;
    }
    e->where = g_strdup_printf("%s:%u", file, lineno);
    g_ptr_array_add(x->entries, e);
}

static void
parse_text(NMNvmeExclusions *x, const char *file, const char *text, GPtrArray *problems)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    gboolean in_section = FALSE;

    for (guint i = 0; lines[i]; i++) {
        char *line = g_strstrip(lines[i]);

        if (!*line || *line == '#' || *line == ';')
            continue;
        if (*line == '[') {
            in_section = strcmp(line, "[exclusions]") == 0;
            continue;
        }
        if (in_section)
            parse_line(x, file, i + 1, line, problems);
    }
}

static void
load_file(NMNvmeExclusions *x, const char *file, GPtrArray *problems)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *text   = NULL;

    if (g_file_get_contents(file, &text, NULL, &error)) {
        parse_text(x, file, text, problems);
        return;
    }
    if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        problem(problems, "%s: cannot be read (%s): it excludes nothing", file, error->message);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

NMNvmeExclusions *
nmnvme_exclusions_load(const char *main_file, const char *dropin_dir, GPtrArray *problems)
{
    NMNvmeExclusions *x     = nmnvme_exclusions_new_empty();
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir     = g_dir_open(dropin_dir, 0, &error);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    load_file(x, main_file, problems);
    if (!dir && !g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        problem(problems, "%s: cannot be read (%s): it excludes nothing", dropin_dir, error->message);
    while (dir && (name = g_dir_read_name(dir))) {
        if (g_str_has_suffix(name, ".conf"))
            g_ptr_array_add(names, g_build_filename(dropin_dir, name, NULL));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++)
        load_file(x, names->pdata[i], problems);
    return x;
}

/*****************************************************************************/
/* Matching */

/* An IP address from "fe80::1", "[fe80::1]" or "fe80::1%eth0". */
static GInetAddress *
parse_ip(const char *text)
{
    g_autofree char *copy = g_strdup(text);
    char            *p    = copy;
    char            *end;

    if (*p == '[') {
        p++;
        end = strchr(p, ']');
        if (end)
            *end = '\0';
    }
    end = strchr(p, '%');
    if (end)
        *end = '\0';
    return g_inet_address_new_from_string(p);
}

static gboolean
address_equal(const char *a, const char *b)
{
    g_autoptr(GInetAddress) ia = parse_ip(a);
    g_autoptr(GInetAddress) ib = parse_ip(b);

    if (ia && ib)
        return g_inet_address_equal(ia, ib);
    return g_ascii_strcasecmp(a, b) == 0;
}

static gboolean
number_equal(const char *a, const char *b)
{
    guint64 na, nb;

    if (g_ascii_string_to_unsigned(a, 10, 0, G_MAXUINT64, &na, NULL) &&
        g_ascii_string_to_unsigned(b, 10, 0, G_MAXUINT64, &nb, NULL))
        return na == nb;
    return strcmp(a, b) == 0;
}

static gboolean
field_equal(Field f, const char *want, const char *have)
{
    switch (f) {
    case FIELD_TRADDR:
    case FIELD_HOST_TRADDR:
        return address_equal(want, have);
    case FIELD_TRSVCID:
        return number_equal(want, have);
    case FIELD_TRANSPORT:
    case FIELD_HOSTID:
        return g_ascii_strcasecmp(want, have) == 0;
    case FIELD_NQN:
    case FIELD_HOST_IFACE:
    case FIELD_HOSTNQN:
    case N_FIELDS:
        break;
    }
    return strcmp(want, have) == 0;
}

static gboolean
entry_matches(const Entry *e, const NMNvmeExclusionTarget *t)
{
    const char *have[N_FIELDS] = {
        [FIELD_TRANSPORT] = t->transport,     [FIELD_TRADDR] = t->traddr,
        [FIELD_TRSVCID] = t->trsvcid,         [FIELD_NQN] = t->nqn,
        [FIELD_HOST_TRADDR] = t->host_traddr, [FIELD_HOST_IFACE] = t->host_iface,
        [FIELD_HOSTNQN] = t->hostnqn,         [FIELD_HOSTID] = t->hostid,
    };

    for (guint f = 0; f < N_FIELDS; f++) {
        if (!e->values[f])
            continue;
        if (!have[f] || !*have[f] || !field_equal(f, e->values[f], have[f]))
            return FALSE;
    }
    return TRUE;
}

const char *
nmnvme_exclusions_match(const NMNvmeExclusions *exclusions, const NMNvmeExclusionTarget *target)
{
    for (guint i = 0; exclusions && i < exclusions->entries->len; i++) {
        const Entry *e = exclusions->entries->pdata[i];

        if (entry_matches(e, target))
            return e->where;
    }
    return NULL;
}
