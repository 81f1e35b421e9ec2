/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-settings.c: the `nvme.*` schema table and the parsed, immutable
 * settings object. Value syntax lives here; URI, filter, NQN and secret
 * syntax live in their own modules.
 */
#include "config.h"

#include "nmnvme-settings.h"

#include <string.h>

#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-suggest.h"
#include "nmnvme-tls-psk.h"
#include "nmnvme-utf8.h"

#define PREFIX "nvme."

static const char *const ip_family_choices[]     = { "ipv4", "ipv6", "both", NULL };
static const char *const on_deactivate_choices[] = { "disconnect", "keep", NULL };
static const char *const on_link_loss_choices[]  = { "keep", "disconnect", NULL };
static const char *const tls_choices[]           = { "no", "yes", "auto", "concat", NULL };

#define BOOL(k, n, def, h) \
    [k] = { .key = k, .name = PREFIX n, .type = NMNVME_TYPE_BOOL, .default_value = def, .help = h }
#define INT(k, n, def, lo, hi, h)        \
    [k] = { .key           = k,          \
            .name          = PREFIX n,   \
            .type          = NMNVME_TYPE_INT, \
            .default_value = def,        \
            .help          = h,          \
            .min           = lo,         \
            .max           = hi }
#define CHOICE(k, n, def, list, h)         \
    [k] = { .key           = k,            \
            .name          = PREFIX n,     \
            .type          = NMNVME_TYPE_CHOICE, \
            .default_value = def,          \
            .help          = h,            \
            .choices       = list }
#define URIS(k, n, kind, h)                \
    [k] = { .key           = k,            \
            .name          = PREFIX n,     \
            .type          = NMNVME_TYPE_URI_LIST, \
            .default_value = "",           \
            .help          = h,            \
            .uri_kind      = kind }
#define SECRET(k, n, h) [k] = { .key = k, .name = PREFIX n, .type = NMNVME_TYPE_SECRET, .help = h }

