/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dbus-auth.c: the root check of privileged calls (nmnvme-dbus-auth.h)
 * on a private dbus-daemon (GTestDBus): a "daemon" connection exports one
 * privileged method, clients on connections of their own call it, and a
 * filter counts the daemon's GetConnectionUnixUser calls to the bus. The
 * test's own uid plays root.
 */
#include "config.h"

#include <unistd.h>

#include <gio/gio.h>

#include "nmnvme-dbus-auth.h"
#include "nmnvme-error.h"

#define PATH      "/org/example/Auth"
#define INTERFACE "org.example.Auth"

static const char introspection[] = "<node><interface name='" INTERFACE "'>"
                                    "<method name='Privileged'/>"
                                    "</interface></node>";

typedef struct {
    GTestDBus       *bus;
    GDBusConnection *daemon;
    GDBusNodeInfo   *node;
    NMNvmeDBusAuth  *auth;
    guint            registration;
    guint            filter;
    gint             uid_queries; /* atomic: the filter runs in GDBus's worker thread */
} Fixture;

static GDBusConnection *
connect_bus(Fixture *f)
{
    g_autoptr(GError) error = NULL;
    GDBusConnection *connection =
        g_dbus_connection_new_for_address_sync(g_test_dbus_get_bus_address(f->bus),
                                               G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                               NULL,
                                               NULL,
                                               &error);

    g_assert_no_error(error);
    return connection;
}

static GDBusMessage *
count_uid_queries(GDBusConnection *connection,
                  GDBusMessage    *message,
                  gboolean         incoming,
                  gpointer         user_data)
{
    Fixture *f = user_data;

    if (!incoming && g_dbus_message_get_message_type(message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
        g_strcmp0(g_dbus_message_get_member(message), "GetConnectionUnixUser") == 0)
        g_atomic_int_inc(&f->uid_queries);
    return message;
}

static void
checked(GObject *source, GAsyncResult *result, gpointer user_data)
{
    GDBusMethodInvocation *invocation = user_data;
    g_autoptr(GError) error           = NULL;

    if (nmnvme_dbus_auth_require_root_finish(NMNVME_DBUS_AUTH(source), result, &error))
        g_dbus_method_invocation_return_value(invocation, NULL);
    else
        g_dbus_method_invocation_return_gerror(invocation, error);
}

static void
method_call(GDBusConnection       *connection,
            const char            *sender,
            const char            *path,
            const char            *interface,
            const char            *method,
            GVariant              *parameters,
            GDBusMethodInvocation *invocation,
            gpointer               user_data)
{
    Fixture *f = user_data;

    nmnvme_dbus_auth_require_root_async(f->auth, invocation, NULL, checked, invocation);
}

static const GDBusInterfaceVTable vtable = { .method_call = method_call };

/* The daemon side, with root played by @root_uid. */
static void
fixture_start(Fixture *f, guint32 root_uid)
{
    g_autoptr(GError) error = NULL;

    f->bus = g_test_dbus_new(G_TEST_DBUS_NONE);
    g_test_dbus_up(f->bus);
    f->daemon = connect_bus(f);
    f->node   = g_dbus_node_info_new_for_xml(introspection, &error);
    g_assert_no_error(error);
    f->auth         = nmnvme_dbus_auth_new(root_uid);
    f->filter       = g_dbus_connection_add_filter(f->daemon, count_uid_queries, f, NULL);
    f->registration = g_dbus_connection_register_object(f->daemon,
                                                        PATH,
                                                        f->node->interfaces[0],
                                                        &vtable,
                                                        f,
                                                        NULL,
                                                        &error);
    g_assert_no_error(error);
}

static void
fixture_stop(Fixture *f)
{
    g_dbus_connection_unregister_object(f->daemon, f->registration);
    g_dbus_connection_remove_filter(f->daemon, f->filter);
    g_clear_object(&f->auth);
    g_clear_pointer(&f->node, g_dbus_node_info_unref);
    g_dbus_connection_close_sync(f->daemon, NULL, NULL);
    g_clear_object(&f->daemon);
    g_test_dbus_down(f->bus);
    g_clear_object(&f->bus);
}

static void
call_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    GAsyncResult **out = user_data;

    *out = g_object_ref(result);
}

