/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-source.h: one-shot timers kept in a slot (`GSource **`), the way
 * the engine holds its pending work: the slot holds a reference while the
 * timer is pending; the callback clears the slot (g_clear_pointer(slot,
 * g_source_unref)) and returns G_SOURCE_REMOVE; stopping it early is
 * nmnvme_source_clear(). Timers run in the thread-default main context.
 */
#ifndef NMNVME_SOURCE_H
#define NMNVME_SOURCE_H

#include <glib.h>

G_BEGIN_DECLS

/* Starts a timer of @delay_ms calling @func(@data) into @slot, replacing
 * (stopping) the one there. */
void nmnvme_source_start_timeout(GSource **slot, guint delay_ms, GSourceFunc func, gpointer data);

/* Stops the timer in @slot, if any, and empties the slot. */
void nmnvme_source_clear(GSource **slot);

G_END_DECLS

#endif /* NMNVME_SOURCE_H */
