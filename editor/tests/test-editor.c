/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-editor.c: the editor as NetworkManager's GUIs get it. Compiled once
 * for GTK 3 and once for GTK 4; run under Xvfb. Loads the GTK-free plugin
 * through libnm from a test `.name` file (NVME_EDITOR_NAME_FILE), checks
 * that it picked this toolkit's editor library, then works the page's
 * widgets (found by their key names) and checks update_connection(): the
 * vpn.data/vpn.secrets round trip, and a bad URI refused with its key named
 * and its entry marked. Saves a picture of the page to
 * NVME_EDITOR_SCREENSHOT.
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <NetworkManager.h>

#include "nmnvme-error.h"
#include "nvme-editor-defines.h"
#include "nvme-editor-gtk.h"

#define SECRET "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define PSK    "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:"
#define DC     "nvme+tcp://192.0.2.1" /* canonical: port and NQN are the defaults */
#define IOC    "nvme+tcp://192.0.2.2:4420/nqn.2014-08.org.example:storage"

#if GTK_CHECK_VERSION(4, 0, 0)
#define OWN_MODULE   NVME_EDITOR_GTK4_MODULE
#define OTHER_MODULE NVME_EDITOR_GTK3_MODULE
#else
#define OWN_MODULE   NVME_EDITOR_GTK3_MODULE
#define OTHER_MODULE NVME_EDITOR_GTK4_MODULE
#endif

typedef struct {
    NMVpnEditorPlugin *plugin;
    NMConnection      *connection;
    NMVpnEditor       *editor;
    GtkWidget         *window;
    GtkWidget         *page;
    guint              n_changed;
} Fixture;

static NMConnection *
connection_new(void)
{
    NMConnection *connection = nm_simple_connection_new();
    NMSetting    *s_con      = nm_setting_connection_new();
    NMSettingVpn *s_vpn      = NM_SETTING_VPN(nm_setting_vpn_new());

    g_object_set(s_con,
                 NM_SETTING_CONNECTION_ID,
                 "storage",
                 NM_SETTING_CONNECTION_UUID,
                 "8a4c1f47-3f3a-4d1c-9d64-6a0f5cbb2a11",
                 NM_SETTING_CONNECTION_TYPE,
                 NM_SETTING_VPN_SETTING_NAME,
                 NULL);
    g_object_set(s_vpn, NM_SETTING_VPN_SERVICE_TYPE, NVME_EDITOR_SERVICE, NULL);
    nm_setting_vpn_add_data_item(s_vpn, "nvme.zeroconf", "yes");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.discovery", DC);
    nm_setting_vpn_add_data_item(s_vpn, "nvme.kato", "45");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.on-link-loss", "disconnect");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.exclude", "traddr=192.0.2.9");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.dhchap-secret-flags", "1");
    nm_setting_vpn_add_secret(s_vpn, "nvme.dhchap-secret", SECRET);
    nm_connection_add_setting(connection, s_con);
    nm_connection_add_setting(connection, NM_SETTING(s_vpn));
    return connection;
}

static NMVpnEditorPlugin *
plugin_load(void)
{
    const char *name_file           = g_getenv("NVME_EDITOR_NAME_FILE");
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMVpnPluginInfo) info = NULL;
    NMVpnEditorPlugin *plugin;

    g_assert_nonnull(name_file);
    info = nm_vpn_plugin_info_new_from_file(name_file, &error);
    g_assert_no_error(error);
    plugin = nm_vpn_plugin_info_load_editor_plugin(info, &error);
    g_assert_no_error(error);
    g_assert_nonnull(plugin);
    return g_object_ref(plugin);
}

static void
on_changed(NMVpnEditor *editor, Fixture *f)
{
    f->n_changed++;
}

static GtkWidget *
window_new(GtkWidget *child)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    GtkWidget *window = gtk_window_new();

    gtk_window_set_child(GTK_WINDOW(window), child);
#else
    GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);

    gtk_container_add(GTK_CONTAINER(window), child);
#endif
    gtk_window_set_default_size(GTK_WINDOW(window), 720, -1);
    return window;
}

