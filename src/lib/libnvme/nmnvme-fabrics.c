/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics.c: worker-thread bodies of the blocking controller
 * operations, and the async wrappers around them. Nothing here logs:
 * results and errors go back to the caller, who decides (the one
 * exception: a log buffer that cannot be unmapped when freed, a warning,
 * as nobody is left to tell). libnvme is
 * reached only through nmnvme-libnvme.h.
 */
#include "config.h"

#include "nmnvme-fabrics.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "nmnvme-connect-intent.h"
#include "nmnvme-disc-log.h"
#include "nmnvme-error.h"
#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-libnvme.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-nbft-read.h"
#include "nmnvme-nbft.h"
#include "nmnvme-ownership.h"

struct _NMNvmeFabrics {
    char        *fabrics_dev;
    char        *sysfs_class;
    GThreadPool    *connect_pool; /* one thread: connect writes in submission order */
    GThreadPool    *record_pool;  /* one thread: what follows each write, in the same order */
    NMNvmeRegistry *registry;
    NMNvmeNbft     *nbft; /* nullable: the host's NBFT, for the boot check */
    char           *intent_dir; /* connect intents; NULL: none */
};

/* Task data: everything a worker needs, copied, so workers share nothing. */
typedef struct {
    char         *fabrics_dev;
    char         *sysfs_class;
    char         *name;     /* controller name, or NULL */
    char         *options;  /* connect options; may hold secrets */
    char         *describe; /* for error messages */
    char         *hostnqn;
    char         *hostid;
    char         *symname;
    char         *owner; /* connect: the registry owner to write */
    NMNvmeNbft   *nbft;  /* nullable: the boot controllers never deleted */
    NMNvmeDimTask   dim_task;
    gboolean        want_pleo;
    GPtrArray      *previous; /* get log: the last log's entries, shared, or NULL */
    NMNvmeRegistry *registry;
    NMNvmeTrid     *recorded; /* disconnect: what the device must still be */
    guint64         recorded_ino; /* disconnect, add owner: its sysfs inode, or 0 */
    gboolean        unregistered; /* disconnect: no registry entry is ours too */
    guint64         seqnum;       /* add owner: before its connect, or 0 */
    char                *intent_dir; /* connect intents, or NULL */
    NMNvmeConnectIntent *intent;     /* connect: saved before the write */
    NMNvmeTrid          *intent_trid; /* add owner: whose intent goes once written */
    int                  connect_errno; /* connect: the write's errno when it failed */
    GThreadPool         *record_pool;   /* connect: where the device made is recorded */
    guint64              connect_seqnum; /* connect: the uevent seqnum before the write */
    GError              *seqnum_error;   /* connect: why it could not be read */
    char                *connect_problem; /* connect: the intent could not be saved */
} Job;

/* A connect's result. */
typedef struct {
    char   *device;
    guint64 ino;     /* of its sysfs directory, 0: unreadable */
    guint64 seqnum;  /* uevent sequence number before the connect, 0: unreadable */
    char   *warning; /* the registry entry could not be written */
    char   *intent_problem; /* the intent could not be saved */
} Connected;

static void
connected_free(Connected *c)
{
    g_free(c->device);
    g_free(c->warning);
    g_free(c->intent_problem);
    g_free(c);
}

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
    g_free(job->hostnqn);
    g_free(job->hostid);
    g_free(job->symname);
    g_free(job->owner);
    g_clear_pointer(&job->nbft, nmnvme_nbft_free);
    g_clear_pointer(&job->previous, g_ptr_array_unref);
    nmnvme_registry_free(job->registry);
    nmnvme_trid_free(job->recorded);
    g_free(job->intent_dir);
    nmnvme_connect_intent_free(job->intent);
    nmnvme_trid_free(job->intent_trid);
    g_clear_error(&job->seqnum_error);
    g_free(job->connect_problem);
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
    job->registry    = nmnvme_registry_copy(fabrics->registry);
    job->nbft        = fabrics->nbft ? nmnvme_nbft_ref(fabrics->nbft) : NULL;
    job->intent_dir  = g_strdup(fabrics->intent_dir);
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
    /* system errors keep their identity as G_IO_ERROR codes (EALREADY: a
     * duplicate) */
    nmnvme_error_errno(error, errsv, what);
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
do_connect(Job *job, GError **error)
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
        job->connect_errno = errno;
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

