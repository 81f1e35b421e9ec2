/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-registry.c: reading and writing entries of the ownership
 * registry, atomically, as libnvme3 does.
 */
#include "config.h"

#include "nmnvme-registry.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct _NMNvmeRegistry {
    char *root;
    char *seqnum_file;
};

NMNvmeRegistry *
nmnvme_registry_new(const char *root, const char *seqnum_file)
{
    NMNvmeRegistry *r = g_new0(NMNvmeRegistry, 1);

    r->root        = g_strdup(root);
    r->seqnum_file = g_strdup(seqnum_file);
    return r;
}

NMNvmeRegistry *
nmnvme_registry_copy(const NMNvmeRegistry *registry)
{
    return nmnvme_registry_new(registry->root, registry->seqnum_file);
}

void
nmnvme_registry_free(NMNvmeRegistry *registry)
{
    if (!registry)
        return;
    g_free(registry->root);
    g_free(registry->seqnum_file);
    g_free(registry);
}

const char *
nmnvme_registry_get_root(const NMNvmeRegistry *registry)
{
    return registry->root;
}

static gboolean
set_errno(GError **error, int errsv, const char *what, const char *path)
{
    g_set_error(error,
                G_IO_ERROR,
                g_io_error_from_errno(errsv),
                "%s %s: %s",
                what,
                path,
                g_strerror(errsv));
    return FALSE;
}

static gboolean
parse_seqnum(const char *text, guint64 *out)
{
    g_autofree char *copy = g_strstrip(g_strdup(text));

    return g_ascii_string_to_unsigned(copy, 10, 0, G_MAXUINT64, out, NULL);
}

gboolean
nmnvme_registry_read_seqnum(const NMNvmeRegistry *registry, guint64 *out_seqnum, GError **error)
{
    g_autofree char *text = NULL;

    if (!g_file_get_contents(registry->seqnum_file, &text, NULL, error))
        return FALSE;
    if (parse_seqnum(text, out_seqnum))
        return TRUE;
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_INVALID_DATA,
                "%s: not a sequence number",
                registry->seqnum_file);
    return FALSE;
}

/* (transfer full) (nullable): the attribute's text without surrounding
 * whitespace. */
static char *
read_attr(const NMNvmeRegistry *registry, const char *device, const char *attr)
{
    g_autofree char *path = g_build_filename(registry->root, device, attr, NULL);
    char            *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strstrip(text);
}

char *
nmnvme_registry_get_owner(const NMNvmeRegistry *registry, const char *device)
{
    char *owner = read_attr(registry, device, "owner");

    return owner ? owner : g_strdup("");
}

gboolean
nmnvme_registry_get_seqnum(const NMNvmeRegistry *registry, const char *device, guint64 *out_seqnum)
{
    g_autofree char *text = read_attr(registry, device, "seqnum");

    return text && parse_seqnum(text, out_seqnum);
}

/*****************************************************************************/
/* Writing */

/* Writes @dir/@name = @value + "\n", 0644, synced. */
static gboolean
write_attr(const char *dir, const char *name, const char *value, GError **error)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *text = g_strdup_printf("%s\n", value);
    gsize            len  = strlen(text);
    int              fd   = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    gboolean         ok;

    if (fd < 0)
        return set_errno(error, errno, "creating", path);
    ok = fchmod(fd, 0644) == 0 && write(fd, text, len) == (ssize_t) len && fsync(fd) == 0;
    if (!ok)
        set_errno(error, errno, "writing", path);
    close(fd);
    return ok;
}

static void
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Deletes a folder of plain files (an entry taken out of the registry). */
static void
delete_tree(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);

        unlink(path);
    }
    rmdir(dir);
}

/* Renames @device's entry to a hidden sibling and deletes it. */
static gboolean
take_out(const NMNvmeRegistry *registry, const char *device, GError **error)
{
    g_autofree char *path   = g_build_filename(registry->root, device, NULL);
    g_autofree char *hidden = NULL;

    hidden = g_strdup_printf("%s/.%s.deleted.%d.%08x",
                             registry->root,
                             device,
                             (int) getpid(),
                             g_random_int());
    if (rename(path, hidden) != 0)
        return errno == ENOENT ? TRUE : set_errno(error, errno, "removing", path);
    delete_tree(hidden);
    sync_dir(registry->root);
    return TRUE;
}

