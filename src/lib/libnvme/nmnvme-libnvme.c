/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-libnvme.c: every libnvme include and call of the product, for
 * libnvme 1.x and libnvme3 (NMNVME_HAVE_LIBNVME3), and the admin commands
 * on a controller's character device (libnvme 1.x's thin wrappers; with
 * libnvme3 the kernel's ioctl, see the device below). Each function of
 * nmnvme-libnvme.h has one body; the two APIs differ only inside the small
 * helpers below, each under one #if. Error codes are brought to one
 * convention here: 0, an NVMe status (> 0), or a negative errno. Nothing
 * here logs; libnvme itself prints its own errors to stderr, as before.
 */
#include "config.h"

#include "nmnvme-libnvme.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <libnvme.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/ioctl.h>

#if NMNVME_HAVE_LIBNVME3
#include <linux/nvme_ioctl.h>
#else
#include <syslog.h>
#endif

#include "nmnvme-disc-log.h"
#include "nmnvme-error.h"
#include "nmnvme-nbft-read.h"

/*****************************************************************************/
/* The project's wire layout (nmnvme-disc-log.h) is libnvme's */

G_STATIC_ASSERT(sizeof(struct nvmf_disc_log_entry) == sizeof(NMNvmeDiscLogEntryRaw));
G_STATIC_ASSERT(offsetof(struct nvmf_disc_log_entry, eflags) ==
                offsetof(NMNvmeDiscLogEntryRaw, eflags));
G_STATIC_ASSERT(offsetof(struct nvmf_disc_log_entry, trsvcid) ==
                offsetof(NMNvmeDiscLogEntryRaw, trsvcid));
G_STATIC_ASSERT(offsetof(struct nvmf_disc_log_entry, subnqn) ==
                offsetof(NMNvmeDiscLogEntryRaw, subnqn));
G_STATIC_ASSERT(offsetof(struct nvmf_disc_log_entry, traddr) ==
                offsetof(NMNvmeDiscLogEntryRaw, traddr));
G_STATIC_ASSERT(offsetof(struct nvmf_discovery_log, entries) == NMNVME_DISC_LOG_HEADER_SIZE);
/* enum values of different enum types, compared as the bytes on the wire */
#define SAME_VALUE(theirs, ours) G_STATIC_ASSERT((int) (theirs) == (int) (ours))

SAME_VALUE(NVMF_TRTYPE_TCP, NMNVME_TRTYPE_TCP);
SAME_VALUE(NVMF_TRTYPE_LOOP, NMNVME_TRTYPE_LOOP);
SAME_VALUE(NVMF_ADDR_FAMILY_IP6, NMNVME_ADRFAM_IP6);
SAME_VALUE(NVMF_ADDR_FAMILY_LOOP, NMNVME_ADRFAM_LOOP);
SAME_VALUE(NVME_NQN_CURR, NMNVME_DISC_SUBTYPE_CURRENT);
SAME_VALUE(NVMF_DISC_EFLAGS_NCC, NMNVME_DISC_EFLAGS_NCC);
SAME_VALUE(NVMF_LOG_DISC_LSP_PLEO, NMNVME_DISC_LSP_PLEO);
SAME_VALUE(NVMF_LOG_DISC_LID_PLEOS, NMNVME_DISC_LIDSP_PLEOS);

/*****************************************************************************/
/* Errors */

/* libnvme's own codes (enum nvme_connect_err, ENVME_CONNECT_*) start at 1000. */
#define LIBNVME_CODE_MIN 1000

static const char *
code_string(int err)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvme_errno_to_string(err);
#else
    return nvme_errno_to_string(err);
#endif
}

static const char *
status_string(int status)
{
#if NMNVME_HAVE_LIBNVME3
    return libnvme_status_to_string(status, true);
#else
    return nvme_status_to_string(status, true);
#endif
}

/* Sets @error from a positive errno or libnvme code @err, prefixed with the
 * formatted text. System errors keep their identity as G_IO_ERROR codes. */
static void set_code_error(GError **error, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
set_code_error(GError **error, int err, const char *fmt, ...)
{
    g_autofree char *what = NULL;
    va_list          ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (err >= LIBNVME_CODE_MIN)
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "%s: %s", what, code_string(err));
    else
        nmnvme_error_errno(error, err, what);
}

