/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-settings-roundtrip.c: a property test over every key of the schema:
 * random valid values (fixed seed) parse, their canonical form
 * (nmnvme_settings_to_data()) parses back to equal settings, and the
 * canonical form of anything that parses is a fixed point. Everything that
 * re-sends settings (the dispatcher's Attach, the VPN service, the editor,
 * the ownership record) relies on it.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-nqn.h"
#include "nmnvme-settings.h"

#define SEED     14
#define N_VALUES 300 /* per key */
#define N_MUTANT 300 /* per key */

static gboolean
coin(GRand *r, gint32 one_in)
{
    return g_rand_int_range(r, 0, one_in) == 0;
}

static const char *
pick(GRand *r, const char *const *words)
{
    return words[g_rand_int_range(r, 0, (gint32) g_strv_length((char **) words))];
}

/* @s (consumed) with each letter's case chosen at random: the parsers
 * ignore case where the canonical form fixes it. */
static char *
random_case(GRand *r, char *s)
{
    for (char *p = s; *p; p++)
        *p = coin(r, 2) ? g_ascii_toupper(*p) : g_ascii_tolower(*p);
    return s;
}

static char *
gen_bool(GRand *r)
{
    static const char *const words[] = {
        "yes", "no", "true", "false", "on", "off", "1", "0", NULL
    };

    return random_case(r, g_strdup(pick(r, words)));
}

static char *
gen_int(GRand *r, const NMNvmeSettingInfo *info)
{
    gint64 v = info->min + (gint64) (g_rand_double(r) * (double) (info->max - info->min));

    if (coin(r, 4))
        v = coin(r, 2) ? info->min : info->max;
    /* the schema's one hole: connect-attempts-on-ncc=1 */
    if (info->key == NMNVME_KEY_CONNECT_ATTEMPTS_ON_NCC && v == 1)
        v = 2;
    return g_strdup_printf("%" G_GINT64_FORMAT, v);
}

static char *
gen_choice(GRand *r, const NMNvmeSettingInfo *info)
{
    return random_case(r, g_strdup(pick(r, info->choices)));
}

/* A unicast IPv4 address (URIs refuse 0.0.0.0 and multicast). */
static char *
gen_ipv4(GRand *r)
{
    return g_strdup_printf("%d.%d.%d.%d",
                           g_rand_int_range(r, 1, 224),
                           g_rand_int_range(r, 0, 256),
                           g_rand_int_range(r, 0, 256),
                           g_rand_int_range(r, 0, 256));
}

/* A unicast IPv6 address, spelled out or compressed, in any case. */
static char *
gen_ipv6(GRand *r)
{
    g_autoptr(GInetAddress) a = NULL;
    guint8 bytes[16];

    for (guint i = 0; i < 16; i++)
        bytes[i] = coin(r, 3) ? 0 : (guint8) g_rand_int_range(r, 0, 256);
    bytes[0] = MIN(bytes[0], 0xfe); /* not ff00::/8 */
    bytes[15] |= 1;                 /* not :: */
    if (coin(r, 2)) {
        GString *s = g_string_new(NULL);

        for (guint i = 0; i < 16; i += 2)
            g_string_append_printf(s, "%s%02x%02x", i ? ":" : "", bytes[i], bytes[i + 1]);
        return random_case(r, g_string_free(s, FALSE));
    }
    a = g_inet_address_new_from_bytes(bytes, G_SOCKET_FAMILY_IPV6);
    return random_case(r, g_inet_address_to_string(a));
}

/* A valid NQN: "nqn." and printable ASCII, up to the maximum length; none
 * of @avoid. */
static char *
gen_nqn(GRand *r, const char *avoid)
{
    gint32   len = coin(r, 10) ? NMNVME_NQN_MAX_LEN : g_rand_int_range(r, 5, 40);
    GString *s   = g_string_new("nqn.");

    while ((gint32) s->len < len) {
        char c = (char) g_rand_int_range(r, 0x21, 0x7f);

        if (!strchr(avoid, c))
            g_string_append_c(s, c);
    }
    return g_string_free(s, FALSE);
}

