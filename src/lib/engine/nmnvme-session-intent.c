/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-intent.c: the connect intents an earlier run of the
 * daemon left behind for this session's interface (nmnvme-connect-intent.h):
 * it died between its write to /dev/nvme-fabrics and our registry entry.
 * At the session's first scan each one either names the controller its
 * write made (full transport ID and host NQN, no registry owner, a sysfs
 * inode new since the intent) — that controller is ours: taken as ours by
 * this very reconcile and registered as NMNVME_REGISTRY_OWNER — or names
 * none, and is dropped. Everything else keeps the ownership rules
 * (nmnvme-ownership.h): a controller another owner registered is never
 * taken.
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include <gio/gio.h>

#include "nmnvme-registry.h"

void
nmnvme_session_add_intent(NMNvmeSession *s, NMNvmeConnectIntent *intent)
{
    g_autofree char *key = nmnvme_trid_to_string(intent->trid);

    _LOG_IF_I(s->iface, "a connect of an earlier run was cut short: %s", key);
    g_ptr_array_add(s->intents, intent);
}

typedef struct {
    NMNvmeSession *s; /* valid unless the call was cancelled (session gone) */
    char          *device;
} Registered;

/* Takes @device back from the session's controllers: registered by
 * another owner meanwhile, it is not ours. */
static void
not_ours(NMNvmeSession *s, const char *device)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (g_strcmp0(ctrl->device, device) == 0 && ctrl->ours)
                nmnvme_ctrl_set_device(ctrl, device, "", FALSE);
        }
    }
}

static void
on_registered(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Registered *d           = user_data;
    g_autoptr(GError) error = NULL;
    NMNvmeSession *s        = d->s;

    if (nmnvme_fabrics_add_owner_finish(NULL, result, &error)) {
        _LOG_IF_I(s->iface, "%s in the ownership registry", d->device);
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        s = NULL; /* the session is gone or stopped its work */
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
        _LOG_IF_I(s->iface, "%s registered by another owner meanwhile: not ours", d->device);
        not_ours(s, d->device);
    } else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
        _LOG_IF_D(s->iface, "%s", error->message);
    } else {
        /* ours all the same (same inode, no entry): the next scan keeps it
         * and retries the entry (nmnvme-session-registry.c) */
        _LOG_IF_W(s->iface, "%s not in the ownership registry: %s", d->device, error->message);
    }
    if (s) {
        notify_changed(s);
        nmnvme_session_reconcile(s); /* the registry's word on it, read again */
    }
    g_free(d->device);
    g_free(d);
}

/* The controller @intent's write made is ours: this scan says so (its
 * owner in @kc), and the registry will. */
static void
adopt_made(NMNvmeSession *s, const NMNvmeConnectIntent *intent, NMNvmeKernelCtrl *kc)
{
    g_autofree char *key = nmnvme_trid_to_string(intent->trid);
    Registered      *d   = g_new0(Registered, 1);

    _LOG_IF_I(s->iface,
              "%s was made by that cut-short connect (new since it, unregistered): ours, "
              "registering it: %s",
              kc->name,
              key);
    g_free(kc->owner);
    kc->owner = g_strdup(NMNVME_REGISTRY_OWNER);
    d->s      = s;
    d->device = g_strdup(kc->name);
    nmnvme_fabrics_add_owner_async(s->ctx->fabrics,
                                   kc->name,
                                   kc->ino,
                                   intent->seqnum,
                                   intent->trid,
                                   intent->hostnqn,
                                   s->cancellable,
                                   on_registered,
                                   d);
}

/* The intent names no controller: the write made none, or it is gone. */
static void
drop(NMNvmeSession *s, const NMNvmeConnectIntent *intent)
{
    g_autofree char *key    = nmnvme_trid_to_string(intent->trid);
    g_autoptr(GError) error = NULL;

    _LOG_IF_I(s->iface, "no controller left by the cut-short connect of %s", key);
    if (!nmnvme_connect_intent_clear(s->ctx->state_dir, intent->trid, intent->hostnqn, &error))
        _LOG_IF_W(s->iface, "removing a connect intent: %s", error->message);
}

void
nmnvme_session_intents_resolve(NMNvmeSession *s, GPtrArray *kernel)
{
    for (guint i = 0; i < s->intents->len; i++) {
        const NMNvmeConnectIntent *intent = s->intents->pdata[i];
        NMNvmeKernelCtrl *kc = (NMNvmeKernelCtrl *) nmnvme_connect_intent_find_made(intent, kernel);

        if (kc)
            adopt_made(s, intent, kc);
        else
            drop(s, intent);
    }
    g_ptr_array_set_size(s->intents, 0);
}
