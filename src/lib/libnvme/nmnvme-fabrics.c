/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics.c: worker-thread bodies of the blocking controller
 * operations, and the async wrappers around them. Nothing here logs:
 * results and errors go back to the caller, who decides.
 */
#include "config.h"

#include "nmnvme-fabrics.h"

#include <errno.h>
#include <fcntl.h>
#include <nvme/fabrics.h>
#include <nvme/ioctl.h>
#include <nvme/tree.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "nmnvme-error.h"
#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-log-entry.h"

struct _NMNvmeFabrics {
    char        *fabrics_dev;
    char        *sysfs_class;
    GThreadPool *connect_pool; /* one thread: connects in submission order */
};

/* Task data: everything a worker needs, copied, so workers share nothing. */
typedef struct {
    char         *fabrics_dev;
    char         *sysfs_class;
    char         *name;     /* controller name, or NULL */
    char         *options;  /* connect options; may hold secrets */
    char         *describe; /* for error messages */
    char         *symname;
    NMNvmeDimTask dim_task;
    gboolean      want_pleo;
} Job;

static void
job_free(Job *job)
{
    if (job->options)
        explicit_bzero(job->options, strlen(job->options));
    g_free(job->fabrics_dev);
    g_free(job->sysfs_class);
    g_free(job->name);
    g_free(job->options);
    g_free(job->describe);
    g_free(job->symname);
    g_free(job);
}

static GTask *
job_task_new(NMNvmeFabrics      *fabrics,
             gpointer            tag,
             const char         *name,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data,
             Job               **out_job)
{
    GTask *task = g_task_new(NULL, cancellable, callback, user_data);
    Job   *job  = g_new0(Job, 1);

    job->fabrics_dev = g_strdup(fabrics->fabrics_dev);
    job->sysfs_class = g_strdup(fabrics->sysfs_class);
    job->name        = g_strdup(name);
    g_task_set_source_tag(task, tag);
    g_task_set_task_data(task, job, (GDestroyNotify) job_free);
    *out_job = job;
    return task;
}

static void set_errno_error(GError **error, int errsv, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
set_errno_error(GError **error, int errsv, const char *fmt, ...)
{
    g_autofree char *what = NULL;
    va_list          ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* libnvme's own codes (ENVME_CONNECT_*) start at 1000; system errors
     * keep their identity as G_IO_ERROR codes (EALREADY: a duplicate) */
    if (errsv >= 1000)
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: %s",
                    what,
                    nvme_errno_to_string(errsv));
    else
        g_set_error(error,
                    G_IO_ERROR,
                    g_io_error_from_errno(errsv),
                    "%s: %s",
                    what,
                    g_strerror(errsv));
}

/*****************************************************************************/
/* Connect */

/* Parses "instance=3,cntlid=1" into "nvme3". */
static char *
name_from_reply(const char *reply)
{
    const char *p = strstr(reply, "instance=");
    guint64     instance;
    char       *end = NULL;

    if (!p)
        return NULL;
    instance = g_ascii_strtoull(p + strlen("instance="), &end, 10);
    if (end == p + strlen("instance="))
        return NULL;
    return g_strdup_printf("nvme%" G_GUINT64_FORMAT, instance);
}

static char *
do_connect(const Job *job, GError **error)
{
    char    reply[256] = "";
    int     fd;
    ssize_t n;
    char   *name;

    fd = open(job->fabrics_dev, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        set_errno_error(error,
                        errno,
                        "connect %s: cannot open %s",
                        job->describe,
                        job->fabrics_dev);
        return NULL;
    }
    n = write(fd, job->options, strlen(job->options));
    if (n < 0) {
        set_errno_error(error, errno, "connect %s", job->describe);
        close(fd);
        return NULL;
    }
    n = read(fd, reply, sizeof(reply) - 1);
    close(fd);
    if (n > 0)
        reply[n] = '\0';
    name = n > 0 ? name_from_reply(reply) : NULL;
    if (!name)
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "connect %s: unexpected reply from %s",
                    job->describe,
                    job->fabrics_dev);
    return name;
}

static void
connect_thread(gpointer data, gpointer pool_data)
{
    g_autoptr(GTask) task = data;
    const Job *job        = g_task_get_task_data(task);
    GError    *error      = NULL;
    char      *name;

    if (g_task_return_error_if_cancelled(task))
        return;
    name = do_connect(job, &error);
    if (name)
        g_task_return_pointer(task, name, g_free);
    else
        g_task_return_error(task, error);
}

