/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-plan.c: the configuration read → `nvme.*` settings per
 * interface. Each controller goes to its host-iface, else to the interface
 * of the route to it; then, most specific first, its own values, the
 * defaults of its kind, and the host-wide values. nm-nvme's settings are
 * per interface: a value that differs between two controllers of one
 * interface keeps the first and says so (nvme.tls: yes wins, said). Also
 * the plan as text.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"
#include "nmnvme-settings.h"
#include "nmnvme-uri.h"

/* Characters an NQN keeps in a URI path (the rest are percent-encoded). */
#define NQN_ALLOWED ":.-_~!$&'()*+,;="

typedef struct {
    NMNvmeMigrateIface *out;
    gboolean            has_dc;
} Builder;

static void
iface_free(NMNvmeMigrateIface *i)
{
    if (!i)
        return;
    g_free(i->iface);
    g_hash_table_unref(i->settings);
    g_ptr_array_unref(i->values);
    g_ptr_array_unref(i->routed);
    g_free(i);
}

void
nmnvme_migrate_plan_free(NMNvmeMigratePlan *plan)
{
    if (!plan)
        return;
    g_ptr_array_unref(plan->ifaces);
    g_ptr_array_unref(plan->notes);
    g_ptr_array_unref(plan->secrets);
    g_free(plan);
}

static void
builder_free(Builder *b)
{
    iface_free(b->out);
    g_free(b);
}

static Builder *
builder_get(GHashTable *builders, const char *iface)
{
    Builder *b = g_hash_table_lookup(builders, iface);

    if (b)
        return b;
    b                = g_new0(Builder, 1);
    b->out           = g_new0(NMNvmeMigrateIface, 1);
    b->out->iface    = g_strdup(iface);
    b->out->settings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    b->out->values   = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free);
    b->out->routed   = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_insert(builders, b->out->iface, b);
    return b;
}

static gboolean
is_list_key(const char *target)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(target);

    return info && (info->type == NMNVME_TYPE_URI_LIST || info->type == NMNVME_TYPE_FILTER_LIST);
}

static void
record(Builder *b, const NMNvmeMigrateValue *v, const char *value)
{
    NMNvmeMigrateValue *copy = nmnvme_migrate_value_new(v->target, value, v->file, v->line, v->key);

    g_ptr_array_add(b->out->values, copy);
}

/* "FILE:LINE KEY", or "FILE (default) KEY" for a value not in the file. */
static char *
where(const char *file, guint line, const char *key)
{
    if (line == NMNVME_MIGRATE_NO_LINE)
        return g_strdup_printf("%s %s", file, key);
    return line ? g_strdup_printf("%s:%u %s", file, line, key)
                : g_strdup_printf("%s (default) %s", file, key);
}

/* (nullable): the value @b has for @target. */
static const NMNvmeMigrateValue *
find_value(Builder *b, const char *target)
{
    for (guint i = 0; i < b->out->values->len; i++) {
        const NMNvmeMigrateValue *v = b->out->values->pdata[i];

        if (g_str_equal(v->target, target))
            return v;
    }
    return NULL;
}

/* nvme.tls is per interface, TLS per controller in the sources: a
 * controller configured with TLS is never connected without it, so a yes
 * replaces an earlier no (said) where any other key keeps its first value. */
static gboolean
tls_overrides(const char *target, const char *old, const char *value)
{
    return g_str_equal(target, "nvme.tls") && g_str_equal(old, "no") && g_str_equal(value, "yes");
}

static void
tls_override(Builder                  *b,
             const NMNvmeMigrateValue *kept,
             const NMNvmeMigrateValue *v,
             GPtrArray                *notes)
{
    g_autofree char *v_where = where(v->file, v->line, v->key);
    g_autofree char *reason  = g_strdup_printf(
        "nm-nvme has one nvme.tls per interface: %s takes yes from %s (TLS on any of its "
         "controllers)",
        b->out->iface,
        v_where);

    nmnvme_migrate_note_add(notes, kept->file, kept->line, kept->key, NULL, reason);
    g_ptr_array_remove(b->out->values, (gpointer) kept);
    g_hash_table_insert(b->out->settings, g_strdup(v->target), g_strdup(v->value));
    record(b, v, v->value);
}

/* Adds @v to @b: a list key grows (no duplicates); a scalar is set once,
 * a different value later is a note (nvme.tls: tls_overrides()). */
