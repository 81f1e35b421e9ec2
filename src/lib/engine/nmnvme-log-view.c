/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-view.c: pages of a cached discovery log, bounded, built on
 * one thread for all readers.
 */
#include "config.h"

#include "nmnvme-log-view.h"

#include "nmnvme-tls.h"

#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "nmnvme-error.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-log.h"

static const char *
subtype_to_string(NMNvmeLogEntrySubtype subtype)
{
    switch (subtype) {
    case NMNVME_LOG_ENTRY_REFERRAL:
        return "referral";
    case NMNVME_LOG_ENTRY_NVME:
        return "nvme";
    case NMNVME_LOG_ENTRY_CURRENT_DISCOVERY:
        return "current-discovery";
    }
    g_return_val_if_reached("unknown");
}

/* Adds entry @e to @b (an `aa{sv}` builder) as an `a{sv}`, keys in the
 * documented order. */
static void
add_entry(GVariantBuilder *b, const NMNvmeLogEntry *e)
{
    char sectype[8];

    g_variant_builder_open(b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(b,
                          "{sv}",
                          "subtype",
                          g_variant_new_string(subtype_to_string(e->subtype)));
    g_variant_builder_add(b, "{sv}", "transport", g_variant_new_string(e->transport));
    g_variant_builder_add(b, "{sv}", "traddr", g_variant_new_string(e->traddr));
    g_variant_builder_add(b, "{sv}", "trsvcid", g_variant_new_string(e->trsvcid ? e->trsvcid : ""));
    g_variant_builder_add(b, "{sv}", "subsysnqn", g_variant_new_string(e->subnqn));
    g_variant_builder_add(b, "{sv}", "portid", g_variant_new_uint16(e->portid));
    g_variant_builder_add(b, "{sv}", "cntlid", g_variant_new_uint16(e->cntlid));
    g_variant_builder_add(b, "{sv}", "eflags", g_variant_new_uint16(e->eflags));
    /* TP8011: the port's secure channel requirement and, for tcp, its
     * security type ("" for other transports) */
    g_variant_builder_add(b, "{sv}", "treq", g_variant_new_string(nmnvme_tls_treq_to_string(e->treq)));
    g_variant_builder_add(b,
                          "{sv}",
                          "tsas",
                          g_variant_new_string(e->trtype == NMNVME_TRTYPE_TCP
                                                   ? nmnvme_tls_sectype_to_string(e->sectype, sectype)
                                                   : ""));
    g_variant_builder_close(b);
}

/* (transfer floating): entries [@offset, @end) of @entries. */
static GVariant *
entries_to_variant(GPtrArray *entries, guint offset, guint end)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = offset; i < end; i++)
        add_entry(&b, entries->pdata[i]);
    return g_variant_builder_end(&b);
}

guint
nmnvme_log_view_count(const NMNvmeDiscoveryLog *log)
{
    return log ? log->entries->len : 0;
}

gboolean
nmnvme_log_view_check_limit(guint limit, GError **error)
{
    if (limit >= 1 && limit <= NMNVME_ENGINE_LOG_PAGE_MAX)
        return TRUE;
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_INVALID_ARGUMENT,
                "limit: invalid value %u: must be between 1 and %u",
                limit,
                NMNVME_ENGINE_LOG_PAGE_MAX);
    return FALSE;
}

/* Checks @offset and @limit against @log; sets *@out_end, the entry after
 * the page's last. */
static gboolean
check_page(const NMNvmeDiscoveryLog *log, guint offset, guint limit, guint *out_end, GError **error)
{
    guint total = nmnvme_log_view_count(log);

    if (!nmnvme_log_view_check_limit(limit, error))
        return FALSE;
    if (offset > total) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "offset: invalid value %u: the log has %u entries",
                    offset,
                    total);
        return FALSE;
    }
    *out_end = offset + MIN(limit, total - offset);
    return TRUE;
}

