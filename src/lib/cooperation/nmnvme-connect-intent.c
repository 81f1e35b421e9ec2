/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-connect-intent.c: the intents of connects in flight, in files
 * beside the ownership record, and which controller one left behind made.
 */
#include "config.h"

#include "nmnvme-connect-intent.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "nmnvme-error.h"

#define INTENT_TYPE   G_VARIANT_TYPE("a{sv}")
#define INTENT_PREFIX "connect-"
#define INTENT_SUFFIX ".intent"

NMNvmeConnectIntent *
nmnvme_connect_intent_new(const NMNvmeTrid *trid, const char *hostnqn, const char *iface)
{
    NMNvmeConnectIntent *intent = g_new0(NMNvmeConnectIntent, 1);

    intent->trid    = nmnvme_trid_copy(trid);
    intent->hostnqn = g_strdup(hostnqn ? hostnqn : "");
    intent->iface   = g_strdup(iface ? iface : "");
    intent->present = g_array_new(FALSE, FALSE, sizeof(guint64));
    return intent;
}

NMNvmeConnectIntent *
nmnvme_connect_intent_copy(const NMNvmeConnectIntent *intent)
{
    NMNvmeConnectIntent *copy =
        nmnvme_connect_intent_new(intent->trid, intent->hostnqn, intent->iface);

    copy->seqnum = intent->seqnum;
    g_array_append_vals(copy->present, intent->present->data, intent->present->len);
    return copy;
}

void
nmnvme_connect_intent_free(NMNvmeConnectIntent *intent)
{
    if (!intent)
        return;
    nmnvme_trid_free(intent->trid);
    g_free(intent->hostnqn);
    g_free(intent->iface);
    g_array_unref(intent->present);
    g_free(intent);
}

void
nmnvme_connect_intent_note_present(NMNvmeConnectIntent *intent, const char *sysfs_class)
{
    g_autoptr(GDir) dir = g_dir_open(sysfs_class, 0, NULL);
    const char *name;

    g_array_set_size(intent->present, 0);
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;
        guint64          ino;

        if (!g_str_has_prefix(name, "nvme"))
            continue;
        path = g_build_filename(sysfs_class, name, NULL);
        ino  = nmnvme_kernel_ctrl_read_ino(path);
        if (ino)
            g_array_append_val(intent->present, ino);
    }
}

/*****************************************************************************/
/* Files */

/* (transfer full): the file of @trid and @hostnqn in @dir. */
static char *
intent_path(const char *dir, const NMNvmeTrid *trid, const char *hostnqn)
{
    g_autofree char *key  = nmnvme_trid_to_string(trid);
    g_autofree char *id   = g_strdup_printf("%s\n%s", key, hostnqn ? hostnqn : "");
    g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, id, -1);
    g_autofree char *name = g_strconcat(INTENT_PREFIX, hash, INTENT_SUFFIX, NULL);

    return g_build_filename(dir, name, NULL);
}

static const char *
or_empty(const char *s)
{
    return s ? s : "";
}

static GVariant *
intent_to_variant(const NMNvmeConnectIntent *intent)
{
    const NMNvmeTrid *t = intent->trid;
    GVariantDict      d;

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "interface", "s", intent->iface);
    g_variant_dict_insert(&d, "transport", "s", nmnvme_trid_get_transport(t));
    g_variant_dict_insert(&d, "traddr", "s", or_empty(nmnvme_trid_get_traddr(t)));
    g_variant_dict_insert(&d, "trsvcid", "s", or_empty(nmnvme_trid_get_trsvcid(t)));
    g_variant_dict_insert(&d, "subsysnqn", "s", nmnvme_trid_get_subsysnqn(t));
    g_variant_dict_insert(&d, "host-iface", "s", or_empty(nmnvme_trid_get_host_iface(t)));
    g_variant_dict_insert(&d, "host-traddr", "s", or_empty(nmnvme_trid_get_host_traddr(t)));
    g_variant_dict_insert(&d, "hostnqn", "s", intent->hostnqn);
    g_variant_dict_insert(&d, "seqnum", "t", intent->seqnum);
    g_variant_dict_insert_value(&d,
                                "present",
                                g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64,
                                                          intent->present->data,
                                                          intent->present->len,
                                                          sizeof(guint64)));
    return g_variant_dict_end(&d);
}

gboolean
nmnvme_connect_intent_save(const char *dir, const NMNvmeConnectIntent *intent, GError **error)
{
    g_autoptr(GVariant) v = g_variant_ref_sink(intent_to_variant(intent));
    g_autofree char *path = intent_path(dir, intent->trid, intent->hostnqn);

    if (g_mkdir_with_parents(dir, 0700) != 0)
        return nmnvme_error_errno(error, errno, dir);
    /* a temporary file, synced, renamed over the old one */
    return g_file_set_contents_full(path,
                                    g_variant_get_data(v),
                                    g_variant_get_size(v),
                                    G_FILE_SET_CONTENTS_CONSISTENT,
                                    0600,
                                    error);
}