/* The kernel's and libnvme 1.x's convention: -1 with errno. */
static int
from_errno_convention(int ret)
{
    if (ret >= 0)
        return ret;
    return errno > 0 ? -errno : -EIO;
}

/*****************************************************************************/
/* Controller device */

/* The controller's character device, for its admin commands. With
 * libnvme3 too a plain file descriptor, not a libnvme_open() handle: each
 * of those sets up io_uring rings (a probe ring, then its own), which cost
 * a discovery log read on next (Linux 7.2) about 30 ms more than the same
 * read by ioctl under TCG, before the first I/O connect of every DC. */
struct _NMNvmeLibnvmeDev {
    int fd;
};

/* 0 or a negative errno. */
static int
dev_open(NMNvmeLibnvmeDev *dev, const char *name)
{
    g_autofree char *path = g_strconcat("/dev/", name, NULL);

    dev->fd = open(path, O_RDONLY | O_CLOEXEC);
    return dev->fd < 0 ? from_errno_convention(-1) : 0;
}

void
nmnvme_libnvme_dev_close(NMNvmeLibnvmeDev *dev)
{
    if (!dev)
        return;
    if (dev->fd >= 0)
        close(dev->fd);
    g_free(dev);
}

NMNvmeLibnvmeDev *
nmnvme_libnvme_dev_open(const char *name, GError **error)
{
    g_autoptr(NMNvmeLibnvmeDev) dev = g_new0(NMNvmeLibnvmeDev, 1);
    int ret;

    g_return_val_if_fail(name, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    dev->fd = -1;
    ret     = dev_open(dev, name);
    if (ret < 0) {
        set_code_error(error, -ret, "/dev/%s: cannot open", name);
        return NULL;
    }
    return g_steal_pointer(&dev);
}

/*****************************************************************************/
/* Get Log Page */

/* Reads @len bytes of log @lid from offset 0 in transfers of at most @xfer
 * bytes, RAE set on all but (unless @rae) the last: 0, an NVMe status or a
 * negative errno. */
static int
get_log(NMNvmeLibnvmeDev *dev,
        guint8            lid,
        guint32           nsid,
        guint8            lsp,
        gboolean          rae,
        void             *buf,
        guint32           len,
        guint32           xfer)
{
#if NMNVME_HAVE_LIBNVME3
    /* libnvme3's commands go through a handle's io_uring (see the device
     * above), and its libnvme_get_log() sends every transfer at once, 160
     * of them for a 10 000-entry discovery log, which the kernel (7.2)
     * refuses with EAGAIN, in no kept order, which RAE relies on. One
     * transfer after the other by the kernel's admin ioctl, as libnvme
     * 1.x's nvme_get_log_page() does. */
    for (guint32 offset = 0; offset < len;) {
        guint32 chunk = MIN(xfer, len - offset);
        guint32 numd  = chunk / 4 - 1;
        /* NVMe Base 2.0, 5.16: CDW10 LID, LSP (14:08), RAE (15), NUMDL;
         * CDW11 NUMDU; CDW12/13 the offset; CDW14 UUID index 0, CSI NVM */
        struct nvme_admin_cmd cmd = {
            .opcode   = nvme_admin_get_log_page,
            .nsid     = nsid,
            .addr     = (guint64) (uintptr_t) ((guint8 *) buf + offset),
            .data_len = chunk,
            .cdw10    = lid | (guint32) (lsp & 0x7f) << 8 |
                     (guint32) (offset + chunk >= len ? rae : TRUE) << 15 | (numd & 0xffff) << 16,
            .cdw11 = numd >> 16,
            .cdw12 = offset,
        };
        int ret = from_errno_convention(ioctl(dev->fd, NVME_IOCTL_ADMIN_CMD, &cmd));

        if (ret != 0)
            return ret;
        offset += chunk;
    }
    return 0;
#else
    /* filled in each time: nvme_get_log_page() moves its fields as it goes */
    struct nvme_get_log_args args = {
        .args_size = sizeof(args),
        .fd        = dev->fd,
        .timeout   = NVME_DEFAULT_IOCTL_TIMEOUT,
        .lid       = lid,
        .log       = buf,
        .len       = len,
        .nsid      = nsid,
        .csi       = NVME_CSI_NVM,
        .lsi       = NVME_LOG_LSI_NONE,
        .lsp       = lsp,
        .uuidx     = NVME_UUID_NONE,
        .rae       = rae,
    };

    return from_errno_convention(nvme_get_log_page(dev->fd, xfer, &args));
#endif
}

/* NVMe Base 2.0, 5.16.1.1 Supported Log Pages: LID 70h's LIDSP bits
 * (Discovery, TP8010/TP8013: bit 1 = PLEOS) sit in the upper 16 bits. */
gboolean
nmnvme_libnvme_dev_supports_pleo(NMNvmeLibnvmeDev *dev)
{
    struct nvme_supported_log_pages supported;
    guint32                         lid;

    g_return_val_if_fail(dev, FALSE);

    if (get_log(dev,
                NVME_LOG_LID_SUPPORTED_LOG_PAGES,
                NVME_NSID_ALL,
                0,
                TRUE,
                &supported,
                sizeof(supported),
                NVME_LOG_PAGE_PDU_SIZE) != 0)
        return FALSE;
    lid = GUINT32_FROM_LE(supported.lid_support[NMNVME_DISC_LOG_LID]);
    return ((lid >> 16) & NMNVME_DISC_LIDSP_PLEOS) != 0;
}

/* Large transfers first: a 10 000-entry log is 10 MB, 2 500 round trips in
 * 4 KiB transfers. A controller whose MDTS is smaller refuses the command
 * (or the kernel does, from the MDTS it read). */
#define LOG_XFER_LARGE (64 * 1024)
#define LOG_XFER_SMALL NVME_LOG_PAGE_PDU_SIZE

gboolean
nmnvme_libnvme_dev_read_discovery_log(NMNvmeLibnvmeDev *dev,
                                      gboolean          pleo,
                                      gboolean          rae,
                                      void             *buf,
                                      guint32           len,
                                      GError          **error)
{
    guint8 lsp = pleo ? NMNVME_DISC_LSP_PLEO : 0;
    int    ret;

    g_return_val_if_fail(dev, FALSE);
    g_return_val_if_fail(buf && len > 0 && len % 4 == 0, FALSE);
    g_return_val_if_fail(!error || !*error, FALSE);

    ret = get_log(dev, NMNVME_DISC_LOG_LID, NVME_NSID_NONE, lsp, rae, buf, len, LOG_XFER_LARGE);
    if ((ret > 0 || ret == -EINVAL) && len > LOG_XFER_SMALL)
        ret = get_log(dev, NMNVME_DISC_LOG_LID, NVME_NSID_NONE, lsp, rae, buf, len, LOG_XFER_SMALL);
    if (ret > 0) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_FAILED,
                    "NVMe status 0x%x (%s)",
                    (unsigned) ret,
                    status_string(ret));
        return FALSE;
    }
    if (ret < 0) {
        g_set_error_literal(error, G_IO_ERROR, g_io_error_from_errno(-ret), g_strerror(-ret));
        return FALSE;
    }
    return TRUE;
}

