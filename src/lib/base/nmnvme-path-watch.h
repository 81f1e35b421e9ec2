/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-path-watch.h: tells when files or folders that may not exist yet
 * change, are made or go, without a timer. GIO's file monitor polls a
 * path whose folder is missing every 4 s (on GLib's worker thread, waking
 * an idle daemon); this watch instead keeps an inotify-backed directory
 * monitor on each path that is a folder, else on its nearest existing
 * ancestor, and moves it down (or up) when a folder on the way is made or
 * removed. The callback runs in the thread-default main context of the
 * creator, once per event that concerns a watched path (the path itself,
 * something inside it, or a folder on the way to it); never blocks.
 */
#ifndef NMNVME_PATH_WATCH_H
#define NMNVME_PATH_WATCH_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NMNvmePathWatch NMNvmePathWatch;

typedef void (*NMNvmePathWatchFunc)(gpointer user_data);

/* Watches the absolute @paths (NULL-terminated; NULL entries are not
 * allowed). A folder that cannot be watched is logged as a warning naming
 * it; the others are still watched. */
NMNvmePathWatch *nmnvme_path_watch_new(const char *const  *paths,
                                       NMNvmePathWatchFunc func,
                                       gpointer            user_data);

void nmnvme_path_watch_free(NMNvmePathWatch *watch);

/* (transfer none): the folders watched now, sorted (for tests). */
GPtrArray *nmnvme_path_watch_get_dirs(NMNvmePathWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmePathWatch, nmnvme_path_watch_free)

G_END_DECLS

#endif /* NMNVME_PATH_WATCH_H */
