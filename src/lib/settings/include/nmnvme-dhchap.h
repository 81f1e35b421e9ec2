/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dhchap.h: DH-HMAC-CHAP secrets in their textual `DHHC-1:` form
 * (NVMe Base Specification 2.0, 8.13.5.8, as written by `nvme
 * gen-dhchap-key`). Validation never echoes the secret.
 */
#ifndef NMNVME_DHCHAP_H
#define NMNVME_DHCHAP_H

#include <glib.h>

G_BEGIN_DECLS

/* What every secret is replaced by in messages, logs and debug output. */
#define NMNVME_SECRET_MASK "<hidden>"

/**
 * nmnvme_dhchap_key_validate:
 * @key: the candidate secret
 * @error: return location for a #GError
 *
 * Checks the form `DHHC-1:HH:BASE64:` where HH is the hash used to
 * transform the key (00 none, 01 SHA-256, 02 SHA-384, 03 SHA-512) and
 * BASE64 encodes a 32, 48 or 64 byte key followed by its CRC-32 in little
 * endian, the checks the Linux kernel makes when it receives the key.
 *
 * Returns: %TRUE when valid; otherwise %FALSE with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) saying why, never containing @key.
 */
gboolean nmnvme_dhchap_key_validate(const char *key, GError **error);

G_END_DECLS

#endif /* NMNVME_DHCHAP_H */
