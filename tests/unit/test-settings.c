/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-settings.c: the `nvme.*` schema: defaults, every key's good and bad
 * values, unknown keys, round trips, secrets never printed.
 */
#include "config.h"

#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"
#include "nmnvme-settings.h"
#include "test-util.h"

#define SECRET1 "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define SECRET2 "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:"
/* nvme gen-tls-key -m 1 (nvme-cli 2.13) */
#define PSK1 "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:"

static NMNvmeSettings *
parse1(const char *key, const char *value, GError **error)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict(key, value, NULL);

    return nmnvme_settings_new_from_data(d, error);
}

static void
test_defaults(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    gint64 v                    = 0;

    g_assert_true(nmnvme_settings_get_bool(s, NMNVME_KEY_ENABLED));
    g_assert_false(nmnvme_settings_get_bool(s, NMNVME_KEY_ZEROCONF));
    g_assert_true(nmnvme_settings_get_bool(s, NMNVME_KEY_REGISTER));
    g_assert_true(nmnvme_settings_get_bool(s, NMNVME_KEY_PLEO));
    g_assert_false(nmnvme_settings_get_bool(s, NMNVME_KEY_HDR_DIGEST));
    g_assert_false(nmnvme_settings_get_bool(s, NMNVME_KEY_DATA_DIGEST));
    g_assert_false(nmnvme_settings_get_bool(s, NMNVME_KEY_DISABLE_SQFLOW));
    g_assert_true(nmnvme_settings_get_int(s, NMNVME_KEY_KATO, &v));
    g_assert_cmpint(v, ==, 30);
    g_assert_true(nmnvme_settings_get_int(s, NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC, &v));
    g_assert_cmpint(v, ==, 0);
    /* unset without default: the kernel's default applies, nothing is passed */
    g_assert_false(nmnvme_settings_get_int(s, NMNVME_KEY_CTRL_LOSS_TMO, &v));
    g_assert_false(nmnvme_settings_get_int(s, NMNVME_KEY_QUEUE_SIZE, NULL));
    g_assert_false(nmnvme_settings_get_int(s, NMNVME_KEY_NR_IO_QUEUES, NULL));
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_IP_FAMILY), ==, NMNVME_IP_FAMILY_BOTH);
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_ON_DEACTIVATE),
                     ==,
                     NMNVME_ON_DEACTIVATE_DISCONNECT);
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_ON_LINK_LOSS),
                     ==,
                     NMNVME_ON_LINK_LOSS_KEEP);
    g_assert_cmpuint(nmnvme_settings_get_uris(s, NMNVME_KEY_DISCOVERY)->len, ==, 0);
    g_assert_cmpuint(nmnvme_settings_get_uris(s, NMNVME_KEY_CONTROLLERS)->len, ==, 0);
    g_assert_cmpuint(nmnvme_settings_get_filters(s)->len, ==, 0);
    g_assert_null(nmnvme_settings_get_secret(s, NMNVME_KEY_DHCHAP_SECRET));
    g_assert_cmpuint(nmnvme_settings_get_tls(s), ==, NMNVME_TLS_NO);
    g_assert_null(nmnvme_settings_get_tls_key(s));
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        g_assert_false(nmnvme_settings_is_set(s, k));
}

static void
test_schema_table(void)
{
    for (guint k = 0; k < NMNVME_N_KEYS; k++) {
        const NMNvmeSettingInfo *info = nmnvme_setting_info(k);
        g_autofree char *values       = nmnvme_setting_info_describe_values(info);

        g_assert_cmpint(info->key, ==, k);
        g_assert_true(g_str_has_prefix(info->name, "nvme."));
        g_assert_true(nmnvme_setting_info_lookup(info->name) == info);
        g_assert_nonnull(info->help);
        g_assert_nonnull(values);
        /* each default, given explicitly, parses and reads back as itself */
        if (info->default_value) {
            g_autoptr(GError) error     = NULL;
            g_autoptr(NMNvmeSettings) s = parse1(info->name, info->default_value, &error);
            g_autoptr(GHashTable) out   = NULL;

            g_assert_no_error(error);
            out = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
            g_assert_cmpstr(g_hash_table_lookup(out, info->name), ==, info->default_value);
        }
    }
    g_assert_null(nmnvme_setting_info_lookup("nvme.nope"));
}

