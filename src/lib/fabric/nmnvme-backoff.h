/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-backoff.h: when to retry a failed connect, and when to give up.
 * The schedule: first retry 3 s after a failure, then doubling up to 60 s
 * (3, 6, 12, 24, 48, 60, 60, ... s). A controller whose log entry has NCC
 * set (no connectivity to the CDC) is given up on after `nvme.connect-
 * attempts-on-ncc` failed attempts, unless that is 0. A successful connect,
 * or an explicit reset (e.g. NCC cleared, or the controller's device was
 * removed), starts the schedule again. Pure: the caller owns the timers.
 */
#ifndef NMNVME_BACKOFF_H
#define NMNVME_BACKOFF_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_BACKOFF_FIRST_MS 3000
#define NMNVME_BACKOFF_MAX_MS   60000

/**
 * NMNvmeBackoff:
 *
 * The retry state of one controller, embedded by value in its owner. The
 * fields are private: use the functions below.
 */
typedef struct {
    /*< private >*/
    guint ncc_attempts;
    guint attempts;
} NMNvmeBackoff;

/**
 * nmnvme_backoff_init:
 * @b: the state to set up
 * @ncc_attempts: the `connect-attempts-on-ncc` setting: give up after that
 *   many failed attempts while NCC is set; 0 = never give up
 *
 * Starts with no failed attempt.
 */
void nmnvme_backoff_init(NMNvmeBackoff *b, guint ncc_attempts);

/**
 * nmnvme_backoff_failed:
 * @b: the state
 * @ncc: whether the controller's current log entry has NCC set
 * @out_delay_ms: (out) (optional): when to retry, in milliseconds; 0 when
 *   giving up
 *
 * Records one failed attempt (all failures count, whatever @ncc was at the
 * time; the count stops at %G_MAXUINT).
 *
 * Returns: %FALSE to give up: @ncc is set, the setting is not 0, and the
 *   failed attempts have reached it. Otherwise %TRUE, with the delay
 *   before the next attempt.
 */
gboolean nmnvme_backoff_failed(NMNvmeBackoff *b, gboolean ncc, guint *out_delay_ms);

/* Forgets the failed attempts: call it on a successful connect, or to retry
 * at once a controller given up on. The setting is kept. */
void nmnvme_backoff_reset(NMNvmeBackoff *b);

/* The failed attempts since init or the last reset. */
guint nmnvme_backoff_attempts(const NMNvmeBackoff *b);

G_END_DECLS

#endif /* NMNVME_BACKOFF_H */
