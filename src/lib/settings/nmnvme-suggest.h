/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-suggest.h: "did you mean" hints for misspelt names (settings keys,
 * filter fields).
 */
#ifndef NMNVME_SUGGEST_H
#define NMNVME_SUGGEST_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_suggest:
 * @word: what the user typed
 * @candidates: %NULL-terminated list of valid names
 *
 * Returns: (transfer none) (nullable): the candidate closest to @word by
 *   case-insensitive edit distance, if it is close enough to be a plausible
 *   typo (at most a third of its length, and at most 3 edits); else %NULL.
 */
const char *nmnvme_suggest(const char *word, const char *const *candidates);

G_END_DECLS

#endif /* NMNVME_SUGGEST_H */
