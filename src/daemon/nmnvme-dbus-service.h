/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-service.h: the daemon's one D-Bus object, the engine behind
 * org.freedesktop.NetworkManager.Nvme1 at NMNVME_DBUS_PATH. It checks who
 * calls (nmnvme-dbus-auth.h), parses settings with the schema, hands
 * errors back with their D-Bus names and forwards the engine's "changed"
 * signal; all NVMe state stays in the engine.
 */
#ifndef NMNVME_DBUS_SERVICE_H
#define NMNVME_DBUS_SERVICE_H

#include <gio/gio.h>

#include "nmnvme-engine.h"

G_BEGIN_DECLS

#define NMNVME_TYPE_DBUS_SERVICE (nmnvme_dbus_service_get_type())
G_DECLARE_FINAL_TYPE(NMNvmeDBusService, nmnvme_dbus_service, NMNVME, DBUS_SERVICE, GObject)

/**
 * nmnvme_dbus_service_new:
 * @engine: the engine to serve (referenced)
 * @connection: the bus to export the object on
 * @error: return location for a #GError
 *
 * Registers the D-Bus error names and exports the object. It is unexported
 * when the last reference goes; each call in flight holds one.
 *
 * Returns: (transfer full): the exported service, or %NULL with @error.
 */
NMNvmeDBusService *nmnvme_dbus_service_new(NMNvmeEngine    *engine,
                                           GDBusConnection *connection,
                                           GError         **error);

/* Re-reads what the properties show (HostNqn) from the engine, e.g. after
 * nmnvme_engine_reload(); changes are announced by PropertiesChanged. */
void nmnvme_dbus_service_sync_properties(NMNvmeDBusService *self);

G_END_DECLS

#endif /* NMNVME_DBUS_SERVICE_H */
