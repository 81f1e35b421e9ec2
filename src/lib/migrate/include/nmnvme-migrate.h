/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate.h: the contract of `nm-nvme import`: reading what
 * nvme-stas (2.x: /etc/stas/{stafd,stacd,sys}.conf; 3.x:
 * /etc/nvme/nvme-stas.conf(.d), /etc/nvme/{stafd,stacd}.conf) and nvme-cli
 * (/etc/nvme/discovery.conf, /etc/nvme/config.json,
 * /etc/nvme/nvme-fabrics.conf(.d)) configure, and turning it into `nvme.*`
 * settings per network interface (the plan). Every source key is either
 * mapped to an `nvme.*` key or listed as not mappable with the reason
 * (nmnvme-migrate-keys.h has the table). Values are checked against the
 * schema as they are read: bad input fails the whole read with an error
 * naming the file, the line and the key. No libnm here: the CLI owns the
 * profiles. Reading blocks (small files); the route lookup of
 * nmnvme_migrate_route_lookup() blocks on a netlink round trip.
 */
#ifndef NMNVME_MIGRATE_H
#define NMNVME_MIGRATE_H

#include <glib.h>

G_BEGIN_DECLS

/* The line of a value or note in a format without lines (JSON). */
#define NMNVME_MIGRATE_NO_LINE G_MAXUINT

/* Which configuration to read. AUTO: whatever of both is present. */
typedef enum {
    NMNVME_MIGRATE_FROM_AUTO,
    NMNVME_MIGRATE_FROM_STAS,
    NMNVME_MIGRATE_FROM_NVME_CLI,
} NMNvmeMigrateFrom;

/* (nullable): "stas", "nvme-cli", "auto" → @out; FALSE for another word. */
gboolean nmnvme_migrate_from_parse(const char *word, NMNvmeMigrateFrom *out);

/**
 * NMNvmeMigrateValue:
 * @target: the `nvme.*` key
 * @value: its value in the schema's canonical form (a secret's too: never
 *   print it, nmnvme_migrate_value_shown() masks it)
 * @file, @line: where it was read (@line 0: the source's default, the key
 *   was not in the file; %NMNVME_MIGRATE_NO_LINE: a format without lines,
 *   JSON, whose @key says where)
 * @key: the source key, as the file spells it
 * @iface: (nullable): the one interface it is for (an nvme-stas exclusion
 *   with host-iface); %NULL: every interface it reaches
 */
typedef struct {
    char *target;
    char *value;
    char *file;
    guint line;
    char *key;
    char *iface;
} NMNvmeMigrateValue;

/* (transfer none): @v's value, or "<hidden>" for a secret. */
const char *nmnvme_migrate_value_shown(const NMNvmeMigrateValue *v);

/**
 * NMNvmeMigrateCtrl:
 * @discovery: a discovery controller (else an I/O controller)
 * @transport, @traddr, @trsvcid, @nqn: as configured (@trsvcid, @nqn may be
 *   %NULL: the URI's defaults apply)
 * @host_iface: (nullable): the interface it is bound to; %NULL: found by
 *   route lookup when the plan is made
 * @file, @line: where it was configured
 * @values: (element-type NMNvmeMigrateValue): its own settings (a
 *   per-controller option, a section's, the scope's defaults)
 */
typedef struct {
    gboolean   discovery;
    char      *transport;
    char      *traddr;
    char      *trsvcid;
    char      *nqn;
    char      *host_iface;
    char      *file;
    guint      line;
    GPtrArray *values;
} NMNvmeMigrateCtrl;

/**
 * NMNvmeMigrateNote:
 * A source key that is not mapped, or that is mapped in a way worth saying
 * (a host-wide setting made per interface). @target %NULL: not mappable.
 */
typedef struct {
    char *file;
    guint line;
    char *key;
    char *target;
    char *reason;
} NMNvmeMigrateNote;

/**
 * NMNvmeMigrateConfig:
 * @files: (element-type utf8): the files read, in order
 * @ctrls: (element-type NMNvmeMigrateCtrl): the controllers
 * @host_values: (element-type NMNvmeMigrateValue): host-wide settings,
 *   given to every interface of the plan (zeroconf, ip-family, exclusions,
 *   a host DH-HMAC-CHAP key)
 * @dc_values: (element-type NMNvmeMigrateValue): defaults of discovery
 *   controllers (stafd's [Global], [Discovery Controller Defaults]): every
 *   interface with a discovery controller
 * @ioc_values: (element-type NMNvmeMigrateValue): defaults of I/O
 *   controllers (stacd's [Global], [I/O Controller Defaults]): every
 *   interface of the plan (its discovered I/O controllers get them too)
 * @notes: (element-type NMNvmeMigrateNote): every key not mapped, with why
 */
typedef struct {
    GPtrArray *files;
    GPtrArray *ctrls;
    GPtrArray *host_values;
    GPtrArray *dc_values;
    GPtrArray *ioc_values;
    GPtrArray *notes;
} NMNvmeMigrateConfig;

void nmnvme_migrate_config_free(NMNvmeMigrateConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeMigrateConfig, nmnvme_migrate_config_free)

/**
 * nmnvme_migrate_read:
 * @from: which tool's files
 * @root: (nullable): read the files under this directory instead of "/"
 *   (tests, the lab); the paths shown are the real ones below it
 * @error: return location for a #GError
 *
 * Reads every file of @from that exists (none is not an error: an empty
 * configuration). Returns: (transfer full): the configuration, or %NULL with
 * %NMNVME_ERROR_INVALID_ARGUMENT "FILE:LINE: KEY: why" for bad input, or an
 * I/O error naming the file.
 */
