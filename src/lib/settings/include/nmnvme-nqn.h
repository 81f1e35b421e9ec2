/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nqn.h: NVMe Qualified Names. What makes an NQN acceptable, for
 * settings and (later) for discovery log entries alike.
 */
#ifndef NMNVME_NQN_H
#define NMNVME_NQN_H

#include <glib.h>

G_BEGIN_DECLS

/* NVMe Base Specification 2.0, 4.5 "NVMe Qualified Names": at most 223 bytes. */
#define NMNVME_NQN_MAX_LEN 223

/* The well-known NQN of discovery controllers (NVMe over Fabrics 1.1, 7.1). */
#define NMNVME_NQN_DISCOVERY "nqn.2014-08.org.nvmexpress.discovery"

/**
 * nmnvme_nqn_validate:
 * @nqn: the candidate NQN (may be %NULL)
 * @error: return location for a #GError
 *
 * An NQN is valid when it starts with `nqn.`, has more than that prefix,
 * is at most %NMNVME_NQN_MAX_LEN bytes long and consists of printable
 * ASCII characters other than space.
 *
 * Returns: %TRUE when valid; otherwise %FALSE with @error set to
 *   %NMNVME_ERROR_INVALID_SETTING and a message saying why (without
 *   repeating the NQN, which the caller names).
 */
gboolean nmnvme_nqn_validate(const char *nqn, GError **error);

G_END_DECLS

#endif /* NMNVME_NQN_H */
