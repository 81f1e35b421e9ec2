/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-api.h: the names of nm-nvme-daemon's D-Bus API that its
 * clients share: bus name, object path, interface, the words of Detach's
 * reason and GetDiscoveryLog's largest page. The members themselves are in
 * org.freedesktop.NetworkManager.Nvme1.xml; the error names in
 * nmnvme-dbus-errors.h.
 */
#ifndef NMNVME_DBUS_API_H
#define NMNVME_DBUS_API_H

#define NMNVME_DBUS_NAME      "org.freedesktop.NetworkManager.Nvme"
#define NMNVME_DBUS_PATH      "/org/freedesktop/NetworkManager/Nvme"
#define NMNVME_DBUS_INTERFACE "org.freedesktop.NetworkManager.Nvme1"

/* Detach(interface, reason): the two reasons. */
#define NMNVME_DBUS_REASON_DEACTIVATE "deactivate"
#define NMNVME_DBUS_REASON_LINK_LOST  "link-lost"

/* GetDiscoveryLog(interface, dc_key, offset, limit): the largest limit. */
#define NMNVME_DBUS_LOG_PAGE_MAX 256

#endif /* NMNVME_DBUS_API_H */
