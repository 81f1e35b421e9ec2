/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine-tls.c: the TLS facts, their re-check while something
 * waits, and the keys we inserted.
 */
#include "config.h"

#include "nmnvme-engine-tls.h"

#include <glib/gstdio.h>
#include <string.h>

#include "nmnvme-fabrics-tls.h"
#include "nmnvme-libnvme.h"
#include "nmnvme-log.h"
#include "nmnvme-source.h"

#define KEYS_FILE "tls-keys"

/* A key we inserted. */
typedef struct {
    gint32      serial;
    GHashTable *users; /* session interfaces */
} OurKey;

struct _NMNvmeEngineTls {
    char                  *proc_dir;
    char                  *keys_path; /* nullable */
    NMNvmeEngineTlsChanged changed;
    NMNvmeEngineTlsWaiting waiting;
    gpointer               user_data;
    gboolean               kernel_tls;
    gboolean               kernel_concat;
    gboolean               libnvme_keys;
    NMNvmeTlsProbe        *probe; /* nullable: none ended yet */
    gboolean               probing;
    gboolean               probe_again;
    GSource               *recheck;
    GCancellable          *cancellable;
    GHashTable            *keys; /* identity -> OurKey */
};

static void
our_key_free(OurKey *k)
{
    g_hash_table_unref(k->users);
    g_free(k);
}

static OurKey *
our_key_new(gint32 serial)
{
    OurKey *k = g_new0(OurKey, 1);

    k->serial = serial;
    k->users  = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return k;
}

/*****************************************************************************/
/* tls-keys: "SERIAL USER[,USER...] IDENTITY" per line */

static void
keys_save(NMNvmeEngineTls *tls)
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    GHashTableIter iter;
    const char    *identity;
    OurKey        *k;

    if (!tls->keys_path)
        return;
    g_hash_table_iter_init(&iter, tls->keys);
    while (g_hash_table_iter_next(&iter, (gpointer *) &identity, (gpointer *) &k)) {
        g_autofree const char **users =
            (const char **) g_hash_table_get_keys_as_array(k->users, NULL);
        g_autofree char *joined = g_strjoinv(",", (char **) users);

        g_string_append_printf(text, "%" G_GINT32_FORMAT " %s %s\n", k->serial, joined, identity);
    }
    if (!g_file_set_contents_full(tls->keys_path,
                                  text->str,
                                  text->len,
                                  G_FILE_SET_CONTENTS_CONSISTENT,
                                  0600,
                                  &error))
        _LOG_IF_W(NULL, "TLS: cannot save the keys nm-nvme inserted: %s", error->message);
}

static void
keys_load_line(NMNvmeEngineTls *tls, const char *line)
{
    g_auto(GStrv) parts = g_strsplit(line, " ", 3);
    g_auto(GStrv) users = NULL;
    gint64  serial;
    OurKey *k;

    if (!*line)
        return;
    if (g_strv_length(parts) != 3 || !g_ascii_string_to_signed(parts[0], 10, 1, G_MAXINT32, &serial, NULL) ||
        !g_str_has_prefix(parts[2], "NVMe")) {
        _LOG_IF_W(NULL, "TLS: %s: a line that is not 'SERIAL USERS IDENTITY' is skipped", tls->keys_path);
        return;
    }
    k     = our_key_new((gint32) serial);
    users = g_strsplit(parts[1], ",", -1);
    for (char **u = users; *u; u++) {
        if (**u)
            g_hash_table_add(k->users, g_strdup(*u));
    }
    g_hash_table_replace(tls->keys, g_strdup(parts[2]), k);
}

static void
keys_load(NMNvmeEngineTls *tls)
{
    g_autofree char *text  = NULL;
    g_auto(GStrv) lines    = NULL;
    g_autoptr(GError) error = NULL;

    if (!tls->keys_path)
        return;
    if (!g_file_get_contents(tls->keys_path, &text, NULL, &error)) {
        /* None yet is the usual case; anything else means keys we inserted
         * are no longer known as ours (kept, never revoked): say so. */
        if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            _LOG_IF_W(NULL, "TLS: cannot read the keys nm-nvme inserted: %s", error->message);
        return;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++)
        keys_load_line(tls, *l);
}

