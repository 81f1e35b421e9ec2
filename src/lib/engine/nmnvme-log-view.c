/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-view.c: pages of a cached discovery log, bounded.
 */
#include "config.h"

#include "nmnvme-log-view.h"

#include "nmnvme-error.h"
#include "nmnvme-log-entry.h"

static const char *
subtype_to_string(NMNvmeLogEntrySubtype subtype)
{
    switch (subtype) {
    case NMNVME_LOG_ENTRY_REFERRAL:
        return "referral";
    case NMNVME_LOG_ENTRY_NVME:
        return "nvme";
    case NMNVME_LOG_ENTRY_CURRENT_DISCOVERY:
        return "current-discovery";
    }
    g_return_val_if_reached("unknown");
}

static GVariant *
entry_to_variant(const NMNvmeLogEntry *e)
{
    GVariantDict d;

    g_variant_dict_init(&d, NULL);
    g_variant_dict_insert(&d, "subtype", "s", subtype_to_string(e->subtype));
    g_variant_dict_insert(&d, "transport", "s", e->transport);
    g_variant_dict_insert(&d, "traddr", "s", e->traddr);
    g_variant_dict_insert(&d, "trsvcid", "s", e->trsvcid ? e->trsvcid : "");
    g_variant_dict_insert(&d, "subsysnqn", "s", e->subnqn);
    g_variant_dict_insert(&d, "portid", "q", e->portid);
    g_variant_dict_insert(&d, "cntlid", "q", e->cntlid);
    g_variant_dict_insert(&d, "eflags", "q", e->eflags);
    return g_variant_dict_end(&d);
}

guint
nmnvme_log_view_count(const NMNvmeDiscoveryLog *log)
{
    return log ? log->entries->len : 0;
}

gboolean
nmnvme_log_view_check_limit(guint limit, GError **error)
{
    if (limit >= 1 && limit <= NMNVME_ENGINE_LOG_PAGE_MAX)
        return TRUE;
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_INVALID_ARGUMENT,
                "limit: invalid value %u: must be between 1 and %u",
                limit,
                NMNVME_ENGINE_LOG_PAGE_MAX);
    return FALSE;
}

GVariant *
nmnvme_log_view_page(const NMNvmeDiscoveryLog *log, guint offset, guint limit, GError **error)
{
    guint           total = nmnvme_log_view_count(log);
    guint           end;
    GVariantBuilder b;

    g_return_val_if_fail(!error || !*error, NULL);

    if (!nmnvme_log_view_check_limit(limit, error))
        return NULL;
    if (offset > total) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_ARGUMENT,
                    "offset: invalid value %u: the log has %u entries",
                    offset,
                    total);
        return NULL;
    }
    end = offset + MIN(limit, total - offset);
    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = offset; i < end; i++)
        g_variant_builder_add_value(&b, entry_to_variant(log->entries->pdata[i]));
    return g_variant_builder_end(&b);
}
