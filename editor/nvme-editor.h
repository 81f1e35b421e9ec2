/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor.h: the NMVpnEditor of an `nvme` profile: its page
 * (nvme-editor-page) and update_connection(). Built twice, into
 * libnm-vpn-plugin-nvme-editor.so (GTK 3) and
 * libnm-gtk4-vpn-plugin-nvme-editor.so (GTK 4); each exports only the
 * factory below (NVME_EDITOR_FACTORY), which the GTK-free plugin calls.
 */
#ifndef NVME_EDITOR_H
#define NVME_EDITOR_H

#include <NetworkManager.h>

G_BEGIN_DECLS

/* Returns: (transfer full): the editor of @connection, or %NULL with @error
 * (a secret stored in vpn.data, say: the editor refuses rather than loses it). */
NMVpnEditor *nm_vpn_editor_factory_nvme(NMVpnEditorPlugin *plugin,
                                        NMConnection      *connection,
                                        GError           **error);

G_END_DECLS

#endif /* NVME_EDITOR_H */
