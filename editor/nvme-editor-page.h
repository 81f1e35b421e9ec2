/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-page.h: the editor's one page of widgets, one field per page
 * key (nvme-editor-values), built from the schema's type, help text and
 * range. Each field's main widget is named after its key ("nvme.kato"); a
 * list's entries sit in the rows of the GtkListBox of that name, its add
 * button is named KEY "-add". One source, compiled for GTK 3 and GTK 4.
 */
#ifndef NVME_EDITOR_PAGE_H
#define NVME_EDITOR_PAGE_H

#include <gtk/gtk.h>

#include "nvme-editor-values.h"

G_BEGIN_DECLS

/* Called as on_changed(owner) whenever a field changes, while @owner lives
 * (the GUI may keep the page longer than the editor that made it). */
typedef void (*NvmeEditorPageChanged)(GObject *owner);

/* (transfer floating): the page showing @values; @owner is held weakly. */
GtkWidget *nvme_editor_page_new(const NvmeEditorValues *values,
                                NvmeEditorPageChanged   on_changed,
                                GObject                *owner);

/**
 * nvme_editor_page_read:
 * @page: a page from nvme_editor_page_new()
 * @values: where the fields' texts and secret flags go
 * @error: return location for a #GError
 *
 * Reads every field into @values, marks each invalid field (a list's bad
 * entry) with the CSS class "error" and clears the mark of valid ones.
 * Returns: %FALSE with the first invalid field's schema error (naming its key).
 */
gboolean nvme_editor_page_read(GtkWidget *page, NvmeEditorValues *values, GError **error);

G_END_DECLS

#endif /* NVME_EDITOR_PAGE_H */
