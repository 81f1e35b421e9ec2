/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvme-lab-probe: a VM-lab test helper (not installed). It drives the kernel
 * NVMe-oF host through libnvme's own connect and discovery functions, those
 * of libnvme 1.x or of libnvme3 (NMNVME_HAVE_LIBNVME3), never through the
 * product's adapter, and prints what it got as lines the lab scenarios grep:
 *
 *   nvme-lab-probe discover --traddr A [--trsvcid 8009] [--host-iface IF]
 *                           [--kato N] [--persistent]
 *   nvme-lab-probe discover --device nvmeN      (an existing discovery controller)
 *   nvme-lab-probe connect --traddr A --trsvcid P --nqn NQN [--host-iface IF] [--kato N]
 *
 * Output: "genctr N", "numrec N", one "entry SUBTYPE TRTYPE ADRFAM TRADDR
 * TRSVCID SUBNQN" line per discovery log record, then "device nvmeN". On
 * failure a message names the step and the error, and the exit code is 1.
 *
 * The two APIs differ only inside the helpers of the "libnvme" section, each
 * under one #if. They report their own failures and return 0, a negative
 * errno or libnvme code (ENVME_CONNECT_*), or a positive NVMe status.
 */
#include "config.h"

#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libnvme.h>

#if !NMNVME_HAVE_LIBNVME3
#include <syslog.h>
#endif

#define PROBE_TRANSPORT "tcp"
/* Get Log Page rounds when the generation counter moves meanwhile */
#define PROBE_LOG_RETRIES 4

typedef struct {
    char    *traddr;
    char    *trsvcid;
    char    *host_iface;
    char    *nqn;
    char    *device;
    int      kato;
    gboolean persistent;
    gboolean debug;
} ProbeOpts;

#if NMNVME_HAVE_LIBNVME3
typedef struct libnvme_global_ctx *ProbeRoot;
typedef struct libnvme_host       *ProbeHost;
typedef struct libnvme_ctrl       *ProbeCtrl;
#else
typedef nvme_root_t ProbeRoot;
typedef nvme_host_t ProbeHost;
typedef nvme_ctrl_t ProbeCtrl;
#endif

/* A libnvme tree with the host identity from /etc/nvme. */
typedef struct {
    ProbeRoot root;
    ProbeHost host;
} ProbeTree;

/*****************************************************************************/
/* Errors */

static const char *
probe_strerror(int err)
{
    /* libnvme's connect errors (enum nvme_connect_err) start at ENVME_CONNECT_RESOLVE */
    if (err < ENVME_CONNECT_RESOLVE)
        return g_strerror(err);
#if NMNVME_HAVE_LIBNVME3
    return libnvme_errno_to_string(err);
#else
    return nvme_errno_to_string(err);
#endif
}

static const char *
probe_status_string(int status)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvme_status_to_string(status, true);
#else
    return nvme_status_to_string(status, true);
#endif
}

/* Reports @step's failure @ret (a negative errno or libnvme code, or a
 * positive NVMe status) and returns @ret. */
static int
probe_fail(const char *step, int ret)
{
    if (ret > 0)
        g_printerr("nvme-lab-probe: %s failed: %s (NVMe status 0x%x)\n",
                   step,
                   probe_status_string(ret),
                   (unsigned) ret);
    else
        g_printerr("nvme-lab-probe: %s failed: %s (errno %d)\n", step, probe_strerror(-ret), -ret);
    return ret;
}

#if !NMNVME_HAVE_LIBNVME3
/* libnvme 1.x reports failures as -1 (or NULL) with errno. */
static int
probe_errno(void)
{
    return errno > 0 ? -errno : -EIO;
}
#endif

/*****************************************************************************/
/* libnvme */

static const char *
trtype_str(guint8 trtype)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvmf_trtype_str(trtype);
#else
    return nvmf_trtype_str(trtype);
#endif
}

static const char *
adrfam_str(guint8 adrfam)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvmf_adrfam_str(adrfam);
#else
    return nvmf_adrfam_str(adrfam);
#endif
}

/* An empty tree, logging errors only (everything with --debug): 0 or a
 * negative errno. */
static int
root_new(gboolean debug, ProbeRoot *root)
{
#if NMNVME_HAVE_LIBNVME3
    *root = libnvme_create_global_ctx();
    if (!*root)
        return probe_fail("libnvme_create_global_ctx", -ENOMEM);
    libnvme_set_logging_level(*root, debug ? LIBNVME_LOG_DEBUG : LIBNVME_LOG_ERR, false, false);
#else
    *root = nvme_create_root(NULL, debug ? LOG_DEBUG : LOG_ERR);
    if (!*root)
        return probe_fail("nvme_create_root", probe_errno());
#endif
    return 0;
}

