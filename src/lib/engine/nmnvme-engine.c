/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-engine.c: the engine object: the host identity, the kernel's
 * capabilities, the worker threads, the uevent watch, the table of sessions
 * by interface, and the ownership record kept in step with them.
 */
#include "config.h"

#include "nmnvme-engine.h"

#include <malloc.h>
#include <net/if.h>
#include <string.h>

#include "nmnvme-autoconnect.h"
#include "nmnvme-engine-nbft.h"
#include "nmnvme-engine-tls.h"
#include "nmnvme-error.h"
#include "nmnvme-exclusions.h"
#include "nmnvme-fabrics-options.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-host.h"
#include "nmnvme-iface-hw.h"
#include "nmnvme-log.h"
#include "nmnvme-log-view.h"
#include "nmnvme-session.h"
#include "nmnvme-source.h"
#include "nmnvme-state.h"
#include "nmnvme-path-watch.h"
#include "nmnvme-uevent.h"

struct _NMNvmeEngine {
    GObject parent;

    char                *host_dir;
    char                *state_dir;
    char                *fabrics_dev;
    char                *sysfs_class;
    char                *exclusions_file;
    char                *exclusions_dropin;
    char                *exclusion_problems; /* the last ones logged */
    char                *udev_rules_dir;
    char                *sysfs_net;
    char                *proc_vlan;
    GHashTable          *probes; /* iface → Probe: matching it against the NBFT */
    NMNvmePathWatch     *exclusion_watch;
    NMNvmeSessionContext ctx;      /* lent to every session */
    GHashTable          *sessions; /* iface → NMNvmeSession */
    GHashTable          *queued;   /* iface → Queued: calls behind a teardown */
    GPtrArray           *intents;  /* NMNvmeConnectIntent of an earlier run, for no session yet */
    NMNvmeUeventWatch   *uevents;
    NMNvmeEngineNbft    *nbft;    /* the host's NBFT: its one owner */
    NMNvmeEngineTls     *tls;     /* the host's TLS facts and our keys: their one owner */
    GSource             *flush;   /* pending: "changed" signals (and a record write) */
    GHashTable          *dirty;   /* interfaces whose "changed" is pending */
    GSource             *persist; /* pending: the record write of a burst, or its retry */
    gint64               persist_since; /* monotonic µs: the first change of that burst */
    GSource             *trim;    /* pending: freed memory given back after sessions went */
    guint                persist_delay_ms; /* after a failed write; 0: the last one worked */
    guint64              serial;  /* counts changes at once, for readers' caches */
};

enum {
    SIGNAL_CHANGED,
    SIGNAL_NBFT_CHANGED,
    N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* What came for an interface while its session was being torn down: the
 * latest Attach (started when the teardown ends; %NULL settings: a Detach
 * came after it, or none yet), and the Detach calls waiting for the end. */
typedef struct {
    NMNvmeSettings *settings;
    char           *owner;
    GPtrArray      *detaches; /* GTask */
} Queued;

static void
queued_free(Queued *q)
{
    g_clear_pointer(&q->settings, nmnvme_settings_unref);
    g_free(q->owner);
    g_ptr_array_unref(q->detaches);
    g_free(q);
}

static Queued *
queued_get(NMNvmeEngine *engine, const char *iface)
{
    Queued *q = g_hash_table_lookup(engine->queued, iface);

    if (!q) {
        q           = g_new0(Queued, 1);
        q->detaches = g_ptr_array_new_with_free_func(g_object_unref);
        g_hash_table_insert(engine->queued, g_strdup(iface), q);
    }
    return q;
}

/* (nullable): the Attach queued behind @iface's teardown. */
static Queued *
queued_attach(NMNvmeEngine *engine, const char *iface)
{
    Queued *q = g_hash_table_lookup(engine->queued, iface);

    return q && q->settings ? q : NULL;
}

/* An interface's MAC address and VLAN ID being read (on a worker) to match
 * it against the NBFT's HFIs: for a session, or, with @settings, for an
 * Attach without nvme.* settings that makes a session only if the
 * interface is an HFI. */
typedef struct {
    NMNvmeEngine   *engine; /* not a reference: the engine cancels its probes when it goes */
    char           *iface;
    NMNvmeSettings *settings; /* nullable */
    char           *owner;
    GCancellable   *cancellable;
} Probe;

static void
probe_free(Probe *p)
{
    g_clear_pointer(&p->settings, nmnvme_settings_unref);
    g_object_unref(p->cancellable);
    g_free(p->iface);
    g_free(p->owner);
    g_free(p);
}

G_DEFINE_TYPE(NMNvmeEngine, nmnvme_engine, G_TYPE_OBJECT)

/* How long changes gather before they are signalled (a connect burst of
 * 32 controllers under TCG: about 40 signals at 250 ms, 100 at 100 ms). */
#define FLUSH_DELAY_MS 250
/* The ownership record is written once changes have stopped for
 * PERSIST_QUIET_MS, and at the latest PERSIST_MAX_MS after the first change
 * of a burst (sessions coming and going are written at once). The record
 * lists every controller: rewriting it during a burst of connects cost
 * O(N) each time on the main thread (about 11 ms with 32 controllers under
 * TCG), competing with the kernel's serialized connects. A controller not
 * yet on the record when the daemon dies is adopted after the restart all
 * the same (its connect intent, its registry entry, a want). */
#define PERSIST_QUIET_MS 1000
#define PERSIST_MAX_MS   5000

/*****************************************************************************/

static GVariant *
engine_record(NMNvmeEngine *engine)
{
    GVariantBuilder b;
    GHashTableIter  iter;
    NMNvmeSession  *s;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s)) {
        const char *iface = nmnvme_session_get_iface(s);
        Queued     *q     = queued_attach(engine, iface);

        if (!nmnvme_session_is_stopping(s))
            g_variant_builder_add_value(&b, nmnvme_session_to_record(s));
        else if (q) /* the front ends must see who will own it */
            g_variant_builder_add_value(
                &b,
                nmnvme_session_pending_to_record(iface, q->owner, q->settings));
    }
    return g_variant_builder_end(&b);
}