/*****************************************************************************/
/* TP8010 Discovery Information Management */

#if NMNVME_HAVE_LIBNVME3
typedef struct libnvme_global_ctx *Tree;
typedef struct libnvme_ctrl       *TreeCtrl;
#else
typedef nvme_root_t Tree;
typedef nvme_ctrl_t TreeCtrl;
#endif

static void
tree_free(Tree tree)
{
#if NMNVME_HAVE_LIBNVME3
    libnvme_free_global_ctx(tree);
#else
    nvme_free_tree(tree);
#endif
}

/* A tree holding controller @name, its host as the kernel names it in sysfs
 * (@hostnqn and @hostid where it does not), @symname set on that host: 0 or
 * a negative errno. libnvme3 reads no host identity by itself; libnvme 1.x
 * falls back to /etc/nvme, the files the project's identity comes from. */
static int
tree_scan_ctrl(const char *name,
               const char *hostnqn,
               const char *hostid,
               const char *symname,
               Tree       *tree,
               TreeCtrl   *ctrl)
{
#if NMNVME_HAVE_LIBNVME3
    struct libnvme_host *host;
    int                  ret;

    *tree = libnvme_create_global_ctx();
    if (!*tree)
        return -ENOMEM;
    libnvme_set_logging_level(*tree, LIBNVME_LOG_ERR, false, false);
    libnvme_set_hostnqn(*tree, hostnqn);
    libnvme_set_hostid(*tree, hostid);
    ret = libnvme_scan_ctrl(*tree, name, ctrl);
    if (ret < 0)
        return ret;
    host = libnvme_subsystem_get_host(libnvme_ctrl_get_subsystem(*ctrl));
    if (host && symname)
        libnvme_host_set_hostsymname(host, symname);
#else
    nvme_host_t host;

    *tree = nvme_create_root(NULL, LOG_ERR);
    if (!*tree)
        return from_errno_convention(-1);
    errno = 0;
    *ctrl = nvme_scan_ctrl(*tree, name);
    if (!*ctrl)
        return errno > 0 ? -errno : -ENODEV;
    host = nvme_subsystem_get_host(nvme_ctrl_get_subsystem(*ctrl));
    if (host && symname)
        nvme_host_set_hostsymname(host, symname);
#endif
    return 0;
}

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