/* key, given value, canonical value: every key's accepted forms */
static const struct {
    const char *key;
    const char *value;
    const char *canonical;
} good[] = {
    { "nvme.enabled", "no", "no" },
    { "nvme.enabled", "TRUE", "yes" },
    { "nvme.zeroconf", "on", "yes" },
    { "nvme.zeroconf", "0", "no" },
    { "nvme.zeroconf-grace", "0", "0" },
    { "nvme.zeroconf-grace", "86400", "86400" },
    { "nvme.discovery", "nvme+tcp://192.168.77.100", "nvme+tcp://192.168.77.100" },
    { "nvme.discovery", "  nvme+tcp://10.0.0.1:8009   nvme+tcp://[fe80::1]:8010 ",
      "nvme+tcp://10.0.0.1 nvme+tcp://[fe80::1]:8010" },
    { "nvme.discovery", "", "" },
    { "nvme.controllers", "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:vol1",
      "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:vol1" },
    { "nvme.controllers", "nvme+tcp://10.0.0.1:4420/nqn.2026-01.com.example:a\tnvme+tcp://10.0.0.2/nqn.2026-01.com.example:a",
      "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:a nvme+tcp://10.0.0.2/nqn.2026-01.com.example:a" },
    { "nvme.exclude", "traddr=10.0.0.9 subsysnqn=nqn.2026-01.com.example:scratch,transport=tcp",
      "traddr=10.0.0.9 transport=tcp,subsysnqn=nqn.2026-01.com.example:scratch" },
    { "nvme.register", "false", "no" },
    { "nvme.pleo", "off", "no" },
    { "nvme.kato", "1", "1" },
    { "nvme.kato", " 65535 ", "65535" },
    { "nvme.ctrl-loss-tmo", "-1", "-1" },
    { "nvme.ctrl-loss-tmo", "0", "0" },
    { "nvme.ctrl-loss-tmo", "600", "600" },
    { "nvme.reconnect-delay", "10", "10" },
    { "nvme.nr-io-queues", "4", "4" },
    { "nvme.nr-write-queues", "0", "0" },
    { "nvme.nr-poll-queues", "2", "2" },
    { "nvme.queue-size", "16", "16" },
    { "nvme.queue-size", "1024", "1024" },
    { "nvme.hdr-digest", "yes", "yes" },
    { "nvme.data-digest", "Yes", "yes" },
    { "nvme.disable-sqflow", "1", "yes" },
    { "nvme.ip-family", "ipv4", "ipv4" },
    { "nvme.ip-family", "IPv6", "ipv6" },
    { "nvme.connect-attempts-on-ncc", "0", "0" },
    { "nvme.connect-attempts-on-ncc", "2", "2" },
    { "nvme.on-deactivate", "keep", "keep" },
    { "nvme.on-link-loss", "disconnect", "disconnect" },
    { "nvme.dhchap-secret", SECRET1, SECRET1 },
    { "nvme.tls", "no", "no" },
    { "nvme.tls", "YES", "yes" },
    { "nvme.tls", "auto", "auto" },
};

static void
test_good_values(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(GError) error       = NULL;
        g_autoptr(NMNvmeSettings) s   = parse1(good[i].key, good[i].value, &error);
        g_autoptr(NMNvmeSettings) s2  = NULL;
        g_autoptr(GHashTable) out     = NULL;
        const NMNvmeSettingInfo *info = nmnvme_setting_info_lookup(good[i].key);

        g_test_message("%s=%s", good[i].key, good[i].value);
        g_assert_no_error(error);
        g_assert_true(nmnvme_settings_is_set(s, info->key));
        out = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
        g_assert_cmpuint(g_hash_table_size(out), ==, 1);
        g_assert_cmpstr(g_hash_table_lookup(out, good[i].key), ==, good[i].canonical);
        /* round trip */
        s2 = nmnvme_settings_new_from_data(out, &error);
        g_assert_no_error(error);
        g_assert_true(nmnvme_settings_equal(s, s2));
    }
}