static gboolean on_persist(gpointer user_data);

/* A failed write (/run full) is retried, 1 s doubling up to 30 s, until one
 * works: the front ends decide on Detach by the record. One warning per
 * failure streak. */
static void
persist_failed(NMNvmeEngine *engine, const GError *error)
{
    if (!engine->persist_delay_ms)
        _LOG_IF_W(NULL, "saving ownership records: %s; retrying", error->message);
    else
        _LOG_IF_D(NULL, "saving ownership records: %s", error->message);
    engine->persist_delay_ms = engine->persist_delay_ms
                                   ? MIN(engine->persist_delay_ms * 2, NMNVME_RUN_RETRY_MAX_MS)
                                   : NMNVME_RUN_RETRY_FIRST_MS;
    nmnvme_source_start_timeout(&engine->persist, engine->persist_delay_ms, on_persist, engine);
}

/* Writes the ownership record now (and drops a pending write). */
static void
persist(NMNvmeEngine *engine)
{
    g_autoptr(GError) error = NULL;

    nmnvme_source_clear(&engine->persist);
    if (!nmnvme_state_save(engine->state_dir, engine_record(engine), &error)) {
        persist_failed(engine, error);
        return;
    }
    if (engine->persist_delay_ms)
        _LOG_IF_I(NULL, "ownership records saved again");
    engine->persist_delay_ms = 0;
}

static gboolean
on_persist(gpointer user_data)
{
    persist(user_data);
    return G_SOURCE_REMOVE;
}

/* Writes the record when a burst of changes is over (see PERSIST_QUIET_MS). */
static void
schedule_persist(NMNvmeEngine *engine)
{
    gint64 now = g_get_monotonic_time();
    gint64 left_ms;

    if (engine->persist && engine->persist_delay_ms)
        return; /* a failed write's retry keeps its schedule */
    if (!engine->persist)
        engine->persist_since = now;
    left_ms = (engine->persist_since + PERSIST_MAX_MS * 1000 - now) / 1000;
    nmnvme_source_start_timeout(&engine->persist,
                                (guint) CLAMP(left_ms, 0, PERSIST_QUIET_MS),
                                on_persist,
                                engine);
}

static gboolean
on_flush(gpointer user_data)
{
    NMNvmeEngine *engine    = user_data;
    g_autoptr(GList) ifaces = NULL;

    g_clear_pointer(&engine->flush, g_source_unref);
    schedule_persist(engine);
    ifaces = g_hash_table_get_keys(engine->dirty);
    g_hash_table_steal_all(engine->dirty);
    for (GList *l = ifaces; l; l = l->next)
        g_signal_emit(engine, signals[SIGNAL_CHANGED], 0, l->data);
    g_list_free_full(g_steal_pointer(&ifaces), g_free);
    return G_SOURCE_REMOVE;
}

/* Coalesces the changes of a burst (a connect each, while N controllers come
 * up) into one "changed" per interface and a rate-limited record write. The
 * timers only run while things change: an idle engine has no wakeups. */
static void
schedule_flush(NMNvmeEngine *engine, const char *iface)
{
    engine->serial++;
    if (iface && !g_hash_table_contains(engine->dirty, iface))
        g_hash_table_add(engine->dirty, g_strdup(iface));
    if (!engine->flush)
        nmnvme_source_start_timeout(&engine->flush, FLUSH_DELAY_MS, on_flush, engine);
}

static void
on_session_changed(NMNvmeSession *s, gpointer user_data)
{
    schedule_flush(user_data, nmnvme_session_get_iface(s));
}

static void
on_uevent(NMNvmeUeventKind kind, const char *name, guint64 seqnum, gpointer user_data)
{
    NMNvmeEngine  *engine = user_data;
    GHashTableIter iter;
    NMNvmeSession *s;

    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s))
        nmnvme_session_handle_uevent(s, kind, name, seqnum);
}

/*****************************************************************************/
/* The host-wide exclusion list */

/* Logs the list's problems when they differ from the last ones logged:
 * once, not at every reload. */
static void
log_exclusion_problems(NMNvmeEngine *engine, GPtrArray *problems)
{
    g_autofree char *all = NULL;

    g_ptr_array_add(problems, NULL);
    all = g_strjoinv("\n", (char **) problems->pdata);
    if (g_strcmp0(all, engine->exclusion_problems) == 0)
        return;
    for (guint i = 0; problems->pdata[i]; i++)
        _LOG_IF_W(NULL, "exclusion list: %s", (const char *) problems->pdata[i]);
    g_free(engine->exclusion_problems);
    engine->exclusion_problems = g_steal_pointer(&all);
}

