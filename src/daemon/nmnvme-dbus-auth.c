/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-auth.c: the root check of privileged method calls, one
 * asynchronous GetConnectionUnixUser call to the bus per check.
 */
#include "config.h"

#include "nmnvme-dbus-auth.h"

#include "nmnvme-error.h"

/* Fails @task; its task data is the method's name. */
static void
deny(GTask *task, const char *why)
{
    g_task_return_new_error(task,
                            NMNVME_ERROR,
                            NMNVME_ERROR_ACCESS_DENIED,
                            "%s is for root only: %s",
                            (const char *) g_task_get_task_data(task),
                            why);
}

static void
got_uid(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task     = user_data;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) error   = NULL;
    g_autofree char *why      = NULL;
    guint32          uid      = 0;

    reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
    if (!reply) {
        g_dbus_error_strip_remote_error(error);
        why = g_strdup_printf("cannot identify the caller (%s)", error->message);
        deny(task, why);
        return;
    }
    g_variant_get(reply, "(u)", &uid);
    if (uid != 0) {
        why = g_strdup_printf("the caller has uid %u", uid);
        deny(task, why);
        return;
    }
    g_task_return_boolean(task, TRUE);
}

void
nmnvme_dbus_auth_require_root_async(GDBusMethodInvocation *invocation,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
    g_autoptr(GTask) task = NULL;
    const char *sender;

    g_return_if_fail(G_IS_DBUS_METHOD_INVOCATION(invocation));

    task   = g_task_new(NULL, cancellable, callback, user_data);
    sender = g_dbus_method_invocation_get_sender(invocation);
    g_task_set_source_tag(task, nmnvme_dbus_auth_require_root_async);
    g_task_set_task_data(task,
                         g_strdup(g_dbus_method_invocation_get_method_name(invocation)),
                         g_free);
    if (!sender) {
        deny(task, "the caller is not on a message bus");
        return;
    }
    g_dbus_connection_call(g_dbus_method_invocation_get_connection(invocation),
                           "org.freedesktop.DBus",
                           "/org/freedesktop/DBus",
                           "org.freedesktop.DBus",
                           "GetConnectionUnixUser",
                           g_variant_new("(s)", sender),
                           G_VARIANT_TYPE("(u)"),
                           G_DBUS_CALL_FLAGS_NONE,
                           -1,
                           cancellable,
                           got_uid,
                           g_steal_pointer(&task));
}

gboolean
nmnvme_dbus_auth_require_root_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) ==
                             nmnvme_dbus_auth_require_root_async,
                         FALSE);

    return g_task_propagate_boolean(G_TASK(result), error);
}
