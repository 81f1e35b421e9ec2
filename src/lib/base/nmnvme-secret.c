/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-secret.c: secret strings, wiped before they are freed.
 */
#include "config.h"

#include "nmnvme-secret.h"

#include <string.h>

void
nmnvme_secret_free(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    g_free(secret);
}

char *
nmnvme_secret_dup(const char *secret)
{
    return g_strdup(secret);
}

GHashTable *
nmnvme_secret_dict_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) nmnvme_secret_free);
}
