/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ownership.h: whose a kernel controller is, and what that allows
 * us (pure; private to src/lib). Two facts decide: the registry's owner of
 * its device (nmnvme-registry.h) and whether our own record (/run/nm-nvme,
 * nmnvme-state.h) lists it for the session.
 *
 *   registry owner   recorded   ownership   use  adopt  DIM  disconnect
 *   nm-nvme          yes        OURS        yes  yes    yes  yes
 *   nm-nvme          no         ORPHAN      yes  yes    yes  (once adopted)
 *   another name     any        FOREIGN     yes  no     no   no
 *   none             any        UNOWNED     yes  no     no   no
 *
 * ORPHAN: registered by us but on no record: connected in the last second
 * before a crash, or kept by `on-deactivate=keep`; the session that wants
 * it adopts it and records it, after which it is OURS. FOREIGN and UNOWNED
 * controllers that a session wants are used (never connected twice) and
 * shown, never disconnected, never registered with a discovery controller
 * by us and never counted as ours.
 */
#ifndef NMNVME_OWNERSHIP_H
#define NMNVME_OWNERSHIP_H

#include <glib.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef enum {
    NMNVME_OWNERSHIP_OURS,
    NMNVME_OWNERSHIP_ORPHAN,
    NMNVME_OWNERSHIP_FOREIGN,
    NMNVME_OWNERSHIP_UNOWNED,
} NMNvmeOwnership;

/**
 * nmnvme_ownership_decide:
 * @registry_owner: the registry's owner of the device; "" or %NULL: none
 * @recorded: our record lists the device for the session
 */
NMNvmeOwnership nmnvme_ownership_decide(const char *registry_owner, gboolean recorded);

/* "ours", "orphan", "foreign", "unowned". */
const char *nmnvme_ownership_to_string(NMNvmeOwnership ownership);

/* Whether the session takes it as its own (OURS, ORPHAN). */
gboolean nmnvme_ownership_may_adopt(NMNvmeOwnership ownership);

/* Whether we may delete it (OURS only: an ORPHAN is adopted first). */
gboolean nmnvme_ownership_may_disconnect(NMNvmeOwnership ownership);

/**
 * nmnvme_ownership_check_delete:
 * @device: the device about to be deleted, "nvme3"
 * @recorded: the transport ID we recorded for it (host_iface included)
 * @recorded_ino: the inode of its sysfs directory when we recorded it
 *   (NMNvmeKernelCtrl.ino); 0: not known
 * @now: (nullable): what sysfs shows under @device now; %NULL: gone
 * @registry_owner: the registry's owner of @device now
 * @hostnqn: the host NQN we connect with
 * @error: return location for a #GError
 *
 * The re-check right before writing `delete_controller`: the name may have
 * been recycled since we recorded it (the controller went away and a new
 * one, someone else's, got its number).
 *
 * Returns: %TRUE when @device still is the controller @recorded names (same
 *   transport ID and host NQN, and the same sysfs inode when both are
 *   known: a name recycled by a controller with the same transport ID has
 *   another) and its registry owner is NMNVME_REGISTRY_OWNER; %FALSE with @error
 *   (%G_IO_ERROR_NOT_FOUND: gone; %G_IO_ERROR_PERMISSION_DENIED: another
 *   controller, or not ours in the registry) naming the device.
 */
gboolean nmnvme_ownership_check_delete(const char             *device,
                                       const NMNvmeTrid       *recorded,
                                       guint64                 recorded_ino,
                                       const NMNvmeKernelCtrl *now,
                                       const char             *registry_owner,
                                       const char             *hostnqn,
                                       GError                **error);

G_END_DECLS

#endif /* NMNVME_OWNERSHIP_H */
