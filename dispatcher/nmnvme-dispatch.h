/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dispatch.h: what the dispatcher does for one NetworkManager event,
 * decided from the action and from what the profile's `user.data` says. A
 * pure table, so that every case is a unit test:
 *
 *   action                       nvme settings   step
 *   up, dhcp4-change,            enabled         Attach (may start the daemon)
 *   dhcp6-change, reapply        nbft            Attach with empty settings:
 *                                                the daemon makes a session
 *                                                only for an NBFT HFI
 *   reapply                      none/disabled   Detach(deactivate): the keys
 *                                                were removed
 *   pre-down                     any             Detach(deactivate), waited for
 *   down                         enabled, nbft   Detach(link-lost), daemon not
 *                                or unreadable   started
 *   anything else                                nothing
 *
 * A Detach is only ever sent for a session that the daemon's ownership
 * record shows as made for this profile (owner `dispatcher:UUID`), or at
 * pre-down made by an `nvme` VPN-style profile on the same interface (owner
 * `vpn:UUID`, which goes down with the device): so a `down` after a
 * `pre-down`, or a profile that never had a session, costs no D-Bus call
 * (the dispatcher program checks the record).
 */
#ifndef NMNVME_DISPATCH_H
#define NMNVME_DISPATCH_H

#include <glib.h>

G_BEGIN_DECLS

/* What the profile's user.data says. */
typedef enum {
    NMNVME_DISPATCH_SETTINGS_NONE,       /* no nvme.* key, or nvme.enabled=no */
    NMNVME_DISPATCH_SETTINGS_ENABLED,    /* nvme.* keys, enabled */
    NMNVME_DISPATCH_SETTINGS_UNREADABLE, /* neither NetworkManager nor the keyfile told */
    NMNVME_DISPATCH_SETTINGS_NBFT,       /* no nvme.* key, but the host has an NBFT */
} NMNvmeDispatchSettings;

typedef enum {
    NMNVME_DISPATCH_NOTHING,
    NMNVME_DISPATCH_ATTACH,
    NMNVME_DISPATCH_DETACH,
} NMNvmeDispatchStep;

typedef struct {
    NMNvmeDispatchStep step;
    const char        *reason;       /* Detach's reason, or NULL */
    gboolean           auto_start;   /* may D-Bus activation start the daemon */
    int                timeout_msec; /* bound on the call */
} NMNvmeDispatchPlan;

/* The bound on waiting for a pre-down Detach (the dispatcher queue is serial). */
#define NMNVME_DISPATCH_DETACH_TIMEOUT_MSEC (10 * 1000)

/* The plan for @action (the dispatcher's $2) given @settings. */
NMNvmeDispatchPlan nmnvme_dispatch_plan(const char *action, NMNvmeDispatchSettings settings);

/* Where the kernel shows ACPI tables; the dispatcher program takes another
 * folder from $NMNVME_NBFT_DIR (tests). */
#define NMNVME_DISPATCH_ACPI_TABLES "/sys/firmware/acpi/tables"

/**
 * nmnvme_dispatch_host_has_nbft:
 * @dir: the ACPI tables folder
 *
 * Whether the host has an NVMe-oF Boot Firmware Table: `NBFT` (one table)
 * or `NBFT1` (the first of several) exists in @dir. Two stat() calls: the
 * table is never read here (the kernel makes it root-only; the daemon
 * reads it).
 */
gboolean nmnvme_dispatch_host_has_nbft(const char *dir);

/**
 * nmnvme_dispatch_nbft_named:
 * @profile: (nullable): the profile's name (CONNECTION_ID)
 * @iface: (nullable): the interface
 *
 * Whether NetworkManager's NBFT reader made the profile (`NBFT connection
 * HFI n`, nm-initrd-generator) or named the interface (`nbft*`). Only
 * logged: the daemon matches an interface to an HFI by MAC address and
 * VLAN, never by name.
 */
gboolean nmnvme_dispatch_nbft_named(const char *profile, const char *iface);

G_END_DECLS

#endif /* NMNVME_DISPATCH_H */
