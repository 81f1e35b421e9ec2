/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-libnvme.h: the project's one door to libnvme. nmnvme-libnvme.c
 * holds every libnvme include and every libnvme call of the product; it
 * builds against libnvme 1.x (1.3 to 1.16, pkg-config `libnvme`) and
 * libnvme3 (nvme-cli 3, pkg-config `libnvme3`, NMNVME_HAVE_LIBNVME3 in
 * config.h) and behaves the same on both. The differences it bridges are
 * listed in docs/platforms.md, "libnvme 1.x and libnvme3".
 *
 * Every function here blocks (ioctls on /dev/nvmeN, sysfs reads, a round
 * trip to a remote controller, file reads): call them from a worker thread
 * (nmnvme-fabrics.c does), never from the main loop. No libnvme object
 * crosses this header; each call makes and frees its own, so calls on
 * different threads share nothing.
 */
#ifndef NMNVME_LIBNVME_H
#define NMNVME_LIBNVME_H

#include <glib.h>

#include "nmnvme-fabrics.h"
#include "nmnvme-nbft.h"

G_BEGIN_DECLS

/* An open NVMe controller character device (/dev/nvmeN), for admin commands. */
typedef struct _NMNvmeLibnvmeDev NMNvmeLibnvmeDev;

/**
 * nmnvme_libnvme_dev_open:
 * @name: the controller ("nvme2")
 * @error: return location for a #GError
 *
 * Opens /dev/@name read-only. Blocks (open(2)).
 *
 * Returns: (transfer full): the device, or %NULL with @error (a #GIOErrorEnum
 *   from errno) naming the device.
 */
NMNvmeLibnvmeDev *nmnvme_libnvme_dev_open(const char *name, GError **error);

void nmnvme_libnvme_dev_close(NMNvmeLibnvmeDev *dev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeLibnvmeDev, nmnvme_libnvme_dev_close)

/**
 * nmnvme_libnvme_dev_supports_pleo:
 * @dev: a discovery controller
 *
 * Reads the Supported Log Pages log (NVMe Base 2.0, 5.16.1.1) and looks at
 * the discovery log's PLEOS bit (TP8010). Blocks (one admin command).
 *
 * Returns: whether the controller can return port-local entries only;
 *   %FALSE too when the read fails (as the spec's older controllers do).
 */
gboolean nmnvme_libnvme_dev_supports_pleo(NMNvmeLibnvmeDev *dev);

/**
 * nmnvme_libnvme_dev_read_discovery_log:
 * @dev: a discovery controller
 * @pleo: ask for port-local entries only (LSP PLEO)
 * @rae: Retain Asynchronous Event on the last transfer; the ones before it
 *   always retain, so that the log stays latched while it is read
 * @buf: where the log's first @len bytes go (NMNvmeDiscLogRaw)
 * @len: bytes to read, a multiple of 4
 * @error: return location for a #GError
 *
 * One Get Log Page of the discovery log from offset 0, in 64 KiB
 * transfers; when the controller or the kernel refuses that size (an NVMe
 * status, or EINVAL), the whole read is done again in 4 KiB transfers. A
 * timeout is not retried. Blocks (one or more admin commands).
 *
 * Returns: %TRUE, or %FALSE with @error: %G_IO_ERROR_FAILED naming the NVMe
 *   status and what libnvme calls it, or a #GIOErrorEnum from errno.
 */
gboolean nmnvme_libnvme_dev_read_discovery_log(NMNvmeLibnvmeDev *dev,
                                               gboolean          pleo,
                                               gboolean          rae,
                                               void             *buf,
                                               guint32           len,
                                               GError          **error);

/**
 * nmnvme_libnvme_register:
 * @name: a connected discovery controller ("nvme2"), TCP, DDC or CDC
 * @task: register, deregister or update (TP8010 DIM, TAS)
 * @hostnqn: the host NQN to register when the controller's sysfs folder
 *   does not name the one it was connected with (see docs/platforms.md)
 * @hostid: the host ID, likewise
 * @symname: (nullable): the host's symbolic name sent in the entry
 * @error: return location for a #GError
 *
 * Sends a Discovery Information Management command through libnvme: one
 * extended entry for this host, with its address taken by the controller
 * from the connection. Blocks (sysfs scan of @name, one admin command to the
 * remote controller).
 *
 * Returns: %TRUE, or %FALSE with @error naming @name: %NMNVME_ERROR_FAILED
 *   with the NVMe status when the controller rejected it, a #GIOErrorEnum
 *   from errno otherwise (%G_IO_ERROR_NOT_SUPPORTED: not a DDC or CDC).
 */
gboolean nmnvme_libnvme_register(const char   *name,
                                 NMNvmeDimTask task,
                                 const char   *hostnqn,
                                 const char   *hostid,
                                 const char   *symname,
                                 GError      **error);