static void
load_exclusions(NMNvmeEngine *engine)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);

    g_clear_pointer(&engine->ctx.exclusions, nmnvme_exclusions_free);
    engine->ctx.exclusions =
        nmnvme_exclusions_load(engine->exclusions_file, engine->exclusions_dropin, problems);
    log_exclusion_problems(engine, problems);
    _LOG_IF_D(NULL,
              "exclusion list: %u entries",
              nmnvme_exclusions_count(engine->ctx.exclusions));
}

static void
on_exclusions_changed(gpointer user_data)
{
    NMNvmeEngine  *engine = user_data;
    GHashTableIter iter;
    NMNvmeSession *s;

    load_exclusions(engine);
    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s))
        nmnvme_session_exclusions_changed(s);
}

/* nvme-cli's udev autoconnect kept off our discovery controllers. */
static void
shadow_autoconnect(NMNvmeEngine *engine, const char *registry_dir)
{
    static const char *const original_dirs[] = { "/usr/lib/udev/rules.d", "/lib/udev/rules.d", NULL };
    g_autoptr(GError) error                  = NULL;

    if (!engine->udev_rules_dir)
        return;
    if (nmnvme_autoconnect_install(engine->udev_rules_dir, original_dirs, registry_dir, &error))
        _LOG_IF_I(NULL,
                  "nvme-cli's udev autoconnect skips our discovery controllers (%s/%s)",
                  engine->udev_rules_dir,
                  NMNVME_AUTOCONNECT_RULE_NAME);
    else if (error)
        _LOG_IF_W(NULL, "nvme-cli's udev autoconnect left as it is: %s", error->message);
}

/*****************************************************************************/
/* The NBFT (nmnvme-engine-nbft.h) */

/* After each read: the table (or none) is the engine's from now on. */
static void
on_nbft_loaded(NMNvmeEngineNbft *nbft, gpointer user_data)
{
    nmnvme_engine_set_nbft(user_data, nmnvme_engine_nbft_get_table(nbft));
    g_signal_emit(user_data, signals[SIGNAL_NBFT_CHANGED], 0);
}

gboolean
nmnvme_engine_is_nbft_read(NMNvmeEngine *engine)
{
    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), FALSE);
    return nmnvme_engine_nbft_is_read(engine->nbft);
}

const char *
nmnvme_engine_get_nbft_status(NMNvmeEngine *engine)
{
    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), NULL);
    return nmnvme_engine_nbft_get_status(engine->nbft);
}

void
nmnvme_engine_get_nbft_async(NMNvmeEngine *engine, GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail(NMNVME_IS_ENGINE(engine));
    nmnvme_engine_nbft_view_async(engine->nbft,
                                  engine->ctx.fabrics,
                                  engine->sysfs_net,
                                  engine->proc_vlan,
                                  engine,
                                  callback,
                                  user_data);
}

GVariant *
nmnvme_engine_get_nbft_finish(NMNvmeEngine *engine, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, engine), NULL);
    return nmnvme_engine_nbft_view_finish(result, error);
}

/*****************************************************************************/

/*****************************************************************************/
/* TLS */

/* The TLS facts changed: controllers that wait for them try again. */
static void
on_tls_changed(gpointer user_data)
{
    NMNvmeEngine  *engine = user_data;
    GHashTableIter iter;
    NMNvmeSession *s;

    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s))
        nmnvme_session_tls_recheck(s);
}

static gboolean
tls_waiting(gpointer user_data)
{
    NMNvmeEngine  *engine = user_data;
    GHashTableIter iter;
    NMNvmeSession *s;

    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s)) {
        if (nmnvme_session_tls_waiting(s))
            return TRUE;
    }
    return FALSE;
}

/* Reads the kernel's connect options; their absence is not fatal. */
static void
load_caps(NMNvmeEngine *engine)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) missing   = NULL;

    g_clear_pointer(&engine->ctx.caps, nmnvme_fabrics_options_free);
    nmnvme_engine_tls_set_kernel(engine->tls, FALSE, FALSE);
    engine->ctx.caps = nmnvme_fabrics_options_load(engine->fabrics_dev, &error);
    if (!engine->ctx.caps) {
        _LOG_IF_W(NULL,
                  "%s; passing every option (is nvme-fabrics loaded?), will retry on reload",
                  error->message);
        return;
    }
    nmnvme_engine_tls_set_kernel(engine->tls,
                                 nmnvme_fabrics_options_has(engine->ctx.caps, "tls"),
                                 nmnvme_fabrics_options_has(engine->ctx.caps, "concat"));
    if (!nmnvme_fabrics_options_has(engine->ctx.caps, "tls"))
        _LOG_IF_I(NULL, "TLS: unsupported by the kernel (no 'tls' in %s)", engine->fabrics_dev);
    missing = nmnvme_fabrics_options_missing(engine->ctx.caps);
    if (missing && missing[0]) {
        g_autofree char *list = g_strjoinv(", ", missing);

        _LOG_IF_W(NULL, "the kernel lacks connect options %s; they are never passed", list);
    }
}