static const NMNvmeSettingInfo schema[NMNVME_N_KEYS] = {
    BOOL(NMNVME_KEY_ENABLED, "enabled", "yes",
         "Manage NVMe over Fabrics on this connection's interface"),
    BOOL(NMNVME_KEY_ZEROCONF, "zeroconf", "no",
         "Find discovery controllers announced by mDNS (_nvme-disc._tcp) on the interface"),
    INT(NMNVME_KEY_ZEROCONF_GRACE, "zeroconf-grace", "60", 0, 86400,
        "Seconds a withdrawn mDNS discovery controller is kept; after that it is "
        "disconnected as soon as it is also unreachable"),
    URIS(NMNVME_KEY_DISCOVERY, "discovery", NMNVME_URI_DISCOVERY,
         "Discovery controllers: nvme+tcp://ADDR[:PORT][/NQN], port 8009 and the "
         "well-known discovery NQN by default"),
    URIS(NMNVME_KEY_CONTROLLERS, "controllers", NMNVME_URI_IO,
         "I/O controllers to connect besides discovered ones: nvme+tcp://ADDR[:PORT]/NQN, "
         "port 4420 by default"),
    [NMNVME_KEY_EXCLUDE] = { .key           = NMNVME_KEY_EXCLUDE,
                             .name          = PREFIX "exclude",
                             .type          = NMNVME_TYPE_FILTER_LIST,
                             .default_value = "",
                             .help = "Controllers never to connect: FIELD=VALUE[,FIELD=VALUE...] "
                                     "on transport, traddr, trsvcid, subsysnqn" },
    BOOL(NMNVME_KEY_REGISTER, "register", "yes",
         "Register with discovery controllers that support it (TP8010 DIM); deregister on "
         "deactivation"),
    BOOL(NMNVME_KEY_PLEO, "pleo", "yes",
         "Ask discovery controllers for port-local entries only (PLEO) when they support it"),
    INT(NMNVME_KEY_KATO, "kato", "30", 1, 65535,
        "Keep-alive timeout of discovery controllers, in seconds"),
    INT(NMNVME_KEY_CTRL_LOSS_TMO, "ctrl-loss-tmo", NULL, -1, G_MAXINT32,
        "Seconds the kernel keeps reconnecting a lost controller before removing it; "
        "-1 = forever"),
    INT(NMNVME_KEY_RECONNECT_DELAY, "reconnect-delay", NULL, 1, 86400,
        "Seconds between the kernel's reconnect attempts"),
    INT(NMNVME_KEY_NR_IO_QUEUES, "nr-io-queues", NULL, 1, 65535,
        "Number of I/O queues per I/O controller"),
    INT(NMNVME_KEY_NR_WRITE_QUEUES, "nr-write-queues", NULL, 0, 65535,
        "Number of additional queues for writes"),
    INT(NMNVME_KEY_NR_POLL_QUEUES, "nr-poll-queues", NULL, 0, 65535,
        "Number of polling queues"),
    INT(NMNVME_KEY_QUEUE_SIZE, "queue-size", NULL, 16, 1024, "I/O queue depth"),
    BOOL(NMNVME_KEY_HDR_DIGEST, "hdr-digest", "no", "NVMe/TCP PDU header digest"),
    BOOL(NMNVME_KEY_DATA_DIGEST, "data-digest", "no", "NVMe/TCP PDU data digest"),
    BOOL(NMNVME_KEY_DISABLE_SQFLOW, "disable-sqflow", "no",
         "Disable submission queue flow control"),
    CHOICE(NMNVME_KEY_IP_FAMILY, "ip-family", "both", ip_family_choices,
           "Address families used for discovery and connections"),
    INT(NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC, "connect-attempts-on-ncc", "0", 0, 65535,
        "Connect attempts before giving up on a controller flagged NCC (no CDC "
        "connectivity); 0 = never give up, else at least 2"),
    CHOICE(NMNVME_KEY_ON_DEACTIVATE, "on-deactivate", "disconnect", on_deactivate_choices,
           "What deactivating the connection does to its controllers"),
    CHOICE(NMNVME_KEY_ON_LINK_LOSS, "on-link-loss", "keep", on_link_loss_choices,
           "What losing the link does to the controllers (keep: the kernel reconnects)"),
    SECRET(NMNVME_KEY_DHCHAP_SECRET, "dhchap-secret",
           "Host DH-HMAC-CHAP secret for in-band authentication (DHHC-1:HH:BASE64:)"),
    SECRET(NMNVME_KEY_DHCHAP_CTRL_SECRET, "dhchap-ctrl-secret",
           "Controller DH-HMAC-CHAP secret for bidirectional authentication (DHHC-1:HH:BASE64:)"),
    CHOICE(NMNVME_KEY_TLS, "tls", "no", tls_choices,
           "NVMe/TCP TLS 1.3 secure channels: yes = for every controller, auto = where the "
           "discovery log entry asks for it (TREQ/TSAS); an entry that requires a secure channel "
           "is never connected without TLS; concat = secure channel concatenation: every I/O "
           "controller authenticates with DH-HMAC-CHAP (needs dhchap-secret) and runs over TLS "
           "with the PSK the kernel derives from it (kernel option concat, Linux 6.15 or later)"),
    SECRET(NMNVME_KEY_TLS_KEY, "tls-key",
           "Configured TLS PSK (NVMeTLSkey-1:HH:BASE64:, as nvme gen-tls-key writes it); unset: the "
           "kernel uses a retained PSK from the .nvme keyring"),
};

typedef union {
    gboolean   b;
    gint64     i;
    guint      choice;
    GPtrArray *list;
    char      *secret;
} Value;

struct _NMNvmeSettings {
    gboolean set[NMNVME_N_KEYS]; /* given explicitly */
    gboolean has[NMNVME_N_KEYS]; /* a value, given or default */
    Value    v[NMNVME_N_KEYS];
};

/* The text form of a SECRET key: its validator (nmnvme-dhchap.h,
 * nmnvme-tls-psk.h) and how the documentation names it. */
typedef struct {
    const char *description;
    gboolean (*validate)(const char *text, GError **error);
} SecretForm;

static const SecretForm *
secret_form(NMNvmeKey key)
{
    static const SecretForm dhchap = { "DH-HMAC-CHAP secret", nmnvme_dhchap_key_validate };
    static const SecretForm psk    = { "TLS PSK (NVMeTLSkey-1:HH:BASE64:)", nmnvme_tls_psk_validate };

    return key == NMNVME_KEY_TLS_KEY ? &psk : &dhchap;
}

/*****************************************************************************/

const NMNvmeSettingInfo *
nmnvme_setting_info(NMNvmeKey key)
{
    g_return_val_if_fail(key < NMNVME_N_KEYS, NULL);
    return &schema[key];
}

