/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-page.c: the editor's page of widgets (see the header). The
 * only toolkit differences are in nvme-editor-gtk.h; NM's secret-storage
 * menu comes from libnma (GTK 3) or libnma-gtk4, which share one API.
 */
#include "config.h"

#include "nvme-editor-page.h"

#include <nma-ui-utils.h>

#include "nvme-editor-gtk.h"

#define PAGE_DATA "nvme-editor-page"
#define LIST_DATA "nvme-editor-list"

typedef struct {
    NvmeEditorPageChanged on_changed;
    GWeakRef              owner;
    GtkWidget            *fields[NMNVME_N_KEYS]; /* (transfer none): owned by the page */
} Page;

static void
page_free(gpointer data)
{
    Page *page = data;

    g_weak_ref_clear(&page->owner);
    g_free(page);
}

static void
page_changed(Page *page)
{
    g_autoptr(GObject) owner = g_weak_ref_get(&page->owner);

    if (owner)
        page->on_changed(owner);
}

static void
connect_changed(GtkWidget *widget, const char *signal, Page *page)
{
    g_signal_connect_swapped(widget, signal, G_CALLBACK(page_changed), page);
}

static GtkWidget *
bool_field_new(const NvmeEditorValues *values, NMNvmeKey key, Page *page)
{
    GtkWidget *sw = gtk_switch_new();

    gtk_switch_set_active(GTK_SWITCH(sw), nvme_editor_values_get_bool(values, key));
    gtk_widget_set_halign(sw, GTK_ALIGN_START);
    connect_changed(sw, "notify::active", page);
    return sw;
}

static GtkWidget *
int_field_new(const NMNvmeSettingInfo *info, const char *text, Page *page)
{
    GtkWidget *spin = gtk_spin_button_new_with_range((double) info->min, (double) info->max, 1);
    gint64     value;

    /* A stored value out of range shows as the default, not clamped to a limit. */
    if (!g_ascii_string_to_signed(text, 10, info->min, info->max, &value, NULL))
        value = g_ascii_strtoll(info->default_value ? info->default_value : "", NULL, 10);
    gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), (double) value);
    gtk_widget_set_halign(spin, GTK_ALIGN_START);
    connect_changed(spin, "value-changed", page);
    return spin;
}

static GtkWidget *
choice_field_new(const NMNvmeSettingInfo *info, const char *text, Page *page)
{
    GtkWidget *combo = gtk_combo_box_text_new();

    for (guint i = 0; info->choices[i]; i++)
        gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(combo), info->choices[i], info->choices[i]);
    if (!gtk_combo_box_set_active_id(GTK_COMBO_BOX(combo), text))
        gtk_combo_box_set_active_id(GTK_COMBO_BOX(combo), info->default_value);
    gtk_widget_set_halign(combo, GTK_ALIGN_START);
    connect_changed(combo, "changed", page);
    return combo;
}

static GtkWidget *
secret_field_new(const NMNvmeSettingInfo *info,
                 const char              *text,
                 NMSettingSecretFlags     flags,
                 Page                    *page)
{
    GtkWidget *entry = gtk_entry_new();

    gtk_entry_set_visibility(GTK_ENTRY(entry), FALSE);
    g_object_set(entry, "width-chars", 40, NULL);
    nvme_gtk_entry_set_text(entry, text);
    nma_utils_setup_password_storage(entry, flags, NULL, NULL, FALSE, FALSE);
    connect_changed(entry, "changed", page);
    return entry;
}

static void
list_remove_clicked(GtkWidget *button, Page *page)
{
    GtkWidget *row = gtk_widget_get_ancestor(button, GTK_TYPE_LIST_BOX_ROW);

    nvme_gtk_list_box_remove(GTK_LIST_BOX(gtk_widget_get_parent(row)), row);
    page_changed(page);
}

static GtkWidget *
list_append(GtkListBox *list, const char *text, Page *page)
{
    GtkWidget *box    = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *entry  = gtk_entry_new();
    GtkWidget *remove = gtk_button_new_with_label("Remove");

    nvme_gtk_entry_set_text(entry, text);
    gtk_entry_set_placeholder_text(GTK_ENTRY(entry), "nvme+tcp://ADDRESS[:PORT][/NQN]");
    gtk_widget_set_hexpand(entry, TRUE);
    connect_changed(entry, "changed", page);
    g_signal_connect(remove, "clicked", G_CALLBACK(list_remove_clicked), page);
    nvme_gtk_box_append(GTK_BOX(box), entry);
    nvme_gtk_box_append(GTK_BOX(box), remove);
    nvme_gtk_show_all(box);
    gtk_list_box_insert(list, box, -1);
    return entry;
}