NMNvmeEngine *
nmnvme_engine_new(const NMNvmeEngineConfig *config, GError **error)
{
    g_autoptr(NMNvmeEngine) engine = NULL;
    g_autoptr(NMNvmeRegistry) registry = NULL;
    NMNvmeHost *host;

    g_return_val_if_fail(config, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    host = nmnvme_host_load(config->host_dir, error);
    if (!host)
        return NULL;
    engine                = g_object_new(NMNVME_TYPE_ENGINE, NULL);
    engine->host_dir      = g_strdup(config->host_dir);
    engine->state_dir     = g_strdup(config->state_dir);
    engine->fabrics_dev   = g_strdup(config->fabrics_dev);
    engine->sysfs_class   = g_strdup(config->sysfs_class);
    engine->exclusions_file   = g_strdup(config->exclusions_file);
    engine->exclusions_dropin = g_strdup(config->exclusions_dropin);
    engine->udev_rules_dir    = g_strdup(config->udev_rules_dir);
    engine->sysfs_net = g_strdup(config->sysfs_net ? config->sysfs_net : NMNVME_IFACE_HW_SYSFS_NET);
    engine->proc_vlan = g_strdup(config->proc_vlan ? config->proc_vlan : NMNVME_IFACE_HW_PROC_VLAN);
    registry              = nmnvme_registry_new(config->registry_dir, config->seqnum_file);
    engine->ctx.host      = host;
    engine->ctx.fabrics   = nmnvme_fabrics_new(config->fabrics_dev,
                                           config->sysfs_class,
                                           registry,
                                           config->state_dir);
    engine->ctx.state_dir = engine->state_dir;
    engine->ctx.changed   = on_session_changed;
    engine->ctx.user_data = engine;
    /* names of unreadable controllers, logged once */
    engine->ctx.unreadable = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    engine->tls            = nmnvme_engine_tls_new(config->proc_dir ? config->proc_dir
                                                                    : NMNVME_PROC_DIR,
                                        config->state_dir,
                                        on_tls_changed,
                                        tls_waiting,
                                        engine);
    engine->ctx.tls        = engine->tls;
    load_caps(engine);
    load_exclusions(engine);
    engine->exclusion_watch =
        nmnvme_path_watch_new((const char *const[]){ config->exclusions_file,
                                                     config->exclusions_dropin,
                                                     NULL },
                              on_exclusions_changed,
                              engine);
    shadow_autoconnect(engine, config->registry_dir);
    engine->uevents = nmnvme_uevent_watch_new(on_uevent, engine);
    engine->nbft    = nmnvme_engine_nbft_new(config->nbft_dir, on_nbft_loaded, engine);
    nmnvme_engine_nbft_load(engine->nbft);
    _LOG_IF_I(NULL, "host NQN %s", nmnvme_host_get_nqn(host));
    return g_steal_pointer(&engine);
}

/*****************************************************************************/
/* The NBFT: which interface is an HFI */

/* Drops the probe of @iface; its read finishes on the worker and is then
 * ignored. */
static void
probe_cancel(NMNvmeEngine *engine, const char *iface)
{
    Probe *p = g_hash_table_lookup(engine->probes, iface);

    if (!p)
        return;
    g_cancellable_cancel(p->cancellable);
    g_hash_table_remove(engine->probes, iface);
}

static NMNvmeSession *start_session(NMNvmeEngine   *engine,
                                    const char     *iface,
                                    NMNvmeSettings *settings,
                                    const char     *owner);

/* Whether @p's interface could be read; then @out_hfi: the HFI it is
 * (%NULL: none). */
static gboolean
probe_match(Probe *p, GAsyncResult *result, const NMNvmeNbftHfi **out_hfi)
{
    g_autoptr(GError) error = NULL;
    NMNvmeIfaceHw hw;

    *out_hfi = NULL;
    if (!nmnvme_iface_hw_read_finish(result, &hw, &error)) {
        _LOG_IF_D(p->iface, "not matched against the NBFT: %s", error->message);
        return FALSE;
    }
    if (p->engine->ctx.nbft)
        *out_hfi = nmnvme_nbft_match_interface(p->engine->ctx.nbft, hw.mac, hw.vlan);
    return TRUE;
}

static void
on_probed(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GCancellable) cancellable = user_data;
    const NMNvmeNbftHfi *hfi            = NULL;
    Probe               *p;
    NMNvmeEngine        *engine;
    NMNvmeSession       *s;
    gboolean             read;

    /* a probe not cancelled is in the table, which holds its cancellable */
    if (g_cancellable_is_cancelled(cancellable))
        return; /* the engine, or the probe, went */
    p      = g_object_get_data(G_OBJECT(cancellable), "probe");
    engine = p->engine;
    read   = probe_match(p, result, &hfi);
    s      = g_hash_table_lookup(engine->sessions, p->iface);
    if (!s && p->settings && hfi)
        s = start_session(engine, p->iface, p->settings, p->owner);
    if (s && read) /* an unreadable interface changes nothing the session knows */
        nmnvme_session_set_hfi(s, engine->ctx.nbft, hfi);
    else if (!s && p->settings)
        _LOG_IF_D(p->iface,
                  "attach by '%s' without nvme.* settings: not an NBFT HFI, no session",
                  p->owner);
    g_hash_table_remove(engine->probes, p->iface);
}

/* Matches @iface against the NBFT (replacing a probe under way); with
 * @settings, starts its session when it is an HFI. */
