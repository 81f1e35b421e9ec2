/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-nqn.c: NQN validation (nmnvme-nqn.h), for settings and discovery
 * log entries alike. Input: the candidate NQN. Property: the validator
 * accepts exactly what its documentation says: `nqn.` and more, at most
 * 223 bytes, printable ASCII other than space; a rejection has a message.
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-nqn.h"

static gboolean
documented_valid(const char *nqn)
{
    gsize len = strlen(nqn);

    if (!g_str_has_prefix(nqn, "nqn.") || len <= 4 || len > NMNVME_NQN_MAX_LEN)
        return FALSE;
    for (const char *p = nqn; *p; p++) {
        if (*p <= ' ' || *p > '~')
            return FALSE;
    }
    return TRUE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *nqn    = fuzz_string(data, size);
    g_autoptr(GError) error = NULL;
    gboolean valid          = nmnvme_nqn_validate(nqn, &error);

    FUZZ_CHECK(valid == documented_valid(nqn), "validate says %d for '%s'", valid, nqn);
    FUZZ_CHECK(valid == (error == NULL), "validate and its error disagree");
    FUZZ_CHECK(valid || (error->message && *error->message), "rejection without message");
    return 0;
}
