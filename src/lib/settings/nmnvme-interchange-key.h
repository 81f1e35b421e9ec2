/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-interchange-key.h (private): the part the NVMe textual key formats
 * share, `PREFIX:HH:BASE64:` where BASE64 encodes the key followed by its
 * CRC-32 in little endian (DH-HMAC-CHAP `DHHC-1:`, TLS PSK
 * `NVMeTLSkey-1:`). The key is only ever held in memory wiped when freed;
 * messages never contain any of it.
 */
#ifndef NMNVME_INTERCHANGE_KEY_H
#define NMNVME_INTERCHANGE_KEY_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_interchange_key_decode:
 * @b64: the BASE64 part (not NUL-terminated)
 * @b64_len: its length
 * @what: what the key is called in messages ("secret", "PSK")
 * @sizes: the allowed key sizes in bytes, 0-terminated
 * @error: return location for a #GError
 *
 * Checks that @b64 is strict base64 of a key of one of @sizes plus its
 * CRC-32 (IEEE 802.3, as zlib and the kernel compute it).
 *
 * Returns: (transfer full): the key (without the CRC) in memory wiped when
 *   the last reference goes, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) saying why, never quoting @b64.
 */
GBytes *nmnvme_interchange_key_decode(const char  *b64,
                                      gsize        b64_len,
                                      const char  *what,
                                      const gsize *sizes,
                                      GError     **error);

G_END_DECLS

#endif /* NMNVME_INTERCHANGE_KEY_H */