/* 0, an NVMe status or a negative errno. */
static int
register_ctrl(TreeCtrl ctrl, NMNvmeDimTask task)
{
    guint32 result = 0;

#if NMNVME_HAVE_LIBNVME3
    return libnvmf_register_ctrl(ctrl, dim_tas(task), &result);
#else
    return from_errno_convention(nvmf_register_ctrl(ctrl, dim_tas(task), &result));
#endif
}

gboolean
nmnvme_libnvme_register(const char   *name,
                        NMNvmeDimTask task,
                        const char   *hostnqn,
                        const char   *hostid,
                        const char   *symname,
                        GError      **error)
{
    Tree     tree = NULL;
    TreeCtrl ctrl = NULL;
    int      ret;

    g_return_val_if_fail(name && hostnqn && hostid, FALSE);
    g_return_val_if_fail(!error || !*error, FALSE);

    ret = tree_scan_ctrl(name, hostnqn, hostid, symname, &tree, &ctrl);
    if (ret < 0)
        set_code_error(error, -ret, "%s: cannot open controller", name);
    else if ((ret = register_ctrl(ctrl, task)) < 0)
        set_code_error(error, -ret, "%s: DIM", name);
    else if (ret > 0)
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: DIM rejected by the controller, NVMe status 0x%x",
                    name,
                    (unsigned) ret);
    g_clear_pointer(&tree, tree_free);
    return ret == 0;
}

/*****************************************************************************/
/* Host NQN */

char *
nmnvme_libnvme_generate_hostnqn(void)
{
    char *generated;
    char *copy;

#if NMNVME_HAVE_LIBNVME3
    struct libnvme_global_ctx *ctx = libnvme_create_global_ctx();

    if (!ctx)
        return NULL;
    generated = libnvmf_generate_hostnqn(ctx);
    libnvme_free_global_ctx(ctx);
#else
    generated = nvmf_hostnqn_generate();
#endif
    copy = g_strdup(generated);
    free(generated);
    return copy;
}

/*****************************************************************************/
/* NBFT (libnvme >= 1.5, libnvme3) */

gboolean
nmnvme_libnvme_can_read_nbft(GError **error)
{
    if (NMNVME_HAVE_NBFT)
        return TRUE;
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_NOT_SUPPORTED,
                "NBFT support needs libnvme >= 1.5 (this build has %s)",
                NMNVME_LIBNVME_VERSION);
    return FALSE;
}

#if NMNVME_HAVE_NBFT

#if NMNVME_HAVE_LIBNVME3
typedef struct libnbft_info         NbftInfo;
typedef struct libnbft_hfi          NbftHfi;
typedef struct libnbft_discovery    NbftDisc;
typedef struct libnbft_subsystem_ns NbftSsns;
#else
typedef struct nbft_info              NbftInfo;
typedef struct nbft_info_hfi          NbftHfi;
typedef struct nbft_info_discovery    NbftDisc;
typedef struct nbft_info_subsystem_ns NbftSsns;

/* RFC 4293 IpAddressOriginTC, as the HFI's IP origin holds it */
#define IP_ORIGIN_DHCP 4
#endif

