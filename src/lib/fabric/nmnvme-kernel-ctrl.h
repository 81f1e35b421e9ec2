/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-kernel-ctrl.h: what sysfs says of one kernel NVMe controller,
 * /sys/class/nvme/nvmeN: its name, transport, address, subsystem and host
 * identity, type and state. A snapshot, read in one go by a worker; the
 * engine matches it against what it wants (nmnvme-trid.h) and plans with it
 * (nmnvme-reconcile.h). Reading and scanning block on sysfs; everything
 * else here is pure.
 */
#ifndef NMNVME_KERNEL_CTRL_H
#define NMNVME_KERNEL_CTRL_H

#include <glib.h>

#include "nmnvme-ctrl-address.h"

G_BEGIN_DECLS

/* Where the kernel lists its NVMe controllers. */
#define NMNVME_SYSFS_CLASS_NVME "/sys/class/nvme"

/**
 * NMNvmeKernelCtrl:
 * @name: the controller's name, "nvme3"
 * @instance: the number in @name, 3
 * @transport: sysfs `transport`: "tcp", "rdma", "fc", "loop", "pcie"
 * @address: sysfs `address`, parsed; never %NULL (all %NULL fields when the
 *   attribute is absent or empty)
 * @subsysnqn: sysfs `subsysnqn`
 * @hostnqn: (nullable): sysfs `hostnqn` (fabrics controllers only)
 * @hostid: (nullable): sysfs `hostid` (fabrics controllers only)
 * @cntrltype: (nullable): sysfs `cntrltype`, "io", "discovery", "admin",
 *   "reserved"; %NULL before kernel 5.18
 * @dctype: (nullable): sysfs `dctype`, "none", "ddc", "cdc"; %NULL before
 *   kernel 5.18
 * @state: sysfs `state`: "new", "live", "resetting", "connecting",
 *   "deleting", "deleting (no IO)", "dead"
 * @ino: the inode number of its sysfs directory (the class link followed),
 *   0 when unknown: the kernel numbers its sysfs nodes cyclically, so a
 *   controller keeps it through reconnects and a new controller that
 *   reuses the name gets another one (what tells a recycled name apart
 *   when the transport ID is the same)
 * @tls_key: (nullable): sysfs `tls_key` (kernels with NVMe/TCP TLS, 6.12 has it; tcp
 *   controllers connected with `tls` or `concat`): the serial of the PSK the
 *   admin queue's TLS handshake negotiated, 8 hex digits; %NULL when absent
 *   or empty (no TLS, or none negotiated yet)
 * @tls_mode: (nullable): sysfs `tls_mode` (6.15 and later): "tls" or
 *   "concat"
 * @owner: (nullable): not from sysfs: the ownership registry's owner of the
 *   device ("" when unowned), filled in by the engine's scans
 *   (nmnvme-fabrics.c, nmnvme-registry.h); %NULL when nobody looked
 *
 * Values are the attribute files' contents without surrounding whitespace;
 * an empty optional attribute is %NULL. Owned by whoever made it; read-only.
 */
typedef struct {
    char              *name;
    guint              instance;
    char              *transport;
    NMNvmeCtrlAddress *address;
    char              *subsysnqn;
    char              *hostnqn;
    char              *hostid;
    char              *cntrltype;
    char              *dctype;
    char              *state;
    guint64            ino;
    char              *tls_key;
    char              *tls_mode;
    char              *owner;
} NMNvmeKernelCtrl;

/**
 * NMNvmeCtrlType:
 * @NMNVME_CTRL_TYPE_IO: an I/O controller
 * @NMNVME_CTRL_TYPE_DISCOVERY: a discovery controller
 * @NMNVME_CTRL_TYPE_OTHER: an administrative or reserved controller type
 */
typedef enum {
    NMNVME_CTRL_TYPE_IO,
    NMNVME_CTRL_TYPE_DISCOVERY,
    NMNVME_CTRL_TYPE_OTHER,
} NMNvmeCtrlType;

