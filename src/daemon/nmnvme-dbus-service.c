/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-service.c: the method handlers of
 * org.freedesktop.NetworkManager.Nvme1. Privileged calls (Attach, Detach,
 * GetNbft) go through the root check first; every reply carries an NMNVME_ERROR
 * name or a result, and nothing here ever logs or returns a secret
 * (settings are logged with nmnvme_settings_to_string(), which masks them).
 */
#define G_LOG_DOMAIN "nm-nvme-daemon"

#include "config.h"

#include "nmnvme-dbus-service.h"

#include "nmnvme-log.h"
#include "nmnvme-dbus-api.h"
#include "nmnvme-dbus-auth.h"
#include "nmnvme-dbus-errors.h"
#include "nmnvme-dbus-nvme.h"
#include "nmnvme-error.h"
#include "nmnvme-settings.h"
#include "nmnvme-strdict.h"

struct _NMNvmeDBusService {
    GObject         parent_instance;
    NMNvmeEngine   *engine;
    NMNvmeDBusNvme *skeleton;
    NMNvmeDBusAuth *auth;
    gulong          changed_id;
    gulong          nbft_changed_id;
    GVariant       *snapshot;        /* GetSessions' reply, serialized; NULL: none */
    guint64         snapshot_serial; /* the engine's serial it was made at */
    gint64          snapshot_at;
};

/* GetSessions answers from one snapshot while the engine's serial says
 * nothing changed, and for this long at most (a change the serial misses
 * shows this late at worst): any number of readers costs one build per
 * change and four a second, not one a call. */
#define SNAPSHOT_MAX_AGE (250 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_FINAL_TYPE(NMNvmeDBusService, nmnvme_dbus_service, G_TYPE_OBJECT)

/* ---- a method call in flight ---------------------------------------------- */

typedef struct _Call Call;

/* Runs a privileged call once the caller is known to be root; takes @call. */
typedef void (*AuthorizedFunc)(Call *call);

/* Owns the handler's reference of the invocation until the reply consumes
 * it (g_steal_pointer(&call->invocation)), and keeps the service alive. */
struct _Call {
    NMNvmeDBusService     *self;
    GDBusMethodInvocation *invocation;
    AuthorizedFunc         authorized;
};

static Call *
call_new(NMNvmeDBusService *self, GDBusMethodInvocation *invocation, AuthorizedFunc authorized)
{
    Call *call = g_new0(Call, 1);

    call->self       = g_object_ref(self);
    call->invocation = invocation;
    call->authorized = authorized;
    return call;
}

static void
call_free(Call *call)
{
    g_object_unref(call->self);
    g_clear_object(&call->invocation);
    g_free(call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Call, call_free)

/* (transfer none): argument @index of the call, a string. */
static const char *
call_arg(Call *call, gsize index)
{
    GVariant   *params = g_dbus_method_invocation_get_parameters(call->invocation);
    const char *arg    = NULL;

    g_variant_get_child(params, index, "&s", &arg);
    return arg;
}

/* Replies with @error, as Failed unless it already is an NMNVME_ERROR, so
 * that every error reply has one of the names of nmnvme-dbus-errors.h. */
static void
call_return_error(Call *call, const GError *error)
{
    GDBusMethodInvocation *invocation = g_steal_pointer(&call->invocation);

    if (error->domain == NMNVME_ERROR)
        g_dbus_method_invocation_return_gerror(invocation, error);
    else
        g_dbus_method_invocation_return_error_literal(invocation,
                                                      NMNVME_ERROR,
                                                      NMNVME_ERROR_FAILED,
                                                      error->message);
}

static void
authorized_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Call) call      = user_data;
    g_autoptr(GError) error   = NULL;
    AuthorizedFunc authorized = call->authorized;

    if (!nmnvme_dbus_auth_require_root_finish(NMNVME_DBUS_AUTH(source), result, &error)) {
        _LOGI("denied %s from %s: %s",
              g_dbus_method_invocation_get_method_name(call->invocation),
              g_dbus_method_invocation_get_sender(call->invocation),
              error->message);
        call_return_error(call, error);
        return;
    }
    authorized(g_steal_pointer(&call));
}

/* Takes @call; runs its AuthorizedFunc when the caller is root. */
static void
authorize(Call *call)
{
    nmnvme_dbus_auth_require_root_async(call->self->auth,
                                        call->invocation,
                                        NULL,
                                        authorized_cb,
                                        call);
}

/* ---- Attach --------------------------------------------------------------- */

