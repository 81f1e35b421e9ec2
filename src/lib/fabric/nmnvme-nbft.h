/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nbft.h: the NVMe-oF Boot Firmware Table (ACPI `NBFT`, read at
 * /sys/firmware/acpi/tables/NBFT*) as the engine uses it: the host identity
 * the firmware booted with, the host fabric interfaces (HFI), the subsystem
 * namespaces (SSNS: the boot controllers) and the discovery records.
 *
 * This module is the model and its pure questions (no I/O): which HFI an
 * interface is, which controllers an HFI wants, whether a kernel controller
 * is a boot controller. Reading a table goes through libnvme
 * (nmnvme-libnvme.h, libnvme >= 1.5 or libnvme3), which fills the model with
 * nmnvme_nbft_new() and the _add_ functions; tests build models the same
 * way. An NMNvmeNbft is immutable once built; the records it hands out live
 * as long as it does.
 */
#ifndef NMNVME_NBFT_H
#define NMNVME_NBFT_H

#include <glib.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

/* Where the kernel exposes ACPI tables; NBFT, NBFT1, NBFT2… are NBFTs. */
#define NMNVME_NBFT_ACPI_DIR "/sys/firmware/acpi/tables"

/* The registry owners whose controllers are boot controllers: nvme-cli 3's
 * `connect-all --nbft` and nvme-discoverd register "nbft"; dracut-era
 * tools "boot". */
#define NMNVME_NBFT_OWNER "nbft"
#define NMNVME_NBFT_OWNER_BOOT "boot"

/**
 * NMNvmeNbftHfi:
 * @index: the HFI's index in the table (1-based, as the table numbers it)
 * @transport: "tcp" (the only HFI transport the specification defines)
 * @mac: the interface's MAC address
 * @vlan: the VLAN ID, 0 when none
 * @ip: (nullable): the configured address (text), %NULL when unset
 * @prefix: its prefix length
 * @gateway: (nullable): the gateway (text)
 * @dhcp: the address came from DHCP (ip origin), not static
 */
typedef struct {
    guint    index;
    char    *transport;
    guint8   mac[6];
    guint16  vlan;
    char    *ip;
    guint    prefix;
    char    *gateway;
    gboolean dhcp;
} NMNvmeNbftHfi;

/**
 * NMNvmeNbftSubsys:
 * @index: the SSNS record's index (1-based)
 * @transport: "tcp" …
 * @traddr: the controller's address (text)
 * @trsvcid: (nullable): its port (decimal text)
 * @subsysnqn: the subsystem NQN
 * @nsid: the boot namespace ID, 0 when unset
 * @hfis: (element-type guint): the indexes of the HFIs it is reached
 *   through, first the primary
 * @discovery_index: the discovery record it was found through, 0 when none
 * @hdr_digest: PDU header digest required
 * @data_digest: data digest required
 * @unavailable: the firmware could not reach it at boot
 */
typedef struct {
    guint      index;
    char      *transport;
    char      *traddr;
    char      *trsvcid;
    char      *subsysnqn;
    guint32    nsid;
    GArray    *hfis;
    guint      discovery_index;
    gboolean   hdr_digest;
    gboolean   data_digest;
    gboolean   unavailable;
} NMNvmeNbftSubsys;

/**
 * NMNvmeNbftDiscovery:
 * @index: the discovery record's index (1-based)
 * @hfi_index: the HFI it is reached through, 0 when none
 * @uri: the discovery controller's URI as the table gives it
 *   ("nvme+tcp://192.168.1.2:8009/")
 * @nqn: (nullable): its NQN; %NULL means the well-known discovery NQN
 */
typedef struct {
    guint index;
    guint hfi_index;
    char *uri;
    char *nqn;
} NMNvmeNbftDiscovery;

typedef struct _NMNvmeNbft NMNvmeNbft;

/* (transfer full): an empty table read from @source (the file name, for
 * logs and `nm-nvme nbft`), with the host identity it gives (either
 * nullable when the table leaves it unset). */
NMNvmeNbft *nmnvme_nbft_new(const char *source, const char *hostnqn, const char *hostid);
/* The model is reference-counted so that the engine's workers can hold the
 * table they check against (nmnvme-fabrics.h); nmnvme_nbft_free() drops a
 * reference (the last one frees). Both are thread-safe. */
NMNvmeNbft *nmnvme_nbft_ref(NMNvmeNbft *nbft);
void        nmnvme_nbft_free(NMNvmeNbft *nbft);

/* Records, zeroed (subsys->hfis an empty array), and their destructors. */
NMNvmeNbftHfi       *nmnvme_nbft_hfi_new(void);
NMNvmeNbftSubsys    *nmnvme_nbft_subsys_new(void);
NMNvmeNbftDiscovery *nmnvme_nbft_discovery_new(void);
void                 nmnvme_nbft_hfi_free(NMNvmeNbftHfi *hfi);
void                 nmnvme_nbft_subsys_free(NMNvmeNbftSubsys *subsys);
void                 nmnvme_nbft_discovery_free(NMNvmeNbftDiscovery *disc);

/* Building (the reader and tests): the model takes ownership of the record. */
void nmnvme_nbft_add_hfi(NMNvmeNbft *nbft, NMNvmeNbftHfi *hfi);
void nmnvme_nbft_add_subsys(NMNvmeNbft *nbft, NMNvmeNbftSubsys *subsys);
void nmnvme_nbft_add_discovery(NMNvmeNbft *nbft, NMNvmeNbftDiscovery *disc);