/*****************************************************************************/
/* Facts and their re-check */

static void probe_start(NMNvmeEngineTls *tls);

static gboolean
on_recheck(gpointer user_data)
{
    NMNvmeEngineTls *tls = user_data;

    g_clear_pointer(&tls->recheck, g_source_unref);
    if (tls->waiting(tls->user_data))
        probe_start(tls);
    return G_SOURCE_REMOVE;
}

static void
schedule_recheck(NMNvmeEngineTls *tls)
{
    if (!tls->recheck && tls->waiting(tls->user_data))
        nmnvme_source_start_timeout(&tls->recheck, NMNVME_ENGINE_TLS_RECHECK_MS, on_recheck, tls);
}

static void
log_change(const NMNvmeTlsProbe *old, const NMNvmeTlsProbe *new)
{
    if (!old || old->tlshd != new->tlshd)
        _LOG_IF_I(NULL, "TLS: tlshd %s", new->tlshd ? "is running" : "is not running");
    if (!old || old->keyring != new->keyring)
        _LOG_IF_I(NULL, "TLS: keyring .nvme %s", new->keyring ? "present" : "absent");
    if (old && old->identities->len != new->identities->len)
        _LOG_IF_I(NULL, "TLS: .nvme shows %u PSK identities", new->identities->len);
}

static void
on_probed(GObject *source, GAsyncResult *result, gpointer user_data)
{
    NMNvmeEngineTls *tls       = user_data;
    g_autoptr(NMNvmeTlsProbe) probe = nmnvme_fabrics_tls_probe_finish(result, NULL);
    gboolean changed;

    if (!probe)
        return; /* cancelled: tls is being freed */
    tls->probing = FALSE;
    changed      = !tls->probe || !nmnvme_tls_probe_equal(tls->probe, probe);
    if (changed) {
        log_change(tls->probe, probe);
        nmnvme_tls_probe_free(tls->probe);
        tls->probe = g_steal_pointer(&probe);
    }
    if (tls->probe_again) {
        tls->probe_again = FALSE;
        probe_start(tls);
        return;
    }
    if (changed)
        tls->changed(tls->user_data);
    schedule_recheck(tls);
}

static void
probe_start(NMNvmeEngineTls *tls)
{
    if (tls->probing) {
        tls->probe_again = TRUE;
        return;
    }
    tls->probing = TRUE;
    nmnvme_fabrics_tls_probe_async(tls->proc_dir, tls->cancellable, on_probed, tls);
}

NMNvmeEngineTls *
nmnvme_engine_tls_new(const char            *proc_dir,
                      const char            *state_dir,
                      NMNvmeEngineTlsChanged changed,
                      NMNvmeEngineTlsWaiting waiting,
                      gpointer               user_data)
{
    NMNvmeEngineTls *tls = g_new0(NMNvmeEngineTls, 1);

    tls->proc_dir     = g_strdup(proc_dir);
    tls->keys_path    = state_dir ? g_build_filename(state_dir, KEYS_FILE, NULL) : NULL;
    tls->changed      = changed;
    tls->waiting      = waiting;
    tls->user_data    = user_data;
    tls->libnvme_keys = nmnvme_libnvme_can_insert_tls_keys(NULL);
    tls->cancellable  = g_cancellable_new();
    tls->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) our_key_free);
    keys_load(tls);
    probe_start(tls);
    return tls;
}

void
nmnvme_engine_tls_free(NMNvmeEngineTls *tls)
{
    if (!tls)
        return;
    g_cancellable_cancel(tls->cancellable);
    g_clear_object(&tls->cancellable);
    nmnvme_source_clear(&tls->recheck);
    nmnvme_tls_probe_free(tls->probe);
    g_hash_table_unref(tls->keys);
    g_free(tls->proc_dir);
    g_free(tls->keys_path);
    g_free(tls);
}

void
nmnvme_engine_tls_set_kernel(NMNvmeEngineTls *tls, gboolean kernel_tls, gboolean kernel_concat)
{
    tls->kernel_tls    = kernel_tls;
    tls->kernel_concat = kernel_concat;
}

