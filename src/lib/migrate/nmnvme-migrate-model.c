/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-model.c: the configuration read from the source files
 * (controllers, values, notes), and taking one source key into it through
 * the mapping table. What every parser shares.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"
#include "nmnvme-settings.h"

/* @key as messages show it: a "key" that holds a secret (a pasted
 * DH-HMAC-CHAP or TLS key where a name should be) is not repeated. */
static const char *
shown_key(const char *key)
{
    if (key && (strstr(key, "DHHC-1:") || strstr(key, "NVMeTLSkey-1:")))
        return "<hidden>";
    return key;
}

void
nmnvme_migrate_set_error(GError    **error,
                         const char *path,
                         guint       line,
                         const char *key,
                         const char *fmt,
                         ...)
{
    g_autofree char *msg = NULL;
    va_list          args;

    va_start(args, fmt);
    msg = g_strdup_vprintf(fmt, args);
    va_end(args);
    if (line != NMNVME_MIGRATE_NO_LINE)
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s:%u: %s: %s",
                    path,
                    line,
                    shown_key(key),
                    msg);
    else
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "%s: %s: %s",
                    path,
                    shown_key(key),
                    msg);
}

NMNvmeMigrateValue *
nmnvme_migrate_value_new(const char *target,
                         const char *value,
                         const char *file,
                         guint       line,
                         const char *key)
{
    NMNvmeMigrateValue *v = g_new0(NMNvmeMigrateValue, 1);

    v->target = g_strdup(target);
    v->value  = g_strdup(value);
    v->file   = g_strdup(file);
    v->line   = line;
    v->key    = g_strdup(key);
    return v;
}

void
nmnvme_migrate_value_free(NMNvmeMigrateValue *v)
{
    if (!v)
        return;
    g_free(v->target);
    if (v->value)
        explicit_bzero(v->value, strlen(v->value));
    g_free(v->value);
    g_free(v->file);
    g_free(v->key);
    g_free(v->iface);
    g_free(v);
}

const char *
nmnvme_migrate_value_shown(const NMNvmeMigrateValue *v)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(v->target);

    return info && info->type == NMNVME_TYPE_SECRET ? "<hidden>" : v->value;
}

NMNvmeMigrateCtrl *
nmnvme_migrate_ctrl_new(gboolean discovery, const char *file, guint line)
{
    NMNvmeMigrateCtrl *c = g_new0(NMNvmeMigrateCtrl, 1);

    c->discovery = discovery;
    c->file      = g_strdup(file);
    c->line      = line;
    c->values    = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free);
    return c;
}

void
nmnvme_migrate_ctrl_free(NMNvmeMigrateCtrl *c)
{
    if (!c)
        return;
    g_free(c->transport);
    g_free(c->traddr);
    g_free(c->trsvcid);
    g_free(c->nqn);
    g_free(c->host_iface);
    g_free(c->file);
    g_ptr_array_unref(c->values);
    g_free(c);
}

gboolean
nmnvme_migrate_ctrl_set_field(NMNvmeMigrateCtrl *c, const char *key, const char *value)
{
    char **field = NULL;

    if (g_ascii_strcasecmp(key, "transport") == 0)
        field = &c->transport;
    else if (g_ascii_strcasecmp(key, "traddr") == 0)
        field = &c->traddr;
    else if (g_ascii_strcasecmp(key, "trsvcid") == 0)
        field = &c->trsvcid;
    else if (g_ascii_strcasecmp(key, "nqn") == 0 || g_ascii_strcasecmp(key, "subsysnqn") == 0)
        field = &c->nqn;
    else if (g_ascii_strcasecmp(key, "host-iface") == 0 ||
             g_ascii_strcasecmp(key, "host_iface") == 0)
        field = &c->host_iface;
    if (!field)
        return FALSE;
    g_free(*field);
    *field = *value ? g_strdup(value) : NULL;
    return TRUE;
}

