/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-plugin.c: libnm-vpn-plugin-nvme.so, the GTK-free
 * NMVpnEditorPlugin the `.name` file's `[libnm] plugin=` names: name,
 * description, service, capabilities (no import/export), and get_editor(),
 * which loads the GUI library matching the host's GTK (nvme-editor-loader).
 * Exports only nm_vpn_editor_plugin_factory (libnm's contract).
 */
#include "config.h"

#include <NetworkManager.h>

#include "nvme-editor-defines.h"
#include "nvme-editor-loader.h"

#define NVME_TYPE_EDITOR_PLUGIN (nvme_editor_plugin_get_type())
G_DECLARE_FINAL_TYPE(NvmeEditorPlugin, nvme_editor_plugin, NVME, EDITOR_PLUGIN, GObject)

struct _NvmeEditorPlugin {
    GObject parent;
};

enum {
    PROP_0,
    PROP_NAME,
    PROP_DESCRIPTION,
    PROP_SERVICE,
};

static void nvme_editor_plugin_interface_init(NMVpnEditorPluginInterface *iface);

G_DEFINE_TYPE_WITH_CODE(NvmeEditorPlugin,
                        nvme_editor_plugin,
                        G_TYPE_OBJECT,
                        G_IMPLEMENT_INTERFACE(NM_TYPE_VPN_EDITOR_PLUGIN,
                                              nvme_editor_plugin_interface_init))

static NMVpnEditorPluginCapability
get_capabilities(NMVpnEditorPlugin *plugin)
{
    return NM_VPN_EDITOR_PLUGIN_CAPABILITY_NONE;
}

static NMVpnEditor *
get_editor(NMVpnEditorPlugin *plugin, NMConnection *connection, GError **error)
{
    g_return_val_if_fail(NM_IS_CONNECTION(connection), NULL);
    return nvme_editor_loader_load(nvme_editor_loader_module_name(), plugin, connection, error);
}

static void
get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    switch (prop_id) {
    case PROP_NAME:
        g_value_set_string(value, NVME_EDITOR_NAME);
        break;
    case PROP_DESCRIPTION:
        g_value_set_string(value, NVME_EDITOR_DESCRIPTION);
        break;
    case PROP_SERVICE:
        g_value_set_string(value, NVME_EDITOR_SERVICE);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
        break;
    }
}

static void
nvme_editor_plugin_init(NvmeEditorPlugin *self)
{
}

static void
nvme_editor_plugin_class_init(NvmeEditorPluginClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->get_property = get_property;
    g_object_class_override_property(object_class, PROP_NAME, NM_VPN_EDITOR_PLUGIN_NAME);
    g_object_class_override_property(object_class,
                                     PROP_DESCRIPTION,
                                     NM_VPN_EDITOR_PLUGIN_DESCRIPTION);
    g_object_class_override_property(object_class, PROP_SERVICE, NM_VPN_EDITOR_PLUGIN_SERVICE);
}

static void
nvme_editor_plugin_interface_init(NMVpnEditorPluginInterface *iface)
{
    iface->get_editor       = get_editor;
    iface->get_capabilities = get_capabilities;
}

NMVpnEditorPlugin *nm_vpn_editor_plugin_factory(GError **error);

G_MODULE_EXPORT NMVpnEditorPlugin *
nm_vpn_editor_plugin_factory(GError **error)
{
    g_return_val_if_fail(!error || !*error, NULL);
    return g_object_new(NVME_TYPE_EDITOR_PLUGIN, NULL);
}
