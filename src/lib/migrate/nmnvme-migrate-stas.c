/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-stas.c: nvme-stas's own files. 2.x: /etc/stas/stafd.conf
 * and stacd.conf ([Global] defaults of the daemon's kind of controller,
 * [Service Discovery], the connection-management sections, [Controllers]
 * with `controller =` and `exclude =` lines) and /etc/stas/sys.conf ([Host]
 * identity and DH-HMAC-CHAP key). 3.x: /etc/nvme/stafd.conf and stacd.conf,
 * daemon behaviour only (the connections moved to nvme-stas.conf, read by
 * nmnvme-migrate-fabrics.c).
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-filter.h"
#include "nmnvme-migrate-private.h"

#include <string.h>

#define R_EXCLUDE_ALL                                                      \
    "on every interface of the plan (nm-nvme exclusions are per profile; " \
    "/etc/nvme/exclusions.conf is host-wide)"

typedef struct {
    NMNvmeMigrateConfig *config;
    const char          *path;
    NMNvmeMigrateDialect dialect;
    gboolean             discovery; /* stafd (else stacd) */
    const char          *root;
    gboolean             zeroconf_seen;
    gboolean             key_seen;
} StasParse;

/* nvme-stas's default that differs from nm-nvme's: stafd browses mDNS. */
static void
add_zeroconf_default(StasParse *p)
{
    if (!p->discovery || p->zeroconf_seen)
        return;
    g_ptr_array_add(p->config->host_values,
                    nmnvme_migrate_value_new("nvme.zeroconf", "yes", p->path, 0, "zeroconf"));
    nmnvme_migrate_note_add(
        p->config->notes,
        p->path,
        0,
        "zeroconf",
        "nvme.zeroconf",
        "not set: nvme-stas's default (enabled) is host-wide, set on each interface of the plan");
}

/* `exclude = transport=..;traddr=..;host-iface=..` → an nvme.exclude filter,
 * for the one interface it names or for all. */
