/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-settings.h: the `nvme.*` settings of one connection, the single
 * source of truth for their names, types, defaults and help text.
 *
 * Settings arrive as a string dictionary, the form both NetworkManager
 * carriers use (`user.data` of a base profile, `vpn.data` of an `nvme`
 * VPN-style profile). Parsing validates every `nvme.*` key and either gives
 * a complete, immutable NMNvmeSettings or fails as a whole with a GError
 * naming the key, its value (secrets masked) and the reason. Keys outside
 * `nvme.` belong to others and are ignored.
 */
#ifndef NMNVME_SETTINGS_H
#define NMNVME_SETTINGS_H

#include <glib.h>

#include "nmnvme-filter.h"
#include "nmnvme-uri.h"

G_BEGIN_DECLS

/* The keys, in the order the documentation lists them. */
typedef enum {
    NMNVME_KEY_ENABLED,
    NMNVME_KEY_ZEROCONF,
    NMNVME_KEY_ZEROCONF_GRACE,
    NMNVME_KEY_DISCOVERY,
    NMNVME_KEY_CONTROLLERS,
    NMNVME_KEY_EXCLUDE,
    NMNVME_KEY_REGISTER,
    NMNVME_KEY_PLEO,
    NMNVME_KEY_KATO,
    NMNVME_KEY_CTRL_LOSS_TMO,
    NMNVME_KEY_RECONNECT_DELAY,
    NMNVME_KEY_NR_IO_QUEUES,
    NMNVME_KEY_NR_WRITE_QUEUES,
    NMNVME_KEY_NR_POLL_QUEUES,
    NMNVME_KEY_QUEUE_SIZE,
    NMNVME_KEY_HDR_DIGEST,
    NMNVME_KEY_DATA_DIGEST,
    NMNVME_KEY_DISABLE_SQFLOW,
    NMNVME_KEY_IP_FAMILY,
    NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC,
    NMNVME_KEY_ON_DEACTIVATE,
    NMNVME_KEY_ON_LINK_LOSS,
    NMNVME_KEY_DHCHAP_SECRET,
    NMNVME_KEY_DHCHAP_CTRL_SECRET,
    NMNVME_KEY_TLS,
    NMNVME_KEY_TLS_KEY,
    NMNVME_N_KEYS,
} NMNvmeKey;

typedef enum {
    NMNVME_TYPE_BOOL,        /* yes/no (also true/false, on/off, 1/0) */
    NMNVME_TYPE_INT,         /* decimal integer in [min, max] */
    NMNVME_TYPE_CHOICE,      /* one of a fixed list of words */
    NMNVME_TYPE_URI_LIST,    /* space-separated NVMe URIs */
    NMNVME_TYPE_FILTER_LIST, /* space-separated exclusion filters */
    NMNVME_TYPE_SECRET,      /* a DH-HMAC-CHAP secret or TLS PSK, never printed */
} NMNvmeSettingType;

/* Values of the CHOICE keys; each enum follows its key's `choices` order. */
typedef enum {
    NMNVME_IP_FAMILY_IPV4,
    NMNVME_IP_FAMILY_IPV6,
    NMNVME_IP_FAMILY_BOTH,
} NMNvmeIpFamily;

typedef enum {
    NMNVME_ON_DEACTIVATE_DISCONNECT,
    NMNVME_ON_DEACTIVATE_KEEP,
} NMNvmeOnDeactivate;

typedef enum {
    NMNVME_ON_LINK_LOSS_KEEP,
    NMNVME_ON_LINK_LOSS_DISCONNECT,
} NMNvmeOnLinkLoss;

/* `nvme.tls`: NVMe/TCP secure channels (TLS 1.3 with a PSK). */
typedef enum {
    NMNVME_TLS_NO,     /* never (the default) */
    NMNVME_TLS_YES,    /* for every controller of the session */
    NMNVME_TLS_AUTO,   /* where a log entry's TREQ/TSAS asks for it */
    NMNVME_TLS_CONCAT, /* secure channel concatenation: every I/O controller
                        * authenticates with DH-HMAC-CHAP (nvme.dhchap-secret,
                        * required) and runs over TLS with the PSK the kernel
                        * derives from it (kernel option `concat`) */
} NMNvmeTlsMode;

/**
 * NMNvmeSettingInfo:
 * @key: the key's enum value
 * @name: full key name, e.g. "nvme.kato"
 * @type: how the value is parsed
 * @default_value: canonical text of the default, or %NULL when an unset key
 *   means "not passed; the kernel's default applies"
 * @help: one line for `nm-nvme` and the documentation
 * @min, @max: range of an INT key
 * @choices: %NULL-terminated words of a CHOICE key
 * @uri_kind: which URI defaults apply to a URI_LIST key
 */
