/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ownership.c: the ownership decision table and the re-check
 * before a delete.
 */
#include "config.h"

#include "nmnvme-ownership.h"

#include <gio/gio.h>

#include "nmnvme-registry.h"

NMNvmeOwnership
nmnvme_ownership_decide(const char *registry_owner, gboolean recorded)
{
    if (!registry_owner || !*registry_owner)
        return NMNVME_OWNERSHIP_UNOWNED;
    if (g_strcmp0(registry_owner, NMNVME_REGISTRY_OWNER) != 0)
        return NMNVME_OWNERSHIP_FOREIGN;
    return recorded ? NMNVME_OWNERSHIP_OURS : NMNVME_OWNERSHIP_ORPHAN;
}

const char *
nmnvme_ownership_to_string(NMNvmeOwnership ownership)
{
    switch (ownership) {
    case NMNVME_OWNERSHIP_OURS:
        return "ours";
    case NMNVME_OWNERSHIP_ORPHAN:
        return "orphan";
    case NMNVME_OWNERSHIP_FOREIGN:
        return "foreign";
    case NMNVME_OWNERSHIP_UNOWNED:
        return "unowned";
    }
    g_return_val_if_reached("unknown");
}

gboolean
nmnvme_ownership_may_adopt(NMNvmeOwnership ownership)
{
    return ownership == NMNVME_OWNERSHIP_OURS || ownership == NMNVME_OWNERSHIP_ORPHAN;
}

gboolean
nmnvme_ownership_may_disconnect(NMNvmeOwnership ownership)
{
    return ownership == NMNVME_OWNERSHIP_OURS;
}

gboolean
nmnvme_ownership_check_delete(const char             *device,
                              const NMNvmeTrid       *recorded,
                              guint64                 recorded_ino,
                              const NMNvmeKernelCtrl *now,
                              const char             *registry_owner,
                              const char             *hostnqn,
                              GError                **error)
{
    g_autofree char *key = nmnvme_trid_to_string(recorded);

    if (!now) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is gone", device);
        return FALSE;
    }
    if (!nmnvme_trid_matches_kernel(recorded, now, hostnqn) ||
        (recorded_ino && now->ino != recorded_ino)) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_PERMISSION_DENIED,
                    "%s is no longer %s (the name was reused): not deleted",
                    device,
                    key);
        return FALSE;
    }
    if (g_strcmp0(registry_owner, NMNVME_REGISTRY_OWNER) != 0) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_PERMISSION_DENIED,
                    "%s is owned by '%s' in the registry, not " NMNVME_REGISTRY_OWNER
                    ": not deleted",
                    device,
                    registry_owner && *registry_owner ? registry_owner : "nobody");
        return FALSE;
    }
    return TRUE;
}
