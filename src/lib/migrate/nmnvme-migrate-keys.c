/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-keys.c: the key mapping table (nmnvme-migrate-keys.h) and
 * the conversion of a source value into the schema's form.
 */
#include "config.h"

#include "nmnvme-migrate-keys.h"

#include "nmnvme-error.h"
#include "nmnvme-settings.h"

#define S2  NMNVME_MIGRATE_STAS2
#define SYS NMNVME_MIGRATE_STAS2_SYS
#define F   NMNVME_MIGRATE_FABRICS
#define S3  NMNVME_MIGRATE_STAS3_DAEMON
#define D   NMNVME_MIGRATE_DISCOVERY
#define J   NMNVME_MIGRATE_JSON
/* The `nvme connect` options every nvme-cli format shares. */
#define CONNECT (F | D | J)

#define MAPPED(k, dialects, target, conv, scope, reason)                                      \
    {                                                                                         \
        k, dialects, target, NMNVME_MIGRATE_CONV_##conv, NMNVME_MIGRATE_SCOPE_##scope, reason \
    }
#define STRUCTURE(k, dialects)                                                            \
    {                                                                                     \
        k, dialects, NULL, NMNVME_MIGRATE_CONV_STRUCTURE, NMNVME_MIGRATE_SCOPE_CTRL, NULL \
    }
#define UNMAPPED(k, dialects, reason)                                                  \
    {                                                                                  \
        k, dialects, NULL, NMNVME_MIGRATE_CONV_NONE, NMNVME_MIGRATE_SCOPE_CTRL, reason \
    }

#define R_HOST_WIDE    "host-wide in the source: set on each interface of the plan"
#define R_NO_IO_QUEUES "discovery controllers have no I/O queues"
#define R_IOC_KATO                                                                        \
    "nm-nvme leaves I/O controllers the kernel's keep-alive (nvme.kato is for discovery " \
    "controllers)"
#define R_IDENTITY                                                                                \
    "nm-nvme connects with the host identity of /etc/nvme/hostnqn and /etc/nvme/hostid (nm-nvme " \
    "hostnqn, nm-nvme hostid)"
#define R_TLS_IDENTITY                                                                            \
    "the identity of a PSK in the keyring (libnvme connects with the key it names, or stores an " \
    "01/02 tls-key under it as the TLS PSK itself): nm-nvme derives the TLS PSK from "            \
    "nvme.tls-key and inserts it under the version-0 identity (NVMe0R0H HOSTNQN SUBNQN); "        \
    "with nvme.tls-key unset the kernel looks that identity up in .nvme"
#define R_KEYRING                                                                          \
    "nm-nvme inserts and the kernel looks up TLS PSKs in the .nvme keyring, the kernel's " \
    "default; another keyring is not used"
#define R_CONCAT                                                                                \
    "secure concatenation (TLS with the PSK of the DH-HMAC-CHAP exchange) is not supported by " \
    "nm-nvme: the controller is imported without it"
#define R_NOT_A_SETTING "not one of nm-nvme's settings: the kernel's default applies"
#define R_HOST_TRADDR                                                                        \
    "nm-nvme connects from the profile's interface (host_iface); the source address is the " \
    "interface's"
#define R_CMD_OPTION "an option of the nvme command, not of the connection"
#define R_KEEPS_DC   "nm-nvme keeps its discovery controllers connected while the profile is up"
#define R_ZEROCONF_GRACE                                                              \
    "a different rule in nm-nvme: a withdrawn mDNS discovery controller is kept for " \
    "nvme.zeroconf-grace seconds, then dropped once unreachable"
#define R_OWNED_ONLY "nm-nvme disconnects only controllers it owns (the ownership registry)"

