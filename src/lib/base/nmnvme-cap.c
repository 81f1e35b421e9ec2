/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cap.c: a bound with one log line per time it is reached.
 */
#include "config.h"

#include "nmnvme-cap.h"

NMNvmeCapVerdict
nmnvme_cap_check(NMNvmeCap *cap, guint count)
{
    if (count < cap->max) {
        cap->reached = FALSE;
        return NMNVME_CAP_ADMIT;
    }
    if (cap->reached)
        return NMNVME_CAP_REFUSE;
    cap->reached = TRUE;
    return NMNVME_CAP_REFUSE_FIRST;
}
