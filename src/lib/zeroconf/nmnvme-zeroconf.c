/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-zeroconf.c: one session's avahi client, its two service browsers
 * (bound to the session's interface index), one resolver per announcement
 * being resolved, and the table of announcements.
 */
#include "config.h"

#include "nmnvme-zeroconf.h"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-glib/glib-watch.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "nmnvme-cap.h"
#include "nmnvme-log.h"
#include "nmnvme-source.h"
#include "nmnvme-zeroconf-service.h"

/* TP8009: discovery controllers over TCP, and over RDMA (announced as UDP). */
static const char *const service_types[] = { "_nvme-disc._tcp", "_nvme-disc._udp" };
#define N_TYPES G_N_ELEMENTS(service_types)

/* After avahi-client failed (or the interface was missing), start again. */
#define RESTART_DELAY_MS 2000
/* After a failed resolution, resolve again. */
#define RESOLVE_RETRY_MS 10000

struct _NMNvmeZeroconf {
    char                 *iface;
    NMNvmeIpFamily        ip_family;
    guint                 grace_s;
    gboolean              unique_nqn;
    NMNvmeZeroconfChanged changed;
    gpointer              user_data;
    AvahiGLibPoll        *poll;
    AvahiClient          *client;
    const char           *avahi; /* "running", "waiting", "failed" */
    AvahiServiceBrowser  *browsers[N_TYPES];
    GHashTable           *entries;  /* key → Entry */
    NMNvmeCap             cap;      /* of entries: NMNVME_ZEROCONF_MAX_SERVICES */
    guint                 awaiting; /* browsers yet to say "all for now" */
    GSource              *restart;
};

/* One announcement (or a kept discovery controller: no name, no resolver). */
typedef struct {
    NMNvmeZeroconf        *zc;
    char                  *key;
    AvahiIfIndex           ifindex;
    AvahiProtocol          protocol;
    char                  *name;
    char                  *type;
    char                  *domain;
    AvahiServiceResolver  *resolver;
    GSource               *retry;
    NMNvmeZeroconfService *svc;
    gboolean               seen; /* announced since the browsers (re)started */
} Entry;

static void client_start(NMNvmeZeroconf *zc);
static void schedule_restart(NMNvmeZeroconf *zc);
static void entry_resolve(Entry *e, AvahiClient *client);

/*****************************************************************************/

static void
notify_changed(NMNvmeZeroconf *zc)
{
    zc->changed(zc->user_data);
}

static void
entry_free(Entry *e)
{
    nmnvme_source_clear(&e->retry);
    g_clear_pointer(&e->resolver, avahi_service_resolver_free);
    nmnvme_zeroconf_service_free(e->svc);
    g_free(e->key);
    g_free(e->name);
    g_free(e->type);
    g_free(e->domain);
    g_free(e);
}

static gboolean
remove_kept_twin(gpointer key, gpointer value, gpointer user_data)
{
    Entry            *e    = value;
    const NMNvmeTrid *trid = nmnvme_zeroconf_service_get_trid(e->svc);

    return !e->name && trid && nmnvme_trid_equal(trid, user_data);
}

/* A service's state changed: a reachable announcement replaces the kept
 * controller it stands for; a gone one leaves the table. */
static void
on_service_notify(NMNvmeZeroconfService *svc, gpointer user_data)
{
    Entry          *e  = user_data;
    NMNvmeZeroconf *zc = e->zc;

    switch (nmnvme_zeroconf_service_get_state(svc)) {
    case NMNVME_ZEROCONF_SERVICE_REACHABLE:
        if (e->name)
            g_hash_table_foreach_remove(zc->entries,
                                        remove_kept_twin,
                                        (gpointer) nmnvme_zeroconf_service_get_trid(svc));
        break;
    case NMNVME_ZEROCONF_SERVICE_GONE:
        g_hash_table_remove(zc->entries, e->key);
        break;
    case NMNVME_ZEROCONF_SERVICE_RESOLVING:
    case NMNVME_ZEROCONF_SERVICE_IGNORED:
    case NMNVME_ZEROCONF_SERVICE_PROBING:
    case NMNVME_ZEROCONF_SERVICE_UNREACHABLE:
        break;
    }
    notify_changed(zc);
}

static NMNvmeZeroconfServiceConfig
service_config(NMNvmeZeroconf *zc, Entry *e)
{
    return (NMNvmeZeroconfServiceConfig){
        .iface      = zc->iface,
        .grace_s    = zc->grace_s,
        .unique_nqn = zc->unique_nqn,
        .notify     = on_service_notify,
        .user_data  = e,
    };
}

static void
add_kept(NMNvmeZeroconf *zc, const NMNvmeTrid *trid)
{
    Entry                      *e    = g_new0(Entry, 1);
    g_autofree char            *name = nmnvme_trid_to_string(trid);
    NMNvmeZeroconfServiceConfig config;

    e->zc  = zc;
    e->key = g_strconcat("kept ", name, NULL);
    config = service_config(zc, e);
    e->svc = nmnvme_zeroconf_service_new_kept(&config, trid);
    g_hash_table_replace(zc->entries, e->key, e);
}

/*****************************************************************************/
/* Resolution */

/* (element-type GBytes): the TXT records as received. */
static GPtrArray *
txt_records(AvahiStringList *txt)
{
    GPtrArray *records = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);

    for (AvahiStringList *l = txt; l; l = avahi_string_list_get_next(l))
        g_ptr_array_add(records,
                        g_bytes_new(avahi_string_list_get_text(l), avahi_string_list_get_size(l)));
    return records;
}

