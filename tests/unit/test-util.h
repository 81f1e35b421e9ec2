/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-util.h: what several unit tests need: capturing the library's
 * warnings (the tests run with G_DEBUG=fatal-warnings), and a TCP listener
 * on the loopback interface for the tests that probe.
 */
#ifndef NMNVME_TEST_UTIL_H
#define NMNVME_TEST_UTIL_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* Routes warnings to a store instead of printing (and aborting); other
 * levels go the default way. Call once, before g_test_run(). */
void nmnvme_test_capture_warnings(void);

/* (nullable): the last captured warning's message. */
const char *nmnvme_test_last_warning(void);

/* Asserts that the last warning matches the glob @pattern, and forgets it. */
void nmnvme_test_assert_warned(const char *pattern);

/* A listener on 127.0.0.1 (port chosen by the kernel); returns the port. */
guint16 nmnvme_test_listen_loopback(GSocketListener **out_listener);

/* Marks the test skipped and returns %TRUE when not root (SO_BINDTODEVICE). */
gboolean nmnvme_test_skip_unless_root(void);

/* (transfer full): a string dictionary (keys and values copied) from
 * "key", "value", ..., %NULL. */
GHashTable *nmnvme_test_dict(const char *first_key, ...) G_GNUC_NULL_TERMINATED;

/* (transfer full): the path of a new temporary file (g_file_open_tmp()'s
 * @tmpl) holding @text. */
char *nmnvme_test_write_temp(const char *tmpl, const char *text);

/* Removes @path and everything under it (symlinks are not followed). */
void nmnvme_test_rm_rf(const char *path);

G_END_DECLS

#endif /* NMNVME_TEST_UTIL_H */