GVariant *
nmnvme_log_view_page(const NMNvmeDiscoveryLog *log, guint offset, guint limit, GError **error)
{
    guint end;

    g_return_val_if_fail(!error || !*error, NULL);

    if (!check_page(log, offset, limit, &end, error))
        return NULL;
    return entries_to_variant(log ? log->entries : NULL, offset, end);
}

/*****************************************************************************/

/* A page to build: the log's entries shared (a reference to the array,
 * whose entries are never changed), and what the reply says beside it. */
typedef struct {
    GPtrArray *entries; /* nullable: no log */
    guint      offset;
    guint      end;
    guint      total;
    guint64    genctr;
} PageJob;

static void
page_job_free(PageJob *job)
{
    g_clear_pointer(&job->entries, g_ptr_array_unref);
    g_free(job);
}

/* The pager thread's nice value: on a busy host, readers' pages wait for
 * root's calls and the engine's work, not the other way round. */
#define PAGER_NICE 19

/* Lowers the calling thread's priority, once (on Linux the nice value is a
 * thread's own); failing costs only the priority. */
static void
nice_this_thread(void)
{
    static _Thread_local gboolean done;
    int                           errsv;

    if (done)
        return;
    done = TRUE;
    if (setpriority(PRIO_PROCESS, (id_t) gettid(), PAGER_NICE) == 0)
        return;
    errsv = errno;
    _LOGD("log pages: cannot lower the thread's priority: %s", g_strerror(errsv));
}

/* On the pager thread: takes the reference of @data, a GTask. */
static void
build_page(gpointer data, gpointer user_data)
{
    g_autoptr(GTask) task = data;
    PageJob  *job         = g_task_get_task_data(task);
    GVariant *page;

    nice_this_thread();
    page = g_variant_ref_sink(entries_to_variant(job->entries, job->offset, job->end));
    g_variant_get_data(page); /* serialized here, not on the main loop as the reply goes out */
    g_task_return_pointer(task, page, (GDestroyNotify) g_variant_unref);
}

/* The one thread that builds pages, for the life of the process. */
static GThreadPool *
pager(void)
{
    static GThreadPool *pool;

    if (g_once_init_enter(&pool)) {
        /* exclusive: the thread's nice value stays with this pool's work */
        GThreadPool *p = g_thread_pool_new(build_page, NULL, 1, TRUE, NULL);

        g_once_init_leave(&pool, p);
    }
    return pool;
}

void
nmnvme_log_view_page_async(gpointer                  source_object,
                           const NMNvmeDiscoveryLog *log,
                           guint                     offset,
                           guint                     limit,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
    g_autoptr(GTask) task   = g_task_new(source_object, NULL, callback, user_data);
    g_autoptr(GError) error = NULL;
    PageJob *job;
    guint    end;

    g_task_set_source_tag(task, nmnvme_log_view_page_async);
    if (!check_page(log, offset, limit, &end, &error)) {
        g_task_return_error(task, g_steal_pointer(&error));
        return;
    }
    job          = g_new0(PageJob, 1);
    job->entries = log ? g_ptr_array_ref(log->entries) : NULL;
    job->offset  = offset;
    job->end     = end;
    job->total   = nmnvme_log_view_count(log);
    job->genctr  = log ? log->genctr : 0;
    g_task_set_task_data(task, job, (GDestroyNotify) page_job_free);
    g_thread_pool_push(pager(), g_steal_pointer(&task), NULL);
}

GVariant *
nmnvme_log_view_page_finish(GAsyncResult *result,
                            guint        *out_total,
                            guint64      *out_genctr,
                            GError      **error)
{
    GTask    *task = G_TASK(result);
    GVariant *page = g_task_propagate_pointer(task, error);
    PageJob  *job  = g_task_get_task_data(task);

    if (!page)
        return NULL;
    *out_total  = job->total;
    *out_genctr = job->genctr;
    return page;
}