void
nmnvme_fabrics_connect_async(NMNvmeFabrics      *fabrics,
                             const char         *options,
                             const char         *describe,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
    Job   *job;
    GTask *task = job_task_new(fabrics,
                               nmnvme_fabrics_connect_async,
                               NULL,
                               cancellable,
                               callback,
                               user_data,
                               &job);

    /* A connect that ran must report its device even if cancelled meanwhile:
     * the caller owns what the kernel made. */
    g_task_set_check_cancellable(task, FALSE);
    job->options  = g_strdup(options);
    job->describe = g_strdup(describe);
    g_thread_pool_push(fabrics->connect_pool, task, NULL);
}

char *
nmnvme_fabrics_connect_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}

/*****************************************************************************/
/* libnvme access to one existing controller, per worker */

typedef struct {
    nvme_root_t root;
    nvme_ctrl_t ctrl;
} CtrlHandle;

static void
ctrl_handle_clear(CtrlHandle *h)
{
    g_clear_pointer(&h->root, nvme_free_tree);
    h->ctrl = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CtrlHandle, ctrl_handle_clear)

static gboolean
ctrl_handle_open(CtrlHandle *h, const char *name, GError **error)
{
    h->root = nvme_create_root(NULL, LOG_ERR);
    if (!h->root) {
        set_errno_error(error, errno, "%s: cannot create a libnvme root", name);
        return FALSE;
    }
    h->ctrl = nvme_scan_ctrl(h->root, name);
    if (!h->ctrl) {
        set_errno_error(error, errno ? errno : ENODEV, "%s: cannot open controller", name);
        return FALSE;
    }
    return TRUE;
}

/*****************************************************************************/
/* Discovery log */

void
nmnvme_discovery_log_free(NMNvmeDiscoveryLog *log)
{
    if (!log)
        return;
    g_clear_pointer(&log->entries, g_ptr_array_unref);
    g_clear_pointer(&log->rejected, g_ptr_array_unref);
    g_free(log->dctype);
    g_free(log);
}

/* NVMe Base 2.0, 5.16.1.1 Supported Log Pages: LID 70h's LIDSP bits
 * (Discovery, TP8010/TP8013: bit 1 = PLEOS) sit in the upper 16 bits. */
static guint8
pleo_lsp(int fd, const char *dctype)
{
    struct nvme_supported_log_pages supported;
    guint32                         lid;

    if (g_strcmp0(dctype, "cdc") == 0)
        return 0;
    if (nvme_get_log_supported_log_pages(fd, true, &supported) != 0)
        return 0;
    lid = GUINT32_FROM_LE(supported.lid_support[NVME_LOG_LID_DISCOVER]);
    return ((lid >> 16) & NVMF_LOG_DISC_LID_PLEOS) ? NVMF_LOG_DISC_LSP_PLEO : 0;
}

/* Get Log Page transfer sizes. Large ones first: a 10 000-entry log is
 * 10 MB, 2 500 round trips in libnvme's 4 KiB transfers. A controller whose
 * MDTS is smaller refuses the command (or the kernel does, from the MDTS it
 * read): the same read is then done again in 4 KiB transfers. */
#define LOG_XFER_LARGE (64 * 1024)
#define LOG_XFER_SMALL 4096

static int
get_log_page(int fd, guint8 lsp, void *buf, guint32 len, gboolean rae, guint32 xfer)
{
    /* filled in each time: nvme_get_log_page() moves its fields as it goes */
    struct nvme_get_log_args args = {
        .args_size = sizeof(args),
        .fd        = fd,
        .timeout   = NVME_DEFAULT_IOCTL_TIMEOUT,
        .lid       = NVME_LOG_LID_DISCOVER,
        .log       = buf,
        .len       = len,
        .nsid      = NVME_NSID_NONE,
        .csi       = NVME_CSI_NVM,
        .lsi       = NVME_LOG_LSI_NONE,
        .lsp       = lsp,
        .uuidx     = NVME_UUID_NONE,
        .rae       = rae,
    };

    return nvme_get_log_page(fd, xfer, &args);
}

/* One Get Log Page of the discovery log (NVMe over Fabrics 1.1, 5.3): 0, an
 * NVMe status (> 0), or -1 with errno. Only a refusal of the transfer size
 * (an NVMe status, or EINVAL from the kernel) is tried again in 4 KiB
 * transfers; a timeout is not worth waiting for twice. */
static int
read_log(int fd, guint8 lsp, void *buf, guint32 len, gboolean rae)
{
    int status = get_log_page(fd, lsp, buf, len, rae, LOG_XFER_LARGE);

    if ((status > 0 || (status < 0 && errno == EINVAL)) && len > LOG_XFER_SMALL)
        status = get_log_page(fd, lsp, buf, len, rae, LOG_XFER_SMALL);
    return status;
}

/* A failed Get Log Page: read_log()'s @status and errno. */
static struct nvmf_discovery_log *
read_log_error(const char *name, int status, GError **error)
{
    if (status > 0)
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_FAILED,
                    "%s: reading the discovery log failed: NVMe status 0x%x (%s)",
                    name,
                    (unsigned) status,
                    nvme_status_to_string(status, TRUE));
    else
        set_errno_error(error, errno, "%s: reading the discovery log failed", name);
    return NULL;
}

