/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-probe.c: the reachability probe against real sockets on the loopback
 * interface: a listening port answers, a closed port is refused, a bad
 * address fails naming it, an unknown interface fails the bind. Binding to
 * an interface needs CAP_NET_RAW: skipped when not root.
 */
#include "config.h"

#include "nmnvme-probe.h"
#include "test-util.h"

typedef struct {
    GMainLoop *loop;
    gboolean   ok;
    GError    *error;
} Wait;

static void
on_probed(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Wait *w = user_data;

    w->ok = nmnvme_probe_finish(result, &w->error);
    g_main_loop_quit(w->loop);
}

static gboolean
probe(const char *iface, const char *address, guint16 port, GError **error)
{
    Wait w = { .loop = g_main_loop_new(NULL, FALSE) };

    nmnvme_probe_async(iface, address, port, 2000, NULL, on_probed, &w);
    g_main_loop_run(w.loop);
    g_main_loop_unref(w.loop);
    if (w.error)
        g_propagate_error(error, w.error);
    return w.ok;
}

/* A listening port answers; once closed, the same port is refused. */
static void
test_reachable_then_refused(void)
{
    g_autoptr(GSocketListener) listener = NULL;
    g_autoptr(GError) error             = NULL;
    guint16 port;

    if (nmnvme_test_skip_unless_root())
        return;
    port = nmnvme_test_listen_loopback(&listener);
    g_assert_true(probe("lo", "127.0.0.1", port, &error));
    g_assert_no_error(error);
    g_socket_listener_close(listener);
    g_assert_false(probe("lo", "127.0.0.1", port, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_bad_address(void)
{
    g_autoptr(GError) error = NULL;

    g_assert_false(probe("lo", "not-an-address", 8009, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull(strstr(error->message, "address: 'not-an-address'"));
}

static void
test_unknown_interface(void)
{
    g_autoptr(GError) error = NULL;

    if (nmnvme_test_skip_unless_root())
        return;
    g_assert_false(probe("nosuchif0", "127.0.0.1", 8009, &error));
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "binding to nosuchif0"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/probe/reachable-then-refused", test_reachable_then_refused);
    g_test_add_func("/probe/bad-address", test_bad_address);
    g_test_add_func("/probe/unknown-interface", test_unknown_interface);
    return g_test_run();
}
