/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-loader.c: finding and loading the GUI library (see the header).
 */
#include "config.h"

#include "nvme-editor-loader.h"

#include <dlfcn.h>
#include <gmodule.h>

#include "nvme-editor-defines.h"

typedef NMVpnEditor *(*EditorFactory)(NMVpnEditorPlugin *plugin,
                                      NMConnection      *connection,
                                      GError           **error);

const char *
nvme_editor_loader_module_name(void)
{
    GModule *self_module = g_module_open(NULL, 0);
    gpointer gtk3_only   = NULL;

    if (self_module) {
        g_module_symbol(self_module, "gtk_container_add", &gtk3_only);
        g_module_close(self_module);
    }
    return gtk3_only ? NVME_EDITOR_GTK3_MODULE : NVME_EDITOR_GTK4_MODULE;
}

/* (transfer full): @module_name beside the library this code is in. */
static char *
module_path(const char *module_name, GError **error)
{
    Dl_info          self;
    g_autofree char *dir = NULL;

    if (g_path_is_absolute(module_name))
        return g_strdup(module_name);
    if (!dladdr((void *) nvme_editor_loader_load, &self) || !self.dli_fname) {
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_FAILED,
                    "%s: cannot find the editor plugin's own directory",
                    module_name);
        return NULL;
    }
    dir = g_path_get_dirname(self.dli_fname);
    return g_build_filename(dir, module_name, NULL);
}

NMVpnEditor *
nvme_editor_loader_load(const char        *module_name,
                        NMVpnEditorPlugin *plugin,
                        NMConnection      *connection,
                        GError           **error)
{
    g_autofree char *path = module_path(module_name, error);
    void            *handle;
    EditorFactory    factory;
    NMVpnEditor     *editor;

    if (!path)
        return NULL;
    /* RTLD_NODELETE: its GTypes cannot be unregistered, so it stays loaded;
     * loading it again only finds the same copy. */
    handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_FAILED,
                    "%s: cannot load the editor: %s",
                    path,
                    dlerror());
        return NULL;
    }
    factory = (EditorFactory) dlsym(handle, NVME_EDITOR_FACTORY);
    if (!factory) {
        g_set_error(error,
                    NM_VPN_PLUGIN_ERROR,
                    NM_VPN_PLUGIN_ERROR_FAILED,
                    "%s: no %s: %s",
                    path,
                    NVME_EDITOR_FACTORY,
                    dlerror());
        dlclose(handle);
        return NULL;
    }
    editor = factory(plugin, connection, error);
    dlclose(handle);
    return editor;
}
