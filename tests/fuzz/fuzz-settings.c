/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-settings.c: the settings dictionary (nmnvme-settings.h), as
 * profiles, D-Bus callers and the ownership record give it. Input:
 * NUL-separated key, value, key, value... Properties: valid settings
 * serialize to a dictionary that parses back to equal settings (secrets
 * included), and to the same dictionary again; neither a rejection's
 * message nor the debug string contains a secret's value.
 */
#include "config.h"

#include "fuzz-settings-common.h"
#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields               = fuzz_fields(data, size, 0, 64);
    g_autoptr(GHashTable) d            = fuzz_dict(fields);
    g_autoptr(NMNvmeSettings) settings = fuzz_check_settings_data(d);

    (void) settings;
    return 0;
}
