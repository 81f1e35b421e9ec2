/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-migrate-fabrics.c: `nm-nvme import`'s parser of the nvme-fabrics.conf(5) format (nvme-cli 3,
 * nvme-stas 3.x's nvme-stas.conf), a file root reads. Properties: fuzz-migrate-common.h.
 */
#include "config.h"

#include "fuzz-migrate-common.h"
#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_migrate_check(nmnvme_migrate_parse_fabrics, data, size);
    return 0;
}