static void
builder_set(Builder *b, const NMNvmeMigrateValue *v, GPtrArray *notes)
{
    const char *old = g_hash_table_lookup(b->out->settings, v->target);

    if (is_list_key(v->target)) {
        g_auto(GStrv) words = old ? g_strsplit(old, " ", -1) : g_new0(char *, 1);

        if (g_strv_contains((const char *const *) words, v->value))
            return;
        g_hash_table_insert(b->out->settings,
                            g_strdup(v->target),
                            old ? g_strconcat(old, " ", v->value, NULL) : g_strdup(v->value));
    } else if (old) {
        g_autofree char          *reason     = NULL;
        const NMNvmeMigrateValue *kept       = find_value(b, v->target);
        g_autofree char          *kept_where = NULL;

        if (strcmp(old, v->value) == 0 || !kept)
            return;
        if (tls_overrides(v->target, old, v->value)) {
            tls_override(b, kept, v, notes);
            return;
        }
        kept_where = where(kept->file, kept->line, kept->key);
        reason     = g_strdup_printf("nm-nvme has one %s per interface: %s keeps %s from %s",
                                 v->target,
                                 b->out->iface,
                                 nmnvme_migrate_value_shown(kept),
                                 kept_where);
        nmnvme_migrate_note_add(notes, v->file, v->line, v->key, NULL, reason);
        return;
    } else {
        g_hash_table_insert(b->out->settings, g_strdup(v->target), g_strdup(v->value));
    }
    record(b, v, v->value);
}

/* (transfer full) (nullable): @c as an NVMe URI, or NULL with @error. */
static char *
ctrl_uri(const NMNvmeMigrateCtrl *c, GError **error)
{
    g_autofree char *nqn     = c->nqn ? g_uri_escape_string(c->nqn, NQN_ALLOWED, TRUE) : NULL;
    g_autofree char *text    = NULL;
    g_autoptr(NMNvmeUri) uri = NULL;
    gboolean v6              = strchr(c->traddr, ':') != NULL;

    if (g_strcmp0(c->transport, "tcp") != 0) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "transport %s: nm-nvme manages NVMe/TCP only",
                    c->transport);
        return NULL;
    }
    text = g_strdup_printf("nvme+tcp://%s%s%s%s%s%s%s",
                           v6 ? "[" : "",
                           c->traddr,
                           v6 ? "]" : "",
                           c->trsvcid ? ":" : "",
                           c->trsvcid ? c->trsvcid : "",
                           nqn ? "/" : "",
                           nqn ? nqn : "");
    uri  = nmnvme_uri_parse(text, c->discovery ? NMNVME_URI_DISCOVERY : NMNVME_URI_IO, error);
    return uri ? nmnvme_uri_to_string(uri) : NULL;
}

/* The interface of @c: its own, else the route's; NULL (noted) if none. */
static char *
ctrl_iface(const NMNvmeMigrateCtrl *c,
           NMNvmeMigrateRouteFunc   route,
           gpointer                 user_data,
           GPtrArray               *notes,
           gboolean                *routed)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *reason = NULL;
    char            *iface;

    *routed = FALSE;
    if (c->host_iface)
        return g_strdup(c->host_iface);
    iface = route(c->traddr, user_data, &error);
    if (iface) {
        *routed = TRUE;
        return iface;
    }
    reason = g_strdup_printf("no host-iface, and the route lookup failed (%s): not imported",
                             error->message);
    nmnvme_migrate_note_add(notes, c->file, c->line, "controller", NULL, reason);
    return NULL;
}

static void
take_ctrl(GHashTable              *builders,
          const NMNvmeMigrateCtrl *c,
          NMNvmeMigrateRouteFunc   route,
          gpointer                 user_data,
          GPtrArray               *notes)
{
    g_autoptr(GError) error  = NULL;
    g_autofree char   *uri   = ctrl_uri(c, &error);
    g_autofree char   *iface = NULL;
    NMNvmeMigrateValue v     = { (char *) (c->discovery ? "nvme.discovery" : "nvme.controllers"),
                                 uri,
                                 c->file,
                                 c->line,
                                 (char *) "controller" };
    gboolean           routed;
    Builder           *b;

    if (!uri) {
        nmnvme_migrate_note_add(notes, c->file, c->line, "controller", NULL, error->message);
        return;
    }
    iface = ctrl_iface(c, route, user_data, notes, &routed);
    if (!iface)
        return;
    b         = builder_get(builders, iface);
    b->has_dc = b->has_dc || c->discovery;
    if (routed)
        g_ptr_array_add(b->out->routed, g_strdup(uri));
    builder_set(b, &v, notes);
    for (guint i = 0; i < c->values->len; i++)
        builder_set(b, c->values->pdata[i], notes);
}