const NMNvmeSettingInfo *
nmnvme_setting_info_lookup(const char *name)
{
    g_return_val_if_fail(name, NULL);

    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        if (strcmp(schema[k].name, name) == 0)
            return &schema[k];
    }
    return NULL;
}

char *
nmnvme_setting_info_describe_values(const NMNvmeSettingInfo *info)
{
    switch (info->type) {
    case NMNVME_TYPE_BOOL:
        return g_strdup("yes | no");
    case NMNVME_TYPE_INT:
        return g_strdup_printf("integer %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                               info->min,
                               info->max);
    case NMNVME_TYPE_CHOICE:
        return g_strjoinv(" | ", (char **) info->choices);
    case NMNVME_TYPE_URI_LIST:
        return g_strdup("NVMe URIs, space-separated");
    case NMNVME_TYPE_FILTER_LIST:
        return g_strdup("filters, space-separated");
    case NMNVME_TYPE_SECRET:
        return g_strdup(secret_form(info->key)->description);
    }
    g_return_val_if_reached(NULL);
}

/*****************************************************************************/
/* Value parsers: each fills @v from @text or fails saying why (the caller
 * adds the key and the masked value). */

static gboolean
parse_bool(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    static const char *const yes[] = { "yes", "true", "on", "1", NULL };
    static const char *const no[]  = { "no", "false", "off", "0", NULL };

    for (guint i = 0; yes[i]; i++) {
        if (g_ascii_strcasecmp(text, yes[i]) == 0 || g_ascii_strcasecmp(text, no[i]) == 0) {
            v->b = g_ascii_strcasecmp(text, yes[i]) == 0;
            return TRUE;
        }
    }
    return nmnvme_error_invalid(error, "must be yes or no");
}

static gboolean
parse_int(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    if (!g_ascii_string_to_signed(text, 10, info->min, info->max, &v->i, NULL))
        return nmnvme_error_invalid(error,
                                    "must be an integer between %" G_GINT64_FORMAT
                                    " and %" G_GINT64_FORMAT,
                                    info->min,
                                    info->max);
    /* The one key with a hole in its range (nvme-stas coerced 1 to 2 silently). */
    if (info->key == NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC && v->i == 1)
        return nmnvme_error_invalid(error, "must be 0 (never give up) or at least 2");
    return TRUE;
}

static gboolean
parse_choice(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    g_autofree char *all = NULL;

    for (guint i = 0; info->choices[i]; i++) {
        if (g_ascii_strcasecmp(text, info->choices[i]) == 0) {
            v->choice = i;
            return TRUE;
        }
    }
    all = g_strjoinv(", ", (char **) info->choices);
    return nmnvme_error_invalid(error, "must be one of %s", all);
}

static gpointer
parse_item(const NMNvmeSettingInfo *info, const char *text, GError **error)
{
    if (info->type == NMNVME_TYPE_URI_LIST)
        return nmnvme_uri_parse(text, info->uri_kind, error);
    return nmnvme_filter_parse(text, error);
}

static gboolean
item_equal(const NMNvmeSettingInfo *info, gconstpointer a, gconstpointer b)
{
    if (info->type == NMNVME_TYPE_URI_LIST)
        return nmnvme_uri_equal(a, b);
    return nmnvme_filter_equal(a, b);
}

static char *
item_to_string(const NMNvmeSettingInfo *info, gconstpointer item)
{
    if (info->type == NMNVME_TYPE_URI_LIST)
        return nmnvme_uri_to_string(item);
    return nmnvme_filter_to_string(item);
}

static GDestroyNotify
item_free_func(const NMNvmeSettingInfo *info)
{
    if (info->type == NMNVME_TYPE_URI_LIST)
        return (GDestroyNotify) nmnvme_uri_unref;
    return (GDestroyNotify) nmnvme_filter_free;
}

static gboolean
list_contains(const NMNvmeSettingInfo *info, GPtrArray *list, gconstpointer item)
{
    for (guint i = 0; i < list->len; i++) {
        if (item_equal(info, list->pdata[i], item))
            return TRUE;
    }
    return FALSE;
}