/* @nqn as a URI path: '%', '/', '?' and '#' always percent-encoded (a
 * parser would misread them), any other character at random. */
static void
append_path(GRand *r, GString *s, const char *nqn)
{
    for (const char *p = nqn; *p; p++) {
        if (strchr("%/?#", *p) || coin(r, 8))
            g_string_append_printf(s, coin(r, 2) ? "%%%02X" : "%%%02x", (guint8) *p);
        else
            g_string_append_c(s, *p);
    }
}

static char *
gen_uri(GRand *r, NMNvmeUriKind kind)
{
    GString         *s = g_string_new(NULL);
    g_autofree char *a = coin(r, 2) ? gen_ipv4(r) : gen_ipv6(r);
    g_autofree char *n = NULL;

    g_string_append(s, coin(r, 4) ? "NVME+tcp://" : "nvme+tcp://");
    g_string_append_printf(s, strchr(a, ':') ? "[%s]" : "%s", a);
    if (coin(r, 2))
        g_string_append_printf(s, ":%d", g_rand_int_range(r, 1, 65536));
    if (kind == NMNVME_URI_DISCOVERY && coin(r, 3)) {
        static const char *const tails[] = { "", "/", "/" NMNVME_NQN_DISCOVERY, NULL };

        g_string_append(s, pick(r, tails));
        return g_string_free(s, FALSE);
    }
    n = gen_nqn(r, "");
    g_string_append_c(s, '/');
    append_path(r, s, n);
    return g_string_free(s, FALSE);
}

static char *
gen_filter_field(GRand *r, guint field)
{
    static const char *const transports[] = { "tcp", "rdma", "fc", "loop", NULL };
    g_autofree char         *v            = NULL;

    switch (field) {
    case 0:
        return g_strdup_printf("transport=%s", pick(r, transports));
    case 1:
        v = coin(r, 2) ? gen_ipv4(r) : gen_ipv6(r);
        return g_strdup_printf("traddr=%s", v);
    case 2:
        return g_strdup_printf("trsvcid=%s%d",
                               coin(r, 4) ? "00" : "",
                               g_rand_int_range(r, 1, 65536));
    default:
        /* ',' separates the fields */
        v = gen_nqn(r, ",");
        return g_strdup_printf("subsysnqn=%s", v);
    }
}