gboolean
nmnvme_connect_intent_clear(const char       *dir,
                            const NMNvmeTrid *trid,
                            const char       *hostnqn,
                            GError          **error)
{
    g_autofree char *path = intent_path(dir, trid, hostnqn);

    if (g_unlink(path) != 0 && errno != ENOENT)
        return nmnvme_error_errno(error, errno, path);
    return TRUE;
}

/* (transfer full) (nullable): the intent in @v, %NULL when a required
 * field is missing or bad. */
static NMNvmeConnectIntent *
intent_from_variant(GVariant *v)
{
    const char *iface = "", *transport = "", *traddr = "", *trsvcid = "", *nqn = "";
    const char *host_iface = "", *host_traddr = "", *hostnqn = "";
    g_autoptr(GVariant) present = NULL;
    g_autoptr(NMNvmeTrid) trid  = NULL;
    NMNvmeConnectIntent *intent;
    const guint64       *inos;
    gsize                n = 0;

    g_variant_lookup(v, "interface", "&s", &iface);
    g_variant_lookup(v, "transport", "&s", &transport);
    g_variant_lookup(v, "traddr", "&s", &traddr);
    g_variant_lookup(v, "trsvcid", "&s", &trsvcid);
    g_variant_lookup(v, "subsysnqn", "&s", &nqn);
    g_variant_lookup(v, "host-iface", "&s", &host_iface);
    g_variant_lookup(v, "host-traddr", "&s", &host_traddr);
    g_variant_lookup(v, "hostnqn", "&s", &hostnqn);
    present = g_variant_lookup_value(v, "present", G_VARIANT_TYPE("at"));
    if (!*iface || !*transport || !*traddr || !*nqn || !*hostnqn || !present)
        return NULL;
    trid   = nmnvme_trid_new(transport,
                           traddr,
                           *trsvcid ? trsvcid : NULL,
                           nqn,
                           *host_traddr ? host_traddr : NULL,
                           *host_iface ? host_iface : NULL);
    intent = nmnvme_connect_intent_new(trid, hostnqn, iface);
    g_variant_lookup(v, "seqnum", "t", &intent->seqnum);
    inos = g_variant_get_fixed_array(present, &n, sizeof(guint64));
    g_array_append_vals(intent->present, inos, n);
    return intent;
}

static NMNvmeConnectIntent *
load_one(const char *path, GError **error)
{
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GVariant) v   = NULL;
    NMNvmeConnectIntent *intent;
    char                *data = NULL;
    gsize                len  = 0;

    if (!g_file_get_contents(path, &data, &len, error))
        return NULL;
    bytes  = g_bytes_new_take(data, len);
    v      = g_variant_ref_sink(g_variant_new_from_bytes(INTENT_TYPE, bytes, FALSE));
    intent = g_variant_is_normal_form(v) ? intent_from_variant(v) : NULL;
    if (!intent)
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "%s: malformed connect intent", path);
    return intent;
}

GPtrArray *
nmnvme_connect_intent_load_all(const char *dir, GPtrArray *problems)
{
    GPtrArray *intents =
        g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_connect_intent_free);
    g_autoptr(GDir) gdir = g_dir_open(dir, 0, NULL);
    const char *name;

    while (gdir && (name = g_dir_read_name(gdir))) {
        g_autofree char *path   = NULL;
        g_autoptr(GError) error = NULL;
        NMNvmeConnectIntent *intent;

        if (!g_str_has_prefix(name, INTENT_PREFIX) || !g_str_has_suffix(name, INTENT_SUFFIX))
            continue;
        path   = g_build_filename(dir, name, NULL);
        intent = load_one(path, &error);
        if (intent) {
            g_ptr_array_add(intents, intent);
            continue;
        }
        /* removed since the listing: its connect ended meanwhile */
        if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            continue;
        g_ptr_array_add(problems, g_strdup_printf("%s; removed", error->message));
        if (g_unlink(path) != 0 && errno != ENOENT)
            g_ptr_array_add(problems, g_strdup_printf("removing %s: %s", path, g_strerror(errno)));
    }
    return intents;
}

/*****************************************************************************/

static gboolean
was_present(const NMNvmeConnectIntent *intent, guint64 ino)
{
    for (guint i = 0; i < intent->present->len; i++) {
        if (g_array_index(intent->present, guint64, i) == ino)
            return TRUE;
    }
    return FALSE;
}

const NMNvmeKernelCtrl *
nmnvme_connect_intent_find_made(const NMNvmeConnectIntent *intent, GPtrArray *current)
{
    for (guint i = 0; i < current->len; i++) {
        const NMNvmeKernelCtrl *kc = current->pdata[i];

        if (kc->owner && *kc->owner)
            continue; /* registered: whoever it is, never taken */
        if (!kc->ino || was_present(intent, kc->ino) || nmnvme_kernel_ctrl_is_going_away(kc))
            continue;
        if (nmnvme_trid_matches_kernel(intent->trid, kc, intent->hostnqn))
            return kc;
    }
    return NULL;
}
