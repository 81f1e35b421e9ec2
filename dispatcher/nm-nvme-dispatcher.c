/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-nvme-dispatcher.c: the NetworkManager dispatcher script of
 * NetworkManager-nvme, installed as dispatcher.d/90-nm-nvme (and linked from
 * pre-down.d/). It reads the profile's `nvme.*` settings and hands the
 * interface to nm-nvme-daemon (Attach/Detach); it never waits for discovery
 * or connects, because NetworkManager runs dispatcher scripts one at a time.
 *
 * A profile without `nvme.*` keys costs one keyfile read: no D-Bus call, no
 * daemon start; except on a host with an NBFT (a stat() of the ACPI table,
 * never read here), where `up` sends an Attach with empty settings: the
 * daemon makes a session only when the interface is one the NBFT
 * describes (README, "Boot from SAN (NBFT)"). Every failure is logged (journal, else syslog, and stderr)
 * with the interface and the profile, and the exit status is always 0: a
 * failing script must never hold up networking.
 */
#include "config.h"

#include <stdio.h>
#include <syslog.h>

#include "nmnvme-cli-client.h"
#include "nmnvme-dispatch.h"
#include "nmnvme-keyfile.h"
#include "nmnvme-nm-connection.h"
#include "nmnvme-settings-edit.h"
#include "nmnvme-settings.h"
#include "nmnvme-state.h"

#define OWNER_PREFIX     "dispatcher:"
#define VPN_OWNER_PREFIX "vpn:"

/* One dispatcher event, from nm-dispatcher's environment and arguments. */
typedef struct {
    const char *action;   /* $2 */
    const char *iface;    /* DEVICE_IP_IFACE, else $1 */
    const char *uuid;     /* CONNECTION_UUID */
    const char *id;       /* CONNECTION_ID */
    const char *filename; /* CONNECTION_FILENAME */
    gboolean    external; /* CONNECTION_EXTERNAL=1 */
} Event;

/* ---- logging -------------------------------------------------------------- */

static int
syslog_priority(GLogLevelFlags level)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
        return LOG_ERR;
    if (level & G_LOG_LEVEL_WARNING)
        return LOG_WARNING;
    if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
        return LOG_INFO;
    return LOG_DEBUG;
}

/* The journal when there is one; else syslog, and stderr (which
 * nm-dispatcher shows in its debug log). */
static GLogWriterOutput
log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    if (level & G_LOG_LEVEL_DEBUG)
        return G_LOG_WRITER_HANDLED;
    if (g_log_writer_journald(level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
        return G_LOG_WRITER_HANDLED;
    for (gsize i = 0; i < n_fields; i++) {
        if (g_str_equal(fields[i].key, "MESSAGE")) {
            syslog(syslog_priority(level), "%s", (const char *) fields[i].value);
            fprintf(stderr, "nm-nvme-dispatcher: %s\n", (const char *) fields[i].value);
        }
    }
    return G_LOG_WRITER_HANDLED;
}

/* Logs @text about @ev's interface and profile (never a secret: the
 * messages come from the schema and the daemon, which mask them). */
static void
event_log(const Event *ev, GLogLevelFlags level, const char *text)
{
    /* only MESSAGE is a format; the other values are taken as they are */
    g_log_structured(G_LOG_DOMAIN,
                     level,
                     "INTERFACE",
                     ev->iface,
                     "NM_CONNECTION",
                     ev->uuid ? ev->uuid : "",
                     "MESSAGE",
                     "%s: %s of '%s' (%s): %s",
                     ev->iface,
                     ev->action,
                     ev->id ? ev->id : "?",
                     ev->uuid ? ev->uuid : "?",
                     text);
}

/* ---- the profile's settings ----------------------------------------------- */

/* (transfer full) (nullable): user.data from NetworkManager, by UUID. */
static GHashTable *
read_from_networkmanager(const Event *ev, GError **error)
{
    g_autoptr(NMClient) client = NULL;
    NMRemoteConnection *remote;

    if (!ev->uuid) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no CONNECTION_UUID");
        return NULL;
    }
    client = nmnvme_nm_client_new(error);
    if (!client)
        return NULL;
    remote = nm_client_get_connection_by_uuid(client, ev->uuid);
    if (!remote) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "NetworkManager has no such profile");
        return NULL;
    }
    return nmnvme_nm_connection_get_user_data(NM_CONNECTION(remote));
}

/* (transfer full) (nullable): the profile's user.data. The keyfile first:
 * when it holds no nvme.* key, that is the answer, without D-Bus, and so it
 * is when the values do not matter (@need_values FALSE: a detach only needs
 * to know that the profile has nvme.* settings). Otherwise NetworkManager's
 * copy is the truth, the keyfile the fallback. */