/* Whether an existing entry of @device may be replaced by @owner's. */
static gboolean
may_replace(const NMNvmeRegistry *registry,
            const char           *device,
            const char           *owner,
            guint64               seqnum,
            GError              **error)
{
    g_autofree char *current = nmnvme_registry_get_owner(registry, device);
    guint64          theirs;

    if (!*current || strcmp(current, owner) == 0)
        return TRUE;
    if (nmnvme_registry_get_seqnum(registry, device, &theirs) && theirs < seqnum)
        return TRUE; /* left over by an earlier device of that name */
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_EXISTS,
                "%s/%s is owned by '%s': left alone",
                registry->root,
                device,
                current);
    return FALSE;
}

/* Builds the entry in a hidden temporary folder beside its place. */
static char *
build_entry(const NMNvmeRegistry *registry,
            const char           *device,
            const char           *owner,
            guint64               seqnum,
            GError              **error)
{
    g_autofree char *tmp  = g_strdup_printf("%s/.%s.XXXXXX", registry->root, device);
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, seqnum);

    if (!mkdtemp(tmp)) {
        set_errno(error, errno, "creating a folder in", registry->root);
        return NULL;
    }
    if (chmod(tmp, 0755) != 0 || !write_attr(tmp, "owner", owner, error) ||
        !write_attr(tmp, "seqnum", text, error)) {
        if (error && !*error)
            set_errno(error, errno, "setting the mode of", tmp);
        delete_tree(tmp);
        return NULL;
    }
    sync_dir(tmp);
    return g_steal_pointer(&tmp);
}

/* Makes @dir and its missing parents, 0755 whatever the umask (the
 * daemon's is 0077; the registry is world-readable). */
static gboolean
make_dirs(const char *dir, GError **error)
{
    g_autofree char *parent = NULL;

    if (g_file_test(dir, G_FILE_TEST_IS_DIR))
        return TRUE;
    parent = g_path_get_dirname(dir);
    if (strcmp(parent, dir) != 0 && !make_dirs(parent, error))
        return FALSE;
    if (mkdir(dir, 0755) == 0)
        return chmod(dir, 0755) == 0 || set_errno(error, errno, "setting the mode of", dir);
    return errno == EEXIST || set_errno(error, errno, "creating", dir);
}

gboolean
nmnvme_registry_add(const NMNvmeRegistry *registry,
                    const char           *device,
                    const char           *owner,
                    guint64               seqnum,
                    GError              **error)
{
    g_autofree char *path = g_build_filename(registry->root, device, NULL);
    g_autofree char *tmp  = NULL;

    if (!make_dirs(registry->root, error))
        return FALSE;
    if (g_file_test(path, G_FILE_TEST_EXISTS) &&
        (!may_replace(registry, device, owner, seqnum, error) ||
         !take_out(registry, device, error)))
        return FALSE;
    tmp = build_entry(registry, device, owner, seqnum, error);
    if (!tmp)
        return FALSE;
    if (rename(tmp, path) != 0) {
        set_errno(error, errno, "renaming into place", path);
        delete_tree(tmp);
        return FALSE;
    }
    sync_dir(registry->root);
    return TRUE;
}

gboolean
nmnvme_registry_remove(const NMNvmeRegistry *registry,
                       const char           *device,
                       const char           *owner,
                       const guint64        *seqnum,
                       gboolean             *out_removed,
                       GError              **error)
{
    g_autofree char *current = nmnvme_registry_get_owner(registry, device);
    gboolean         mine    = strcmp(current, owner) == 0;
    guint64          theirs;

    if (mine && seqnum)
        mine = nmnvme_registry_get_seqnum(registry, device, &theirs) && theirs == *seqnum;

    if (out_removed)
        *out_removed = FALSE;
    if (!mine)
        return TRUE;
    if (!take_out(registry, device, error))
        return FALSE;
    if (out_removed)
        *out_removed = TRUE;
    return TRUE;
}

guint
nmnvme_registry_remove_stale(const NMNvmeRegistry *registry,
                             const char           *owner,
                             const char           *sysfs_class)
{
    g_autoptr(GDir) dir = g_dir_open(registry->root, 0, NULL);
    const char *name;
    guint       n = 0;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *sys = NULL;
        guint64          seqnum;
        gboolean         stamped, removed;

        if (name[0] == '.')
            continue;
        /* The stamp first, then the device: a controller that takes the
         * name meanwhile exists before its entry is written, and that entry
         * has a stamp of its own, which the removal below then spares. */
        stamped = nmnvme_registry_get_seqnum(registry, name, &seqnum);
        sys     = g_build_filename(sysfs_class, name, NULL);
        if (g_file_test(sys, G_FILE_TEST_EXISTS))
            continue;
        if (nmnvme_registry_remove(registry, name, owner, stamped ? &seqnum : NULL, &removed, NULL) &&
            removed)
            n++;
    }
    return n;
}
