/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-util.c: helpers shared by the unit tests.
 */
#include "config.h"

#include "test-util.h"

#include <glib/gstdio.h>
#include <unistd.h>

static char *last_warning;

static GLogWriterOutput
writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    if (!(level & G_LOG_LEVEL_WARNING))
        return g_log_writer_default(level, fields, n_fields, user_data);
    for (gsize i = 0; i < n_fields; i++) {
        if (g_str_equal(fields[i].key, "MESSAGE")) {
            g_free(last_warning);
            last_warning = g_strdup(fields[i].value);
        }
    }
    return G_LOG_WRITER_HANDLED;
}

void
nmnvme_test_capture_warnings(void)
{
    g_log_set_writer_func(writer, NULL, NULL);
}

const char *
nmnvme_test_last_warning(void)
{
    return last_warning;
}

void
nmnvme_test_assert_warned(const char *pattern)
{
    g_assert_nonnull(last_warning);
    if (!g_pattern_match_simple(pattern, last_warning))
        g_error("warning '%s' does not match '%s'", last_warning, pattern);
    g_clear_pointer(&last_warning, g_free);
}

guint16
nmnvme_test_listen_loopback(GSocketListener **out_listener)
{
    g_autoptr(GError) error        = NULL;
    g_autoptr(GInetAddress) lo     = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any  = g_inet_socket_address_new(lo, 0);
    g_autoptr(GSocketAddress) real = NULL;

    *out_listener = g_socket_listener_new();
    g_socket_listener_add_address(*out_listener,
                                  any,
                                  G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP,
                                  NULL,
                                  &real,
                                  &error);
    g_assert_no_error(error);
    return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(real));
}

gboolean
nmnvme_test_skip_unless_root(void)
{
    if (geteuid() == 0)
        return FALSE;
    g_test_skip("SO_BINDTODEVICE needs root");
    return TRUE;
}

GHashTable *
nmnvme_test_dict(const char *first_key, ...)
{
    GHashTable *d = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    va_list     ap;

    va_start(ap, first_key);
    for (const char *k = first_key; k; k = va_arg(ap, const char *))
        g_hash_table_insert(d, g_strdup(k), g_strdup(va_arg(ap, const char *)));
    va_end(ap);
    return d;
}

void
nmnvme_test_rm_rf(const char *path)
{
    g_autoptr(GDir) dir =
        g_file_test(path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open(path, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *child = g_build_filename(path, name, NULL);

        nmnvme_test_rm_rf(child);
    }
    if (dir)
        g_assert_cmpint(g_rmdir(path), ==, 0);
    else
        g_unlink(path);
}

char *
nmnvme_test_write_temp(const char *tmpl, const char *text)
{
    g_autoptr(GError) error = NULL;
    char *path              = NULL;
    int   fd                = g_file_open_tmp(tmpl, &path, &error);

    g_assert_no_error(error);
    g_assert_true(g_file_set_contents(path, text, -1, &error));
    g_assert_no_error(error);
    close(fd);
    return path;
}
