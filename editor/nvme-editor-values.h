/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-values.h: what the editor page edits, without GTK. It lists
 * the keys the page shows, holds their texts as loaded from a profile's
 * vpn.data/vpn.secrets (through nmnvme-vpn-data), takes the texts the
 * widgets give back, validates them with the schema (errors name the key),
 * and writes the result into an NMSettingVpn. Keys the page does not show,
 * and keys outside `nvme.`, are kept as they were. Compiled once, linked
 * into both the GTK3 and the GTK4 editor.
 */
#ifndef NVME_EDITOR_VALUES_H
#define NVME_EDITOR_VALUES_H

#include <NetworkManager.h>

#include "nmnvme-settings.h"

G_BEGIN_DECLS

/* (transfer none): the keys the page shows, in page order; @out_n their number. */
const NMNvmeKey *nvme_editor_values_page_keys(guint *out_n);

/* (transfer none): the page's label of @key, e.g. "Keep-alive timeout (s)". */
const char *nvme_editor_values_label(NMNvmeKey key);

typedef struct _NvmeEditorValues NvmeEditorValues;

/**
 * nvme_editor_values_new:
 * @s_vpn: (nullable): the profile's VPN setting; %NULL for a new profile
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the values, or %NULL with the error of
 *   nmnvme_vpn_data_merge() when the profile keeps a secret in vpn.data (or
 *   a non-secret in vpn.secrets); the editor refuses rather than loses it.
 */
NvmeEditorValues *nvme_editor_values_new(NMSettingVpn *s_vpn, GError **error);
void              nvme_editor_values_free(NvmeEditorValues *values);

/* (transfer none): @key's text as stored (canonical when the profile is
 * valid), else the schema's default, else "". */
const char *nvme_editor_values_get(const NvmeEditorValues *values, NMNvmeKey key);

/* @key's yes/no as the schema reads its text; the default when that is bad. */
gboolean nvme_editor_values_get_bool(const NvmeEditorValues *values, NMNvmeKey key);

/* The NetworkManager flags of secret key @key. */
NMSettingSecretFlags nvme_editor_values_get_secret_flags(const NvmeEditorValues *values,
                                                         NMNvmeKey               key);

/**
 * nvme_editor_values_check:
 * @key: a page key
 * @text: (nullable): a widget's text; %NULL or "" means unset
 * @error: return location for a #GError
 *
 * Returns: whether @text alone is a valid value of @key (rules between keys
 *   aside); else %FALSE with the schema's error, which names the key. Lets
 *   the page mark one entry of a list.
 */
gboolean nvme_editor_values_check(NMNvmeKey key, const char *text, GError **error);

/**
 * nvme_editor_values_validate:
 * @out_key: (out): the key the error names (the schema's messages start
 *   with "KEY:"), or %NMNVME_N_KEYS
 * @error: return location for a #GError
 *
 * Returns: whether all values together are valid; else %FALSE with the
 *   schema's error (the first bad key in alphabetical order).
 */
gboolean nvme_editor_values_validate(const NvmeEditorValues *values,
                                     NMNvmeKey              *out_key,
                                     GError                **error);

/* Takes @key's text from the page (%NULL or "" unsets it). A text equal to
 * the default is stored only when the profile had the key, so an untouched
 * page leaves the profile as it was. */
void nvme_editor_values_set(NvmeEditorValues *values, NMNvmeKey key, const char *text);

void nvme_editor_values_set_secret_flags(NvmeEditorValues    *values,
                                         NMNvmeKey            key,
                                         NMSettingSecretFlags flags);

/**
 * nvme_editor_values_apply:
 * @s_vpn: the setting to write (the editor's output connection)
 * @error: return location for a #GError
 *
 * Validates all `nvme.*` values as a whole and replaces @s_vpn's `nvme.*`
 * data and secrets with them: non-secrets in vpn.data, secrets in
 * vpn.secrets (left out when flagged not-saved or not-required), flags as
 * "KEY-flags". Returns %FALSE with the schema's error (naming the key) and
 * @s_vpn untouched when invalid.
 */
gboolean nvme_editor_values_apply(const NvmeEditorValues *values,
                                  NMSettingVpn           *s_vpn,
                                  GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NvmeEditorValues, nvme_editor_values_free)

G_END_DECLS

#endif /* NVME_EDITOR_VALUES_H */