/* Reads header then records until the generation counter is stable (at most
 * 6 tries, as libnvme's nvmf_get_discovery_log()). Then one more header read
 * with RAE (Retain Asynchronous Event, NVMe Base 2.0, 5.16) clear: seen in
 * the lab with Linux 6.1's nvmet, after a log read split into several
 * transfers no further discovery-change AEN is sent although the last
 * transfer clears RAE; this single-transfer read re-arms it. */
static struct nvmf_discovery_log *
read_stable_log(int fd, guint8 lsp, const char *name, GError **error)
{
    struct nvmf_discovery_log header;
    const int                 max_tries = 6;

    for (int tries = 0; tries < max_tries; tries++) {
        g_autofree struct nvmf_discovery_log *log = NULL;
        guint64                               numrec;
        gsize                                 size;
        int                                   status;

        if ((status = read_log(fd, lsp, &header, sizeof(header), TRUE)) != 0)
            return read_log_error(name, status, error);
        numrec = GUINT64_FROM_LE(header.numrec);
        if (numrec > 65536) {
            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_FAILED,
                        "%s: discovery log claims %" G_GUINT64_FORMAT " records",
                        name,
                        numrec);
            return NULL;
        }
        size = sizeof(header) + numrec * sizeof(struct nvmf_disc_log_entry);
        log  = g_malloc0(size);
        if ((status = read_log(fd, lsp, log, size, FALSE)) != 0)
            return read_log_error(name, status, error);
        if (log->genctr == header.genctr && log->numrec == header.numrec) {
            read_log(fd, lsp, &header, sizeof(header), FALSE);
            return g_steal_pointer(&log);
        }
    }
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_BUSY,
                "%s: the discovery log changed during each of %d reads",
                name,
                max_tries);
    return NULL;
}

static char *
read_dctype(const Job *job)
{
    g_autofree char *path = g_build_filename(job->sysfs_class, job->name, "dctype", NULL);
    char            *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strstrip(text);
}

/* Talks to /dev/nvmeN directly: no libnvme topology scan per read. */
static NMNvmeDiscoveryLog *
do_get_log(const Job *job, GError **error)
{
    g_autoptr(NMNvmeDiscoveryLog) result      = g_new0(NMNvmeDiscoveryLog, 1);
    g_autofree struct nvmf_discovery_log *raw = NULL;
    g_autofree char                      *dev = g_strconcat("/dev/", job->name, NULL);
    guint8                                lsp = 0;
    int                                   fd;

    fd = open(dev, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_errno_error(error, errno, "%s: cannot open", dev);
        return NULL;
    }
    result->dctype = read_dctype(job);
    if (job->want_pleo)
        lsp = pleo_lsp(fd, result->dctype);
    result->pleo = lsp != 0;
    raw          = read_stable_log(fd, lsp, job->name, error);
    close(fd);
    if (!raw)
        return NULL;
    result->genctr   = GUINT64_FROM_LE(raw->genctr);
    result->rejected = g_ptr_array_new_with_free_func(g_free);
    result->entries  = nmnvme_log_entries_from_log(raw, result->rejected);
    return g_steal_pointer(&result);
}

static void
get_log_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    GError             *error = NULL;
    NMNvmeDiscoveryLog *log   = do_get_log(data, &error);

    if (log)
        g_task_return_pointer(task, log, (GDestroyNotify) nmnvme_discovery_log_free);
    else
        g_task_return_error(task, error);
}

void
nmnvme_fabrics_get_log_async(NMNvmeFabrics      *fabrics,
                             const char         *name,
                             gboolean            want_pleo,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
    Job *job;
    g_autoptr(GTask) task = job_task_new(fabrics,
                                         nmnvme_fabrics_get_log_async,
                                         name,
                                         cancellable,
                                         callback,
                                         user_data,
                                         &job);

    job->want_pleo = want_pleo;
    g_task_run_in_thread(task, get_log_thread);
}

NMNvmeDiscoveryLog *
nmnvme_fabrics_get_log_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}

/*****************************************************************************/
/* TP8010 Discovery Information Management */

static enum nvmf_dim_tas
dim_tas(NMNvmeDimTask task)
{
    switch (task) {
    case NMNVME_DIM_REGISTER:
        return NVMF_DIM_TAS_REGISTER;
    case NMNVME_DIM_DEREGISTER:
        return NVMF_DIM_TAS_DEREGISTER;
    case NMNVME_DIM_UPDATE:
        return NVMF_DIM_TAS_UPDATE;
    }
    g_return_val_if_reached(NVMF_DIM_TAS_REGISTER);
}

