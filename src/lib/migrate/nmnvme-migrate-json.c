/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-json.c: nvme-cli 2.x's /etc/nvme/config.json (libnvme 1.x,
 * `nvme connect-all` and `nvme config --update` write it): an array of
 * hosts, each with its identity, a DH-HMAC-CHAP key and `subsystems`, each
 * subsystem with its `nqn` and `ports` (one controller each: transport,
 * traddr, trsvcid, host_iface and the connect options, keys with '_'). A
 * port with `"discovery": true`, or of the well-known discovery subsystem,
 * is a discovery controller. JSON has no lines worth naming: errors name
 * the file and the key's path, e.g. `[0].subsystems[1].ports[0].tos`.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"

#define DISCOVERY_NQN "nqn.2014-08.org.nvmexpress.discovery"

/* (transfer full): the member's value as text; NULL for an object/array. */
static char *
member_text(JsonNode *node)
{
    GType type;

    if (!JSON_NODE_HOLDS_VALUE(node))
        return NULL;
    type = json_node_get_value_type(node);
    if (type == G_TYPE_BOOLEAN)
        return g_strdup(json_node_get_boolean(node) ? "true" : "false");
    if (type == G_TYPE_INT64)
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
    if (type == G_TYPE_STRING)
        return g_strdup(json_node_get_string(node));
    return NULL;
}

/* (transfer full) (nullable): member @name of @o as text (a value only). */
static char *
member_of(JsonObject *o, const char *name)
{
    JsonNode *node = json_object_get_member(o, name);

    return node ? member_text(node) : NULL;
}

typedef struct {
    NMNvmeMigrateConfig *config;
    const char          *path;
} JsonParse;

/* (transfer full): @node's value as text, or NULL with an error naming
 * @key when it is an object or array. */
static char *
member_value(JsonParse *p, JsonNode *node, const char *key, GError **error)
{
    char *value = member_text(node);

    if (!value)
        nmnvme_migrate_set_error(error,
                                 p->path,
                                 NMNVME_MIGRATE_NO_LINE,
                                 key,
                                 "not a string, number or boolean");
    return value;
}

/* nmnvme_migrate_take() of member @name, named by @key, its path. */
static gboolean
take_json(JsonParse       *p,
          NMNvmeMigrateFor kind,
          const char      *name,
          const char      *key,
          const char      *value,
          GPtrArray       *values,
          GError         **error)
{
    return nmnvme_migrate_take_named(p->config,
                                     NMNVME_MIGRATE_JSON,
                                     kind,
                                     name,
                                     key,
                                     value,
                                     p->path,
                                     NMNVME_MIGRATE_NO_LINE,
                                     values,
                                     error);
}

static gboolean
take_port_member(JsonParse         *p,
                 NMNvmeMigrateCtrl *c,
                 const char        *where,
                 const char        *name,
                 JsonNode          *node,
                 GError           **error)
{
    g_autofree char *key   = g_strdup_printf("%s.%s", where, name);
    g_autofree char *value = member_value(p, node, key, error);

    if (!value)
        return FALSE;
    if (g_strcmp0(name, "discovery") == 0)
        return TRUE; /* read first, by take_port() */
    if (nmnvme_migrate_ctrl_set_field(c, name, value))
        return TRUE;
    return take_json(p,
                     c->discovery ? NMNVME_MIGRATE_FOR_DC : NMNVME_MIGRATE_FOR_IOC,
                     name,
                     key,
                     value,
                     c->values,
                     error);
}

static gboolean
take_port(JsonParse *p, const char *nqn, const char *where, JsonNode *node, GError **error)
{
    g_autofree char   *discovery = NULL;
    NMNvmeMigrateCtrl *c;
    g_autoptr(GList) members = NULL;

    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        nmnvme_migrate_set_error(error, p->path, NMNVME_MIGRATE_NO_LINE, where, "not an object");
        return FALSE;
    }
    discovery = member_of(json_node_get_object(node), "discovery");
    c         = nmnvme_migrate_ctrl_new(g_strcmp0(nqn, DISCOVERY_NQN) == 0 ||
                                    g_strcmp0(discovery, "true") == 0,
                                p->path,
                                NMNVME_MIGRATE_NO_LINE);
    c->nqn    = g_strdup(nqn);
    members   = json_object_get_members(json_node_get_object(node));
    for (GList *l = members; l; l = l->next) {
        if (!take_port_member(p,
                              c,
                              where,
                              l->data,
                              json_object_get_member(json_node_get_object(node), l->data),
                              error)) {
            nmnvme_migrate_ctrl_free(c);
            return FALSE;
        }
    }
    g_free(c->file);
    c->file = g_strdup_printf("%s %s", p->path, where);
    return nmnvme_migrate_ctrl_add(p->config, c, error);
}

