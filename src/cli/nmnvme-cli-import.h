/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-import.h: `nm-nvme import`, the NetworkManager half: which
 * profile each interface of a migration plan (nmnvme-migrate.h) changes,
 * and --apply through libnm. An interface without secrets gets the plan's
 * keys in its profile's `user.data` (other `nvme.*` keys there are kept);
 * one with DH-HMAC-CHAP secrets gets an `nvme` VPN-style profile
 * "nvme-IFACE" (secrets in vpn.secrets, system-owned), made a secondary of
 * the interface's profile, because `user.data` is readable by every local
 * user. Everything is prepared and validated first; nothing is saved when
 * one interface fails.
 */
#ifndef NMNVME_CLI_IMPORT_H
#define NMNVME_CLI_IMPORT_H

#include <NetworkManager.h>

#include "nmnvme-migrate.h"

G_BEGIN_DECLS

/* (transfer full) (element-type utf8 utf8): interface → what --apply does
 * there, for nmnvme_migrate_plan_format(). */
GHashTable *nmnvme_cli_import_targets(NMClient *client, const NMNvmeMigratePlan *plan);

/**
 * nmnvme_cli_import_apply:
 * @client: a libnm client
 * @plan: the plan
 * @out_done: (out): one line per profile saved (and activated or reapplied)
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with @error; when the preparation fails (an
 *   interface without a profile, a value the merged settings refuse)
 *   nothing was saved.
 */
gboolean nmnvme_cli_import_apply(NMClient                *client,
                                 const NMNvmeMigratePlan *plan,
                                 GStrv                   *out_done,
                                 GError                 **error);

G_END_DECLS

#endif /* NMNVME_CLI_IMPORT_H */
