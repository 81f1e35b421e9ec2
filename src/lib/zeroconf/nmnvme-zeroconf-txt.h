/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf-txt.h: the TXT records of an `_nvme-disc` mDNS service
 * (NVMe TP8009), as the announcing host sent them: what transport the
 * discovery controller speaks (`p=`) and its unique discovery NQN (`nqn=`).
 * Pure: no I/O, no logging; everything read comes from the network and is
 * treated as hostile.
 *
 * A record is a byte string `key=value` (RFC 6763 6.3). Keys compare
 * case-insensitively; the first occurrence of a key counts, later ones are
 * ignored (RFC 6763 6.4). A record is ignored (counted, never fatal) when
 * it is empty, has a byte outside printable ASCII, has no `=`, more than
 * one `=`, or an empty key; an `nqn=` that is not a valid NQN is ignored
 * the same way. `p=` is required: `tcp` → tcp; `roce`, `iwarp`, `rdma` →
 * rdma (case-insensitive); anything else fails the whole service.
 */
#ifndef NMNVME_ZEROCONF_TXT_H
#define NMNVME_ZEROCONF_TXT_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * NMNvmeZeroconfTxt:
 * @transport: "tcp" or "rdma"
 * @nqn: (nullable): the discovery controller's unique NQN (`nqn=`), valid;
 *   use it only when the kernel supports unique discovery NQNs (TP8013)
 * @n_ignored: how many records were malformed and ignored
 */
typedef struct {
    char *transport;
    char *nqn;
    guint n_ignored;
} NMNvmeZeroconfTxt;

/**
 * nmnvme_zeroconf_txt_parse:
 * @records: (element-type GBytes): the raw records, in the order received
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the parsed records, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_ARGUMENT, the message naming the `p` field) when
 *   `p=` is missing or names no transport this host supports.
 */
NMNvmeZeroconfTxt *nmnvme_zeroconf_txt_parse(GPtrArray *records, GError **error);

void nmnvme_zeroconf_txt_free(NMNvmeZeroconfTxt *txt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeZeroconfTxt, nmnvme_zeroconf_txt_free)

G_END_DECLS

#endif /* NMNVME_ZEROCONF_TXT_H */
