/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-path-watch.c: directory monitors on watched paths or their
 * nearest existing ancestors, re-placed after each event (see the header).
 */
#include "config.h"

#include "nmnvme-path-watch.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-log.h"

struct _NMNvmePathWatch {
    GStrv               paths;
    GPtrArray          *dirs;     /* char *, sorted: what is watched now */
    GPtrArray          *monitors; /* GFileMonitor, one per dirs entry (NULL: could not) */
    NMNvmePathWatchFunc func;
    gpointer            user_data;
};

/* (transfer full): @path when it is a folder, else its nearest existing
 * ancestor ("/" at worst). */
static char *
dir_for(const char *path)
{
    char *dir = g_strdup(path);

    while (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        char *parent = g_path_get_dirname(dir);

        if (strcmp(parent, dir) == 0) {
            g_free(parent);
            break;
        }
        g_free(dir);
        dir = parent;
    }
    return dir;
}

static gint
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
dirs_now(NMNvmePathWatch *watch)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; watch->paths[i]; i++) {
        g_autofree char *dir = dir_for(watch->paths[i]);

        if (!g_ptr_array_find_with_equal_func(dirs, dir, g_str_equal, NULL))
            g_ptr_array_add(dirs, g_steal_pointer(&dir));
    }
    g_ptr_array_sort(dirs, compare_paths);
    return dirs;
}

static gboolean
same_dirs(GPtrArray *a, GPtrArray *b)
{
    if (!a || a->len != b->len)
        return FALSE;
    for (guint i = 0; i < a->len; i++) {
        if (strcmp(a->pdata[i], b->pdata[i]) != 0)
            return FALSE;
    }
    return TRUE;
}

/* Whether @changed is a watched path, inside one, or a folder on the way
 * to one. */
static gboolean
concerns(NMNvmePathWatch *watch, const char *changed)
{
    gsize len = strlen(changed);

    for (guint i = 0; watch->paths[i]; i++) {
        const char *path = watch->paths[i];
        gsize       plen = strlen(path);

        if (g_str_has_prefix(changed, path) && (len == plen || changed[plen] == '/'))
            return TRUE;
        if (g_str_has_prefix(path, changed) && plen > len && path[len] == '/')
            return TRUE;
    }
    return FALSE;
}

static void place_monitors(NMNvmePathWatch *watch);

static void
monitor_unref(gpointer monitor)
{
    if (monitor)
        g_object_unref(monitor);
}

static void
on_changed(GFileMonitor     *monitor,
           GFile            *file,
           GFile            *other,
           GFileMonitorEvent event,
           gpointer          user_data)
{
    NMNvmePathWatch *watch = user_data;
    g_autofree char *path  = g_file_get_path(file);
    g_autofree char *moved = other ? g_file_get_path(other) : NULL;

    if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_CHANGED)
        return; /* CHANGES_DONE_HINT follows */
    if (!(path && concerns(watch, path)) && !(moved && concerns(watch, moved)))
        return;
    place_monitors(watch);
    watch->func(watch->user_data);
}

static void
monitors_clear(NMNvmePathWatch *watch)
{
    for (guint i = 0; i < watch->monitors->len; i++) {
        GFileMonitor *monitor = watch->monitors->pdata[i];

        if (!monitor)
            continue;
        g_signal_handlers_disconnect_by_data(monitor, watch);
        g_file_monitor_cancel(monitor);
    }
    g_ptr_array_set_size(watch->monitors, 0);
}

static GFileMonitor *
monitor_dir(NMNvmePathWatch *watch, const char *dir)
{
    g_autoptr(GFile) file   = g_file_new_for_path(dir);
    g_autoptr(GError) error = NULL;
    GFileMonitor *monitor   = g_file_monitor_directory(file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);

    if (!monitor) {
        _LOGW("%s: %s; its changes are not seen", dir, error->message);
        return NULL;
    }
    g_signal_connect(monitor, "changed", G_CALLBACK(on_changed), watch);
    return monitor;
}

/* Watches the folders of now, unless they are the ones watched already. */
static void
place_monitors(NMNvmePathWatch *watch)
{
    g_autoptr(GPtrArray) dirs = dirs_now(watch);

    if (same_dirs(watch->dirs, dirs))
        return;
    monitors_clear(watch);
    for (guint i = 0; i < dirs->len; i++)
        g_ptr_array_add(watch->monitors, monitor_dir(watch, dirs->pdata[i]));
    g_clear_pointer(&watch->dirs, g_ptr_array_unref);
    watch->dirs = g_steal_pointer(&dirs);
}

NMNvmePathWatch *
nmnvme_path_watch_new(const char *const *paths, NMNvmePathWatchFunc func, gpointer user_data)
{
    NMNvmePathWatch *watch = g_new0(NMNvmePathWatch, 1);

    g_return_val_if_fail(paths && func, NULL);

    watch->paths     = g_strdupv((char **) paths);
    watch->monitors  = g_ptr_array_new_with_free_func(monitor_unref);
    watch->func      = func;
    watch->user_data = user_data;
    place_monitors(watch);
    return watch;
}

void
nmnvme_path_watch_free(NMNvmePathWatch *watch)
{
    if (!watch)
        return;
    monitors_clear(watch);
    g_ptr_array_unref(watch->monitors);
    g_clear_pointer(&watch->dirs, g_ptr_array_unref);
    g_strfreev(watch->paths);
    g_free(watch);
}

GPtrArray *
nmnvme_path_watch_get_dirs(NMNvmePathWatch *watch)
{
    return watch->dirs;
}