static void
list_add_clicked(GtkWidget *button, Page *page)
{
    GtkWidget *entry = list_append(g_object_get_data(G_OBJECT(button), LIST_DATA), "", page);

    gtk_widget_grab_focus(entry);
    page_changed(page);
}

/* The list widget goes to @out_list; the field returned holds it and its button. */
static GtkWidget *
uri_list_field_new(const NMNvmeSettingInfo *info,
                   const char              *text,
                   Page                    *page,
                   GtkWidget              **out_list)
{
    GtkWidget       *box  = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget       *list = gtk_list_box_new();
    GtkWidget       *add  = gtk_button_new_with_label("Add");
    g_autofree char *name = g_strconcat(info->name, "-add", NULL);
    g_auto(GStrv) uris    = g_strsplit(text, " ", -1);

    gtk_list_box_set_selection_mode(GTK_LIST_BOX(list), GTK_SELECTION_NONE);
    for (guint i = 0; uris[i]; i++) {
        if (*uris[i])
            list_append(GTK_LIST_BOX(list), uris[i], page);
    }
    gtk_widget_set_name(add, name);
    gtk_widget_set_halign(add, GTK_ALIGN_START);
    g_object_set_data(G_OBJECT(add), LIST_DATA, list);
    g_signal_connect(add, "clicked", G_CALLBACK(list_add_clicked), page);
    nvme_gtk_box_append(GTK_BOX(box), list);
    nvme_gtk_box_append(GTK_BOX(box), add);
    *out_list = list;
    return box;
}

