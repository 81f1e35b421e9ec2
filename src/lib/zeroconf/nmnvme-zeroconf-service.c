/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf-service.c: one mDNS service's life: TXT parsing, the
 * reachability probe with backoff, the withdrawal grace.
 */
#include "config.h"

#include "nmnvme-zeroconf-service.h"

#include "nmnvme-backoff.h"
#include "nmnvme-log.h"
#include "nmnvme-nqn.h"
#include "nmnvme-probe.h"
#include "nmnvme-source.h"
#include "nmnvme-zeroconf-txt.h"

/* How long one probe waits for the TCP handshake. */
#define PROBE_TIMEOUT_MS 3000

struct _NMNvmeZeroconfService {
    NMNvmeZeroconfServiceConfig config;
    char                       *iface;
    char                       *name;
    char                       *type;
    char                       *protocol;
    char                       *address;
    guint16                     port;
    NMNvmeTrid                 *trid;
    NMNvmeZeroconfServiceState  state;
    gboolean                    withdrawn;
    gboolean                    grace_over;
    GSource                    *timer; /* grace or probe retry */
    GCancellable               *cancellable;
    NMNvmeBackoff               backoff;
    char                       *error;
};

static void service_probe(NMNvmeZeroconfService *svc);

/*****************************************************************************/

static void
set_state(NMNvmeZeroconfService *svc, NMNvmeZeroconfServiceState state)
{
    svc->state = state;
    svc->config.notify(svc, svc->config.user_data);
}

static NMNvmeZeroconfService *
service_alloc(const NMNvmeZeroconfServiceConfig *config)
{
    NMNvmeZeroconfService *svc = g_new0(NMNvmeZeroconfService, 1);

    svc->config       = *config;
    svc->iface        = g_strdup(config->iface);
    svc->config.iface = svc->iface;
    svc->cancellable  = g_cancellable_new();
    nmnvme_backoff_init(&svc->backoff, 0);
    return svc;
}

NMNvmeZeroconfService *
nmnvme_zeroconf_service_new(const NMNvmeZeroconfServiceConfig *config,
                            const char                        *name,
                            const char                        *type,
                            const char                        *protocol)
{
    NMNvmeZeroconfService *svc = service_alloc(config);

    svc->name     = g_strdup(name);
    svc->type     = g_strdup(type);
    svc->protocol = g_strdup(protocol);
    svc->state    = NMNVME_ZEROCONF_SERVICE_RESOLVING;
    return svc;
}

void
nmnvme_zeroconf_service_free(NMNvmeZeroconfService *svc)
{
    if (!svc)
        return;
    nmnvme_source_clear(&svc->timer);
    g_cancellable_cancel(svc->cancellable);
    g_object_unref(svc->cancellable);
    g_clear_pointer(&svc->trid, nmnvme_trid_free);
    g_free(svc->iface);
    g_free(svc->name);
    g_free(svc->type);
    g_free(svc->protocol);
    g_free(svc->address);
    g_free(svc->error);
    g_free(svc);
}

static void
set_error(NMNvmeZeroconfService *svc, const char *message)
{
    g_free(svc->error);
    svc->error = g_strdup(message);
}

void
nmnvme_zeroconf_service_set_error(NMNvmeZeroconfService *svc, const char *message)
{
    set_error(svc, message);
    svc->config.notify(svc, svc->config.user_data);
}

/*****************************************************************************/
/* Withdrawal */

static gboolean
on_grace_over(gpointer user_data)
{
    NMNvmeZeroconfService *svc = user_data;

    g_clear_pointer(&svc->timer, g_source_unref);
    svc->grace_over = TRUE;
    _LOG_IF_I(svc->iface,
              "mDNS service '%s' withdrawn %u s ago; disconnecting it once it is unreachable",
              svc->name,
              svc->config.grace_s);
    nmnvme_backoff_reset(&svc->backoff);
    service_probe(svc);
    return G_SOURCE_REMOVE;
}

static void
start_grace(NMNvmeZeroconfService *svc)
{
    svc->withdrawn  = TRUE;
    svc->grace_over = FALSE;
    g_cancellable_cancel(svc->cancellable);
    g_object_unref(svc->cancellable);
    svc->cancellable = g_cancellable_new();
    nmnvme_source_start_timeout(&svc->timer, svc->config.grace_s * 1000, on_grace_over, svc);
}