/* Calls Privileged from @client; FALSE with @error when it is refused. */
static gboolean
call_privileged(Fixture *f, GDBusConnection *client, GError **error)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GVariant) reply      = NULL;

    g_dbus_connection_call(client,
                           g_dbus_connection_get_unique_name(f->daemon),
                           PATH,
                           INTERFACE,
                           "Privileged",
                           NULL,
                           NULL,
                           G_DBUS_CALL_FLAGS_NONE,
                           -1,
                           NULL,
                           call_done,
                           &result);
    while (!result)
        g_main_context_iteration(NULL, TRUE);
    reply = g_dbus_connection_call_finish(client, result, error);
    return reply != NULL;
}

static void
assert_allowed(Fixture *f, GDBusConnection *client, gint queries)
{
    g_autoptr(GError) error = NULL;

    g_assert_true(call_privileged(f, client, &error));
    g_assert_no_error(error);
    g_assert_cmpint(g_atomic_int_get(&f->uid_queries), ==, queries);
}

/* A root connection is asked about once, however often it calls; each
 * connection on its own. */
static void
test_root_asked_once_per_connection(void)
{
    Fixture f                      = { 0 };
    g_autoptr(GDBusConnection) one = NULL;
    g_autoptr(GDBusConnection) two = NULL;

    fixture_start(&f, getuid());
    one = connect_bus(&f);
    two = connect_bus(&f);
    assert_allowed(&f, one, 1);
    assert_allowed(&f, one, 1);
    assert_allowed(&f, one, 1);
    assert_allowed(&f, two, 2);
    assert_allowed(&f, two, 2);
    assert_allowed(&f, one, 2);
    g_dbus_connection_close_sync(one, NULL, NULL);
    g_dbus_connection_close_sync(two, NULL, NULL);
    fixture_stop(&f);
}

/* Another uid is refused, named in the error, and asked about at every call
 * (a refusal is not remembered). */
static void
test_other_uid_refused_every_time(void)
{
    Fixture f                         = { 0 };
    g_autoptr(GDBusConnection) client = NULL;
    g_autofree char *expected         = NULL;

    fixture_start(&f, getuid() + 1);
    client   = connect_bus(&f);
    expected = g_strdup_printf("Privileged is for root only: the caller has uid %u", getuid());
    for (gint i = 1; i <= 2; i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false(call_privileged(&f, client, &error));
        g_assert_true(g_dbus_error_is_remote_error(error));
        g_dbus_error_strip_remote_error(error);
        g_assert_cmpstr(error->message, ==, expected);
        g_assert_cmpint(g_atomic_int_get(&f.uid_queries), ==, i);
    }
    g_dbus_connection_close_sync(client, NULL, NULL);
    fixture_stop(&f);
}

/* At most NMNVME_DBUS_AUTH_ROOTS_MAX connections are remembered; the least
 * recently used one is forgotten first, and asked about again. */
static void
test_least_recently_used_forgotten(void)
{
    Fixture          f = { 0 };
    GDBusConnection *clients[NMNVME_DBUS_AUTH_ROOTS_MAX + 1];
    const guint      max = NMNVME_DBUS_AUTH_ROOTS_MAX;

    fixture_start(&f, getuid());
    for (guint i = 0; i <= max; i++)
        clients[i] = connect_bus(&f);
    for (guint i = 0; i < max; i++)
        assert_allowed(&f, clients[i], i + 1);
    assert_allowed(&f, clients[0], max);       /* remembered, now the most recent */
    assert_allowed(&f, clients[max], max + 1); /* one too many: clients[1] goes */
    assert_allowed(&f, clients[0], max + 1);
    assert_allowed(&f, clients[2], max + 1);
    assert_allowed(&f, clients[1], max + 2);
    for (guint i = 0; i <= max; i++) {
        g_dbus_connection_close_sync(clients[i], NULL, NULL);
        g_object_unref(clients[i]);
    }
    fixture_stop(&f);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/dbus-auth/root-asked-once-per-connection",
                    test_root_asked_once_per_connection);
    g_test_add_func("/dbus-auth/other-uid-refused-every-time", test_other_uid_refused_every_time);
    g_test_add_func("/dbus-auth/least-recently-used-forgotten", test_least_recently_used_forgotten);
    return g_test_run();
}
