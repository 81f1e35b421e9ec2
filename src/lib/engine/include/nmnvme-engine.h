/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine.h: the engine. It runs sessions, one per network interface,
 * each with its validated `nvme.*` settings and an owner tag, and owns the
 * kernel controllers those sessions made or adopted. It is the only owner of
 * mutable NVMe state in the process; the daemon puts it on D-Bus.
 *
 * Everything here is called from, and calls back into, the thread-default
 * main context the engine was created in. The kernel work (connects, log
 * pages, DIM, disconnects, sysfs scans) runs on worker threads and never
 * blocks that context. What does block it, each call says; in short:
 *
 *  - the ownership record (nmnvme-state.h): a synchronous write-and-rename
 *    of one small file in @state_dir (tmpfs on a real host) when
 *    nmnvme_engine_attach() creates a session, changes its owner or queues
 *    an Attach behind a teardown, when
 *    nmnvme_engine_detach_async() starts a teardown or suspends a session,
 *    and from a timer on
 *    the main context 1 s after the first change of a burst; a synchronous
 *    read in nmnvme_engine_restore();
 *  - the keys TLS sessions made us insert (nmnvme-engine-tls.h): the small
 *    file @state_dir/tls-keys read in nmnvme_engine_new() and rewritten
 *    (write-and-rename) when a key is inserted or released;
 *  - the connect intents an earlier run left in @state_dir
 *    (nmnvme-connect-intent.h): read in nmnvme_engine_restore(), one
 *    removed (unlink) after a session's scan when it names no controller;
 *  - avahi-client (sessions with `nvme.zeroconf=yes` only): synchronous
 *    D-Bus calls to the local avahi-daemon when a session's client,
 *    browsers and resolvers are created: in nmnvme_engine_attach(),
 *    nmnvme_engine_restore(), nmnvme_engine_reload() and in main-loop
 *    callbacks (avahi-daemon coming back, a service announced);
 *  - nmnvme_engine_new() and nmnvme_engine_reload(): the host identity
 *    files and the kernel's connect options (/dev/nvme-fabrics, a read that
 *    waits while a connect in progress holds the kernel's fabrics mutex);
 *  - the host-wide exclusion list (a few small files in /etc/nvme): read in
 *    nmnvme_engine_new() and again from a file monitor's callback on the
 *    main context when one of them changes;
 *  - the NBFT is not read on the main context: nmnvme_engine_new() and
 *    nmnvme_engine_reload() start its read on a worker (then
 *    nmnvme_engine_set_nbft()); an interface's MAC address and VLAN ID are
 *    read on a worker;
 *  - the udev rule shadowing nvme-cli's autoconnect for our discovery
 *    controllers (nmnvme-autoconnect.h): one small file written in
 *    nmnvme_engine_new(), removed when the engine is finalized.
 *
 * The ownership registry (/run/nvme/registry) is read and written on the
 * workers, next to the connects, disconnects and scans it belongs to; so
 * is a connect's intent (saved before the write, removed after); and the
 * NBFT is read on a worker too (nmnvme_engine_new(), reload).
 */
#ifndef NMNVME_ENGINE_H
#define NMNVME_ENGINE_H

#include <gio/gio.h>

#include "nmnvme-state.h"

#include "nmnvme-settings.h"

G_BEGIN_DECLS

/**
 * NMNvmeEngineConfig:
 * @host_dir: where `hostnqn` and `hostid` are (`/etc/nvme`)
 * @state_dir: where ownership records survive restarts (`/run/nm-nvme`)
 * @fabrics_dev: the kernel's fabrics device (`/dev/nvme-fabrics`)
 * @sysfs_class: the nvme class folder (`/sys/class/nvme`)
 * @registry_dir: the host-wide ownership registry (`/run/nvme/registry`)
 * @seqnum_file: the kernel's uevent sequence number
 *   (`/sys/kernel/uevent_seqnum`)
 * @exclusions_file: the host-wide exclusion list
 *   (`/etc/nvme/exclusions.conf`)
 * @exclusions_dropin: its drop-in folder (`/etc/nvme/exclusions.conf.d`)
 * @udev_rules_dir: (nullable): where the rule that keeps nvme-cli's udev
 *   autoconnect off our discovery controllers is written while the engine
 *   lives (`/run/udev/rules.d`); %NULL: none (tests)
 * @sysfs_net: (nullable): the net class folder, where an interface's MAC
 *   address is read to match it against the NBFT (`/sys/class/net`, also
 *   when %NULL)
 * @proc_vlan: (nullable): where a VLAN device's ID is read
 *   (`/proc/net/vlan`, also when %NULL)
 * @nbft_dir: (nullable): where the kernel exposes the NBFT
 *   (`/sys/firmware/acpi/tables`); %NULL: no NBFT is read (tests)
 * @proc_dir: (nullable): the proc file system the TLS probe reads
 *   (`/proc/keys`, tlshd among the processes; nmnvme-engine-tls.h), also
 *   when %NULL
 */
