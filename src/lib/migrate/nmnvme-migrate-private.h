/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-private.h: what the parsers of src/lib/migrate share: the
 * line-numbered INI reader (repeated sections and keys kept, which
 * GKeyFile merges), errors naming the file, line and key, and taking one
 * source key into the configuration through the mapping table.
 */
#ifndef NMNVME_MIGRATE_PRIVATE_H
#define NMNVME_MIGRATE_PRIVATE_H

#include "nmnvme-migrate-keys.h"
#include "nmnvme-migrate.h"

G_BEGIN_DECLS

/* Called for each section header (@key NULL) and each KEY = VALUE line. */
typedef gboolean (*NMNvmeMigrateIniFunc)(const char *section,
                                         const char *key,
                                         const char *value,
                                         guint       line,
                                         gpointer    user_data,
                                         GError    **error);

/*
 * Reads @text as nvme-stas and nvme-cli write INI: "[Section]", "key = value"
 * (or ':'), '#' and ';' comments, a '#' after whitespace ends the value.
 * A line that is none of these is an error naming @path and the line.
 */
gboolean nmnvme_migrate_ini_parse(const char          *path,
                                  const char          *text,
                                  NMNvmeMigrateIniFunc func,
                                  gpointer             user_data,
                                  GError             **error);

/* Sets @error to NMNVME_ERROR_INVALID_ARGUMENT "PATH:LINE: KEY: message". */
void nmnvme_migrate_set_error(GError    **error,
                              const char *path,
                              guint       line,
                              const char *key,
                              const char *fmt,
                              ...) G_GNUC_PRINTF(5, 6);

void                nmnvme_migrate_value_free(NMNvmeMigrateValue *v);
NMNvmeMigrateValue *nmnvme_migrate_value_new(const char *target,
                                             const char *value,
                                             const char *file,
                                             guint       line,
                                             const char *key);

NMNvmeMigrateCtrl *nmnvme_migrate_ctrl_new(gboolean discovery, const char *file, guint line);
void               nmnvme_migrate_ctrl_free(NMNvmeMigrateCtrl *ctrl);

void nmnvme_migrate_note_free(NMNvmeMigrateNote *note);
void nmnvme_migrate_note_add(GPtrArray  *notes,
                             const char *file,
                             guint       line,
                             const char *key,
                             const char *target,
                             const char *reason);

/* Where a key's value goes. */
typedef enum {
    NMNVME_MIGRATE_FOR_DC,  /* one discovery controller, or their defaults */
    NMNVME_MIGRATE_FOR_IOC, /* one I/O controller, or their defaults */
    NMNVME_MIGRATE_FOR_ANY, /* a scope for both kinds ([Host], stas 2.x [Global] of neither) */
} NMNvmeMigrateFor;

/*
 * Takes source @key = @raw (@dialect) read at @file:@line: a mapped value
 * is converted, checked, and appended to @values (a host-wide one to
 * @config's host values); an unmapped, unknown or wrong-kind key becomes a
 * note; an empty value (nvme-cli's "reset to the kernel default") too.
 * FALSE with an error naming @file, @line and @key when the value is bad.
 * A structure key (controller, traddr...) is the caller's: noted as
 * misplaced.
 */
gboolean nmnvme_migrate_take(NMNvmeMigrateConfig *config,
                             NMNvmeMigrateDialect dialect,
                             NMNvmeMigrateFor     kind,
                             const char          *key,
                             const char          *raw,
                             const char          *file,
                             guint                line,
                             GPtrArray           *values,
                             GError             **error);

/* nmnvme_migrate_take() of the key @name, its values and notes called
 * @key (config.json: the member's path, "[0].subsystems[1].ports[0].tos"). */
gboolean nmnvme_migrate_take_named(NMNvmeMigrateConfig *config,
                                   NMNvmeMigrateDialect dialect,
                                   NMNvmeMigrateFor     kind,
                                   const char          *name,
                                   const char          *key,
                                   const char          *raw,
                                   const char          *file,
                                   guint                line,
                                   GPtrArray           *values,
                                   GError             **error);

/*
 * Reads a `controller =` value ("transport=tcp;traddr=...;k=v") into @ctrl:
 * its address fields and per-controller options (through
 * nmnvme_migrate_take()). @allow_secrets: nvme-cli 3 forbids them on the
 * line (an error), nvme-stas 2.x allows them.
 */
gboolean nmnvme_migrate_parse_ctrl_line(NMNvmeMigrateConfig *config,
                                        NMNvmeMigrateDialect dialect,
                                        NMNvmeMigrateCtrl   *ctrl,
                                        const char          *text,
                                        gboolean             allow_secrets,
                                        GError             **error);

/* Sets @ctrl's address field @key (transport, traddr, trsvcid, nqn,
 * host-iface) to @value; FALSE when @key is not one. */
gboolean nmnvme_migrate_ctrl_set_field(NMNvmeMigrateCtrl *ctrl, const char *key, const char *value);

/* A complete controller joins @config; FALSE with an error naming its
 * line when transport or traddr is missing. Takes @ctrl. */
gboolean nmnvme_migrate_ctrl_add(NMNvmeMigrateConfig *config,
                                 NMNvmeMigrateCtrl   *ctrl,
                                 GError             **error);

G_END_DECLS

#endif /* NMNVME_MIGRATE_PRIVATE_H */
