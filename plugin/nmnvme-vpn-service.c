/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-service.c: the `nvme` VPN service plugin: Connect, NeedSecrets
 * and Disconnect mapped onto nm-nvme-daemon's Attach and Detach. libnm
 * (NMClient) tells the parent device and whether the profile is a
 * secondary; the daemon is called asynchronously, so the plugin's D-Bus
 * object always answers NetworkManager at once.
 */
#include "config.h"

#include "nmnvme-vpn-service.h"

#include "nmnvme-cli-client.h"
#include "nmnvme-nm-connection.h"
#include "nmnvme-secret.h"
#include "nmnvme-settings.h"
#include "nmnvme-state.h"
#include "nmnvme-strdict.h"
#include "nmnvme-vpn-data.h"
#include "nmnvme-vpn-policy.h"

#define OWNER_PREFIX "vpn:"
/* NetworkManager answers at once unless it is stopping; a stopped one is
 * answered for by the bus at once (its unique name is gone) */
#define DEVICE_STATE_TIMEOUT_MSEC (5 * 1000)
#define ATTACH_TIMEOUT_MSEC       (5 * 1000)
#define DETACH_TIMEOUT_MSEC       (10 * 1000)

struct _NMNvmeVpnService {
    NMVpnServicePlugin parent;
    char              *uuid;        /* the active profile's */
    char              *id;          /* its name, for the log */
    char              *iface;       /* the interface it is activated on */
    char              *device_path; /* that device's D-Bus object */
    char              *device_addr; /* an address of it: the gateway of last resort */
    char              *nm_owner;    /* the unique bus name of the NetworkManager that started us */
    gboolean           attaching;   /* Attach sent, no answer yet */
    gboolean           detach_wanted; /* Disconnect came while attaching */
    guint              busy;        /* Attach or Disconnect work not finished */
};

G_DEFINE_TYPE(NMNvmeVpnService, nmnvme_vpn_service, NM_TYPE_VPN_SERVICE_PLUGIN)

/* ---- the activation's context --------------------------------------------- */

/* The active connection of the profile @uuid, or %NULL. */
static NMActiveConnection *
find_active(NMClient *client, const char *uuid)
{
    const GPtrArray *active = nm_client_get_active_connections(client);

    for (guint i = 0; i < active->len; i++) {
        if (g_strcmp0(nm_active_connection_get_uuid(active->pdata[i]), uuid) == 0)
            return active->pdata[i];
    }
    return NULL;
}

/* Whether @uuid is a secondary of the profile active on @device. */
static gboolean
is_secondary_on(NMDevice *device, const char *uuid)
{
    NMActiveConnection *base   = nm_device_get_active_connection(device);
    NMRemoteConnection *remote = base ? nm_active_connection_get_connection(base) : NULL;
    NMSettingConnection *s_con =
        remote ? nm_connection_get_setting_connection(NM_CONNECTION(remote)) : NULL;

    for (guint i = 0; s_con && i < nm_setting_connection_get_num_secondaries(s_con); i++) {
        if (g_strcmp0(nm_setting_connection_get_secondary(s_con, i), uuid) == 0)
            return TRUE;
    }
    return FALSE;
}

/* (transfer full) (nullable): the first IPv4, else IPv6, address of @device. */
static char *
device_address(NMDevice *device)
{
    NMIPConfig *configs[] = { nm_device_get_ip4_config(device), nm_device_get_ip6_config(device) };

    for (gsize i = 0; i < G_N_ELEMENTS(configs); i++) {
        GPtrArray *addresses = configs[i] ? nm_ip_config_get_addresses(configs[i]) : NULL;

        if (addresses && addresses->len > 0)
            return g_strdup(nm_ip_address_get_address(addresses->pdata[0]));
    }
    return NULL;
}

/* Records the parent device of @uuid's activation; @out_secondary says
 * whether the profile came up as a secondary of the base profile there. */
static gboolean
find_parent(NMNvmeVpnService *self, const char *uuid, gboolean *out_secondary, GError **error)
{
    g_autoptr(NMClient) client = nmnvme_nm_client_new(error);
    NMActiveConnection *active = client ? find_active(client, uuid) : NULL;
    const GPtrArray    *devices;
    NMDevice           *device;

    if (!client)
        return FALSE;
    devices = active ? nm_active_connection_get_devices(active) : NULL;
    if (!devices || devices->len == 0) {
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_BAD_ARGUMENTS,
                    "no interface: activate it on one (nmcli connection up %s ifname IFACE) "
                    "or make it a secondary of the interface's profile",
                    self->id);
        return FALSE;
    }
    device = devices->pdata[0];
    g_free(self->iface);
    g_free(self->device_path);
    self->iface =
        g_strdup(nm_device_get_ip_iface(device) ? nm_device_get_ip_iface(device)
                                                : nm_device_get_iface(device));
    self->device_path = g_strdup(nm_object_get_path(NM_OBJECT(device)));
    g_free(self->device_addr);
    self->device_addr = device_address(device);
    *out_secondary    = is_secondary_on(device, uuid);
    g_free(self->nm_owner);
    self->nm_owner = g_strdup(nm_client_get_dbus_name_owner(client));
    return TRUE;
}