typedef struct {
    const char *host_dir;
    const char *state_dir;
    const char *fabrics_dev;
    const char *sysfs_class;
    const char *registry_dir;
    const char *seqnum_file;
    const char *exclusions_file;
    const char *exclusions_dropin;
    const char *udev_rules_dir;
    const char *sysfs_net;
    const char *proc_vlan;
    const char *nbft_dir;
    const char *proc_dir;
} NMNvmeEngineConfig;

/* The defaults of a real host. */
#define NMNVME_ENGINE_CONFIG_DEFAULT                                          \
    ((NMNvmeEngineConfig){ .host_dir          = "/etc/nvme",                  \
                           .state_dir         = NMNVME_STATE_DIR,             \
                           .fabrics_dev       = "/dev/nvme-fabrics",          \
                           .sysfs_class       = "/sys/class/nvme",            \
                           .registry_dir      = "/run/nvme/registry",         \
                           .seqnum_file       = "/sys/kernel/uevent_seqnum",  \
                           .exclusions_file   = "/etc/nvme/exclusions.conf",  \
                           .exclusions_dropin = "/etc/nvme/exclusions.conf.d", \
                           .udev_rules_dir    = "/run/udev/rules.d",          \
                           .sysfs_net         = "/sys/class/net",             \
                           .proc_vlan         = "/proc/net/vlan",             \
                           .nbft_dir          = "/sys/firmware/acpi/tables" })

typedef enum {
    /* Administrative deactivation: deregister (TP8010), then disconnect
     * what the session owns, unless `nvme.on-deactivate=keep`. */
    NMNVME_DETACH_DEACTIVATE,
    /* The link went away: stop discovery work; keep the controllers for the
     * kernel to reconnect, unless `nvme.on-link-loss=disconnect`. */
    NMNVME_DETACH_LINK_LOST,
} NMNvmeDetachReason;

/* The host's NVMe-oF Boot Firmware Table (private to src/lib: the daemon
 * sees the table through nmnvme_engine_get_nbft_async()). */
typedef struct _NMNvmeNbft NMNvmeNbft;

#define NMNVME_TYPE_ENGINE (nmnvme_engine_get_type())
G_DECLARE_FINAL_TYPE(NMNvmeEngine, nmnvme_engine, NMNVME, ENGINE, GObject)

/**
 * nmnvme_engine_new:
 * @config: paths; copied
 * @error: return location for a #GError
 *
 * Loads the host identity and the kernel's connect options (a few small
 * file reads at start-up, before any session exists), and starts the read
 * of the NBFT in @nbft_dir on a worker (nmnvme_engine_is_nbft_read()). Fails when the host
 * identity is missing or invalid; a missing fabrics device is not fatal
 * (logged once: the nvme-fabrics module may load later).
 *
 * Returns: (transfer full): the engine, or %NULL with @error.
 */
NMNvmeEngine *nmnvme_engine_new(const NMNvmeEngineConfig *config, GError **error);

/**
 * nmnvme_engine_restore:
 *
 * Re-creates the sessions recorded in the state folder by an earlier run and
 * adopts their controllers. Never disconnects anything. The connect
 * intents an earlier run left (it died during a connect) go to the
 * sessions of their interfaces, restored here or attached later: the
 * controller such a connect made is adopted and registered at the
 * session's first scan. Blocks on reading the record and the intents, and
 * on avahi-client for sessions with zeroconf.
 */
void nmnvme_engine_restore(NMNvmeEngine *engine);

/**
 * nmnvme_engine_reload:
 *
 * SIGHUP: re-reads the host identity and the kernel's connect options (for
 * connects from now on), starts a new read of the NBFT on a worker and resyncs every active session (log pages are
 * read again, registrations renewed, missing controllers retried at once).
 * Returns %FALSE with @error, changing nothing, when the new host identity
 * is invalid. Blocks on those reads (the fabrics device waits for a connect
 * in progress), and on avahi-client when a zeroconf browser is replaced.
 */
