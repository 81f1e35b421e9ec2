/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor.c: the NMVpnEditor GObject (see the header). It owns the page
 * and the values it edits; the widget ↔ settings logic is in
 * nvme-editor-page.c and nvme-editor-values.c.
 */
#include "config.h"

#include "nvme-editor.h"

#include "nvme-editor-defines.h"
#include "nvme-editor-page.h"
#include "nvme-editor-values.h"

#define NVME_TYPE_EDITOR (nvme_editor_get_type())
G_DECLARE_FINAL_TYPE(NvmeEditor, nvme_editor, NVME, EDITOR, GObject)

struct _NvmeEditor {
    GObject           parent;
    NvmeEditorValues *values;
    GtkWidget        *page; /* (owned) */
};

static void nvme_editor_interface_init(NMVpnEditorInterface *iface);

G_DEFINE_TYPE_WITH_CODE(NvmeEditor,
                        nvme_editor,
                        G_TYPE_OBJECT,
                        G_IMPLEMENT_INTERFACE(NM_TYPE_VPN_EDITOR, nvme_editor_interface_init))

static GObject *
get_widget(NMVpnEditor *editor)
{
    return G_OBJECT(NVME_EDITOR(editor)->page);
}

static gboolean
update_connection(NMVpnEditor *editor, NMConnection *connection, GError **error)
{
    NvmeEditor   *self  = NVME_EDITOR(editor);
    NMSettingVpn *s_vpn = nm_connection_get_setting_vpn(connection);

    if (!nvme_editor_page_read(self->page, self->values, error))
        return FALSE;
    if (!s_vpn) {
        s_vpn = NM_SETTING_VPN(nm_setting_vpn_new());
        nm_connection_add_setting(connection, NM_SETTING(s_vpn));
    }
    g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, NVME_EDITOR_SERVICE, NULL);
    return nvme_editor_values_apply(self->values, s_vpn, error);
}

static void
emit_changed(GObject *editor)
{
    g_signal_emit_by_name(editor, "changed");
}

static void
nvme_editor_init(NvmeEditor *self)
{
}

static void
nvme_editor_dispose(GObject *object)
{
    NvmeEditor *self = NVME_EDITOR(object);

    g_clear_object(&self->page);
    G_OBJECT_CLASS(nvme_editor_parent_class)->dispose(object);
}

static void
nvme_editor_finalize(GObject *object)
{
    g_clear_pointer(&NVME_EDITOR(object)->values, nvme_editor_values_free);
    G_OBJECT_CLASS(nvme_editor_parent_class)->finalize(object);
}

static void
nvme_editor_class_init(NvmeEditorClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->dispose  = nvme_editor_dispose;
    object_class->finalize = nvme_editor_finalize;
}

static void
nvme_editor_interface_init(NMVpnEditorInterface *iface)
{
    iface->get_widget        = get_widget;
    iface->update_connection = update_connection;
}

G_MODULE_EXPORT NMVpnEditor *
nm_vpn_editor_factory_nvme(NMVpnEditorPlugin *plugin, NMConnection *connection, GError **error)
{
    g_autoptr(NvmeEditorValues) values = NULL;
    NvmeEditor *self;

    g_return_val_if_fail(NM_IS_CONNECTION(connection), NULL);

    values = nvme_editor_values_new(nm_connection_get_setting_vpn(connection), error);
    if (!values)
        return NULL;
    self         = g_object_new(NVME_TYPE_EDITOR, NULL);
    self->values = g_steal_pointer(&values);
    self->page =
        g_object_ref_sink(nvme_editor_page_new(self->values, emit_changed, G_OBJECT(self)));
    return NM_VPN_EDITOR(self);
}
