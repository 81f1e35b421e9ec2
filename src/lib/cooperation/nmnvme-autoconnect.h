/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-autoconnect.h: keeping nvme-cli's udev autoconnect away from our
 * discovery controllers while the daemon runs. nvme-cli's
 * 70-nvmf-autoconnect.rules answers every discovery controller's log-change
 * AEN (and "rediscover" event) with `nvme connect-all --device=nvmeN`: on
 * our DCs that connects duplicates of our I/O controllers (nvme-cli 2.x
 * passes no host_iface when the DC has none, and does not know our
 * sessions). nvme-stas shadows that file with a copy of the same name in
 * /run/udev/rules.d (which takes precedence over /usr/lib/udev/rules.d)
 * that keeps only the FC rule, for every DC of the host. We shadow it the
 * same way, but only for ours: the copy is nvme-cli's own file with one
 * rule in front that skips it for a device whose ownership-registry owner
 * is nm-nvme; everybody else's DCs keep nvme-cli's behaviour.
 *
 * A file of that name in /run that we did not write (nvme-stas's) is left
 * alone; ours is removed when the daemon exits. An administrator's
 * /etc/udev/rules.d/70-nvmf-autoconnect.rules takes precedence over both.
 * Install and remove block on small file I/O in /run and /usr/lib: the
 * daemon calls them at start and exit.
 */
#ifndef NMNVME_AUTOCONNECT_H
#define NMNVME_AUTOCONNECT_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_AUTOCONNECT_RULE_NAME "70-nvmf-autoconnect.rules"
#define NMNVME_AUTOCONNECT_RUN_DIR   "/run/udev/rules.d"
/* The first line of a file we wrote. */
#define NMNVME_AUTOCONNECT_MARK "# Written by nm-nvme-daemon"

/**
 * nmnvme_autoconnect_rule_text:
 * @original: the text of nvme-cli's rule file
 * @original_path: where it was read (named in a comment)
 * @registry_dir: the ownership registry (/run/nvme/registry)
 *
 * Returns: (transfer full): the shadowing file: our mark, the skip rule for
 *   devices owned by nm-nvme, @original, the skip rule's label. Pure.
 */
char *nmnvme_autoconnect_rule_text(const char *original,
                                   const char *original_path,
                                   const char *registry_dir);

/**
 * nmnvme_autoconnect_install:
 * @run_dir: NMNVME_AUTOCONNECT_RUN_DIR
 * @original_dirs: (array zero-terminated=1): where nvme-cli's file may be
 *   ("/usr/lib/udev/rules.d", "/lib/udev/rules.d"), the first found is used
 * @registry_dir: the ownership registry
 * @error: return location for a #GError
 *
 * Writes the shadowing file atomically (0644), unless nvme-cli's file is
 * not installed or another tool's file of that name is there.
 *
 * Returns: whether our file is in place now (%FALSE without @error when
 *   there was nothing to shadow or another tool's file is there).
 */
gboolean nmnvme_autoconnect_install(const char        *run_dir,
                                    const char *const *original_dirs,
                                    const char        *registry_dir,
                                    GError           **error);

/* Removes the file from @run_dir if we wrote it. */
void nmnvme_autoconnect_remove(const char *run_dir);

G_END_DECLS

#endif /* NMNVME_AUTOCONNECT_H */
