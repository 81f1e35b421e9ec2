/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nqn.c: NQN validation.
 */
#include "config.h"

#include "nmnvme-nqn.h"

#include <string.h>

#include "nmnvme-error.h"

gboolean
nmnvme_nqn_validate(const char *nqn, GError **error)
{
    gsize len;

    g_return_val_if_fail(!error || !*error, FALSE);

    if (!nqn || !*nqn) {
        g_set_error_literal(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING, "NQN is empty");
        return FALSE;
    }
    len = strlen(nqn);
    if (len > NMNVME_NQN_MAX_LEN) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_SETTING,
                    "NQN is %" G_GSIZE_FORMAT " bytes long, at most %d are allowed",
                    len,
                    NMNVME_NQN_MAX_LEN);
        return FALSE;
    }
    if (!g_str_has_prefix(nqn, "nqn.") || len == strlen("nqn.")) {
        g_set_error_literal(error,
                            NMNVME_ERROR,
                            NMNVME_ERROR_INVALID_SETTING,
                            "NQN must start with 'nqn.' followed by a name");
        return FALSE;
    }
    for (const char *p = nqn; *p; p++) {
        if (!g_ascii_isgraph(*p)) {
            g_set_error(error,
                        NMNVME_ERROR,
                        NMNVME_ERROR_INVALID_SETTING,
                        "NQN has a non-printable or space character at byte %d",
                        (int) (p - nqn));
            return FALSE;
        }
    }
    return TRUE;
}