static gboolean
do_register(const Job *job, GError **error)
{
    g_auto(CtrlHandle) h = { 0 };
    nvme_host_t host;
    guint32     result = 0;
    int         status;

    if (!ctrl_handle_open(&h, job->name, error))
        return FALSE;
    host = nvme_subsystem_get_host(nvme_ctrl_get_subsystem(h.ctrl));
    if (host && job->symname)
        nvme_host_set_hostsymname(host, job->symname);
    status = nvmf_register_ctrl(h.ctrl, dim_tas(job->dim_task), &result);
    if (status < 0) {
        set_errno_error(error, errno, "%s: DIM", job->name);
        return FALSE;
    }
    if (status > 0) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: DIM rejected by the controller, NVMe status 0x%x",
                    job->name,
                    (unsigned) status);
        return FALSE;
    }
    return TRUE;
}

static void
register_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    GError *error = NULL;

    if (do_register(data, &error))
        g_task_return_boolean(task, TRUE);
    else
        g_task_return_error(task, error);
}

void
nmnvme_fabrics_register_async(NMNvmeFabrics      *fabrics,
                              const char         *name,
                              NMNvmeDimTask       task_kind,
                              const char         *symname,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
    Job *job;
    g_autoptr(GTask) task = job_task_new(fabrics,
                                         nmnvme_fabrics_register_async,
                                         name,
                                         cancellable,
                                         callback,
                                         user_data,
                                         &job);

    job->dim_task = task_kind;
    job->symname  = g_strdup(symname);
    g_task_run_in_thread(task, register_thread);
}

gboolean
nmnvme_fabrics_register_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/
/* Disconnect */

static gboolean
do_disconnect(const Job *job, GError **error)
{
    g_autofree char *path =
        g_build_filename(job->sysfs_class, job->name, "delete_controller", NULL);
    int      fd = open(path, O_WRONLY | O_CLOEXEC);
    gboolean ok;

    if (fd < 0 && errno == ENOENT)
        return TRUE; /* already gone */
    if (fd < 0) {
        set_errno_error(error, errno, "disconnect %s", job->name);
        return FALSE;
    }
    ok = write(fd, "1", 1) == 1;
    if (!ok)
        set_errno_error(error, errno, "disconnect %s", job->name);
    close(fd);
    return ok;
}

static void
disconnect_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    GError *error = NULL;

    if (do_disconnect(data, &error))
        g_task_return_boolean(task, TRUE);
    else
        g_task_return_error(task, error);
}

void
nmnvme_fabrics_disconnect_async(NMNvmeFabrics      *fabrics,
                                const char         *name,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
    Job *job;
    g_autoptr(GTask) task = job_task_new(fabrics,
                                         nmnvme_fabrics_disconnect_async,
                                         name,
                                         cancellable,
                                         callback,
                                         user_data,
                                         &job);

    g_task_run_in_thread(task, disconnect_thread);
}

gboolean
nmnvme_fabrics_disconnect_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/
/* Scan */

static void
scan_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    const Job *job   = data;
    GError    *error = NULL;
    GPtrArray *ctrls = nmnvme_kernel_ctrl_scan(job->sysfs_class, &error);

    if (ctrls)
        g_task_return_pointer(task, ctrls, (GDestroyNotify) g_ptr_array_unref);
    else
        g_task_return_error(task, error);
}

void
nmnvme_fabrics_scan_async(NMNvmeFabrics      *fabrics,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
    Job *job;
    g_autoptr(GTask) task = job_task_new(fabrics,
                                         nmnvme_fabrics_scan_async,
                                         NULL,
                                         cancellable,
                                         callback,
                                         user_data,
                                         &job);

    g_task_run_in_thread(task, scan_thread);
}

GPtrArray *
nmnvme_fabrics_scan_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    return g_task_propagate_pointer(G_TASK(result), error);
}

/*****************************************************************************/

NMNvmeFabrics *
nmnvme_fabrics_new(const char *fabrics_dev, const char *sysfs_class)
{
    NMNvmeFabrics *fabrics = g_new0(NMNvmeFabrics, 1);

    fabrics->fabrics_dev  = g_strdup(fabrics_dev);
    fabrics->sysfs_class  = g_strdup(sysfs_class);
    fabrics->connect_pool = g_thread_pool_new(connect_thread, NULL, 1, FALSE, NULL);
    return fabrics;
}

void
nmnvme_fabrics_free(NMNvmeFabrics *fabrics)
{
    if (!fabrics)
        return;
    /* Runs what is queued: callers cancel first, so queued connects return
     * "cancelled" without touching the kernel. */
    g_thread_pool_free(fabrics->connect_pool, FALSE, TRUE);
    g_free(fabrics->fabrics_dev);
    g_free(fabrics->sysfs_class);
    g_free(fabrics);
}