static void
test_typed_values(void)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict("nvme.ip-family", "ipv6", "nvme.on-deactivate", "keep",
                                   "nvme.on-link-loss", "disconnect", "nvme.queue-size", "128",
                                   "nvme.discovery", "nvme+tcp://10.0.0.1 nvme+tcp://10.0.0.2:8010",
                                   "nvme.dhchap-secret", SECRET1, "nvme.dhchap-ctrl-secret",
                                   SECRET2, NULL);
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_from_data(d, &error);
    GPtrArray *uris;
    gint64     v = 0;

    g_assert_no_error(error);
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_IP_FAMILY), ==, NMNVME_IP_FAMILY_IPV6);
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_ON_DEACTIVATE),
                     ==,
                     NMNVME_ON_DEACTIVATE_KEEP);
    g_assert_cmpuint(nmnvme_settings_get_choice(s, NMNVME_KEY_ON_LINK_LOSS),
                     ==,
                     NMNVME_ON_LINK_LOSS_DISCONNECT);
    g_assert_true(nmnvme_settings_get_int(s, NMNVME_KEY_QUEUE_SIZE, &v));
    g_assert_cmpint(v, ==, 128);
    uris = nmnvme_settings_get_uris(s, NMNVME_KEY_DISCOVERY);
    g_assert_cmpuint(uris->len, ==, 2);
    g_assert_cmpstr(nmnvme_uri_get_traddr(uris->pdata[1]), ==, "10.0.0.2");
    g_assert_cmpuint(nmnvme_uri_get_port(uris->pdata[1]), ==, 8010);
    g_assert_cmpstr(nmnvme_settings_get_secret(s, NMNVME_KEY_DHCHAP_SECRET), ==, SECRET1);
    g_assert_cmpstr(nmnvme_settings_get_secret(s, NMNVME_KEY_DHCHAP_CTRL_SECRET), ==, SECRET2);
}

