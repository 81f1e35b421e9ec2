/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-gtk.h: the few calls that differ between GTK 3 and GTK 4, so
 * that the page and its test are one source compiled for each toolkit.
 * Everything else they use has the same name and meaning in both.
 */
#ifndef NVME_EDITOR_GTK_H
#define NVME_EDITOR_GTK_H

#include <gtk/gtk.h>

static inline void
nvme_gtk_box_append(GtkBox *box, GtkWidget *child)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_box_append(box, child);
#else
    gboolean expand =
        gtk_orientable_get_orientation(GTK_ORIENTABLE(box)) == GTK_ORIENTATION_HORIZONTAL
            ? gtk_widget_get_hexpand(child)
            : gtk_widget_get_vexpand(child);

    gtk_box_pack_start(box, child, expand, TRUE, 0);
#endif
}

static inline const char *
nvme_gtk_entry_get_text(GtkWidget *entry)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    return gtk_editable_get_text(GTK_EDITABLE(entry));
#else
    return gtk_entry_get_text(GTK_ENTRY(entry));
#endif
}

static inline void
nvme_gtk_entry_set_text(GtkWidget *entry, const char *text)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_editable_set_text(GTK_EDITABLE(entry), text);
#else
    gtk_entry_set_text(GTK_ENTRY(entry), text);
#endif
}

static inline void
nvme_gtk_list_box_remove(GtkListBox *list, GtkWidget *row)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    gtk_list_box_remove(list, row);
#else
    gtk_container_remove(GTK_CONTAINER(list), row);
#endif
}

static inline void
nvme_gtk_set_css_class(GtkWidget *widget, const char *css_class, gboolean on)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    if (on)
        gtk_widget_add_css_class(widget, css_class);
    else
        gtk_widget_remove_css_class(widget, css_class);
#else
    GtkStyleContext *style = gtk_widget_get_style_context(widget);

    if (on)
        gtk_style_context_add_class(style, css_class);
    else
        gtk_style_context_remove_class(style, css_class);
#endif
}

static inline gboolean
nvme_gtk_has_css_class(GtkWidget *widget, const char *css_class)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    return gtk_widget_has_css_class(widget, css_class);
#else
    return gtk_style_context_has_class(gtk_widget_get_style_context(widget), css_class);
#endif
}

/* GTK 3 widgets start hidden; GTK 4 widgets start visible. */
static inline void
nvme_gtk_show_all(GtkWidget *widget)
{
#if GTK_CHECK_VERSION(4, 0, 0)
    (void) widget;
#else
    gtk_widget_show_all(widget);
#endif
}

/* (transfer container): @widget's direct children, internal ones included. */
static inline GList *
nvme_gtk_children(GtkWidget *widget)
{
    GList *children = NULL;

#if GTK_CHECK_VERSION(4, 0, 0)
    for (GtkWidget *c = gtk_widget_get_first_child(widget); c; c = gtk_widget_get_next_sibling(c))
        children = g_list_prepend(children, c);
    return g_list_reverse(children);
#else
    if (GTK_IS_CONTAINER(widget))
        children = gtk_container_get_children(GTK_CONTAINER(widget));
    return children;
#endif
}

/* (transfer none) (nullable): the first widget under @root, @root included,
 * depth first, of type @type (0: any) and, unless %NULL, named @name. */
static inline GtkWidget *
nvme_gtk_find(GtkWidget *root, GType type, const char *name)
{
    GtkWidget *found = NULL;
    GList     *children;

    if ((!type || G_TYPE_CHECK_INSTANCE_TYPE(root, type)) &&
        (!name || g_strcmp0(gtk_widget_get_name(root), name) == 0))
        return root;
    children = nvme_gtk_children(root);
    for (GList *l = children; l && !found; l = l->next)
        found = nvme_gtk_find(l->data, type, name);
    g_list_free(children);
    return found;
}

#endif /* NVME_EDITOR_GTK_H */