gboolean
nmnvme_migrate_ctrl_add(NMNvmeMigrateConfig *config, NMNvmeMigrateCtrl *ctrl, GError **error)
{
    if (!ctrl->transport || !ctrl->traddr) {
        nmnvme_migrate_set_error(error,
                                 ctrl->file,
                                 ctrl->line,
                                 "controller",
                                 "%s is missing",
                                 ctrl->transport ? "traddr" : "transport");
        nmnvme_migrate_ctrl_free(ctrl);
        return FALSE;
    }
    g_ptr_array_add(config->ctrls, ctrl);
    return TRUE;
}

void
nmnvme_migrate_note_free(NMNvmeMigrateNote *n)
{
    if (!n)
        return;
    g_free(n->file);
    g_free(n->key);
    g_free(n->target);
    g_free(n->reason);
    g_free(n);
}

void
nmnvme_migrate_note_add(GPtrArray  *notes,
                        const char *file,
                        guint       line,
                        const char *key,
                        const char *target,
                        const char *reason)
{
    NMNvmeMigrateNote *n = g_new0(NMNvmeMigrateNote, 1);

    n->file   = g_strdup(file);
    n->line   = line;
    n->key    = g_strdup(shown_key(key));
    n->target = g_strdup(target);
    n->reason = g_strdup(reason);
    g_ptr_array_add(notes, n);
}

NMNvmeMigrateConfig *
nmnvme_migrate_config_new(void)
{
    NMNvmeMigrateConfig *c = g_new0(NMNvmeMigrateConfig, 1);

    c->files       = g_ptr_array_new_with_free_func(g_free);
    c->ctrls       = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_ctrl_free);
    c->host_values = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free);
    c->dc_values   = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free);
    c->ioc_values  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free);
    c->notes       = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_note_free);
    return c;
}

void
nmnvme_migrate_config_free(NMNvmeMigrateConfig *c)
{
    if (!c)
        return;
    g_ptr_array_unref(c->files);
    g_ptr_array_unref(c->ctrls);
    g_ptr_array_unref(c->host_values);
    g_ptr_array_unref(c->dc_values);
    g_ptr_array_unref(c->ioc_values);
    g_ptr_array_unref(c->notes);
    g_free(c);
}

/* Why a mapped key does not apply to controllers of @kind, or NULL. */
static const char *
wrong_kind(const NMNvmeMigrateKeyInfo *info, NMNvmeMigrateFor kind)
{
    if (info->scope == NMNVME_MIGRATE_SCOPE_DC && kind == NMNVME_MIGRATE_FOR_IOC)
        return info->reason;
    if (info->scope == NMNVME_MIGRATE_SCOPE_IOC && kind == NMNVME_MIGRATE_FOR_DC)
        return info->reason;
    return NULL;
}

/* A tls-key given as the serial of a key in the keyring (nvme-stas 3.x's
 * documentation allows it; decimal or 0x hex), not as the PSK itself. */
static gboolean
is_key_serial(const NMNvmeMigrateKeyInfo *info, const char *raw)
{
    guint64 n;

    return g_strcmp0(info->target, "nvme.tls-key") == 0 &&
           (g_ascii_string_to_unsigned(raw, 10, 1, G_MAXINT32, &n, NULL) ||
            ((g_str_has_prefix(raw, "0x") || g_str_has_prefix(raw, "0X")) &&
             g_ascii_string_to_unsigned(raw + 2, 16, 1, G_MAXINT32, &n, NULL)));
}

/* TRUE when source key @raw (@info, NULL when unknown) is not taken for
 * @kind, with the note's @reason. */
static gboolean
is_skipped(const NMNvmeMigrateKeyInfo *info,
           NMNvmeMigrateFor            kind,
           const char                 *raw,
           const char                **reason)
{
    if (!info)
        *reason = "unknown to its tool: ignored";
    else if (info->conv == NMNVME_MIGRATE_CONV_STRUCTURE)
        *reason = "not valid here: ignored";
    else if (!info->target || wrong_kind(info, kind))
        *reason = info->target ? wrong_kind(info, kind) : info->reason;
    else if (!*raw || (info->conv == NMNVME_MIGRATE_CONV_SECRET && strcmp(raw, "none") == 0))
        *reason = "empty or none: nothing to set";
    else if (is_key_serial(info, raw))
        *reason = "a key's serial in the keyring: nvme.tls-key holds the PSK itself (with it "
                  "unset the kernel looks up a retained PSK in .nvme); not imported";
    else
        return FALSE;
    return TRUE;
}

