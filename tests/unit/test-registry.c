/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-registry.c: the ownership registry (nmnvme-registry.h) in a
 * temporary folder: entries written whole, modes, seqnum, foreign entries
 * untouched, removal, stale entries.
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/stat.h>

#include "nmnvme-registry.h"

typedef struct {
    char           *dir;
    char           *root;
    char           *sysfs;
    char           *seqnum_file;
    NMNvmeRegistry *registry;
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
    f->dir         = g_dir_make_tmp("nmnvme-registry-XXXXXX", NULL);
    f->root        = g_build_filename(f->dir, "run", "nvme", "registry", NULL);
    f->sysfs       = g_build_filename(f->dir, "class", NULL);
    f->seqnum_file = g_build_filename(f->dir, "uevent_seqnum", NULL);
    g_assert_true(g_file_set_contents(f->seqnum_file, "4711\n", -1, NULL));
    g_assert_cmpint(g_mkdir_with_parents(f->sysfs, 0755), ==, 0);
    f->registry = nmnvme_registry_new(f->root, f->seqnum_file);
}

static void
teardown(Fixture *f, gconstpointer data)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);

    g_assert_cmpint(system(cmd), ==, 0);
    nmnvme_registry_free(f->registry);
    g_free(f->dir);
    g_free(f->root);
    g_free(f->sysfs);
    g_free(f->seqnum_file);
}

/* Writes @attr of @device as another tool would. */
static void
put(Fixture *f, const char *device, const char *attr, const char *value)
{
    g_autofree char *dir  = g_build_filename(f->root, device, NULL);
    g_autofree char *path = g_build_filename(dir, attr, NULL);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    g_assert_true(g_file_set_contents(path, value, -1, NULL));
}

static char *
get(Fixture *f, const char *device, const char *attr)
{
    g_autofree char *path = g_build_filename(f->root, device, attr, NULL);
    char            *text = NULL;

    g_file_get_contents(path, &text, NULL, NULL);
    return text;
}

static guint
mode_of(const char *path)
{
    struct stat st;

    g_assert_cmpint(stat(path, &st), ==, 0);
    return st.st_mode & 07777;
}

/* Only entries, no temporary or hidden folder left behind. */
static guint
count_entries(Fixture *f, gboolean *hidden)
{
    g_autoptr(GDir) dir = g_dir_open(f->root, 0, NULL);
    const char *name;
    guint       n = 0;

    *hidden = FALSE;
    while (dir && (name = g_dir_read_name(dir))) {
        if (name[0] == '.')
            *hidden = TRUE;
        else
            n++;
    }
    return n;
}