static void
root_free(ProbeRoot root)
{
#if NMNVME_HAVE_LIBNVME3
    libnvme_free_global_ctx(root);
#else
    nvme_free_tree(root);
#endif
}

/* The host of /etc/nvme/hostnqn and /etc/nvme/hostid in @root: 0 or a
 * negative errno. libnvme 1.x takes a NULL host ID where the hostid file is
 * missing; libnvme3 would put an all-zero placeholder there, so with it the
 * ID comes from libnvme3's own resolution (the file, else the NQN's uuid,
 * else DMI). */
static int
host_from_files(ProbeRoot root, ProbeHost *host)
{
    g_autofree char *hostnqn = NULL;
    g_autofree char *hostid  = NULL;
#if NMNVME_HAVE_LIBNVME3
    int ret;

    hostnqn = libnvmf_read_hostnqn(root);
    if (!hostnqn)
        return probe_fail("reading /etc/nvme/hostnqn", -ENOENT);
    ret = libnvmf_host_get_ids(root, hostnqn, NULL, NULL, &hostid);
    if (ret < 0)
        return probe_fail("libnvmf_host_get_ids", ret);
    ret = libnvme_get_host(root, hostnqn, hostid, host);
    return ret < 0 ? probe_fail("libnvme_get_host", ret) : 0;
#else
    hostnqn = nvmf_hostnqn_from_file();
    hostid  = nvmf_hostid_from_file();
    if (!hostnqn)
        return probe_fail("reading /etc/nvme/hostnqn", -ENOENT);
    *host = nvme_lookup_host(root, hostnqn, hostid);
    return *host ? 0 : probe_fail("nvme_lookup_host", probe_errno());
#endif
}

/* An unconnected controller for @nqn at the address in @o: 0 or a negative
 * errno. */
static int
ctrl_new(ProbeTree *t, const ProbeOpts *o, const char *nqn, ProbeCtrl *c)
{
#if NMNVME_HAVE_LIBNVME3
    struct libnvmf_context *fctx = NULL;
    int                     ret;

    ret = libnvmf_context_create(t->root, NULL, NULL, NULL, NULL, &fctx);
    if (ret < 0)
        return probe_fail("libnvmf_context_create", ret);
    libnvmf_context_set_connection(fctx,
                                   nqn,
                                   PROBE_TRANSPORT,
                                   o->traddr,
                                   o->trsvcid,
                                   NULL,
                                   o->host_iface);
    libnvmf_context_set_keep_alive_tmo(fctx, o->kato);
    ret = libnvmf_create_ctrl(t->root, fctx, c);
    libnvmf_context_free(fctx);
    return ret < 0 ? probe_fail("libnvmf_create_ctrl", ret) : 0;
#else
    *c =
        nvme_create_ctrl(t->root, nqn, PROBE_TRANSPORT, o->traddr, NULL, o->host_iface, o->trsvcid);
    return *c ? 0 : probe_fail("nvme_create_ctrl", probe_errno());
#endif
}

/* Connects @c, made by ctrl_new(): 0 or a negative errno or libnvme code. */
static int
ctrl_add(ProbeTree *t, ProbeCtrl c, const ProbeOpts *o, gboolean discovery)
{
    g_autofree char *step = NULL;
    const char      *fn;
    int              ret;

#if NMNVME_HAVE_LIBNVME3
    fn = "libnvmf_add_ctrl";
    libnvme_ctrl_set_discovery_ctrl(c, discovery);
    libnvme_ctrl_set_persistent(c, o->persistent);
    /* keep-alive timeout: set on the context (ctrl_new) */
    ret = libnvmf_add_ctrl(t->host, c);
    /* documented 0 or negative; one path returns ENVME_CONNECT_LOOKUP_SUBSYS_NAME positive */
    ret = ret > 0 ? -ret : ret;
#else
    struct nvme_fabrics_config cfg;

    fn = "nvmf_add_ctrl";
    nvme_ctrl_set_discovery_ctrl(c, discovery);
    nvme_ctrl_set_persistent(c, o->persistent);
    nvmf_default_config(&cfg);
    cfg.keep_alive_tmo = o->kato;
    ret                = nvmf_add_ctrl(t->host, c, &cfg) < 0 ? probe_errno() : 0;
#endif
    if (ret == 0)
        return 0;
    step =
        g_strdup_printf("connecting the %s controller (%s)", discovery ? "discovery" : "I/O", fn);
    return probe_fail(step, ret);
}