/* key, value, fragment of the expected message (after "KEY: ") */
static const struct {
    const char *key;
    const char *value;
    const char *why;
} bad[] = {
    { "nvme.enabled", "maybe", "invalid value 'maybe': must be yes or no" },
    { "nvme.enabled", "", "invalid value '': must be yes or no" },
    { "nvme.zeroconf", "2", "must be yes or no" },
    { "nvme.zeroconf-grace", "-1", "must be an integer between 0 and 86400" },
    { "nvme.zeroconf-grace", "1m", "must be an integer between 0 and 86400" },
    { "nvme.register", "yess", "must be yes or no" },
    { "nvme.pleo", "enabled", "must be yes or no" },
    { "nvme.hdr-digest", "-", "must be yes or no" },
    { "nvme.data-digest", "y", "must be yes or no" },
    { "nvme.disable-sqflow", "nope", "must be yes or no" },
    { "nvme.kato", "0", "must be an integer between 1 and 65535" },
    { "nvme.kato", "65536", "between 1 and 65535" },
    { "nvme.kato", "30s", "invalid value '30s'" },
    { "nvme.kato", "", "between 1 and 65535" },
    { "nvme.kato", "0x1e", "between 1 and 65535" },
    { "nvme.ctrl-loss-tmo", "-2", "between -1 and 2147483647" },
    { "nvme.ctrl-loss-tmo", "99999999999", "between -1 and 2147483647" },
    { "nvme.reconnect-delay", "0", "between 1 and 86400" },
    { "nvme.nr-io-queues", "0", "between 1 and 65535" },
    { "nvme.nr-write-queues", "-1", "between 0 and 65535" },
    { "nvme.nr-poll-queues", "many", "between 0 and 65535" },
    { "nvme.queue-size", "8", "invalid value '8': must be an integer between 16 and 1024" },
    { "nvme.queue-size", "2048", "between 16 and 1024" },
    { "nvme.queue-size", "1.5", "between 16 and 1024" },
    { "nvme.ip-family", "ipv4+ipv6", "must be one of ipv4, ipv6, both" },
    { "nvme.ip-family", "", "must be one of ipv4, ipv6, both" },
    { "nvme.connect-attempts-on-ncc", "1", "must be 0 (never give up) or at least 2" },
    { "nvme.connect-attempts-on-ncc", "-1", "between 0 and 65535" },
    { "nvme.on-deactivate", "disconnect-all", "must be one of disconnect, keep" },
    { "nvme.on-link-loss", "ignore", "must be one of keep, disconnect" },
    { "nvme.discovery", "192.168.77.100", "invalid NVMe URI '192.168.77.100'" },
    { "nvme.discovery", "nvme+tcp://10.0.0.1 nvme+tcp://10.0.0.1:8009", "is listed twice" },
    { "nvme.discovery", "nvme+tcp://10.0.0.1,nvme+tcp://10.0.0.2", "is not an IP address" },
    { "nvme.discovery", "nvme+tcp://[fe80::1%stor0]", "scoped address" },
    { "nvme.controllers", "nvme+tcp://10.0.0.1", "NQN is required" },
    { "nvme.controllers", "nvme+tcp://10.0.0.1/vol1", "must start with 'nqn.'" },
    { "nvme.exclude", "10.0.0.1", "invalid filter '10.0.0.1'" },
    { "nvme.exclude", "traddr=10.0.0.1 traddr=10.0.0.1", "is listed twice" },
    { "nvme.exclude", "addr=10.0.0.1", "did you mean 'traddr'?" },
    { "nvme.dhchap-secret", "hunter2", "invalid value '<hidden>': secret must have the form" },
    { "nvme.dhchap-secret", "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy5:",
      "invalid value '<hidden>': secret has a wrong CRC-32" },
    { "nvme.dhchap-ctrl-secret", "DHHC-1:09:xyz:", "invalid value '<hidden>'" },
    { "nvme.tls", "required", "must be one of no, yes, auto, concat" },
    { "nvme.tls", "", "must be one of no, yes, auto, concat" },
    { "nvme.tls", "concat", "nvme.tls: concat (secure channel concatenation) needs nvme.dhchap-secret" },
    { "nvme.tls-key", "hunter2", "invalid value '<hidden>': TLS PSK must have the form" },
    { "nvme.tls-key", "NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvB:",
      "invalid value '<hidden>': TLS PSK has a wrong CRC-32" },
    { "nvme.tls-key", SECRET1, "invalid value '<hidden>': TLS PSK must have the form" },
};

static void
test_bad_values(void)
{
    g_assert_cmpuint(G_N_ELEMENTS(bad), >=, 30);
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error     = NULL;
        g_autoptr(NMNvmeSettings) s = parse1(bad[i].key, bad[i].value, &error);
        g_autofree char *prefix     = g_strconcat(bad[i].key, ": ", NULL);

        g_test_message("%s=%s -> %s", bad[i].key, bad[i].value, error ? error->message : "(accepted!)");
        g_assert_null(s);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_true(g_str_has_prefix(error->message, prefix));
        g_assert_nonnull(strstr(error->message, bad[i].why));
        if (nmnvme_setting_info_lookup(bad[i].key)->type == NMNVME_TYPE_SECRET
            && strlen(bad[i].value) > 16)
            g_assert_null(strstr(error->message, bad[i].value + 16));
    }
}

