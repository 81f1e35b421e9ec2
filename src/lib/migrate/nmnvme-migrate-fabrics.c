/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-fabrics.c: the INI format nvme-cli 3 (nvme-fabrics.conf(5))
 * and nvme-stas 3.x (nvme-stas.conf) share, main file and drop-ins alike:
 * [Host] (identity: not mapped; tunables and secrets: every controller),
 * [Discovery Controller Defaults], [I/O Controller Defaults], and the
 * repeatable endpoint sections [Discovery Controller] and [Subsystem], each
 * with its `nqn`, its own tunables and secrets, and one `controller =` line
 * per path. Precedence as nvme-fabrics.conf(5) says: controller line >
 * section > [Host] > type defaults.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"

typedef enum {
    SECTION_NONE,
    SECTION_HOST,
    SECTION_DC_DEFAULTS,
    SECTION_IOC_DEFAULTS,
    SECTION_DC,
    SECTION_SUBSYSTEM,
    SECTION_OTHER,
} SectionKind;

typedef struct {
    NMNvmeMigrateConfig *config;
    const char          *path;
    SectionKind          kind;
    guint                line;   /* the section header's */
    char                *nqn;    /* an endpoint section's */
    GPtrArray           *values; /* an endpoint section's own */
    GPtrArray           *ctrls;  /* its controller lines, until the section ends */
} FabricsParse;

static const struct {
    const char *name;
    SectionKind kind;
} sections[] = {
    { "Host", SECTION_HOST },
    { "Discovery Controller Defaults", SECTION_DC_DEFAULTS },
    { "I/O Controller Defaults", SECTION_IOC_DEFAULTS },
    { "Discovery Controller", SECTION_DC },
    { "Subsystem", SECTION_SUBSYSTEM },
};

/* The section ends: its controllers get its nqn and values, and join. */
static gboolean
end_section(FabricsParse *p, GError **error)
{
    gboolean ok = TRUE;

    if ((p->kind == SECTION_DC || p->kind == SECTION_SUBSYSTEM) && p->ctrls->len == 0)
        nmnvme_migrate_note_add(p->config->notes,
                                p->path,
                                p->line,
                                "controller",
                                NULL,
                                "a section without a controller line: nothing to connect");
    if (p->kind == SECTION_SUBSYSTEM && !p->nqn && p->ctrls->len > 0) {
        nmnvme_migrate_set_error(error, p->path, p->line, "nqn", "a [Subsystem] needs its nqn");
        ok = FALSE;
    }
    for (guint i = 0; ok && i < p->ctrls->len; i++) {
        NMNvmeMigrateCtrl *c = g_steal_pointer(&p->ctrls->pdata[i]);

        if (!c->nqn)
            c->nqn = g_strdup(p->nqn);
        for (guint j = 0; j < p->values->len; j++) {
            NMNvmeMigrateValue *v = p->values->pdata[j];

            g_ptr_array_add(
                c->values,
                nmnvme_migrate_value_new(v->target, v->value, v->file, v->line, v->key));
        }
        ok = nmnvme_migrate_ctrl_add(p->config, c, error);
    }
    g_ptr_array_set_size(p->ctrls, 0);
    g_ptr_array_set_size(p->values, 0);
    g_clear_pointer(&p->nqn, g_free);
    return ok;
}

static gboolean
begin_section(FabricsParse *p, const char *name, guint line, GError **error)
{
    if (!end_section(p, error))
        return FALSE;
    p->kind = SECTION_OTHER;
    p->line = line;
    for (guint i = 0; i < G_N_ELEMENTS(sections); i++) {
        if (g_ascii_strcasecmp(name, sections[i].name) == 0)
            p->kind = sections[i].kind;
    }
    if (p->kind == SECTION_OTHER)
        nmnvme_migrate_note_add(p->config->notes,
                                p->path,
                                line,
                                name,
                                NULL,
                                "an unknown section: ignored");
    return TRUE;
}

/* nmnvme_migrate_take() of a key of this file, for @kind, into @values. */
static gboolean
take_key(FabricsParse    *p,
         NMNvmeMigrateFor kind,
         GPtrArray       *values,
         const char      *key,
         const char      *value,
         guint            line,
         GError         **error)
{
    return nmnvme_migrate_take(p->config,
                               NMNVME_MIGRATE_FABRICS,
                               kind,
                               key,
                               value,
                               p->path,
                               line,
                               values,
                               error);
}

static gboolean
take_endpoint_key(FabricsParse *p, const char *key, const char *value, guint line, GError **error)
{
    gboolean discovery = p->kind == SECTION_DC;

    if (g_ascii_strcasecmp(key, "nqn") == 0) {
        g_free(p->nqn);
        p->nqn = g_strdup(value);
        return TRUE;
    }
    if (g_ascii_strcasecmp(key, "controller") == 0) {
        NMNvmeMigrateCtrl *c = nmnvme_migrate_ctrl_new(discovery, p->path, line);

        g_ptr_array_add(p->ctrls, c);
        return nmnvme_migrate_parse_ctrl_line(p->config,
                                              NMNVME_MIGRATE_FABRICS,
                                              c,
                                              value,
                                              FALSE,
                                              error);
    }
    return take_key(p,
                    discovery ? NMNVME_MIGRATE_FOR_DC : NMNVME_MIGRATE_FOR_IOC,
                    p->values,
                    key,
                    value,
                    line,
                    error);
}

static gboolean
fabrics_line(const char *section,
             const char *key,
             const char *value,
             guint       line,
             gpointer    user_data,
             GError    **error)
{
    FabricsParse *p = user_data;

    if (!key)
        return begin_section(p, section, line, error);
    switch (p->kind) {
    case SECTION_DC:
    case SECTION_SUBSYSTEM:
        return take_endpoint_key(p, key, value, line, error);
    case SECTION_DC_DEFAULTS:
        return take_key(p, NMNVME_MIGRATE_FOR_DC, p->config->dc_values, key, value, line, error);
    case SECTION_IOC_DEFAULTS:
        return take_key(p, NMNVME_MIGRATE_FOR_IOC, p->config->ioc_values, key, value, line, error);
    case SECTION_HOST:
        /* every controller of the file: the I/O defaults reach every interface */
        return take_key(p, NMNVME_MIGRATE_FOR_ANY, p->config->ioc_values, key, value, line, error);
    case SECTION_OTHER:
    case SECTION_NONE:
        break;
    }
    return TRUE;
}

gboolean
nmnvme_migrate_parse_fabrics(NMNvmeMigrateConfig *config,
                             const char          *path,
                             const char          *text,
                             GError             **error)
{
    FabricsParse p = {
        .config = config,
        .path   = path,
        .values = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_value_free),
        .ctrls  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_migrate_ctrl_free),
    };
    gboolean ok =
        nmnvme_migrate_ini_parse(path, text, fabrics_line, &p, error) && end_section(&p, error);

    g_ptr_array_unref(p.values);
    g_ptr_array_unref(p.ctrls);
    g_free(p.nqn);
    return ok;
}