static const NMNvmeMigrateKeyInfo keys[] = {
    /* controllers and what names them: the parsers' */
    STRUCTURE("controller", S2 | F),
    STRUCTURE("exclude", S2),
    STRUCTURE("transport", S2 | CONNECT),
    STRUCTURE("traddr", S2 | CONNECT),
    STRUCTURE("trsvcid", S2 | CONNECT),
    STRUCTURE("nqn", S2 | CONNECT),
    STRUCTURE("host-iface", S2 | CONNECT),
    STRUCTURE("discovery", J),
    UNMAPPED("host-traddr", S2 | CONNECT, R_HOST_TRADDR),

    /* connection tunables */
    MAPPED("kato", S2, "nvme.kato", VERBATIM, DC, R_IOC_KATO),
    MAPPED("keep-alive-tmo", CONNECT, "nvme.kato", VERBATIM, DC, R_IOC_KATO),
    MAPPED("ctrl-loss-tmo", S2 | CONNECT, "nvme.ctrl-loss-tmo", VERBATIM, CTRL, NULL),
    MAPPED("reconnect-delay", S2 | CONNECT, "nvme.reconnect-delay", VERBATIM, CTRL, NULL),
    MAPPED("hdr-digest", S2 | CONNECT, "nvme.hdr-digest", BOOL, CTRL, NULL),
    MAPPED("data-digest", S2 | CONNECT, "nvme.data-digest", BOOL, CTRL, NULL),
    MAPPED("queue-size", S2 | CONNECT, "nvme.queue-size", VERBATIM, IOC, R_NO_IO_QUEUES),
    MAPPED("nr-io-queues", S2 | CONNECT, "nvme.nr-io-queues", VERBATIM, IOC, R_NO_IO_QUEUES),
    MAPPED("nr-write-queues", S2 | CONNECT, "nvme.nr-write-queues", VERBATIM, IOC, R_NO_IO_QUEUES),
    MAPPED("nr-poll-queues", S2 | CONNECT, "nvme.nr-poll-queues", VERBATIM, IOC, R_NO_IO_QUEUES),
    MAPPED("disable-sqflow",
           S2 | CONNECT,
           "nvme.disable-sqflow",
           BOOL,
           IOC,
           "nm-nvme passes disable_sqflow to I/O controllers only"),
    UNMAPPED("fast-io-fail-tmo", CONNECT, R_NOT_A_SETTING),
    UNMAPPED("tos", CONNECT, R_NOT_A_SETTING),
    UNMAPPED("duplicate-connect", CONNECT, "nm-nvme never connects the same controller twice"),

    /* DH-HMAC-CHAP: an `nvme` VPN-style profile keeps them in vpn.secrets */
    MAPPED("dhchap-secret", S2 | F | D, "nvme.dhchap-secret", SECRET, CTRL, NULL),
    MAPPED("kxchap-secret", F, "nvme.dhchap-secret", SECRET, CTRL, NULL),
    MAPPED("dhchap-key", J, "nvme.dhchap-secret", SECRET, CTRL, NULL),
    MAPPED("dhchap-ctrl-secret", S2 | F | D, "nvme.dhchap-ctrl-secret", SECRET, CTRL, NULL),
    MAPPED("kxchap-ctrl-secret", F, "nvme.dhchap-ctrl-secret", SECRET, CTRL, NULL),
    MAPPED("dhchap-ctrl-key", J, "nvme.dhchap-ctrl-secret", SECRET, CTRL, NULL),
    MAPPED("key", SYS, "nvme.dhchap-secret", SECRET, HOST, R_HOST_WIDE),

    /* TLS: nvme.tls is per interface (nmnvme-migrate-plan.c: a controller
     * with TLS makes it yes); the PSK in interchange format is a secret */
    MAPPED("tls", CONNECT, "nvme.tls", BOOL, CTRL, NULL),
    MAPPED("tls-key", CONNECT, "nvme.tls-key", SECRET, CTRL, NULL),
    UNMAPPED("tls-key-identity", CONNECT, R_TLS_IDENTITY),
    UNMAPPED("keyring", CONNECT, R_KEYRING),
    UNMAPPED("concat", CONNECT, R_CONCAT),

    /* the host's identity */
    UNMAPPED("nqn", SYS, R_IDENTITY),
    UNMAPPED("id", SYS, R_IDENTITY),
    UNMAPPED("hostnqn", CONNECT, R_IDENTITY),
    UNMAPPED("hostid", CONNECT, R_IDENTITY),
    UNMAPPED("symname", SYS, "nm-nvme sends no host symbolic name"),
    UNMAPPED("hostsymname", F | J, "nm-nvme sends no host symbolic name"),

    /* daemon behaviour (nvme-stas) */
    UNMAPPED("tron",
             S2 | S3,
             "nvme-stas's trace switch: nm-nvme-daemon logs to the journal (--debug for more)"),
    UNMAPPED("ignore-iface",
             S2 | S3,
             "nm-nvme always binds a controller to its profile's interface; one configured without "
             "host-iface is given the interface of the route to it"),
    MAPPED("ip-family", S2 | S3, "nvme.ip-family", IP_FAMILY, HOST, R_HOST_WIDE),
    MAPPED("pleo", S2 | S3, "nvme.pleo", ENABLED, HOST, R_HOST_WIDE),
    MAPPED("zeroconf", S2 | S3, "nvme.zeroconf", ENABLED, HOST, R_HOST_WIDE),
    MAPPED("connect-attempts-on-ncc",
           S2 | S3,
           "nvme.connect-attempts-on-ncc",
           NCC,
           HOST,
           R_HOST_WIDE),
    UNMAPPED("persistent-connections",
             S2,
             R_KEEPS_DC " and disconnects them on deactivation (nvme.on-deactivate)"),
    UNMAPPED("persistent", F | D | J, R_KEEPS_DC),
    UNMAPPED("persistent-discovery-ctrl", J, R_KEEPS_DC),
    UNMAPPED("zeroconf-connections-persistence", S2, R_ZEROCONF_GRACE),
    UNMAPPED("dc-giveup-timeout", S3, R_ZEROCONF_GRACE),
    UNMAPPED("epcsd-poll-interval-minutes",
             S3,
             "nm-nvme keeps its discovery controllers connected and parks none"),
    UNMAPPED("honor-fabric-zoning", S3, "nm-nvme always follows discovery log changes (AENs)"),
    UNMAPPED("disconnect-scope", S2, R_OWNED_ONLY),
    UNMAPPED("disconnect-trtypes", S2, R_OWNED_ONLY),
    UNMAPPED("application",
             J,
             "libnvme's application tag: nm-nvme registers its controllers as nm-nvme"),

    /* nvme discover options that are not about the connection */
    UNMAPPED("device", D, R_CMD_OPTION),
    UNMAPPED("raw", D, R_CMD_OPTION),
    UNMAPPED("quiet", D, R_CMD_OPTION),
    UNMAPPED("output-format", D, R_CMD_OPTION),
    UNMAPPED("force", D, R_CMD_OPTION),
    UNMAPPED("verbose", D, R_CMD_OPTION),
};