gboolean nmnvme_engine_reload(NMNvmeEngine *engine, GError **error);

/**
 * nmnvme_engine_attach:
 * @iface: the interface name
 * @settings: validated settings (referenced)
 * @owner: who attaches ("dispatcher:UUID", "vpn:UUID", "cli", ...)
 * @error: return location for a #GError
 *
 * Creates the session of @iface or updates it: the same settings again
 * change nothing; different settings are applied as a difference. A
 * session suspended by a link loss resumes and resyncs. While the session
 * of @iface is being detached the Attach is queued: it succeeds, the
 * session shows "attach-pending", and the new session starts when the
 * teardown ends (a later Attach replaces it, a later Detach drops it).
 * Returns without waiting for the network: discovery and connects proceed
 * in the background. When it returns, the ownership record already names
 * @owner (front ends decide on Detach by it): it blocks on the record
 * write when it creates a session, changes its owner or queues the
 * Attach, and on avahi-client when a session with zeroconf starts
 * browsing.
 *
 * Settings without any key set (an Attach without `nvme.*` keys) make a
 * new session only when the interface is an HFI of the NBFT
 * (nmnvme_engine_set_nbft()), matched by MAC address and VLAN ID on a
 * worker: the call succeeds at once, and the session, if any, starts when
 * the match is known (logged at debug level when there is none). An
 * existing session takes them like any other settings.
 *
 * Returns: %TRUE, or %FALSE with @error: %NMNVME_ERROR_INVALID_ARGUMENT
 *   when @iface is not a valid interface name.
 */
gboolean nmnvme_engine_attach(NMNvmeEngine   *engine,
                              const char     *iface,
                              NMNvmeSettings *settings,
                              const char     *owner,
                              GError        **error);

/**
 * nmnvme_engine_detach_async:
 *
 * Ends or suspends the session of @iface according to @reason and its
 * settings. Completes when deregistrations and disconnects are done.
 * Detaching an interface without a session succeeds and does nothing;
 * detaching one whose teardown is under way drops an Attach queued
 * behind it and completes when the teardown ends.
 * Blocks only on the record write when a teardown starts or the session
 * is suspended.
 */
