/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-client.c: synchronous calls of the generated proxy, with the
 * error names registered and remote errors stripped.
 */
#include "config.h"

#include "nmnvme-cli-client.h"

#include "nmnvme-dbus-api.h"
#include "nmnvme-dbus-errors.h"
#include "nmnvme-strdict.h"

/* Detach waits for deregistrations and disconnects, each bounded by the
 * kernel's own timeouts; a few minutes cover many controllers. */
#define DETACH_TIMEOUT_MSEC (5 * 60 * 1000)

/* Returns @ok; when not, strips GDBus's remote-error prefix from @error and
 * says when the daemon is not there at all. */
static gboolean
finish(gboolean ok, GError **error)
{
    if (ok || !error || !*error)
        return ok;
    g_dbus_error_strip_remote_error(*error);
    if (g_error_matches(*error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
        g_error_matches(*error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        g_prefix_error(error, "nm-nvme-daemon is not running: ");
    return FALSE;
}

NMNvmeDBusNvme *
nmnvme_cli_client_new(GBusType bus_type, GError **error)
{
    return nmnvme_cli_client_new_full(bus_type, TRUE, error);
}

NMNvmeDBusNvme *
nmnvme_cli_client_new_full(GBusType bus_type, gboolean auto_start, GError **error)
{
    /* not even at construction: a start then happens within the first
     * call's own timeout, never GDBus's 25 s StartServiceByName */
    GDBusProxyFlags flags = G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                          | G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS
                          | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START_AT_CONSTRUCTION;
    NMNvmeDBusNvme *proxy;

    g_return_val_if_fail(!error || !*error, NULL);

    if (!auto_start)
        flags |= G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START;
    nmnvme_dbus_errors_register();
    proxy = nmnvme_dbus_nvme_proxy_new_for_bus_sync(bus_type,
                                                    flags,
                                                    NMNVME_DBUS_NAME,
                                                    NMNVME_DBUS_PATH,
                                                    NULL,
                                                    error);
    if (!proxy)
        g_prefix_error(error,
                       "cannot reach the %s bus: ",
                       bus_type == G_BUS_TYPE_SESSION ? "session" : "system");
    return proxy;
}

GVariant *
nmnvme_cli_client_get_sessions(NMNvmeDBusNvme *proxy, GError **error)
{
    GVariant *sessions = NULL;

    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), NULL);

    if (!finish(nmnvme_dbus_nvme_call_get_sessions_sync(proxy, &sessions, NULL, error), error))
        return NULL;
    return sessions;
}

gboolean
nmnvme_cli_client_attach(NMNvmeDBusNvme *proxy,
                         const char     *iface,
                         GHashTable     *settings,
                         const char     *owner,
                         GError        **error)
{
    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), FALSE);

    return finish(nmnvme_dbus_nvme_call_attach_sync(proxy,
                                                    iface,
                                                    nmnvme_strdict_to_variant(settings),
                                                    owner,
                                                    NULL,
                                                    error),
                  error);
}

gboolean
nmnvme_cli_client_detach(NMNvmeDBusNvme *proxy,
                         const char     *iface,
                         const char     *reason,
                         int             timeout_msec,
                         GError        **error)
{
    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), FALSE);

    g_dbus_proxy_set_default_timeout(G_DBUS_PROXY(proxy),
                                     timeout_msec < 0 ? DETACH_TIMEOUT_MSEC : timeout_msec);
    return finish(nmnvme_dbus_nvme_call_detach_sync(proxy, iface, reason, NULL, error), error);
}

gboolean
nmnvme_cli_client_get_discovery_log(NMNvmeDBusNvme *proxy,
                                    const char     *iface,
                                    const char     *dc_key,
                                    guint           offset,
                                    guint           limit,
                                    GVariant      **out_entries,
                                    guint          *out_total,
                                    guint64        *out_genctr,
                                    GError        **error)
{
    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), FALSE);

    return finish(nmnvme_dbus_nvme_call_get_discovery_log_sync(proxy,
                                                               iface,
                                                               dc_key,
                                                               offset,
                                                               limit,
                                                               out_entries,
                                                               out_total,
                                                               out_genctr,
                                                               NULL,
                                                               error),
                  error);
}

GVariant *
nmnvme_cli_client_get_nbft(NMNvmeDBusNvme *proxy, GError **error)
{
    GVariant *nbft = NULL;

    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), NULL);

    if (!finish(nmnvme_dbus_nvme_call_get_nbft_sync(proxy, &nbft, NULL, error), error))
        return NULL;
    return nbft;
}

char *
nmnvme_cli_client_get_nbft_status(NMNvmeDBusNvme *proxy, GError **error)
{
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(GVariant) value = NULL;

    g_return_val_if_fail(NMNVME_DBUS_IS_NVME(proxy), NULL);

    /* the proxy loads no properties: one Get */
    reply = g_dbus_proxy_call_sync(G_DBUS_PROXY(proxy),
                                   "org.freedesktop.DBus.Properties.Get",
                                   g_variant_new("(ss)", NMNVME_DBUS_INTERFACE, "Nbft"),
                                   G_DBUS_CALL_FLAGS_NONE,
                                   -1,
                                   NULL,
                                   error);
    if (!finish(reply != NULL, error))
        return NULL;
    g_variant_get(reply, "(v)", &value);
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the daemon's Nbft is not a string");
        return NULL;
    }
    return g_variant_dup_string(value, NULL);
}
