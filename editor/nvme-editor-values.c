/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nvme-editor-values.c: the editor page's values, GTK-free (see the header).
 */
#include "config.h"

#include "nvme-editor-values.h"

#include <string.h>

#include "nmnvme-secret.h"
#include "nmnvme-vpn-data.h"

static const NMNvmeKey page_keys[] = {
    NMNVME_KEY_ZEROCONF,           NMNVME_KEY_DISCOVERY,    NMNVME_KEY_CONTROLLERS,
    NMNVME_KEY_REGISTER,           NMNVME_KEY_PLEO,         NMNVME_KEY_KATO,
    NMNVME_KEY_ON_DEACTIVATE,      NMNVME_KEY_ON_LINK_LOSS, NMNVME_KEY_DHCHAP_SECRET,
    NMNVME_KEY_DHCHAP_CTRL_SECRET, NMNVME_KEY_TLS,           NMNVME_KEY_TLS_KEY,
};

struct _NvmeEditorValues {
    GHashTable          *settings; /* key → text, secrets included */
    gboolean             had_key[NMNVME_N_KEYS];
    gboolean             had_flags[NMNVME_N_KEYS];
    NMSettingSecretFlags flags[NMNVME_N_KEYS];
};

const NMNvmeKey *
nvme_editor_values_page_keys(guint *out_n)
{
    *out_n = G_N_ELEMENTS(page_keys);
    return page_keys;
}

const char *
nvme_editor_values_label(NMNvmeKey key)
{
    switch (key) {
    case NMNVME_KEY_ZEROCONF:
        return "Find discovery controllers by mDNS";
    case NMNVME_KEY_DISCOVERY:
        return "Discovery controllers";
    case NMNVME_KEY_CONTROLLERS:
        return "I/O controllers";
    case NMNVME_KEY_REGISTER:
        return "Register with discovery controllers";
    case NMNVME_KEY_PLEO:
        return "Port-local entries only (PLEO)";
    case NMNVME_KEY_KATO:
        return "Keep-alive timeout (s)";
    case NMNVME_KEY_ON_DEACTIVATE:
        return "On deactivation";
    case NMNVME_KEY_ON_LINK_LOSS:
        return "On link loss";
    case NMNVME_KEY_DHCHAP_SECRET:
        return "DH-HMAC-CHAP host secret";
    case NMNVME_KEY_DHCHAP_CTRL_SECRET:
        return "DH-HMAC-CHAP controller secret";
    case NMNVME_KEY_TLS:
        return "TLS secure channel";
    case NMNVME_KEY_TLS_KEY:
        return "TLS pre-shared key";
    case NMNVME_KEY_ENABLED:
    case NMNVME_KEY_ZEROCONF_GRACE:
    case NMNVME_KEY_EXCLUDE:
    case NMNVME_KEY_CTRL_LOSS_TMO:
    case NMNVME_KEY_RECONNECT_DELAY:
    case NMNVME_KEY_NR_IO_QUEUES:
    case NMNVME_KEY_NR_WRITE_QUEUES:
    case NMNVME_KEY_NR_POLL_QUEUES:
    case NMNVME_KEY_QUEUE_SIZE:
    case NMNVME_KEY_HDR_DIGEST:
    case NMNVME_KEY_DATA_DIGEST:
    case NMNVME_KEY_DISABLE_SQFLOW:
    case NMNVME_KEY_IP_FAMILY:
    case NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC:
    case NMNVME_N_KEYS:
        break;
    }
    return nmnvme_setting_info(key)->name;
}

/* (transfer full): @s_vpn's vpn.data or vpn.secrets as a dictionary. */
static GHashTable *
vpn_dict(NMSettingVpn *s_vpn, gboolean secrets)
{
    GHashTable  *dict = nmnvme_secret_dict_new();
    const char **keys;
    guint        n = 0;

    if (!s_vpn)
        return dict;
    keys = secrets ? nm_setting_vpn_get_secret_keys(s_vpn, &n)
                   : nm_setting_vpn_get_data_keys(s_vpn, &n);
    for (guint i = 0; i < n; i++)
        g_hash_table_insert(dict,
                            g_strdup(keys[i]),
                            g_strdup(secrets ? nm_setting_vpn_get_secret(s_vpn, keys[i])
                                             : nm_setting_vpn_get_data_item(s_vpn, keys[i])));
    g_free(keys);
    return dict;
}