static void
probe_start(NMNvmeEngine *engine, const char *iface, NMNvmeSettings *settings, const char *owner)
{
    Probe *p = g_new0(Probe, 1);

    probe_cancel(engine, iface);
    p->engine      = engine;
    p->iface       = g_strdup(iface);
    p->settings    = settings ? nmnvme_settings_ref(settings) : NULL;
    p->owner       = g_strdup(owner);
    p->cancellable = g_cancellable_new();
    /* the probe lives in the table; the call holds its cancellable only */
    g_object_set_data(G_OBJECT(p->cancellable), "probe", p);
    g_hash_table_insert(engine->probes, g_strdup(iface), p);
    nmnvme_iface_hw_read_async(engine->sysfs_net,
                               engine->proc_vlan,
                               iface,
                               p->cancellable,
                               on_probed,
                               g_object_ref(p->cancellable));
}

void
nmnvme_engine_set_nbft(NMNvmeEngine *engine, NMNvmeNbft *nbft)
{
    GHashTableIter iter;
    NMNvmeSession *s;

    g_return_if_fail(NMNVME_IS_ENGINE(engine));

    if (nbft)
        nmnvme_nbft_ref(nbft);
    g_clear_pointer(&engine->ctx.nbft, nmnvme_nbft_free);
    engine->ctx.nbft = nbft;
    nmnvme_fabrics_set_nbft(engine->ctx.fabrics, nbft);
    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s)) {
        if (nbft)
            probe_start(engine, nmnvme_session_get_iface(s), NULL, NULL);
        else
            nmnvme_session_set_hfi(s, NULL, NULL);
    }
}

NMNvmeNbft *
nmnvme_engine_get_nbft(NMNvmeEngine *engine)
{
    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), NULL);
    return engine->ctx.nbft;
}

/* Whether no key of @settings is set (an Attach without nvme.* keys, the
 * dispatcher's for a profile on an NBFT host): a session only for an NBFT
 * HFI. */
static gboolean
settings_empty(const NMNvmeSettings *settings)
{
    for (NMNvmeKey k = 0; k < NMNVME_N_KEYS; k++) {
        if (nmnvme_settings_is_set(settings, k))
            return FALSE;
    }
    return TRUE;
}

/* Gives @s the connect intents an earlier run left for its interface. */
static void
hand_intents(NMNvmeEngine *engine, NMNvmeSession *s)
{
    const char *iface = nmnvme_session_get_iface(s);

    for (guint i = engine->intents->len; i-- > 0;) {
        NMNvmeConnectIntent *intent = engine->intents->pdata[i];

        if (g_strcmp0(intent->iface, iface) == 0)
            nmnvme_session_add_intent(s, g_ptr_array_steal_index(engine->intents, i));
    }
}

/* The connect intents an earlier run left behind (it died during a
 * connect): for the sessions of their interfaces, restored or to come. */
static void
load_intents(NMNvmeEngine *engine)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) intents  = nmnvme_connect_intent_load_all(engine->state_dir, problems);
    GHashTableIter iter;
    NMNvmeSession *s;

    for (guint i = 0; i < problems->len; i++)
        _LOG_IF_W(NULL, "connect intents: %s", (const char *) problems->pdata[i]);
    while (intents->len > 0)
        g_ptr_array_add(engine->intents, g_ptr_array_steal_index(intents, intents->len - 1));
    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s))
        hand_intents(engine, s);
}

void
nmnvme_engine_restore(NMNvmeEngine *engine)
{
    g_autoptr(GError) error   = NULL;
    g_autoptr(GVariant) state = nmnvme_state_load(engine->state_dir, &error);
    GVariantIter iter;
    GVariant    *record;

    if (!state) {
        _LOG_IF_W(NULL, "ownership records: %s; starting without them", error->message);
        load_intents(engine);
        return;
    }
    g_variant_iter_init(&iter, state);
    while ((record = g_variant_iter_next_value(&iter))) {
        g_autoptr(GError) local = NULL;
        NMNvmeSession *s        = nmnvme_session_new_from_record(&engine->ctx, record, &local);

        g_variant_unref(record);
        if (!s) {
            _LOG_IF_W(NULL, "ownership record: %s, ignoring", local->message);
            continue;
        }
        g_hash_table_replace(engine->sessions, g_strdup(nmnvme_session_get_iface(s)), s);
        if (engine->ctx.nbft)
            probe_start(engine, nmnvme_session_get_iface(s), NULL, NULL);
    }
    load_intents(engine);
}

gboolean
nmnvme_engine_reload(NMNvmeEngine *engine, GError **error)
{
    NMNvmeHost    *host = nmnvme_host_load(engine->host_dir, error);
    GHashTableIter iter;
    NMNvmeSession *s;

    if (!host)
        return FALSE;
    nmnvme_host_free(engine->ctx.host);
    engine->ctx.host = host;
    load_caps(engine);
    load_exclusions(engine);
    nmnvme_engine_nbft_load(engine->nbft);
    g_hash_table_iter_init(&iter, engine->sessions);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &s))
        nmnvme_session_resync(s);
    return TRUE;
}

static gboolean
check_iface(const char *iface, GError **error)
{
    gsize len = iface ? strlen(iface) : 0;

    gboolean ok = len > 0 && len < IFNAMSIZ && strcmp(iface, ".") != 0 && strcmp(iface, "..") != 0;

    for (const char *p = iface; ok && *p; p++)
        ok = *p != '/' && *p != ':' && g_ascii_isgraph(*p);
    if (!ok)
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "interface: '%s' is not a valid interface name",
                    iface ? iface : "");
    return ok;
}

