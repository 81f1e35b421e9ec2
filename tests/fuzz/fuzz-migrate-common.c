/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-migrate-common.c: the properties of fuzz-migrate-common.h.
 */
#include "config.h"

#include <string.h>

#include "fuzz-migrate-common.h"
#include "fuzz-util.h"
#include "nmnvme-settings.h"

/* Every address is on "fuzz0", but 192.0.2.0/24 has no route. */
static char *
route(const char *traddr, gpointer user_data, GError **error)
{
    if (g_str_has_prefix(traddr, "192.0.2.")) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "no route");
        return NULL;
    }
    return g_strdup("fuzz0");
}

static void
check_secrets_hidden(GPtrArray *values, const char *text)
{
    for (guint i = 0; i < values->len; i++) {
        const NMNvmeMigrateValue *v    = values->pdata[i];
        const NMNvmeSettingInfo  *info = nmnvme_setting_info_lookup(v->target);

        FUZZ_CHECK(info, "a value for %s, not in the schema", v->target);
        if (info->type == NMNVME_TYPE_SECRET && *v->value)
            FUZZ_CHECK(!strstr(text, v->value),
                       "the plan shows a secret: ...%.200s",
                       strstr(text, v->value) - MIN(100, strstr(text, v->value) - text));
    }
}

static void
check_plan(NMNvmeMigrateConfig *config)
{
    g_autoptr(GError) error           = NULL;
    g_autoptr(NMNvmeMigratePlan) plan = nmnvme_migrate_plan_new(config, route, NULL, &error);
    g_autofree char *text             = NULL;

    if (!plan) {
        FUZZ_CHECK(error && strchr(error->message, ':'), "a plan error without the interface");
        return;
    }
    for (guint i = 0; i < plan->ifaces->len; i++) {
        const NMNvmeMigrateIface *iface    = plan->ifaces->pdata[i];
        g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(iface->settings, &error);

        FUZZ_CHECK(settings, "the plan's %s does not validate", iface->iface);
    }
    text = nmnvme_migrate_plan_format(plan, config->files, NULL);
    check_secrets_hidden(config->host_values, text);
    for (guint i = 0; i < config->ctrls->len; i++)
        check_secrets_hidden(((NMNvmeMigrateCtrl *) config->ctrls->pdata[i])->values, text);
}

void
fuzz_migrate_check(FuzzMigrateParse parse, const uint8_t *data, size_t size)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    g_autofree char *text                 = fuzz_string(data, size);

    if (!parse(config, FUZZ_MIGRATE_PATH, text, &error)) {
        FUZZ_CHECK(error && g_str_has_prefix(error->message, FUZZ_MIGRATE_PATH),
                   "the error does not name the file");
        return;
    }
    check_plan(config);
}
