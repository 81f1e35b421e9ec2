/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-auth.c: the root check of privileged method calls: one
 * asynchronous GetConnectionUnixUser call to the bus per connection not
 * yet known to be root's, and the list of the connections that are.
 */
#include "config.h"

#include "nmnvme-dbus-auth.h"

#include <string.h>

#include "nmnvme-error.h"

struct _NMNvmeDBusAuth {
    GObject parent_instance;
    guint32 root_uid;
    GQueue  roots; /* (element-type utf8): unique names of root's connections, oldest use first */
};

G_DEFINE_FINAL_TYPE(NMNvmeDBusAuth, nmnvme_dbus_auth, G_TYPE_OBJECT)

/* ---- the connections known to be root's ----------------------------------- */

/* Whether @sender is a remembered root connection; it becomes the most
 * recently used one. */
static gboolean
roots_use(NMNvmeDBusAuth *self, const char *sender)
{
    GList *link = g_queue_find_custom(&self->roots, sender, (GCompareFunc) strcmp);

    if (!link)
        return FALSE;
    g_queue_unlink(&self->roots, link);
    g_queue_push_tail_link(&self->roots, link);
    return TRUE;
}

static void
roots_add(NMNvmeDBusAuth *self, const char *sender)
{
    if (roots_use(self, sender))
        return;
    g_queue_push_tail(&self->roots, g_strdup(sender));
    while (self->roots.length > NMNVME_DBUS_AUTH_ROOTS_MAX)
        g_free(g_queue_pop_head(&self->roots));
}

/* ---- one check -------------------------------------------------------------- */

/* The task data of a check. */
typedef struct {
    char *method;
    char *sender;
} Check;

static void
check_free(Check *check)
{
    g_free(check->method);
    g_free(check->sender);
    g_free(check);
}

/* Fails @task. */
static void
deny(GTask *task, const char *why)
{
    const Check *check = g_task_get_task_data(task);

    g_task_return_new_error(task,
                            NMNVME_ERROR,
                            NMNVME_ERROR_ACCESS_DENIED,
                            "%s is for root only: %s",
                            check->method,
                            why);
}

static void
got_uid(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task     = user_data;
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GError) error   = NULL;
    g_autofree char *why      = NULL;
    NMNvmeDBusAuth  *self     = g_task_get_source_object(task);
    const Check     *check    = g_task_get_task_data(task);
    guint32          uid      = 0;

    reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
    if (!reply) {
        g_dbus_error_strip_remote_error(error);
        why = g_strdup_printf("cannot identify the caller (%s)", error->message);
        deny(task, why);
        return;
    }
    g_variant_get(reply, "(u)", &uid);
    if (uid != self->root_uid) {
        why = g_strdup_printf("the caller has uid %u", uid);
        deny(task, why);
        return;
    }
    roots_add(self, check->sender);
    g_task_return_boolean(task, TRUE);
}

void
nmnvme_dbus_auth_require_root_async(NMNvmeDBusAuth        *self,
                                    GDBusMethodInvocation *invocation,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
    g_autoptr(GTask) task = NULL;
    const char *sender;
    Check      *check;

    g_return_if_fail(NMNVME_IS_DBUS_AUTH(self));
    g_return_if_fail(G_IS_DBUS_METHOD_INVOCATION(invocation));

    task          = g_task_new(self, cancellable, callback, user_data);
    sender        = g_dbus_method_invocation_get_sender(invocation);
    check         = g_new0(Check, 1);
    check->method = g_strdup(g_dbus_method_invocation_get_method_name(invocation));
    check->sender = g_strdup(sender);
    g_task_set_source_tag(task, nmnvme_dbus_auth_require_root_async);
    g_task_set_task_data(task, check, (GDestroyNotify) check_free);
    if (!sender) {
        deny(task, "the caller is not on a message bus");
        return;
    }
    if (roots_use(self, sender)) {
        g_task_return_boolean(task, TRUE);
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
nmnvme_dbus_auth_require_root_finish(NMNvmeDBusAuth *self, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
    g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) ==
                             nmnvme_dbus_auth_require_root_async,
                         FALSE);

    return g_task_propagate_boolean(G_TASK(result), error);
}

/* ---- life cycle ------------------------------------------------------------- */

NMNvmeDBusAuth *
nmnvme_dbus_auth_new(guint32 root_uid)
{
    NMNvmeDBusAuth *self = g_object_new(NMNVME_TYPE_DBUS_AUTH, NULL);

    self->root_uid = root_uid;
    return self;
}

static void
nmnvme_dbus_auth_init(NMNvmeDBusAuth *self)
{
    g_queue_init(&self->roots);
}

static void
nmnvme_dbus_auth_finalize(GObject *object)
{
    NMNvmeDBusAuth *self = NMNVME_DBUS_AUTH(object);

    g_queue_clear_full(&self->roots, g_free);
    G_OBJECT_CLASS(nmnvme_dbus_auth_parent_class)->finalize(object);
}

static void
nmnvme_dbus_auth_class_init(NMNvmeDBusAuthClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = nmnvme_dbus_auth_finalize;
}