static void
take_scope(Builder *b, GPtrArray *values, GPtrArray *notes)
{
    for (guint i = 0; i < values->len; i++) {
        NMNvmeMigrateValue *v = values->pdata[i];

        if (!v->iface || g_strcmp0(v->iface, b->out->iface) == 0)
            builder_set(b, v, notes);
    }
}

/* Host values for one interface the plan does not reach: said. */
static void
note_unreached(GHashTable *builders, GPtrArray *values, GPtrArray *notes)
{
    for (guint i = 0; i < values->len; i++) {
        NMNvmeMigrateValue *v = values->pdata[i];

        if (v->iface && !g_hash_table_contains(builders, v->iface))
            nmnvme_migrate_note_add(notes,
                                    v->file,
                                    v->line,
                                    v->key,
                                    NULL,
                                    "its interface has no controller in the plan: not imported");
    }
}

/* Wipes a secret's copy before freeing it. */
static void
secret_free(char *secret)
{
    explicit_bzero(secret, strlen(secret));
    g_free(secret);
}

/* The secret values of @values, into @secrets. */
static void
collect_secrets(GPtrArray *secrets, GPtrArray *values)
{
    for (guint i = 0; i < values->len; i++) {
        const NMNvmeMigrateValue *v = values->pdata[i];

        if (*v->value && g_strcmp0(nmnvme_migrate_value_shown(v), v->value) != 0)
            g_ptr_array_add(secrets, g_strdup(v->value));
    }
}

static GPtrArray *
secrets_of(const NMNvmeMigrateConfig *config)
{
    GPtrArray *secrets = g_ptr_array_new_with_free_func((GDestroyNotify) secret_free);

    collect_secrets(secrets, config->host_values);
    collect_secrets(secrets, config->dc_values);
    collect_secrets(secrets, config->ioc_values);
    for (guint i = 0; i < config->ctrls->len; i++)
        collect_secrets(secrets, ((NMNvmeMigrateCtrl *) config->ctrls->pdata[i])->values);
    return secrets;
}

static gint
compare_ifaces(gconstpointer a, gconstpointer b)
{
    return strcmp((*(NMNvmeMigrateIface *const *) a)->iface,
                  (*(NMNvmeMigrateIface *const *) b)->iface);
}

/* A TLS PSK on an interface whose nvme.tls is not yes: libnvme uses the
 * key only for a connection with TLS, and nm-nvme refuses it then; not
 * imported, said. */
static void
drop_unused_tls_key(Builder *b, GPtrArray *notes)
{
    const NMNvmeMigrateValue *v      = find_value(b, "nvme.tls-key");
    g_autofree char          *reason = NULL;
    char                     *key;

    if (!v || g_strcmp0(g_hash_table_lookup(b->out->settings, "nvme.tls"), "yes") == 0)
        return;
    reason = g_strdup_printf("%s has no tls = yes, and libnvme uses the key only with TLS: "
                             "not imported",
                             b->out->iface);
    nmnvme_migrate_note_add(notes, v->file, v->line, v->key, NULL, reason);
    key = g_hash_table_lookup(b->out->settings, "nvme.tls-key");
    if (key)
        explicit_bzero(key, strlen(key));
    g_hash_table_remove(b->out->settings, "nvme.tls-key");
    g_ptr_array_remove(b->out->values, (gpointer) v);
}

static gboolean
finish_iface(Builder *b, const NMNvmeMigrateConfig *config, GPtrArray *notes, GError **error)
{
    g_autoptr(GError) local = NULL;
    NMNvmeSettings *settings;

    if (b->has_dc)
        take_scope(b, config->dc_values, notes);
    take_scope(b, config->ioc_values, notes);
    take_scope(b, config->host_values, notes);
    drop_unused_tls_key(b, notes);
    settings = nmnvme_settings_new_from_data(b->out->settings, &local);
    if (!settings) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s: %s",
                    b->out->iface,
                    local->message);
        return FALSE;
    }
    b->out->has_secrets = nmnvme_settings_get_secret(settings, NMNVME_KEY_DHCHAP_SECRET) ||
                          nmnvme_settings_get_secret(settings, NMNVME_KEY_DHCHAP_CTRL_SECRET) ||
                          nmnvme_settings_get_secret(settings, NMNVME_KEY_TLS_KEY);
    nmnvme_settings_unref(settings);
    return TRUE;
}