static void
iterate(void)
{
    while (g_main_context_iteration(NULL, FALSE))
        ;
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->plugin     = plugin_load();
    f->connection = connection_new();
    f->editor     = nm_vpn_editor_plugin_get_editor(f->plugin, f->connection, &error);
    g_assert_no_error(error);
    g_assert_true(NM_IS_VPN_EDITOR(f->editor));
    g_signal_connect(f->editor, "changed", G_CALLBACK(on_changed), f);
    f->page   = GTK_WIDGET(nm_vpn_editor_get_widget(f->editor));
    f->window = window_new(f->page);
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_window_present(GTK_WINDOW(f->window));
#else
    gtk_widget_show_all(f->window);
#endif
    iterate();
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_window_destroy(GTK_WINDOW(f->window));
#else
    gtk_widget_destroy(f->window);
#endif
    iterate();
    g_clear_object(&f->editor);
    g_clear_object(&f->connection);
    g_clear_object(&f->plugin);
}

static GtkWidget *
find(Fixture *f, GType type, const char *name)
{
    GtkWidget *widget = nvme_gtk_find(f->page, type, name);

    g_assert_nonnull(widget);
    return widget;
}

/* (transfer none): the entry of row @index of the list named @key. */
static GtkWidget *
list_entry(Fixture *f, const char *key, int index)
{
    GtkListBox    *list = GTK_LIST_BOX(find(f, GTK_TYPE_LIST_BOX, key));
    GtkListBoxRow *row  = gtk_list_box_get_row_at_index(list, index);

    return row ? nvme_gtk_find(GTK_WIDGET(row), GTK_TYPE_ENTRY, NULL) : NULL;
}

/* Clicks KEY-add; returns the new row's entry. */
static GtkWidget *
list_add(Fixture *f, const char *key, const char *text)
{
    g_autofree char *add  = g_strconcat(key, "-add", NULL);
    GtkListBox      *list = GTK_LIST_BOX(find(f, GTK_TYPE_LIST_BOX, key));
    int              n    = 0;
    GtkWidget       *entry;

    while (gtk_list_box_get_row_at_index(list, n))
        n++;
    g_signal_emit_by_name(find(f, GTK_TYPE_BUTTON, add), "clicked");
    entry = list_entry(f, key, n);
    g_assert_nonnull(entry);
    nvme_gtk_entry_set_text(entry, text);
    return entry;
}

/* (transfer full): @f's connection as the editor writes it. */
static NMConnection *
update(Fixture *f, GError **error)
{
    g_autoptr(NMConnection) out = nm_simple_connection_new_clone(f->connection);

    if (!nm_vpn_editor_update_connection(f->editor, out, error))
        return NULL;
    return g_steal_pointer(&out);
}

static void
test_own_toolkit_loaded(Fixture *f, gconstpointer data)
{
    const char      *dir   = g_getenv("NVME_EDITOR_BUILD_DIR");
    g_autofree char *own   = g_build_filename(dir, OWN_MODULE, NULL);
    g_autofree char *other = g_build_filename(dir, OTHER_MODULE, NULL);
    void            *handle;
    g_autofree char *name    = NULL;
    g_autofree char *service = NULL;

    g_object_get(f->plugin,
                 NM_VPN_EDITOR_PLUGIN_NAME,
                 &name,
                 NM_VPN_EDITOR_PLUGIN_SERVICE,
                 &service,
                 NULL);
    g_assert_cmpstr(name, ==, NVME_EDITOR_NAME);
    g_assert_cmpstr(service, ==, NVME_EDITOR_SERVICE);
    g_assert_cmpuint(nm_vpn_editor_plugin_get_capabilities(f->plugin),
                     ==,
                     NM_VPN_EDITOR_PLUGIN_CAPABILITY_NONE);
    handle = dlopen(own, RTLD_LAZY | RTLD_NOLOAD);
    g_assert_nonnull(handle);
    dlclose(handle);
    g_assert_null(dlopen(other, RTLD_LAZY | RTLD_NOLOAD));
}