/* A parsed table and what it was parsed with. */
typedef struct {
#if NMNVME_HAVE_LIBNVME3
    struct libnvme_global_ctx *ctx;
#endif
    NbftInfo *info;
} Nbft;

static void
nbft_close(Nbft *nbft)
{
#if NMNVME_HAVE_LIBNVME3
    if (nbft->info)
        libnvmf_free_nbft(nbft->ctx, nbft->info);
    g_clear_pointer(&nbft->ctx, libnvme_free_global_ctx);
#else
    g_clear_pointer(&nbft->info, nvme_nbft_free);
#endif
    nbft->info = NULL;
}

/* 0 or a negative errno. */
static int
nbft_open(Nbft *nbft, const char *path)
{
    int ret;

#if NMNVME_HAVE_LIBNVME3
    nbft->ctx = libnvme_create_global_ctx();
    if (!nbft->ctx)
        return -ENOMEM;
    libnvme_set_logging_level(nbft->ctx, LIBNVME_LOG_ERR, false, false);
    ret = libnvmf_read_nbft(nbft->ctx, &nbft->info, path);
    if (ret == 0)
        return 0;
    nbft->info = NULL; /* freed, but left set, when the parse fails */
    return ret > 0 ? -ret : ret;
#else
    /* 0, or non-zero with errno (1.5 to 1.13 return 1, some -errno) */
    errno = 0;
    ret   = nvme_nbft_read(&nbft->info, path);
    if (ret == 0)
        return 0;
    nbft->info = NULL;
    return ret < 0 ? ret : (errno > 0 ? -errno : -EINVAL);
#endif
}

/* A copy of a string field of at most @size bytes; one that fills them
 * without a NUL comes back @size long, which the checks refuse. */
static char *
field_text(const char *text, gsize size)
{
    return text ? g_strndup(text, size) : NULL;
}

/* Heap strings are checked for their own, smaller, limits. */
#define HEAP_TEXT_MAX (NMNVME_NBFT_URI_MAX + 1)

static NMNvmeNbftHfi *
convert_hfi(const NbftHfi *raw)
{
    NMNvmeNbftHfi *hfi = nmnvme_nbft_hfi_new();

    hfi->index     = (guint) raw->index;
    hfi->transport = field_text(raw->transport, sizeof raw->transport);
    memcpy(hfi->mac, raw->tcp_info.mac_addr, sizeof hfi->mac);
    hfi->vlan    = raw->tcp_info.vlan;
    hfi->ip      = field_text(raw->tcp_info.ipaddr, sizeof raw->tcp_info.ipaddr);
    hfi->prefix  = raw->tcp_info.subnet_mask_prefix;
    hfi->gateway = field_text(raw->tcp_info.gateway_ipaddr, sizeof raw->tcp_info.gateway_ipaddr);
#if NMNVME_HAVE_LIBNVME3
    hfi->dhcp = (raw->tcp_info.flags & NBFT_HFI_INFO_TCP_DHCP_OVERRIDE) != 0;
#else
    hfi->dhcp = raw->tcp_info.dhcp_override || raw->tcp_info.ip_origin == IP_ORIGIN_DHCP;
#endif
    return hfi;
}

static NMNvmeNbftDiscovery *
convert_discovery(const NbftDisc *raw)
{
    NMNvmeNbftDiscovery *disc = nmnvme_nbft_discovery_new();

    disc->index     = (guint) raw->index;
    disc->hfi_index = raw->hfi ? (guint) raw->hfi->index : 0;
    disc->uri       = field_text(raw->uri, HEAP_TEXT_MAX);
    disc->nqn       = field_text(raw->nqn, HEAP_TEXT_MAX);
    return disc;
}