static gboolean
parse_list(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(item_free_func(info));
    g_auto(GStrv) words       = g_strsplit_set(text, " \t\n", -1);

    for (char **w = words; *w; w++) {
        gpointer item;

        if (!**w)
            continue;
        item = parse_item(info, *w, error);
        if (!item)
            return FALSE;
        if (list_contains(info, list, item)) {
            item_free_func(info)(item);
            return nmnvme_error_invalid(error, "'%s' is listed twice", *w);
        }
        g_ptr_array_add(list, item);
    }
    v->list = g_steal_pointer(&list);
    return TRUE;
}

static gboolean
parse_secret(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    if (!secret_form(info->key)->validate(text, error))
        return FALSE;
    v->secret = g_strdup(text);
    return TRUE;
}

static gboolean
parse_value(const NMNvmeSettingInfo *info, const char *text, Value *v, GError **error)
{
    switch (info->type) {
    case NMNVME_TYPE_BOOL:
        return parse_bool(info, text, v, error);
    case NMNVME_TYPE_INT:
        return parse_int(info, text, v, error);
    case NMNVME_TYPE_CHOICE:
        return parse_choice(info, text, v, error);
    case NMNVME_TYPE_URI_LIST:
    case NMNVME_TYPE_FILTER_LIST:
        return parse_list(info, text, v, error);
    case NMNVME_TYPE_SECRET:
        return parse_secret(info, text, v, error);
    }
    g_return_val_if_reached(FALSE);
}

static void
value_clear(const NMNvmeSettingInfo *info, Value *v)
{
    switch (info->type) {
    case NMNVME_TYPE_URI_LIST:
    case NMNVME_TYPE_FILTER_LIST:
        g_clear_pointer(&v->list, g_ptr_array_unref);
        break;
    case NMNVME_TYPE_SECRET:
        g_clear_pointer(&v->secret, nmnvme_secret_free);
        break;
    case NMNVME_TYPE_BOOL:
    case NMNVME_TYPE_INT:
    case NMNVME_TYPE_CHOICE:
        break;
    }
}

static char *
value_to_string(const NMNvmeSettingInfo *info, const Value *v)
{
    GString *s;

    switch (info->type) {
    case NMNVME_TYPE_BOOL:
        return g_strdup(v->b ? "yes" : "no");
    case NMNVME_TYPE_INT:
        return g_strdup_printf("%" G_GINT64_FORMAT, v->i);
    case NMNVME_TYPE_CHOICE:
        return g_strdup(info->choices[v->choice]);
    case NMNVME_TYPE_URI_LIST:
    case NMNVME_TYPE_FILTER_LIST:
        s = g_string_new(NULL);
        for (guint i = 0; i < v->list->len; i++) {
            g_autofree char *item = item_to_string(info, v->list->pdata[i]);

            g_string_append_printf(s, "%s%s", i ? " " : "", item);
        }
        return g_string_free(s, FALSE);
    case NMNVME_TYPE_SECRET:
        return g_strdup(v->secret);
    }
    g_return_val_if_reached(NULL);
}

static gboolean
value_equal(const NMNvmeSettingInfo *info, const Value *a, const Value *b)
{
    g_autoptr(NMNvmeSecret) sa = value_to_string(info, a);
    g_autoptr(NMNvmeSecret) sb = value_to_string(info, b);

    return strcmp(sa, sb) == 0;
}

/*****************************************************************************/

static NMNvmeSettings *
settings_alloc(void)
{
    NMNvmeSettings *s = g_atomic_rc_box_new0(NMNvmeSettings);

    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const NMNvmeSettingInfo *info = &schema[k];

        if (!info->default_value)
            continue;
        if (!parse_value(info, info->default_value, &s->v[k], NULL))
            g_return_val_if_reached(s); /* the schema's defaults are tested */
        s->has[k] = TRUE;
    }
    return s;
}

static void
settings_clear(NMNvmeSettings *s)
{
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        value_clear(&schema[k], &s->v[k]);
}

NMNvmeSettings *
nmnvme_settings_ref(NMNvmeSettings *settings)
{
    g_return_val_if_fail(settings, NULL);
    return g_atomic_rc_box_acquire(settings);
}

void
nmnvme_settings_unref(NMNvmeSettings *settings)
{
    if (settings)
        g_atomic_rc_box_release_full(settings, (GDestroyNotify) settings_clear);
}

NMNvmeSettings *
nmnvme_settings_new_default(void)
{
    return settings_alloc();
}