NMNvmeMigrateConfig *nmnvme_migrate_read(NMNvmeMigrateFrom from, const char *root, GError **error);

/*
 * The per-format parsers, each adding what one file says to @config (the
 * file is named @path in messages; @text its contents). Public for the unit
 * tests and fuzz targets; nmnvme_migrate_read() calls them.
 *
 * STAS2: a 2.x stafd.conf (@discovery TRUE) or stacd.conf; SYS: 2.x
 * sys.conf; FABRICS: nvme-fabrics.conf / nvme-stas.conf (3.x) or a drop-in
 * (@base_ioc and @base_dc: the main file's defaults sections, for
 * drop-ins; NULL for a main file); STAS3_DAEMON: a 3.x stafd.conf/stacd.conf;
 * DISCOVERY: discovery.conf; JSON: config.json.
 */
gboolean nmnvme_migrate_parse_stas2(NMNvmeMigrateConfig *config,
                                    const char          *path,
                                    const char          *text,
                                    gboolean             discovery,
                                    GError             **error);
gboolean nmnvme_migrate_parse_sys(NMNvmeMigrateConfig *config,
                                  const char          *path,
                                  const char          *text,
                                  const char          *root,
                                  GError             **error);
gboolean nmnvme_migrate_parse_fabrics(NMNvmeMigrateConfig *config,
                                      const char          *path,
                                      const char          *text,
                                      GError             **error);
gboolean nmnvme_migrate_parse_stas3_daemon(NMNvmeMigrateConfig *config,
                                           const char          *path,
                                           const char          *text,
                                           GError             **error);
gboolean nmnvme_migrate_parse_discovery(NMNvmeMigrateConfig *config,
                                        const char          *path,
                                        const char          *text,
                                        GError             **error);
gboolean nmnvme_migrate_parse_json(NMNvmeMigrateConfig *config,
                                   const char          *path,
                                   const char          *text,
                                   GError             **error);

NMNvmeMigrateConfig *nmnvme_migrate_config_new(void);

/**
 * NMNvmeMigrateRouteFunc:
 * @traddr: a controller's address (literal)
 * @user_data: the caller's
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the interface the host would reach @traddr
 *   through, or %NULL with @error.
 */
typedef char *(*NMNvmeMigrateRouteFunc)(const char *traddr, gpointer user_data, GError **error);

/* The kernel's answer (rtnetlink RTM_GETROUTE, blocking), for the CLI. */
char *nmnvme_migrate_route_lookup(const char *traddr, gpointer user_data, GError **error);

/**
 * NMNvmeMigrateIface:
 * @iface: the interface
 * @settings: (element-type utf8 utf8): its whole `nvme.*` dictionary
 *   (secrets included), valid for the schema
 * @values: (element-type NMNvmeMigrateValue): where each value came from,
 *   in plan order (list keys: one entry per element)
 * @routed: (element-type utf8): the controllers (URIs) of this interface
 *   assigned by route lookup
 * @has_secrets: a DH-HMAC-CHAP secret or a TLS PSK is among @settings: the CLI makes an
 *   `nvme` VPN-style profile (vpn.secrets) instead of `user.data`
 */
typedef struct {
    char       *iface;
    GHashTable *settings;
    GPtrArray  *values;
    GPtrArray  *routed;
    gboolean    has_secrets;
} NMNvmeMigrateIface;

/**
 * NMNvmeMigratePlan:
 * @ifaces: (element-type NMNvmeMigrateIface): sorted by name
 * @notes: (element-type NMNvmeMigrateNote): the config's notes, then the
 *   plan's own (a controller not mappable, a value that differs between
 *   two controllers of one interface: the first one read is kept)
 * @secrets: (element-type utf8): every secret value read, wherever it went:
 *   nmnvme_migrate_plan_format() hides each wherever it appears (also
 *   pasted into an NQN or a key's name)
 */
typedef struct {
    GPtrArray *ifaces;
    GPtrArray *notes;
    GPtrArray *secrets;
} NMNvmeMigratePlan;

void nmnvme_migrate_plan_free(NMNvmeMigratePlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeMigratePlan, nmnvme_migrate_plan_free)

/**
 * nmnvme_migrate_plan_new:
 * @config: what was read
 * @route: finds the interface of a controller without one
 * @user_data: for @route
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plan, each interface's settings validated
 *   as a whole; or %NULL with an error naming the interface and the key.
 *   A controller whose route lookup fails is a note, not an error.
 */
NMNvmeMigratePlan *nmnvme_migrate_plan_new(const NMNvmeMigrateConfig *config,
                                           NMNvmeMigrateRouteFunc     route,
                                           gpointer                   user_data,
                                           GError                   **error);

/**
 * nmnvme_migrate_plan_format:
 * @plan: the plan
 * @files: (element-type utf8): the files read
 * @targets: (nullable) (element-type utf8 utf8): interface → a line saying
 *   which profile changes and how (the CLI's); missing: "no profile"
 *
 * Returns: (transfer full): the plan as text; secrets are "<hidden>".
 */
char *nmnvme_migrate_plan_format(const NMNvmeMigratePlan *plan,
                                 GPtrArray               *files,
                                 GHashTable              *targets);

G_END_DECLS

#endif /* NMNVME_MIGRATE_H */