static NMNvmeNbftSubsys *
convert_subsys(const NbftSsns *raw)
{
    NMNvmeNbftSubsys *subsys = nmnvme_nbft_subsys_new();

    subsys->index           = (guint) raw->index;
    subsys->transport       = field_text(raw->transport, sizeof raw->transport);
    subsys->traddr          = field_text(raw->traddr, sizeof raw->traddr);
    subsys->trsvcid         = field_text(raw->trsvcid, HEAP_TEXT_MAX);
    subsys->subsysnqn       = field_text(raw->subsys_nqn, HEAP_TEXT_MAX);
    subsys->nsid            = raw->nsid;
    subsys->discovery_index = raw->discovery ? (guint) raw->discovery->index : 0;
    for (int i = 0; raw->hfis && i < raw->num_hfis && raw->hfis[i]; i++) {
        guint index = (guint) raw->hfis[i]->index;

        g_array_append_val(subsys->hfis, index);
    }
#if NMNVME_HAVE_LIBNVME3
    subsys->hdr_digest  = (raw->trflags & NBFT_SSNS_PDU_HEADER_DIGEST) != 0;
    subsys->data_digest = (raw->trflags & NBFT_SSNS_DATA_DIGEST) != 0;
    subsys->unavailable = (raw->flags & NBFT_SSNS_UNAVAIL_NAMESPACE_MASK) ==
                          NBFT_SSNS_UNAVAIL_NAMESPACE_UNAVAIL;
#else
    subsys->hdr_digest  = raw->pdu_header_digest_required;
    subsys->data_digest = raw->data_digest_required;
    subsys->unavailable = raw->unavailable;
#endif
    return subsys;
}

static NMNvmeNbft *
convert_nbft(const char *path, const NbftInfo *info, GPtrArray *warnings)
{
    g_autofree char *hostnqn = field_text(info->host.nqn, HEAP_TEXT_MAX);
    NMNvmeNbftBuilder *builder =
        nmnvme_nbft_builder_new(path, hostnqn, (const guint8 *) info->host.id, warnings);

    for (guint i = 0; info->hfi_list && info->hfi_list[i]; i++)
        nmnvme_nbft_builder_add_hfi(builder, convert_hfi(info->hfi_list[i]));
    for (guint i = 0; info->discovery_list && info->discovery_list[i]; i++)
        nmnvme_nbft_builder_add_discovery(builder, convert_discovery(info->discovery_list[i]));
    for (guint i = 0; info->subsystem_ns_list && info->subsystem_ns_list[i]; i++)
        nmnvme_nbft_builder_add_subsys(builder, convert_subsys(info->subsystem_ns_list[i]));
    return nmnvme_nbft_builder_finish(builder);
}

NMNvmeNbft *
nmnvme_libnvme_read_nbft(const char *path, GPtrArray *warnings, GError **error)
{
    Nbft        nbft = { 0 };
    NMNvmeNbft *model;
    int         fd;
    int         ret;

    g_return_val_if_fail(path && warnings, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    /* libnvme 1.x reports any open failure as EINVAL: ask first */
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        nmnvme_error_errno(error, errno, path);
        return NULL;
    }
    close(fd);
    ret = nbft_open(&nbft, path);
    if (ret < 0) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_DATA,
                    "%s: libnvme cannot parse the table: %s",
                    path,
                    g_strerror(-ret));
        nbft_close(&nbft);
        return NULL;
    }
    model = convert_nbft(path, nbft.info, warnings);
    nbft_close(&nbft);
    return model;
}

#else /* !NMNVME_HAVE_NBFT */

NMNvmeNbft *
nmnvme_libnvme_read_nbft(const char *path, GPtrArray *warnings, GError **error)
{
    g_return_val_if_fail(path && warnings, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    nmnvme_libnvme_can_read_nbft(error);
    return NULL;
}

#endif /* NMNVME_HAVE_NBFT */

/*****************************************************************************/
/* TLS keys in .nvme (libnvme >= 1.x with the versioned insert, libnvme3) */

gboolean
nmnvme_libnvme_can_insert_tls_keys(GError **error)
{
    if (NMNVME_HAVE_TLS_KEYS)
        return TRUE;
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_NOT_SUPPORTED,
                "TLS keys need a libnvme with nvme_insert_tls_key_versioned() "
                "(this build has %s)",
                NMNVME_LIBNVME_VERSION);
    return FALSE;
}

#if NMNVME_HAVE_TLS_KEYS

/* libnvme's key type for NVMe TLS PSKs (drivers/nvme/common/keyring.c). */
#define TLS_KEY_TYPE "psk"

/* What a scan of .nvme looks for. */
typedef struct {
    const char *identity;
    long        serial;
} KeySearch;

static void
key_search_match(KeySearch *search, long key, const char *desc, int desc_len)
{
    if (desc_len >= 0 && (gsize) desc_len == strlen(search->identity) &&
        memcmp(desc, search->identity, desc_len) == 0)
        search->serial = key;
}