NMNvmeZeroconfService *
nmnvme_zeroconf_service_new_kept(const NMNvmeZeroconfServiceConfig *config, const NMNvmeTrid *trid)
{
    NMNvmeZeroconfService *svc  = service_alloc(config);
    guint64                port = 0;

    svc->name     = nmnvme_trid_to_string(trid);
    svc->type     = g_strdup("");
    svc->protocol = g_strdup("");
    svc->trid     = nmnvme_trid_copy(trid);
    svc->address  = g_strdup(nmnvme_trid_get_traddr(trid));
    g_ascii_string_to_unsigned(nmnvme_trid_get_trsvcid(trid), 10, 1, G_MAXUINT16, &port, NULL);
    svc->port  = port;
    svc->state = NMNVME_ZEROCONF_SERVICE_REACHABLE;
    start_grace(svc);
    return svc;
}

void
nmnvme_zeroconf_service_withdrawn(NMNvmeZeroconfService *svc)
{
    if (svc->withdrawn)
        return;
    if (svc->state != NMNVME_ZEROCONF_SERVICE_REACHABLE) {
        _LOG_IF_D(svc->iface, "mDNS service '%s' withdrawn", svc->name);
        set_state(svc, NMNVME_ZEROCONF_SERVICE_GONE);
        return;
    }
    _LOG_IF_I(svc->iface,
              "mDNS service '%s' withdrawn; keeping it for %u s (nvme.zeroconf-grace)",
              svc->name,
              svc->config.grace_s);
    start_grace(svc);
    svc->config.notify(svc, svc->config.user_data);
}

void
nmnvme_zeroconf_service_announced(NMNvmeZeroconfService *svc)
{
    if (!svc->withdrawn)
        return;
    _LOG_IF_I(svc->iface, "mDNS service '%s' announced again", svc->name);
    svc->withdrawn  = FALSE;
    svc->grace_over = FALSE;
    nmnvme_source_clear(&svc->timer);
    svc->config.notify(svc, svc->config.user_data);
}

/*****************************************************************************/
/* Probing */

static gboolean
on_retry(gpointer user_data)
{
    NMNvmeZeroconfService *svc = user_data;

    g_clear_pointer(&svc->timer, g_source_unref);
    service_probe(svc);
    return G_SOURCE_REMOVE;
}

static void
probe_failed(NMNvmeZeroconfService *svc, const char *message)
{
    guint delay_ms = 0;

    set_error(svc, message);
    if (svc->withdrawn && svc->grace_over) {
        _LOG_IF_I(svc->iface,
                  "mDNS service '%s' withdrawn and unreachable (%s): dropping its discovery "
                  "controller",
                  svc->name,
                  message);
        set_state(svc, NMNVME_ZEROCONF_SERVICE_GONE);
        return;
    }
    nmnvme_backoff_failed(&svc->backoff, FALSE, &delay_ms);
    /* a warning for the first failure; the retries (every minute at most)
     * at debug level, the status shows the state */
    if (nmnvme_backoff_attempts(&svc->backoff) == 1)
        _LOG_IF_W(svc->iface,
                  "mDNS service '%s' at %s port %u unreachable: %s, will retry in %u s",
                  svc->name,
                  svc->address,
                  svc->port,
                  message,
                  delay_ms / 1000);
    else
        _LOG_IF_D(svc->iface,
                  "mDNS service '%s' still unreachable: %s, will retry in %u s",
                  svc->name,
                  message,
                  delay_ms / 1000);
    nmnvme_source_start_timeout(&svc->timer, delay_ms, on_retry, svc);
    if (svc->state != NMNVME_ZEROCONF_SERVICE_REACHABLE)
        set_state(svc, NMNVME_ZEROCONF_SERVICE_UNREACHABLE);
}