gboolean
nmnvme_migrate_take_named(NMNvmeMigrateConfig *config,
                          NMNvmeMigrateDialect dialect,
                          NMNvmeMigrateFor     kind,
                          const char          *name,
                          const char          *key,
                          const char          *raw,
                          const char          *file,
                          guint                line,
                          GPtrArray           *values,
                          GError             **error)
{
    const NMNvmeMigrateKeyInfo *info = nmnvme_migrate_key_lookup(dialect, name);
    g_autoptr(GError) local          = NULL;
    g_autofree char *value           = NULL;
    const char      *skip;

    if (is_skipped(info, kind, raw, &skip)) {
        nmnvme_migrate_note_add(config->notes, file, line, key, NULL, skip);
        return TRUE;
    }
    value = nmnvme_migrate_key_convert(info, raw, &local);
    if (!value) {
        nmnvme_migrate_set_error(error, file, line, key, "%s", local->message);
        return FALSE;
    }
    if (info->scope == NMNVME_MIGRATE_SCOPE_HOST) {
        values = config->host_values;
        nmnvme_migrate_note_add(config->notes, file, line, key, info->target, info->reason);
    }
    g_ptr_array_add(values, nmnvme_migrate_value_new(info->target, value, file, line, key));
    return TRUE;
}

gboolean
nmnvme_migrate_take(NMNvmeMigrateConfig *config,
                    NMNvmeMigrateDialect dialect,
                    NMNvmeMigrateFor     kind,
                    const char          *key,
                    const char          *raw,
                    const char          *file,
                    guint                line,
                    GPtrArray           *values,
                    GError             **error)
{
    return nmnvme_migrate_take_named(config,
                                     dialect,
                                     kind,
                                     key,
                                     key,
                                     raw,
                                     file,
                                     line,
                                     values,
                                     error);
}

/* Splits "k=v;k=v" (both ';' and ',' separate: nvme-stas's documentation
 * shows both). */
gboolean
nmnvme_migrate_parse_ctrl_line(NMNvmeMigrateConfig *config,
                               NMNvmeMigrateDialect dialect,
                               NMNvmeMigrateCtrl   *ctrl,
                               const char          *text,
                               gboolean             allow_secrets,
                               GError             **error)
{
    g_auto(GStrv) parts   = g_strsplit_set(text, ";,", -1);
    NMNvmeMigrateFor kind = ctrl->discovery ? NMNVME_MIGRATE_FOR_DC : NMNVME_MIGRATE_FOR_IOC;

    for (guint i = 0; parts[i]; i++) {
        char                       *eq;
        const NMNvmeMigrateKeyInfo *info;

        g_strstrip(parts[i]);
        if (!*parts[i])
            continue;
        eq = strchr(parts[i], '=');
        if (!eq) {
            nmnvme_migrate_set_error(error, ctrl->file, ctrl->line, parts[i], "not KEY=VALUE");
            return FALSE;
        }
        *eq  = '\0';
        info = nmnvme_migrate_key_lookup(dialect, parts[i]);
        if (nmnvme_migrate_ctrl_set_field(ctrl, parts[i], g_strstrip(eq + 1)))
            continue;
        if (info && info->conv == NMNVME_MIGRATE_CONV_SECRET && !allow_secrets) {
            nmnvme_migrate_set_error(
                error,
                ctrl->file,
                ctrl->line,
                parts[i],
                "a secret belongs on [Host] or the section, never on a controller line");
            return FALSE;
        }
        if (!nmnvme_migrate_take(config,
                                 dialect,
                                 kind,
                                 parts[i],
                                 eq + 1,
                                 ctrl->file,
                                 ctrl->line,
                                 ctrl->values,
                                 error))
            return FALSE;
    }
    return TRUE;
}