/* Replaces @dict's contents by their canonical form when they are valid. */
static void
canonicalize(GHashTable **dict)
{
    g_autoptr(NMNvmeSettings) parsed = nmnvme_settings_new_from_data(*dict, NULL);

    if (!parsed)
        return; /* shown as stored; update_connection() will name the bad key */
    g_hash_table_unref(*dict);
    *dict = nmnvme_settings_to_data(parsed, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
}

static void
load_flags(NvmeEditorValues *values, NMSettingVpn *s_vpn, GHashTable *data)
{
    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const NMNvmeSettingInfo *info      = nmnvme_setting_info(k);
        g_autofree char         *flags_key = NULL;

        if (info->type != NMNVME_TYPE_SECRET)
            continue;
        flags_key            = nmnvme_vpn_data_flags_key(k);
        values->had_flags[k] = g_hash_table_contains(data, flags_key);
        if (s_vpn)
            nm_setting_get_secret_flags(NM_SETTING(s_vpn), info->name, &values->flags[k], NULL);
    }
}

NvmeEditorValues *
nvme_editor_values_new(NMSettingVpn *s_vpn, GError **error)
{
    g_autoptr(GHashTable) data         = vpn_dict(s_vpn, FALSE);
    g_autoptr(GHashTable) secrets      = vpn_dict(s_vpn, TRUE);
    g_autoptr(NvmeEditorValues) values = g_new0(NvmeEditorValues, 1);

    values->settings = nmnvme_vpn_data_merge(data, secrets, error);
    if (!values->settings)
        return NULL;
    canonicalize(&values->settings);
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        values->had_key[k] = g_hash_table_contains(values->settings, nmnvme_setting_info(k)->name);
    load_flags(values, s_vpn, data);
    return g_steal_pointer(&values);
}

void
nvme_editor_values_free(NvmeEditorValues *values)
{
    if (!values)
        return;
    g_clear_pointer(&values->settings, g_hash_table_unref);
    g_free(values);
}

const char *
nvme_editor_values_get(const NvmeEditorValues *values, NMNvmeKey key)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info(key);
    const char              *text = g_hash_table_lookup(values->settings, info->name);

    if (text)
        return text;
    return info->default_value ? info->default_value : "";
}

NMSettingSecretFlags
nvme_editor_values_get_secret_flags(const NvmeEditorValues *values, NMNvmeKey key)
{
    return values->flags[key];
}

/* (transfer full) (nullable): settings holding only @key = @text. */
static NMNvmeSettings *
parse_one(NMNvmeKey key, const char *text, GError **error)
{
    g_autoptr(GHashTable) one = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(one, (gpointer) nmnvme_setting_info(key)->name, (gpointer) text);
    return nmnvme_settings_new_from_data(one, error);
}

gboolean
nvme_editor_values_get_bool(const NvmeEditorValues *values, NMNvmeKey key)
{
    g_autoptr(NMNvmeSettings) one = parse_one(key, nvme_editor_values_get(values, key), NULL);

    if (!one)
        one = nmnvme_settings_new_default(); /* a bad stored value shows as the default */
    return nmnvme_settings_get_bool(one, key);
}

gboolean
nvme_editor_values_check(NMNvmeKey key, const char *text, GError **error)
{
    g_autoptr(NMNvmeSettings) parsed = NULL;

    if (!text || !*text)
        return TRUE;
    parsed = parse_one(key, text, error);
    return parsed != NULL;
}

/* The key whose name starts @message ("nvme.kato: ..."), or NMNVME_N_KEYS. */
static NMNvmeKey
key_of_message(const char *message)
{
    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const char *name = nmnvme_setting_info(k)->name;
        gsize       len  = strlen(name);

        if (strncmp(message, name, len) == 0 && message[len] == ':')
            return k;
    }
    return NMNVME_N_KEYS;
}