static gboolean
on_resolve_retry(gpointer user_data)
{
    Entry *e = user_data;

    g_clear_pointer(&e->retry, g_source_unref);
    if (e->zc->client && e->zc->browsers[0])
        entry_resolve(e, e->zc->client);
    return G_SOURCE_REMOVE;
}

static void
on_resolved(AvahiServiceResolver  *r,
            AvahiIfIndex           interface,
            AvahiProtocol          protocol,
            AvahiResolverEvent     event,
            const char            *name,
            const char            *type,
            const char            *domain,
            const char            *host_name,
            const AvahiAddress    *address,
            uint16_t               port,
            AvahiStringList       *txt,
            AvahiLookupResultFlags flags,
            void                  *user_data)
{
    Entry *e = user_data;
    char   text[AVAHI_ADDRESS_STR_MAX];

    if (event != AVAHI_RESOLVER_FOUND) {
        nmnvme_zeroconf_service_set_error(
            e->svc,
            avahi_strerror(avahi_client_errno(avahi_service_resolver_get_client(r))));
        g_clear_pointer(&e->resolver, avahi_service_resolver_free);
        nmnvme_source_start_timeout(&e->retry, RESOLVE_RETRY_MS, on_resolve_retry, e);
        return;
    }
    g_clear_pointer(&e->resolver, avahi_service_resolver_free);
    avahi_address_snprint(text, sizeof(text), address);
    {
        g_autoptr(GPtrArray) records = txt_records(txt);

        nmnvme_zeroconf_service_resolved(e->svc, text, port, records);
    }
}

static void
entry_resolve(Entry *e, AvahiClient *client)
{
    nmnvme_source_clear(&e->retry);
    if (e->resolver)
        return;
    /* the address family of the announcement's own transport */
    e->resolver = avahi_service_resolver_new(client,
                                             e->ifindex,
                                             e->protocol,
                                             e->name,
                                             e->type,
                                             e->domain,
                                             e->protocol,
                                             0,
                                             on_resolved,
                                             e);
    if (!e->resolver)
        nmnvme_zeroconf_service_set_error(e->svc, avahi_strerror(avahi_client_errno(client)));
}

/*****************************************************************************/
/* Browsing */

static char *
entry_key(AvahiProtocol protocol, const char *name, const char *type, const char *domain)
{
    return g_strdup_printf("%d %s %s %s", protocol, type, domain, name);
}

/* Whether a new announcement fits under NMNVME_ZEROCONF_MAX_SERVICES. */
static gboolean
admit(NMNvmeZeroconf *zc, const char *name, const char *type)
{
    g_autofree char *shown = NULL;

    switch (nmnvme_cap_check(&zc->cap, g_hash_table_size(zc->entries))) {
    case NMNVME_CAP_ADMIT:
        return TRUE;
    case NMNVME_CAP_REFUSE_FIRST:
        shown = g_strescape(name, NULL);
        _LOG_IF_W(zc->iface,
                  "mDNS: %u services kept already (the most per session): ignoring '%s' (%s) "
                  "and further announcements until the browser restarts with room",
                  NMNVME_ZEROCONF_MAX_SERVICES,
                  shown,
                  type);
        return FALSE;
    case NMNVME_CAP_REFUSE:
        return FALSE;
    }
    g_return_val_if_reached(FALSE);
}

