/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics-options.h: the connect options the running kernel knows.
 * Reading /dev/nvme-fabrics (kernel 5.17 and later) prints them as one line
 * of comma-separated templates: `name=%s`, `name=%d`, `name=-1` or a bare
 * `name` for a flag, e.g.
 * `instance=-1,cntlid=-1,transport=%s,...,host_iface=%s,...,discovery,...`.
 * libnvme 1.3 passes options without asking the kernel, so the engine uses
 * this list to leave out what the kernel would reject and to say which
 * features are missing. An NMNvmeFabricsOptions is immutable.
 */
#ifndef NMNVME_FABRICS_OPTIONS_H
#define NMNVME_FABRICS_OPTIONS_H

#include <glib.h>

G_BEGIN_DECLS

/* The kernel's fabrics device. */
#define NMNVME_FABRICS_DEVICE "/dev/nvme-fabrics"

typedef struct _NMNvmeFabricsOptions NMNvmeFabricsOptions;

/**
 * nmnvme_fabrics_options_parse:
 * @text: what reading the fabrics device gave; only its first line counts,
 *   surrounding whitespace is ignored
 * @error: return location for a #GError
 *
 * Every item must be a lower-case option name (letters, digits, `_`),
 * optionally followed by `=` and a printable value; no name may repeat, and
 * `transport`, `traddr` and `nqn` must be there (every kernel lists them).
 *
 * Returns: (transfer full): the options, or %NULL with @error
 *   (%NMNVME_ERROR_INVALID_SETTING) saying what is wrong with the text.
 */
NMNvmeFabricsOptions *nmnvme_fabrics_options_parse(const char *text, GError **error);

/**
 * nmnvme_fabrics_options_load:
 * @path: the file to read, normally %NMNVME_FABRICS_DEVICE
 * @error: return location for a #GError
 *
 * Opens @path read-only and parses what it gives (at most 4096 bytes).
 * This blocks (a device read that takes the kernel's fabrics mutex, which a
 * connect in progress holds): call it from a worker thread, not from the
 * main loop (the engine does, at start-up and on SIGHUP; nmnvme-engine.h
 * says so). Reading the device needs root; before kernel 5.17, or when the
 * nvme-fabrics module is not loaded, it fails.
 *
 * Returns: (transfer full): the options, or %NULL with @error:
 *   %NMNVME_ERROR_FAILED naming @path and the system error when it cannot be
 *   read, %NMNVME_ERROR_INVALID_SETTING when its text is not an option list.
 */
NMNvmeFabricsOptions *nmnvme_fabrics_options_load(const char *path, GError **error);

void nmnvme_fabrics_options_free(NMNvmeFabricsOptions *options);

/**
 * nmnvme_fabrics_options_has:
 * @options: the kernel's options
 * @option: an option name as the kernel spells it, e.g. "host_iface"
 *
 * Returns: whether the kernel accepts @option.
 */
gboolean nmnvme_fabrics_options_has(const NMNvmeFabricsOptions *options, const char *option);

/**
 * nmnvme_fabrics_options_missing:
 * @options: the kernel's options
 *
 * Checks the options the engine may pass, in this order: host_iface,
 * discovery (TP8013 unique discovery NQNs), dhchap_secret,
 * dhchap_ctrl_secret, keep_alive_tmo, ctrl_loss_tmo, reconnect_delay,
 * nr_write_queues, nr_poll_queues, disable_sqflow, hdr_digest, data_digest,
 * queue_size, nr_io_queues.
 *
 * Returns: (transfer full): the names of those the kernel lacks, in that
 *   order; an empty vector when it has them all. Free with g_strfreev().
 */
char **nmnvme_fabrics_options_missing(const NMNvmeFabricsOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeFabricsOptions, nmnvme_fabrics_options_free)

G_END_DECLS

#endif /* NMNVME_FABRICS_OPTIONS_H */
