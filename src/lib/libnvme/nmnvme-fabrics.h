/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics.h: the blocking kernel operations on NVMe over Fabrics
 * controllers, as async calls that complete in the caller's main context.
 *
 * Connects run on one worker thread, in submission order: the kernel takes
 * one global mutex for every write to /dev/nvme-fabrics, so parallel
 * connects buy nothing, and one queue adds nothing to the kernel's own
 * cost. Log page reads, registrations, disconnects and sysfs scans run on
 * GLib's shared pool, concurrently with connects. Connects and disconnects
 * talk to the kernel directly (/dev/nvme-fabrics, sysfs); log pages and
 * registrations go through libnvme (nmnvme-libnvme.h), a fresh libnvme
 * context per call, so no libnvme object crosses threads.
 *
 * The ownership registry (nmnvme-registry.h) is written here, on the same
 * workers, next to the kernel operation it belongs to: the uevent sequence
 * number is read before a connect and our entry written after it; a
 * disconnect re-checks the device and removes our entry first; a scan
 * reads every device's owner and removes our own stale entries. So is the
 * intent of a connect (nmnvme-connect-intent.h): saved right before the
 * write to /dev/nvme-fabrics, removed once our registry entry is written
 * or the connect failed. These are small tmpfs writes, but they must be
 * ordered with the connect and the delete, which only the worker can do.
 */
#ifndef NMNVME_FABRICS_H
#define NMNVME_FABRICS_H

#include <gio/gio.h>

#include "nmnvme-connect-intent.h"
#include "nmnvme-host.h"
#include "nmnvme-nbft.h"
#include "nmnvme-registry.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

typedef struct _NMNvmeFabrics NMNvmeFabrics;

/**
 * nmnvme_fabrics_new:
 * @fabrics_dev: the kernel's fabrics device ("/dev/nvme-fabrics")
 * @sysfs_class: the nvme class folder ("/sys/class/nvme")
 * @registry: the ownership registry (copied)
 * @intent_dir: (nullable): where connect intents are kept (the state
 *   folder, NMNVME_STATE_DIR); %NULL: none are
 *
 * Returns: (transfer full): the worker set; no I/O happens here.
 */
NMNvmeFabrics *nmnvme_fabrics_new(const char           *fabrics_dev,
                                  const char           *sysfs_class,
                                  const NMNvmeRegistry *registry,
                                  const char           *intent_dir);

/* Waits for the connect worker to drain its queue: cancel the queued
 * requests' cancellables first, so that they return without connecting. */
void nmnvme_fabrics_free(NMNvmeFabrics *fabrics);

/**
 * nmnvme_fabrics_set_nbft:
 * @nbft: (nullable): the host's NBFT (a reference is taken), %NULL: none
 *
 * The table the re-check before every delete consults: a boot controller
 * (nmnvme_nbft_is_boot_ctrl()) is never deleted, whoever asks. Operations
 * queued from now on use it; main context only.
 */
void nmnvme_fabrics_set_nbft(NMNvmeFabrics *fabrics, NMNvmeNbft *nbft);

/**
 * nmnvme_fabrics_connect_async:
 * @options: the option string to write (see nmnvme-connect-options.h);
 *   copied and wiped after use, as it may hold secrets
 * @describe: what to name in errors, e.g. "nqn@10.0.0.1:4420 via stor0"
 * @owner: the registry owner the new device is registered as:
 *   NMNVME_REGISTRY_OWNER, or NMNVME_NBFT_OWNER for a boot controller
 *   (as nvme-cli registers those)
 * @intent: (nullable): the connect's intent (transport ID, host NQN,
 *   session; copied): the worker notes the sequence number and the
 *   controllers present, and saves it synchronously right before the write
 *   (nmnvme-connect-intent.h); it is removed once our registry entry is
 *   written or the connect failed, and kept while the entry could not be
 *   written (removed by nmnvme_fabrics_add_owner_async() or the delete)
 *
 * Queues a connect. A request cancelled before its turn is never written.
 * The finish function returns the new controller's name ("nvme3"), the
 * inode of its sysfs directory in @out_ino (0: unreadable) and the
 * kernel's uevent sequence number read before the connect in @out_seqnum
 * (0: unreadable; events of the new device are later); the name
 * is then in the registry as @owner's; when that entry
 * could not be written, the controller is returned all the same and
 * @out_warning says why. @out_intent_problem: why the intent could not be
 * saved (the connect went on: storage first), %NULL when it was.
 */