static GHashTable *
read_user_data(const Event *ev, gboolean need_values)
{
    g_autoptr(GError) file_error  = NULL;
    g_autoptr(GError) nm_error    = NULL;
    g_autoptr(GHashTable) in_file = NULL;
    g_autofree char *text         = NULL;
    GHashTable      *from_nm;

    if (ev->filename)
        in_file = nmnvme_keyfile_read_user_data(ev->filename, &file_error);
    if (in_file && (!need_values || !nmnvme_settings_data_has_keys(in_file)))
        return g_steal_pointer(&in_file);
    from_nm = read_from_networkmanager(ev, &nm_error);
    if (from_nm)
        return from_nm;
    if (in_file)
        text = g_strdup_printf("reading the profile from NetworkManager failed (%s); using %s",
                               nm_error->message,
                               ev->filename);
    else
        text = g_strdup_printf("cannot read the profile: from NetworkManager: %s; from its "
                               "keyfile: %s",
                               nm_error->message,
                               file_error ? file_error->message : "no CONNECTION_FILENAME");
    event_log(ev, G_LOG_LEVEL_WARNING, text);
    return g_steal_pointer(&in_file);
}

/* Whether the host has an NBFT ($NMNVME_NBFT_DIR: another tables folder,
 * for tests). */
static gboolean
host_has_nbft(void)
{
    const char *dir = g_getenv("NMNVME_NBFT_DIR");

    return nmnvme_dispatch_host_has_nbft(dir && *dir ? dir : NMNVME_DISPATCH_ACPI_TABLES);
}

/* What @data says, with the validated settings in @out_settings. An invalid
 * value counts as enabled, so that Attach is skipped with the error logged
 * but a Detach still happens. No nvme.* key on a host with an NBFT: empty
 * settings (the daemon decides by the interface's MAC and VLAN). */
static NMNvmeDispatchSettings
classify(const Event *ev, GHashTable *data, NMNvmeSettings **out_settings)
{
    g_autoptr(GError) error = NULL;

    if (!data)
        return NMNVME_DISPATCH_SETTINGS_UNREADABLE;
    if (!nmnvme_settings_data_has_keys(data) && host_has_nbft()) {
        *out_settings = nmnvme_settings_new_default();
        return NMNVME_DISPATCH_SETTINGS_NBFT;
    }
    if (!nmnvme_settings_data_has_keys(data))
        return NMNVME_DISPATCH_SETTINGS_NONE;
    *out_settings = nmnvme_settings_new_from_data(data, &error);
    if (!*out_settings) {
        g_autofree char *text = g_strdup_printf("%s; the session is left as it was",
                                                error->message);

        event_log(ev, G_LOG_LEVEL_WARNING, text);
        return NMNVME_DISPATCH_SETTINGS_ENABLED;
    }
    if (!nmnvme_settings_get_bool(*out_settings, NMNVME_KEY_ENABLED))
        return NMNVME_DISPATCH_SETTINGS_NONE;
    return NMNVME_DISPATCH_SETTINGS_ENABLED;
}

/* Warns about each secret of @settings: user.data is no secret store. */
static void
warn_secrets(const Event *ev, const NMNvmeSettings *settings)
{
    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info(key);
        g_autofree char         *text = NULL;

        if (info->type != NMNVME_TYPE_SECRET || !nmnvme_settings_is_set(settings, key))
            continue;
        text = g_strdup_printf("%s is in user.data, which every local user can read "
                               "through NetworkManager; keep secrets (DH-HMAC-CHAP, TLS PSK) "
                               "in an nvme VPN-style profile's secrets",
                               info->name);
        event_log(ev, G_LOG_LEVEL_WARNING, text);
    }
}

/* ---- calls to nm-nvme-daemon ---------------------------------------------- */

static gboolean
attach(const Event *ev, NMNvmeDBusNvme *proxy, NMNvmeSettings *settings, GError **error)
{
    g_autoptr(GHashTable) data = NULL;
    g_autofree char *owner     = g_strconcat(OWNER_PREFIX, ev->uuid ? ev->uuid : "", NULL);

    data = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    return nmnvme_cli_client_attach(proxy, ev->iface, data, owner, error);
}

/* Whether the daemon's ownership record lists a session on @ev's interface
 * that this event ends: one made for this profile, and at pre-down also one
 * made by an `nvme` VPN-style profile (it rides on this device and goes down
 * with it; detaching now, while the address is still there, lets its
 * deregistrations through). The record is rewritten at once whenever a
 * session comes or goes, and reading it costs no D-Bus call. A record
 * that is there but unreadable or corrupt (the daemon could not rewrite it
 * yet: /run full) decides nothing: the Detach is sent, the daemon knows. */