static void
test_shows_profile(Fixture *f, gconstpointer data)
{
    g_assert_true(gtk_switch_get_active(GTK_SWITCH(find(f, GTK_TYPE_SWITCH, "nvme.zeroconf"))));
    g_assert_true(gtk_switch_get_active(GTK_SWITCH(find(f, GTK_TYPE_SWITCH, "nvme.register"))));
    g_assert_true(gtk_switch_get_active(GTK_SWITCH(find(f, GTK_TYPE_SWITCH, "nvme.pleo"))));
    g_assert_cmpstr(nvme_gtk_entry_get_text(list_entry(f, "nvme.discovery", 0)), ==, DC);
    g_assert_null(list_entry(f, "nvme.discovery", 1));
    g_assert_null(list_entry(f, "nvme.controllers", 0));
    g_assert_cmpint(gtk_spin_button_get_value_as_int(
                        GTK_SPIN_BUTTON(find(f, GTK_TYPE_SPIN_BUTTON, "nvme.kato"))),
                    ==,
                    45);
    g_assert_cmpstr(gtk_combo_box_get_active_id(
                        GTK_COMBO_BOX(find(f, GTK_TYPE_COMBO_BOX, "nvme.on-link-loss"))),
                    ==,
                    "disconnect");
    g_assert_cmpstr(gtk_combo_box_get_active_id(
                        GTK_COMBO_BOX(find(f, GTK_TYPE_COMBO_BOX, "nvme.on-deactivate"))),
                    ==,
                    "disconnect");
    g_assert_cmpstr(nvme_gtk_entry_get_text(find(f, GTK_TYPE_ENTRY, "nvme.dhchap-secret")),
                    ==,
                    SECRET);
    g_assert_cmpstr(nvme_gtk_entry_get_text(find(f, GTK_TYPE_ENTRY, "nvme.dhchap-ctrl-secret")),
                    ==,
                    "");
    g_assert_cmpuint(f->n_changed, ==, 0);
}

static void
test_round_trip(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMConnection) out = NULL;
    NMSettingVpn *s_vpn;

    gtk_switch_set_active(GTK_SWITCH(find(f, GTK_TYPE_SWITCH, "nvme.register")), FALSE);
    list_add(f, "nvme.controllers", IOC);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(find(f, GTK_TYPE_SPIN_BUTTON, "nvme.kato")), 60);
    gtk_combo_box_set_active_id(GTK_COMBO_BOX(find(f, GTK_TYPE_COMBO_BOX, "nvme.on-deactivate")),
                                "keep");
    nvme_gtk_entry_set_text(find(f, GTK_TYPE_ENTRY, "nvme.dhchap-ctrl-secret"), SECRET);
    g_assert_cmpuint(f->n_changed, >=, 5);

    out = update(f, &error);
    g_assert_no_error(error);
    s_vpn = nm_connection_get_setting_vpn(out);
    g_assert_cmpstr(nm_setting_vpn_get_service_type(s_vpn), ==, NVME_EDITOR_SERVICE);
    g_assert_cmpuint(nm_setting_vpn_get_num_data_items(s_vpn), ==, 9);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.zeroconf"), ==, "yes");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.discovery"), ==, DC);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.controllers"), ==, IOC);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.register"), ==, "no");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.kato"), ==, "60");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.on-deactivate"), ==, "keep");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.on-link-loss"), ==, "disconnect");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.exclude"), ==, "traddr=192.0.2.9");
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.dhchap-secret-flags"), ==, "1");
    g_assert_null(nm_setting_vpn_get_data_item(s_vpn, "nvme.pleo")); /* default, not set before */
    g_assert_cmpuint(nm_setting_vpn_get_num_secrets(s_vpn), ==, 2);
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.dhchap-secret"), ==, SECRET);
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.dhchap-ctrl-secret"), ==, SECRET);
    g_assert_true(nm_connection_verify(out, NULL));
}

static void
test_bad_uri(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMConnection) out = NULL;
    GtkWidget *entry            = list_add(f, "nvme.discovery", "nvme+tcp://");
    GtkWidget *good             = list_entry(f, "nvme.discovery", 0);
    GtkWidget *row;

    out = update(f, &error);
    g_assert_null(out);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "nvme.discovery"));
    g_assert_true(nvme_gtk_has_css_class(entry, "error"));
    g_assert_false(nvme_gtk_has_css_class(good, "error"));
    g_clear_error(&error);

    /* Removing the bad row clears the failure. */
    row = gtk_widget_get_ancestor(entry, GTK_TYPE_LIST_BOX_ROW);
    g_signal_emit_by_name(nvme_gtk_find(row, GTK_TYPE_BUTTON, NULL), "clicked");
    g_assert_null(list_entry(f, "nvme.discovery", 1));
    out = update(f, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(
        nm_setting_vpn_get_data_item(nm_connection_get_setting_vpn(out), "nvme.discovery"),
        ==,
        DC);
}