void  nmnvme_fabrics_connect_async(NMNvmeFabrics             *fabrics,
                                   const char                *options,
                                   const char                *describe,
                                   const char                *owner,
                                   const NMNvmeConnectIntent *intent,
                                   GCancellable              *cancellable,
                                   GAsyncReadyCallback        callback,
                                   gpointer                   user_data);
char *nmnvme_fabrics_connect_finish(NMNvmeFabrics *fabrics,
                                    GAsyncResult  *result,
                                    guint64       *out_ino,
                                    guint64       *out_seqnum,
                                    char         **out_warning,
                                    char         **out_intent_problem,
                                    GError       **error);

/* The errno of a connect's failed write to the fabrics device (ESRCH: no
 * tlshd, ENOKEY, EACCES, ... for a TLS connect, nmnvme-tls.h), 0 when it
 * did not fail there; read it before or after the finish function. */
int nmnvme_fabrics_connect_get_errno(GAsyncResult *result);

/**
 * NMNvmeDiscoveryLog:
 * @entries: (element-type NMNvmeLogEntry): the sanitized entries
 * @rejected: (element-type utf8): one message per entry that was dropped
 * @genctr: the generation counter of the log that was read
 * @dctype: the controller's sysfs `dctype` ("cdc", "ddc", "none") or %NULL
 * @pleo: whether port-local entries only were requested
 */
typedef struct {
    GPtrArray *entries;
    GPtrArray *rejected;
    guint64    genctr;
    char      *dctype;
    gboolean   pleo;
} NMNvmeDiscoveryLog;

void nmnvme_discovery_log_free(NMNvmeDiscoveryLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeDiscoveryLog, nmnvme_discovery_log_free)

/**
 * nmnvme_fabrics_get_log_async:
 * @name: the discovery controller ("nvme2")
 * @want_pleo: request port-local entries only when the controller supports
 *   it (Supported Log Pages, PLEOS) and is not a CDC; a controller whose
 *   sysfs `dctype` is "none" (no TP8010) is not asked
 * @previous: (nullable) (element-type NMNvmeLogEntry): the entries of the
 *   log last read from this controller: those of unchanged records are
 *   shared, not sanitized again (nmnvme_log_entries_from_log()); a
 *   reference is held until the read ends, the entries are only read
 *
 * Reads the discovery log page until its generation counter is stable.
 */