/* The members of an object other than those @skip names, as notes or values. */
static gboolean
take_members(JsonParse         *p,
             JsonObject        *o,
             const char        *where,
             const char *const *skip,
             GPtrArray         *values,
             GError           **error)
{
    g_autoptr(GList) members = json_object_get_members(o);

    for (GList *l = members; l; l = l->next) {
        g_autofree char *key   = g_strdup_printf("%s.%s", where, (char *) l->data);
        g_autofree char *value = NULL;

        if (g_strv_contains(skip, l->data))
            continue;
        value = member_value(p, json_object_get_member(o, l->data), key, error);
        if (!value)
            return FALSE;
        if (!take_json(p, NMNVME_MIGRATE_FOR_ANY, l->data, key, value, values, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
take_array(JsonParse  *p,
           JsonObject *o,
           const char *member,
           const char *where,
           JsonArray **out,
           GError    **error)
{
    JsonNode *node = json_object_get_member(o, member);

    *out = NULL;
    if (!node)
        return TRUE;
    if (!JSON_NODE_HOLDS_ARRAY(node)) {
        g_autofree char *key = g_strdup_printf("%s.%s", where, member);

        nmnvme_migrate_set_error(error, p->path, NMNVME_MIGRATE_NO_LINE, key, "not an array");
        return FALSE;
    }
    *out = json_node_get_array(node);
    return TRUE;
}

static gboolean
take_subsystem(JsonParse *p, const char *where, JsonNode *node, GError **error)
{
    static const char *const skip[] = { "nqn", "ports", NULL };
    JsonObject              *o;
    JsonArray               *ports;
    g_autofree char         *nqn = NULL;

    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        nmnvme_migrate_set_error(error, p->path, NMNVME_MIGRATE_NO_LINE, where, "not an object");
        return FALSE;
    }
    o   = json_node_get_object(node);
    nqn = member_of(o, "nqn");
    if (!nqn && json_object_has_member(o, "nqn")) {
        g_autofree char *key = g_strdup_printf("%s.nqn", where);

        nmnvme_migrate_set_error(error, p->path, NMNVME_MIGRATE_NO_LINE, key, "not a string");
        return FALSE;
    }
    if (!take_members(p, o, where, skip, p->config->ioc_values, error) ||
        !take_array(p, o, "ports", where, &ports, error))
        return FALSE;
    for (guint i = 0; ports && i < json_array_get_length(ports); i++) {
        g_autofree char *w = g_strdup_printf("%s.ports[%u]", where, i);

        if (!take_port(p, nqn, w, json_array_get_element(ports, i), error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
take_host(JsonParse *p, const char *where, JsonNode *node, GError **error)
{
    static const char *const skip[] = { "subsystems", NULL };
    JsonArray               *subsystems;

    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        nmnvme_migrate_set_error(error, p->path, NMNVME_MIGRATE_NO_LINE, where, "not an object");
        return FALSE;
    }
    if (!take_members(p, json_node_get_object(node), where, skip, p->config->host_values, error) ||
        !take_array(p, json_node_get_object(node), "subsystems", where, &subsystems, error))
        return FALSE;
    for (guint i = 0; subsystems && i < json_array_get_length(subsystems); i++) {
        g_autofree char *w = g_strdup_printf("%s.subsystems[%u]", where, i);

        if (!take_subsystem(p, w, json_array_get_element(subsystems, i), error))
            return FALSE;
    }
    return TRUE;
}

gboolean
nmnvme_migrate_parse_json(NMNvmeMigrateConfig *config,
                          const char          *path,
                          const char          *text,
                          GError             **error)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) local      = NULL;
    JsonParse  p                 = { config, path };
    JsonNode  *root;
    JsonArray *hosts;

    if (!json_parser_load_from_data(parser, text, -1, &local)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s: %s",
                    path,
                    local->message);
        return FALSE;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_ARRAY(root)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s: not an array of hosts",
                    path);
        return FALSE;
    }
    hosts = json_node_get_array(root);
    for (guint i = 0; i < json_array_get_length(hosts); i++) {
        g_autofree char *w = g_strdup_printf("[%u]", i);

        if (!take_host(&p, w, json_array_get_element(hosts, i), error))
            return FALSE;
    }
    return TRUE;
}