/* Frees a controller that ctrl_add() did not connect. */
static void
ctrl_free(ProbeCtrl c)
{
#if NMNVME_HAVE_LIBNVME3
    libnvme_free_ctrl(c);
#else
    nvme_free_ctrl(c);
#endif
}

/* The existing controller @name: 0 or a negative errno. */
static int
ctrl_scan(ProbeTree *t, const char *name, ProbeCtrl *c)
{
#if NMNVME_HAVE_LIBNVME3
    int ret = libnvme_scan_ctrl(t->root, name, c);

    return ret < 0 ? probe_fail("libnvme_scan_ctrl", ret) : 0;
#else
    *c = nvme_scan_ctrl(t->root, name);
    return *c ? 0 : probe_fail("nvme_scan_ctrl", probe_errno());
#endif
}

static const char *
ctrl_name(ProbeCtrl c)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvme_ctrl_get_name(c);
#else
    return nvme_ctrl_get_name(c);
#endif
}

/* Deletes controller @c: 0 or a negative errno. */
static int
ctrl_disconnect(ProbeCtrl c)
{
#if NMNVME_HAVE_LIBNVME3
    /* -errno, or -1 with errno when the write to delete_controller fails */
    int ret = libnvmf_disconnect_ctrl(c);

    if (ret == -1 && errno > 0)
        ret = -errno;
    return ret < 0 ? probe_fail("libnvmf_disconnect_ctrl", ret) : 0;
#else
    return nvme_disconnect_ctrl(c) < 0 ? probe_fail("nvme_disconnect_ctrl", probe_errno()) : 0;
#endif
}

/* The discovery log of controller @c, to free with log_free(): 0, a
 * negative errno or a positive NVMe status. */
static int
log_get(ProbeCtrl c, struct nvmf_discovery_log **log)
{
#if NMNVME_HAVE_LIBNVME3
    struct libnvmf_discovery_args *args = NULL;
    int                            ret;

    ret = libnvmf_discovery_args_new(&args);
    if (ret < 0)
        return probe_fail("libnvmf_discovery_args_new", ret);
    libnvmf_discovery_args_set_max_retries(args, PROBE_LOG_RETRIES);
    ret = libnvmf_get_discovery_log(c, args, log);
    libnvmf_discovery_args_free(args);
    return ret != 0 ? probe_fail("libnvmf_get_discovery_log", ret) : 0;
#else
    return nvmf_get_discovery_log(c, log, PROBE_LOG_RETRIES) < 0
               ? probe_fail("nvmf_get_discovery_log", probe_errno())
               : 0;
#endif
}

static void
log_free(struct nvmf_discovery_log *log)
{
#if NMNVME_HAVE_LIBNVME3
    libnvme_free(log);
#else
    free(log);
#endif
}

/*****************************************************************************/

static gboolean
probe_tree_init(ProbeTree *t, const ProbeOpts *o)
{
    t->host = NULL;
    return root_new(o->debug, &t->root) == 0 && host_from_files(t->root, &t->host) == 0;
}

static void
probe_tree_clear(ProbeTree *t)
{
    g_clear_pointer(&t->root, root_free);
    t->host = NULL;
}

/* Length of a fixed-size, space- or NUL-padded log page field without the padding. */
static int
field_len(const char *s, size_t size)
{
    size_t n = strnlen(s, size);

    while (n > 0 && s[n - 1] == ' ')
        n--;
    return (int) n;
}

static const char *
subtype_name(guint8 subtype)
{
    switch (subtype) {
    case NVME_NQN_NVME:
        return "nvme";
    case NVME_NQN_DISC:
        return "referral";
    case NVME_NQN_CURR:
        return "current";
    default:
        return "unknown";
    }
}

static void
print_log(const struct nvmf_discovery_log *log)
{
    guint64 numrec = le64toh(log->numrec);

    printf("genctr %" PRIu64 "\n", (guint64) le64toh(log->genctr));
    printf("numrec %" PRIu64 "\n", numrec);
    for (guint64 i = 0; i < numrec; i++) {
        const struct nvmf_disc_log_entry *e = &log->entries[i];

        printf("entry %s %s %s %.*s %.*s %.*s\n",
               subtype_name(e->subtype),
               trtype_str(e->trtype),
               adrfam_str(e->adrfam),
               field_len(e->traddr, sizeof(e->traddr)),
               e->traddr,
               field_len(e->trsvcid, sizeof(e->trsvcid)),
               e->trsvcid,
               field_len(e->subnqn, sizeof(e->subnqn)),
               e->subnqn);
    }
}