#if NMNVME_HAVE_LIBNVME3
typedef struct libnvme_global_ctx *KeyCtx;

static void
key_search_cb(struct libnvme_global_ctx *ctx, long keyring, long key, char *desc, int len, void *data)
{
    key_search_match(data, key, desc, len);
}

static KeyCtx
key_ctx_new(void)
{
    KeyCtx ctx = libnvme_create_global_ctx();

    if (ctx)
        libnvme_set_logging_level(ctx, LIBNVME_LOG_ERR, false, false);
    return ctx;
}

static void
key_ctx_free(KeyCtx ctx)
{
    if (ctx)
        libnvme_free_global_ctx(ctx);
}

/* The .nvme keyring's serial: > 0, or a negative errno. */
static long
keyring_lookup(KeyCtx ctx)
{
    long serial = 0;
    int  ret    = libnvmf_lookup_keyring(ctx, NMNVME_TLS_KEYRING, &serial);

    if (ret < 0)
        return ret;
    return serial > 0 ? serial : -ENOKEY;
}

/* The serial of the psk with @identity in .nvme: > 0, 0: none, or a
 * negative errno. */
static long
key_find(KeyCtx ctx, const char *identity)
{
    KeySearch search = { identity, 0 };
    int       ret    = libnvmf_scan_tls_keys(ctx, NMNVME_TLS_KEYRING, key_search_cb, &search);

    return ret < 0 ? ret : search.serial;
}

/* > 0 the new key's serial, or a negative errno. */
static long
key_insert(KeyCtx ctx, const char *hostnqn, const char *subnqn, guint hmac, guint8 *key, gsize len)
{
    long serial = 0;
    int  ret    = libnvmf_insert_tls_key_versioned(ctx,
                                               NMNVME_TLS_KEYRING,
                                               TLS_KEY_TYPE,
                                               hostnqn,
                                               subnqn,
                                               0,
                                               (enum libnvmf_hmac_alg) hmac,
                                               key,
                                               (int) len,
                                               &serial);

    if (ret < 0)
        return ret;
    return serial > 0 ? serial : -ENOKEY;
}

/* 0 or a negative errno. */
static int
key_revoke(KeyCtx ctx, const char *identity)
{
    return libnvmf_revoke_tls_key(ctx, NMNVME_TLS_KEYRING, TLS_KEY_TYPE, identity);
}

#else /* libnvme 1.x: 0 (or -1) with errno */

typedef gpointer KeyCtx;

static void
key_search_cb(long keyring, long key, char *desc, int len, void *data)
{
    key_search_match(data, key, desc, len);
}

static KeyCtx
key_ctx_new(void)
{
    return GINT_TO_POINTER(1);
}

static void
key_ctx_free(KeyCtx ctx)
{
}

static int
errno_or(int fallback)
{
    return errno > 0 ? -errno : -fallback;
}

static long
keyring_lookup(KeyCtx ctx)
{
    long serial;

    errno  = 0;
    serial = nvme_lookup_keyring(NMNVME_TLS_KEYRING);
    return serial > 0 ? serial : errno_or(ENOKEY);
}

static long
key_find(KeyCtx ctx, const char *identity)
{
    KeySearch search = { identity, 0 };

    errno = 0;
    if (nvme_scan_tls_keys(NMNVME_TLS_KEYRING, key_search_cb, &search) < 0)
        return errno_or(EIO);
    return search.serial;
}

static long
key_insert(KeyCtx ctx, const char *hostnqn, const char *subnqn, guint hmac, guint8 *key, gsize len)
{
    long serial;

    errno  = 0;
    serial = nvme_insert_tls_key_versioned(NMNVME_TLS_KEYRING,
                                           TLS_KEY_TYPE,
                                           hostnqn,
                                           subnqn,
                                           0,
                                           (int) hmac,
                                           key,
                                           (int) len);
    return serial > 0 ? serial : errno_or(ENOKEY);
}

static int
key_revoke(KeyCtx ctx, const char *identity)
{
    errno = 0;
    return nvme_revoke_tls_key(NMNVME_TLS_KEYRING, TLS_KEY_TYPE, identity) < 0 ? errno_or(EIO) : 0;
}

