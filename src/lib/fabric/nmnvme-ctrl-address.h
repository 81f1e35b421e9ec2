/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ctrl-address.h: the sysfs `address` attribute of a fabrics
 * controller (/sys/class/nvme/nvmeN/address), comma-separated KEY=VALUE
 * pairs such as `traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,
 * src_addr=192.168.77.1`. The kernel prints host_traddr and host_iface only
 * when the controller was connected with them, and src_addr (kernel 6.1,
 * tcp) only while a socket is up. fc prints `traddr=nn-0x...:pn-0x...`;
 * loop may print nothing at all.
 */
#ifndef NMNVME_CTRL_ADDRESS_H
#define NMNVME_CTRL_ADDRESS_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * NMNvmeCtrlAddress:
 * @traddr, @trsvcid, @host_traddr, @host_iface, @src_addr: the values of
 *   the keys of the same names, as the kernel printed them; %NULL when the
 *   key is absent or its value empty.
 *
 * Owned by whoever parsed it; read-only.
 */
typedef struct {
    char *traddr;
    char *trsvcid;
    char *host_traddr;
    char *host_iface;
    char *src_addr;
} NMNvmeCtrlAddress;

/**
 * nmnvme_ctrl_address_parse:
 * @text: the attribute's contents; surrounding whitespace and the trailing
 *   newline are ignored
 *
 * Never fails: items without `=` (e.g. a PCIe address) and unknown keys
 * are ignored, and the first occurrence of a key counts.
 *
 * Returns: (transfer full): the address, with %NULL for every key not found.
 */
NMNvmeCtrlAddress *nmnvme_ctrl_address_parse(const char *text);

void nmnvme_ctrl_address_free(NMNvmeCtrlAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeCtrlAddress, nmnvme_ctrl_address_free)

G_END_DECLS

#endif /* NMNVME_CTRL_ADDRESS_H */
