/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cap.c: the bound on kept things (nmnvme-cap.h) as a zeroconf
 * session uses it for its mDNS services (NMNVME_ZEROCONF_MAX_SERVICES):
 * admitted up to the bound, then refused, with one log line each time the
 * bound is reached.
 */
#include "config.h"

#include "nmnvme-cap.h"
#include "nmnvme-zeroconf.h"

/* Announcements arrive one by one; returns how many were kept and counts
 * the refusals to log in @out_logged. */
static guint
announce(NMNvmeCap *cap, guint kept, guint n, guint *out_logged)
{
    for (guint i = 0; i < n; i++) {
        switch (nmnvme_cap_check(cap, kept)) {
        case NMNVME_CAP_ADMIT:
            kept++;
            break;
        case NMNVME_CAP_REFUSE_FIRST:
            (*out_logged)++;
            break;
        case NMNVME_CAP_REFUSE:
            break;
        }
    }
    return kept;
}

static void
test_zeroconf_services(void)
{
    NMNvmeCap cap    = NMNVME_CAP_INIT(NMNVME_ZEROCONF_MAX_SERVICES);
    guint     logged = 0;
    guint     kept;

    g_assert_cmpuint(NMNVME_ZEROCONF_MAX_SERVICES, ==, 64);
    /* a flood of 10 000 announcements: 64 kept, one line */
    kept = announce(&cap, 0, 10000, &logged);
    g_assert_cmpuint(kept, ==, NMNVME_ZEROCONF_MAX_SERVICES);
    g_assert_cmpuint(logged, ==, 1);
    /* still full: quiet */
    kept = announce(&cap, kept, 5, &logged);
    g_assert_cmpuint(logged, ==, 1);
    /* two went away: two more fit, and reaching the bound again is news */
    kept = announce(&cap, kept - 2, 5, &logged);
    g_assert_cmpuint(kept, ==, NMNVME_ZEROCONF_MAX_SERVICES);
    g_assert_cmpuint(logged, ==, 2);
}

static void
test_edges(void)
{
    NMNvmeCap none = NMNVME_CAP_INIT(0);
    NMNvmeCap one  = NMNVME_CAP_INIT(1);

    g_assert_cmpint(nmnvme_cap_check(&none, 0), ==, NMNVME_CAP_REFUSE_FIRST);
    g_assert_cmpint(nmnvme_cap_check(&none, 0), ==, NMNVME_CAP_REFUSE);
    g_assert_cmpint(nmnvme_cap_check(&one, 0), ==, NMNVME_CAP_ADMIT);
    g_assert_cmpint(nmnvme_cap_check(&one, 1), ==, NMNVME_CAP_REFUSE_FIRST);
    /* more than the bound (e.g. kept from an earlier run): refused too */
    g_assert_cmpint(nmnvme_cap_check(&one, 5), ==, NMNVME_CAP_REFUSE);
    g_assert_cmpint(nmnvme_cap_check(&one, 0), ==, NMNVME_CAP_ADMIT);
    g_assert_cmpint(nmnvme_cap_check(&one, 2), ==, NMNVME_CAP_REFUSE_FIRST);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cap/zeroconf-services", test_zeroconf_services);
    g_test_add_func("/cap/edges", test_edges);
    return g_test_run();
}
