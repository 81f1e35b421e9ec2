/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-registry.c: entries of the host-wide ownership registry
 * /run/nvme/registry/nvmeN/{owner,seqnum} (nmnvme-registry.h), which any
 * orchestrator on the host writes. Input: one byte (bit 0: an `owner`
 * file, bit 1: a `seqnum` file), then NUL-separated the owner and seqnum
 * files' contents and the uevent_seqnum file's. Properties: an owner read
 * has no surrounding whitespace; our add replaces the entry exactly when
 * it is ours, unowned or older than the sequence number read, and then
 * reads back as ours; our remove takes out only our own entry.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <gio/gio.h>

#include "fuzz-util.h"
#include "nmnvme-registry.h"

#define DEVICE "nvme7"

static void
write_entry(const char *root, guint8 flags, char **fields)
{
    g_autofree char *entry  = g_build_filename(root, DEVICE, NULL);
    g_autofree char *owner  = g_build_filename(entry, "owner", NULL);
    g_autofree char *seqnum = g_build_filename(entry, "seqnum", NULL);

    g_remove(owner);
    g_remove(seqnum);
    g_rmdir(entry);
    if (!(flags & 3))
        return;
    g_mkdir_with_parents(entry, 0755);
    if (flags & 1)
        fuzz_write_file(owner, fields[0], strlen(fields[0]));
    if (flags & 2)
        fuzz_write_file(seqnum, fields[1], strlen(fields[1]));
}

static void
check_add(const NMNvmeRegistry *registry,
          const char           *owner,
          gboolean              has_seq,
          guint64               seq,
          guint64               now)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *after  = NULL;
    gboolean         replaceable =
        !*owner || g_str_equal(owner, NMNVME_REGISTRY_OWNER) || (has_seq && seq < now);
    gboolean added = nmnvme_registry_add(registry, DEVICE, NMNVME_REGISTRY_OWNER, now, &error);

    after = nmnvme_registry_get_owner(registry, DEVICE);
    if (added)
        FUZZ_CHECK(g_str_equal(after, NMNVME_REGISTRY_OWNER),
                   "added, but the owner is '%s'",
                   after);
    else
        FUZZ_CHECK(g_str_equal(after, owner),
                   "not added, but the owner '%s' became '%s'",
                   owner,
                   after);
    /* a replaceable entry may still fail for I/O reasons, never with EXISTS */
    if (replaceable)
        FUZZ_CHECK(added || !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS),
                   "replaceable entry of '%s' refused",
                   owner);
    else
        FUZZ_CHECK(!added,
                   "the entry of '%s' (seqnum %d:%" G_GUINT64_FORMAT
                   ") was replaced at %" G_GUINT64_FORMAT,
                   owner,
                   has_seq,
                   seq,
                   now);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *root, *seqfile;
    g_auto(GStrv) fields               = NULL;
    g_autoptr(NMNvmeRegistry) registry = NULL;
    g_autofree char *owner             = NULL;
    guint64          seq = 0, now     = 0;
    gboolean         has_seq, removed = FALSE;

    if (size < 1)
        return 0;
    if (!root) {
        root    = g_build_filename(fuzz_scratch_dir(), "registry", NULL);
        seqfile = g_build_filename(fuzz_scratch_dir(), "uevent_seqnum", NULL);
    }
    fields   = fuzz_fields(data + 1, size - 1, 3, 3);
    registry = nmnvme_registry_new(root, seqfile);
    write_entry(root, data[0], fields);
    fuzz_write_file(seqfile, fields[2], strlen(fields[2]));

    owner   = nmnvme_registry_get_owner(registry, DEVICE);
    has_seq = nmnvme_registry_get_seqnum(registry, DEVICE, &seq);
    FUZZ_CHECK(!g_ascii_isspace(owner[0]) &&
                   (!*owner || !g_ascii_isspace(owner[strlen(owner) - 1])),
               "owner '%s' has surrounding whitespace",
               owner);
    if (!nmnvme_registry_read_seqnum(registry, &now, NULL))
        return 0;
    check_add(registry, owner, has_seq, seq, now);
    FUZZ_CHECK(
        nmnvme_registry_remove(registry, DEVICE, NMNVME_REGISTRY_OWNER, NULL, &removed, NULL),
        "remove failed");
    g_free(owner);
    owner = nmnvme_registry_get_owner(registry, DEVICE);
    FUZZ_CHECK(!g_str_equal(owner, NMNVME_REGISTRY_OWNER), "our entry is still there after remove");
    return 0;
}