/**
 * nmnvme_libnvme_generate_hostnqn:
 *
 * libnvme's host NQN generator (what `nvme gen-hostnqn` prints):
 * `nqn.2014-08.org.nvmexpress:uuid:UUID` with the firmware's (DMI or device
 * tree) UUID, else a random one. Blocks (small file reads).
 *
 * Returns: (transfer full) (nullable): the NQN, unvalidated, or %NULL.
 */
char *nmnvme_libnvme_generate_hostnqn(void);

/**
 * nmnvme_libnvme_can_read_nbft:
 * @error: return location for a #GError
 *
 * Whether this build's libnvme reads NBFTs. No I/O.
 *
 * Returns: %TRUE, or %FALSE with @error (%G_IO_ERROR_NOT_SUPPORTED) "NBFT
 *   support needs libnvme >= 1.5 (this build has libnvme X)".
 */
gboolean nmnvme_libnvme_can_read_nbft(GError **error);

/**
 * nmnvme_libnvme_read_nbft:
 * @path: an NBFT file (nmnvme_nbft_find_tables())
 * @warnings: (element-type utf8): where each record or field skipped
 *   goes, named (nmnvme-nbft-read.h): the table is never trusted
 * @error: return location for a #GError
 *
 * Reads and parses an NBFT with libnvme (nvme_nbft_read() since libnvme
 * 1.5, libnvmf_read_nbft() in libnvme3), then builds the model from it,
 * checking every field. Blocks (a file read).
 *
 * Returns: (transfer full): the table, or %NULL with @error:
 *   nmnvme_libnvme_can_read_nbft()'s when this build's libnvme cannot, a
 *   #GIOErrorEnum from errno when @path cannot be opened,
 *   %G_IO_ERROR_INVALID_DATA when libnvme rejects the table (layout,
 *   checksum); each message names @path.
 */
NMNvmeNbft *nmnvme_libnvme_read_nbft(const char *path, GPtrArray *warnings, GError **error);

/* The keyring configured TLS PSKs go to, and the kernel's default. */
#define NMNVME_TLS_KEYRING ".nvme"

/**
 * nmnvme_libnvme_can_insert_tls_keys:
 * @error: return location for a #GError
 *
 * Whether this build's libnvme can insert, find and revoke TLS keys
 * (libnvme 1.x with nvme_insert_tls_key_versioned(), libnvme3). No I/O.
 *
 * Returns: %TRUE, or %FALSE with @error (%G_IO_ERROR_NOT_SUPPORTED)
 *   "TLS keys need ... (this build has libnvme X)".
 */
gboolean nmnvme_libnvme_can_insert_tls_keys(GError **error);

/**
 * nmnvme_libnvme_insert_tls_key:
 * @hostnqn, @subnqn: whom the key is for
 * @hmac: the configured key's hash (0, 1 SHA-256, 2 SHA-384)
 * @key: the configured PSK (nmnvme_tls_psk_decode()); copied into memory
 *   that is wiped before it is freed
 * @identity: its identity, nmnvme_tls_identity(): libnvme derives the
 *   retained key and inserts it under the same version-0 description
 * @ours: the serial we inserted under @identity before (0: none): such a
 *   key is reused as it is
 * @error: return location for a #GError
 *
 * Inserts the key into `.nvme` as type `psk` unless a key with @identity
 * is there already: libnvme would revoke and replace it, and a key someone
 * else put there is never touched. Blocks (keyctl system calls).
 *
 * Returns: the key's serial, or 0 with @error: %G_IO_ERROR_EXISTS when
 *   another key has @identity (its serial named), %G_IO_ERROR_NOT_FOUND
 *   when there is no `.nvme` keyring, nmnvme_libnvme_can_insert_tls_keys()'s
 *   error, or libnvme's. Never names key material.
 */
gint32 nmnvme_libnvme_insert_tls_key(const char *hostnqn,
                                     const char *subnqn,
                                     guint       hmac,
                                     GBytes     *key,
                                     const char *identity,
                                     gint32      ours,
                                     GError    **error);

/**
 * nmnvme_libnvme_revoke_tls_key:
 * @serial: a key we inserted
 * @identity: its identity
 * @error: return location for a #GError
 *
 * Revokes the key with @identity in `.nvme` if it still is @serial (one
 * that replaced ours is someone else's: left alone, and that is no error).
 * Blocks (keyctl system calls).
 *
 * Returns: %TRUE (revoked, or no longer ours), or %FALSE with @error.
 */
gboolean nmnvme_libnvme_revoke_tls_key(gint32 serial, const char *identity, GError **error);

G_END_DECLS

#endif /* NMNVME_LIBNVME_H */
