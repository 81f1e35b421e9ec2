/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-secret.h: strings that are or may hold a secret (DH-HMAC-CHAP
 * secrets, settings dictionaries, connect options), wiped with
 * explicit_bzero() before they are freed, so that no copy outlives its use
 * in freed memory.
 */
#ifndef NMNVME_SECRET_H
#define NMNVME_SECRET_H

#include <glib.h>

G_BEGIN_DECLS

/* A NUL-terminated string wiped when freed: g_autoptr(NMNvmeSecret) s. */
typedef char NMNvmeSecret;

/* Wipes and frees @secret; %NULL is allowed. */
void nmnvme_secret_free(char *secret);

/* (transfer full) (nullable): a copy of @secret, to be freed with
 * nmnvme_secret_free(). */
char *nmnvme_secret_dup(const char *secret);

/* (transfer full): an empty string → string table owning its keys and
 * values, values wiped when removed or freed: for every dictionary of
 * settings, which may carry secrets. */
GHashTable *nmnvme_secret_dict_new(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeSecret, nmnvme_secret_free)

G_END_DECLS

#endif /* NMNVME_SECRET_H */
