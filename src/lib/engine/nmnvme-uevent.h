/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-uevent.h: the nvme uevents the engine reacts to, and a watch on
 * them through libgudev (which sees the events udevd re-broadcasts).
 */
#ifndef NMNVME_UEVENT_H
#define NMNVME_UEVENT_H

#include <glib.h>

G_BEGIN_DECLS

/* NVMe Base 2.0, 5.2 Asynchronous Event Request: type 2h (notice), info F0h
 * (discovery log page change), log page 70h, as the kernel's NVME_AEN=. */
#define NMNVME_AEN_DISCOVERY_LOG_CHANGED 0x70f002u

typedef enum {
    NMNVME_UEVENT_OTHER,
    NMNVME_UEVENT_ADDED,       /* a controller appeared */
    NMNVME_UEVENT_REMOVED,     /* a controller is gone */
    NMNVME_UEVENT_LOG_CHANGED, /* NVME_AEN=0x70f002 on a discovery controller */
    NMNVME_UEVENT_CONNECTED,   /* NVME_EVENT=connected: (re)started */
    NMNVME_UEVENT_REDISCOVER,  /* NVME_EVENT=rediscover: a persistent DC reconnected */
} NMNvmeUeventKind;

/**
 * nmnvme_uevent_classify:
 * @action: "add", "remove", "change", ...
 * @aen: (nullable): the NVME_AEN property
 * @event: (nullable): the NVME_EVENT property
 *
 * Returns: what the event means for the engine. Malformed properties give
 *   %NMNVME_UEVENT_OTHER.
 */
NMNvmeUeventKind nmnvme_uevent_classify(const char *action, const char *aen, const char *event);

/* @seqnum: the event's kernel sequence number (SEQNUM), 0 when unknown. */
typedef void (*NMNvmeUeventFunc)(NMNvmeUeventKind kind,
                                 const char      *name,
                                 guint64          seqnum,
                                 gpointer         user_data);

typedef struct _NMNvmeUeventWatch NMNvmeUeventWatch;

/**
 * nmnvme_uevent_watch_new:
 * @func: called in the caller's main context for each nvme controller
 *   event (never for namespaces), with the device name ("nvme3")
 *
 * Returns: (transfer full): the watch; free it to stop.
 */
NMNvmeUeventWatch *nmnvme_uevent_watch_new(NMNvmeUeventFunc func, gpointer user_data);
void               nmnvme_uevent_watch_free(NMNvmeUeventWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeUeventWatch, nmnvme_uevent_watch_free)

G_END_DECLS

#endif /* NMNVME_UEVENT_H */