static void
attach_authorized(Call *call_take)
{
    g_autoptr(Call) call               = call_take;
    g_autoptr(GVariant) dict           = NULL;
    g_autoptr(GHashTable) data         = NULL;
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(GError) error            = NULL;
    g_autofree char *text              = NULL;
    const char      *iface             = call_arg(call, 0);
    const char      *owner             = call_arg(call, 2);

    dict = g_variant_get_child_value(g_dbus_method_invocation_get_parameters(call->invocation), 1);
    data = nmnvme_strdict_from_variant(dict);
    settings = nmnvme_settings_new_from_data(data, &error);
    if (!settings || !nmnvme_engine_attach(call->self->engine, iface, settings, owner, &error)) {
        _LOGI("rejected Attach of '%s' by '%s': %s", iface, owner, error->message);
        call_return_error(call, error);
        return;
    }
    text = nmnvme_settings_to_string(settings);
    _LOG_IF_I(iface,
              "attached by '%s': %s",
              owner,
              *text ? text : "(no nvme.* settings: a session only for an NBFT HFI)");
    nmnvme_dbus_nvme_complete_attach(call->self->skeleton, g_steal_pointer(&call->invocation));
}

static gboolean
handle_attach(NMNvmeDBusNvme        *skeleton,
              GDBusMethodInvocation *invocation,
              const char            *iface,
              GVariant              *settings,
              const char            *owner,
              gpointer               user_data)
{
    authorize(call_new(user_data, invocation, attach_authorized));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- ValidateSettings, GetSchema ------------------------------------------ */

/* (transfer full): the key a schema error names: its message starts with
 * "nvme.KEY: " (nmnvme-settings.h); "" when it names none. */
static char *
error_key(const GError *error)
{
    const char *colon = strchr(error->message, ':');

    if (!g_str_has_prefix(error->message, "nvme.") || !colon)
        return g_strdup("");
    return g_strndup(error->message, colon - error->message);
}

static gboolean
handle_validate_settings(NMNvmeDBusNvme        *skeleton,
                         GDBusMethodInvocation *invocation,
                         GVariant              *dict,
                         gpointer               user_data)
{
    g_autoptr(GHashTable) data         = nmnvme_strdict_from_variant(dict);
    g_autoptr(GError) error            = NULL;
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, &error);
    g_autofree char *key               = settings ? g_strdup("") : error_key(error);

    nmnvme_dbus_nvme_complete_validate_settings(skeleton,
                                                invocation,
                                                key,
                                                settings ? "" : error->message);
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static const char *const setting_type_names[] = {
    [NMNVME_TYPE_BOOL]        = "bool",
    [NMNVME_TYPE_INT]         = "int",
    [NMNVME_TYPE_CHOICE]      = "choice",
    [NMNVME_TYPE_URI_LIST]    = "uri-list",
    [NMNVME_TYPE_FILTER_LIST] = "filter-list",
    [NMNVME_TYPE_SECRET]      = "secret",
};
G_STATIC_ASSERT(G_N_ELEMENTS(setting_type_names) == NMNVME_TYPE_SECRET + 1);

/* (transfer floating): GetSchema's dictionary of one key. */
static GVariant *
schema_entry(const NMNvmeSettingInfo *info)
{
    g_autofree char         *values = nmnvme_setting_info_describe_values(info);
    static const char *const none[] = { NULL };
    GVariantBuilder          b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "name", g_variant_new_string(info->name));
    g_variant_builder_add(&b, "{sv}", "values", g_variant_new_string(values));
    g_variant_builder_add(&b,
                          "{sv}",
                          "default",
                          g_variant_new_string(info->default_value ? info->default_value : ""));
    g_variant_builder_add(&b, "{sv}", "help", g_variant_new_string(info->help));
    g_variant_builder_add(&b, "{sv}", "type", g_variant_new_string(setting_type_names[info->type]));
    g_variant_builder_add(&b,
                          "{sv}",
                          "choices",
                          g_variant_new_strv(info->choices ? info->choices : none, -1));
    return g_variant_builder_end(&b);
}

static gboolean
handle_get_schema(NMNvmeDBusNvme *skeleton, GDBusMethodInvocation *invocation, gpointer user_data)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (int k = 0; k < NMNVME_N_KEYS; k++)
        g_variant_builder_add_value(&b, schema_entry(nmnvme_setting_info(k)));
    nmnvme_dbus_nvme_complete_get_schema(skeleton, invocation, g_variant_builder_end(&b));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- Detach --------------------------------------------------------------- */

static gboolean
parse_reason(const char *text, NMNvmeDetachReason *out_reason, GError **error)
{
    if (g_str_equal(text, NMNVME_DBUS_REASON_DEACTIVATE)) {
        *out_reason = NMNVME_DETACH_DEACTIVATE;
        return TRUE;
    }
    if (g_str_equal(text, NMNVME_DBUS_REASON_LINK_LOST)) {
        *out_reason = NMNVME_DETACH_LINK_LOST;
        return TRUE;
    }
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_INVALID_ARGUMENT,
                "reason: invalid value '%s': must be '" NMNVME_DBUS_REASON_DEACTIVATE
                "' or '" NMNVME_DBUS_REASON_LINK_LOST "'",
                text);
    return FALSE;
}

