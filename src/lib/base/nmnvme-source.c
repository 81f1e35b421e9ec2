/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-source.c: one-shot timers in a slot.
 */
#include "config.h"

#include "nmnvme-source.h"

void
nmnvme_source_clear(GSource **slot)
{
    if (*slot)
        g_source_destroy(*slot);
    g_clear_pointer(slot, g_source_unref);
}

void
nmnvme_source_start_timeout(GSource **slot, guint delay_ms, GSourceFunc func, gpointer data)
{
    nmnvme_source_clear(slot);
    *slot = g_timeout_source_new(delay_ms);
    g_source_set_callback(*slot, func, data, NULL);
    g_source_attach(*slot, g_main_context_get_thread_default());
}
