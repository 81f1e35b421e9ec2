/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-migrate-common.h: what the fuzz targets of `nm-nvme import`'s
 * parsers (fuzz-migrate-*.c) check of a parser's result: a failed parse
 * names the file; a configuration read makes a plan (with a fake route
 * table) or an error naming an interface; the plan's interfaces validate;
 * its text never shows a secret.
 */
#ifndef FUZZ_MIGRATE_COMMON_H
#define FUZZ_MIGRATE_COMMON_H

#include <stdint.h>

#include "nmnvme-migrate.h"

#define FUZZ_MIGRATE_PATH "/etc/nvme/fuzz.conf"

typedef gboolean (*FuzzMigrateParse)(NMNvmeMigrateConfig *config,
                                     const char          *path,
                                     const char          *text,
                                     GError             **error);

/* Runs @parse over @data as text and checks the properties above. */
void fuzz_migrate_check(FuzzMigrateParse parse, const uint8_t *data, size_t size);

#endif /* FUZZ_MIGRATE_COMMON_H */
