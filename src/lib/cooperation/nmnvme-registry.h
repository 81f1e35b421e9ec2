/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-registry.h: the host-wide ownership registry of NVMe-oF
 * controllers, /run/nvme/registry/nvmeN/{owner,seqnum} (nvme-cli 3 and
 * libnvme3; README.md "Sharing the host"): one directory per live controller,
 * one plain-text file per attribute, no `owner` = unowned. Private to
 * src/lib.
 *
 * Entries are written as libnvme3 writes them: the whole entry is built in
 * a hidden temporary directory beside it (files written and fsynced, 0644,
 * the directory 0755), then rename()d into place; it is removed by a
 * rename to a hidden sibling, then deleted. We write and remove only
 * entries whose owner is the one we pass (NMNVME_REGISTRY_OWNER for the
 * daemon); another owner's entry is never changed, except one that is
 * provably older than the device (its seqnum below the one read before our
 * connect made the device: the name was recycled and no udev rule cleaned
 * it up).
 *
 * Every function that takes an NMNvmeRegistry blocks on small file I/O in
 * the registry's folder (tmpfs on a real host) or sysfs: the engine calls
 * them on its fabrics workers, next to the connect or disconnect they
 * belong to (nmnvme-fabrics.c), never on the main loop.
 */
#ifndef NMNVME_REGISTRY_H
#define NMNVME_REGISTRY_H

#include <glib.h>

G_BEGIN_DECLS

/* The registry of a real host. */
#define NMNVME_REGISTRY_DIR "/run/nvme/registry"
/* The kernel's uevent sequence number. */
#define NMNVME_REGISTRY_SEQNUM_FILE "/sys/kernel/uevent_seqnum"
/* Our name in the registry's `owner` files. */
#define NMNVME_REGISTRY_OWNER "nm-nvme"

typedef struct _NMNvmeRegistry NMNvmeRegistry;

/**
 * nmnvme_registry_new:
 * @root: the registry folder (NMNVME_REGISTRY_DIR); made on the first
 *   write, with its missing parents, 0755
 * @seqnum_file: where the uevent sequence number is read
 *   (NMNVME_REGISTRY_SEQNUM_FILE)
 *
 * Returns: (transfer full): the paths, copied; no I/O here.
 */
NMNvmeRegistry *nmnvme_registry_new(const char *root, const char *seqnum_file);
NMNvmeRegistry *nmnvme_registry_copy(const NMNvmeRegistry *registry);
void            nmnvme_registry_free(NMNvmeRegistry *registry);
const char     *nmnvme_registry_get_root(const NMNvmeRegistry *registry);

/**
 * nmnvme_registry_read_seqnum:
 *
 * Reads the uevent sequence number: before a connect, so that the entry
 * written after it names a number no older event of that device can have.
 *
 * Returns: %TRUE with @out_seqnum, or %FALSE with @error naming the file.
 */
gboolean
nmnvme_registry_read_seqnum(const NMNvmeRegistry *registry, guint64 *out_seqnum, GError **error);

/**
 * nmnvme_registry_get_owner:
 * @device: the controller, "nvme3"
 *
 * Returns: (transfer full): the entry's owner, "" when there is no entry,
 *   no `owner` file or an empty one (unowned), or the file is unreadable.
 */
char *nmnvme_registry_get_owner(const NMNvmeRegistry *registry, const char *device);

/**
 * nmnvme_registry_get_seqnum:
 *
 * Returns: whether @device's entry has a readable `seqnum` (then in
 *   @out_seqnum).
 */
gboolean nmnvme_registry_get_seqnum(const NMNvmeRegistry *registry,
                                    const char           *device,
                                    guint64              *out_seqnum);

/**
 * nmnvme_registry_add:
 * @device: the controller just connected, "nvme3"
 * @owner: the owner to write (NMNVME_REGISTRY_OWNER)
 * @seqnum: the sequence number read before the connect
 *
 * Writes the entry {owner, seqnum} atomically. An existing entry is
 * replaced when it is @owner's or unowned, or when its seqnum is below
 * @seqnum (left over by an earlier device of that name).
 *
 * Returns: %TRUE, or %FALSE with @error: %G_IO_ERROR_EXISTS when another
 *   owner's current entry is there (it is left alone), else a
 *   #GIOErrorEnum from errno naming the file.
 */
gboolean nmnvme_registry_add(const NMNvmeRegistry *registry,
                             const char           *device,
                             const char           *owner,
                             guint64               seqnum,
                             GError              **error);

/**
 * nmnvme_registry_remove:
 * @owner: only an entry of this owner is removed
 * @seqnum: (nullable): and only when its seqnum is this one
 *
 * Removes @device's entry (rename to a hidden sibling, then delete). No
 * entry is success; another owner's (or an unowned one) is left alone and
 * is success too (%FALSE in @out_removed).
 *
 * Returns: %TRUE, or %FALSE with @error naming the file.
 */
gboolean nmnvme_registry_remove(const NMNvmeRegistry *registry,
                                const char           *device,
                                const char           *owner,
                                const guint64        *seqnum,
                                gboolean             *out_removed,
                                GError              **error);

/**
 * nmnvme_registry_remove_stale:
 * @owner: whose entries are looked at
 * @sysfs_class: the nvme class folder (/sys/class/nvme)
 *
 * Removes @owner's entries whose device is gone from @sysfs_class (what
 * libnvme3's udev rule does on hosts that have it). Errors are skipped. An
 * entry is read (its seqnum stamp) before its device is looked for and
 * removed only if its stamp is still that one: a controller that takes the
 * name meanwhile keeps the entry written for it.
 *
 * Returns: how many entries were removed.
 */
guint nmnvme_registry_remove_stale(const NMNvmeRegistry *registry,
                                   const char           *owner,
                                   const char           *sysfs_class);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeRegistry, nmnvme_registry_free)

G_END_DECLS

#endif /* NMNVME_REGISTRY_H */