static void
test_bad_secret(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMConnection) out = NULL;
    GtkWidget *entry            = find(f, GTK_TYPE_ENTRY, "nvme.dhchap-secret");

    nvme_gtk_entry_set_text(entry, "DHHC-1:09:x:");
    out = update(f, &error);
    g_assert_null(out);
    g_assert_nonnull(strstr(error->message, "nvme.dhchap-secret"));
    g_assert_null(strstr(error->message, "DHHC-1:09:x:"));
    g_assert_true(nvme_gtk_has_css_class(entry, "error"));
    g_clear_error(&error);
    nvme_gtk_entry_set_text(entry, SECRET);
    out = update(f, &error);
    g_assert_no_error(error);
    g_assert_false(nvme_gtk_has_css_class(entry, "error"));
}

/* Lets the X server map @window and GTK draw it (Xvfb: no compositor). */
static void
wait_drawn(GtkWidget *window)
{
    for (int i = 0; i < 100 && !gtk_widget_get_mapped(window); i++) {
        g_usleep(10000);
        iterate();
    }
    g_assert_true(gtk_widget_get_mapped(window));
    for (int i = 0; i < 20; i++) {
        g_usleep(10000);
        iterate();
    }
}

static void
test_invalid_stored_values(Fixture *f, gconstpointer data)
{
    NMSettingVpn *s_vpn           = nm_connection_get_setting_vpn(f->connection);
    g_autoptr(GError) error       = NULL;
    g_autoptr(NMVpnEditor) editor = NULL;
    GtkWidget *page;

    /* A profile edited by hand: bad values show as the defaults, not clamped
     * or half-parsed. */
    nm_setting_vpn_add_data_item(s_vpn, "nvme.kato", "0");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.on-link-loss", "explode");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.pleo", "maybe");
    nm_setting_vpn_add_data_item(s_vpn, "nvme.register", "OFF");
    editor = nm_vpn_editor_plugin_get_editor(f->plugin, f->connection, &error);
    g_assert_no_error(error);
    page = GTK_WIDGET(nm_vpn_editor_get_widget(editor));
    g_object_ref_sink(page);
    g_assert_cmpint(gtk_spin_button_get_value_as_int(
                        GTK_SPIN_BUTTON(nvme_gtk_find(page, GTK_TYPE_SPIN_BUTTON, "nvme.kato"))),
                    ==,
                    30);
    g_assert_cmpstr(gtk_combo_box_get_active_id(GTK_COMBO_BOX(
                        nvme_gtk_find(page, GTK_TYPE_COMBO_BOX, "nvme.on-link-loss"))),
                    ==,
                    "keep");
    g_assert_true(
        gtk_switch_get_active(GTK_SWITCH(nvme_gtk_find(page, GTK_TYPE_SWITCH, "nvme.pleo"))));
    g_assert_false(
        gtk_switch_get_active(GTK_SWITCH(nvme_gtk_find(page, GTK_TYPE_SWITCH, "nvme.register"))));
    g_object_unref(page);
}

static void
test_page_outlives_editor(Fixture *f, gconstpointer data)
{
    GtkWidget *kato = find(f, GTK_TYPE_SPIN_BUTTON, "nvme.kato");

    /* The GUI may keep the page after dropping the editor: edits then reach nobody. */
    g_clear_object(&f->editor);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(kato), 90);
    g_assert_cmpuint(f->n_changed, ==, 0);
}

static void
test_ctrl_secret_alone(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMConnection) out = NULL;
    GtkWidget *host             = find(f, GTK_TYPE_ENTRY, "nvme.dhchap-secret");
    GtkWidget *ctrl             = find(f, GTK_TYPE_ENTRY, "nvme.dhchap-ctrl-secret");

    /* A rule between two keys: the key the schema names is the one marked. */
    nvme_gtk_entry_set_text(host, "");
    nvme_gtk_entry_set_text(ctrl, SECRET);
    out = update(f, &error);
    g_assert_null(out);
    g_assert_true(g_str_has_prefix(error->message, "nvme.dhchap-ctrl-secret:"));
    g_assert_true(nvme_gtk_has_css_class(ctrl, "error"));
    g_assert_false(nvme_gtk_has_css_class(host, "error"));
}

/* The TLS mode combo and the PSK entry: a PSK with TLS off marks the PSK;
 * with TLS on, the mode goes to vpn.data and the PSK to vpn.secrets. */