/* The records, in table order (element-type of each: the record type). */
const char *nmnvme_nbft_get_source(const NMNvmeNbft *nbft);
const char *nmnvme_nbft_get_hostnqn(const NMNvmeNbft *nbft);
const char *nmnvme_nbft_get_hostid(const NMNvmeNbft *nbft);
GPtrArray  *nmnvme_nbft_get_hfis(const NMNvmeNbft *nbft);
GPtrArray  *nmnvme_nbft_get_subsystems(const NMNvmeNbft *nbft);
GPtrArray  *nmnvme_nbft_get_discovery(const NMNvmeNbft *nbft);

/**
 * nmnvme_nbft_match_interface:
 * @nbft: a table
 * @mac: the interface's MAC address (for a VLAN device, its own, which is
 *   its parent's unless changed)
 * @vlan: the interface's VLAN ID, 0 when it is not a VLAN device
 *
 * HFI ↔ interface matching: by MAC address and VLAN ID, never by name
 * (NetworkManager's `NBFT connection HFI n` profiles and `nbft*` names are
 * recognised elsewhere; matching does not depend on them).
 *
 * Returns: (transfer none) (nullable): the HFI the interface is, %NULL when
 *   none.
 */
const NMNvmeNbftHfi *nmnvme_nbft_match_interface(const NMNvmeNbft *nbft,
                                                 const guint8      mac[6],
                                                 guint16           vlan);

/* (transfer full): an SSNS record's controller as the kernel shows it,
 * through @iface (nullable), without a host identity; the port defaults to
 * 4420 under tcp. */
NMNvmeTrid *nmnvme_nbft_subsys_trid(const NMNvmeNbftSubsys *subsys, const char *iface);

/**
 * nmnvme_nbft_subsys_trids:
 * @nbft: a table
 * @hfi: one of its HFIs
 * @iface: the interface @hfi matched
 *
 * The NBFT → wanted-controllers mapping for one HFI: the I/O controllers of
 * the SSNS records reached through @hfi (by any of its HFIs), bound to
 * @iface (host_iface), in table order, without duplicates (two namespaces
 * of one subsystem are one controller). Each carries the table's host NQN
 * and ID and matches any kernel controller of its subsystem
 * (nmnvme_trid_new_with_host(), @any_host): the one the initramfs made is
 * used, never connected twice. A port left unset is 4420 under tcp;
 * records without transport, address or NQN are skipped.
 *
 * Returns: (transfer full) (element-type NMNvmeTrid): the controllers.
 */
GPtrArray *nmnvme_nbft_subsys_trids(const NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi, const char *iface);

/* (transfer full) (element-type NMNvmeNbftDiscovery): the discovery records
 * reached through @hfi, in table order (borrowed records). */
GPtrArray *nmnvme_nbft_hfi_discovery(const NMNvmeNbft *nbft, const NMNvmeNbftHfi *hfi);

/* (transfer none) (nullable): the SSNS record @trid (one of
 * nmnvme_nbft_subsys_trids()) was made from: its digest flags go into the
 * connect. */
const NMNvmeNbftSubsys *nmnvme_nbft_find_subsys(const NMNvmeNbft *nbft, const NMNvmeTrid *trid);

/**
 * nmnvme_nbft_discovery_trid:
 * @nbft: a table
 * @disc: one of its discovery records
 * @iface: the interface its HFI matched
 * @error: return location for a #GError
 *
 * The discovery controller a discovery record names, as a session wants
 * it: bound to @iface, connected (and matched) with the table's host NQN
 * and ID; the record's NQN, else the URI's, else the well-known discovery
 * NQN.
 *
 * Returns: (transfer full): the transport ID, or %NULL with @error
 *   (%G_IO_ERROR_INVALID_DATA naming the record and its URI) when the URI
 *   is not a valid `nvme+tcp://` discovery URI.
 */
NMNvmeTrid *nmnvme_nbft_discovery_trid(const NMNvmeNbft          *nbft,
                                       const NMNvmeNbftDiscovery *disc,
                                       const char                *iface,
                                       GError                   **error);

/**
 * nmnvme_nbft_is_boot_ctrl:
 * @nbft: (nullable): the host's table, %NULL when there is none or it
 *   cannot be read
 * @ctrl: a kernel controller, its registry owner filled in or not
 *
 * A boot controller is never disconnected by the daemon, for any reason:
 * one registered as NMNVME_NBFT_OWNER or NMNVME_NBFT_OWNER_BOOT, or one
 * whose transport, traddr, trsvcid and subsystem NQN are those of an SSNS
 * record (whatever its interface, host address or host NQN; the port
 * defaults as in nmnvme_nbft_subsys_trids()).
 *
 * Returns: whether @ctrl is a boot controller.
 */
gboolean nmnvme_nbft_is_boot_ctrl(const NMNvmeNbft *nbft, const NMNvmeKernelCtrl *ctrl);

/* "aa:bb:cc:dd:ee:ff" → @mac; %FALSE when @text is not that. */
gboolean nmnvme_nbft_parse_mac(const char *text, guint8 mac[6]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeNbft, nmnvme_nbft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeNbftHfi, nmnvme_nbft_hfi_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeNbftSubsys, nmnvme_nbft_subsys_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeNbftDiscovery, nmnvme_nbft_discovery_free)

G_END_DECLS

#endif /* NMNVME_NBFT_H */