static void
test_unknown_keys(void)
{
    static const struct {
        const char *key;
        const char *hint;
    } rows[] = {
        { "nvme.kto", "did you mean 'nvme.kato'?" },
        { "nvme.Zeroconf", "did you mean 'nvme.zeroconf'?" },
        { "nvme.controller", "did you mean 'nvme.controllers'?" },
        { "nvme.ctrl_loss_tmo", "did you mean 'nvme.ctrl-loss-tmo'?" },
        { "nvme.traddr", NULL },
        { "nvme.", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error     = NULL;
        g_autoptr(NMNvmeSettings) s = parse1(rows[i].key, "1", &error);

        g_test_message("%s -> %s", rows[i].key, error ? error->message : "(accepted!)");
        g_assert_null(s);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_UNKNOWN_SETTING);
        g_assert_true(g_str_has_prefix(error->message, rows[i].key));
        g_assert_nonnull(strstr(error->message, "unknown setting"));
        if (rows[i].hint)
            g_assert_nonnull(strstr(error->message, rows[i].hint));
        else
            g_assert_null(strstr(error->message, "did you mean"));
    }
}

static void
test_foreign_keys_ignored(void)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict("nvme.kato", "45", "my.other", "x", "nvmeish.key", "y",
                                   "NVME.kato", "z", NULL);
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_from_data(d, &error);
    g_autoptr(GHashTable) out   = NULL;

    g_assert_no_error(error);
    out = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS);
    g_assert_cmpuint(g_hash_table_size(out), ==, 1);
    g_assert_cmpstr(g_hash_table_lookup(out, "nvme.kato"), ==, "45");
}

static void
test_one_bad_key_fails_all(void)
{
    g_autoptr(GHashTable) good_d   = nmnvme_test_dict("nvme.kato", "45", "nvme.zeroconf", "yes", NULL);
    g_autoptr(GHashTable) bad_d    = nmnvme_test_dict("nvme.kato", "50", "nvme.zeroconf", "no",
                                          "nvme.queue-size", "4", NULL);
    g_autoptr(GError) error        = NULL;
    g_autoptr(NMNvmeSettings) prev = nmnvme_settings_new_from_data(good_d, &error);
    g_autoptr(NMNvmeSettings) next = NULL;
    g_autofree char *before        = nmnvme_settings_to_string(prev);
    g_autofree char *after         = NULL;

    g_assert_no_error(error);
    next = nmnvme_settings_new_from_data(bad_d, &error);
    g_assert_null(next);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.queue-size: "));
    after = nmnvme_settings_to_string(prev);
    g_assert_cmpstr(before, ==, after);
    g_assert_cmpstr(after, ==, "nvme.zeroconf=yes nvme.kato=45");
}

static void
test_first_bad_key_reported(void)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict("nvme.zeroconf", "x", "nvme.kato", "0", "nvme.queue-size", "1",
                                   NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null(nmnvme_settings_new_from_data(d, &error));
    g_assert_true(g_str_has_prefix(error->message, "nvme.kato: "));
}

static void
test_ctrl_secret_needs_host_secret(void)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMNvmeSettings) s = parse1("nvme.dhchap-ctrl-secret", SECRET2, &error);

    g_assert_null(s);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_cmpstr(error->message,
                    ==,
                    "nvme.dhchap-ctrl-secret: bidirectional authentication also needs "
                    "nvme.dhchap-secret");
}