static gboolean
record_has_session(const Event *ev)
{
    g_autoptr(GError) error    = NULL;
    g_autoptr(GVariant) record = nmnvme_state_load(NMNVME_STATE_DIR, &error);
    g_autofree char *mine      = g_strconcat(OWNER_PREFIX, ev->uuid ? ev->uuid : "", NULL);
    const char      *owner     = record ? nmnvme_state_lookup_owner(record, ev->iface) : NULL;

    if (!record) {
        g_autofree char *text =
            g_strdup_printf("ownership record: %s; detaching all the same", error->message);

        event_log(ev, G_LOG_LEVEL_MESSAGE, text);
        return TRUE;
    }
    return owner
        && (g_str_equal(owner, mine)
            || (g_str_equal(ev->action, "pre-down") && g_str_has_prefix(owner, VPN_OWNER_PREFIX)));
}

/* Carries out @plan; @out_done says what was done ("attached", "detached"),
 * or stays %NULL when it turned out there was nothing to do. */
static gboolean
run_plan(const Event *ev, const NMNvmeDispatchPlan *plan, NMNvmeSettings *settings,
         const char **out_done, GError **error)
{
    g_autoptr(NMNvmeDBusNvme) proxy =
        nmnvme_cli_client_new_full(G_BUS_TYPE_SYSTEM, plan->auto_start, error);
    g_autofree char *owner = proxy ? g_dbus_proxy_get_name_owner(G_DBUS_PROXY(proxy)) : NULL;

    if (!proxy)
        return FALSE;
    if (!plan->auto_start && !owner)
        return TRUE; /* not running: no session to detach */
    g_dbus_proxy_set_default_timeout(G_DBUS_PROXY(proxy), plan->timeout_msec);
    switch (plan->step) {
    case NMNVME_DISPATCH_ATTACH:
        *out_done = "attached";
        return attach(ev, proxy, settings, error);
    case NMNVME_DISPATCH_DETACH:
        *out_done = plan->reason;
        return nmnvme_cli_client_detach(proxy, ev->iface, plan->reason, plan->timeout_msec, error);
    case NMNVME_DISPATCH_NOTHING:
        break;
    }
    return TRUE;
}

static void
dispatch(const Event *ev)
{
    g_autoptr(GHashTable) data         = NULL;
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GError) error            = NULL;
    const char        *done            = NULL;
    NMNvmeDispatchPlan plan;

    if (!ev->iface || !*ev->iface || !ev->action || ev->external)
        return; /* external: a device NetworkManager only watches */
    plan = nmnvme_dispatch_plan(ev->action, NMNVME_DISPATCH_SETTINGS_ENABLED);
    if (plan.step == NMNVME_DISPATCH_NOTHING
        && nmnvme_dispatch_plan(ev->action, NMNVME_DISPATCH_SETTINGS_NONE).step
               == NMNVME_DISPATCH_NOTHING)
        return; /* an action we never act on: do not even read the profile */
    data = read_user_data(ev, plan.step == NMNVME_DISPATCH_ATTACH);
    plan = nmnvme_dispatch_plan(ev->action, classify(ev, data, &settings));
    if (plan.step == NMNVME_DISPATCH_NOTHING
        || (plan.step == NMNVME_DISPATCH_ATTACH && !settings) /* invalid: logged */
        || (plan.step == NMNVME_DISPATCH_DETACH && !record_has_session(ev)))
        return; /* nothing to detach: no D-Bus call */
    if (plan.step == NMNVME_DISPATCH_ATTACH)
        warn_secrets(ev, settings);
    if (plan.step == NMNVME_DISPATCH_ATTACH && nmnvme_dispatch_nbft_named(ev->id, ev->iface))
        event_log(ev,
                  G_LOG_LEVEL_MESSAGE,
                  "NetworkManager's NBFT profile or interface: the daemon matches it to the "
                  "NBFT by MAC address and VLAN");
    if (run_plan(ev, &plan, settings, &done, &error)) {
        if (done) {
            g_autofree char *text = g_strdup_printf("%s%s", plan.reason ? "detached: " : "", done);

            event_log(ev, G_LOG_LEVEL_MESSAGE, text);
        }
    } else {
        event_log(ev, G_LOG_LEVEL_WARNING, error->message);
    }
}

int
main(int argc, char **argv)
{
    const char *ip_iface = g_getenv("DEVICE_IP_IFACE");
    Event       ev       = {
                  .action   = argc > 2 ? argv[2] : g_getenv("NM_DISPATCHER_ACTION"),
                  .iface    = ip_iface && *ip_iface ? ip_iface : (argc > 1 ? argv[1] : NULL),
                  .uuid     = g_getenv("CONNECTION_UUID"),
                  .id       = g_getenv("CONNECTION_ID"),
                  .filename = g_getenv("CONNECTION_FILENAME"),
                  .external = g_strcmp0(g_getenv("CONNECTION_EXTERNAL"), "1") == 0,
    };

    openlog("nm-nvme-dispatcher", LOG_PID, LOG_DAEMON);
    g_log_set_writer_func(log_writer, NULL, NULL);
    dispatch(&ev);
    closelog();
    return 0;
}
