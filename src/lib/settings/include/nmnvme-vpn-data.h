/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-vpn-data.h: the `nvme.*` settings as an `nvme` VPN-style profile
 * stores them. Keys are the schema's own names; non-secret keys live in
 * `vpn.data`, the secrets (DH-HMAC-CHAP, TLS PSK) in `vpn.secrets`, and
 * each secret's NetworkManager secret flags in `vpn.data` as "KEY-flags"
 * (e.g. `nvme.dhchap-secret-flags=1`, NetworkManager's convention). The
 * service, the editors and nm-nvme use this one mapping. Pure: no libnm
 * (callers pass the dictionaries).
 */
#ifndef NMNVME_VPN_DATA_H
#define NMNVME_VPN_DATA_H

#include <glib.h>

#include "nmnvme-settings.h"

G_BEGIN_DECLS

/* The suffix of a secret's flags key in vpn.data. */
#define NMNVME_VPN_FLAGS_SUFFIX "-flags"

/* (transfer full): the vpn.data key holding @key's secret flags,
 * e.g. "nvme.dhchap-secret-flags"; @key must be a secret key. */
char *nmnvme_vpn_data_flags_key(NMNvmeKey key);

/**
 * nmnvme_vpn_data_merge:
 * @data: (element-type utf8 utf8): the profile's `vpn.data`
 * @secrets: (element-type utf8 utf8) (nullable): its `vpn.secrets`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8 utf8): one settings dictionary
 *   for nmnvme_settings_new_from_data(): @data without the secrets' flags
 *   keys, plus the secrets; or %NULL with %NMNVME_ERROR_INVALID_SETTING
 *   naming the key when a secret is found in `vpn.data` (it would be
 *   readable by every local user) or anything but a secret in
 *   `vpn.secrets`. Keys outside `nvme.` are left out.
 */
GHashTable *nmnvme_vpn_data_merge(GHashTable *data, GHashTable *secrets, GError **error);

/**
 * nmnvme_vpn_data_split:
 * @settings: (element-type utf8 utf8): a settings dictionary
 * @out_data: (out) (transfer full): its non-secret keys, for `vpn.data`
 * @out_secrets: (out) (transfer full): its secrets, for `vpn.secrets`
 *
 * The inverse of nmnvme_vpn_data_merge() (flags keys are the caller's:
 * they describe where secrets are stored, not the settings).
 */
void nmnvme_vpn_data_split(GHashTable *settings, GHashTable **out_data, GHashTable **out_secrets);

G_END_DECLS

#endif /* NMNVME_VPN_DATA_H */