NMNvmeMigratePlan *
nmnvme_migrate_plan_new(const NMNvmeMigrateConfig *config,
                        NMNvmeMigrateRouteFunc     route,
                        gpointer                   user_data,
                        GError                   **error)
{
    g_autoptr(GHashTable) builders =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) builder_free);
    g_autoptr(NMNvmeMigratePlan) plan = g_new0(NMNvmeMigratePlan, 1);
    GHashTableIter iter;
    Builder       *b;

    plan->ifaces  = g_ptr_array_new_with_free_func((GDestroyNotify) iface_free);
    plan->notes   = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_note_free);
    plan->secrets = secrets_of(config);
    for (guint i = 0; i < config->notes->len; i++) {
        NMNvmeMigrateNote *n = config->notes->pdata[i];

        nmnvme_migrate_note_add(plan->notes, n->file, n->line, n->key, n->target, n->reason);
    }
    for (guint i = 0; i < config->ctrls->len; i++)
        take_ctrl(builders, config->ctrls->pdata[i], route, user_data, plan->notes);
    note_unreached(builders, config->host_values, plan->notes);
    g_hash_table_iter_init(&iter, builders);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &b)) {
        if (!finish_iface(b, config, plan->notes, error))
            return NULL;
        g_ptr_array_add(plan->ifaces, g_steal_pointer(&b->out));
    }
    g_ptr_array_sort(plan->ifaces, compare_ifaces);
    return g_steal_pointer(&plan);
}

static gboolean
is_routed(const NMNvmeMigrateIface *i, const NMNvmeMigrateValue *v)
{
    return g_strcmp0(v->key, "controller") == 0 &&
           g_ptr_array_find_with_equal_func(i->routed, v->value, g_str_equal, NULL);
}

static void
format_iface(GString *out, const NMNvmeMigrateIface *i, GHashTable *targets)
{
    const char *target = targets ? g_hash_table_lookup(targets, i->iface) : NULL;

    g_string_append_printf(out,
                           "\n%s: %s\n",
                           i->iface,
                           target ? target : "no profile on this interface");
    for (guint j = 0; j < i->values->len; j++) {
        const NMNvmeMigrateValue *v = i->values->pdata[j];
        g_autofree char          *w = where(v->file, v->line, v->key);

        g_string_append_printf(out,
                               "  %-28s %s\n      from %s%s\n",
                               v->target,
                               nmnvme_migrate_value_shown(v),
                               w,
                               is_routed(i, v) ? " (no host-iface: interface by route lookup)"
                                               : "");
    }
}

static void
format_notes(GString *out, const GPtrArray *notes, gboolean mapped)
{
    gboolean header = FALSE;

    for (guint j = 0; j < notes->len; j++) {
        const NMNvmeMigrateNote *n = notes->pdata[j];
        g_autofree char         *w = NULL;

        if ((n->target != NULL) != mapped)
            continue;
        if (!header) {
            g_string_append(out, mapped ? "\nMapped, with a remark:\n" : "\nNot mapped:\n");
            header = TRUE;
        }
        w = where(n->file, n->line, n->key);
        if (mapped)
            g_string_append_printf(out, "  %s -> %s: %s\n", w, n->target, n->reason);
        else
            g_string_append_printf(out, "  %s: %s\n", w, n->reason);
    }
}

char *
nmnvme_migrate_plan_format(const NMNvmeMigratePlan *plan, GPtrArray *files, GHashTable *targets)
{
    GString *out = g_string_new("Read:");

    for (guint i = 0; i < files->len; i++)
        g_string_append_printf(out, " %s", (char *) files->pdata[i]);
    g_string_append(out, files->len ? "\n" : " nothing (no configuration file found)\n");
    if (plan->ifaces->len == 0)
        g_string_append(out, "\nNo controller to import: no profile changes.\n");
    for (guint i = 0; i < plan->ifaces->len; i++)
        format_iface(out, plan->ifaces->pdata[i], targets);
    format_notes(out, plan->notes, TRUE);
    format_notes(out, plan->notes, FALSE);
    /* a secret pasted elsewhere too (an NQN, a key's name) is not shown */
    for (guint i = 0; i < plan->secrets->len; i++)
        g_string_replace(out, plan->secrets->pdata[i], "<hidden>", 0);
    return g_string_free(out, FALSE);
}