static void
test_seqnum(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    guint64 seqnum          = 0;

    g_assert_true(nmnvme_registry_read_seqnum(f->registry, &seqnum, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(seqnum, ==, 4711);
    g_assert_true(g_file_set_contents(f->seqnum_file, "x\n", -1, NULL));
    g_assert_false(nmnvme_registry_read_seqnum(f->registry, &seqnum, &error));
    g_assert_nonnull(strstr(error->message, "uevent_seqnum"));
}

static void
test_add_whole(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *owner  = NULL;
    g_autofree char *seqnum = NULL;
    g_autofree char *entry  = g_build_filename(f->root, "nvme3", NULL);
    g_autofree char *file   = g_build_filename(entry, "owner", NULL);
    gboolean         hidden;
    guint64          n = 0;

    umask(0077); /* modes do not depend on the caller's umask */
    g_assert_true(nmnvme_registry_add(f->registry, "nvme3", NMNVME_REGISTRY_OWNER, 4711, &error));
    umask(0022);
    g_assert_no_error(error);
    owner  = get(f, "nvme3", "owner");
    seqnum = get(f, "nvme3", "seqnum");
    g_assert_cmpstr(owner, ==, "nm-nvme\n");
    g_assert_cmpstr(seqnum, ==, "4711\n");
    g_assert_cmpuint(mode_of(entry), ==, 0755);
    g_assert_cmpuint(mode_of(file), ==, 0644);
    g_assert_cmpuint(mode_of(f->root), ==, 0755);
    g_assert_cmpuint(count_entries(f, &hidden), ==, 1);
    g_assert_false(hidden);
    g_free(owner);
    owner = nmnvme_registry_get_owner(f->registry, "nvme3");
    g_assert_cmpstr(owner, ==, "nm-nvme");
    g_assert_true(nmnvme_registry_get_seqnum(f->registry, "nvme3", &n));
    g_assert_cmpuint(n, ==, 4711);
}

static void
test_unowned(Fixture *f, gconstpointer data)
{
    g_autofree char *none  = nmnvme_registry_get_owner(f->registry, "nvme9");
    g_autofree char *other = NULL;

    g_assert_cmpstr(none, ==, "");
    put(f, "nvme4", "seqnum", "1\n"); /* an entry without owner: unowned */
    other = nmnvme_registry_get_owner(f->registry, "nvme4");
    g_assert_cmpstr(other, ==, "");
}

static void
test_foreign_untouched(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *owner  = NULL;
    g_autofree char *extra  = NULL;
    gboolean         removed = TRUE;

    put(f, "nvme1", "owner", "nbft\n");
    put(f, "nvme1", "seqnum", "9000\n");
    put(f, "nvme1", "boot-device", "yes\n");
    /* a current entry of another owner: never replaced */
    g_assert_false(nmnvme_registry_add(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, 4711, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    /* nor removed */
    g_assert_true(nmnvme_registry_remove(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, NULL, &removed, NULL));
    g_assert_false(removed);
    owner = get(f, "nvme1", "owner");
    extra = get(f, "nvme1", "boot-device");
    g_assert_cmpstr(owner, ==, "nbft\n");
    g_assert_cmpstr(extra, ==, "yes\n");
}

static void
test_replace_left_over(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *owner  = NULL;
    g_autofree char *extra  = NULL;

    /* another owner's entry older than our connect: its device is gone */
    put(f, "nvme2", "owner", "stas\n");
    put(f, "nvme2", "seqnum", "100\n");
    put(f, "nvme2", "x", "y\n");
    g_assert_true(nmnvme_registry_add(f->registry, "nvme2", NMNVME_REGISTRY_OWNER, 4711, &error));
    g_assert_no_error(error);
    owner = get(f, "nvme2", "owner");
    extra = get(f, "nvme2", "x");
    g_assert_cmpstr(owner, ==, "nm-nvme\n");
    g_assert_null(extra); /* the whole entry is ours now */
}

static void
test_remove(Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    gboolean removed        = FALSE;
    gboolean hidden;

    guint64  other          = 2;

    g_assert_true(nmnvme_registry_add(f->registry, "nvme5", NMNVME_REGISTRY_OWNER, 1, NULL));
    /* another seqnum: a newer device of that name, left alone */
    g_assert_true(
        nmnvme_registry_remove(f->registry, "nvme5", NMNVME_REGISTRY_OWNER, &other, &removed, &error));
    g_assert_false(removed);
    g_assert_true(
        nmnvme_registry_remove(f->registry, "nvme5", NMNVME_REGISTRY_OWNER, NULL, &removed, &error));
    g_assert_no_error(error);
    g_assert_true(removed);
    g_assert_cmpuint(count_entries(f, &hidden), ==, 0);
    g_assert_false(hidden);
    /* nothing there: success, nothing removed */
    g_assert_true(
        nmnvme_registry_remove(f->registry, "nvme5", NMNVME_REGISTRY_OWNER, NULL, &removed, &error));
    g_assert_false(removed);
}

static void
test_stale(Fixture *f, gconstpointer data)
{
    g_autofree char *live  = g_build_filename(f->sysfs, "nvme7", NULL);
    g_autofree char *o6    = NULL;
    g_autofree char *o8    = NULL;
    gboolean         hidden;

    g_assert_cmpint(g_mkdir_with_parents(live, 0755), ==, 0);
    g_assert_true(nmnvme_registry_add(f->registry, "nvme6", NMNVME_REGISTRY_OWNER, 1, NULL));
    g_assert_true(nmnvme_registry_add(f->registry, "nvme7", NMNVME_REGISTRY_OWNER, 1, NULL));
    put(f, "nvme8", "owner", "discoverd\n"); /* gone too, but not ours */
    g_assert_cmpuint(
        nmnvme_registry_remove_stale(f->registry, NMNVME_REGISTRY_OWNER, f->sysfs), ==, 1);
    o6 = get(f, "nvme6", "owner");
    o8 = get(f, "nvme8", "owner");
    g_assert_null(o6);
    g_assert_cmpstr(o8, ==, "discoverd\n");
    g_assert_cmpuint(count_entries(f, &hidden), ==, 2);
    g_assert_false(hidden);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, Fixture, NULL, setup, fn, teardown)
    ADD("/registry/seqnum", test_seqnum);
    ADD("/registry/add-whole", test_add_whole);
    ADD("/registry/unowned", test_unowned);
    ADD("/registry/foreign-untouched", test_foreign_untouched);
    ADD("/registry/replace-left-over", test_replace_left_over);
    ADD("/registry/remove", test_remove);
    ADD("/registry/stale", test_stale);
    return g_test_run();
}
