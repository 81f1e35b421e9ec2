/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-iface-hw.h: what the NBFT matches a network interface by (private
 * to the engine): its MAC address (sysfs `/sys/class/net/IF/address`) and
 * its VLAN ID (`/proc/net/vlan/IF`, which exists for 802.1Q devices only).
 * The read is a few small file reads, done on a worker thread: the async
 * call never blocks the main context.
 */
#ifndef NMNVME_IFACE_HW_H
#define NMNVME_IFACE_HW_H

#include <gio/gio.h>

G_BEGIN_DECLS

#define NMNVME_IFACE_HW_SYSFS_NET "/sys/class/net"
#define NMNVME_IFACE_HW_PROC_VLAN "/proc/net/vlan"

/**
 * NMNvmeIfaceHw:
 * @mac: the interface's MAC address
 * @vlan: its VLAN ID, 0 when it is not a VLAN device
 */
typedef struct {
    guint8  mac[6];
    guint16 vlan;
} NMNvmeIfaceHw;

/**
 * nmnvme_iface_hw_read:
 * @sysfs_net: the net class folder (%NMNVME_IFACE_HW_SYSFS_NET)
 * @proc_vlan: the 802.1Q folder (%NMNVME_IFACE_HW_PROC_VLAN)
 * @iface: the interface
 * @out: (out): what was read
 * @error: return location for a #GError
 *
 * Blocking. Returns %FALSE with @error naming the file when the MAC
 * address cannot be read or is not one (an interface without a 6-byte
 * MAC, e.g. InfiniBand, is no HFI), or when the VLAN file exists but has
 * no `VID:`; a missing VLAN file means VLAN 0.
 */
gboolean nmnvme_iface_hw_read(const char    *sysfs_net,
                              const char    *proc_vlan,
                              const char    *iface,
                              NMNvmeIfaceHw *out,
                              GError       **error);

/* nmnvme_iface_hw_read() on a worker (arguments copied). */
void     nmnvme_iface_hw_read_async(const char         *sysfs_net,
                                    const char         *proc_vlan,
                                    const char         *iface,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean nmnvme_iface_hw_read_finish(GAsyncResult *result, NMNvmeIfaceHw *out, GError **error);

G_END_DECLS

#endif /* NMNVME_IFACE_HW_H */