static void
on_item_new(NMNvmeZeroconf *zc,
            AvahiClient    *client,
            AvahiIfIndex    ifindex,
            AvahiProtocol   protocol,
            const char     *name,
            const char     *type,
            const char     *domain)
{
    g_autofree char            *key   = entry_key(protocol, name, type, domain);
    Entry                      *e     = g_hash_table_lookup(zc->entries, key);
    g_autofree char            *shown = NULL;
    NMNvmeZeroconfServiceConfig config;

    if (e) {
        e->seen = TRUE;
        nmnvme_zeroconf_service_announced(e->svc);
        if (nmnvme_zeroconf_service_get_state(e->svc) == NMNVME_ZEROCONF_SERVICE_RESOLVING)
            entry_resolve(e, client);
        return;
    }
    if (!admit(zc, name, type))
        return;
    e           = g_new0(Entry, 1);
    e->seen     = TRUE;
    e->zc       = zc;
    e->key      = g_steal_pointer(&key);
    e->ifindex  = ifindex;
    e->protocol = protocol;
    e->name     = g_strdup(name);
    e->type     = g_strdup(type);
    e->domain   = g_strdup(domain);
    shown       = g_strescape(name, NULL); /* from the network: printable ASCII for logs */
    config      = service_config(zc, e);
    e->svc      = nmnvme_zeroconf_service_new(&config,
                                         shown,
                                         type,
                                         protocol == AVAHI_PROTO_INET6 ? "ipv6" : "ipv4");
    g_hash_table_replace(zc->entries, e->key, e);
    _LOG_IF_D(zc->iface, "mDNS service '%s' (%s) announced", shown, type);
    entry_resolve(e, client);
}

/* After avahi-daemon came back: announcements that the new browsers did not
 * report are taken as withdrawn (their goodbye may have been missed); an
 * announcement that comes later cancels that, and the grace and the probe
 * decide anyway. */
static void
withdraw_unseen(NMNvmeZeroconf *zc)
{
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    Entry         *e;

    g_hash_table_iter_init(&iter, zc->entries);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &e)) {
        if (e->name && !e->seen)
            g_ptr_array_add(keys, g_strdup(e->key));
    }
    for (guint i = 0; i < keys->len; i++) {
        e = g_hash_table_lookup(zc->entries, keys->pdata[i]);
        if (e)
            nmnvme_zeroconf_service_withdrawn(e->svc); /* may free e */
    }
}

static void
on_browse(AvahiServiceBrowser   *b,
          AvahiIfIndex           interface,
          AvahiProtocol          protocol,
          AvahiBrowserEvent      event,
          const char            *name,
          const char            *type,
          const char            *domain,
          AvahiLookupResultFlags flags,
          void                  *user_data)
{
    NMNvmeZeroconf  *zc  = user_data;
    g_autofree char *key = NULL;
    Entry           *e;

    switch (event) {
    case AVAHI_BROWSER_NEW:
        on_item_new(zc,
                    avahi_service_browser_get_client(b),
                    interface,
                    protocol,
                    name,
                    type,
                    domain);
        break;
    case AVAHI_BROWSER_REMOVE:
        key = entry_key(protocol, name, type, domain);
        e   = g_hash_table_lookup(zc->entries, key);
        if (e)
            nmnvme_zeroconf_service_withdrawn(e->svc); /* may free e */
        break;
    case AVAHI_BROWSER_FAILURE:
        _LOG_IF_W(zc->iface,
                  "avahi: browsing %s failed: %s, will retry",
                  type ? type : "",
                  avahi_strerror(avahi_client_errno(avahi_service_browser_get_client(b))));
        zc->avahi = "failed";
        schedule_restart(zc);
        break;
    case AVAHI_BROWSER_ALL_FOR_NOW:
        if (zc->awaiting > 0 && --zc->awaiting == 0)
            withdraw_unseen(zc);
        break;
    case AVAHI_BROWSER_CACHE_EXHAUSTED:
        return;
    }
    notify_changed(zc);
}