typedef struct {
    NMNvmeKey          key;
    const char        *name;
    NMNvmeSettingType  type;
    const char        *default_value;
    const char        *help;
    gint64             min;
    gint64             max;
    const char *const *choices;
    NMNvmeUriKind      uri_kind;
} NMNvmeSettingInfo;

/* (transfer none): the schema entry of @key. */
const NMNvmeSettingInfo *nmnvme_setting_info(NMNvmeKey key);

/* (transfer none) (nullable): the schema entry named @name ("nvme.kato"). */
const NMNvmeSettingInfo *nmnvme_setting_info_lookup(const char *name);

/* (transfer full): a human description of the accepted values,
 * e.g. "integer 16..1024" or "ipv4 | ipv6 | both". */
char *nmnvme_setting_info_describe_values(const NMNvmeSettingInfo *info);

typedef struct _NMNvmeSettings NMNvmeSettings;

/**
 * nmnvme_settings_new_from_data:
 * @data: (element-type utf8 utf8): key → value; keys outside `nvme.` ignored
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the validated settings, or %NULL with @error:
 *   %NMNVME_ERROR_UNKNOWN_SETTING for an `nvme.*` key the schema does not know
 *   (with a "did you mean" hint when one is close), or
 *   %NMNVME_ERROR_INVALID_SETTING for a bad value. When several keys are bad,
 *   the first in alphabetical order is reported.
 */
NMNvmeSettings *nmnvme_settings_new_from_data(GHashTable *data, GError **error);

/* (transfer full): every key unset, i.e. all defaults. */
NMNvmeSettings *nmnvme_settings_new_default(void);

NMNvmeSettings *nmnvme_settings_ref(NMNvmeSettings *settings);
void            nmnvme_settings_unref(NMNvmeSettings *settings);

/* Whether @key was given explicitly (as opposed to defaulted). */
gboolean nmnvme_settings_is_set(const NMNvmeSettings *settings, NMNvmeKey key);

/* Accessors; each g_return_if_fail()s on a key of another type. */
gboolean nmnvme_settings_get_bool(const NMNvmeSettings *settings, NMNvmeKey key);
/* Returns %FALSE when the key is unset and has no default (use the kernel's). */
gboolean nmnvme_settings_get_int(const NMNvmeSettings *settings, NMNvmeKey key, gint64 *out_value);
/* The index of the choice, i.e. an NMNvmeIpFamily, NMNvmeOnDeactivate, ... */
guint nmnvme_settings_get_choice(const NMNvmeSettings *settings, NMNvmeKey key);
/* (transfer none) (element-type NMNvmeUri): never %NULL. */
GPtrArray *nmnvme_settings_get_uris(const NMNvmeSettings *settings, NMNvmeKey key);
/* (transfer none) (element-type NMNvmeFilter): never %NULL. */
GPtrArray *nmnvme_settings_get_filters(const NMNvmeSettings *settings);
/* (transfer none) (nullable): the secret; never log or return it to
 * unprivileged callers. */
const char *nmnvme_settings_get_secret(const NMNvmeSettings *settings, NMNvmeKey key);

/* `nvme.tls`. */
NMNvmeTlsMode nmnvme_settings_get_tls(const NMNvmeSettings *settings);
/* (transfer none) (nullable): `nvme.tls-key`, the configured PSK in
 * interchange format (validated; decode it with nmnvme_tls_psk_decode());
 * %NULL when unset, i.e. the kernel looks a retained PSK up in the `.nvme`
 * keyring. A secret, as nmnvme_settings_get_secret(). */
const char *nmnvme_settings_get_tls_key(const NMNvmeSettings *settings);

typedef enum {
    NMNVME_SETTINGS_SERIALIZE_NO_SECRETS   = 0,
    NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS = 1,
} NMNvmeSettingsSerializeFlags;

/**
 * nmnvme_settings_to_data:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the explicitly set keys
 *   in canonical form; secrets only with
 *   %NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS. Parsing the result gives settings
 *   equal to @settings (without secrets, if they were left out).
 */
GHashTable *nmnvme_settings_to_data(const NMNvmeSettings        *settings,
                                    NMNvmeSettingsSerializeFlags flags);

/* (transfer full): the set keys as one line "nvme.a=x nvme.b=y", secrets
 * shown as NMNVME_SECRET_MASK; for logs and debugging. */
char *nmnvme_settings_to_string(const NMNvmeSettings *settings);

/* Whether both have the same keys set to the same values, secrets included. */
gboolean nmnvme_settings_equal(const NMNvmeSettings *a, const NMNvmeSettings *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeSettings, nmnvme_settings_unref)

G_END_DECLS

#endif /* NMNVME_SETTINGS_H */