/* One to four distinct fields in random order. */
static char *
gen_filter(GRand *r)
{
    guint    order[4] = { 0, 1, 2, 3 };
    guint    n        = g_rand_int_range(r, 1, 5);
    GString *s        = g_string_new(NULL);

    for (guint i = 3; i > 0; i--) {
        guint j  = g_rand_int_range(r, 0, i + 1);
        guint t  = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (guint i = 0; i < n; i++) {
        g_autofree char *f = gen_filter_field(r, order[i]);

        g_string_append_printf(s, "%s%s", i ? "," : "", f);
    }
    return g_string_free(s, FALSE);
}

static char *
gen_item(GRand *r, const NMNvmeSettingInfo *info)
{
    return info->type == NMNVME_TYPE_URI_LIST ? gen_uri(r, info->uri_kind) : gen_filter(r);
}

/* Whether @item equals one of @items (a list refuses those as "listed
 * twice"). */
static gboolean
listed(const NMNvmeSettingInfo *info, GPtrArray *items, const char *item)
{
    for (guint i = 0; i < items->len; i++) {
        g_autoptr(GHashTable) d     = g_hash_table_new(g_str_hash, g_str_equal);
        g_autofree char *two        = g_strdup_printf("%s %s", (char *) items->pdata[i], item);
        g_autoptr(NMNvmeSettings) s = NULL;

        g_hash_table_insert(d, (char *) info->name, two);
        s = nmnvme_settings_new_from_data(d, NULL);
        if (!s)
            return TRUE;
    }
    return FALSE;
}

/* Zero to four distinct items, separated by random whitespace. */
static char *
gen_list(GRand *r, const NMNvmeSettingInfo *info)
{
    static const char *const seps[] = { " ", "  ", "\t", "\n", " \t ", NULL };
    g_autoptr(GPtrArray) items      = g_ptr_array_new_with_free_func(g_free);
    guint    n                      = g_rand_int_range(r, 0, 5);
    GString *s                      = g_string_new(coin(r, 4) ? " " : "");

    while (items->len < n) {
        char *item = gen_item(r, info);

        if (listed(info, items, item)) {
            g_free(item);
            continue;
        }
        g_string_append_printf(s, "%s%s", items->len ? pick(r, seps) : "", item);
        g_ptr_array_add(items, item);
    }
    return g_string_free(s, FALSE);
}

/* CRC-32 (IEEE 802.3), written here as the test's own oracle. */
static guint32
crc32(const guint8 *data, gsize len)
{
    guint32 crc = ~0u;

    for (gsize i = 0; i < len; i++) {
        crc ^= data[i];
        for (guint b = 0; b < 8; b++)
            crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

/* DHHC-1:0H:BASE64(key || CRC-32 little-endian): (H 0..3, key 32, 48 or 64
 * bytes), or for the TLS PSK NVMeTLSkey-1:0H:...: (H 0..2, key 32 for 01,
 * 48 for 02, either for 00). */
static char *
gen_secret(GRand *r, NMNvmeKey key)
{
    static const guint sizes[] = { 32, 48, 64 };
    gboolean           psk     = key == NMNVME_KEY_TLS_KEY;
    guint              hash    = g_rand_int_range(r, 0, psk ? 3 : 4);
    guint              len     = psk && hash ? sizes[hash - 1] : sizes[g_rand_int_range(r, 0, psk ? 2 : 3)];
    guint8             raw[68];
    g_autofree char   *b64 = NULL;
    guint32            crc;

    for (guint i = 0; i < len; i++)
        raw[i] = (guint8) g_rand_int_range(r, 0, 256);
    crc = crc32(raw, len);
    for (guint i = 0; i < 4; i++)
        raw[len + i] = (guint8) (crc >> (8 * i));
    b64 = g_base64_encode(raw, len + 4);
    return g_strdup_printf("%s:0%u:%s:", psk ? "NVMeTLSkey-1" : "DHHC-1", hash, b64);
}

static char *
gen_value(GRand *r, const NMNvmeSettingInfo *info)
{
    switch (info->type) {
    case NMNVME_TYPE_BOOL:
        return gen_bool(r);
    case NMNVME_TYPE_INT:
        return gen_int(r, info);
    case NMNVME_TYPE_CHOICE:
        return gen_choice(r, info);
    case NMNVME_TYPE_URI_LIST:
    case NMNVME_TYPE_FILTER_LIST:
        return gen_list(r, info);
    case NMNVME_TYPE_SECRET:
        return gen_secret(r, info->key);
    }
    g_assert_not_reached();
}

/*****************************************************************************/

/* The settings with @key = @value; the controller secret needs a host
 * secret, the TLS PSK TLS. */
static NMNvmeSettings *
parse_one(NMNvmeKey key, const char *value, GError **error)
{
    g_autoptr(GHashTable) d = g_hash_table_new(g_str_hash, g_str_equal);

    g_hash_table_insert(d, (char *) nmnvme_setting_info(key)->name, (char *) value);
    /* the companions a value needs: a controller secret or nvme.tls=concat
     * needs the host secret */
    if (key == NMNVME_KEY_DHCHAP_CTRL_SECRET || key == NMNVME_KEY_TLS)
        g_hash_table_insert(d,
                            (char *) nmnvme_setting_info(NMNVME_KEY_DHCHAP_SECRET)->name,
                            (char *) "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:");
    if (key == NMNVME_KEY_TLS_KEY)
        g_hash_table_insert(d, (char *) nmnvme_setting_info(NMNVME_KEY_TLS)->name, (char *) "yes");
    return nmnvme_settings_new_from_data(d, error);
}

static char *
canonical(const NMNvmeSettings *s, NMNvmeKey key)
{
    g_autoptr(GHashTable) data = nmnvme_settings_to_data(s, NMNVME_SETTINGS_SERIALIZE_WITH_SECRETS);

    return g_strdup(g_hash_table_lookup(data, nmnvme_setting_info(key)->name));
}

/* Whether two settings hold the same URIs, compared as URIs. */
static void
assert_same_uris(const NMNvmeSettings *a, const NMNvmeSettings *b, NMNvmeKey key)
{
    GPtrArray *ua = nmnvme_settings_get_uris(a, key);
    GPtrArray *ub = nmnvme_settings_get_uris(b, key);

    g_assert_cmpuint(ua->len, ==, ub->len);
    for (guint i = 0; i < ua->len; i++) {
        g_assert_true(nmnvme_uri_equal(ua->pdata[i], ub->pdata[i]));
        g_assert_cmpstr(nmnvme_uri_get_nqn(ua->pdata[i]), ==, nmnvme_uri_get_nqn(ub->pdata[i]));
    }
}

/* @s parsed from some text: its canonical form parses back to equal
 * settings and is a fixed point. */
static void
assert_round_trip(const NMNvmeSettings *s, NMNvmeKey key, const char *from)
{
    g_autoptr(GError) error        = NULL;
    g_autofree char *text          = canonical(s, key);
    g_autoptr(NMNvmeSettings) back = parse_one(key, text, &error);
    g_autofree char *again         = NULL;

    if (error)
        g_test_message("%s: '%s' gave '%s': %s",
                       nmnvme_setting_info(key)->name,
                       from,
                       text,
                       error->message);
    g_assert_no_error(error);
    g_assert_true(nmnvme_settings_equal(s, back));
    if (nmnvme_setting_info(key)->type == NMNVME_TYPE_URI_LIST)
        assert_same_uris(s, back, key);
    again = canonical(back, key);
    g_assert_cmpstr(again, ==, text);
}

static void
test_valid_values(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED);

    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        for (guint i = 0; i < N_VALUES; i++) {
            g_autofree char *value      = gen_value(r, nmnvme_setting_info(key));
            g_autoptr(GError) error     = NULL;
            g_autoptr(NMNvmeSettings) s = parse_one(key, value, &error);

            if (error)
                g_test_message("%s='%s': %s",
                               nmnvme_setting_info(key)->name,
                               value,
                               error->message);
            g_assert_no_error(error);
            assert_round_trip(s, key, value);
        }
    }
}

/* A valid value with a few characters inserted, replaced or removed. */
static char *
mutate(GRand *r, const char *value)
{
    static const char chars[] = "%@/:[]?#,= \t.0123456789abcdefABCDEFnqvmtcp+-_xyz\x7f\x80\xc3\xa9";
    GString          *s       = g_string_new(value);
    guint             n       = g_rand_int_range(r, 1, 4);

    for (guint i = 0; i < n; i++) {
        guint at = s->len ? g_rand_int_range(r, 0, s->len) : 0;
        char  c  = chars[g_rand_int_range(r, 0, sizeof(chars) - 1)];

        switch (g_rand_int_range(r, 0, 3)) {
        case 0:
            g_string_insert_c(s, at, c);
            break;
        case 1:
            if (s->len)
                s->str[at] = c;
            break;
        default:
            if (s->len)
                g_string_erase(s, at, 1);
            break;
        }
    }
    return g_string_free(s, FALSE);
}

static void
test_parsed_strings_idempotent(void)
{
    g_autoptr(GRand) r = g_rand_new_with_seed(SEED + 1);
    guint parsed       = 0;

    for (NMNvmeKey key = 0; key < NMNVME_N_KEYS; key++) {
        for (guint i = 0; i < N_MUTANT; i++) {
            g_autofree char *value      = gen_value(r, nmnvme_setting_info(key));
            g_autofree char *text       = mutate(r, value);
            g_autoptr(NMNvmeSettings) s = parse_one(key, text, NULL);

            if (!s)
                continue;
            parsed++;
            assert_round_trip(s, key, text);
        }
    }
    g_test_message("%u of %u mutated values parsed", parsed, NMNVME_N_KEYS * N_MUTANT);
    g_assert_cmpuint(parsed, >, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/settings-roundtrip/valid-values", test_valid_values);
    g_test_add_func("/settings-roundtrip/parsed-strings-idempotent",
                    test_parsed_strings_idempotent);
    return g_test_run();
}