const NMNvmeTlsProbe *
nmnvme_engine_tls_get_probe(const NMNvmeEngineTls *tls)
{
    return tls->probe;
}

NMNvmeTlsProblem
nmnvme_engine_tls_check(const NMNvmeEngineTls *tls,
                        gboolean               concat,
                        gboolean               configured_key,
                        const char            *hostnqn,
                        const char            *subnqn)
{
    NMNvmeTlsFacts   facts;
    NMNvmeTlsProblem problem;

    if (!tls->kernel_tls)
        return NMNVME_TLS_PROBLEM_NO_KERNEL;
    if (!tls->probe)
        return NMNVME_TLS_PROBLEM_CHECKING; /* its end calls @changed */
    facts = (NMNvmeTlsFacts) {
        .kernel_tls   = tls->kernel_tls,
        .keyring      = tls->probe->keyring,
        .tlshd        = tls->probe->tlshd,
        .libnvme_keys  = tls->libnvme_keys,
        .kernel_concat = tls->kernel_concat,
    };
    if (concat)
        return nmnvme_tls_check_concat(&facts);
    problem = nmnvme_tls_check(&facts, configured_key);
    if (problem == NMNVME_TLS_PROBLEM_NONE && !configured_key && hostnqn && subnqn &&
        !nmnvme_tls_probe_has_key_for(tls->probe, hostnqn, subnqn))
        return NMNVME_TLS_PROBLEM_NO_KEY;
    return problem;
}

void
nmnvme_engine_tls_wait(NMNvmeEngineTls *tls)
{
    schedule_recheck(tls);
}

void
nmnvme_engine_tls_refresh(NMNvmeEngineTls *tls)
{
    probe_start(tls);
}

/*****************************************************************************/
/* Our keys */

gint32
nmnvme_engine_tls_key_serial(const NMNvmeEngineTls *tls, const char *identity)
{
    OurKey *k = g_hash_table_lookup(tls->keys, identity);

    return k ? k->serial : 0;
}

void
nmnvme_engine_tls_key_use(NMNvmeEngineTls *tls,
                          const char      *identity,
                          gint32           serial,
                          const char      *user)
{
    OurKey *k = g_hash_table_lookup(tls->keys, identity);

    if (!k || k->serial != serial) {
        k = our_key_new(serial);
        g_hash_table_replace(tls->keys, g_strdup(identity), k);
    } else if (g_hash_table_contains(k->users, user)) {
        return;
    }
    g_hash_table_add(k->users, g_strdup(user));
    keys_save(tls);
}

typedef struct {
    gint32 serial;
    char  *identity;
} Revoke;

static void
on_revoked(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Revoke *r               = user_data;
    g_autoptr(GError) error = NULL;

    if (!nmnvme_fabrics_tls_revoke_key_finish(result, &error))
        _LOG_IF_W(NULL, "TLS: key %" G_GINT32_FORMAT " (%s): %s", r->serial, r->identity, error->message);
    else
        _LOG_IF_I(NULL, "TLS: key %" G_GINT32_FORMAT " (%s) revoked: no session needs it", r->serial, r->identity);
    g_free(r->identity);
    g_free(r);
}

void
nmnvme_engine_tls_key_release(NMNvmeEngineTls *tls, const char *user)
{
    GHashTableIter iter;
    const char    *identity;
    OurKey        *k;
    gboolean       dirty = FALSE;

    g_hash_table_iter_init(&iter, tls->keys);
    while (g_hash_table_iter_next(&iter, (gpointer *) &identity, (gpointer *) &k)) {
        Revoke *r;

        if (!g_hash_table_remove(k->users, user))
            continue;
        dirty = TRUE;
        if (g_hash_table_size(k->users) > 0)
            continue;
        r           = g_new0(Revoke, 1);
        r->serial   = k->serial;
        r->identity = g_strdup(identity);
        /* not cancelled with tls: a revoke started is finished */
        nmnvme_fabrics_tls_revoke_key_async(r->serial, r->identity, NULL, on_revoked, r);
        g_hash_table_iter_remove(&iter);
    }
    if (dirty)
        keys_save(tls);
}
