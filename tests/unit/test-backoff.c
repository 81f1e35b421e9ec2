/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-backoff.c: the connect retry schedule and connect-attempts-on-ncc.
 */
#include "config.h"

#include "nmnvme-backoff.h"

#define MAX_STEPS 10

typedef struct {
    gboolean ncc;      /* NCC at the time of the failure */
    gboolean retry;    /* expected result */
    guint    delay_ms; /* expected delay */
} Step;

typedef struct {
    const char *what;
    guint       ncc_attempts;
    guint       n_steps;
    Step        step[MAX_STEPS];
} Row;

#define RETRY(ms)       \
    {                   \
        FALSE, TRUE, ms \
    }
#define NCC_RETRY(ms)  \
    {                  \
        TRUE, TRUE, ms \
    }
#define GIVE_UP        \
    {                  \
        TRUE, FALSE, 0 \
    }

static const Row rows[] = {
    { "doubling to the cap",
      0,
      9,
      { RETRY(3000),
        RETRY(6000),
        RETRY(12000),
        RETRY(24000),
        RETRY(48000),
        RETRY(60000),
        RETRY(60000),
        RETRY(60000),
        RETRY(60000) } },
    { "0 never gives up, even with NCC",
      0,
      8,
      { NCC_RETRY(3000),
        NCC_RETRY(6000),
        NCC_RETRY(12000),
        NCC_RETRY(24000),
        NCC_RETRY(48000),
        NCC_RETRY(60000),
        NCC_RETRY(60000),
        NCC_RETRY(60000) } },
    { "NCC: give up at the 3rd failure, and stay given up",
      3,
      5,
      { NCC_RETRY(3000), NCC_RETRY(6000), GIVE_UP, GIVE_UP, GIVE_UP } },
    { "NCC: 2 attempts", 2, 2, { NCC_RETRY(3000), GIVE_UP } },
    { "the limit applies only with NCC",
      3,
      6,
      { RETRY(3000), RETRY(6000), RETRY(12000), RETRY(24000), RETRY(48000), RETRY(60000) } },
    { "failures without NCC count once NCC is set", 3, 3, { RETRY(3000), RETRY(6000), GIVE_UP } },
    { "NCC cleared after giving up: retries again, schedule goes on",
      2,
      4,
      { NCC_RETRY(3000), GIVE_UP, RETRY(12000), GIVE_UP } },
};

static void
test_schedule(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeBackoff b;

        g_test_message("%s", rows[i].what);
        nmnvme_backoff_init(&b, rows[i].ncc_attempts);
        g_assert_cmpuint(nmnvme_backoff_attempts(&b), ==, 0);
        for (guint s = 0; s < rows[i].n_steps; s++) {
            const Step *step  = &rows[i].step[s];
            guint       delay = 12345;

            g_assert_cmpint(nmnvme_backoff_failed(&b, step->ncc, &delay), ==, step->retry);
            g_assert_cmpuint(delay, ==, step->delay_ms);
            g_assert_cmpuint(nmnvme_backoff_attempts(&b), ==, s + 1);
        }
    }
}

static void
test_reset(void)
{
    NMNvmeBackoff b;
    guint         delay = 0;

    nmnvme_backoff_init(&b, 2);
    g_assert_true(nmnvme_backoff_failed(&b, FALSE, &delay));
    g_assert_true(nmnvme_backoff_failed(&b, FALSE, &delay));
    g_assert_true(nmnvme_backoff_failed(&b, FALSE, &delay));
    g_assert_cmpuint(delay, ==, 12000);
    g_assert_false(nmnvme_backoff_failed(&b, TRUE, &delay));

    /* a successful connect, or NCC cleared: the schedule starts again, and
     * the setting is kept */
    nmnvme_backoff_reset(&b);
    g_assert_cmpuint(nmnvme_backoff_attempts(&b), ==, 0);
    g_assert_true(nmnvme_backoff_failed(&b, TRUE, &delay));
    g_assert_cmpuint(delay, ==, 3000);
    g_assert_false(nmnvme_backoff_failed(&b, TRUE, &delay));
    g_assert_cmpuint(delay, ==, 0);

    /* init forgets everything, including the old setting */
    nmnvme_backoff_init(&b, 0);
    g_assert_cmpuint(nmnvme_backoff_attempts(&b), ==, 0);
    g_assert_true(nmnvme_backoff_failed(&b, TRUE, NULL));
    g_assert_true(nmnvme_backoff_failed(&b, TRUE, NULL));
    g_assert_true(nmnvme_backoff_failed(&b, TRUE, &delay));
    g_assert_cmpuint(delay, ==, 12000);
}

static void
test_long_run(void)
{
    NMNvmeBackoff b;
    guint         delay = 0;

    nmnvme_backoff_init(&b, 0);
    for (guint i = 0; i < 100000; i++)
        g_assert_true(nmnvme_backoff_failed(&b, i % 2, &delay));
    g_assert_cmpuint(delay, ==, NMNVME_BACKOFF_MAX_MS);
    g_assert_cmpuint(nmnvme_backoff_attempts(&b), ==, 100000);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/backoff/schedule", test_schedule);
    g_test_add_func("/backoff/reset", test_reset);
    g_test_add_func("/backoff/long-run", test_long_run);
    return g_test_run();
}
