/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fake-libnvme.h: a stand-in for the libnvme adapter (nmnvme-libnvme.h) in
 * which every discovery controller serves one log page the fuzz target
 * gives, so that the real reader (nmnvme-fabrics.c: header, numrec, the
 * sized read, the generation counter check, the entries) consumes it.
 */
#ifndef NMNVME_FAKE_LIBNVME_H
#define NMNVME_FAKE_LIBNVME_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * FakeLibnvmeConduct:
 * @n_unstable: how many full reads (longer than the header) report another
 *   generation counter than the page's, as if the log changed meanwhile
 * @fail_read: the read (counting from 1) that fails with EIO; 0: none
 * @pleos: whether the controller supports port-local entries only
 */
typedef struct {
    guint    n_unstable;
    guint    fail_read;
    gboolean pleos;
} FakeLibnvmeConduct;

/* Serves @page (@len bytes, not copied; zeros past its end) from now on. */
void fake_libnvme_serve(const guint8 *page, gsize len, const FakeLibnvmeConduct *conduct);

/* How many reads were made since the last fake_libnvme_serve(). */
guint fake_libnvme_n_reads(void);

/* How many times the controller was asked whether it supports PLEO
 * (Supported Log Pages) since the last fake_libnvme_serve(). */
guint fake_libnvme_n_pleo_checks(void);

G_END_DECLS

#endif /* NMNVME_FAKE_LIBNVME_H */