static void
test_tls(void)
{
    g_autoptr(GHashTable) d     = nmnvme_test_dict("nvme.tls", "auto", "nvme.tls-key", PSK1, NULL);
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_from_data(d, &error);
    g_autoptr(GHashTable) pub   = NULL;
    g_autofree char *text       = NULL;

    g_assert_no_error(error);
    g_assert_cmpuint(nmnvme_settings_get_tls(s), ==, NMNVME_TLS_AUTO);
    g_assert_cmpstr(nmnvme_settings_get_tls_key(s), ==, PSK1);
    g_assert_cmpstr(nmnvme_settings_get_secret(s, NMNVME_KEY_TLS_KEY), ==, PSK1);
    text = nmnvme_settings_to_string(s);
    g_assert_cmpstr(text, ==, "nvme.tls=auto nvme.tls-key=" NMNVME_SECRET_MASK);
    pub = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS);
    g_assert_cmpuint(g_hash_table_size(pub), ==, 1);
    g_assert_false(g_hash_table_contains(pub, "nvme.tls-key"));
    /* no key: the kernel's keyring */
    g_clear_pointer(&s, nmnvme_settings_unref);
    s = parse1("nvme.tls", "yes", &error);
    g_assert_no_error(error);
    g_assert_cmpuint(nmnvme_settings_get_tls(s), ==, NMNVME_TLS_YES);
    g_assert_null(nmnvme_settings_get_tls_key(s));
}

/* A configured PSK with TLS off (unset or `no`) would be ignored: refused. */
static void
test_tls_key_needs_tls(void)
{
    g_autoptr(GHashTable) off = nmnvme_test_dict("nvme.tls", "no", "nvme.tls-key", PSK1, NULL);
    g_autoptr(GHashTable) unset = nmnvme_test_dict("nvme.tls-key", PSK1, NULL);
    GHashTable *cases[]         = { off, unset };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error     = NULL;
        g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_from_data(cases[i], &error);

        g_assert_null(s);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_cmpstr(error->message,
                        ==,
                        "nvme.tls-key: a configured PSK needs nvme.tls yes or auto");
    }
}

/* nvme.tls=concat: the DH-HMAC-CHAP secret is required (the error names
 * nvme.tls and quotes no secret), a configured PSK refused (the kernel
 * derives it). */
static void
test_tls_concat(void)
{
    g_autoptr(GHashTable) ok = nmnvme_test_dict("nvme.tls", "concat", "nvme.dhchap-secret", SECRET1,
                                                NULL);
    g_autoptr(GHashTable) nosecret = nmnvme_test_dict("nvme.tls", "concat", NULL);
    g_autoptr(GHashTable) withkey  = nmnvme_test_dict("nvme.tls", "concat", "nvme.dhchap-secret",
                                                     SECRET1, "nvme.tls-key", PSK1, NULL);
    g_autoptr(GError) error        = NULL;
    g_autoptr(GError) error2       = NULL;
    g_autoptr(NMNvmeSettings) s    = nmnvme_settings_new_from_data(ok, &error);

    g_assert_no_error(error);
    g_assert_cmpuint(nmnvme_settings_get_tls(s), ==, NMNVME_TLS_CONCAT);
    g_assert_null(nmnvme_settings_new_from_data(nosecret, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.tls: "));
    g_assert_nonnull(strstr(error->message, "nvme.dhchap-secret"));
    g_assert_null(nmnvme_settings_new_from_data(withkey, &error2));
    g_assert_error(error2, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error2->message, "nvme.tls-key: "));
    g_assert_null(strstr(error2->message, "NVMeTLSkey"));
    g_assert_null(strstr(error2->message, "DHHC-1"));
}

static void
test_secrets_never_printed(void)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict("nvme.dhchap-secret", SECRET1, "nvme.dhchap-ctrl-secret",
                                   SECRET2, "nvme.kato", "10", NULL);
    g_autoptr(NMNvmeSettings) s     = nmnvme_settings_new_from_data(d, NULL);
    g_autoptr(NMNvmeSettings) plain = NULL;
    g_autoptr(GHashTable) public    = NULL;
    g_autoptr(GHashTable) all       = NULL;
    g_autofree char *text           = nmnvme_settings_to_string(s);

    g_assert_cmpstr(text,
                    ==,
                    "nvme.kato=10 nvme.dhchap-secret=" NMNVME_SECRET_MASK
                    " nvme.dhchap-ctrl-secret=" NMNVME_SECRET_MASK);
    public = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_NO_SECRETS);
    g_assert_cmpuint(g_hash_table_size(public), ==, 1);
    g_assert_false(g_hash_table_contains(public, "nvme.dhchap-secret"));
    all = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    g_assert_cmpstr(g_hash_table_lookup(all, "nvme.dhchap-secret"), ==, SECRET1);
    g_assert_cmpstr(g_hash_table_lookup(all, "nvme.dhchap-ctrl-secret"), ==, SECRET2);
    /* settings differing only in a secret are not equal */
    plain = nmnvme_settings_new_from_data(public, NULL);
    g_assert_false(nmnvme_settings_equal(s, plain));
}