static AvahiProtocol
browse_protocol(NMNvmeZeroconf *zc)
{
    switch (zc->ip_family) {
    case NMNVME_IP_FAMILY_IPV4:
        return AVAHI_PROTO_INET;
    case NMNVME_IP_FAMILY_IPV6:
        return AVAHI_PROTO_INET6;
    case NMNVME_IP_FAMILY_BOTH:
        break;
    }
    return AVAHI_PROTO_UNSPEC;
}

/* Browses on the session's interface only (never AVAHI_IF_UNSPEC). */
static void
browse_start(NMNvmeZeroconf *zc, AvahiClient *client)
{
    unsigned       ifindex = if_nametoindex(zc->iface);
    GHashTableIter iter;
    Entry         *e;

    if (zc->browsers[0])
        return;
    if (ifindex == 0) {
        _LOG_IF_W(zc->iface, "mDNS: interface index unknown (%s), will retry", g_strerror(errno));
        schedule_restart(zc);
        return;
    }
    g_hash_table_iter_init(&iter, zc->entries);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &e))
        e->seen = FALSE;
    zc->awaiting = N_TYPES;
    for (guint i = 0; i < N_TYPES; i++) {
        zc->browsers[i] = avahi_service_browser_new(client,
                                                    (AvahiIfIndex) ifindex,
                                                    browse_protocol(zc),
                                                    service_types[i],
                                                    NULL,
                                                    0,
                                                    on_browse,
                                                    zc);
        if (!zc->browsers[i]) {
            _LOG_IF_W(zc->iface,
                      "avahi: cannot browse %s: %s, will retry",
                      service_types[i],
                      avahi_strerror(avahi_client_errno(client)));
            schedule_restart(zc);
            return;
        }
    }
    _LOG_IF_I(zc->iface, "mDNS: browsing _nvme-disc._tcp and _nvme-disc._udp");
}

/*****************************************************************************/
/* The avahi client */

static void
client_stop(NMNvmeZeroconf *zc)
{
    GHashTableIter iter;
    Entry         *e;

    g_hash_table_iter_init(&iter, zc->entries);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &e)) {
        nmnvme_source_clear(&e->retry);
        g_clear_pointer(&e->resolver, avahi_service_resolver_free);
    }
    for (guint i = 0; i < N_TYPES; i++)
        g_clear_pointer(&zc->browsers[i], avahi_service_browser_free);
    g_clear_pointer(&zc->client, avahi_client_free);
}

static gboolean
on_restart(gpointer user_data)
{
    NMNvmeZeroconf *zc = user_data;

    g_clear_pointer(&zc->restart, g_source_unref);
    client_stop(zc);
    client_start(zc);
    return G_SOURCE_REMOVE;
}

/* Never from within avahi's own callbacks: a timer frees and renews. */
static void
schedule_restart(NMNvmeZeroconf *zc)
{
    if (!zc->restart)
        nmnvme_source_start_timeout(&zc->restart, RESTART_DELAY_MS, on_restart, zc);
}

/* Called from within avahi_client_new() too, before zc->client is set. */
static void
on_client(AvahiClient *client, AvahiClientState state, void *user_data)
{
    NMNvmeZeroconf *zc  = user_data;
    const char     *was = zc->avahi;

    switch (state) {
    case AVAHI_CLIENT_S_RUNNING:
    case AVAHI_CLIENT_S_REGISTERING:
    case AVAHI_CLIENT_S_COLLISION:
        zc->avahi = "running";
        browse_start(zc, client);
        break;
    case AVAHI_CLIENT_CONNECTING:
        zc->avahi = "waiting";
        break;
    case AVAHI_CLIENT_FAILURE:
        zc->avahi = "waiting";
        _LOG_IF_W(zc->iface,
                  "avahi: %s; discovery controllers found stay, will browse again when "
                  "avahi-daemon is back",
                  avahi_strerror(avahi_client_errno(client)));
        schedule_restart(zc);
        break;
    }
    if (g_strcmp0(was, zc->avahi) != 0) {
        if (g_strcmp0(zc->avahi, "waiting") == 0)
            _LOG_IF_I(zc->iface, "avahi-daemon is not reachable; waiting for it");
        notify_changed(zc);
    }
}

