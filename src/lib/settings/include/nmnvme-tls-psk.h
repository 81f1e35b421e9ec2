/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls-psk.h: configured NVMe/TCP TLS pre-shared keys in the PSK
 * interchange format (NVMe TCP Transport Specification 1.0, 3.6.1.5, as
 * written by `nvme gen-tls-key` and read by libnvme's nvme_import_tls_key()):
 *
 *   NVMeTLSkey-1:HH:BASE64:
 *
 * HH is the hash that turns the configured PSK into the retained PSK (00
 * none, 01 SHA-256, 02 SHA-384); BASE64 encodes the key (32 bytes for 01,
 * 48 for 02, either for 00) followed by its CRC-32 in little endian. Pure:
 * no I/O, never blocks. Messages never contain any part of the key; the
 * caller names the field (`nvme.tls-key`).
 */
#ifndef NMNVME_TLS_PSK_H
#define NMNVME_TLS_PSK_H

#include <glib.h>

G_BEGIN_DECLS

/* The hash of a configured PSK (the HH field). */
#define NMNVME_TLS_PSK_HMAC_NONE   0u
#define NMNVME_TLS_PSK_HMAC_SHA256 1u
#define NMNVME_TLS_PSK_HMAC_SHA384 2u

/**
 * nmnvme_tls_psk_validate:
 * @text: the candidate key
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @text is a well-formed PSK with a matching CRC-32;
 *   otherwise %FALSE with @error (%NMNVME_ERROR_INVALID_SETTING) saying
 *   why, never containing any of @text.
 */
gboolean nmnvme_tls_psk_validate(const char *text, GError **error);

/**
 * nmnvme_tls_psk_decode:
 * @text: the key in interchange format
 * @hmac: (out) (optional): the HH field, an NMNVME_TLS_PSK_HMAC_* value
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the configured PSK (32 or 48 bytes, without the
 *   CRC) in memory wiped when the last reference is dropped, or %NULL with
 *   @error as for nmnvme_tls_psk_validate().
 */
GBytes *nmnvme_tls_psk_decode(const char *text, guint *hmac, GError **error);

G_END_DECLS

#endif /* NMNVME_TLS_PSK_H */