static void
copy_item(const char *key, const char *value, gpointer table)
{
    /* copies: the foreach functions pass keys they free afterwards */
    g_hash_table_insert(table, g_strdup(key), g_strdup(value));
}

static GHashTable *
dict_new(void)
{
    return nmnvme_secret_dict_new();
}

/* Fills @data and @secrets from @s_vpn. */
static void
vpn_items(NMSettingVpn *s_vpn, GHashTable *data, GHashTable *secrets)
{
    nm_setting_vpn_foreach_data_item(s_vpn, copy_item, data);
    nm_setting_vpn_foreach_secret(s_vpn, copy_item, secrets);
}

/* (transfer full): the validated settings of @connection's vpn.data and
 * vpn.secrets, or %NULL with the schema's error. */
static NMNvmeSettings *
settings_from(NMConnection *connection, GError **error)
{
    NMSettingVpn *s_vpn          = nm_connection_get_setting_vpn(connection);
    g_autoptr(GHashTable) data    = dict_new();
    g_autoptr(GHashTable) secrets = dict_new();
    g_autoptr(GHashTable) merged  = NULL;

    if (!s_vpn) {
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_INVALID_CONNECTION,
                    "not a VPN profile");
        return NULL;
    }
    vpn_items(s_vpn, data, secrets);
    merged = nmnvme_vpn_data_merge(data, secrets, error);
    return merged ? nmnvme_settings_new_from_data(merged, error) : NULL;
}

/* The first configured discovery (else I/O) controller's address. */
static const char *
gateway_of(NMNvmeSettings *settings)
{
    const NMNvmeKey keys[] = { NMNVME_KEY_DISCOVERY, NMNVME_KEY_CONTROLLERS };

    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
        GPtrArray *uris = nmnvme_settings_get_uris(settings, keys[i]);

        if (uris->len > 0)
            return nmnvme_uri_get_traddr(uris->pdata[0]);
    }
    return NULL;
}

/* ---- Connect ---------------------------------------------------------------- */

typedef struct {
    NMNvmeVpnService *self;
    char             *gateway;
    gboolean          secondary;
} AttachData;

static void
attach_data_free(AttachData *d)
{
    g_object_unref(d->self);
    g_free(d->gateway);
    g_free(d);
}

/* NetworkManager refuses a configuration without a gateway; with no
 * controller address at hand (zeroconf only, invalid settings) the parent
 * device's own address stands in. */
static void
report_config(NMNvmeVpnService *self, const char *gateway)
{
    if (!gateway)
        gateway = self->device_addr;
    /* sunk: set_config() emits a GObject signal, which would sink and free
     * a floating value before sending it over D-Bus */
    g_autoptr(GVariant) config = g_variant_ref_sink(nmnvme_vpn_config_new(gateway));

    nm_vpn_service_plugin_set_config(NM_VPN_SERVICE_PLUGIN(self), config);
}

static void start_teardown(NMNvmeVpnService *self);

static void
on_attached(GObject *source, GAsyncResult *result, gpointer user_data)
{
    AttachData       *d     = user_data;
    NMNvmeVpnService *self  = d->self;
    g_autoptr(GError) error = NULL;
    gboolean ok = nmnvme_dbus_nvme_call_attach_finish(NMNVME_DBUS_NVME(source), result, &error);

    self->attaching = FALSE;
    if (ok) {
        g_message("%s: profile '%s' (%s): attached", self->iface, self->id, self->uuid);
    } else {
        g_dbus_error_strip_remote_error(error);
        g_warning("%s: profile '%s' (%s): Attach failed: %s",
                  self->iface,
                  self->id,
                  self->uuid,
                  error->message);
    }
    if (self->detach_wanted) {
        /* NetworkManager said Disconnect meanwhile: undo, whatever came */
        start_teardown(self);
    } else if (!ok && !d->secondary) {
        nm_vpn_service_plugin_failure(NM_VPN_SERVICE_PLUGIN(self),
                                      NM_VPN_PLUGIN_FAILURE_CONNECT_FAILED);
    } else {
        report_config(self, d->gateway);
    }
    self->busy--;
    attach_data_free(d);
}