#endif /* NMNVME_HAVE_LIBNVME3 */

/* Inserts unless @identity has a key; 0 or the serial, or a negative errno
 * (-EEXIST: another key, its serial in @out_other). */
static long
insert_checked(KeyCtx      ctx,
               const char *hostnqn,
               const char *subnqn,
               guint       hmac,
               GBytes     *key,
               const char *identity,
               gint32      ours,
               long       *out_other)
{
    gsize   len;
    const guint8 *data = g_bytes_get_data(key, &len);
    guint8 *copy;
    long    found;
    long    serial;

    if ((found = keyring_lookup(ctx)) < 0)
        return found;
    if ((found = key_find(ctx, identity)) < 0)
        return found;
    if (found > 0 && found == ours)
        return ours;
    if (found > 0) {
        *out_other = found;
        return -EEXIST;
    }
    copy   = g_memdup2(data, len); /* libnvme takes it non-const */
    serial = key_insert(ctx, hostnqn, subnqn, hmac, copy, len);
    explicit_bzero(copy, len);
    g_free(copy);
    return serial;
}

/* A context for the keyring calls, or NULL with @error when this libnvme
 * cannot insert TLS keys or there is no memory. */
static KeyCtx
key_ctx_open(GError **error)
{
    KeyCtx ctx;

    if (!nmnvme_libnvme_can_insert_tls_keys(error))
        return NULL;
    if (!(ctx = key_ctx_new()))
        g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
    return ctx;
}

gint32
nmnvme_libnvme_insert_tls_key(const char *hostnqn,
                              const char *subnqn,
                              guint       hmac,
                              GBytes     *key,
                              const char *identity,
                              gint32      ours,
                              GError    **error)
{
    KeyCtx ctx;
    long   other = 0;
    long   ret;

    g_return_val_if_fail(hostnqn && subnqn && key && identity, 0);
    g_return_val_if_fail(!error || !*error, 0);

    if (!(ctx = key_ctx_open(error)))
        return 0;
    ret = insert_checked(ctx, hostnqn, subnqn, hmac, key, identity, ours, &other);
    key_ctx_free(ctx);
    if (ret == -EEXIST)
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_EXISTS,
                    "the '%s' keyring already has a key '%s' (serial %ld) that nm-nvme did "
                    "not insert; it is left alone",
                    NMNVME_TLS_KEYRING,
                    identity,
                    other);
    else if (ret == -ENOKEY)
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_NOT_FOUND,
                    "no '%s' keyring, or libnvme could not derive the key",
                    NMNVME_TLS_KEYRING);
    else if (ret < 0)
        set_code_error(error, (int) -ret, "insert a TLS key into '%s'", NMNVME_TLS_KEYRING);
    return ret > 0 && ret <= G_MAXINT32 ? (gint32) ret : 0;
}

gboolean
nmnvme_libnvme_revoke_tls_key(gint32 serial, const char *identity, GError **error)
{
    KeyCtx ctx;
    long   found;
    int    ret = 0;

    g_return_val_if_fail(serial > 0 && identity, FALSE);
    g_return_val_if_fail(!error || !*error, FALSE);

    if (!(ctx = key_ctx_open(error)))
        return FALSE;
    found = key_find(ctx, identity);
    if (found == serial)
        ret = key_revoke(ctx, identity);
    else if (found < 0)
        ret = (int) found;
    key_ctx_free(ctx);
    if (ret < 0) {
        set_code_error(error, -ret, "revoke TLS key %" G_GINT32_FORMAT, serial);
        return FALSE;
    }
    return TRUE;
}

#else /* !NMNVME_HAVE_TLS_KEYS */

gint32
nmnvme_libnvme_insert_tls_key(const char *hostnqn,
                              const char *subnqn,
                              guint       hmac,
                              GBytes     *key,
                              const char *identity,
                              gint32      ours,
                              GError    **error)
{
    nmnvme_libnvme_can_insert_tls_keys(error);
    return 0;
}

gboolean
nmnvme_libnvme_revoke_tls_key(gint32 serial, const char *identity, GError **error)
{
    nmnvme_libnvme_can_insert_tls_keys(error);
    return FALSE;
}

#endif /* NMNVME_HAVE_TLS_KEYS */
