/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cap.h: a bound on how many things of one kind are kept (e.g. a
 * session's mDNS services), and whether to say so: the first refusal
 * after the count was last below the bound is the one to log, so that a
 * flood gives one line, not one per refused thing. Pure; private to
 * src/lib.
 */
#ifndef NMNVME_CAP_H
#define NMNVME_CAP_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    guint    max;
    gboolean reached; /* refused since the count was last below max */
} NMNvmeCap;

#define NMNVME_CAP_INIT(max_) ((NMNvmeCap){ .max = (max_) })

typedef enum {
    NMNVME_CAP_ADMIT,        /* below the bound: keep one more */
    NMNVME_CAP_REFUSE_FIRST, /* at the bound, first time: refuse and log */
    NMNVME_CAP_REFUSE,       /* at the bound again: refuse quietly */
} NMNvmeCapVerdict;

/* Whether one more may join the @count already kept. */
NMNvmeCapVerdict nmnvme_cap_check(NMNvmeCap *cap, guint count);

G_END_DECLS

#endif /* NMNVME_CAP_H */