/* Starts Attach(@settings) for the recorded interface. */
static gboolean
start_attach(NMNvmeVpnService *self, NMNvmeSettings *settings, gboolean secondary,
             GError **error)
{
    g_autoptr(NMNvmeDBusNvme) proxy = nmnvme_cli_client_new(G_BUS_TYPE_SYSTEM, error);
    g_autoptr(GHashTable) data      = NULL;
    g_autofree char *owner          = g_strconcat(OWNER_PREFIX, self->uuid, NULL);
    AttachData      *d;

    if (!proxy)
        return FALSE;
    data = nmnvme_settings_to_data(settings, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    d            = g_new0(AttachData, 1);
    d->self      = g_object_ref(self);
    d->gateway   = g_strdup(gateway_of(settings));
    d->secondary = secondary;
    self->attaching = TRUE;
    self->busy++;
    g_dbus_proxy_set_default_timeout(G_DBUS_PROXY(proxy), ATTACH_TIMEOUT_MSEC);
    nmnvme_dbus_nvme_call_attach(proxy,
                                 self->iface,
                                 nmnvme_strdict_to_variant(data),
                                 owner,
                                 NULL,
                                 on_attached,
                                 d);
    return TRUE;
}

static gboolean
report_idle(gpointer user_data)
{
    report_config(user_data, NULL);
    return G_SOURCE_REMOVE;
}

static gboolean
real_connect(NMVpnServicePlugin *plugin, NMConnection *connection, GError **error)
{
    NMNvmeVpnService *self             = NMNVME_VPN_SERVICE(plugin);
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GError) invalid          = NULL;
    gboolean secondary                 = FALSE;

    g_free(self->uuid);
    g_free(self->id);
    self->uuid = g_strdup(nm_connection_get_uuid(connection));
    self->id   = g_strdup(nm_connection_get_id(connection));
    if (!find_parent(self, self->uuid, &secondary, error))
        return FALSE;
    settings = settings_from(connection, &invalid);
    if (!settings && !secondary) {
        g_warning("%s: profile '%s' (%s): %s", self->iface, self->id, self->uuid, invalid->message);
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_BAD_ARGUMENTS,
                    "%s",
                    invalid->message);
        return FALSE;
    }
    if (!settings) {
        g_warning("%s: profile '%s' (%s), a secondary: %s; no NVMe session, the interface "
                  "stays up",
                  self->iface,
                  self->id,
                  self->uuid,
                  invalid->message);
        /* after connect() returns: libnm moves to STARTING only then, and a
         * config reported before would read as a reconnect */
        g_idle_add_full(G_PRIORITY_DEFAULT, report_idle, g_object_ref(self), g_object_unref);
        return TRUE;
    }
    return start_attach(self, settings, secondary, error);
}

static gboolean
real_need_secrets(NMVpnServicePlugin *plugin,
                  NMConnection       *connection,
                  const char        **setting_name,
                  GError            **error)
{
    NMNvmeVpnService *self        = NMNVME_VPN_SERVICE(plugin);
    NMSettingVpn *s_vpn           = nm_connection_get_setting_vpn(connection);
    g_autoptr(GHashTable) data    = dict_new();
    g_autoptr(GHashTable) secrets = dict_new();
    gboolean secondary            = FALSE;

    if (!s_vpn)
        return FALSE;
    vpn_items(s_vpn, data, secrets);
    if (!nmnvme_vpn_needs_secrets(data, secrets))
        return FALSE;
    if (find_parent(self, nm_connection_get_uuid(connection), &secondary, NULL) && secondary) {
        /* asking may find no agent (a boot without a session), and a failed
         * secondary takes its base interface down: connect without it */
        g_warning("%s: profile '%s': a secret (DH-HMAC-CHAP or TLS PSK) is not available; as "
                  "a secondary it is not asked for",
                  self->iface,
                  nm_connection_get_id(connection));
        return FALSE;
    }
    *setting_name = NM_SETTING_VPN_SETTING_NAME;
    return TRUE;
}

/* ---- Disconnect ------------------------------------------------------------- */

static void
teardown_done(NMNvmeVpnService *self)
{
    self->busy--;
}

static void
on_detached(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeVpnService) self = user_data;
    g_autoptr(GError) error          = NULL;

    if (!nmnvme_dbus_nvme_call_detach_finish(NMNVME_DBUS_NVME(source), result, &error)) {
        g_dbus_error_strip_remote_error(error);
        g_warning("%s: profile '%s': Detach failed: %s", self->iface, self->id, error->message);
    }
    teardown_done(self);
}

