/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-discovery.c: a session's discovery controllers: reading
 * their log pages (what to connect, and referrals: nmnvme-wants.c turns
 * both into wants), TP8010 registration with a CDC or DDC (DIM), and the
 * discovery controllers found by mDNS on the interface (nmnvme-zeroconf).
 * Deregistration is part of the teardown (nmnvme-session-teardown.c).
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include "nmnvme-log-entry.h"
#include "nmnvme-wants.h"

/*****************************************************************************/
/* TP8010 registration */

static gboolean
is_registration_capable(const NMNvmeCtrl *dc)
{
    const char *dctype = dc->log ? dc->log->dctype : NULL;

    return g_strcmp0(dctype, "cdc") == 0 || g_strcmp0(dctype, "ddc") == 0;
}

static void
on_registered(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) dc = user_data;
    g_autoptr(GError) error  = NULL;
    gboolean       ok        = nmnvme_fabrics_register_finish(NULL, result, &error);
    NMNvmeSession *s         = dc->session;

    if (!s || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    dc->registered = ok;
    if (ok)
        _LOG_IF_I(s->iface, "%s registered with %s (TP8010)", dc->device, dc->key);
    else
        _LOG_IF_W(s->iface, "%s: registration failed: %s, ignoring", dc->key, error->message);
    notify_changed(s);
}

static void
dc_register(NMNvmeCtrl *dc)
{
    NMNvmeSession *s = dc->session;

    nmnvme_fabrics_register_async(s->ctx->fabrics,
                                  dc->device,
                                  NMNVME_DIM_REGISTER,
                                  s->ctx->host,
                                  dc->cancellable,
                                  on_registered,
                                  nmnvme_ctrl_ref(dc));
}

/*****************************************************************************/
/* Log pages */

static void
log_rejected(NMNvmeSession *s, const NMNvmeCtrl *dc, GPtrArray *rejected)
{
    if (rejected->len == 0)
        return;
    _LOG_IF_W(s->iface,
              "%s: dropped %u invalid log entries, first: %s, ignoring",
              dc->key,
              rejected->len,
              (const char *) rejected->pdata[0]);
}

static void
on_log(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(NMNvmeCtrl) dc          = user_data;
    g_autoptr(GError) error           = NULL;
    g_autoptr(NMNvmeDiscoveryLog) log = nmnvme_fabrics_get_log_finish(NULL, result, &error);
    NMNvmeSession *s                  = dc->session;

    if (!s || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    dc->log_busy = FALSE;
    if (!log) {
        dc->log_view = 0;
        nmnvme_ctrl_set_error(dc, error->message);
        nmnvme_session_ctrl_schedule_retry(dc, error->message);
        notify_changed(s);
        return;
    }
    _LOG_IF_D(s->iface,
              "%s: log generation %" G_GUINT64_FORMAT ", %u entries%s",
              dc->device,
              log->genctr,
              log->entries->len,
              log->pleo ? " (port-local only)" : "");
    log_rejected(s, dc, log->rejected);
    nmnvme_discovery_log_free(dc->log);
    dc->log = g_steal_pointer(&log);
    nmnvme_backoff_reset(&dc->backoff);
    nmnvme_ctrl_set_error(dc, NULL);
    /* never for another owner's discovery controller (nmnvme-ownership.h) */
    if (!dc->registered && dc->ours && is_registration_capable(dc) &&
        nmnvme_settings_get_bool(s->settings, NMNVME_KEY_REGISTER))
        dc_register(dc);
    if (dc->log_view) {
        guint serial = dc->log_view;

        dc->log_view = 0; /* before: the view goes once no log waits */
        nmnvme_session_reconcile_since(s, serial);
    } else {
        nmnvme_session_reconcile(s);
    }
    if (dc->log_again) {
        dc->log_again = FALSE;
        nmnvme_session_dc_refresh_log(dc);
    }
    notify_changed(s);
}

/* After the discovery controller's connect: its log, and a scan at the
 * same time (the kernel view the log's plan needs, which a scan after the
 * read would only delay: the first I/O connect came about 10 ms later under
 * TCG). */
void
nmnvme_session_dc_first_log(NMNvmeCtrl *dc)
{
    NMNvmeSession *s     = dc->session;
    gboolean       first = !dc->log_busy;

    nmnvme_session_dc_refresh_log(dc);
    if (!first || !dc->log_busy)
        return; /* a read already running, or none started (session idle) */
    dc->log_view = s->scan_serial + 1; /* the scan started now, or the one after the running one */
    nmnvme_session_reconcile(s);
}

void
nmnvme_session_dc_refresh_log(NMNvmeCtrl *dc)
{
    NMNvmeSession *s = dc->session;

    if (!dc->device || session_idle(s))
        return;
    if (dc->log_busy) {
        dc->log_again = TRUE;
        return;
    }
    dc->log_busy = TRUE;
    nmnvme_fabrics_get_log_async(s->ctx->fabrics,
                                 dc->device,
                                 nmnvme_settings_get_bool(s->settings, NMNVME_KEY_PLEO),
                                 dc->log ? dc->log->entries : NULL,
                                 dc->cancellable,
                                 on_log,
                                 nmnvme_ctrl_ref(dc));
}

/*****************************************************************************/
/* Zeroconf: discovery controllers found by mDNS on the interface */

static gboolean
unique_nqn_supported(NMNvmeSession *s)
{
    return s->ctx->caps && nmnvme_fabrics_options_has(s->ctx->caps, "discovery");
}

/* (element-type NMNvmeTrid): the session's discovery controllers found by
 * mDNS (borrowed), for a new browser to keep until the network shows them
 * gone. */
static GPtrArray *
zeroconf_found(NMNvmeSession *s)
{
    GPtrArray     *found = g_ptr_array_new();
    GHashTableIter iter;
    NMNvmeCtrl    *dc;

    g_hash_table_iter_init(&iter, s->ctrls[NMNVME_CTRL_KIND_DISCOVERY]);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &dc)) {
        if (g_hash_table_contains(dc->origins, NMNVME_WANTS_ORIGIN_ZEROCONF))
            g_ptr_array_add(found, dc->trid);
    }
    return found;
}

static void
on_zeroconf_changed(gpointer user_data)
{
    NMNvmeSession *s = user_data;

    nmnvme_session_reconcile(s);
    notify_changed(s);
}

/* Runs the mDNS browser while `nvme.zeroconf` is on and the session active;
 * replaces it when its settings or the kernel's TP8013 support changed. */
void
nmnvme_session_zeroconf_sync(NMNvmeSession *s)
{
    gboolean on = nmnvme_settings_get_bool(s->settings, NMNVME_KEY_ZEROCONF) && !session_idle(s);
    g_autoptr(GPtrArray) kept = NULL;

    if (on && s->zeroconf &&
        nmnvme_zeroconf_matches(s->zeroconf, s->settings, unique_nqn_supported(s)))
        return;
    g_clear_pointer(&s->zeroconf, nmnvme_zeroconf_free);
    if (!on)
        return;
    kept        = zeroconf_found(s);
    s->zeroconf = nmnvme_zeroconf_new(s->iface,
                                      s->settings,
                                      unique_nqn_supported(s),
                                      kept,
                                      on_zeroconf_changed,
                                      s);
}
