/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-suggest.c: edit distance between names, for "did you mean" hints.
 */
#include "config.h"

#include "nmnvme-suggest.h"

#include <string.h>

/* Levenshtein distance, case-insensitive, with one row of memory. */
static gsize
edit_distance(const char *a, const char *b)
{
    gsize             la = strlen(a);
    gsize             lb = strlen(b);
    g_autofree gsize *row = g_new(gsize, lb + 1);

    for (gsize j = 0; j <= lb; j++)
        row[j] = j;
    for (gsize i = 1; i <= la; i++) {
        gsize diag = row[0];

        row[0] = i;
        for (gsize j = 1; j <= lb; j++) {
            gsize up   = row[j];
            gsize cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;

            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
            diag   = up;
        }
    }
    return row[lb];
}

const char *
nmnvme_suggest(const char *word, const char *const *candidates)
{
    const char *best      = NULL;
    gsize       best_dist = G_MAXSIZE;

    g_return_val_if_fail(word, NULL);
    g_return_val_if_fail(candidates, NULL);

    for (const char *const *c = candidates; *c; c++) {
        gsize d = edit_distance(word, *c);

        if (d < best_dist) {
            best      = *c;
            best_dist = d;
        }
    }
    if (!best || best_dist > 3 || best_dist * 3 > strlen(best))
        return NULL;
    return best;
}