static void
test_round_trip_everything(void)
{
    g_autoptr(GHashTable) d = nmnvme_test_dict(
        "nvme.enabled", "yes", "nvme.zeroconf", "yes", "nvme.zeroconf-grace", "5",
        "nvme.discovery", "nvme+tcp://[2001:db8::1]:8009/nqn.2026-01.com.example:cdc nvme+tcp://10.0.0.1",
        "nvme.controllers", "nvme+tcp://10.0.0.1/nqn.2026-01.com.example:vol1",
        "nvme.exclude", "transport=tcp,trsvcid=4421", "nvme.register", "no", "nvme.pleo", "no",
        "nvme.kato", "60", "nvme.ctrl-loss-tmo", "-1", "nvme.reconnect-delay", "5",
        "nvme.nr-io-queues", "8", "nvme.nr-write-queues", "2", "nvme.nr-poll-queues", "1",
        "nvme.queue-size", "256", "nvme.hdr-digest", "yes", "nvme.data-digest", "yes",
        "nvme.disable-sqflow", "yes", "nvme.ip-family", "ipv4", "nvme.connect-attempts-on-ncc", "3",
        "nvme.on-deactivate", "keep", "nvme.on-link-loss", "disconnect", "nvme.dhchap-secret",
        SECRET1, "nvme.dhchap-ctrl-secret", SECRET2, "nvme.tls", "yes", "nvme.tls-key", PSK1, NULL);
    g_autoptr(GError) error     = NULL;
    g_autoptr(NMNvmeSettings) a = nmnvme_settings_new_from_data(d, &error);
    g_autoptr(NMNvmeSettings) b = NULL;
    g_autoptr(GHashTable) out   = NULL;

    g_assert_no_error(error);
    g_assert_cmpuint(g_hash_table_size(d), ==, NMNVME_N_KEYS);
    out = nmnvme_settings_to_data(a, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);
    g_assert_cmpuint(g_hash_table_size(out), ==, NMNVME_N_KEYS);
    b = nmnvme_settings_new_from_data(out, &error);
    g_assert_no_error(error);
    g_assert_true(nmnvme_settings_equal(a, b));
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        g_assert_true(nmnvme_settings_is_set(b, k));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/settings/defaults", test_defaults);
    g_test_add_func("/settings/schema-table", test_schema_table);
    g_test_add_func("/settings/good-values", test_good_values);
    g_test_add_func("/settings/typed-values", test_typed_values);
    g_test_add_func("/settings/bad-values", test_bad_values);
    g_test_add_func("/settings/unknown-keys", test_unknown_keys);
    g_test_add_func("/settings/foreign-keys-ignored", test_foreign_keys_ignored);
    g_test_add_func("/settings/one-bad-key-fails-all", test_one_bad_key_fails_all);
    g_test_add_func("/settings/first-bad-key-reported", test_first_bad_key_reported);
    g_test_add_func("/settings/ctrl-secret-needs-host-secret", test_ctrl_secret_needs_host_secret);
    g_test_add_func("/settings/tls", test_tls);
    g_test_add_func("/settings/tls-key-needs-tls", test_tls_key_needs_tls);
    g_test_add_func("/settings/tls-concat", test_tls_concat);
    g_test_add_func("/settings/secrets-never-printed", test_secrets_never_printed);
    g_test_add_func("/settings/round-trip-everything", test_round_trip_everything);
    return g_test_run();
}
