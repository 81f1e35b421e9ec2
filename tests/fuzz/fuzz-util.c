/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-util.c: the targets' shared helpers (fuzz-util.h).
 */
#include "config.h"

#include "fuzz-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
fuzz_string(const uint8_t *data, size_t size)
{
    return g_strndup((const char *) data, size);
}

char **
fuzz_fields(const uint8_t *data, size_t size, guint min_fields, guint max_fields)
{
    GPtrArray *fields = g_ptr_array_new();
    size_t     start  = 0;

    while (start <= size && fields->len < max_fields) {
        const uint8_t *nul =
            fields->len + 1 < max_fields ? memchr(data + start, '\0', size - start) : NULL;
        size_t end = nul ? (size_t) (nul - data) : size;

        g_ptr_array_add(fields, g_strndup((const char *) data + start, end - start));
        start = end + 1;
    }
    while (fields->len < min_fields)
        g_ptr_array_add(fields, g_strdup(""));
    g_ptr_array_add(fields, NULL);
    return (char **) g_ptr_array_free(fields, FALSE);
}

GHashTable *
fuzz_dict(char **fields)
{
    GHashTable *dict = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; fields[i]; i += 2) {
        g_hash_table_insert(dict,
                            g_strdup(fields[i]),
                            g_strdup(fields[i + 1] ? fields[i + 1] : ""));
        if (!fields[i + 1])
            break;
    }
    return dict;
}

static char *scratch_dir;

static void
remove_scratch_dir(void)
{
    g_autoptr(GDir) dir = g_dir_open(scratch_dir, 0, NULL);
    const char *name;

    /* targets write files and at most one level of folders */
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(scratch_dir, name, NULL);
        g_autoptr(GDir) sub   = g_dir_open(path, 0, NULL);
        const char *subname;

        while (sub && (subname = g_dir_read_name(sub))) {
            g_autofree char *subpath = g_build_filename(path, subname, NULL);
            g_remove(subpath);
        }
        g_remove(path);
    }
    g_rmdir(scratch_dir);
}

const char *
fuzz_scratch_dir(void)
{
    if (!scratch_dir) {
        const char *base = g_getenv("NMNVME_FUZZ_SCRATCH");

        if (!base || !*base)
            base = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir();
        g_autofree char *tmpl = g_build_filename(base, "nmnvme-fuzz-XXXXXX", NULL);

        scratch_dir = g_mkdtemp(g_steal_pointer(&tmpl));
        if (!scratch_dir)
            fuzz_fail(G_STRLOC, "scratch folder", "%s", g_strerror(errno));
        atexit(remove_scratch_dir);
    }
    return scratch_dir;
}

void
fuzz_write_file(const char *path, const void *contents, gsize len)
{
    g_autoptr(GError) error = NULL;

    if (!g_file_set_contents(path, contents, (gssize) len, &error))
        fuzz_fail(G_STRLOC, "write", "%s", error->message);
}

void
fuzz_fail(const char *where, const char *cond, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "\nPROPERTY BROKEN at %s: %s\n  ", where, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

const char *fuzz_tolerated_warning;

/* The project's own warnings (nmnvme-log.h, domain nm-nvme) report what
 * the input did ("more than 64 referrals"); GLib's and other libraries'
 * report a misuse. */
static gboolean
is_own_domain(const GLogField *fields, gsize n_fields)
{
    for (gsize i = 0; i < n_fields; i++) {
        if (g_str_equal(fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
            return g_str_equal(fields[i].value, G_LOG_DOMAIN);
    }
    return FALSE;
}

/* GLib's fatal warnings stop with SIGTRAP, which libFuzzer does not catch
 * (the input would not be saved): this writer aborts instead. */
static GLogWriterOutput
fatal_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    GLogWriterOutput out = g_log_writer_standard_streams(level, fields, n_fields, user_data);

    if (fuzz_tolerated_warning && (level & G_LOG_LEVEL_WARNING)) {
        for (gsize i = 0; i < n_fields; i++) {
            if (g_str_equal(fields[i].key, "MESSAGE") && fields[i].length < 0 &&
                g_str_has_prefix(fields[i].value, fuzz_tolerated_warning))
                return out;
        }
    }
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
        abort();
    if ((level & G_LOG_LEVEL_WARNING) && !is_own_domain(fields, n_fields))
        abort();
    return out;
}

/* Called once by libFuzzer: a critical (an assertion) or a warning of
 * another domain than ours (a library misused) is a finding, as
 * G_DEBUG=fatal-warnings makes it in the unit tests. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    g_log_set_writer_func(fatal_writer, NULL, NULL);
    return 0;
}