static const char *
masked(const NMNvmeSettingInfo *info, const char *text)
{
    return info->type == NMNVME_TYPE_SECRET ? NMNVME_SECRET_MASK : text;
}

static gboolean
set_key(NMNvmeSettings *s, const char *name, const char *raw, GError **error)
{
    const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(name);
    g_autoptr(NMNvmeSecret) text  = g_strstrip(g_strdup(raw ? raw : ""));
    g_autoptr(GError) local       = NULL;
    Value v                       = { 0 };

    if (!nmnvme_utf8_check_key("nvme.* settings", name, error)
        || !nmnvme_utf8_check_value(name, raw, error))
        return FALSE;
    if (!info) {
        const char *names[NMNVME_N_KEYS + 1] = { NULL };
        const char *hint;

        for (guint k = 0; k < NMNVME_N_KEYS; k++)
            names[k] = schema[k].name;
        hint = nmnvme_suggest(name, names);
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_UNKNOWN_SETTING,
                    "%s: unknown setting%s%s%s",
                    name,
                    hint ? ", did you mean '" : "",
                    hint ? hint : "",
                    hint ? "'?" : "");
        return FALSE;
    }
    if (!parse_value(info, text, &v, &local)) {
        if (info->type == NMNVME_TYPE_URI_LIST || info->type == NMNVME_TYPE_FILTER_LIST)
            return nmnvme_error_invalid(error, "%s: %s", name, local->message);
        return nmnvme_error_invalid(error,
                                    "%s: invalid value '%s': %s",
                                    name,
                                    masked(info, text),
                                    local->message);
    }
    value_clear(info, &s->v[info->key]);
    s->v[info->key]   = v;
    s->set[info->key] = s->has[info->key] = TRUE;
    return TRUE;
}

/* Rules that involve more than one key. */
static gboolean
check_consistency(const NMNvmeSettings *s, GError **error)
{
    if (s->set[NMNVME_KEY_DHCHAP_CTRL_SECRET] && !s->set[NMNVME_KEY_DHCHAP_SECRET])
        return nmnvme_error_invalid(error,
                                    "%s: bidirectional authentication also needs %s",
                                    schema[NMNVME_KEY_DHCHAP_CTRL_SECRET].name,
                                    schema[NMNVME_KEY_DHCHAP_SECRET].name);
    if (s->set[NMNVME_KEY_TLS_KEY] && s->v[NMNVME_KEY_TLS].choice == NMNVME_TLS_NO)
        return nmnvme_error_invalid(error,
                                    "%s: a configured PSK needs %s yes or auto",
                                    schema[NMNVME_KEY_TLS_KEY].name,
                                    schema[NMNVME_KEY_TLS].name);
    if (s->v[NMNVME_KEY_TLS].choice == NMNVME_TLS_CONCAT) {
        /* the kernel refuses concat without dhchap_secret, and with tls_key */
        if (!s->set[NMNVME_KEY_DHCHAP_SECRET])
            return nmnvme_error_invalid(error,
                                        "%s: concat (secure channel concatenation) needs %s: "
                                        "the TLS PSK is derived from the DH-HMAC-CHAP exchange",
                                        schema[NMNVME_KEY_TLS].name,
                                        schema[NMNVME_KEY_DHCHAP_SECRET].name);
        if (s->set[NMNVME_KEY_TLS_KEY])
            return nmnvme_error_invalid(error,
                                        "%s: a configured PSK cannot be used with %s concat "
                                        "(the kernel derives the PSK)",
                                        schema[NMNVME_KEY_TLS_KEY].name,
                                        schema[NMNVME_KEY_TLS].name);
    }
    return TRUE;
}

static int
compare_key_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