/* Keeps @settings and @owner to start the session when the teardown of
 * @iface ends (the latest Attach wins); on the record at once. */
static void
queue_attach(NMNvmeEngine *engine, const char *iface, NMNvmeSettings *settings, const char *owner)
{
    Queued *q = queued_get(engine, iface);

    g_clear_pointer(&q->settings, nmnvme_settings_unref);
    g_free(q->owner);
    q->settings = nmnvme_settings_ref(settings);
    q->owner    = g_strdup(owner);
    _LOG_IF_I(iface, "attach by '%s' queued: it applies when the detach in progress ends", owner);
    persist(engine);
    schedule_flush(engine, iface);
}

gboolean
nmnvme_engine_attach(NMNvmeEngine   *engine,
                     const char     *iface,
                     NMNvmeSettings *settings,
                     const char     *owner,
                     GError        **error)
{
    NMNvmeSession *s;

    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), FALSE);
    g_return_val_if_fail(settings, FALSE);
    g_return_val_if_fail(!error || !*error, FALSE);

    if (!check_iface(iface, error))
        return FALSE;
    owner = owner ? owner : "";
    probe_cancel(engine, iface); /* the latest Attach wins */
    s     = g_hash_table_lookup(engine->sessions, iface);
    if (s && nmnvme_session_is_stopping(s)) {
        queue_attach(engine, iface, settings, owner);
        return TRUE;
    }
    if (s) {
        gboolean owner_changed = g_strcmp0(nmnvme_session_get_owner(s), owner) != 0;

        nmnvme_session_update(s, owner, settings);
        if (owner_changed)
            persist(engine); /* front ends decide on Detach by it */
        if (engine->ctx.nbft) /* the device of that name may be another one now */
            probe_start(engine, iface, NULL, NULL);
        return TRUE;
    }
    if (settings_empty(settings)) {
        /* no nvme.* keys: a session only for an NBFT HFI */
        if (engine->ctx.nbft)
            probe_start(engine, iface, settings, owner);
        else
            _LOG_IF_D(iface, "attach by '%s' without nvme.* settings and no NBFT: no session", owner);
        return TRUE;
    }
    s = start_session(engine, iface, settings, owner);
    if (engine->ctx.nbft)
        probe_start(engine, iface, NULL, NULL);
    return TRUE;
}

static NMNvmeSession *
start_session(NMNvmeEngine *engine, const char *iface, NMNvmeSettings *settings, const char *owner)
{
    NMNvmeSession *s = nmnvme_session_new(&engine->ctx, iface, owner, settings);

    g_hash_table_insert(engine->sessions, g_strdup(iface), s);
    hand_intents(engine, s); /* before its first scan ends */
    persist(engine); /* sessions come and go on the record at once */
    schedule_flush(engine, iface);
    return s;
}

/*****************************************************************************/
/* Detach */

/* A second after the last session of a burst went, the memory glibc kept
 * of what the sessions freed is given back (64 discovery logs of 1 024
 * entries: the daemon's RSS stayed at 27 MiB after their Detach). Only
 * after a removal: no timer when nothing goes. */
#define TRIM_DELAY_MS 1000

static gboolean
on_trim(gpointer user_data)
{
    NMNvmeEngine *engine = user_data;

    g_clear_pointer(&engine->trim, g_source_unref);
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return G_SOURCE_REMOVE;
}

/* @controllers_kept: the session's controllers stay (on-deactivate=keep):
 * so do the TLS keys we inserted for it (the kernel's reconnects use
 * them); otherwise those no other session needs are revoked. */
static void
remove_session(NMNvmeEngine *engine, const char *iface, gboolean controllers_kept)
{
    g_autofree char *name = g_strdup(iface);

    g_hash_table_remove(engine->sessions, name);
    if (!controllers_kept)
        nmnvme_engine_tls_key_release(engine->tls, name);
    persist(engine); /* a crash now must not bring the session back */
    schedule_flush(engine, name);
    nmnvme_source_start_timeout(&engine->trim, TRIM_DELAY_MS, on_trim, engine);
}

/* The teardown of @iface ended: the session goes, and an Attach queued
 * meanwhile starts the new one (on the record in the same write); then the
 * Detach calls that waited for the end complete. */
static void
end_teardown(NMNvmeEngine *engine, const char *iface)
{
    g_autofree char *key    = NULL;
    Queued          *q      = NULL;
    g_autoptr(GError) error = NULL;

    g_hash_table_steal_extended(engine->queued, iface, (gpointer *) &key, (gpointer *) &q);
    if (!q || !q->settings) {
        remove_session(engine, iface, FALSE);
    } else {
        g_hash_table_remove(engine->sessions, iface);
        _LOG_IF_I(iface, "applying the attach by '%s' queued during the detach", q->owner);
        if (!nmnvme_engine_attach(engine, iface, q->settings, q->owner, &error)) {
            _LOG_IF_W(iface, "queued attach: %s", error->message);
            persist(engine);
        }
    }
    for (guint i = 0; q && i < q->detaches->len; i++)
        g_task_return_boolean(q->detaches->pdata[i], TRUE);
    g_clear_pointer(&q, queued_free);
}

