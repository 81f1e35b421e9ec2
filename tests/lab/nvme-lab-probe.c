/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvme-lab-probe: a VM-lab test helper (not installed). It drives the kernel
 * NVMe-oF host through libnvme 1.3 the way the product does and prints what
 * it got as lines the lab scenarios grep:
 *
 *   nvme-lab-probe discover --traddr A [--trsvcid 8009] [--host-iface IF]
 *                           [--kato N] [--persistent]
 *   nvme-lab-probe discover --device nvmeN      (an existing discovery controller)
 *   nvme-lab-probe connect --traddr A --trsvcid P --nqn NQN [--host-iface IF] [--kato N]
 *
 * Output: "genctr N", "numrec N", one "entry SUBTYPE TRTYPE ADRFAM TRADDR
 * TRSVCID SUBNQN" line per discovery log record, then "device nvmeN". On
 * failure a message names the step and the error, and the exit code is 1.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <glib.h>
#include <libnvme.h>

#define PROBE_TRANSPORT "tcp"

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

/* A libnvme tree with the host identity from /etc/nvme. */
typedef struct {
    nvme_root_t root;
    nvme_host_t host;
} ProbeTree;

static const char *
probe_strerror(int err)
{
    /* nvmf_add_ctrl() reports its own codes (enum nvme_connect_err) in errno */
    if (err >= ENVME_CONNECT_RESOLVE)
        return nvme_errno_to_string(err);
    return g_strerror(err);
}

static int
probe_fail(const char *step, int err)
{
    g_printerr("nvme-lab-probe: %s failed: %s (errno %d)\n", step, probe_strerror(err), err);
    return EXIT_FAILURE;
}

static gboolean
probe_tree_init(ProbeTree *t, const ProbeOpts *o)
{
    g_autofree char *hostnqn = NULL;
    g_autofree char *hostid  = NULL;

    t->host = NULL;
    t->root = nvme_create_root(NULL, o->debug ? LOG_DEBUG : LOG_ERR);
    if (!t->root) {
        probe_fail("nvme_create_root", errno);
        return FALSE;
    }
    hostnqn = nvmf_hostnqn_from_file();
    hostid  = nvmf_hostid_from_file();
    if (!hostnqn) {
        g_printerr("nvme-lab-probe: reading /etc/nvme/hostnqn failed\n");
        return FALSE;
    }
    t->host = nvme_lookup_host(t->root, hostnqn, hostid);
    if (!t->host) {
        probe_fail("nvme_lookup_host", errno);
        return FALSE;
    }
    return TRUE;
}

static void
probe_tree_clear(ProbeTree *t)
{
    if (t->root)
        nvme_free_tree(t->root);
    t->root = NULL;
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
               nvmf_trtype_str(e->trtype),
               nvmf_adrfam_str(e->adrfam),
               field_len(e->traddr, sizeof(e->traddr)),
               e->traddr,
               field_len(e->trsvcid, sizeof(e->trsvcid)),
               e->trsvcid,
               field_len(e->subnqn, sizeof(e->subnqn)),
               e->subnqn);
    }
}

/* Connect a new controller to @nqn at the address in @o; NULL (reported) on failure. */
static nvme_ctrl_t
probe_add_ctrl(ProbeTree *t, const ProbeOpts *o, const char *nqn, gboolean discovery)
{
    struct nvme_fabrics_config cfg;
    nvme_ctrl_t                c;

    c = nvme_create_ctrl(t->root, nqn, PROBE_TRANSPORT, o->traddr, NULL, o->host_iface, o->trsvcid);
    if (!c) {
        probe_fail("nvme_create_ctrl", errno);
        return NULL;
    }
    nvme_ctrl_set_discovery_ctrl(c, discovery);
    nvme_ctrl_set_persistent(c, o->persistent);
    nvmf_default_config(&cfg);
    cfg.keep_alive_tmo = o->kato;
    if (nvmf_add_ctrl(t->host, c, &cfg) < 0) {
        probe_fail(discovery ? "connecting the discovery controller (nvmf_add_ctrl)"
                             : "connecting the I/O controller (nvmf_add_ctrl)",
                   errno);
        nvme_free_ctrl(c);
        return NULL;
    }
    return c;
}

static int
cmd_discover(const ProbeOpts *o)
{
    ProbeTree                  t   = { 0 };
    struct nvmf_discovery_log *log = NULL;
    nvme_ctrl_t                c;
    int                        ret = EXIT_FAILURE;

    if (!o->device && !o->traddr) {
        g_printerr("nvme-lab-probe: discover needs --traddr or --device\n");
        return EXIT_FAILURE;
    }
    if (!probe_tree_init(&t, o))
        goto out;
    if (o->device) {
        c = nvme_scan_ctrl(t.root, o->device);
        if (!c) {
            probe_fail("nvme_scan_ctrl", errno);
            goto out;
        }
    } else {
        c = probe_add_ctrl(&t, o, NVME_DISC_SUBSYS_NAME, TRUE);
        if (!c)
            goto out;
    }
    if (nvmf_get_discovery_log(c, &log, 4) < 0) {
        probe_fail("nvmf_get_discovery_log", errno);
    } else {
        print_log(log);
        ret = EXIT_SUCCESS;
    }
    printf("device %s\n", nvme_ctrl_get_name(c));
    if (!o->device && !o->persistent && nvme_disconnect_ctrl(c) < 0)
        ret = probe_fail("nvme_disconnect_ctrl", errno);
out:
    free(log);
    probe_tree_clear(&t);
    return ret;
}

static int
cmd_connect(const ProbeOpts *o)
{
    ProbeTree   t = { 0 };
    nvme_ctrl_t c;
    int         ret = EXIT_FAILURE;

    if (!o->traddr || !o->trsvcid || !o->nqn) {
        g_printerr("nvme-lab-probe: connect needs --traddr, --trsvcid and --nqn\n");
        return EXIT_FAILURE;
    }
    if (probe_tree_init(&t, o) && (c = probe_add_ctrl(&t, o, o->nqn, FALSE))) {
        printf("device %s\n", nvme_ctrl_get_name(c));
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