gboolean
nvme_editor_values_validate(const NvmeEditorValues *values, NMNvmeKey *out_key, GError **error)
{
    g_autoptr(GError) local          = NULL;
    g_autoptr(NMNvmeSettings) parsed = nmnvme_settings_new_from_data(values->settings, &local);

    *out_key = parsed ? NMNVME_N_KEYS : key_of_message(local->message);
    if (parsed)
        return TRUE;
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
}

void
nvme_editor_values_set(NvmeEditorValues *values, NMNvmeKey key, const char *text)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info(key);

    if (!text || !*text || (!values->had_key[key] && g_strcmp0(text, info->default_value) == 0)) {
        g_hash_table_remove(values->settings, info->name);
        return;
    }
    g_hash_table_insert(values->settings, g_strdup(info->name), g_strdup(text));
}

void
nvme_editor_values_set_secret_flags(NvmeEditorValues    *values,
                                    NMNvmeKey            key,
                                    NMSettingSecretFlags flags)
{
    g_return_if_fail(nmnvme_setting_info(key)->type == NMNVME_TYPE_SECRET);
    values->flags[key] = flags;
}

/* Removes @s_vpn's `nvme.*` data items (or secrets). */
static void
clear_nvme_keys(NMSettingVpn *s_vpn, gboolean secrets)
{
    g_autoptr(GHashTable) dict = vpn_dict(s_vpn, secrets);
    GHashTableIter iter;
    gpointer       key;

    g_hash_table_iter_init(&iter, dict);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (!g_str_has_prefix(key, "nvme."))
            continue;
        if (secrets)
            nm_setting_vpn_remove_secret(s_vpn, key);
        else
            nm_setting_vpn_remove_data_item(s_vpn, key);
    }
}

/* Whether a secret with @flags belongs in the profile at all. */
static gboolean
secret_is_stored(NMSettingSecretFlags flags)
{
    return !(flags & (NM_SETTING_SECRET_FLAG_NOT_SAVED | NM_SETTING_SECRET_FLAG_NOT_REQUIRED));
}

static void
write_secrets(const NvmeEditorValues *values, NMSettingVpn *s_vpn, GHashTable *secrets)
{
    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info(k);
        const char              *secret;
        g_autofree char         *flags_key  = NULL;
        g_autofree char         *flags_text = NULL;

        if (info->type != NMNVME_TYPE_SECRET)
            continue;
        secret = g_hash_table_lookup(secrets, info->name);
        if (secret && secret_is_stored(values->flags[k]))
            nm_setting_vpn_add_secret(s_vpn, info->name, secret);
        if (values->flags[k] == NM_SETTING_SECRET_FLAG_NONE && !values->had_flags[k])
            continue;
        flags_key  = nmnvme_vpn_data_flags_key(k);
        flags_text = g_strdup_printf("%u", (guint) values->flags[k]);
        nm_setting_vpn_add_data_item(s_vpn, flags_key, flags_text);
    }
}

gboolean
nvme_editor_values_apply(const NvmeEditorValues *values, NMSettingVpn *s_vpn, GError **error)
{
    g_autoptr(NMNvmeSettings) parsed = nmnvme_settings_new_from_data(values->settings, error);
    g_autoptr(GHashTable) data       = NULL;
    g_autoptr(GHashTable) secrets    = NULL;
    GHashTableIter iter;
    gpointer       key, value;

    if (!parsed)
        return FALSE;
    nmnvme_vpn_data_split(values->settings, &data, &secrets);
    clear_nvme_keys(s_vpn, FALSE);
    clear_nvme_keys(s_vpn, TRUE);
    g_hash_table_iter_init(&iter, data);
    while (g_hash_table_iter_next(&iter, &key, &value))
        nm_setting_vpn_add_data_item(s_vpn, key, value);
    write_secrets(values, s_vpn, secrets);
    return TRUE;
}
