/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-fabrics-tls.h: the blocking TLS operations as async calls on
 * GLib's pool, completing in the caller's main context: the cheap
 * capability probe (nmnvme-tls-probe.h) and inserting or revoking a
 * configured PSK in `.nvme` (nmnvme-libnvme.h). The key travels in a
 * GBytes whose memory the caller wipes (nmnvme_tls_psk_decode()); the
 * workers keep no copy.
 */
#ifndef NMNVME_FABRICS_TLS_H
#define NMNVME_FABRICS_TLS_H

#include <gio/gio.h>

#include "nmnvme-tls-probe.h"

G_BEGIN_DECLS

void            nmnvme_fabrics_tls_probe_async(const char         *proc_dir,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
NMNvmeTlsProbe *nmnvme_fabrics_tls_probe_finish(GAsyncResult *result, GError **error);

/**
 * nmnvme_fabrics_tls_insert_key_async:
 * @key: the configured PSK (a reference is taken)
 * @identity: nmnvme_tls_identity() of @hostnqn, @subnqn, @hmac
 * @ours: the serial we inserted under @identity before, 0: none
 *
 * nmnvme_libnvme_insert_tls_key() on a worker; the finish function
 * returns the serial, or 0 with its error.
 */
void   nmnvme_fabrics_tls_insert_key_async(const char         *hostnqn,
                                           const char         *subnqn,
                                           guint               hmac,
                                           GBytes             *key,
                                           const char         *identity,
                                           gint32              ours,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gint32 nmnvme_fabrics_tls_insert_key_finish(GAsyncResult *result, GError **error);

/* nmnvme_libnvme_revoke_tls_key() on a worker. */
void     nmnvme_fabrics_tls_revoke_key_async(gint32              serial,
                                             const char         *identity,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean nmnvme_fabrics_tls_revoke_key_finish(GAsyncResult *result, GError **error);

G_END_DECLS

#endif /* NMNVME_FABRICS_TLS_H */
