/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-keys.h: the key mapping table of `nm-nvme import`: every
 * key of every source format, the `nvme.*` key it becomes (and how its value
 * converts) or why it is not mappable. The parsers look keys up here; a key
 * that is not in the table is unknown to its tool and becomes a note.
 */
#ifndef NMNVME_MIGRATE_KEYS_H
#define NMNVME_MIGRATE_KEYS_H

#include <glib.h>

G_BEGIN_DECLS

/* The source formats ("dialects"), a bit each. */
typedef enum {
    NMNVME_MIGRATE_STAS2        = 1 << 0, /* 2.x stafd.conf / stacd.conf, and controller= fields */
    NMNVME_MIGRATE_STAS2_SYS    = 1 << 1, /* 2.x sys.conf */
    NMNVME_MIGRATE_FABRICS      = 1 << 2, /* nvme-fabrics.conf, nvme-stas.conf (3.x), drop-ins */
    NMNVME_MIGRATE_STAS3_DAEMON = 1 << 3, /* 3.x stafd.conf / stacd.conf */
    NMNVME_MIGRATE_DISCOVERY    = 1 << 4, /* nvme-cli discovery.conf (nvme discover options) */
    NMNVME_MIGRATE_JSON         = 1 << 5, /* nvme-cli 2.x config.json (keys with '_' read as '-') */
} NMNvmeMigrateDialect;

/* How a source value becomes the `nvme.*` value. */
typedef enum {
    NMNVME_MIGRATE_CONV_NONE,      /* not mapped */
    NMNVME_MIGRATE_CONV_VERBATIM,  /* the schema checks it (integers) */
    NMNVME_MIGRATE_CONV_BOOL,      /* true/false, yes/no, 1/0, on/off → yes/no */
    NMNVME_MIGRATE_CONV_ENABLED,   /* enabled/disabled → yes/no */
    NMNVME_MIGRATE_CONV_IP_FAMILY, /* ipv4, ipv6, ipv4+ipv6 → ipv4, ipv6, both */
    NMNVME_MIGRATE_CONV_NCC,       /* 0, N ≥ 2; nvme-stas raises 1 to 2 */
    NMNVME_MIGRATE_CONV_SECRET,    /* a DH-HMAC-CHAP secret or TLS PSK, never shown */
    NMNVME_MIGRATE_CONV_STRUCTURE, /* a controller's address or the like: the parser's */
} NMNvmeMigrateConv;

/* Where a mapped value applies. */
typedef enum {
    NMNVME_MIGRATE_SCOPE_CTRL, /* the controllers it is set for, both kinds */
    NMNVME_MIGRATE_SCOPE_DC,   /* discovery controllers only (@reason: for I/O controllers) */
    NMNVME_MIGRATE_SCOPE_IOC,  /* I/O controllers only (@reason: for discovery controllers) */
    NMNVME_MIGRATE_SCOPE_HOST, /* host-wide: every interface of the plan */
} NMNvmeMigrateScope;

/**
 * NMNvmeMigrateKeyInfo:
 * @key: the key as its format spells it (config.json's '_' as '-')
 * @dialects: the formats that have it (a mask of #NMNvmeMigrateDialect)
 * @target: (nullable): the `nvme.*` key, %NULL when not mappable
 * @conv: how the value converts
 * @scope: where it applies
 * @reason: not mappable (or not for one kind of controller): why; for a
 *   host-wide key, how it is mapped
 */
typedef struct {
    const char        *key;
    guint              dialects;
    const char        *target;
    NMNvmeMigrateConv  conv;
    NMNvmeMigrateScope scope;
    const char        *reason;
} NMNvmeMigrateKeyInfo;

/* (transfer none) (array length=out_n): the whole table. */
const NMNvmeMigrateKeyInfo *nmnvme_migrate_keys(guint *out_n);

/* (transfer none) (nullable): @key of @dialect; config.json's '_' may be
 * given either way. */
const NMNvmeMigrateKeyInfo *nmnvme_migrate_key_lookup(NMNvmeMigrateDialect dialect,
                                                      const char          *key);

/**
 * nmnvme_migrate_key_convert:
 * @info: a mapped key
 * @raw: the source value
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the value in the schema's canonical form,
 *   checked by the schema; or %NULL with %NMNVME_ERROR_INVALID_SETTING
 *   saying why (the caller adds the file, line and key).
 */
char *nmnvme_migrate_key_convert(const NMNvmeMigrateKeyInfo *info, const char *raw, GError **error);

G_END_DECLS

#endif /* NMNVME_MIGRATE_KEYS_H */
