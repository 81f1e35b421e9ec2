/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-backoff.c: the connect retry schedule.
 */
#include "config.h"

#include "nmnvme-backoff.h"

void
nmnvme_backoff_init(NMNvmeBackoff *b, guint ncc_attempts)
{
    g_return_if_fail(b);

    b->ncc_attempts = ncc_attempts;
    b->attempts     = 0;
}

/* The delay after the @attempts-th failure (@attempts >= 1). */
static guint
delay_ms(guint attempts)
{
    guint delay = NMNVME_BACKOFF_FIRST_MS;

    for (guint i = 1; i < attempts && delay < NMNVME_BACKOFF_MAX_MS; i++)
        delay *= 2;
    return MIN(delay, NMNVME_BACKOFF_MAX_MS);
}

gboolean
nmnvme_backoff_failed(NMNvmeBackoff *b, gboolean ncc, guint *out_delay_ms)
{
    gboolean give_up;

    g_return_val_if_fail(b, FALSE);

    if (b->attempts < G_MAXUINT)
        b->attempts++;
    give_up = ncc && b->ncc_attempts > 0 && b->attempts >= b->ncc_attempts;
    if (out_delay_ms)
        *out_delay_ms = give_up ? 0 : delay_ms(b->attempts);
    return !give_up;
}

void
nmnvme_backoff_reset(NMNvmeBackoff *b)
{
    g_return_if_fail(b);

    b->attempts = 0;
}

guint
nmnvme_backoff_attempts(const NMNvmeBackoff *b)
{
    g_return_val_if_fail(b, 0);

    return b->attempts;
}