static GtkWidget *
label_new(const NMNvmeSettingInfo *info, GtkWidget *field)
{
    GtkWidget *label = gtk_label_new(nvme_editor_values_label(info->key));

    gtk_label_set_mnemonic_widget(GTK_LABEL(label), field); /* labels it for screen readers */
    gtk_widget_set_halign(label, GTK_ALIGN_START);
    gtk_widget_set_valign(label,
                          info->type == NMNVME_TYPE_URI_LIST ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
    return label;
}

/* The widget shown for @key; its named main widget goes to page->fields. */
static GtkWidget *
field_new(Page *page, const NvmeEditorValues *values, NMNvmeKey key)
{
    const NMNvmeSettingInfo *info  = nmnvme_setting_info(key);
    const char              *text  = nvme_editor_values_get(values, key);
    GtkWidget               *field = NULL;

    switch (info->type) {
    case NMNVME_TYPE_BOOL:
        field = bool_field_new(values, key, page);
        break;
    case NMNVME_TYPE_INT:
        field = int_field_new(info, text, page);
        break;
    case NMNVME_TYPE_CHOICE:
        field = choice_field_new(info, text, page);
        break;
    case NMNVME_TYPE_SECRET:
        field =
            secret_field_new(info, text, nvme_editor_values_get_secret_flags(values, key), page);
        break;
    case NMNVME_TYPE_URI_LIST: {
        GtkWidget *list = NULL;

        field             = uri_list_field_new(info, text, page, &list);
        page->fields[key] = list;
        gtk_widget_set_name(list, info->name);
        gtk_widget_set_tooltip_text(field, info->help);
        return field;
    }
    case NMNVME_TYPE_FILTER_LIST:
        g_return_val_if_reached(NULL);
    }
    page->fields[key] = field;
    gtk_widget_set_name(field, info->name);
    gtk_widget_set_tooltip_text(field, info->help);
    return field;
}

GtkWidget *
nvme_editor_page_new(const NvmeEditorValues *values,
                     NvmeEditorPageChanged   on_changed,
                     GObject                *owner)
{
    GtkWidget       *grid = gtk_grid_new();
    Page            *page = g_new0(Page, 1);
    guint            n_keys;
    const NMNvmeKey *keys = nvme_editor_values_page_keys(&n_keys);

    page->on_changed = on_changed;
    g_weak_ref_init(&page->owner, owner);
    g_object_set_data_full(G_OBJECT(grid), PAGE_DATA, page, page_free);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    g_object_set(grid,
                 "margin-start",
                 12,
                 "margin-end",
                 12,
                 "margin-top",
                 12,
                 "margin-bottom",
                 12,
                 NULL);
    for (guint i = 0; i < n_keys; i++) {
        GtkWidget *field = field_new(page, values, keys[i]);

        gtk_widget_set_hexpand(field, TRUE);
        gtk_grid_attach(GTK_GRID(grid),
                        label_new(nmnvme_setting_info(keys[i]), page->fields[keys[i]]),
                        0,
                        (int) i,
                        1,
                        1);
        gtk_grid_attach(GTK_GRID(grid), field, 1, (int) i, 1, 1);
    }
    nvme_gtk_show_all(grid);
    return grid;
}

/* (transfer full): the list's URIs, space-separated; marks each bad entry
 * and keeps the first error in @first. */
static char *
read_list(GtkListBox *list, NMNvmeKey key, GError **first)
{
    GString       *text = g_string_new(NULL);
    GtkListBoxRow *row;

    for (int i = 0; (row = gtk_list_box_get_row_at_index(list, i)); i++) {
        GtkWidget  *entry = nvme_gtk_find(GTK_WIDGET(row), GTK_TYPE_ENTRY, NULL);
        const char *uri   = nvme_gtk_entry_get_text(entry);
        GError     *local = NULL;
        gboolean    ok    = nvme_editor_values_check(key, uri, &local);

        nvme_gtk_set_css_class(entry, "error", !ok);
        if (local && !*first)
            *first = g_steal_pointer(&local);
        g_clear_error(&local);
        if (*uri)
            g_string_append_printf(text, "%s%s", text->len ? " " : "", uri);
    }
    return g_string_free(text, FALSE);
}

/* (transfer full): the field's text; a list's bad entry puts its error in @first. */
static char *
read_field(GtkWidget *field, NMNvmeKey key, NvmeEditorValues *values, GError **first)
{
    switch (nmnvme_setting_info(key)->type) {
    case NMNVME_TYPE_BOOL:
        return g_strdup(gtk_switch_get_active(GTK_SWITCH(field)) ? "yes" : "no");
    case NMNVME_TYPE_INT:
        return g_strdup_printf("%d", gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(field)));
    case NMNVME_TYPE_CHOICE:
        return g_strdup(gtk_combo_box_get_active_id(GTK_COMBO_BOX(field)));
    case NMNVME_TYPE_URI_LIST:
        return read_list(GTK_LIST_BOX(field), key, first);
    case NMNVME_TYPE_SECRET:
        nvme_editor_values_set_secret_flags(values, key, nma_utils_menu_to_secret_flags(field));
        return g_strdup(nvme_gtk_entry_get_text(field));
    case NMNVME_TYPE_FILTER_LIST:
        break;
    }
    g_return_val_if_reached(NULL);
}

gboolean
nvme_editor_page_read(GtkWidget *widget, NvmeEditorValues *values, GError **error)
{
    Page            *page  = g_object_get_data(G_OBJECT(widget), PAGE_DATA);
    GError          *first = NULL;
    NMNvmeKey        bad   = NMNVME_N_KEYS;
    guint            n_keys;
    const NMNvmeKey *keys = nvme_editor_values_page_keys(&n_keys);

    g_return_val_if_fail(page, FALSE);
    for (guint i = 0; i < n_keys; i++) {
        g_autofree char *text = read_field(page->fields[keys[i]], keys[i], values, &first);

        nvme_editor_values_set(values, keys[i], text);
        if (nmnvme_setting_info(keys[i])->type != NMNVME_TYPE_URI_LIST)
            nvme_gtk_set_css_class(page->fields[keys[i]], "error", FALSE);
    }
    if (first) {
        g_propagate_error(error, first);
        return FALSE;
    }
    if (nvme_editor_values_validate(values, &bad, error))
        return TRUE;
    /* A list marks its bad entries itself; a rule between keys marks the key named. */
    if (bad < NMNVME_N_KEYS && page->fields[bad] &&
        nmnvme_setting_info(bad)->type != NMNVME_TYPE_URI_LIST)
        nvme_gtk_set_css_class(page->fields[bad], "error", TRUE);
    return FALSE;
}