static void
on_teardown_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    NMNvmeEngine  *engine = g_task_get_source_object(task);
    const char    *iface  = g_task_get_task_data(task);
    NMNvmeSession *s      = g_hash_table_lookup(engine->sessions, iface);

    if (s)
        nmnvme_session_teardown_finish(s, result, NULL);
    _LOG_IF_I(iface, "session ended");
    end_teardown(engine, iface);
    g_task_return_boolean(task, TRUE);
}

/* Whether the detach leaves the controllers, per the session's settings. */
static gboolean
detach_keeps(const NMNvmeSession *s, NMNvmeDetachReason reason)
{
    const NMNvmeSettings *settings = nmnvme_session_get_settings(s);

    switch (reason) {
    case NMNVME_DETACH_DEACTIVATE:
        return nmnvme_settings_get_choice(settings, NMNVME_KEY_ON_DEACTIVATE) ==
               NMNVME_ON_DEACTIVATE_KEEP;
    case NMNVME_DETACH_LINK_LOST:
        return nmnvme_settings_get_choice(settings, NMNVME_KEY_ON_LINK_LOSS) ==
               NMNVME_ON_LINK_LOSS_KEEP;
    }
    g_return_val_if_reached(TRUE);
}

/* A Detach while the session is being torn down: it cancels an Attach
 * queued behind the teardown (the latest call wins) and completes when the
 * teardown ends. */
static void
detach_behind_teardown(NMNvmeEngine *engine, const char *iface, GTask *task_take)
{
    Queued *q = queued_get(engine, iface);

    if (q->settings) {
        _LOG_IF_I(iface, "the queued attach by '%s' is dropped by a detach", q->owner);
        g_clear_pointer(&q->settings, nmnvme_settings_unref);
        g_clear_pointer(&q->owner, g_free);
        persist(engine);
        schedule_flush(engine, iface);
    }
    g_ptr_array_add(q->detaches, task_take);
}

void
nmnvme_engine_detach_async(NMNvmeEngine       *engine,
                           const char         *iface,
                           NMNvmeDetachReason  reason,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
    g_autoptr(GTask) task = g_task_new(engine, cancellable, callback, user_data);
    NMNvmeSession *s      = iface ? g_hash_table_lookup(engine->sessions, iface) : NULL;

    g_task_set_source_tag(task, nmnvme_engine_detach_async);
    g_task_set_task_data(task, g_strdup(iface), g_free);
    if (iface)
        probe_cancel(engine, iface); /* an Attach waiting for it is dropped too */
    if (!s) {
        g_task_return_boolean(task, TRUE);
        return;
    }
    if (nmnvme_session_is_stopping(s)) {
        detach_behind_teardown(engine, iface, g_steal_pointer(&task));
        return;
    }
    if (!detach_keeps(s, reason)) {
        nmnvme_session_teardown_async(
            s,
            reason == NMNVME_DETACH_DEACTIVATE &&
                nmnvme_settings_get_bool(nmnvme_session_get_settings(s), NMNVME_KEY_REGISTER),
            on_teardown_done,
            g_steal_pointer(&task));
        persist(engine); /* a stopping session is off the record */
        schedule_flush(engine, iface);
        return;
    }
    if (reason == NMNVME_DETACH_LINK_LOST) {
        nmnvme_session_suspend(s);
        persist(engine); /* a restart right after restores it suspended */
    } else {
        _LOG_IF_I(iface, "session ended, controllers kept (on-deactivate=keep)");
        remove_session(engine, iface, TRUE);
    }
    g_task_return_boolean(task, TRUE);
}

gboolean
nmnvme_engine_detach_finish(NMNvmeEngine *engine, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail(g_task_is_valid(result, engine), FALSE);
    return g_task_propagate_boolean(G_TASK(result), error);
}

/*****************************************************************************/

/* (transfer floating): a session's view, and who an Attach queued behind
 * its teardown is from ("attach-pending"). */
static GVariant *
session_view(NMNvmeEngine *engine, const char *iface)
{
    GVariant *view = nmnvme_session_to_variant(g_hash_table_lookup(engine->sessions, iface));
    Queued   *q    = queued_attach(engine, iface);
    g_autoptr(GVariantDict) d = NULL;

    if (!q)
        return view;
    d = g_variant_dict_new(view);
    g_variant_unref(g_variant_ref_sink(view));
    g_variant_dict_insert(d, "attach-pending", "s", q->owner);
    return g_variant_dict_end(d);
}

GVariant *
nmnvme_engine_get_sessions(NMNvmeEngine *engine)
{
    g_autoptr(GList) names =
        g_list_sort(g_hash_table_get_keys(engine->sessions), (GCompareFunc) strcmp);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (GList *l = names; l; l = l->next)
        g_variant_builder_add_value(&b, session_view(engine, l->data));
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

/* The log of @dc_key in @iface's session (%NULL: none read yet); checks
 * @limit first, so that a bad page size is named whatever else is wrong. */
static gboolean
find_log(NMNvmeEngine              *engine,
         const char                *iface,
         const char                *dc_key,
         guint                      limit,
         const NMNvmeDiscoveryLog **out_log,
         GError                   **error)
{
    NMNvmeSession *s;

    if (!nmnvme_log_view_check_limit(limit, error))
        return FALSE;
    s = g_hash_table_lookup(engine->sessions, iface);
    if (!s) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "interface: no session on '%s'",
                    iface);
        return FALSE;
    }
    return nmnvme_session_lookup_log(s, dc_key, out_log, error);
}