NMNvmeSettings *
nmnvme_settings_new_from_data(GHashTable *data, GError **error)
{
    g_autoptr(NMNvmeSettings) s = NULL;
    g_autofree const char **keys = NULL;
    guint n_keys                 = 0;

    g_return_val_if_fail(data, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    s    = settings_alloc();
    keys = (const char **) g_hash_table_get_keys_as_array(data, &n_keys);
    qsort(keys, n_keys, sizeof(keys[0]), compare_key_names);
    for (guint i = 0; i < n_keys; i++) {
        if (!g_str_has_prefix(keys[i], PREFIX))
            continue;
        if (!set_key(s, keys[i], g_hash_table_lookup(data, keys[i]), error))
            return NULL;
    }
    if (!check_consistency(s, error))
        return NULL;
    return g_steal_pointer(&s);
}

/*****************************************************************************/

static gboolean
check_type(NMNvmeKey key, NMNvmeSettingType type)
{
    g_return_val_if_fail(key < NMNVME_N_KEYS, FALSE);
    g_return_val_if_fail(schema[key].type == type, FALSE);
    return TRUE;
}

gboolean
nmnvme_settings_is_set(const NMNvmeSettings *settings, NMNvmeKey key)
{
    g_return_val_if_fail(settings && key < NMNVME_N_KEYS, FALSE);
    return settings->set[key];
}

gboolean
nmnvme_settings_get_bool(const NMNvmeSettings *settings, NMNvmeKey key)
{
    g_return_val_if_fail(settings && check_type(key, NMNVME_TYPE_BOOL), FALSE);
    return settings->v[key].b;
}

gboolean
nmnvme_settings_get_int(const NMNvmeSettings *settings, NMNvmeKey key, gint64 *out_value)
{
    g_return_val_if_fail(settings && check_type(key, NMNVME_TYPE_INT), FALSE);
    if (!settings->has[key])
        return FALSE;
    if (out_value)
        *out_value = settings->v[key].i;
    return TRUE;
}

guint
nmnvme_settings_get_choice(const NMNvmeSettings *settings, NMNvmeKey key)
{
    g_return_val_if_fail(settings && check_type(key, NMNVME_TYPE_CHOICE), 0);
    return settings->v[key].choice;
}

GPtrArray *
nmnvme_settings_get_uris(const NMNvmeSettings *settings, NMNvmeKey key)
{
    g_return_val_if_fail(settings && check_type(key, NMNVME_TYPE_URI_LIST), NULL);
    return settings->v[key].list;
}

GPtrArray *
nmnvme_settings_get_filters(const NMNvmeSettings *settings)
{
    g_return_val_if_fail(settings, NULL);
    return settings->v[NMNVME_KEY_EXCLUDE].list;
}

const char *
nmnvme_settings_get_secret(const NMNvmeSettings *settings, NMNvmeKey key)
{
    g_return_val_if_fail(settings && check_type(key, NMNVME_TYPE_SECRET), NULL);
    return settings->v[key].secret;
}

NMNvmeTlsMode
nmnvme_settings_get_tls(const NMNvmeSettings *settings)
{
    return (NMNvmeTlsMode) nmnvme_settings_get_choice(settings, NMNVME_KEY_TLS);
}

const char *
nmnvme_settings_get_tls_key(const NMNvmeSettings *settings)
{
    return nmnvme_settings_get_secret(settings, NMNVME_KEY_TLS_KEY);
}

GHashTable *
nmnvme_settings_to_data(const NMNvmeSettings *settings, NMNvmeSettingsSerializeFlags flags)
{
    GHashTable *data = nmnvme_secret_dict_new();

    g_return_val_if_fail(settings, data);

    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        if (!settings->set[k])
            continue;
        if (schema[k].type == NMNVME_TYPE_SECRET
            && !(flags & NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS))
            continue;
        g_hash_table_insert(data,
                            g_strdup(schema[k].name),
                            value_to_string(&schema[k], &settings->v[k]));
    }
    return data;
}

char *
nmnvme_settings_to_string(const NMNvmeSettings *settings)
{
    GString *s = g_string_new(NULL);

    g_return_val_if_fail(settings, g_string_free(s, FALSE));

    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        g_autofree char *text = NULL;

        if (!settings->set[k])
            continue;
        if (schema[k].type != NMNVME_TYPE_SECRET)
            text = value_to_string(&schema[k], &settings->v[k]);
        g_string_append_printf(s,
                               "%s%s=%s",
                               s->len ? " " : "",
                               schema[k].name,
                               text ? text : NMNVME_SECRET_MASK);
    }
    return g_string_free(s, FALSE);
}

gboolean
nmnvme_settings_equal(const NMNvmeSettings *a, const NMNvmeSettings *b)
{
    g_return_val_if_fail(a && b, FALSE);

    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        if (a->set[k] != b->set[k])
            return FALSE;
        if (a->set[k] && !value_equal(&schema[k], &a->v[k], &b->v[k]))
            return FALSE;
    }
    return TRUE;
}