static void
start_detach(NMNvmeVpnService *self, NMNvmeVpnTeardown teardown)
{
    const char *reason              = nmnvme_vpn_teardown_reason(teardown);
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy = NULL;

    g_message("%s: profile '%s' (%s) disconnected: %s",
              self->iface,
              self->id,
              self->uuid,
              reason ? reason : "NetworkManager is stopping, controllers kept");
    if (!reason) {
        teardown_done(self);
        return;
    }
    proxy = nmnvme_cli_client_new(G_BUS_TYPE_SYSTEM, &error);
    if (!proxy) {
        g_warning("%s: %s", self->iface, error->message);
        teardown_done(self);
        return;
    }
    g_dbus_proxy_set_default_timeout(G_DBUS_PROXY(proxy), DETACH_TIMEOUT_MSEC);
    nmnvme_dbus_nvme_call_detach(proxy, self->iface, reason, NULL, on_detached, g_object_ref(self));
}

static void
on_device_state(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeVpnService) self = user_data;
    g_autoptr(GVariant) reply        = NULL;
    g_autoptr(GVariant) value        = NULL;
    guint32 state                    = 0;

    reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, NULL);
    if (reply) {
        g_variant_get(reply, "(v)", &value);
        if (g_variant_is_of_type(value, G_VARIANT_TYPE_UINT32))
            state = g_variant_get_uint32(value);
    }
    start_detach(self, nmnvme_vpn_teardown_for(reply && state, state));
}

/* Detaches what this activation made, as the parent device's state, asked
 * of the NetworkManager that started us, says (nmnvme-vpn-policy). Only a
 * session the daemon's record shows as ours is touched: the interface may
 * carry another's (a base profile's user.data settings). */
static void
start_teardown(NMNvmeVpnService *self)
{
    g_autoptr(GVariant) record = nmnvme_state_load(NMNVME_STATE_DIR, NULL);
    g_autofree char *mine      = g_strconcat(OWNER_PREFIX, self->uuid, NULL);
    const char      *owner     = record && self->iface
                                     ? nmnvme_state_lookup_owner(record, self->iface)
                                     : NULL;

    if (g_strcmp0(owner, mine) != 0 || !self->device_path)
        return;
    self->busy++;
    /* to NetworkManager's unique name: a new NetworkManager (a restart)
     * never answers for the one that is gone */
    g_dbus_connection_call(nm_vpn_service_plugin_get_connection(NM_VPN_SERVICE_PLUGIN(self)),
                           self->nm_owner ? self->nm_owner : NM_DBUS_SERVICE,
                           self->device_path,
                           "org.freedesktop.DBus.Properties",
                           "Get",
                           g_variant_new("(ss)", NM_DBUS_INTERFACE_DEVICE, "State"),
                           G_VARIANT_TYPE("(v)"),
                           G_DBUS_CALL_FLAGS_NO_AUTO_START,
                           DEVICE_STATE_TIMEOUT_MSEC,
                           NULL,
                           on_device_state,
                           g_object_ref(self));
}

static gboolean
real_disconnect(NMVpnServicePlugin *plugin, GError **error)
{
    NMNvmeVpnService *self = NMNVME_VPN_SERVICE(plugin);

    if (self->attaching)
        self->detach_wanted = TRUE; /* on_attached() continues */
    else
        start_teardown(self);
    return TRUE;
}

/* ---- object --------------------------------------------------------------- */

gboolean
nmnvme_vpn_service_is_busy(NMNvmeVpnService *self)
{
    return self->busy > 0;
}

NMNvmeVpnService *
nmnvme_vpn_service_new(const char *bus_name, gboolean watch_peer, GError **error)
{
    return g_initable_new(NMNVME_TYPE_VPN_SERVICE,
                          NULL,
                          error,
                          NM_VPN_SERVICE_PLUGIN_DBUS_SERVICE_NAME,
                          bus_name,
                          NM_VPN_SERVICE_PLUGIN_DBUS_WATCH_PEER,
                          watch_peer,
                          NULL);
}

static void
nmnvme_vpn_service_init(NMNvmeVpnService *self)
{
}

static void
finalize(GObject *object)
{
    NMNvmeVpnService *self = NMNVME_VPN_SERVICE(object);

    g_free(self->uuid);
    g_free(self->id);
    g_free(self->iface);
    g_free(self->device_path);
    g_free(self->device_addr);
    g_free(self->nm_owner);
    G_OBJECT_CLASS(nmnvme_vpn_service_parent_class)->finalize(object);
}

static void
nmnvme_vpn_service_class_init(NMNvmeVpnServiceClass *klass)
{
    GObjectClass            *object_class = G_OBJECT_CLASS(klass);
    NMVpnServicePluginClass *plugin_class = NM_VPN_SERVICE_PLUGIN_CLASS(klass);

    object_class->finalize     = finalize;
    plugin_class->connect      = real_connect;
    plugin_class->need_secrets = real_need_secrets;
    plugin_class->disconnect   = real_disconnect;
}
