/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-connect-options.h: the option string written to /dev/nvme-fabrics
 * to create one controller. This is the only place that decides which
 * kernel options a connect passes; options the running kernel does not
 * list in its template are never passed (libnvme 1.3 does not filter).
 */
#ifndef NMNVME_CONNECT_OPTIONS_H
#define NMNVME_CONNECT_OPTIONS_H

#include <glib.h>

#include "nmnvme-fabrics-options.h"
#include "nmnvme-settings.h"

G_BEGIN_DECLS

typedef enum {
    NMNVME_CTRL_KIND_DISCOVERY,
    NMNVME_CTRL_KIND_IO,
} NMNvmeCtrlKind;

/**
 * NMNvmeConnectRequest:
 * @kind: discovery controllers are connected persistent (keep_alive_tmo =
 *   `nvme.kato`); I/O controllers get the queue and authentication options
 * @transport, @traddr, @trsvcid, @subsysnqn: the controller
 * @host_traddr, @host_iface: (nullable): local binding; @host_iface is
 *   passed under tcp only (the kernel refuses it for rdma and fc)
 * @hostnqn, @hostid: the host identity
 * @settings: the session's settings
 * @hdr_digest, @data_digest: digests required besides what @settings ask
 *   (an NBFT subsystem record's flags)
 * @tls: connect with TLS (tcp only; nmnvme_tls_decide() says when): the
 *   `tls` flag, never dropped: a kernel without it fails the build
 * @tls_key: (nullable): the serial of the PSK to use, as the kernel's
 *   decimal `tls_key=` (a key we inserted into `.nvme`); %0: the kernel
 *   looks one up by identity. Only a serial ever: no key material.
 * @concat: secure channel concatenation (I/O controllers over tcp, with
 *   the settings' `nvme.dhchap-secret`): the `concat` flag, never dropped,
 *   and never with @tls or @tls_key (the kernel refuses them together)
 */
typedef struct {
    NMNvmeCtrlKind        kind;
    const char           *transport;
    const char           *traddr;
    const char           *trsvcid;
    const char           *subsysnqn;
    const char           *host_traddr;
    const char           *host_iface;
    const char           *hostnqn;
    const char           *hostid;
    const NMNvmeSettings *settings;
    gboolean              hdr_digest;
    gboolean              data_digest;
    gboolean              tls;
    gint32                tls_key;
    gboolean              concat;
} NMNvmeConnectRequest;

typedef enum {
    NMNVME_CONNECT_OPTIONS_MASK_SECRETS = 0, /* secrets shown as NMNVME_SECRET_MASK */
    NMNVME_CONNECT_OPTIONS_WITH_SECRETS = 1, /* for the kernel only */
} NMNvmeConnectOptionsFlags;

/**
 * nmnvme_connect_options_build:
 * @request: what to connect
 * @caps: (nullable): what the kernel supports; %NULL means everything
 * @flags: whether secrets are written out
 * @dropped: (nullable) (element-type utf8): receives the names of options
 *   that the settings asked for and the kernel lacks
 * @error: return location for a #GError
 *
 * A discovery controller with a unique NQN (TP8013) gets the `discovery`
 * flag; on a kernel without it, the well-known discovery NQN is used.
 *
 * Returns: (transfer full): the option string, or %NULL with @error when a
 *   value cannot be expressed (contains ',', the kernel's separator), or
 *   TLS is asked for and @caps lack `tls` (or `tls_key` for a key serial),
 *   or `concat` is asked for and @caps lack it, or it lacks its
 *   DH-HMAC-CHAP secret, or comes with @tls: a controller that is to be
 *   secure is never connected plain.
 */
char *nmnvme_connect_options_build(const NMNvmeConnectRequest *request,
                                   const NMNvmeFabricsOptions *caps,
                                   NMNvmeConnectOptionsFlags   flags,
                                   GPtrArray                  *dropped,
                                   GError                    **error);

G_END_DECLS

#endif /* NMNVME_CONNECT_OPTIONS_H */
