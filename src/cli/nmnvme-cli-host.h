/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-host.h: `nm-nvme hostnqn` and `nm-nvme hostid`: show the host
 * identity as the daemon reads it, or create one of its files the way
 * `nvme gen-hostnqn` and stasadm do. Works without the daemon; generation
 * and src/lib's nmnvme-host own the formats.
 */
#ifndef NMNVME_CLI_HOST_H
#define NMNVME_CLI_HOST_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    NMNVME_CLI_HOST_NQN, /* DIR/hostnqn */
    NMNVME_CLI_HOST_ID,  /* DIR/hostid */
} NMNvmeCliHostFile;

/* (transfer none): "hostnqn" or "hostid". */
const char *nmnvme_cli_host_file_name(NMNvmeCliHostFile file);

/**
 * nmnvme_cli_host_show:
 * @dir: the folder (/etc/nvme)
 * @file: which value
 * @error: return location for a #GError
 *
 * Loads the identity as the daemon does (nmnvme_host_load(): both files
 * must be there and valid), so that what is shown is what it would use.
 *
 * Returns: (transfer full): the value, or %NULL with @error naming the file
 *   and how to create it.
 */
char *nmnvme_cli_host_show(const char *dir, NMNvmeCliHostFile file, GError **error);

/**
 * nmnvme_cli_host_generate:
 * @dir: the folder (/etc/nvme), created if missing
 * @file: which file
 * @force: replace a file that exists
 * @error: return location for a #GError
 *
 * Writes a new host NQN (nmnvme_host_generate_nqn()), or a host ID: the
 * UUID of DIR/hostnqn when that has the `uuid:` form, else a random one
 * (nmnvme_host_generate_id()).
 *
 * Returns: (transfer full): the value written, or %NULL with @error;
 *   %G_IO_ERROR_EXISTS when the file exists and @force is %FALSE.
 */
char *nmnvme_cli_host_generate(const char       *dir,
                               NMNvmeCliHostFile file,
                               gboolean          force,
                               GError          **error);

G_END_DECLS

#endif /* NMNVME_CLI_HOST_H */