static void
take_exclusion(StasParse *p, const char *text, guint line)
{
    g_auto(GStrv) parts       = g_strsplit_set(text, ";,", -1);
    g_autoptr(GString) filter = g_string_new(NULL);
    g_autofree char *iface    = NULL;
    g_autoptr(GError) error   = NULL;
    NMNvmeFilter       *parsed;
    NMNvmeMigrateValue *v;

    for (guint i = 0; parts[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(g_strstrip(parts[i]), "=", 2);
        const char *field;

        if (!kv[0] || !*kv[0])
            continue;
        field = g_ascii_strcasecmp(kv[0], "nqn") == 0 ? "subsysnqn" : kv[0];
        if (g_ascii_strcasecmp(kv[0], "host-iface") == 0) {
            g_free(iface);
            iface = g_strdup(kv[1] ? g_strstrip(kv[1]) : "");
            continue;
        }
        g_string_append_printf(filter,
                               "%s%s=%s",
                               filter->len ? "," : "",
                               field,
                               kv[1] ? g_strstrip(kv[1]) : "");
    }
    if (!filter->len && !iface) {
        nmnvme_migrate_note_add(p->config->notes,
                                p->path,
                                line,
                                "exclude",
                                NULL,
                                "empty: excludes nothing");
        return;
    }
    if (!filter->len) {
        nmnvme_migrate_note_add(p->config->notes,
                                p->path,
                                line,
                                "exclude",
                                NULL,
                                "excludes a whole interface: give that interface's profile no "
                                "nvme.* keys (or nvme.enabled=no)");
        return;
    }
    parsed = nmnvme_filter_parse(filter->str, &error);
    if (!parsed) {
        nmnvme_migrate_note_add(p->config->notes, p->path, line, "exclude", NULL, error->message);
        return;
    }
    nmnvme_filter_free(parsed);
    v        = nmnvme_migrate_value_new("nvme.exclude", filter->str, p->path, line, "exclude");
    v->iface = g_steal_pointer(&iface);
    g_ptr_array_add(p->config->host_values, v);
    nmnvme_migrate_note_add(p->config->notes,
                            p->path,
                            line,
                            "exclude",
                            "nvme.exclude",
                            v->iface ? "on that interface's profile" : R_EXCLUDE_ALL);
}

static gboolean
take_controller(StasParse *p, const char *text, guint line, GError **error)
{
    NMNvmeMigrateCtrl *ctrl;

    if (!*text) {
        nmnvme_migrate_note_add(p->config->notes,
                                p->path,
                                line,
                                "controller",
                                NULL,
                                "empty: no controller");
        return TRUE;
    }
    ctrl = nmnvme_migrate_ctrl_new(p->discovery, p->path, line);
    if (!nmnvme_migrate_parse_ctrl_line(p->config, p->dialect, ctrl, text, TRUE, error)) {
        nmnvme_migrate_ctrl_free(ctrl);
        return FALSE;
    }
    return nmnvme_migrate_ctrl_add(p->config, ctrl, error);
}

/* nmnvme_migrate_take() of a key of this file (its dialect), for @kind,
 * into @values. */
static gboolean
take_key(StasParse       *p,
         NMNvmeMigrateFor kind,
         GPtrArray       *values,
         const char      *key,
         const char      *value,
         guint            line,
         GError         **error)
{
    return nmnvme_migrate_take(p->config,
                               p->dialect,
                               kind,
                               key,
                               value,
                               p->path,
                               line,
                               values,
                               error);
}

static gboolean
stas_line(const char *section,
          const char *key,
          const char *value,
          guint       line,
          gpointer    user_data,
          GError    **error)
{
    StasParse       *p      = user_data;
    NMNvmeMigrateFor kind   = p->discovery ? NMNVME_MIGRATE_FOR_DC : NMNVME_MIGRATE_FOR_IOC;
    GPtrArray       *values = p->discovery ? p->config->dc_values : p->config->ioc_values;

    if (!key)
        return TRUE;
    if (g_ascii_strcasecmp(key, "zeroconf") == 0)
        p->zeroconf_seen = TRUE;
    if (g_ascii_strcasecmp(section, "Controllers") == 0 && p->dialect == NMNVME_MIGRATE_STAS2) {
        if (g_ascii_strcasecmp(key, "controller") == 0)
            return take_controller(p, value, line, error);
        if (g_ascii_strcasecmp(key, "exclude") == 0) {
            take_exclusion(p, value, line);
            return TRUE;
        }
    }
    return take_key(p, kind, values, key, value, line, error);
}

gboolean
nmnvme_migrate_parse_stas2(NMNvmeMigrateConfig *config,
                           const char          *path,
                           const char          *text,
                           gboolean             discovery,
                           GError             **error)
{
    StasParse p = { config, path, NMNVME_MIGRATE_STAS2, discovery };

    if (!nmnvme_migrate_ini_parse(path, text, stas_line, &p, error))
        return FALSE;
    add_zeroconf_default(&p);
    return TRUE;
}

gboolean
nmnvme_migrate_parse_stas3_daemon(NMNvmeMigrateConfig *config,
                                  const char          *path,
                                  const char          *text,
                                  GError             **error)
{
    StasParse p = { config,
                    path,
                    NMNVME_MIGRATE_STAS3_DAEMON,
                    g_str_has_suffix(path, "stafd.conf") };

    if (!nmnvme_migrate_ini_parse(path, text, stas_line, &p, error))
        return FALSE;
    add_zeroconf_default(&p);
    return TRUE;
}

/* nmnvme_migrate_take() of a sys.conf key: host-wide. */
static gboolean
take_sys_key(StasParse *p, const char *key, const char *value, guint line, GError **error)
{
    return take_key(p, NMNVME_MIGRATE_FOR_ANY, p->config->host_values, key, value, line, error);
}

/* sys.conf's key: a literal, or file://PATH (read under @root). */
static gboolean
take_host_key(StasParse *p, const char *value, guint line, GError **error)
{
    g_autofree char *text = NULL;
    g_autofree char *file = NULL;
    gboolean         ok;

    if (!g_str_has_prefix(value, "file://"))
        return take_sys_key(p, "key", value, line, error);
    file = g_build_filename(p->root ? p->root : "/", value + strlen("file://"), NULL);
    if (!g_file_get_contents(file, &text, NULL, NULL)) {
        if (line)
            nmnvme_migrate_note_add(p->config->notes,
                                    p->path,
                                    line,
                                    "key",
                                    NULL,
                                    "its file does not exist: no host key");
        return TRUE;
    }
    ok = take_sys_key(p, "key", g_strstrip(text), line, error);
    explicit_bzero(text, strlen(text));
    return ok;
}

static gboolean
sys_line(const char *section,
         const char *key,
         const char *value,
         guint       line,
         gpointer    user_data,
         GError    **error)
{
    StasParse *p = user_data;

    if (!key)
        return TRUE;
    if (g_ascii_strcasecmp(section, "Host") == 0 && g_ascii_strcasecmp(key, "key") == 0) {
        p->key_seen = TRUE;
        return take_host_key(p, value, line, error);
    }
    return take_sys_key(p, key, value, line, error);
}

gboolean
nmnvme_migrate_parse_sys(NMNvmeMigrateConfig *config,
                         const char          *path,
                         const char          *text,
                         const char          *root,
                         GError             **error)
{
    StasParse p = { config, path, NMNVME_MIGRATE_STAS2_SYS, FALSE, root };

    if (!nmnvme_migrate_ini_parse(path, text, sys_line, &p, error))
        return FALSE;
    /* nvme-stas's default key: file:///etc/nvme/hostkey, when it exists */
    return p.key_seen || take_host_key(&p, "file:///etc/nvme/hostkey", 0, error);
}
