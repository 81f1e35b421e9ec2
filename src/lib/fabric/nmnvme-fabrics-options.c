/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics-options.c: parsing the kernel's connect option templates,
 * and the one read of /dev/nvme-fabrics.
 */
#include "config.h"

#include "nmnvme-fabrics-options.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nmnvme-error.h"

/* The template is about 400 bytes on 6.1; anything much longer is not it. */
#define MAX_TEXT_LEN 4096

struct _NMNvmeFabricsOptions {
    /* option name -> its template value ("%s", "-1"), "" for a flag */
    GHashTable *names;
};

/* What nmnvme_fabrics_options_missing() checks, in its order. */
static const char *const wanted[] = {
    "host_iface",    "discovery",       "dhchap_secret",   "dhchap_ctrl_secret", "keep_alive_tmo",
    "ctrl_loss_tmo", "reconnect_delay", "nr_write_queues", "nr_poll_queues",     "disable_sqflow",
    "hdr_digest",    "data_digest",     "queue_size",      "nr_io_queues",       NULL,
};

/* Every kernel lists these; a text without them is not an option list. */
static const char *const required[] = { "transport", "traddr", "nqn", NULL };

static gboolean
valid_name(const char *name)
{
    if (!*name)
        return FALSE;
    for (const char *p = name; *p; p++) {
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '_')
            return FALSE;
    }
    return TRUE;
}

static gboolean
valid_value(const char *value)
{
    if (!*value)
        return FALSE;
    for (const char *p = value; *p; p++) {
        if (!g_ascii_isgraph(*p) || *p == '=')
            return FALSE;
    }
    return TRUE;
}

static gboolean
add_item(GHashTable *names, const char *item, GError **error)
{
    const char      *eq    = strchr(item, '=');
    g_autofree char *name  = eq ? g_strndup(item, eq - item) : g_strdup(item);
    const char      *value = eq ? eq + 1 : "";

    if (!valid_name(name) || (eq && !valid_value(value))) {
        g_autofree char *quoted = g_strescape(item, NULL);

        return nmnvme_error_invalid(error, "'%s' is not an option template", quoted);
    }
    if (g_hash_table_contains(names, name))
        return nmnvme_error_invalid(error, "option '%s' is listed twice", name);
    g_hash_table_insert(names, g_steal_pointer(&name), g_strdup(value));
    return TRUE;
}

static gboolean
parse_line(GHashTable *names, const char *line, GError **error)
{
    g_auto(GStrv) items = NULL;

    if (!*line)
        return nmnvme_error_invalid(error, "the text is empty");
    items = g_strsplit(line, ",", -1);
    for (char **p = items; *p; p++) {
        if (!add_item(names, *p, error))
            return FALSE;
    }
    for (const char *const *r = required; *r; r++) {
        if (!g_hash_table_contains(names, *r))
            return nmnvme_error_invalid(error, "option '%s' is missing", *r);
    }
    return TRUE;
}

NMNvmeFabricsOptions *
nmnvme_fabrics_options_parse(const char *text, GError **error)
{
    g_autoptr(NMNvmeFabricsOptions) options = NULL;
    g_autoptr(GError) local                 = NULL;
    g_autofree char *line                   = NULL;

    g_return_val_if_fail(text, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    line                        = g_strstrip(g_strdup(text));
    line[strcspn(line, "\r\n")] = '\0';
    g_strchomp(line);
    options        = g_new0(NMNvmeFabricsOptions, 1);
    options->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!parse_line(options->names, line, &local)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_SETTING,
                    "invalid fabrics option list: %s",
                    local->message);
        return NULL;
    }
    return g_steal_pointer(&options);
}

static gboolean
set_errno_error(GError **error, const char *what, const char *path, int errsv)
{
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_FAILED,
                "cannot %s %s: %s",
                what,
                path,
                g_strerror(errsv));
    return FALSE;
}

/* Reads until end of file or until @buf is full; returns the count or -1. */
static gssize
read_fd(int fd, char *buf, gsize size)
{
    gsize len = 0;

    while (len < size) {
        gssize n = read(fd, buf + len, size - len);

        if (n < 0 && errno != EINTR)
            return -1;
        if (n == 0)
            break;
        if (n > 0)
            len += n;
    }
    return len;
}

static char *
read_text(const char *path, GError **error)
{
    char   buf[MAX_TEXT_LEN + 1];
    gssize len;
    int    errsv;
    int    fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        set_errno_error(error, "open", path, errno);
        return NULL;
    }
    len   = read_fd(fd, buf, sizeof(buf));
    errsv = errno;
    g_close(fd, NULL);
    if (len < 0) {
        set_errno_error(error, "read", path, errsv);
        return NULL;
    }
    if (len > MAX_TEXT_LEN) {
        nmnvme_error_invalid(error, "%s is longer than %d bytes", path, MAX_TEXT_LEN);
        return NULL;
    }
    if (memchr(buf, '\0', len)) {
        nmnvme_error_invalid(error, "%s has a NUL byte", path);
        return NULL;
    }
    return g_strndup(buf, len);
}

NMNvmeFabricsOptions *
nmnvme_fabrics_options_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;

    g_return_val_if_fail(path, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    text = read_text(path, error);
    if (!text)
        return NULL;
    return nmnvme_fabrics_options_parse(text, error);
}

void
nmnvme_fabrics_options_free(NMNvmeFabricsOptions *options)
{
    if (!options)
        return;
    g_hash_table_unref(options->names);
    g_free(options);
}

gboolean
nmnvme_fabrics_options_has(const NMNvmeFabricsOptions *options, const char *option)
{
    g_return_val_if_fail(options, FALSE);
    g_return_val_if_fail(option, FALSE);

    return g_hash_table_contains(options->names, option);
}

char **
nmnvme_fabrics_options_missing(const NMNvmeFabricsOptions *options)
{
    g_autoptr(GStrvBuilder) missing = g_strv_builder_new();

    g_return_val_if_fail(options, NULL);

    for (const char *const *w = wanted; *w; w++) {
        if (!g_hash_table_contains(options->names, *w))
            g_strv_builder_add(missing, *w);
    }
    return g_strv_builder_end(missing);
}
