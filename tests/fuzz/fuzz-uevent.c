/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-uevent.c: the nvme uevents the engine reacts to (nmnvme-uevent.h):
 * the device name, action, NVME_AEN and NVME_EVENT that udev passes on
 * from the kernel. nmnvme-uevent.c is compiled in (its name filter is
 * static). Input: NUL-separated name, action, NVME_AEN, NVME_EVENT (a
 * missing one is NULL). Properties: only `nvmeN` names are controllers;
 * add and remove do not depend on the properties; an event other than a
 * change with the discovery AEN or a known NVME_EVENT is OTHER.
 */
#include "config.h"

#include "fuzz-util.h"
#include "nmnvme-uevent.c"

static gboolean
documented_name(const char *name)
{
    if (!g_str_has_prefix(name, "nvme") || !name[4])
        return FALSE;
    return strspn(name + 4, "0123456789") == strlen(name + 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields    = fuzz_fields(data, size, 1, 4);
    guint            n      = g_strv_length(fields);
    const char      *action = n > 1 ? fields[1] : NULL;
    const char      *aen    = n > 2 ? fields[2] : NULL;
    const char      *event  = n > 3 ? fields[3] : NULL;
    NMNvmeUeventKind kind   = nmnvme_uevent_classify(action, aen, event);

    FUZZ_CHECK(is_controller_name(fields[0]) == documented_name(fields[0]), "name '%s'", fields[0]);
    if (g_strcmp0(action, "add") == 0)
        FUZZ_CHECK(kind == NMNVME_UEVENT_ADDED, "add gives %d", kind);
    else if (g_strcmp0(action, "remove") == 0)
        FUZZ_CHECK(kind == NMNVME_UEVENT_REMOVED, "remove gives %d", kind);
    else if (g_strcmp0(action, "change") != 0)
        FUZZ_CHECK(kind == NMNVME_UEVENT_OTHER, "'%s' gives %d", action, kind);
    else if (kind == NMNVME_UEVENT_LOG_CHANGED)
        FUZZ_CHECK(aen && g_str_has_prefix(aen, "0x"), "log change without AEN");
    else if (kind == NMNVME_UEVENT_CONNECTED || kind == NMNVME_UEVENT_REDISCOVER)
        FUZZ_CHECK(event, "event kind %d without NVME_EVENT", kind);
    return 0;
}
