/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-loader.h: which GUI library fits the host process, and
 * loading it from the directory the calling library was loaded from
 * (NetworkManager's nm-vpn-plugin-utils pattern). GTK-free.
 */
#ifndef NVME_EDITOR_LOADER_H
#define NVME_EDITOR_LOADER_H

#include <NetworkManager.h>

G_BEGIN_DECLS

/* (transfer none): NVME_EDITOR_GTK3_MODULE when GTK 3 is loaded in this
 * process (it has gtk_container_add, which GTK 4 lacks), else
 * NVME_EDITOR_GTK4_MODULE. */
const char *nvme_editor_loader_module_name(void);

/**
 * nvme_editor_loader_load:
 * @module_name: a file name next to this library, or an absolute path
 * @plugin: the calling editor plugin
 * @connection: the profile to edit
 * @error: return location for a #GError
 *
 * Loads @module_name (never unloaded: it registers GTypes) and calls its
 * NVME_EDITOR_FACTORY. Returns: (transfer full): the editor, or %NULL with
 * @error naming the file and what failed.
 */
NMVpnEditor *nvme_editor_loader_load(const char        *module_name,
                                     NMVpnEditorPlugin *plugin,
                                     NMConnection      *connection,
                                     GError           **error);

G_END_DECLS

#endif /* NVME_EDITOR_LOADER_H */
