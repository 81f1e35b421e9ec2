/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics-tls.c: worker bodies of the TLS probe and of the key
 * insert and revoke, and their async wrappers. Nothing here logs.
 */
#include "config.h"

#include "nmnvme-fabrics-tls.h"

#include "nmnvme-libnvme.h"

typedef struct {
    char   *proc_dir;
    char   *hostnqn;
    char   *subnqn;
    guint   hmac;
    GBytes *key;
    char   *identity;
    gint32  serial; /* insert: ours before; revoke: the key */
} TlsJob;

static void
tls_job_free(TlsJob *job)
{
    g_free(job->proc_dir);
    g_free(job->hostnqn);
    g_free(job->subnqn);
    g_clear_pointer(&job->key, g_bytes_unref);
    g_free(job->identity);
    g_free(job);
}

static GTask *
tls_task_new(gpointer            tag,
             TlsJob             *job,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
    GTask *task = g_task_new(NULL, cancellable, callback, user_data);

    g_task_set_source_tag(task, tag);
    g_task_set_task_data(task, job, (GDestroyNotify) tls_job_free);
    return task;
}

/*****************************************************************************/

static void
probe_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    TlsJob *job = data;

    g_task_return_pointer(task,
                          nmnvme_tls_probe_read(job->proc_dir),
                          (GDestroyNotify) nmnvme_tls_probe_free);
}

void
nmnvme_fabrics_tls_probe_async(const char         *proc_dir,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    TlsJob *job           = g_new0(TlsJob, 1);
    g_autoptr(GTask) task = NULL;

    job->proc_dir = g_strdup(proc_dir);
    task = tls_task_new(nmnvme_fabrics_tls_probe_async, job, cancellable, callback, user_data);
    g_task_run_in_thread(task, probe_thread);
}

NMNvmeTlsProbe *
nmnvme_fabrics_tls_probe_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}

/*****************************************************************************/

static void
insert_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    TlsJob *job             = data;
    g_autoptr(GError) error = NULL;
    gint32 serial           = nmnvme_libnvme_insert_tls_key(job->hostnqn,
                                                  job->subnqn,
                                                  job->hmac,
                                                  job->key,
                                                  job->identity,
                                                  job->serial,
                                                  &error);

    g_clear_pointer(&job->key, g_bytes_unref); /* the last user wipes it */
    if (!serial)
        g_task_return_error(task, g_steal_pointer(&error));
    else
        g_task_return_int(task, serial);
}

void
nmnvme_fabrics_tls_insert_key_async(const char         *hostnqn,
                                    const char         *subnqn,
                                    guint               hmac,
                                    GBytes             *key,
                                    const char         *identity,
                                    gint32              ours,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    TlsJob *job           = g_new0(TlsJob, 1);
    g_autoptr(GTask) task = NULL;

    g_return_if_fail(hostnqn && subnqn && key && identity);

    job->hostnqn  = g_strdup(hostnqn);
    job->subnqn   = g_strdup(subnqn);
    job->hmac     = hmac;
    job->key      = g_bytes_ref(key);
    job->identity = g_strdup(identity);
    job->serial   = ours;
    task          = tls_task_new(nmnvme_fabrics_tls_insert_key_async,
                        job,
                        cancellable,
                        callback,
                        user_data);
    g_task_run_in_thread(task, insert_thread);
}

gint32
nmnvme_fabrics_tls_insert_key_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), 0);
    return (gint32) g_task_propagate_int(G_TASK(result), error);
}

/*****************************************************************************/

static void
revoke_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    TlsJob *job             = data;
    g_autoptr(GError) error = NULL;

    if (!nmnvme_libnvme_revoke_tls_key(job->serial, job->identity, &error))
        g_task_return_error(task, g_steal_pointer(&error));
    else
        g_task_return_boolean(task, TRUE);
}

void
nmnvme_fabrics_tls_revoke_key_async(gint32              serial,
                                    const char         *identity,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
    TlsJob *job           = g_new0(TlsJob, 1);
    g_autoptr(GTask) task = NULL;

    job->serial   = serial;
    job->identity = g_strdup(identity);
    task          = tls_task_new(nmnvme_fabrics_tls_revoke_key_async,
                        job,
                        cancellable,
                        callback,
                        user_data);
    g_task_run_in_thread(task, revoke_thread);
}

gboolean
nmnvme_fabrics_tls_revoke_key_finish(GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}