static void
detach_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Call) call    = user_data;
    g_autoptr(GError) error = NULL;
    const char *iface       = call_arg(call, 0);

    if (!nmnvme_engine_detach_finish(NMNVME_ENGINE(source), result, &error)) {
        _LOG_IF_W(iface, "detach failed: %s", error->message);
        call_return_error(call, error);
        return;
    }
    _LOG_IF_I(iface, "detached (%s)", call_arg(call, 1));
    nmnvme_dbus_nvme_complete_detach(call->self->skeleton, g_steal_pointer(&call->invocation));
}

static void
detach_authorized(Call *call_take)
{
    g_autoptr(Call) call      = call_take;
    g_autoptr(GError) error   = NULL;
    NMNvmeEngine      *engine = call->self->engine;
    const char        *iface  = call_arg(call, 0);
    NMNvmeDetachReason reason;

    if (!parse_reason(call_arg(call, 1), &reason, &error)) {
        call_return_error(call, error);
        return;
    }
    _LOG_IF_I(iface, "detaching (%s)", call_arg(call, 1));
    /* @iface stays valid: @call holds the invocation and its parameters. */
    nmnvme_engine_detach_async(engine, iface, reason, NULL, detach_done, g_steal_pointer(&call));
}

static gboolean
handle_detach(NMNvmeDBusNvme        *skeleton,
              GDBusMethodInvocation *invocation,
              const char            *iface,
              const char            *reason,
              gpointer               user_data)
{
    authorize(call_new(user_data, invocation, detach_authorized));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- GetNbft -------------------------------------------------------------- */

static void
nbft_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Call) call     = user_data;
    g_autoptr(GError) error  = NULL;
    g_autoptr(GVariant) nbft = nmnvme_engine_get_nbft_finish(NMNVME_ENGINE(source), result, &error);

    if (!nbft) {
        call_return_error(call, error);
        return;
    }
    nmnvme_dbus_nvme_complete_get_nbft(call->self->skeleton, g_steal_pointer(&call->invocation), nbft);
}

/* Root only: the kernel's table is 0400. */
static void
nbft_authorized(Call *call_take)
{
    nmnvme_engine_get_nbft_async(call_take->self->engine, nbft_done, call_take);
}

static gboolean
handle_get_nbft(NMNvmeDBusNvme *skeleton, GDBusMethodInvocation *invocation, gpointer user_data)
{
    authorize(call_new(user_data, invocation, nbft_authorized));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- reads and signals ---------------------------------------------------- */

/* (transfer none): the sessions as GetSessions returns them. */
static GVariant *
snapshot(NMNvmeDBusService *self)
{
    gint64 now = g_get_monotonic_time();

    guint64 serial = nmnvme_engine_get_serial(self->engine);

    if (self->snapshot && self->snapshot_serial == serial &&
        now - self->snapshot_at <= SNAPSHOT_MAX_AGE)
        return self->snapshot;
    g_clear_pointer(&self->snapshot, g_variant_unref);
    /* take_ref: correct whether or not the engine's snapshot is floating */
    self->snapshot        = g_variant_take_ref(nmnvme_engine_get_sessions(self->engine));
    self->snapshot_serial = serial;
    self->snapshot_at     = now;
    g_variant_get_data(self->snapshot); /* serialized once, not at each reply */
    return self->snapshot;
}

static gboolean
handle_get_sessions(NMNvmeDBusNvme *skeleton, GDBusMethodInvocation *invocation, gpointer user_data)
{
    nmnvme_dbus_nvme_complete_get_sessions(skeleton, invocation, snapshot(user_data));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The API's page bound is the engine's. */
G_STATIC_ASSERT(NMNVME_DBUS_LOG_PAGE_MAX == NMNVME_ENGINE_LOG_PAGE_MAX);

static void
discovery_log_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Call) call     = user_data;
    g_autoptr(GError) error  = NULL;
    g_autoptr(GVariant) page = NULL;
    guint   total            = 0;
    guint64 genctr           = 0;

    page = nmnvme_engine_get_discovery_log_finish(NMNVME_ENGINE(source),
                                                  result,
                                                  &total,
                                                  &genctr,
                                                  &error);
    if (!page) {
        call_return_error(call, error);
        return;
    }
    nmnvme_dbus_nvme_complete_get_discovery_log(call->self->skeleton,
                                                g_steal_pointer(&call->invocation),
                                                page,
                                                total,
                                                genctr);
}

