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
 *   dhcp6-change, reapply
 *   reapply                      none/disabled   Detach(deactivate), when the
 *                                                daemon's record shows a session
 *                                                this profile made
 *   pre-down                     enabled         Detach(deactivate), waited for
 *   pre-down                     unreadable      the same, daemon not started
 *   down                         enabled or      Detach(link-lost), daemon not
 *                                unreadable      started (after a pre-down there
 *                                                is no session left: no-op)
 *   anything else                                nothing
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
} NMNvmeDispatchSettings;

typedef enum {
    NMNVME_DISPATCH_NOTHING,
    NMNVME_DISPATCH_ATTACH,
    NMNVME_DISPATCH_DETACH,
    NMNVME_DISPATCH_DETACH_OWN, /* only when the record shows this profile's session */
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

G_END_DECLS

#endif /* NMNVME_DISPATCH_H */