/**
 * nmnvme_kernel_ctrl_new:
 * @name: the controller's name, `nvme` followed by its instance number
 * @attrs: (element-type utf8 utf8): attribute name -> file contents, for
 *   `transport`, `address`, `subsysnqn`, `hostnqn`, `hostid`, `cntrltype`,
 *   `dctype`, `state`, `tls_key` and `tls_mode`; others are ignored
 * @error: return location for a #GError
 *
 * Builds the snapshot from attribute values already read (pure; this is
 * what nmnvme_kernel_ctrl_read() calls). `transport`, `subsysnqn` and
 * `state` are required and must not be empty.
 *
 * Returns: (transfer full): the controller, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) for a bad @name or a missing attribute.
 */
NMNvmeKernelCtrl *nmnvme_kernel_ctrl_new(const char *name, GHashTable *attrs, GError **error);

/**
 * nmnvme_kernel_ctrl_read:
 * @sysfs_dir: the controller's directory, e.g. "/sys/class/nvme/nvme3"; its
 *   last component is the controller's name
 * @error: return location for a #GError
 *
 * Reads the attribute files nmnvme_kernel_ctrl_new() uses. Blocking sysfs
 * I/O: call it from a worker thread, never from the main loop.
 *
 * Returns: (transfer full): the controller, or %NULL with @error:
 *   %NMNVME_ERROR_FAILED naming the file when a required attribute cannot
 *   be read (e.g. the controller was just deleted), otherwise as
 *   nmnvme_kernel_ctrl_new().
 */
NMNvmeKernelCtrl *nmnvme_kernel_ctrl_read(const char *sysfs_dir, GError **error);

/* The inode number of @sysfs_dir (links followed), or 0 when it cannot be
 * read. Blocking: workers only. */
guint64 nmnvme_kernel_ctrl_read_ino(const char *sysfs_dir);

/**
 * nmnvme_kernel_ctrl_scan:
 * @class_dir: the class directory, normally %NMNVME_SYSFS_CLASS_NVME
 * @skipped: (nullable) (element-type utf8 utf8): where to add, by
 *   controller name, why an entry was left out
 * @error: return location for a #GError
 *
 * Reads every `nvmeN` entry of @class_dir (PCIe controllers included; they
 * never match a fabrics transport ID). Entries with other names are ignored,
 * and so are controllers deleted while the scan runs (a required attribute
 * file gone, or ENODEV on reading it). An entry that cannot be read or has
 * an empty required attribute (a controller being torn down, another
 * tool's half-made one) is left out and named in @skipped: one bad entry
 * never fails the scan of the others. When @class_dir does not exist
 * (nvme-core not loaded) there are no controllers. Blocking sysfs I/O: call
 * it from a worker thread, never from the main loop.
 *
 * Returns: (transfer full) (element-type NMNvmeKernelCtrl): the controllers
 *   sorted by instance number, with nmnvme_kernel_ctrl_free() as the free
 *   function; or %NULL with @error (%NMNVME_ERROR_FAILED) when @class_dir
 *   itself cannot be read.
 */
GPtrArray *nmnvme_kernel_ctrl_scan(const char *class_dir, GHashTable *skipped, GError **error);

void nmnvme_kernel_ctrl_free(NMNvmeKernelCtrl *ctrl);

/* (nullable): how the controller is secured: "tls" or "concat" when a TLS
 * PSK was negotiated (sysfs `tls_key`), %NULL when it runs in the clear. */
const char *nmnvme_kernel_ctrl_get_secure(const NMNvmeKernelCtrl *ctrl);

/**
 * nmnvme_kernel_ctrl_get_type:
 * @ctrl: a controller
 *
 * Uses `cntrltype`. Before kernel 5.18 there is none: the controller then
 * counts as a discovery controller when its subsystem NQN is the well-known
 * discovery NQN, else as an I/O controller.
 *
 * Returns: the controller's type.
 */
NMNvmeCtrlType nmnvme_kernel_ctrl_get_type(const NMNvmeKernelCtrl *ctrl);

/**
 * nmnvme_kernel_ctrl_is_going_away:
 * @ctrl: a controller
 *
 * Returns: whether its state is "deleting", "deleting (no IO)" or "dead":
 *   the kernel is removing it, so it can be neither adopted nor disconnected.
 *   ("connecting" and "resetting" are not: the kernel is recovering it.)
 */
gboolean nmnvme_kernel_ctrl_is_going_away(const NMNvmeKernelCtrl *ctrl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeKernelCtrl, nmnvme_kernel_ctrl_free)

G_END_DECLS

#endif /* NMNVME_KERNEL_CTRL_H */