/* Open to all: the page is built off the main loop (nmnvme-engine.h). */
static gboolean
handle_get_discovery_log(NMNvmeDBusNvme        *skeleton,
                         GDBusMethodInvocation *invocation,
                         const char            *iface,
                         const char            *dc_key,
                         guint                  offset,
                         guint                  limit,
                         gpointer               user_data)
{
    NMNvmeDBusService *self = user_data;

    nmnvme_engine_get_discovery_log_async(self->engine,
                                          iface,
                                          dc_key,
                                          offset,
                                          limit,
                                          discovery_log_done,
                                          call_new(self, invocation, NULL));
    return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
engine_changed(NMNvmeEngine *engine, const char *iface, gpointer user_data)
{
    NMNvmeDBusService *self = user_data;

    _LOG_IF_D(iface, "session changed");
    nmnvme_dbus_nvme_emit_session_changed(self->skeleton, iface);
}

void
nmnvme_dbus_service_sync_properties(NMNvmeDBusService *self)
{
    g_return_if_fail(NMNVME_IS_DBUS_SERVICE(self));

    nmnvme_dbus_nvme_set_host_nqn(self->skeleton, nmnvme_engine_get_hostnqn(self->engine));
    nmnvme_dbus_nvme_set_nbft(self->skeleton, nmnvme_engine_get_nbft_status(self->engine));
}

static void
engine_nbft_changed(NMNvmeEngine *engine, gpointer user_data)
{
    nmnvme_dbus_service_sync_properties(user_data);
}

/* ---- life cycle ----------------------------------------------------------- */

NMNvmeDBusService *
nmnvme_dbus_service_new(NMNvmeEngine *engine, GDBusConnection *connection, GError **error)
{
    g_autoptr(NMNvmeDBusService) self = NULL;

    g_return_val_if_fail(NMNVME_IS_ENGINE(engine), NULL);
    g_return_val_if_fail(G_IS_DBUS_CONNECTION(connection), NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    nmnvme_dbus_errors_register();
    self           = g_object_new(NMNVME_TYPE_DBUS_SERVICE, NULL);
    self->engine   = g_object_ref(engine);
    self->skeleton = nmnvme_dbus_nvme_skeleton_new();
    self->auth     = nmnvme_dbus_auth_new(0);
    nmnvme_dbus_nvme_set_version(self->skeleton, PACKAGE_VERSION);
    nmnvme_dbus_service_sync_properties(self);

    g_signal_connect(self->skeleton, "handle-attach", G_CALLBACK(handle_attach), self);
    g_signal_connect(self->skeleton, "handle-detach", G_CALLBACK(handle_detach), self);
    g_signal_connect(self->skeleton, "handle-get-sessions", G_CALLBACK(handle_get_sessions), self);
    g_signal_connect(self->skeleton, "handle-get-nbft", G_CALLBACK(handle_get_nbft), self);
    g_signal_connect(self->skeleton,
                     "handle-validate-settings",
                     G_CALLBACK(handle_validate_settings),
                     self);
    g_signal_connect(self->skeleton, "handle-get-schema", G_CALLBACK(handle_get_schema), self);
    g_signal_connect(self->skeleton,
                     "handle-get-discovery-log",
                     G_CALLBACK(handle_get_discovery_log),
                     self);
    self->changed_id = g_signal_connect(engine, "changed", G_CALLBACK(engine_changed), self);
    self->nbft_changed_id =
        g_signal_connect(engine, "nbft-changed", G_CALLBACK(engine_nbft_changed), self);

    if (!g_dbus_interface_skeleton_export(G_DBUS_INTERFACE_SKELETON(self->skeleton),
                                          connection,
                                          NMNVME_DBUS_PATH,
                                          error))
        return NULL;
    return g_steal_pointer(&self);
}

static void
nmnvme_dbus_service_init(NMNvmeDBusService *self)
{
}

static void
nmnvme_dbus_service_dispose(GObject *object)
{
    NMNvmeDBusService *self = NMNVME_DBUS_SERVICE(object);

    if (self->engine) {
        g_clear_signal_handler(&self->changed_id, self->engine);
        g_clear_signal_handler(&self->nbft_changed_id, self->engine);
    }
    if (self->skeleton) {
        GDBusInterfaceSkeleton *skeleton = G_DBUS_INTERFACE_SKELETON(self->skeleton);

        g_signal_handlers_disconnect_by_data(skeleton, self);
        if (g_dbus_interface_skeleton_get_connection(skeleton))
            g_dbus_interface_skeleton_unexport(skeleton);
    }
    g_clear_object(&self->skeleton);
    g_clear_object(&self->engine);
    g_clear_object(&self->auth);
    g_clear_pointer(&self->snapshot, g_variant_unref);
    G_OBJECT_CLASS(nmnvme_dbus_service_parent_class)->dispose(object);
}

static void
nmnvme_dbus_service_class_init(NMNvmeDBusServiceClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = nmnvme_dbus_service_dispose;
}