/* Connect a new controller to @nqn at the address in @o; NULL (reported) on failure. */
static ProbeCtrl
probe_add_ctrl(ProbeTree *t, const ProbeOpts *o, const char *nqn, gboolean discovery)
{
    ProbeCtrl c;

    if (ctrl_new(t, o, nqn, &c) < 0)
        return NULL;
    if (ctrl_add(t, c, o, discovery) < 0) {
        ctrl_free(c);
        return NULL;
    }
    return c;
}

/* The discovery controller: --device, or a new one at the address in @o. */
static ProbeCtrl
probe_discovery_ctrl(ProbeTree *t, const ProbeOpts *o)
{
    ProbeCtrl c = NULL;

    if (o->device)
        return ctrl_scan(t, o->device, &c) == 0 ? c : NULL;
    return probe_add_ctrl(t, o, NVME_DISC_SUBSYS_NAME, TRUE);
}

static int
cmd_discover(const ProbeOpts *o)
{
    ProbeTree                  t   = { 0 };
    struct nvmf_discovery_log *log = NULL;
    ProbeCtrl                  c   = NULL;
    int                        ret = EXIT_FAILURE;

    if (!o->device && !o->traddr) {
        g_printerr("nvme-lab-probe: discover needs --traddr or --device\n");
        return EXIT_FAILURE;
    }
    if (!probe_tree_init(&t, o) || !(c = probe_discovery_ctrl(&t, o)))
        goto out;
    if (log_get(c, &log) == 0) {
        print_log(log);
        ret = EXIT_SUCCESS;
    }
    printf("device %s\n", ctrl_name(c));
    if (!o->device && !o->persistent && ctrl_disconnect(c) < 0)
        ret = EXIT_FAILURE;
out:
    g_clear_pointer(&log, log_free);
    probe_tree_clear(&t);
    return ret;
}

static int
cmd_connect(const ProbeOpts *o)
{
    ProbeTree t = { 0 };
    ProbeCtrl c;
    int       ret = EXIT_FAILURE;

    if (!o->traddr || !o->trsvcid || !o->nqn) {
        g_printerr("nvme-lab-probe: connect needs --traddr, --trsvcid and --nqn\n");
        return EXIT_FAILURE;
    }
    if (probe_tree_init(&t, o) && (c = probe_add_ctrl(&t, o, o->nqn, FALSE))) {
        printf("device %s\n", ctrl_name(c));
        ret = EXIT_SUCCESS;
    }
    probe_tree_clear(&t);
    return ret;
}

int
main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) error       = NULL;
    ProbeOpts    o                = { .trsvcid = NULL, .kato = 0 };
    const char  *cmd;
    GOptionEntry entries[] = {
        { "traddr", 0, 0, G_OPTION_ARG_STRING, &o.traddr, "Target address", "ADDR" },
        { "trsvcid", 0, 0, G_OPTION_ARG_STRING, &o.trsvcid, "Target port", "PORT" },
        { "host-iface", 0, 0, G_OPTION_ARG_STRING, &o.host_iface, "Host interface", "IF" },
        { "nqn", 0, 0, G_OPTION_ARG_STRING, &o.nqn, "Subsystem NQN (connect)", "NQN" },
        { "device", 0, 0, G_OPTION_ARG_STRING, &o.device, "Existing DC (discover)", "nvmeN" },
        { "kato", 0, 0, G_OPTION_ARG_INT, &o.kato, "Keep-alive timeout", "SECONDS" },
        { "persistent", 0, 0, G_OPTION_ARG_NONE, &o.persistent, "Keep the DC connected", NULL },
        { "debug", 0, 0, G_OPTION_ARG_NONE, &o.debug, "libnvme debug messages", NULL },
        { NULL },
    };
    int ret;

    ctx = g_option_context_new("discover|connect - NVMe-oF probe for the VM lab");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        g_printerr("nvme-lab-probe: %s\n", error->message);
        return EXIT_FAILURE;
    }
    cmd = argc == 2 ? argv[1] : "";
    if (!o.trsvcid && g_str_equal(cmd, "discover"))
        o.trsvcid = g_strdup("8009");

    if (g_str_equal(cmd, "discover"))
        ret = cmd_discover(&o);
    else if (g_str_equal(cmd, "connect"))
        ret = cmd_connect(&o);
    else {
        g_printerr("usage: nvme-lab-probe discover|connect [OPTIONS] (see --help)\n");
        ret = EXIT_FAILURE;
    }
    fflush(stdout);
    g_free(o.traddr);
    g_free(o.trsvcid);
    g_free(o.host_iface);
    g_free(o.nqn);
    g_free(o.device);
    return ret;
}
