/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-migrate-discovery.c: `nm-nvme import`'s parser of nvme-cli's discovery.conf (nvme discover
 * options, a line each), a file root reads. Properties: fuzz-migrate-common.h.
 */
#include "config.h"

#include "fuzz-migrate-common.h"
#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_migrate_check(nmnvme_migrate_parse_discovery, data, size);
    return 0;
}