void
nmnvme_engine_get_discovery_log_async(NMNvmeEngine       *engine,
                                      const char         *iface,
                                      const char         *dc_key,
                                      guint               offset,
                                      guint               limit,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
    g_autoptr(GError) error       = NULL;
    const NMNvmeDiscoveryLog *log = NULL;

    g_return_if_fail(NMNVME_IS_ENGINE(engine));
    g_return_if_fail(iface && dc_key);

    if (!find_log(engine, iface, dc_key, limit, &log, &error)) {
        g_task_report_error(engine,
                            callback,
                            user_data,
                            nmnvme_engine_get_discovery_log_async,
                            g_steal_pointer(&error));
        return;
    }
    nmnvme_log_view_page_async(engine, log, offset, limit, callback, user_data);
}

GVariant *
nmnvme_engine_get_discovery_log_finish(NMNvmeEngine *engine,
                                       GAsyncResult *result,
                                       guint        *out_total,
                                       guint64      *out_genctr,
                                       GError      **error)
{
    g_return_val_if_fail(g_task_is_valid(result, engine), NULL);
    return nmnvme_log_view_page_finish(result, out_total, out_genctr, error);
}

guint64
nmnvme_engine_get_serial(NMNvmeEngine *engine)
{
    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), 0);
    return engine->serial;
}

const char *
nmnvme_engine_get_hostnqn(NMNvmeEngine *engine)
{
    return nmnvme_host_get_nqn(engine->ctx.host);
}

/*****************************************************************************/

static void
nmnvme_engine_init(NMNvmeEngine *engine)
{
    engine->dirty    = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    engine->probes   = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) probe_free);
    engine->intents  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_connect_intent_free);
    engine->queued   = g_hash_table_new_full(g_str_hash,
                                             g_str_equal,
                                             g_free,
                                             (GDestroyNotify) queued_free);
    engine->sessions = g_hash_table_new_full(g_str_hash,
                                             g_str_equal,
                                             g_free,
                                             (GDestroyNotify) nmnvme_session_free);
}

/* Never disconnects: sessions are freed, not torn down. */
static void
nmnvme_engine_finalize(GObject *object)
{
    NMNvmeEngine *engine = NMNVME_ENGINE(object);

    if (engine->flush || engine->persist) {
        nmnvme_source_clear(&engine->flush);
        persist(engine);
        nmnvme_source_clear(&engine->persist); /* no retry: the engine goes */
    }
    nmnvme_source_clear(&engine->trim);
    g_hash_table_unref(engine->dirty);
    {
        GHashTableIter iter;
        Probe         *p;

        g_hash_table_iter_init(&iter, engine->probes);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &p))
            g_cancellable_cancel(p->cancellable);
        g_hash_table_unref(engine->probes);
    }
    g_clear_pointer(&engine->exclusion_watch, nmnvme_path_watch_free);
    g_clear_pointer(&engine->ctx.exclusions, nmnvme_exclusions_free);
    g_clear_pointer(&engine->ctx.unreadable, g_hash_table_unref);
    g_free(engine->exclusions_file);
    g_free(engine->exclusions_dropin);
    g_free(engine->exclusion_problems);
    if (engine->udev_rules_dir)
        nmnvme_autoconnect_remove(engine->udev_rules_dir);
    g_free(engine->udev_rules_dir);
    g_clear_pointer(&engine->uevents, nmnvme_uevent_watch_free);
    g_hash_table_unref(engine->sessions);
    g_hash_table_unref(engine->queued);
    g_clear_pointer(&engine->nbft, nmnvme_engine_nbft_free);
    g_ptr_array_unref(engine->intents);
    engine->ctx.tls = NULL;
    g_clear_pointer(&engine->tls, nmnvme_engine_tls_free);
    g_clear_pointer(&engine->ctx.fabrics, nmnvme_fabrics_free);
    g_clear_pointer(&engine->ctx.caps, nmnvme_fabrics_options_free);
    g_clear_pointer(&engine->ctx.host, nmnvme_host_free);
    g_clear_pointer(&engine->ctx.nbft, nmnvme_nbft_free);
    g_free(engine->sysfs_net);
    g_free(engine->proc_vlan);
    g_free(engine->host_dir);
    g_free(engine->state_dir);
    g_free(engine->fabrics_dev);
    g_free(engine->sysfs_class);
    G_OBJECT_CLASS(nmnvme_engine_parent_class)->finalize(object);
}

static void
nmnvme_engine_class_init(NMNvmeEngineClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS(klass);

    object_class->finalize  = nmnvme_engine_finalize;
    signals[SIGNAL_CHANGED] = g_signal_new("changed",
                                           G_TYPE_FROM_CLASS(klass),
                                           G_SIGNAL_RUN_LAST,
                                           0,
                                           NULL,
                                           NULL,
                                           NULL,
                                           G_TYPE_NONE,
                                           1,
                                           G_TYPE_STRING);
    signals[SIGNAL_NBFT_CHANGED] = g_signal_new("nbft-changed",
                                                G_TYPE_FROM_CLASS(klass),
                                                G_SIGNAL_RUN_LAST,
                                                0,
                                                NULL,
                                                NULL,
                                                NULL,
                                                G_TYPE_NONE,
                                                0);
}
