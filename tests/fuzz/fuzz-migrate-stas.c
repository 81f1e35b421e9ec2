/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-migrate-stas.c: `nm-nvme import`'s parser of nvme-stas 2.x stafd.conf/stacd.conf (the first
 * byte picks which) and 3.x's daemon files, a file root reads. Properties: fuzz-migrate-common.h.
 */
#include "config.h"

#include "fuzz-migrate-common.h"
#include "fuzz-util.h"

static gboolean
parse_stafd(NMNvmeMigrateConfig *config, const char *path, const char *text, GError **error)
{
    return nmnvme_migrate_parse_stas2(config, path, text, TRUE, error) &&
           nmnvme_migrate_parse_stas3_daemon(config, path, text, error);
}

static gboolean
parse_stacd(NMNvmeMigrateConfig *config, const char *path, const char *text, GError **error)
{
    return nmnvme_migrate_parse_stas2(config, path, text, FALSE, error);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_migrate_check(data[0] & 1 ? parse_stafd : parse_stacd, data + 1, size - 1);
    return 0;
}