static void
test_tls(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMConnection) out = NULL;
    GtkWidget *mode             = find(f, GTK_TYPE_COMBO_BOX, "nvme.tls");
    GtkWidget *psk              = find(f, GTK_TYPE_ENTRY, "nvme.tls-key");
    NMSettingVpn *s_vpn;

    g_assert_cmpstr(gtk_combo_box_get_active_id(GTK_COMBO_BOX(mode)), ==, "no");
    g_assert_cmpstr(nvme_gtk_entry_get_text(psk), ==, "");
    nvme_gtk_entry_set_text(psk, PSK);
    out = update(f, &error);
    g_assert_null(out);
    g_assert_true(g_str_has_prefix(error->message, "nvme.tls-key:"));
    g_assert_null(strstr(error->message, "1aMENd6u5bUG"));
    g_assert_true(nvme_gtk_has_css_class(psk, "error"));
    g_clear_error(&error);

    gtk_combo_box_set_active_id(GTK_COMBO_BOX(mode), "yes");
    out = update(f, &error);
    g_assert_no_error(error);
    g_assert_false(nvme_gtk_has_css_class(psk, "error"));
    s_vpn = nm_connection_get_setting_vpn(out);
    g_assert_cmpstr(nm_setting_vpn_get_data_item(s_vpn, "nvme.tls"), ==, "yes");
    g_assert_null(nm_setting_vpn_get_data_item(s_vpn, "nvme.tls-key"));
    g_assert_cmpstr(nm_setting_vpn_get_secret(s_vpn, "nvme.tls-key"), ==, PSK);
}

#if GTK_CHECK_VERSION(4, 0, 0)
static void
save_png(GtkWidget *window, const char *path)
{
    g_autoptr(GdkPaintable) paintable = NULL;
    g_autoptr(GtkSnapshot) snapshot   = gtk_snapshot_new();
    g_autoptr(GskRenderNode) node     = NULL;
    g_autoptr(GdkTexture) texture     = NULL;
    int width, height;

    wait_drawn(window);
    width     = gtk_widget_get_width(window);
    height    = gtk_widget_get_height(window);
    paintable = gtk_widget_paintable_new(window);
    gdk_paintable_snapshot(paintable, GDK_SNAPSHOT(snapshot), width, height);
    node    = gtk_snapshot_free_to_node(g_steal_pointer(&snapshot));
    texture = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(window)),
                                          node,
                                          &GRAPHENE_RECT_INIT(0, 0, width, height));
    g_assert_true(gdk_texture_save_to_png(texture, path));
}
#else
static void
save_png(GtkWidget *window, const char *path)
{
    g_autoptr(GError) error = NULL;
    GdkPixbuf *pixbuf;

    wait_drawn(window);
    pixbuf = gdk_pixbuf_get_from_window(gtk_widget_get_window(window),
                                        0,
                                        0,
                                        gtk_widget_get_allocated_width(window),
                                        gtk_widget_get_allocated_height(window));
    g_assert_nonnull(pixbuf);
    g_assert_true(gdk_pixbuf_save(pixbuf, path, "png", &error, NULL));
    g_assert_no_error(error);
    g_object_unref(pixbuf);
}
#endif

static void
test_screenshot(Fixture *f, gconstpointer data)
{
    const char *path           = g_getenv("NVME_EDITOR_SCREENSHOT");
    g_autoptr(GdkPixbuf) saved = NULL;
    g_autoptr(GError) error    = NULL;

    g_assert_nonnull(path);
    list_add(f, "nvme.controllers", IOC);
    nvme_gtk_entry_set_text(find(f, GTK_TYPE_ENTRY, "nvme.dhchap-ctrl-secret"), SECRET);
    save_png(f->window, path);
    saved = gdk_pixbuf_new_from_file(path, &error);
    g_assert_no_error(error);
    g_assert_cmpint(gdk_pixbuf_get_width(saved), >=, 400);
    g_assert_cmpint(gdk_pixbuf_get_height(saved), >=, 300);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_init();
#else
    gtk_init(&argc, &argv);
#endif
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/editor/own-toolkit-loaded", test_own_toolkit_loaded);
    ADD("/editor/shows-profile", test_shows_profile);
    ADD("/editor/round-trip", test_round_trip);
    ADD("/editor/bad-uri", test_bad_uri);
    ADD("/editor/bad-secret", test_bad_secret);
    ADD("/editor/invalid-stored-values", test_invalid_stored_values);
    ADD("/editor/page-outlives-editor", test_page_outlives_editor);
    ADD("/editor/ctrl-secret-alone", test_ctrl_secret_alone);
    ADD("/editor/tls", test_tls);
    ADD("/editor/screenshot", test_screenshot);
    return g_test_run();
}
