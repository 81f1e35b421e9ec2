/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-pairs.h: the KEY=VALUE words of `nm-nvme attach IFACE
 * KEY=VALUE...`, turned into the settings dictionary Attach takes. Only
 * the syntax of the words is checked here, and that none is a secret;
 * the keys and values are the schema's business
 * (nmnvme_settings_new_from_data()).
 */
#ifndef NMNVME_CLI_PAIRS_H
#define NMNVME_CLI_PAIRS_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_cli_pairs_parse:
 * @words: (array zero-terminated=1): "KEY=VALUE" words; VALUE may be empty
 *   and may contain '='. A KEY without the "nvme." prefix gets it
 *   ("kato=45" is "nvme.kato=45").
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 utf8): key → value, or %NULL
 *   with %NMNVME_ERROR_INVALID_ARGUMENT quoting the word when one has no
 *   '=' or an empty key, when a key is given twice, or when a secret
 *   (`nvme.dhchap-secret`, `nvme.dhchap-ctrl-secret`, `nvme.tls-key`) has a
 *   value: secrets
 *   come from nmnvme_cli_secrets_read(), never from arguments; or with
 *   %NMNVME_ERROR_INVALID_SETTING when a key or value is not UTF-8.
 */
GHashTable *nmnvme_cli_pairs_parse(const char *const *words, GError **error);

/* Whether @key ("nvme.dhchap-secret") is a secret of the schema. */
gboolean nmnvme_cli_is_secret(const char *key);

G_END_DECLS

#endif /* NMNVME_CLI_PAIRS_H */
