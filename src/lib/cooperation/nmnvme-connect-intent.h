/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-connect-intent.h: the record of a connect in flight (private to
 * src/lib). Between the write to /dev/nvme-fabrics and our registry entry
 * (nmnvme-registry.h) the kernel may have made a controller that nothing
 * says is ours: a daemon killed there (kill -9) left it unregistered and
 * on no record, and its successor took it for somebody else's. So, before
 * that write, the connect worker writes an intent: the full transport ID,
 * the host NQN, the session's interface, the uevent sequence number, and
 * the sysfs inodes of the controllers already there. It removes the intent
 * once our registry entry is written, or when the connect failed.
 *
 * One file per transport ID and host NQN, beside the ownership record
 * (NMNVME_STATE_DIR): `connect-HASH.intent`, 0600, in a folder made 0700,
 * an `a{sv}` GVariant in its binary serialization, written whole (temporary
 * file, fsync, rename), as the record is:
 *   "interface" s (the session's), "transport" s, "traddr" s, "trsvcid" s,
 *   "subsysnqn" s, "host-iface" s, "host-traddr" s, "hostnqn" s,
 *   "seqnum" t (uevent sequence number before the write; 0: unknown),
 *   "present" at (the inodes of /sys/class/nvme/nvme* before the write).
 *
 * An intent left behind says which controller that write made: one that
 * matches its transport ID and host NQN in full (host_iface included), has
 * no registry owner, and whose sysfs inode is not among those present
 * before (sysfs numbers its nodes with a 64-bit counter that does not go
 * back: a controller made later has an inode never seen before, and the
 * kernel refuses a second controller with the same transport ID, so that
 * one existing before the write is never taken). A controller with a
 * registry owner is never taken, whoever that is.
 *
 * Saving, loading and clearing block on small file I/O: the connect worker
 * saves and clears (nmnvme-fabrics.c), the engine loads at start and clears
 * what it resolved.
 */
#ifndef NMNVME_CONNECT_INTENT_H
#define NMNVME_CONNECT_INTENT_H

#include <glib.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef struct {
    NMNvmeTrid *trid;
    char       *hostnqn;
    char       *iface;   /* the session's interface */
    guint64     seqnum;  /* before the write; 0: unknown */
    GArray     *present; /* guint64: sysfs inodes of the controllers before the write */
} NMNvmeConnectIntent;

/* (transfer full): an intent with nothing present yet; all copied. */
NMNvmeConnectIntent *nmnvme_connect_intent_new(const NMNvmeTrid *trid,
                                               const char       *hostnqn,
                                               const char       *iface);
NMNvmeConnectIntent *nmnvme_connect_intent_copy(const NMNvmeConnectIntent *intent);
void                 nmnvme_connect_intent_free(NMNvmeConnectIntent *intent);

/* Notes the inodes of every `nvme*` entry of @sysfs_class (blocking). */
void nmnvme_connect_intent_note_present(NMNvmeConnectIntent *intent, const char *sysfs_class);

/**
 * nmnvme_connect_intent_save:
 * @dir: the state folder (made 0700 when missing)
 *
 * Writes @intent atomically (replacing one of the same transport ID and
 * host NQN), synced.
 *
 * Returns: %TRUE, or %FALSE with @error naming the file.
 */
gboolean nmnvme_connect_intent_save(const char                *dir,
                                    const NMNvmeConnectIntent *intent,
                                    GError                   **error);

/**
 * nmnvme_connect_intent_clear:
 *
 * Removes the intent of @trid and @hostnqn from @dir. None is success.
 *
 * Returns: %TRUE, or %FALSE with @error naming the file.
 */
gboolean nmnvme_connect_intent_clear(const char       *dir,
                                     const NMNvmeTrid *trid,
                                     const char       *hostnqn,
                                     GError          **error);

/**
 * nmnvme_connect_intent_load_all:
 * @problems: (element-type utf8): where to add one message per intent file
 *   that is unreadable or malformed (it is removed: it proves nothing)
 *
 * Returns: (transfer full) (element-type NMNvmeConnectIntent): the intents
 *   in @dir; none when @dir does not exist.
 */
GPtrArray *nmnvme_connect_intent_load_all(const char *dir, GPtrArray *problems);

/**
 * nmnvme_connect_intent_find_made:
 * @current: (element-type NMNvmeKernelCtrl): a scan, with registry owners
 *
 * The controller @intent's write made (pure): a live one (not going away)
 * that matches the transport ID and host NQN (nmnvme_trid_matches_kernel()),
 * has no registry owner ("" or %NULL), and a known sysfs inode that was
 * not present before the write.
 *
 * Returns: (transfer none) (nullable): that controller in @current.
 */
const NMNvmeKernelCtrl *nmnvme_connect_intent_find_made(const NMNvmeConnectIntent *intent,
                                                        GPtrArray                 *current);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeConnectIntent, nmnvme_connect_intent_free)

G_END_DECLS

#endif /* NMNVME_CONNECT_INTENT_H */