static void
on_probed(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    NMNvmeZeroconfService *svc;

    if (!nmnvme_probe_finish(result, &error) &&
        g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the service may be freed: touch nothing */
    svc = user_data;
    if (error) {
        probe_failed(svc, error->message);
        return;
    }
    set_error(svc, NULL);
    nmnvme_backoff_reset(&svc->backoff);
    if (svc->withdrawn && svc->grace_over) {
        /* withdrawn, yet still answering: keep it, ask again later */
        guint delay_ms = 0;

        nmnvme_backoff_failed(&svc->backoff, FALSE, &delay_ms);
        nmnvme_source_start_timeout(&svc->timer, delay_ms, on_retry, svc);
        return;
    }
    if (svc->state != NMNVME_ZEROCONF_SERVICE_REACHABLE)
        _LOG_IF_I(svc->iface,
                  "mDNS service '%s' at %s port %u is reachable",
                  svc->name,
                  svc->address,
                  svc->port);
    set_state(svc, NMNVME_ZEROCONF_SERVICE_REACHABLE);
}

static void
service_probe(NMNvmeZeroconfService *svc)
{
    if (g_strcmp0(nmnvme_trid_get_transport(svc->trid), "tcp") != 0) {
        /* RDMA: no TCP to probe; the kernel's connect is the probe */
        if (svc->withdrawn && svc->grace_over)
            set_state(svc, NMNVME_ZEROCONF_SERVICE_GONE);
        else
            set_state(svc, NMNVME_ZEROCONF_SERVICE_REACHABLE);
        return;
    }
    nmnvme_probe_async(svc->iface,
                       svc->address,
                       svc->port,
                       PROBE_TIMEOUT_MS,
                       svc->cancellable,
                       on_probed,
                       svc);
}

/*****************************************************************************/
/* Resolution */

static NMNvmeTrid *
trid_from_txt(NMNvmeZeroconfService *svc, const NMNvmeZeroconfTxt *txt)
{
    g_autofree char *port   = g_strdup_printf("%u", svc->port);
    const char      *nqn    = txt->nqn && svc->config.unique_nqn ? txt->nqn : NMNVME_NQN_DISCOVERY;
    gboolean         is_tcp = g_strcmp0(txt->transport, "tcp") == 0;

    /* host_iface binds TCP only (nvme-stas: never for RDMA) */
    return nmnvme_trid_new(txt->transport,
                           svc->address,
                           port,
                           nqn,
                           NULL,
                           is_tcp ? svc->iface : NULL);
}

void
nmnvme_zeroconf_service_resolved(NMNvmeZeroconfService *svc,
                                 const char            *address,
                                 guint16                port,
                                 GPtrArray             *txt_records)
{
    g_autoptr(GError) error          = NULL;
    g_autoptr(NMNvmeZeroconfTxt) txt = nmnvme_zeroconf_txt_parse(txt_records, &error);

    g_free(svc->address);
    svc->address = g_strdup(address);
    svc->port    = port;
    if (!txt) {
        _LOG_IF_W(svc->iface,
                  "mDNS service '%s' (%s) at %s port %u: %s, ignoring",
                  svc->name,
                  svc->type,
                  address,
                  port,
                  error->message);
        set_error(svc, error->message);
        set_state(svc, NMNVME_ZEROCONF_SERVICE_IGNORED);
        return;
    }
    if (txt->n_ignored > 0)
        _LOG_IF_D(svc->iface,
                  "mDNS service '%s': %u malformed TXT records ignored",
                  svc->name,
                  txt->n_ignored);
    g_clear_pointer(&svc->trid, nmnvme_trid_free);
    svc->trid = trid_from_txt(svc, txt);
    set_error(svc, NULL);
    svc->state = NMNVME_ZEROCONF_SERVICE_PROBING;
    service_probe(svc);
}

/*****************************************************************************/
/* Views */

NMNvmeZeroconfServiceState
nmnvme_zeroconf_service_get_state(const NMNvmeZeroconfService *svc)
{
    return svc->state;
}

const NMNvmeTrid *
nmnvme_zeroconf_service_get_trid(const NMNvmeZeroconfService *svc)
{
    return svc->trid;
}

gboolean
nmnvme_zeroconf_service_is_wanted(const NMNvmeZeroconfService *svc)
{
    return svc->state == NMNVME_ZEROCONF_SERVICE_REACHABLE && svc->trid;
}

const char *
nmnvme_zeroconf_service_state_to_string(NMNvmeZeroconfServiceState state)
{
    switch (state) {
    case NMNVME_ZEROCONF_SERVICE_RESOLVING:
        return "resolving";
    case NMNVME_ZEROCONF_SERVICE_IGNORED:
        return "ignored";
    case NMNVME_ZEROCONF_SERVICE_PROBING:
        return "probing";
    case NMNVME_ZEROCONF_SERVICE_UNREACHABLE:
        return "unreachable";
    case NMNVME_ZEROCONF_SERVICE_REACHABLE:
        return "reachable";
    case NMNVME_ZEROCONF_SERVICE_GONE:
        return "gone";
    }
    g_return_val_if_reached("unknown");
}

GVariant *
nmnvme_zeroconf_service_to_variant(const NMNvmeZeroconfService *svc)
{
    GVariantDict d;

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "name", "s", svc->name);
    g_variant_dict_insert(&d, "type", "s", svc->type);
    g_variant_dict_insert(&d, "protocol", "s", svc->protocol);
    g_variant_dict_insert(&d, "state", "s", nmnvme_zeroconf_service_state_to_string(svc->state));
    g_variant_dict_insert(&d, "withdrawn", "b", svc->withdrawn);
    if (svc->address) {
        g_variant_dict_insert(&d, "address", "s", svc->address);
        g_variant_dict_insert(&d, "port", "q", svc->port);
    }
    if (svc->trid) {
        g_variant_dict_insert(&d, "transport", "s", nmnvme_trid_get_transport(svc->trid));
        g_variant_dict_insert(&d, "subsysnqn", "s", nmnvme_trid_get_subsysnqn(svc->trid));
    }
    if (svc->error)
        g_variant_dict_insert(&d, "error", "s", svc->error);
    return g_variant_dict_end(&d);
}