/* Writes the registry entry for the device just made (ours, or "nbft" for
 * a boot controller); a failure is a warning (the controller exists and is
 * the caller's). */
static char *
register_owner(const Job *job, const char *device, guint64 seqnum, GError *seqnum_error)
{
    g_autoptr(GError) error = NULL;

    if (seqnum_error)
        return g_strdup_printf("%s not in the ownership registry: %s", device, seqnum_error->message);
    if (!nmnvme_registry_add(job->registry, device, job->owner, seqnum, &error))
        return g_strdup_printf("%s not in the ownership registry: %s", device, error->message);
    return NULL;
}

static guint64
device_ino(const Job *job, const char *device)
{
    g_autofree char *dir = g_build_filename(job->sysfs_class, device, NULL);

    return nmnvme_kernel_ctrl_read_ino(dir);
}

/* Saves the connect's intent before the write (nmnvme-connect-intent.h):
 * what is there now, and the sequence number. A failure does not stop the
 * connect (storage first; /run full): (transfer full) (nullable) why. */
static char *
save_intent(Job *job, guint64 seqnum)
{
    g_autoptr(GError) error = NULL;

    if (!job->intent || !job->intent_dir)
        return NULL;
    job->intent->seqnum = seqnum;
    nmnvme_connect_intent_note_present(job->intent, job->sysfs_class);
    if (nmnvme_connect_intent_save(job->intent_dir, job->intent, &error))
        return NULL;
    return g_strdup_printf("connect intent not saved: %s", error->message);
}

/* Removes the intent of @trid: our registry entry says the controller is
 * ours now, or no controller was made. A removal that fails (on tmpfs,
 * hardly) leaves an intent that only a controller new since it was saved,
 * unregistered, with its full transport ID, could match at the next start;
 * it is named in the operation's error (@error, nullable), when there is
 * one. */
static void
clear_intent(const Job *job, const NMNvmeTrid *trid, const char *hostnqn, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (!job->intent_dir || !trid)
        return;
    if (!nmnvme_connect_intent_clear(job->intent_dir, trid, hostnqn, &local) && error && *error)
        g_prefix_error(error, "connect intent not removed (%s); ", local->message);
}

/* The second half of a connect, on the record thread: the device's sysfs
 * inode, our registry entry, the intent removed. It runs while the connect
 * thread already writes the next connect, so the kernel's connects follow
 * each other as closely as the floor's (nothing of ours between two
 * writes but the next intent). Results come back in submission order. */
static void
record_thread(gpointer data, gpointer pool_data)
{
    g_autoptr(GTask) task = data;
    Job       *job        = g_task_get_task_data(task);
    Connected *c          = g_new0(Connected, 1);

    c->device         = g_steal_pointer(&job->name);
    c->ino            = device_ino(job, c->device);
    c->seqnum         = job->seqnum_error ? 0 : job->connect_seqnum;
    c->warning        = register_owner(job, c->device, job->connect_seqnum, job->seqnum_error);
    c->intent_problem = g_steal_pointer(&job->connect_problem);
    /* not registered: the intent stays until our entry is written
     * (nmnvme_fabrics_add_owner_async()) */
    if (!c->warning && job->intent)
        clear_intent(job, job->intent->trid, job->intent->hostnqn, NULL);
    g_task_return_pointer(task, c, (GDestroyNotify) connected_free);
}

static void
connect_thread(gpointer data, gpointer pool_data)
{
    GTask  *task  = data;
    Job    *job   = g_task_get_task_data(task);
    GError *error = NULL;

    if (g_task_return_error_if_cancelled(task)) {
        g_object_unref(task);
        return;
    }
    /* before the connect: no event of the new device can be older */
    nmnvme_registry_read_seqnum(job->registry, &job->connect_seqnum, &job->seqnum_error);
    job->connect_problem = save_intent(job, job->seqnum_error ? 0 : job->connect_seqnum);
    job->name            = do_connect(job, &error);
    if (job->name) {
        g_thread_pool_push(job->record_pool, task, NULL); /* takes the reference */
        return;
    }
    if (job->intent) /* no controller made */
        clear_intent(job, job->intent->trid, job->intent->hostnqn, &error);
    g_task_return_error(task, error);
    g_object_unref(task);
}