void                nmnvme_fabrics_get_log_async(NMNvmeFabrics      *fabrics,
                                                 const char         *name,
                                                 gboolean            want_pleo,
                                                 GPtrArray          *previous,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
NMNvmeDiscoveryLog *nmnvme_fabrics_get_log_finish(NMNvmeFabrics *fabrics,
                                                  GAsyncResult  *result,
                                                  GError       **error);

typedef enum {
    NMNVME_DIM_REGISTER,
    NMNVME_DIM_DEREGISTER,
    NMNVME_DIM_UPDATE,
} NMNvmeDimTask;

/**
 * nmnvme_fabrics_register_async:
 * @name: the discovery controller ("nvme2")
 * @task: register, deregister or update (TP8010 DIM TAS)
 * @host: the host identity: its symbolic name is sent with the
 *   registration; its NQN and ID when the controller's sysfs names none
 *   (copied)
 *
 * Cancelling @cancellable completes the call at once with
 * %G_IO_ERROR_CANCELLED; the command already sent to the controller runs
 * on in the pool until the kernel answers or times out (a teardown need
 * not wait for a hung discovery controller).
 */
void     nmnvme_fabrics_register_async(NMNvmeFabrics      *fabrics,
                                       const char         *name,
                                       NMNvmeDimTask       task,
                                       const NMNvmeHost   *host,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean nmnvme_fabrics_register_finish(NMNvmeFabrics *fabrics,
                                        GAsyncResult  *result,
                                        GError       **error);

/**
 * nmnvme_fabrics_disconnect_async:
 * @name: the controller ("nvme3")
 * @recorded: the transport ID we recorded for @name (copied)
 * @recorded_ino: the inode of @name's sysfs directory we recorded; 0: not
 *   known
 * @hostnqn: the host NQN we connect with
 *
 * The one place that writes `delete_controller`. Right before, it re-checks
 * that @name still is @recorded (the same sysfs inode too, when known),
 * that the registry says it is ours
 * (nmnvme_ownership_check_delete()) and that it is no boot controller of
 * the NBFT set with nmnvme_fabrics_set_nbft() (nmnvme_nbft_is_boot_ctrl()):
 * a recycled name or a boot controller is never deleted (the finish
 * function fails with %G_IO_ERROR_PERMISSION_DENIED). Our registry
 * entry is removed before the delete. A controller that is already gone
 * counts as success; after a delete, the connect intent of @recorded (and
 * @hostnqn), if one was kept, is removed. @unregistered: we connected it but our registry
 * entry could not be written yet (nmnvme_fabrics_add_owner_async()): no
 * entry at all is accepted as ours too, when @recorded_ino is known and
 * matches; another owner's entry never is.
 */
void     nmnvme_fabrics_disconnect_async(NMNvmeFabrics      *fabrics,
                                         const char         *name,
                                         const NMNvmeTrid   *recorded,
                                         guint64             recorded_ino,
                                         gboolean            unregistered,
                                         const char         *hostnqn,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean nmnvme_fabrics_disconnect_finish(NMNvmeFabrics *fabrics,
                                          GAsyncResult  *result,
                                          GError       **error);

/**
 * nmnvme_fabrics_add_owner_async:
 * @name: a controller we connected ("nvme3") whose registry entry could
 *   not be written
 * @ino: the inode of its sysfs directory when we connected it; 0: not known
 * @seqnum: the uevent sequence number read before that connect; 0: unknown
 * @trid: (nullable): its transport ID, whose connect intent is removed once
 *   the entry is written (with @hostnqn)
 *
 * Writes our registry entry for @name again (nmnvme_registry_add()), on a
 * worker, after checking that @name still is that controller (same inode,
 * when known). Also how a controller made by a connect of a daemon that
 * died before registering it (a connect intent left behind) is registered.
 *
 * The finish function fails with %G_IO_ERROR_NOT_FOUND when @name is gone
 * or is another controller now, %G_IO_ERROR_EXISTS when another owner
 * registered it meanwhile, or the write's error (ENOSPC, ...).
 */
void     nmnvme_fabrics_add_owner_async(NMNvmeFabrics      *fabrics,
                                        const char         *name,
                                        guint64             ino,
                                        guint64             seqnum,
                                        const NMNvmeTrid   *trid,
                                        const char         *hostnqn,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean nmnvme_fabrics_add_owner_finish(NMNvmeFabrics *fabrics,
                                         GAsyncResult  *result,
                                         GError       **error);

/* (element-type NMNvmeKernelCtrl): every fabrics controller in sysfs, each
 * with its registry owner; our own stale registry entries are removed.
 * @out_skipped (nullable, element-type utf8 utf8): the entries that could
 * not be read, by name, with why (nmnvme_kernel_ctrl_scan()); the scan
 * fails only when the class folder cannot be read. */
void       nmnvme_fabrics_scan_async(NMNvmeFabrics      *fabrics,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
GPtrArray *nmnvme_fabrics_scan_finish(NMNvmeFabrics *fabrics,
                                      GAsyncResult  *result,
                                      GHashTable   **out_skipped,
                                      GError       **error);

/**
 * nmnvme_fabrics_read_nbft_async:
 * @dir: where the kernel exposes ACPI tables (NMNVME_NBFT_ACPI_DIR)
 *
 * Reads the host's NBFT on GLib's pool (nmnvme_nbft_find_tables(), then
 * nmnvme_libnvme_read_nbft()): `NBFT`, else the next table that reads;
 * one table is used (the model has one host and one numbering), the others
 * are named in the warnings.
 */
void nmnvme_fabrics_read_nbft_async(const char         *dir,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);

/**
 * nmnvme_fabrics_read_nbft_finish:
 * @out_warnings: (out) (optional) (element-type utf8): what the reader
 *   skipped, one message each (the caller logs them)
 *
 * Returns: (transfer full): the table, or %NULL with @error:
 *   %G_IO_ERROR_NOT_SUPPORTED (this libnvme cannot read NBFTs, whether or
 *   not there is one), %G_IO_ERROR_NOT_FOUND (no NBFT in @dir), or why
 *   the first table could not be read.
 */
NMNvmeNbft *nmnvme_fabrics_read_nbft_finish(GAsyncResult *result,
                                            GPtrArray   **out_warnings,
                                            GError      **error);

G_END_DECLS

#endif /* NMNVME_FABRICS_H */
