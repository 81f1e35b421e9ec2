/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-defines.h: the names the three editor libraries agree on: the
 * VPN service, the GUI libraries' file names and their factory symbol.
 */
#ifndef NVME_EDITOR_DEFINES_H
#define NVME_EDITOR_DEFINES_H

#define NVME_EDITOR_SERVICE "org.freedesktop.NetworkManager.nvme"
#define NVME_EDITOR_NAME    "NVMe over Fabrics"
#define NVME_EDITOR_DESCRIPTION \
    "NVMe/TCP storage controllers reached through this connection's interface"

#define NVME_EDITOR_GTK3_MODULE "libnm-vpn-plugin-nvme-editor.so"
#define NVME_EDITOR_GTK4_MODULE "libnm-gtk4-vpn-plugin-nvme-editor.so"

/* NMVpnEditor *nm_vpn_editor_factory_nvme(NMVpnEditorPlugin *, NMConnection *, GError **),
 * the one symbol each GUI library exports. */
#define NVME_EDITOR_FACTORY "nm_vpn_editor_factory_nvme"

#endif /* NVME_EDITOR_DEFINES_H */