void     nmnvme_engine_detach_async(NMNvmeEngine       *engine,
                                    const char         *iface,
                                    NMNvmeDetachReason  reason,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean nmnvme_engine_detach_finish(NMNvmeEngine *engine, GAsyncResult *result, GError **error);

/**
 * nmnvme_engine_get_sessions:
 *
 * Returns: (transfer full): a floating-free `aa{sv}` snapshot, one dict per
 *   session: interface, owner, state, settings (`a{ss}`, secrets left out),
 *   discovery-controllers (`aa{sv}`, each with its key and log-entry-count,
 *   not the entries: nmnvme_engine_get_discovery_log()), io-controllers
 *   (`aa{sv}`), used-not-owned (`u`) and excluded (`aa{sv}`). Its size does
 *   not grow with the discovery logs. Never contains a secret.
 */
GVariant *nmnvme_engine_get_sessions(NMNvmeEngine *engine);

/* The most log entries one nmnvme_engine_get_discovery_log() returns. */
#define NMNVME_ENGINE_LOG_PAGE_MAX 256

/**
 * nmnvme_engine_get_discovery_log_async:
 * @iface: the session's interface
 * @dc_key: the discovery controller's "key" in the snapshot
 * @offset: the first entry wanted, 0-based, at most the log's size
 * @limit: how many at most, 1 to %NMNVME_ENGINE_LOG_PAGE_MAX
 *
 * One page of the discovery controller's cached log page, as it is now
 * (the controller is not asked); empty when no log was read yet. The
 * arguments are checked and the page's entries taken at once; the reply
 * is built on a thread that serves every reader in turn, so that readers
 * cost the main loop a lookup each and take one CPU at most.
 */
void nmnvme_engine_get_discovery_log_async(NMNvmeEngine       *engine,
                                           const char         *iface,
                                           const char         *dc_key,
                                           guint               offset,
                                           guint               limit,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);

/**
 * nmnvme_engine_get_discovery_log_finish:
 * @out_total: (out): how many entries the cached log has
 * @out_genctr: (out): its generation counter (0 before the first read); a
 *   client paging through the log starts again when it changes
 *
 * Returns: (transfer full): a floating-free `aa{sv}`, one dict per entry,
 *   or %NULL with @error (%NMNVME_ERROR_INVALID_ARGUMENT) naming the first
 *   bad argument of `limit` (out of range), `interface` (no session),
 *   `dc_key` (no such discovery controller) and `offset` (past the end).
 */
GVariant *nmnvme_engine_get_discovery_log_finish(NMNvmeEngine *engine,
                                                 GAsyncResult *result,
                                                 guint        *out_total,
                                                 guint64      *out_genctr,
                                                 GError      **error);

/* A number that moves whenever a session changed, at once (the "changed"
 * signal comes coalesced, a little later): a cached snapshot is current
 * while it is the same. */
guint64 nmnvme_engine_get_serial(NMNvmeEngine *engine);

const char *nmnvme_engine_get_hostnqn(NMNvmeEngine *engine);

/**
 * nmnvme_engine_set_nbft:
 * @nbft: (nullable): the host's NBFT (a reference is taken); %NULL: none,
 *   or unreadable
 *
 * The engine reads the table itself (@nbft_dir of the config, on a worker,
 * at start and on reload) and sets it here after each read; tests set
 * their own.
 *
 * The table the engine works with from now on: every session's interface
 * is matched against its HFIs again (MAC address and VLAN ID, read on a
 * worker); a session whose interface is an HFI also wants that HFI's
 * subsystems and discovery records (nmnvme_session_set_hfi()). Its boot
 * controllers (nmnvme_nbft_is_boot_ctrl()) are never disconnected, by any
 * session or path: the re-check before every delete refuses them.
 * Controllers registered as `nbft` or `boot` are refused also without a
 * table.
 */
void nmnvme_engine_set_nbft(NMNvmeEngine *engine, NMNvmeNbft *nbft);

/* (transfer none) (nullable): the table of nmnvme_engine_set_nbft(). */
NMNvmeNbft *nmnvme_engine_get_nbft(NMNvmeEngine *engine);

/* Whether the read of the NBFT that nmnvme_engine_new() started has
 * finished (TRUE at once without @nbft_dir): "nbft-changed" says when. The
 * daemon takes its bus name after it, so that an Attach without `nvme.*`
 * settings (a session only for an NBFT HFI) never comes before the
 * table. */
gboolean nmnvme_engine_is_nbft_read(NMNvmeEngine *engine);

/**
 * nmnvme_engine_get_nbft_status:
 *
 * The host's NBFT (Boot from SAN), as `nm-nvme status` shows it:
 * "available", "none" or "unavailable: REASON" (libnvme older than 1.5,
 * an unreadable table; "unavailable: not read yet" until the read that
 * nmnvme_engine_new() starts on a worker ends). The "nbft-changed" signal
 * says when it may have changed (after each read: at start, on reload).
 */
const char *nmnvme_engine_get_nbft_status(NMNvmeEngine *engine);

/**
 * nmnvme_engine_get_nbft_async:
 *
 * The GetNbft dictionary (docs/dbus-api.md, "NBFT"): the table the engine
 * read, and for each subsystem and discovery record whether a kernel
 * controller of it exists now (any interface), its device and owner, for
 * each HFI the interface that is it now. Scans the kernel and the network
 * interfaces on workers.
 */
void      nmnvme_engine_get_nbft_async(NMNvmeEngine       *engine,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
/* Returns: (transfer full): a floating-free `a{sv}`, or %NULL with @error. */
GVariant *nmnvme_engine_get_nbft_finish(NMNvmeEngine *engine, GAsyncResult *result, GError **error);

/* Signals:
 *   "changed": void (*)(NMNvmeEngine *engine, const char *iface, gpointer data):
 *   something in that session changed, or the session ended.
 *   "nbft-changed": void (*)(NMNvmeEngine *engine, gpointer data): a read of
 *   the NBFT ended (nmnvme_engine_get_nbft_status()).
 *
 * The keys and state words of the nmnvme_engine_get_sessions() snapshot are
 * documented in docs/dbus-api.md ("Sessions"); they come from
 * nmnvme_session_to_variant() and nmnvme_ctrl_to_variant(); those of the log
 * entries from nmnvme-log-view.c. */

G_END_DECLS

#endif /* NMNVME_ENGINE_H */