static void
client_start(NMNvmeZeroconf *zc)
{
    int error = 0;

    zc->client = avahi_client_new(avahi_glib_poll_get(zc->poll),
                                  AVAHI_CLIENT_NO_FAIL,
                                  on_client,
                                  zc,
                                  &error);
    if (!zc->client) {
        _LOG_IF_W(zc->iface, "avahi: %s, will retry", avahi_strerror(error));
        zc->avahi = "failed";
        schedule_restart(zc);
    }
}

/*****************************************************************************/

NMNvmeZeroconf *
nmnvme_zeroconf_new(const char           *iface,
                    const NMNvmeSettings *settings,
                    gboolean              unique_nqn,
                    GPtrArray            *kept,
                    NMNvmeZeroconfChanged changed,
                    gpointer              user_data)
{
    NMNvmeZeroconf *zc    = g_new0(NMNvmeZeroconf, 1);
    gint64          grace = 0;

    nmnvme_settings_get_int(settings, NMNVME_KEY_ZEROCONF_GRACE, &grace);
    zc->iface      = g_strdup(iface);
    zc->ip_family  = nmnvme_settings_get_choice(settings, NMNVME_KEY_IP_FAMILY);
    zc->grace_s    = (guint) grace;
    zc->unique_nqn = unique_nqn;
    zc->changed    = changed;
    zc->user_data  = user_data;
    zc->avahi      = "waiting";
    zc->entries = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
    zc->cap     = NMNVME_CAP_INIT(NMNVME_ZEROCONF_MAX_SERVICES);
    zc->poll    = avahi_glib_poll_new(NULL, G_PRIORITY_DEFAULT);
    for (guint i = 0; kept && i < kept->len; i++)
        add_kept(zc, kept->pdata[i]);
    client_start(zc);
    return zc;
}

void
nmnvme_zeroconf_free(NMNvmeZeroconf *zc)
{
    if (!zc)
        return;
    nmnvme_source_clear(&zc->restart);
    client_stop(zc);
    g_hash_table_unref(zc->entries);
    avahi_glib_poll_free(zc->poll);
    g_free(zc->iface);
    g_free(zc);
}

gboolean
nmnvme_zeroconf_matches(const NMNvmeZeroconf *zc,
                        const NMNvmeSettings *settings,
                        gboolean              unique_nqn)
{
    gint64 grace = 0;

    nmnvme_settings_get_int(settings, NMNVME_KEY_ZEROCONF_GRACE, &grace);
    return zc->ip_family == nmnvme_settings_get_choice(settings, NMNVME_KEY_IP_FAMILY) &&
           zc->grace_s == (guint) grace && zc->unique_nqn == unique_nqn;
}

GPtrArray *
nmnvme_zeroconf_get_wanted(const NMNvmeZeroconf *zc)
{
    GPtrArray     *wanted = g_ptr_array_new();
    GHashTableIter iter;
    Entry         *e;

    g_hash_table_iter_init(&iter, zc->entries);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &e)) {
        if (nmnvme_zeroconf_service_is_wanted(e->svc))
            g_ptr_array_add(wanted, (gpointer) nmnvme_zeroconf_service_get_trid(e->svc));
    }
    return wanted;
}

static gint
compare_keys(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

GVariant *
nmnvme_zeroconf_to_variant(const NMNvmeZeroconf *zc)
{
    g_autofree gpointer *keys = NULL;
    guint                n    = 0;
    GVariantBuilder      services;
    GVariantDict         d;

    keys = g_hash_table_get_keys_as_array(zc->entries, &n);
    qsort(keys, n, sizeof(gpointer), compare_keys);
    g_variant_builder_init(&services, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; i < n; i++) {
        const Entry *e = g_hash_table_lookup(zc->entries, keys[i]);

        g_variant_builder_add_value(&services, nmnvme_zeroconf_service_to_variant(e->svc));
    }
    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "avahi", "s", zc->avahi);
    g_variant_dict_insert_value(&d, "services", g_variant_builder_end(&services));
    return g_variant_dict_end(&d);
}