const NMNvmeMigrateKeyInfo *
nmnvme_migrate_keys(guint *out_n)
{
    *out_n = G_N_ELEMENTS(keys);
    return keys;
}

const NMNvmeMigrateKeyInfo *
nmnvme_migrate_key_lookup(NMNvmeMigrateDialect dialect, const char *key)
{
    g_autofree char *name = g_strdelimit(g_strdup(key), "_", '-');

    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        if ((keys[i].dialects & dialect) && g_ascii_strcasecmp(keys[i].key, name) == 0)
            return &keys[i];
    }
    return NULL;
}

/* TRUE with @out for a boolean word nvme-stas or nvme-cli accepts. */
static gboolean
parse_bool(const char *raw, gboolean *out)
{
    static const char *const yes[] = { "true", "yes", "y", "t", "on", "1", "enabled", NULL };
    static const char *const no[]  = { "false", "no", "n", "f", "off", "0", "disabled", NULL };

    for (guint i = 0; yes[i]; i++) {
        if (g_ascii_strcasecmp(raw, yes[i]) == 0)
            return (*out = TRUE);
    }
    for (guint i = 0; no[i]; i++) {
        if (g_ascii_strcasecmp(raw, no[i]) == 0)
            return !(*out = FALSE);
    }
    return FALSE;
}

/* (transfer full) (nullable): @raw in the schema's words, before the check. */
static char *
convert_word(const NMNvmeMigrateKeyInfo *info, const char *raw, GError **error)
{
    gboolean b;
    gint64   n;

    switch (info->conv) {
    case NMNVME_MIGRATE_CONV_BOOL:
    case NMNVME_MIGRATE_CONV_ENABLED:
        if (!parse_bool(raw, &b))
            break;
        return g_strdup(b ? "yes" : "no");
    case NMNVME_MIGRATE_CONV_IP_FAMILY:
        if (g_ascii_strcasecmp(raw, "ipv4+ipv6") == 0 || g_ascii_strcasecmp(raw, "ipv6+ipv4") == 0)
            return g_strdup("both");
        if (g_ascii_strcasecmp(raw, "ipv4") == 0 || g_ascii_strcasecmp(raw, "ipv6") == 0)
            return g_ascii_strdown(raw, -1);
        break;
    case NMNVME_MIGRATE_CONV_NCC:
        if (!g_ascii_string_to_signed(raw, 10, 0, G_MAXINT32, &n, NULL))
            break;
        return g_strdup_printf("%" G_GINT64_FORMAT, n == 1 ? 2 : n);
    case NMNVME_MIGRATE_CONV_VERBATIM:
    case NMNVME_MIGRATE_CONV_SECRET:
        return g_strdup(raw);
    case NMNVME_MIGRATE_CONV_NONE:
    case NMNVME_MIGRATE_CONV_STRUCTURE:
        g_return_val_if_reached(NULL);
    }
    g_set_error(error,
                NMNVME_ERROR,
                NMNVME_ERROR_INVALID_SETTING,
                "'%s' is not a valid value",
                info->conv == NMNVME_MIGRATE_CONV_SECRET ? "<hidden>" : raw);
    return NULL;
}

char *
nmnvme_migrate_key_convert(const NMNvmeMigrateKeyInfo *info, const char *raw, GError **error)
{
    g_autofree char *value     = NULL;
    g_autoptr(GHashTable) data = NULL;
    NMNvmeSettings *settings;

    g_return_val_if_fail(info->target, NULL);
    value = convert_word(info, raw, error);
    if (!value)
        return NULL;
    data = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(data, (char *) info->target, value);
    /* the schema wants a host secret beside a controller secret, and
     * nvme.tls on beside a TLS PSK: checked as a whole when the plan is
     * made; here the value alone */
    if (g_str_equal(info->target, "nvme.dhchap-ctrl-secret"))
        g_hash_table_insert(data, (char *) "nvme.dhchap-secret", value);
    if (g_str_equal(info->target, "nvme.tls-key"))
        g_hash_table_insert(data, (char *) "nvme.tls", (char *) "yes");
    settings = nmnvme_settings_new_from_data(data, error);
    if (!settings)
        return NULL;
    nmnvme_settings_unref(settings);
    return g_steal_pointer(&value);
}
