/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-host.h: the host's NVMe identity, read from the files nvme-cli and
 * libnvme share (`/etc/nvme/hostnqn`, `/etc/nvme/hostid`), and their
 * generation when missing. The identity is immutable once loaded.
 */
#ifndef NMNVME_HOST_H
#define NMNVME_HOST_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_HOST_DIR "/etc/nvme"

typedef struct _NMNvmeHost NMNvmeHost;

/**
 * nmnvme_host_load:
 * @dir: folder holding `hostnqn` and `hostid` (%NMNVME_HOST_DIR)
 * @error: return location for a #GError
 *
 * Reads the first word of each file (small blocking file reads). The host
 * NQN must be a valid NQN and the host ID a UUID. The symbolic name sent in
 * TP8010 registrations is the host name.
 *
 * Returns: (transfer full): the identity, or %NULL with @error naming the
 *   file and what is wrong, including how to create a missing one.
 */
NMNvmeHost *nmnvme_host_load(const char *dir, GError **error);

void nmnvme_host_free(NMNvmeHost *host);

/**
 * nmnvme_host_read_file:
 * @dir: the folder (%NMNVME_HOST_DIR)
 * @name: "hostnqn" or "hostid"
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the first word of the file, unvalidated, or
 *   %NULL with @error naming the file (missing, unreadable or empty).
 */
char *nmnvme_host_read_file(const char *dir, const char *name, GError **error);

const char *nmnvme_host_get_nqn(const NMNvmeHost *host);
const char *nmnvme_host_get_id(const NMNvmeHost *host);
const char *nmnvme_host_get_symname(const NMNvmeHost *host);

/**
 * nmnvme_host_generate_nqn:
 *
 * Returns: (transfer full): a host NQN of the form
 *   `nqn.2014-08.org.nvmexpress:uuid:UUID`, machine-specific when the
 *   firmware provides a UUID (as `nvme gen-hostnqn`), else random.
 */
char *nmnvme_host_generate_nqn(void);

/**
 * nmnvme_host_generate_id:
 * @hostnqn: (nullable): the host NQN
 *
 * Returns: (transfer full): the UUID of @hostnqn when it is of the uuid
 *   form (the convention of nvme-cli 2.x), else a random UUID.
 */
char *nmnvme_host_generate_id(const char *hostnqn);

/**
 * nmnvme_host_write_file:
 * @dir: the folder (created 0755 if missing)
 * @name: "hostnqn" or "hostid"
 * @value: what to write (a newline is appended)
 * @overwrite: replace an existing non-empty file
 * @error: return location for a #GError
 *
 * Returns: %TRUE when written; %FALSE with %G_IO_ERROR_EXISTS when the file
 *   exists and @overwrite is %FALSE, or another error.
 */
gboolean nmnvme_host_write_file(const char *dir,
                                const char *name,
                                const char *value,
                                gboolean    overwrite,
                                GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeHost, nmnvme_host_free)

G_END_DECLS

#endif /* NMNVME_HOST_H */
