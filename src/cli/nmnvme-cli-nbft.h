/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-nbft.h: what `nm-nvme nbft` prints from the daemon's GetNbft
 * dictionary (docs/dbus-api.md, "NBFT"): the host identity, then the host
 * fabric interfaces, the subsystems and the discovery records as nmcli-style
 * tables (nmnvme-cli-output.h), each with the interface or the kernel
 * controller it is now. Pure functions, no I/O.
 */
#ifndef NMNVME_CLI_NBFT_H
#define NMNVME_CLI_NBFT_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_cli_nbft_format:
 * @nbft: a GetNbft dictionary (`a{sv}`)
 *
 * Returns: (transfer full): the text, each line ending in a newline: "NBFT
 *   not available: REASON" alone when the daemon has no table.
 */
char *nmnvme_cli_nbft_format(GVariant *nbft);

/**
 * nmnvme_cli_nbft_status_line:
 * @status: the daemon's Nbft property
 *
 * Returns: (transfer full): `nm-nvme status`'s line about it, "NBFT:
 *   STATUS" and a newline.
 */
char *nmnvme_cli_nbft_status_line(const char *status);

G_END_DECLS

#endif /* NMNVME_CLI_NBFT_H */
