/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-secrets.h: the secrets of `nm-nvme attach IFACE ...
 * --secrets-file FILE`, read from a file only its owner can read or from
 * standard input (FILE "-"), never from the command line, where every local
 * user can read them in /proc/PID/cmdline.
 *
 * The text has one `KEY=VALUE` a line, KEY a secret of the schema
 * (`nvme.dhchap-secret`, `nvme.dhchap-ctrl-secret`, `nvme.tls-key`, the
 * "nvme." prefix optional); blank lines and lines starting with '#' are
 * skipped:
 *
 *     nvme.dhchap-secret=DHHC-1:01:...:
 *     nvme.tls-key=NVMeTLSkey-1:01:...:
 */
#ifndef NMNVME_CLI_SECRETS_H
#define NMNVME_CLI_SECRETS_H

#include <glib.h>

G_BEGIN_DECLS

/* The largest secrets file read, in bytes. */
#define NMNVME_CLI_SECRETS_MAX_SIZE 16384

/**
 * nmnvme_cli_secrets_read_into:
 * @path: the file, or "-" for standard input
 * @pairs: (element-type utf8 utf8): the settings of the command line, made
 *   by nmnvme_cli_pairs_parse(); receives the secrets
 * @error: return location for a #GError
 *
 * A file must be a regular file that neither group nor others may read or
 * write (mode 0600 or stricter). Every copy of the text is wiped.
 *
 * Returns: %TRUE with the secrets added to @pairs; else %FALSE with @error
 *   naming @path and the line (and the key, never a value), @pairs
 *   unchanged: %NMNVME_ERROR_INVALID_ARGUMENT for a bad line, a key that is
 *   no secret, a key given twice (also with @pairs), a file open to group
 *   or others; a #G_IO_ERROR when it cannot be read.
 */
gboolean nmnvme_cli_secrets_read_into(const char *path, GHashTable *pairs, GError **error);

G_END_DECLS

#endif /* NMNVME_CLI_SECRETS_H */