void
nmnvme_fabrics_connect_async(NMNvmeFabrics             *fabrics,
                             const char                *options,
                             const char                *describe,
                             const char                *owner,
                             const NMNvmeConnectIntent *intent,
                             GCancellable              *cancellable,
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
    job->owner    = g_strdup(owner);
    job->intent   = intent ? nmnvme_connect_intent_copy(intent) : NULL;
    job->record_pool = fabrics->record_pool;
    g_thread_pool_push(fabrics->connect_pool, task, NULL);
}

int
nmnvme_fabrics_connect_get_errno(GAsyncResult *result)
{
    Job *job;

    g_return_val_if_fail(g_task_is_valid(result, NULL), 0);
    job = g_task_get_task_data(G_TASK(result));
    return job->connect_errno;
}

char *
nmnvme_fabrics_connect_finish(NMNvmeFabrics *fabrics,
                              GAsyncResult  *result,
                              guint64       *out_ino,
                              guint64       *out_seqnum,
                              char         **out_warning,
                              char         **out_intent_problem,
                              GError       **error)
{
    Connected *c;
    char      *device;

    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    c = g_task_propagate_pointer(G_TASK(result), error);
    if (!c)
        return NULL;
    device = g_steal_pointer(&c->device);
    if (out_ino)
        *out_ino = c->ino;
    if (out_seqnum)
        *out_seqnum = c->seqnum;
    if (out_warning)
        *out_warning = g_steal_pointer(&c->warning);
    if (out_intent_problem)
        *out_intent_problem = g_steal_pointer(&c->intent_problem);
    connected_free(c);
    return device;
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

/* Port-local entries only: asked for when wanted and supported; never of a
 * CDC, whose log is not per port. PLEO and the DCTYPE field came together
 * (TP8010): a discovery controller whose type the kernel reads as "none"
 * (not reported, as Linux's nvmet) predates it, and is not asked for its
 * supported log pages (an admin command per log read, which such a
 * controller refuses). Without the sysfs attribute (older kernels), it
 * is asked. */
static gboolean
want_pleo(NMNvmeLibnvmeDev *dev, const Job *job, const char *dctype)
{
    return job->want_pleo && g_strcmp0(dctype, "cdc") != 0 && g_strcmp0(dctype, "none") != 0 &&
           nmnvme_libnvme_dev_supports_pleo(dev);
}

/* One read of the first @len bytes of the log. */
static gboolean
read_log(NMNvmeLibnvmeDev *dev,
         gboolean          pleo,
         gboolean          rae,
         void             *buf,
         gsize             len,
         const char       *name,
         GError          **error)
{
    if (nmnvme_libnvme_dev_read_discovery_log(dev, pleo, rae, buf, len, error))
        return TRUE;
    if (error)
        g_prefix_error(error, "%s: reading the discovery log failed: ", name);
    return FALSE;
}

/* The buffer a whole log is read into (issue 18: a 10 000-entry log is
 * 10 MB): anonymous pages of its own. Page-aligned, so that the kernel
 * maps them for the transfer (a buffer not aligned to the queue's DMA
 * alignment is copied through bounce pages, then to user space); zero
 * until written without a memset (a controller that sends less than it
 * says leaves zeros, never old heap data); given back when freed (the
 * heap would keep the last 10 MB resident). */
typedef struct {
    NMNvmeDiscLogRaw *raw;
    gsize             size;
} LogBuffer;

static void
log_buffer_free(LogBuffer *buf)
{
    if (buf->raw && munmap(buf->raw, buf->size) < 0)
        g_warning("munmap of a discovery log buffer: %s", g_strerror(errno));
    g_free(buf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(LogBuffer, log_buffer_free)

static LogBuffer *
log_buffer_new(gsize size, const char *name, GError **error)
{
    g_autoptr(LogBuffer) buf = g_new0(LogBuffer, 1);
    void *pages = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (pages == MAP_FAILED) {
        set_errno_error(error, errno, "%s: no memory for a discovery log of %zu bytes", name, size);
        return NULL;
    }
    buf->raw  = pages;
    buf->size = size;
    return g_steal_pointer(&buf);
}

/* Reads header then records until the generation counter is stable (at most
 * 6 tries, as libnvme's nvmf_get_discovery_log()). Then one more header read
 * with RAE (Retain Asynchronous Event, NVMe Base 2.0, 5.16) clear: seen in
 * the lab with Linux 6.1's nvmet, after a log read split into several
 * transfers no further discovery-change AEN is sent although the last
 * transfer clears RAE; this single-transfer read re-arms it. */
static LogBuffer *
read_stable_log(NMNvmeLibnvmeDev *dev, gboolean pleo, const char *name, GError **error)
{
    NMNvmeDiscLogRaw header;
    const int        max_tries = 6;

    for (int tries = 0; tries < max_tries; tries++) {
        g_autoptr(LogBuffer) log = NULL;
        guint64 numrec;
        gsize   size;

        if (!read_log(dev, pleo, TRUE, &header, sizeof(header), name, error))
            return NULL;
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
        size = sizeof(header) + numrec * sizeof(NMNvmeDiscLogEntryRaw);
        log  = log_buffer_new(size, name, error);
        if (!log || !read_log(dev, pleo, FALSE, log->raw, size, name, error))
            return NULL;
        if (log->raw->genctr == header.genctr && log->raw->numrec == header.numrec)
            return g_steal_pointer(&log);
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

/* Talks to /dev/nvmeN: no libnvme topology scan per read. The device
 * stays open in @out_dev for the re-arm read. */
static NMNvmeDiscoveryLog *
do_get_log(const Job *job, NMNvmeLibnvmeDev **out_dev, GError **error)
{
    g_autoptr(NMNvmeDiscoveryLog) result = g_new0(NMNvmeDiscoveryLog, 1);
    g_autoptr(NMNvmeLibnvmeDev) dev      = NULL;
    g_autoptr(LogBuffer) buf             = NULL;

    dev = nmnvme_libnvme_dev_open(job->name, error);
    if (!dev)
        return NULL;
    result->dctype = read_dctype(job);
    result->pleo   = want_pleo(dev, job, result->dctype);
    buf            = read_stable_log(dev, result->pleo, job->name, error);
    if (!buf)
        return NULL;
    result->genctr   = GUINT64_FROM_LE(buf->raw->genctr);
    result->rejected = g_ptr_array_new_with_free_func(g_free);
    result->entries  = nmnvme_log_entries_from_log(buf->raw, job->previous, result->rejected);
    *out_dev         = g_steal_pointer(&dev);
    return g_steal_pointer(&result);
}

static void
get_log_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    GError             *error                = NULL;
    g_autoptr(NMNvmeLibnvmeDev) dev          = NULL;
    NMNvmeDiscoveryLog *log                  = do_get_log(data, &dev, &error);
    gboolean            pleo                 = log && log->pleo;
    NMNvmeDiscLogRaw    header;

    if (!log) {
        g_task_return_error(task, error);
        return;
    }
    g_task_return_pointer(task, log, (GDestroyNotify) nmnvme_discovery_log_free);
    /* After the reply, off the way to the plan: one more header read with
     * RAE clear re-arms the AEN (Linux 6.1 nvmet leaves it masked after a
     * read in several transfers). Its failure changes nothing read. */
    read_log(dev, pleo, FALSE, &header, sizeof(header), NULL, NULL);
}

void
nmnvme_fabrics_get_log_async(NMNvmeFabrics      *fabrics,
                             const char         *name,
                             gboolean            want_pleo,
                             GPtrArray          *previous,
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
    job->previous  = previous ? g_ptr_array_ref(previous) : NULL;
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

static gboolean
do_register(const Job *job, GError **error)
{
    return nmnvme_libnvme_register(job->name,
                                   job->dim_task,
                                   job->hostnqn,
                                   job->hostid,
                                   job->symname,
                                   error);
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
                              const NMNvmeHost   *host,
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
    job->hostnqn  = g_strdup(nmnvme_host_get_nqn(host));
    job->hostid   = g_strdup(nmnvme_host_get_id(host));
    job->symname  = g_strdup(nmnvme_host_get_symname(host));
    /* a hung controller must not hold the caller: the thread runs on */
    g_task_set_return_on_cancel(task, TRUE);
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

/* Boot controllers are never deleted, whoever asks (nmnvme-nbft.h): the
 * one check every disconnect path goes through. */
static gboolean
is_boot(const Job *job, const NMNvmeKernelCtrl *now, GError **error)
{
    if (!now || !job->nbft || !nmnvme_nbft_is_boot_ctrl(job->nbft, now))
        return FALSE;
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_PERMISSION_DENIED,
                "%s is a boot controller (NBFT %s): never disconnected",
                job->name,
                nmnvme_nbft_get_source(job->nbft));
    return TRUE;
}

/* Whether job->name still is the controller recorded, ours, and no boot
 * controller; %FALSE with nothing in @error when it is gone (nothing to
 * delete). */
static gboolean
still_ours(const Job *job, GError **error)
{
    g_autofree char *dir   = g_build_filename(job->sysfs_class, job->name, NULL);
    g_autofree char *owner = nmnvme_registry_get_owner(job->registry, job->name);
    g_autoptr(NMNvmeKernelCtrl) now = nmnvme_kernel_ctrl_read(dir, NULL);
    g_autoptr(GError) local         = NULL;

    /* connected by us, our entry not written yet (/run full): no entry is
     * ours, for the same controller only */
    if (job->unregistered && job->recorded_ino && !*owner) {
        g_free(owner);
        owner = g_strdup(NMNVME_REGISTRY_OWNER);
    }
    if (nmnvme_ownership_check_delete(job->name,
                                      job->recorded,
                                      job->recorded_ino,
                                      now,
                                      owner,
                                      job->hostnqn,
                                      &local) &&
        !is_boot(job, now, &local))
        return TRUE;
    if (g_error_matches(local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        nmnvme_registry_remove(job->registry, job->name, NMNVME_REGISTRY_OWNER, NULL, NULL, NULL);
    else
        g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
}

static gboolean
do_disconnect(const Job *job, GError **error)
{
    g_autofree char *path =
        g_build_filename(job->sysfs_class, job->name, "delete_controller", NULL);
    guint64  seqnum = 0;
    gboolean had_seqnum;
    int      fd;
    gboolean ok;

    if (!still_ours(job, error))
        return !error || !*error; /* gone: success */
    had_seqnum = nmnvme_registry_get_seqnum(job->registry, job->name, &seqnum);
    /* out of the registry first: once deleted, the name can be reused */
    if (!nmnvme_registry_remove(job->registry, job->name, NMNVME_REGISTRY_OWNER, NULL, NULL, error))
        return FALSE;
    fd = open(path, O_WRONLY | O_CLOEXEC);
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
    if (ok) /* an intent kept while our entry could not be written */
        clear_intent(job, job->recorded, job->hostnqn, NULL);
    if (!ok && had_seqnum) /* still there: still ours */
        nmnvme_registry_add(job->registry, job->name, NMNVME_REGISTRY_OWNER, seqnum, NULL);
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
                                const NMNvmeTrid   *recorded,
                                guint64             recorded_ino,
                                gboolean            unregistered,
                                const char         *hostnqn,
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

    job->recorded     = nmnvme_trid_copy(recorded);
    job->recorded_ino = recorded_ino;
    job->unregistered = unregistered;
    job->hostnqn      = g_strdup(hostnqn);
    g_task_run_in_thread(task, disconnect_thread);
}

gboolean
nmnvme_fabrics_disconnect_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/
/* Our registry entry, written again */

static void
add_owner_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    const Job *job   = data;
    GError    *error = NULL;
    guint64    ino   = device_ino(job, job->name);

    if (!ino || (job->recorded_ino && ino != job->recorded_ino))
        g_set_error(&error,
                    G_IO_ERROR,
                    G_IO_ERROR_NOT_FOUND,
                    "%s is gone or another controller now",
                    job->name);
    else if (nmnvme_registry_add(job->registry,
                                 job->name,
                                 NMNVME_REGISTRY_OWNER,
                                 job->seqnum,
                                 &error))
        clear_intent(job, job->intent_trid, job->hostnqn, NULL);
    if (error)
        g_task_return_error(task, error);
    else
        g_task_return_boolean(task, TRUE);
}

void
nmnvme_fabrics_add_owner_async(NMNvmeFabrics      *fabrics,
                               const char         *name,
                               guint64             ino,
                               guint64             seqnum,
                               const NMNvmeTrid   *trid,
                               const char         *hostnqn,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    Job *job;
    g_autoptr(GTask) task = job_task_new(fabrics,
                                         nmnvme_fabrics_add_owner_async,
                                         name,
                                         cancellable,
                                         callback,
                                         user_data,
                                         &job);

    job->recorded_ino = ino;
    job->seqnum       = seqnum;
    job->intent_trid  = trid ? nmnvme_trid_copy(trid) : NULL;
    job->hostnqn      = g_strdup(hostnqn);
    g_task_run_in_thread(task, add_owner_thread);
}

gboolean
nmnvme_fabrics_add_owner_finish(NMNvmeFabrics *fabrics, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, NULL), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/
/* Scan */

/* A scan's result. */
typedef struct {
    GPtrArray  *ctrls;
    GHashTable *skipped; /* name → why */
} Scanned;

static void
scanned_free(Scanned *scanned)
{
    g_clear_pointer(&scanned->ctrls, g_ptr_array_unref);
    g_clear_pointer(&scanned->skipped, g_hash_table_unref);
    g_free(scanned);
}

static void
scan_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    const Job *job   = data;
    GError    *error = NULL;
    Scanned   *scanned = g_new0(Scanned, 1);

    scanned->skipped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    scanned->ctrls   = nmnvme_kernel_ctrl_scan(job->sysfs_class, scanned->skipped, &error);
    for (guint i = 0; scanned->ctrls && i < scanned->ctrls->len; i++) {
        NMNvmeKernelCtrl *kc = scanned->ctrls->pdata[i];

        kc->owner = nmnvme_registry_get_owner(job->registry, kc->name);
    }
    /* hosts without libnvme3's udev rule keep entries of removed devices */
    nmnvme_registry_remove_stale(job->registry, NMNVME_REGISTRY_OWNER, job->sysfs_class);
    if (scanned->ctrls) {
        g_task_return_pointer(task, scanned, (GDestroyNotify) scanned_free);
        return;
    }
    scanned_free(scanned);
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
nmnvme_fabrics_scan_finish(NMNvmeFabrics *fabrics,
                           GAsyncResult  *result,
                           GHashTable   **out_skipped,
                           GError       **error)
{
    Scanned   *scanned;
    GPtrArray *ctrls;

    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    scanned = g_task_propagate_pointer(G_TASK(result), error);
    if (!scanned)
        return NULL;
    ctrls = g_steal_pointer(&scanned->ctrls);
    if (out_skipped)
        *out_skipped = g_steal_pointer(&scanned->skipped);
    scanned_free(scanned);
    return ctrls;
}

/*****************************************************************************/

NMNvmeFabrics *
nmnvme_fabrics_new(const char           *fabrics_dev,
                   const char           *sysfs_class,
                   const NMNvmeRegistry *registry,
                   const char           *intent_dir)
{
    NMNvmeFabrics *fabrics = g_new0(NMNvmeFabrics, 1);

    fabrics->intent_dir   = g_strdup(intent_dir);
    fabrics->registry     = nmnvme_registry_copy(registry);
    fabrics->fabrics_dev  = g_strdup(fabrics_dev);
    fabrics->sysfs_class  = g_strdup(sysfs_class);
    /* exclusive: each pool's thread is made now, not by GLib's spawner at
     * the first connect (a thread made on demand cost the first connect
     * about 3 ms under TCG); an idle thread waits without wakeups */
    fabrics->connect_pool = g_thread_pool_new(connect_thread, NULL, 1, TRUE, NULL);
    fabrics->record_pool  = g_thread_pool_new(record_thread, NULL, 1, TRUE, NULL);
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
    g_thread_pool_free(fabrics->record_pool, FALSE, TRUE); /* after: connects push here */
    g_free(fabrics->fabrics_dev);
    g_free(fabrics->sysfs_class);
    g_free(fabrics->intent_dir);
    nmnvme_registry_free(fabrics->registry);
    g_clear_pointer(&fabrics->nbft, nmnvme_nbft_free);
    g_free(fabrics);
}

void
nmnvme_fabrics_set_nbft(NMNvmeFabrics *fabrics, NMNvmeNbft *nbft)
{
    if (nbft)
        nmnvme_nbft_ref(nbft);
    g_clear_pointer(&fabrics->nbft, nmnvme_nbft_free);
    fabrics->nbft = nbft;
}

/*****************************************************************************/
/* NBFT */

typedef struct {
    NMNvmeNbft *nbft;
    GPtrArray  *warnings;
} NbftRead;

static void
nbft_read_free(NbftRead *read)
{
    g_clear_pointer(&read->nbft, nmnvme_nbft_free);
    g_ptr_array_unref(read->warnings);
    g_free(read);
}

/* The first of @tables that reads; the others named in @read's warnings. */
static gboolean
read_first_table(GStrv tables, NbftRead *read, GError **error)
{
    g_autoptr(GError) first = NULL;

    for (guint i = 0; tables[i]; i++) {
        g_autoptr(GError) local = NULL;

        if (read->nbft) {
            g_ptr_array_add(read->warnings,
                            g_strdup_printf("%s: not used: one table is read (%s)",
                                            tables[i],
                                            nmnvme_nbft_get_source(read->nbft)));
            continue;
        }
        read->nbft = nmnvme_libnvme_read_nbft(tables[i], read->warnings, &local);
        if (!read->nbft) {
            g_ptr_array_add(read->warnings, g_strdup(local->message));
            if (!first)
                first = g_steal_pointer(&local);
        }
    }
    if (read->nbft)
        return TRUE;
    g_propagate_error(error, g_steal_pointer(&first));
    return FALSE;
}

static void
read_nbft_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    const char *dir         = data;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) tables    = NULL;
    NbftRead *read;

    if (!nmnvme_libnvme_can_read_nbft(&error) || !(tables = nmnvme_nbft_find_tables(dir, &error))) {
        g_task_return_error(task, g_steal_pointer(&error));
        return;
    }
    if (!tables[0]) {
        g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no NBFT in %s", dir);
        return;
    }
    read           = g_new0(NbftRead, 1);
    read->warnings = g_ptr_array_new_with_free_func(g_free);
    if (!read_first_table(tables, read, &error)) {
        nbft_read_free(read);
        g_task_return_error(task, g_steal_pointer(&error));
        return;
    }
    g_task_return_pointer(task, read, (GDestroyNotify) nbft_read_free);
}

void
nmnvme_fabrics_read_nbft_async(const char         *dir,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
    g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);

    g_return_if_fail(dir);

    g_task_set_source_tag(task, nmnvme_fabrics_read_nbft_async);
    g_task_set_task_data(task, g_strdup(dir), g_free);
    g_task_run_in_thread(task, read_nbft_thread);
}

NMNvmeNbft *
nmnvme_fabrics_read_nbft_finish(GAsyncResult *result, GPtrArray **out_warnings, GError **error)
{
    NbftRead   *read;
    NMNvmeNbft *nbft;

    g_return_val_if_fail(g_task_is_valid(result, NULL), NULL);
    read = g_task_propagate_pointer(G_TASK(result), error);
    if (!read)
        return NULL;
    nbft = g_steal_pointer(&read->nbft);
    if (out_warnings)
        *out_warnings = g_ptr_array_ref(read->warnings);
    nbft_read_free(read);
    return nbft;
}
