/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-path-watch.c: nmnvme-path-watch against a temporary tree: the
 * watch sits on the nearest existing folder, follows folders made and
 * removed on the way, reports changes of the watched paths only.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "nmnvme-path-watch.h"
#include "test-util.h"

typedef struct {
    char            *root;
    char            *file;  /* ROOT/etc/nvme/exclusions.conf */
    char            *dropin; /* ROOT/etc/nvme/exclusions.conf.d */
    NMNvmePathWatch *watch;
    guint            calls;
} Fixture;

static void
on_changed(gpointer user_data)
{
    Fixture *f = user_data;

    f->calls++;
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autofree char *etc = NULL;

    f->root   = g_dir_make_tmp("nmnvme-path-watch-XXXXXX", NULL);
    etc       = g_build_filename(f->root, "etc", NULL);
    f->file   = g_build_filename(etc, "nvme", "exclusions.conf", NULL);
    f->dropin = g_build_filename(etc, "nvme", "exclusions.conf.d", NULL);
    g_assert_no_errno(g_mkdir(etc, 0755));
    f->watch = nmnvme_path_watch_new((const char *const[]){ f->file, f->dropin, NULL }, on_changed, f);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    nmnvme_path_watch_free(f->watch);
    nmnvme_test_rm_rf(f->root);
    g_free(f->root);
    g_free(f->file);
    g_free(f->dropin);
}

/* One pass of the main loop, or a short sleep when nothing was due. */
static void
spin(void)
{
    if (!g_main_context_iteration(NULL, FALSE))
        g_usleep(10000);
}

/* Runs the main loop for @ms, whatever it reports. */
static void
drain(guint ms)
{
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < deadline)
        spin();
}

/* Runs the main loop until a call more than @before was seen (or 5 s). */
static void
wait_call(Fixture *f, guint before)
{
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    while (f->calls == before && g_get_monotonic_time() < deadline)
        spin();
    g_assert_cmpuint(f->calls, >, before);
}

/* Runs the main loop for @ms and says whether nothing was reported. */
static void
assert_quiet(Fixture *f, guint ms)
{
    guint  before   = f->calls;
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < deadline)
        spin();
    g_assert_cmpuint(f->calls, ==, before);
}

static void
assert_dirs(Fixture *f, const char *const *rel)
{
    GPtrArray *dirs = nmnvme_path_watch_get_dirs(f->watch);
    guint      n    = g_strv_length((char **) rel);

    g_assert_cmpuint(dirs->len, ==, n);
    for (guint i = 0; i < n; i++) {
        g_autofree char *want = g_build_filename(f->root, rel[i], NULL);

        g_assert_cmpstr(dirs->pdata[i], ==, want);
    }
}

static void
write_file(const char *path, const char *text)
{
    g_autoptr(GError) error = NULL;

    g_file_set_contents(path, text, -1, &error);
    g_assert_no_error(error);
}

static void
test_follows_folders(Fixture *f, gconstpointer data)
{
    g_autofree char *nvme    = g_path_get_dirname(f->file);
    g_autofree char *in_drop = g_build_filename(f->dropin, "a.conf", NULL);
    g_autofree char *other   = g_build_filename(nvme, "hostnqn", NULL);
    guint            before;

    /* neither /etc/nvme nor its contents exist: /etc is watched */
    assert_dirs(f, (const char *const[]){ "etc", NULL });
    before = f->calls;
    g_assert_no_errno(g_mkdir(nvme, 0755));
    wait_call(f, before);
    assert_dirs(f, (const char *const[]){ "etc/nvme", NULL });

    before = f->calls;
    write_file(f->file, "[exclusions]\n");
    wait_call(f, before);

    before = f->calls;
    g_assert_no_errno(g_mkdir(f->dropin, 0755));
    wait_call(f, before);
    assert_dirs(f, (const char *const[]){ "etc/nvme", "etc/nvme/exclusions.conf.d", NULL });

    before = f->calls;
    write_file(in_drop, "[exclusions]\nexclusion = traddr=192.0.2.1\n");
    wait_call(f, before);

    /* another file in the folder is none of the watch's business (after
     * the events of the write above: a temporary file and a rename) */
    drain(1000);
    write_file(other, "nqn.2014-08.org.nvmexpress:uuid:x\n");
    assert_quiet(f, 300);

    before = f->calls;
    g_assert_no_errno(g_unlink(in_drop));
    g_assert_no_errno(g_rmdir(f->dropin));
    wait_call(f, before);
    assert_dirs(f, (const char *const[]){ "etc/nvme", NULL });
}

static void
test_quiet_when_nothing_changes(Fixture *f, gconstpointer data)
{
    /* GIO's own monitor of a missing folder polls it every 4 s; this one
     * never reports (nor wakes) without a change */
    assert_quiet(f, 4500);
    assert_dirs(f, (const char *const[]){ "etc", NULL });
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/path-watch/follows-folders", Fixture, NULL, fixture_setup, test_follows_folders,
               fixture_teardown);
    g_test_add("/path-watch/quiet", Fixture, NULL, fixture_setup, test_quiet_when_nothing_changes,
               fixture_teardown);
    return g_test_run();
}
