/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvme-bench: the measuring program of the VM-lab benchmark (not installed;
 * see README.md next to it). It owns the one timing method every measured
 * tool shares, and the actions it times:
 *
 *   nvme-bench floor N IFACE TRADDR TRSVCID  the minimal host flow: DC connect through
 *                                            /dev/nvme-fabrics, discovery log by ioctl,
 *                                            N connect writes, DC delete
 *   nvme-bench attach N IFACE URI [LABEL]    Attach on nm-nvme-daemon's D-Bus API (tool=LABEL,
 *                                            default nm-nvme: e.g. the D-Bus-activated case)
 *   nvme-bench detach IFACE                  Detach(IFACE, "deactivate"), timed
 *   nvme-bench run N LABEL CMD [ARG...]      fork/exec of a tool (nvme connect-all), or of
 *                                            what starts one (sh starting stafd and stacd,
 *                                            systemctl start nvme-discoverd): timed from the
 *                                            fork to all N live, whether or not it has exited
 *   nvme-bench wait N [BASE]                 only the waiter, timed from its start, with
 *                                            BASE of the N live already (first = BASE + 1);
 *                                            prints READY once bound, wall= its start
 *   nvme-bench log INSTANCE [CHUNK]          reads the discovery log of /dev/nvmeINSTANCE as
 *                                            the daemon does (CHUNK-byte transfers, default
 *                                            64 KiB): its wall and CPU time, the kernel's part
 *
 * The waiter: a thread on a NETLINK_KOBJECT_UEVENT socket, bound before the
 * action starts, that scans /sys/class/nvme on every uevent and every 100 ms
 * and notes when the first and the Nth I/O controller (cntrltype io) are
 * live. Each command prints one line
 * "BENCH tool=... n=N first=MS all=MS ..." (ms from the action's start, -1 if
 * never reached, and the action's own CPU time) and exits 1 unless all N came
 * live (detach: unless it succeeded). With NVME_BENCH_WATCH="NAME=PID ..." in
 * the environment the line also has each such process's CPU time over the
 * same span, in total and per thread name ("cpu.NAME=MS threads.NAME=...").
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/nvme_ioctl.h>

#include <gio/gio.h>

#include "nmnvme-dbus-api.h"

#define DISCOVERY_NQN    "nqn.2014-08.org.nvmexpress.discovery"
#define SYSFS_NVME       "/sys/class/nvme"
#define SCAN_INTERVAL_MS 100
#define WAIT_TIMEOUT_MS  120000
#define DBUS_TIMEOUT_MS  120000
#define DC_KATO          30

/* Discovery log page (NVMe Base spec, Get Log Page 0x70): a 1 KiB header, then 1 KiB records. */
#define LOG_PAGE_DISCOVERY 0x70
#define LOG_HEADER_SIZE    1024
#define LOG_ENTRY_SIZE     1024
#define LOG_CHUNK_SIZE     4096
#define LOG_NUMREC_OFFSET  8
#define ENTRY_TRTYPE_TCP   3
#define ENTRY_SUBTYPE_NVME 2
#define ADMIN_GET_LOG_PAGE 0x02

typedef struct {
    int      n;       /* I/O controllers to wait for */
    int      base;    /* of them, live already at the start (wait only) */
    int      fd;      /* uevent socket, bound before the action starts */
    gint     stop;    /* set by the action when it failed: give up */
    double   first;   /* monotonic ms when the first was live, or -1 */
    double   all;     /* monotonic ms when N were live, or -1 */
    guint    scans;   /* sysfs scans done */
    guint    uevents; /* uevents received */
    double   cpu;     /* the waiter thread's own CPU time, ms */
    GThread *thread;
} Waiter;

typedef struct {
    char hostnqn[256];
    char hostid[64];
} Host;

/*****************************************************************************/
/* Small helpers */

/* @clock's time in ms (CLOCK_MONOTONIC: now; CLOCK_PROCESS_CPUTIME_ID: our CPU time). */
static double
clock_ms(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

/* ms from @t0 to @t, or -1 if @t was never reached (negative). */
static double
since(double t, double t0)
{
    return t < 0 ? -1 : t - t0;
}

/* CPU time (user + system) of the calling thread (RUSAGE_THREAD) or of waited-for children. */
static double
cpu_ms(int who)
{
    struct rusage ru;

    if (getrusage(who, &ru) < 0)
        return -1;
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* The wall clock as GLib's log lines show it (HH:MM:SS.mmm), to find an action in daemon.log. */
static void
wall_clock(char *buf, gsize size)
{
    g_autoptr(GDateTime) dt = g_date_time_new_now_local();

    g_snprintf(buf,
               size,
               "%02d:%02d:%02d.%03d",
               g_date_time_get_hour(dt),
               g_date_time_get_minute(dt),
               g_date_time_get_second(dt),
               g_date_time_get_microsecond(dt) / 1000);
}

/* Reads the first line of @path into @buf (newline dropped); FALSE if unreadable or empty. */
static gboolean
read_line(const char *path, char *buf, gsize size)
{
    int     fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t r;

    if (fd < 0)
        return FALSE;
    r = read(fd, buf, size - 1);
    close(fd);
    if (r <= 0)
        return FALSE;
    buf[r]                  = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return buf[0] != '\0';
}

static gboolean
parse_count(const char *arg, int *out)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(arg, 10, 1, 4096, &v, NULL)) {
        g_printerr("nvme-bench: '%s' is not a controller count (1..4096)\n", arg);
        return FALSE;
    }
    *out = (int) v;
    return TRUE;
}

/*****************************************************************************/
/* The waiter: uevents and sysfs scans until N I/O controllers are live */

static int
uevent_open(void)
{
    struct sockaddr_nl sa   = { .nl_family = AF_NETLINK, .nl_groups = 1 };
    int                size = 4 << 20;
    int                fd;

    fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
    if (fd < 0)
        return -1;
    /* a burst of uevents must not overflow it (an overflow only costs a lost wake-up) */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads every pending uevent; returns how many. */
static guint
uevent_drain(int fd)
{
    char  buf[8192];
    guint n = 0;

    for (;;) {
        if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
            n++;
        else if (errno != EINTR && errno != ENOBUFS)
            return n;
    }
}

/* Whether /sys/class/nvme/@name is a live I/O controller. */
static gboolean
is_live_ioc(const char *name)
{
    char path[PATH_MAX];
    char val[512];

    g_snprintf(path, sizeof(path), SYSFS_NVME "/%s/cntrltype", name);
    if (!read_line(path, val, sizeof(val)) || strcmp(val, "io") != 0)
        return FALSE;
    g_snprintf(path, sizeof(path), SYSFS_NVME "/%s/state", name);
    return read_line(path, val, sizeof(val)) && strcmp(val, "live") == 0;
}

static int
count_live_iocs(void)
{
    DIR           *dir = opendir(SYSFS_NVME);
    struct dirent *de;
    int            n = 0;

    if (!dir)
        return 0;
    while ((de = readdir(dir))) {
        if (de->d_name[0] != '.' && is_live_ioc(de->d_name))
            n++;
    }
    closedir(dir);
    return n;
}

static void
waiter_scan(Waiter *w)
{
    int    live = count_live_iocs();
    double t    = now_ms();

    w->scans++;
    if (live > w->base && w->first < 0)
        w->first = t;
    if (live >= w->n && w->all < 0)
        w->all = t;
}

static gpointer
waiter_run(gpointer user_data)
{
    Waiter *w        = user_data;
    double  deadline = now_ms() + WAIT_TIMEOUT_MS;
    double  next     = 0;

    while (w->all < 0 && !g_atomic_int_get(&w->stop)) {
        struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
        double        t   = now_ms();
        guint         got = 0;

        if (t >= deadline)
            break;
        if (t < next && poll(&pfd, 1, (int) (next - t) + 1) > 0)
            got = uevent_drain(w->fd);
        w->uevents += got;
        if (got > 0 || now_ms() >= next) {
            waiter_scan(w);
            next = now_ms() + SCAN_INTERVAL_MS;
        }
    }
    w->cpu = cpu_ms(RUSAGE_THREAD);
    return NULL;
}

/* Binds the uevent socket; the thread starts with waiter_start(). FALSE (reported) on failure. */
static gboolean
waiter_init(Waiter *w, int n)
{
    *w    = (Waiter){ .n = n, .first = -1, .all = -1 };
    w->fd = uevent_open();
    if (w->fd < 0) {
        g_printerr("nvme-bench: uevent socket: %s\n", g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

static gboolean
waiter_start(Waiter *w)
{
    if (count_live_iocs() != w->base) {
        g_printerr("nvme-bench: not %d I/O controllers live at the start\n", w->base);
        return FALSE;
    }
    w->thread = g_thread_new("waiter", waiter_run, w);
    return TRUE;
}

/* Gives up waiting (the action failed) without a timeout. */
static void
waiter_abort(Waiter *w)
{
    g_atomic_int_set(&w->stop, 1);
}

static void
waiter_finish(Waiter *w)
{
    if (w->thread)
        g_thread_join(w->thread);
    w->thread = NULL;
    close(w->fd);
}

/*****************************************************************************/
/* Watched processes: CPU time per thread from /proc */

/* Parses /proc/PID/task/TID/stat into "TID COMM" and utime + stime (ticks); FALSE if gone. */
static gboolean
thread_ticks(const char *path, const char *tid, char **key, gsize *ticks)
{
    char          line[1024];
    const char   *lparen, *rparen;
    unsigned long ut, st;

    if (!read_line(path, line, sizeof(line)) || !(lparen = strchr(line, '(')) ||
        !(rparen = strrchr(line, ')')) ||
        sscanf(rparen + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return FALSE;
    *key   = g_strdup_printf("%s %.*s", tid, (int) (rparen - lparen - 1), lparen + 1);
    *ticks = ut + st;
    return TRUE;
}

/* CPU ticks so far of each thread of process @pid, by "TID COMM". */
static GHashTable *
proc_thread_ticks(const char *pid)
{
    g_autofree char *dir_path = g_strdup_printf("/proc/%s/task", pid);
    GHashTable      *table    = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    DIR             *dir      = opendir(dir_path);
    struct dirent   *de;

    while (dir && (de = readdir(dir))) {
        char  path[PATH_MAX];
        char *key;
        gsize ticks;

        g_snprintf(path, sizeof(path), "%s/%s/stat", dir_path, de->d_name);
        if (de->d_name[0] != '.' && thread_ticks(path, de->d_name, &key, &ticks))
            g_hash_table_insert(table, key, GSIZE_TO_POINTER(ticks));
    }
    if (dir)
        closedir(dir);
    return table;
}

/* Prints " cpu.NAME=MS threads.NAME=COMM:MS,...": CPU used between two samples, summed by
 * thread name (a thread that ended in between is missing). */
static void
print_thread_cpu(const char *name, GHashTable *start, GHashTable *end)
{
    g_autoptr(GHashTable) by_comm = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GList) names        = NULL;
    double         hz             = (double) sysconf(_SC_CLK_TCK);
    gsize          total          = 0;
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, end);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        gsize delta = GPOINTER_TO_SIZE(value) - GPOINTER_TO_SIZE(g_hash_table_lookup(start, key));
        g_autofree char *comm = g_strdelimit(g_strdup(strchr(key, ' ') + 1), " ,:", '_');
        gsize            sum  = GPOINTER_TO_SIZE(g_hash_table_lookup(by_comm, comm)) + delta;

        total += delta;
        g_hash_table_insert(by_comm, g_steal_pointer(&comm), GSIZE_TO_POINTER(sum));
    }
    printf(" cpu.%s=%.0f threads.%s=", name, total * 1e3 / hz, name);
    names = g_list_sort(g_hash_table_get_keys(by_comm), (GCompareFunc) strcmp);
    for (GList *l = names; l; l = l->next)
        printf("%s%s:%.0f",
               l == names ? "" : ",",
               (const char *) l->data,
               GPOINTER_TO_SIZE(g_hash_table_lookup(by_comm, l->data)) * 1e3 / hz);
}

typedef struct {
    char       *name;
    char       *pid;
    GHashTable *start;
} Watch;

static void
watch_free(Watch *w)
{
    g_free(w->name);
    g_free(w->pid);
    g_hash_table_unref(w->start);
    g_free(w);
}

/* With NVME_BENCH_TRACE set, marks time 0 of an action in the kernel's
 * trace buffer (scenarios/bench-trace.sh), so a trace lines up with it. */
static void
trace_mark(const char *tool)
{
    char line[64];
    int  fd, len;

    if (!g_getenv("NVME_BENCH_TRACE"))
        return;
    fd = open("/sys/kernel/tracing/trace_marker", O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        perror("nvme-bench: /sys/kernel/tracing/trace_marker");
        return;
    }
    len = snprintf(line, sizeof(line), "nvme-bench t0 %s\n", tool);
    if (write(fd, line, len) != len)
        perror("nvme-bench: trace_marker");
    close(fd);
}

/* NVME_BENCH_WATCH="NAME=PID ...": the processes whose CPU time an action reports; sampled now. */
static GPtrArray *
watches_start(void)
{
    GPtrArray  *list    = g_ptr_array_new_with_free_func((GDestroyNotify) watch_free);
    const char *env     = g_getenv("NVME_BENCH_WATCH");
    g_auto(GStrv) items = g_strsplit(env ? env : "", " ", -1);

    for (char **i = items; *i; i++) {
        const char *eq = strchr(*i, '=');
        Watch      *w;

        if (!eq || eq == *i || !eq[1])
            continue;
        w        = g_new0(Watch, 1);
        w->name  = g_strndup(*i, eq - *i);
        w->pid   = g_strdup(eq + 1);
        w->start = proc_thread_ticks(w->pid);
        g_ptr_array_add(list, w);
    }
    return list;
}

/* Prints the CPU time each watched process used since watches_start(). */
static void
watches_report(GPtrArray *list)
{
    for (guint i = 0; i < list->len; i++) {
        Watch *w                  = list->pdata[i];
        g_autoptr(GHashTable) end = proc_thread_ticks(w->pid);

        print_thread_cpu(w->name, w->start, end);
    }
}

/*****************************************************************************/
/* Reporting */

/* Prints the BENCH line's common part (without newline), with the watched processes' CPU time
 * since @watches were started; TRUE if all N came live. */
static gboolean
waiter_report(const Waiter *w, const char *tool, double t0, GPtrArray *watches)
{
    printf("BENCH tool=%s n=%d first=%.0f all=%.0f scans=%u uevents=%u waiter_cpu=%.0f",
           tool,
           w->n,
           since(w->first, t0),
           since(w->all, t0),
           w->scans,
           w->uevents,
           w->cpu);
    watches_report(watches);
    return w->all >= 0;
}

/*****************************************************************************/
/* The kernel host interface: /dev/nvme-fabrics, the admin ioctl, delete_controller */

static gboolean
host_load(Host *h)
{
    if (!read_line("/etc/nvme/hostnqn", h->hostnqn, sizeof(h->hostnqn)) ||
        !read_line("/etc/nvme/hostid", h->hostid, sizeof(h->hostid))) {
        g_printerr("nvme-bench: /etc/nvme/hostnqn or /etc/nvme/hostid missing\n");
        return FALSE;
    }
    return TRUE;
}

/* Writes @options to /dev/nvme-fabrics; returns the new controller's instance, or -errno. */
static int
fabrics_connect(const char *options)
{
    int     fd = open("/dev/nvme-fabrics", O_RDWR | O_CLOEXEC);
    char    reply[256];
    ssize_t len = (ssize_t) strlen(options);
    ssize_t r;
    int     instance = -EINVAL;

    if (fd < 0)
        return -errno;
    if (write(fd, options, len) != len) {
        instance = -errno;
    } else if ((r = read(fd, reply, sizeof(reply) - 1)) > 0) {
        reply[r] = '\0';
        if (sscanf(reply, "instance=%d", &instance) != 1)
            instance = -EINVAL;
    }
    close(fd);
    return instance;
}

static gboolean
ctrl_delete(int instance)
{
    char     path[64];
    int      fd;
    gboolean ok;

    g_snprintf(path, sizeof(path), SYSFS_NVME "/nvme%d/delete_controller", instance);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return FALSE;
    ok = write(fd, "1", 1) == 1;
    close(fd);
    return ok;
}

/* One Get Log Page 0x70 of @len bytes at @offset; 0, -errno, or the NVMe status. */
static int
get_log_chunk(int fd, guint8 *buf, guint32 len, guint64 offset, gboolean rae)
{
    guint32               numd = len / 4 - 1;
    struct nvme_admin_cmd cmd  = {
         .opcode   = ADMIN_GET_LOG_PAGE,
         .addr     = (guint64) (uintptr_t) buf,
         .data_len = len,
         .cdw10    = LOG_PAGE_DISCOVERY | (rae ? 1u << 15 : 0) | (numd & 0xffff) << 16,
         .cdw11    = numd >> 16,
         .cdw12    = (guint32) offset,
         .cdw13    = (guint32) (offset >> 32),
    };
    int ret = ioctl(fd, NVME_IOCTL_ADMIN_CMD, &cmd);

    return ret < 0 ? -errno : ret;
}

/* Reads the header, then the whole log in @chunk-byte transfers (RAE cleared on the last one). */
static guint8 *
read_discovery_log(int instance, guint32 chunk, guint64 *numrec)
{
    char    path[64];
    guint8  header[LOG_HEADER_SIZE];
    guint8 *log = NULL;
    guint64 total;
    int     fd, ret;

    g_snprintf(path, sizeof(path), "/dev/nvme%d", instance);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    ret = get_log_chunk(fd, header, sizeof(header), 0, TRUE);
    if (ret == 0) {
        memcpy(numrec, header + LOG_NUMREC_OFFSET, sizeof(*numrec));
        *numrec = le64toh(*numrec);
        total   = LOG_HEADER_SIZE + *numrec * LOG_ENTRY_SIZE;
        log     = g_malloc0(total);
        for (guint64 off = 0; off < total && ret == 0; off += chunk) {
            guint32 len = (guint32) MIN(chunk, total - off);

            ret = get_log_chunk(fd, log + off, len, off, off + len < total);
        }
    }
    close(fd);
    if (ret != 0) {
        g_printerr("nvme-bench: get log page: %s\n", ret < 0 ? g_strerror(-ret) : "NVMe error");
        g_clear_pointer(&log, g_free);
    }
    return log;
}

/* Copies a space- or NUL-padded log field of @size bytes into @out, without the padding. */
static void
log_field(const guint8 *field, gsize size, char *out, gsize out_size)
{
    gsize n = strnlen((const char *) field, MIN(size, out_size - 1));

    memcpy(out, field, n);
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

/*****************************************************************************/
/* floor: the minimal C host flow */

typedef struct {
    const Host *host;
    const char *iface;
    const char *traddr;
    const char *trsvcid;
    double      t0;
    double      dc_live; /* the DC's connect write returned */
    double      log_read;
    double      first_write; /* the first I/O connect write returned */
    double      writes;      /* the last I/O connect write returned */
    int         connects;
    int         errors;
} Floor;

/* The connect options of one controller at @traddr:@trsvcid through the interface. */
static char *
floor_options(const Floor *f, const char *traddr, const char *trsvcid, const char *nqn)
{
    return g_strdup_printf("transport=tcp,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,hostid=%s,"
                           "host_iface=%s",
                           traddr,
                           trsvcid,
                           nqn,
                           f->host->hostnqn,
                           f->host->hostid,
                           f->iface);
}

static int
floor_connect_dc(Floor *f)
{
    g_autofree char *base     = floor_options(f, f->traddr, f->trsvcid, DISCOVERY_NQN);
    g_autofree char *opts     = g_strdup_printf("%s,keep_alive_tmo=%d", base, DC_KATO);
    int              instance = fabrics_connect(opts);

    if (instance < 0)
        g_printerr("nvme-bench: discovery controller: %s\n", g_strerror(-instance));
    return instance;
}

/* Connects the I/O controller of one log record, if it is an NVMe subsystem over TCP. */
static void
floor_connect_entry(Floor *f, const guint8 *e)
{
    char             traddr[257], trsvcid[33], subnqn[257];
    g_autofree char *opts = NULL;
    int              instance;

    if (e[0] != ENTRY_TRTYPE_TCP || e[2] != ENTRY_SUBTYPE_NVME)
        return;
    log_field(e + 32, 32, trsvcid, sizeof(trsvcid));
    log_field(e + 256, 256, subnqn, sizeof(subnqn));
    log_field(e + 512, 256, traddr, sizeof(traddr));
    opts     = floor_options(f, traddr, trsvcid, subnqn);
    instance = fabrics_connect(opts);
    if (f->first_write < 0)
        f->first_write = now_ms();
    if (instance < 0) {
        g_printerr("nvme-bench: connecting %s: %s\n", subnqn, g_strerror(-instance));
        f->errors++;
    } else {
        f->connects++;
    }
}

static gboolean
floor_flow(Floor *f)
{
    g_autofree guint8 *log    = NULL;
    guint64            numrec = 0;
    int                dc     = floor_connect_dc(f);

    if (dc < 0)
        return FALSE;
    f->dc_live  = now_ms();
    log         = read_discovery_log(dc, LOG_CHUNK_SIZE, &numrec);
    f->log_read = now_ms();
    for (guint64 i = 0; log && i < numrec; i++)
        floor_connect_entry(f, log + LOG_HEADER_SIZE + i * LOG_ENTRY_SIZE);
    f->writes = now_ms();
    if (!ctrl_delete(dc))
        g_printerr("nvme-bench: deleting nvme%d: %s\n", dc, g_strerror(errno));
    return log && f->errors == 0;
}

static int
cmd_floor(int argc, char **argv)
{
    g_autoptr(GPtrArray) watches = NULL;
    Floor    f                   = { 0 };
    Host     host;
    Waiter   w;
    int      n;
    double   cpu;
    gboolean ok;

    if (argc != 4 || !parse_count(argv[0], &n))
        return 2;
    if (!host_load(&host) || !waiter_init(&w, n))
        return 1;
    f = (Floor){ .host        = &host,
                 .iface       = argv[1],
                 .traddr      = argv[2],
                 .trsvcid     = argv[3],
                 .dc_live     = -1,
                 .log_read    = -1,
                 .first_write = -1,
                 .writes      = -1 };
    if (!waiter_start(&w))
        return 1;
    watches = watches_start();
    cpu     = cpu_ms(RUSAGE_THREAD);
    trace_mark("floor");
    f.t0    = now_ms();
    ok      = floor_flow(&f);
    cpu     = cpu_ms(RUSAGE_THREAD) - cpu;
    if (!ok)
        waiter_abort(&w);
    waiter_finish(&w);
    ok = waiter_report(&w, "floor", f.t0, watches) && ok;
    printf(" dc=%.0f log=%.0f first_write=%.0f writes=%.0f connects=%d errors=%d cpu=%.0f\n",
           since(f.dc_live, f.t0),
           since(f.log_read, f.t0),
           since(f.first_write, f.t0),
           since(f.writes, f.t0),
           f.connects,
           f.errors,
           cpu);
    return ok ? 0 : 1;
}

/*****************************************************************************/
/* attach / detach: nm-nvme-daemon's D-Bus API */

static GDBusConnection *
system_bus(void)
{
    g_autoptr(GError) error = NULL;
    GDBusConnection *bus    = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);

    if (!bus)
        g_printerr("nvme-bench: system bus: %s\n", error->message);
    return bus;
}

static gboolean
call_daemon(GDBusConnection *bus, const char *method, GVariant *args)
{
    g_autoptr(GError) error   = NULL;
    g_autoptr(GVariant) reply = g_dbus_connection_call_sync(bus,
                                                            NMNVME_DBUS_NAME,
                                                            NMNVME_DBUS_PATH,
                                                            NMNVME_DBUS_INTERFACE,
                                                            method,
                                                            args,
                                                            NULL,
                                                            G_DBUS_CALL_FLAGS_NONE,
                                                            DBUS_TIMEOUT_MS,
                                                            NULL,
                                                            &error);

    if (!reply)
        g_printerr("nvme-bench: %s: %s\n", method, error->message);
    return reply != NULL;
}

static GVariant *
attach_args(const char *iface, const char *uri)
{
    GVariantBuilder settings;

    g_variant_builder_init(&settings, G_VARIANT_TYPE("a{ss}"));
    g_variant_builder_add(&settings, "{ss}", "nvme.discovery", uri);
    return g_variant_new("(sa{ss}s)", iface, &settings, "bench");
}

static int
cmd_attach(int argc, char **argv)
{
    g_autoptr(GDBusConnection) bus = NULL;
    g_autoptr(GPtrArray) watches   = NULL;
    Waiter   w;
    char     wall[16];
    double   t0, returned;
    int      n;
    gboolean ok;

    if ((argc != 3 && argc != 4) || !parse_count(argv[0], &n))
        return 2;
    if (!(bus = system_bus()) || !waiter_init(&w, n) || !waiter_start(&w))
        return 1;
    watches = watches_start();
    wall_clock(wall, sizeof(wall));
    trace_mark("nm-nvme");
    t0       = now_ms();
    ok       = call_daemon(bus, "Attach", attach_args(argv[1], argv[2]));
    returned = now_ms();
    if (!ok)
        waiter_abort(&w);
    waiter_finish(&w);
    ok = waiter_report(&w, argc == 4 ? argv[3] : "nm-nvme", t0, watches) && ok;
    printf(" call=%.0f wall=%s\n", returned - t0, wall);
    return ok ? 0 : 1;
}

static int
cmd_detach(int argc, char **argv)
{
    g_autoptr(GDBusConnection) bus = NULL;
    double   t0;
    gboolean ok;

    if (argc != 1)
        return 2;
    if (!(bus = system_bus()))
        return 1;
    t0 = now_ms();
    ok = call_daemon(bus, "Detach", g_variant_new("(ss)", argv[0], NMNVME_DBUS_REASON_DEACTIVATE));
    printf("BENCH tool=detach call=%.0f ok=%d\n", now_ms() - t0, ok);
    return ok ? 0 : 1;
}

/*****************************************************************************/
/* run: fork/exec of a tool; wait */

/* Runs @argv to its end; returns its wait status and its exit time in @exited. */
static int
run_child(char **argv, double *exited)
{
    int   status = 0;
    pid_t pid    = fork();

    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0) {
        g_printerr("nvme-bench: fork: %s\n", g_strerror(errno));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    *exited = now_ms();
    return status;
}

static int
cmd_run(int argc, char **argv)
{
    g_autoptr(GPtrArray) watches = NULL;
    Waiter   w;
    double   t0, exited = -1;
    int      n, status;
    gboolean ok;

    if (argc < 3 || !parse_count(argv[0], &n))
        return 2;
    if (!waiter_init(&w, n) || !waiter_start(&w))
        return 1;
    watches = watches_start();
    t0      = now_ms();
    status  = run_child(argv + 2, &exited);
    ok      = status == 0;
    if (!ok)
        waiter_abort(&w);
    waiter_finish(&w);
    ok = waiter_report(&w, argv[1], t0, watches) && ok;
    printf(" exit=%.0f status=%d cpu=%.0f\n",
           since(exited, t0),
           WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           cpu_ms(RUSAGE_CHILDREN));
    return ok ? 0 : 1;
}

static int
cmd_wait(int argc, char **argv)
{
    g_autoptr(GPtrArray) watches = NULL;
    Waiter   w;
    double   t0;
    int      n;
    int      base = 0;
    gboolean ok;
    char     wall[16];

    if (argc < 1 || argc > 2 || !parse_count(argv[0], &n) ||
        (argc == 2 && (!parse_count(argv[1], &base) || base >= n)))
        return 2;
    if (!waiter_init(&w, n))
        return 1;
    w.base = base;
    if (!waiter_start(&w))
        return 1;
    watches = watches_start();
    t0      = now_ms();
    wall_clock(wall, sizeof(wall));
    printf("READY\n"); /* the uevent socket is bound: the action may start */
    fflush(stdout);
    waiter_finish(&w);
    ok = waiter_report(&w, "wait", t0, watches);
    printf(" wall=%s\n", wall);
    return ok ? 0 : 1;
}

/*****************************************************************************/
/* log: the kernel's part of a log read */

/* Reads the discovery log of an existing discovery controller as nm-nvme-daemon does (the
 * header, then all of it in CHUNK-byte transfers, default 65536): the same kernel work
 * with nothing else around it, for the discovery benchmark's "log read alone". */
static int
cmd_log(int argc, char **argv)
{
    g_autofree guint8 *log = NULL;
    guint64            numrec = 0;
    guint64            chunk  = 65536;
    gint64             instance;
    double             t0, cpu0;

    if (argc < 1 || argc > 2 || !g_ascii_string_to_signed(argv[0], 10, 0, G_MAXINT, &instance, NULL) ||
        (argc == 2 && !g_ascii_string_to_unsigned(argv[1], 10, 4096, 1 << 24, &chunk, NULL)) ||
        chunk % 4 != 0)
        return 2;
    t0   = now_ms();
    cpu0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    log  = read_discovery_log((int) instance, (guint32) chunk, &numrec);
    printf("BENCH tool=log-read entries=%" G_GUINT64_FORMAT " chunk=%" G_GUINT64_FORMAT
           " wall=%.1f cpu=%.1f\n",
           numrec,
           chunk,
           now_ms() - t0,
           clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0);
    return log ? 0 : 1;
}

/*****************************************************************************/

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} commands[] = {
    { "floor", cmd_floor, "floor N IFACE TRADDR TRSVCID" },
    { "attach", cmd_attach, "attach N IFACE URI [LABEL]" },
    { "detach", cmd_detach, "detach IFACE" },
    { "run", cmd_run, "run N LABEL CMD [ARG...]" },
    { "wait", cmd_wait, "wait N [BASE]" },
    { "log", cmd_log, "log INSTANCE [CHUNK]" },
};

int
main(int argc, char **argv)
{
    int ret;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        ret = commands[i].run(argc - 2, argv + 2);
        if (ret == 2)
            g_printerr("usage: nvme-bench %s\n", commands[i].usage);
        return ret;
    }
    g_printerr("usage: nvme-bench floor|attach|detach|run|wait|log ARGS... (see the source)\n");
    return 2;
}
