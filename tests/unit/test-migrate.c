/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-migrate.c: `nm-nvme import`'s library (src/lib/migrate): the key
 * mapping table (every key of Debian's shipped nvme-stas and nvme-cli files
 * in it, each mapped to a schema key or given a reason), each parser on the
 * shipped files (tests/unit/migrate/NAME/) and on edited copies with every
 * key set (NAME-all/), the plan per interface (route lookup, conflicts,
 * secrets never shown), and bad input named by file, line and key.
 */
#include "config.h"

#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-migrate-keys.h"
#include "nmnvme-migrate.h"
#include "nmnvme-settings.h"
#include "test-util.h"

#define SECRET "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:"
/* the TLS PSK of stas-3.1-all (every-key.sed) */
#define PSK "NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:"

static char *
fixture(const char *name)
{
    return g_build_filename(SRCDIR, "tests", "unit", "migrate", name, NULL);
}

/* A route table for the tests: 192.168.78.0/24 is on stor1, 192.168.1.0/24
 * on eth0, nothing else. */
static char *
fake_route(const char *traddr, gpointer user_data, GError **error)
{
    guint *calls = user_data;

    if (calls)
        (*calls)++;
    if (g_str_has_prefix(traddr, "192.168.78."))
        return g_strdup("stor1");
    if (g_str_has_prefix(traddr, "192.168.1."))
        return g_strdup("eth0");
    g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "no route to %s", traddr);
    return NULL;
}

static NMNvmeMigratePlan *
plan_of(const char *name, NMNvmeMigrateFrom from, NMNvmeMigrateConfig **out_config)
{
    g_autofree char *root                 = fixture(name);
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_read(from, root, &error);
    NMNvmeMigratePlan *plan;

    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, NULL, &error);
    g_assert_no_error(error);
    if (out_config)
        *out_config = g_steal_pointer(&config);
    return plan;
}

static const NMNvmeMigrateIface *
iface_of(const NMNvmeMigratePlan *plan, const char *name)
{
    for (guint i = 0; i < plan->ifaces->len; i++) {
        const NMNvmeMigrateIface *iface = plan->ifaces->pdata[i];

        if (g_str_equal(iface->iface, name))
            return iface;
    }
    g_assert_not_reached();
}

static const char *
setting(const NMNvmeMigratePlan *plan, const char *iface, const char *key)
{
    return g_hash_table_lookup(iface_of(plan, iface)->settings, key);
}

/* The note about @key read at @file:@line (@line 0: any line), or NULL. */
static const NMNvmeMigrateNote *
note_of(const NMNvmeMigratePlan *plan, const char *file, guint line, const char *key)
{
    for (guint i = 0; i < plan->notes->len; i++) {
        const NMNvmeMigrateNote *n = plan->notes->pdata[i];

        if (g_str_equal(n->file, file) && g_str_equal(n->key, key) && (!line || n->line == line))
            return n;
    }
    return NULL;
}

static void
assert_not_mapped(const NMNvmeMigratePlan *plan,
                  const char              *file,
                  const char              *key,
                  const char              *reason_part)
{
    const NMNvmeMigrateNote *n = note_of(plan, file, 0, key);

    g_assert_nonnull(n);
    g_assert_null(n->target);
    g_assert_nonnull(strstr(n->reason, reason_part));
}

/* ---- the mapping table ---------------------------------------------------- */

static void
test_keys_table(void)
{
    guint                       n;
    const NMNvmeMigrateKeyInfo *keys = nmnvme_migrate_keys(&n);

    g_assert_cmpuint(n, >, 40);
    for (guint i = 0; i < n; i++) {
        const NMNvmeMigrateKeyInfo *k = &keys[i];

        g_test_message("%s", k->key);
        g_assert_cmpuint(k->dialects, !=, 0);
        if (k->conv == NMNVME_MIGRATE_CONV_STRUCTURE)
            continue;
        if (!k->target) {
            /* not mappable: always with the reason */
            g_assert_cmpuint(k->conv, ==, NMNVME_MIGRATE_CONV_NONE);
            g_assert_nonnull(k->reason);
            continue;
        }
        g_assert_nonnull(nmnvme_setting_info_lookup(k->target));
        if (k->scope != NMNVME_MIGRATE_SCOPE_CTRL)
            g_assert_nonnull(k->reason);
        /* one entry per key and format */
        for (guint j = i + 1; j < n; j++)
            g_assert_false(g_str_equal(k->key, keys[j].key) && (k->dialects & keys[j].dialects));
    }
}

/* Every key the shipped files spell ("#key=value", "key = value") is in
 * the table for its format. */
static void
assert_file_keys_known(const char *name, NMNvmeMigrateDialect dialect)
{
    g_autofree char *path = fixture(name);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines   = NULL;
    g_autoptr(GRegex) re  = g_regex_new("^#?([a-z][a-z-]*) *=", 0, 0, NULL);
    guint seen            = 0;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        g_autoptr(GMatchInfo) m = NULL;
        g_autofree char *key    = NULL;

        if (!g_regex_match(re, lines[i], 0, &m))
            continue;
        key = g_match_info_fetch(m, 1);
        g_test_message("%s: %s", name, key);
        g_assert_nonnull(nmnvme_migrate_key_lookup(dialect, key));
        seen++;
    }
    g_assert_cmpuint(seen, >, 0);
}

static void
test_keys_of_shipped_files(void)
{
    assert_file_keys_known("stas-2.4.1/etc/stas/stafd.conf", NMNVME_MIGRATE_STAS2);
    assert_file_keys_known("stas-2.4.1/etc/stas/stacd.conf", NMNVME_MIGRATE_STAS2);
    assert_file_keys_known("stas-2.4.1/etc/stas/sys.conf", NMNVME_MIGRATE_STAS2_SYS);
    assert_file_keys_known("stas-3.1/etc/nvme/nvme-stas.conf", NMNVME_MIGRATE_FABRICS);
    assert_file_keys_known("stas-3.1/etc/nvme/stafd.conf", NMNVME_MIGRATE_STAS3_DAEMON);
    assert_file_keys_known("stas-3.1/etc/nvme/stacd.conf", NMNVME_MIGRATE_STAS3_DAEMON);
    assert_file_keys_known("nvme-cli-3.1/etc/nvme/nvme-fabrics.conf", NMNVME_MIGRATE_FABRICS);
}

static void
test_key_convert(void)
{
    const NMNvmeMigrateKeyInfo *zc  = nmnvme_migrate_key_lookup(NMNVME_MIGRATE_STAS2, "zeroconf");
    const NMNvmeMigrateKeyInfo *fam = nmnvme_migrate_key_lookup(NMNVME_MIGRATE_STAS2, "ip-family");
    const NMNvmeMigrateKeyInfo *ncc =
        nmnvme_migrate_key_lookup(NMNVME_MIGRATE_STAS2, "connect-attempts-on-ncc");
    const NMNvmeMigrateKeyInfo *kato =
        nmnvme_migrate_key_lookup(NMNVME_MIGRATE_JSON, "keep_alive_tmo");
    g_autoptr(GError) error = NULL;
    char *v;

    g_assert_nonnull(zc);
    v = nmnvme_migrate_key_convert(zc, "disabled", &error);
    g_assert_cmpstr(v, ==, "no");
    g_free(v);
    v = nmnvme_migrate_key_convert(fam, "ipv6+ipv4", &error);
    g_assert_cmpstr(v, ==, "both");
    g_free(v);
    v = nmnvme_migrate_key_convert(ncc, "1", &error); /* nvme-stas raises 1 to 2 */
    g_assert_cmpstr(v, ==, "2");
    g_free(v);
    g_assert_cmpstr(kato->target, ==, "nvme.kato");
    g_assert_null(nmnvme_migrate_key_convert(kato, "0", &error)); /* nvme.kato: 1..65535 */
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_clear_error(&error);
    g_assert_null(nmnvme_migrate_key_convert(zc, "maybe", &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
}

/* ---- nvme-stas 2.x -------------------------------------------------------- */

static void
test_stas2_shipped(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = NULL;
    g_autoptr(NMNvmeMigratePlan) plan = plan_of("stas-2.4.1", NMNVME_MIGRATE_FROM_STAS, &config);
    const NMNvmeMigrateNote *zc;

    g_assert_cmpuint(config->files->len, ==, 3);
    g_assert_cmpuint(config->ctrls->len, ==, 0);
    g_assert_cmpuint(plan->ifaces->len, ==, 0);
    /* stafd's default zeroconf=enabled is host-wide: said */
    zc = note_of(plan, "/etc/stas/stafd.conf", 0, "zeroconf");
    g_assert_nonnull(zc);
    g_assert_cmpstr(zc->target, ==, "nvme.zeroconf");
}

static void
test_stas2_every_key(void)
{
    g_autoptr(NMNvmeMigratePlan) plan = plan_of("stas-2.4.1-all", NMNVME_MIGRATE_FROM_STAS, NULL);
    const NMNvmeMigrateIface *stor0, *stor1;
    g_autoptr(GPtrArray) files = g_ptr_array_new();
    g_autofree char *text      = NULL;

    g_assert_cmpuint(plan->ifaces->len, ==, 2);
    stor0 = iface_of(plan, "stor0");
    stor1 = iface_of(plan, "stor1");
    g_assert_cmpstr(setting(plan, "stor0", "nvme.discovery"), ==, "nvme+tcp://192.168.77.100");
    g_assert_cmpstr(setting(plan, "stor0", "nvme.controllers"),
                    ==,
                    "nvme+tcp://192.168.77.100/nqn.2026-11.io.nm-nvme.lab:sub3");
    /* the controller line's kato beats [Global]'s, which is noted */
    g_assert_cmpstr(setting(plan, "stor0", "nvme.kato"), ==, "20");
    g_assert_nonnull(
        strstr(note_of(plan, "/etc/stas/stafd.conf", 40, "kato")->reason, "stor0 keeps 20"));
    g_assert_cmpstr(setting(plan, "stor0", "nvme.hdr-digest"), ==, "yes");
    g_assert_cmpstr(setting(plan, "stor0", "nvme.nr-io-queues"), ==, "4");
    g_assert_cmpstr(setting(plan, "stor0", "nvme.queue-size"), ==, "128");
    g_assert_cmpstr(
        setting(plan, "stor0", "nvme.exclude"),
        ==,
        "transport=tcp,traddr=192.168.77.5 subsysnqn=nqn.2026-11.io.nm-nvme.lab:scratch");
    g_assert_true(stor0->has_secrets);
    g_assert_cmpstr(setting(plan, "stor0", "nvme.dhchap-secret"), ==, SECRET);
    /* host-wide: on every interface */
    g_assert_cmpstr(setting(plan, "stor1", "nvme.zeroconf"), ==, "yes");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.ip-family"), ==, "both");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.connect-attempts-on-ncc"), ==, "0");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.exclude"),
                    ==,
                    "transport=tcp,traddr=192.168.77.5");
    /* stor1's DC had no host-iface: route lookup, said */
    g_assert_cmpuint(stor1->routed->len, ==, 1);
    g_assert_false(stor1->has_secrets);
    g_assert_null(setting(plan, "stor1", "nvme.dhchap-secret"));
    /* not mappable, with the reason */
    assert_not_mapped(plan, "/etc/stas/stafd.conf", "tron", "trace");
    assert_not_mapped(plan, "/etc/stas/stafd.conf", "persistent-connections", "on-deactivate");
    assert_not_mapped(plan, "/etc/stas/stacd.conf", "kato", "I/O controllers");
    assert_not_mapped(plan, "/etc/stas/stacd.conf", "disconnect-scope", "owns");
    assert_not_mapped(plan, "/etc/stas/stafd.conf", "queue-size", "no I/O queues");
    g_assert_nonnull(
        strstr(note_of(plan, "/etc/stas/stafd.conf", 283, "controller")->reason, "NVMe/TCP only"));
    g_assert_nonnull(
        strstr(note_of(plan, "/etc/stas/stafd.conf", 284, "controller")->reason, "scoped address"));
    g_assert_nonnull(
        strstr(note_of(plan, "/etc/stas/stafd.conf", 287, "exclude")->reason, "whole interface"));
    g_assert_nonnull(
        strstr(note_of(plan, "/etc/stas/sys.conf", 50, "key")->reason, "does not exist"));
    /* the text: each interface, route lookup said, the secret never */
    text = nmnvme_migrate_plan_format(plan, files, NULL);
    g_assert_nonnull(strstr(text, "\nstor0: no profile on this interface\n"));
    g_assert_nonnull(strstr(text, "(no host-iface: interface by route lookup)"));
    g_assert_nonnull(strstr(text, "<hidden>"));
    g_assert_null(strstr(text, "eaW4VARvS7"));
}

/* sys.conf's key=file://... is read under the root. */
static void
test_stas2_host_key_file(void)
{
    g_autofree char *root                 = g_dir_make_tmp("test-migrate-XXXXXX", NULL);
    g_autofree char *dir                  = g_build_filename(root, "etc", "nvme", NULL);
    g_autofree char *key                  = g_build_filename(dir, "hostkey", NULL);
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    NMNvmeMigrateValue *v;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(key, SECRET "\n", -1, NULL));
    g_assert_true(nmnvme_migrate_parse_sys(config,
                                           "/etc/stas/sys.conf",
                                           "[Host]\n#key=file:///etc/nvme/hostkey\n",
                                           root,
                                           &error));
    g_assert_no_error(error);
    g_assert_cmpuint(config->host_values->len, ==, 1);
    v = config->host_values->pdata[0];
    g_assert_cmpstr(v->target, ==, "nvme.dhchap-secret");
    g_assert_cmpstr(v->value, ==, SECRET);
    g_assert_cmpstr(nmnvme_migrate_value_shown(v), ==, "<hidden>");
    nmnvme_test_rm_rf(root);
}

/* ---- nvme-stas 3.x -------------------------------------------------------- */

static void
test_stas3_shipped(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = NULL;
    g_autoptr(NMNvmeMigratePlan) plan     = plan_of("stas-3.1", NMNVME_MIGRATE_FROM_STAS, &config);

    g_assert_cmpuint(config->files->len, ==, 3);
    g_assert_cmpuint(config->ctrls->len, ==, 0);
    /* the one key set: [Discovery Controller Defaults] keep-alive-tmo = 30 */
    g_assert_cmpuint(config->dc_values->len, ==, 1);
    g_assert_cmpstr(((NMNvmeMigrateValue *) config->dc_values->pdata[0])->target, ==, "nvme.kato");
    g_assert_cmpuint(plan->ifaces->len, ==, 0);
}

static void
test_stas3_every_key(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = NULL;
    g_autoptr(NMNvmeMigratePlan) plan = plan_of("stas-3.1-all", NMNVME_MIGRATE_FROM_STAS, &config);

    /* the drop-in was read, after the main file */
    g_assert_cmpstr(config->files->pdata[1], ==, "/etc/nvme/nvme-stas.conf.d/persona.conf");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.discovery"), ==, "nvme+tcp://192.168.78.100");
    g_assert_cmpstr(
        setting(plan, "eth0", "nvme.discovery"),
        ==,
        "nvme+tcp://192.168.1.10 nvme+tcp://192.168.1.11/nqn.2014-08.org.example:cdc.main");
    /* [Subsystem] vol2: its ctrl-loss-tmo beats the defaults'; eth1 from host-iface */
    g_assert_cmpstr(setting(plan, "eth1", "nvme.ctrl-loss-tmo"), ==, "1800");
    g_assert_cmpstr(setting(plan, "eth1", "nvme.controllers"),
                    ==,
                    "nvme+tcp://192.168.1.22/nqn.2024-01.com.example:vol2");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.ctrl-loss-tmo"), ==, "600");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.nr-io-queues"), ==, "4");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.kato"), ==, "30");
    /* [Subsystem] secure.vol1 (eth0 by route): TLS and its PSK, a secret */
    g_assert_cmpstr(setting(plan, "eth0", "nvme.tls"), ==, "yes");
    g_assert_cmpstr(setting(plan, "eth0", "nvme.tls-key"), ==, PSK);
    g_assert_true(iface_of(plan, "eth0")->has_secrets);
    g_assert_false(iface_of(plan, "eth1")->has_secrets);
    assert_not_mapped(plan, "/etc/nvme/nvme-stas.conf", "hostnqn", "/etc/nvme/hostnqn");
    assert_not_mapped(plan, "/etc/nvme/stafd.conf", "epcsd-poll-interval-minutes", "parks none");
    assert_not_mapped(plan, "/etc/nvme/stafd.conf", "dc-giveup-timeout", "zeroconf-grace");
    assert_not_mapped(plan, "/etc/nvme/stacd.conf", "honor-fabric-zoning", "AENs");
}

/* ---- nvme-cli ------------------------------------------------------------- */

static void
test_nvme_cli_shipped(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = NULL;
    g_autoptr(NMNvmeMigratePlan) plan =
        plan_of("nvme-cli-2.13", NMNVME_MIGRATE_FROM_NVME_CLI, &config);

    /* discovery.conf (comments only) and libnvme's own example config.json */
    g_assert_cmpuint(config->files->len, ==, 2);
    g_assert_cmpuint(config->ctrls->len, ==, 4);
    /* 192.168.154.144 has no route here: said, not imported */
    g_assert_cmpuint(plan->ifaces->len, ==, 0);
    g_assert_nonnull(strstr(
        note_of(plan, "/etc/nvme/config.json [0].subsystems[0].ports[0]", 0, "controller")->reason,
        "route lookup failed"));
}

static void
test_nvme_cli_every_key(void)
{
    g_autoptr(NMNvmeMigratePlan) plan = plan_of("nvme-cli-all", NMNVME_MIGRATE_FROM_NVME_CLI, NULL);
    const NMNvmeMigrateIface *stor2;

    /* discovery.conf, short and long options */
    g_assert_cmpstr(setting(plan, "stor0", "nvme.discovery"), ==, "nvme+tcp://192.168.77.100");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.kato"), ==, "25");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.hdr-digest"), ==, "yes");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.queue-size"), ==, "64");
    assert_not_mapped(plan, "/etc/nvme/discovery.conf", "host-traddr", "interface");
    assert_not_mapped(plan, "/etc/nvme/discovery.conf", "fast-io-fail-tmo", "kernel's default");
    /* config.json: a port with secrets; its keep_alive_tmo is an I/O controller's */
    stor2 = iface_of(plan, "stor2");
    g_assert_true(stor2->has_secrets);
    g_assert_cmpstr(setting(plan, "stor2", "nvme.dhchap-ctrl-secret"), ==, SECRET);
    g_assert_null(setting(plan, "stor2", "nvme.kato"));
    assert_not_mapped(plan,
                      "/etc/nvme/config.json",
                      "[0].subsystems[0].ports[0].keep_alive_tmo",
                      "I/O controllers");
    assert_not_mapped(plan,
                      "/etc/nvme/config.json",
                      "[0].subsystems[0].ports[0].tls_key_identity",
                      "version-0 identity");
    assert_not_mapped(plan, "/etc/nvme/config.json", "[0].subsystems[0].ports[0].keyring", ".nvme");
    assert_not_mapped(plan,
                      "/etc/nvme/config.json",
                      "[0].subsystems[0].ports[0].concat",
                      "secure concatenation");
    assert_not_mapped(plan, "/etc/nvme/nvme-fabrics.conf", "tls-key-identity", "version-0");
    g_assert_cmpstr(setting(plan, "stor2", "nvme.tls"), ==, "no");
    /* nvme-fabrics.conf: both subsystems on stor2; the first value kept */
    g_assert_cmpstr(setting(plan, "stor2", "nvme.controllers"),
                    ==,
                    "nvme+tcp://192.168.79.100/nqn.2026-11.io.nm-nvme.lab:sub1 "
                    "nvme+tcp://192.168.79.100/nqn.2026-11.io.nm-nvme.lab:sub2");
    g_assert_cmpstr(setting(plan, "stor2", "nvme.queue-size"), ==, "128");
    g_assert_nonnull(strstr(note_of(plan, "/etc/nvme/nvme-fabrics.conf", 54, "queue-size")->reason,
                            "stor2 keeps 128"));
}

/* ---- bad input: file, line, key; the read fails as a whole ---------------- */

typedef gboolean (*ParseFunc)(NMNvmeMigrateConfig *, const char *, const char *, GError **);

static gboolean
parse_stafd(NMNvmeMigrateConfig *c, const char *path, const char *text, GError **error)
{
    return nmnvme_migrate_parse_stas2(c, path, text, TRUE, error);
}

static void
assert_bad(ParseFunc parse, const char *path, const char *text, const char *message)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;

    g_assert_false(parse(config, path, text, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_test_message("%s", error->message);
    g_assert_true(g_pattern_match_simple(message, error->message));
    g_assert_null(strstr(error->message, "eaW4VARvS7"));
    g_assert_null(strstr(error->message, "VaoAESIz"));
}

static void
test_bad_input(void)
{
    assert_bad(parse_stafd,
               "/etc/stas/stafd.conf",
               "[Global]\n\nkato=abc\n",
               "/etc/stas/stafd.conf:3: kato: *abc*");
    assert_bad(parse_stafd,
               "/etc/stas/stafd.conf",
               "[Global]\nip-family=ipv5\n",
               "*:2: ip-family: *ipv5*");
    assert_bad(parse_stafd,
               "f",
               "[Controllers]\ncontroller=traddr=192.0.2.1\n",
               "f:2: controller: transport is missing");
    assert_bad(parse_stafd, "f", "kato=30\n", "f:1: kato: a key before any [section]");
    assert_bad(parse_stafd, "f", "[Global\n", "f:1: *: a section header without its ']'");
    assert_bad(parse_stafd, "f", "[Global]\njunk\n", "f:2: junk: not KEY = VALUE");
    assert_bad(parse_stafd,
               "f",
               "[Controllers]\ncontroller=transport=tcp;traddr=192.0.2.1;dhchap-secret=DHHC-1:00:"
               "eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UX:\n",
               "f:2: dhchap-secret: *<hidden>*");
    assert_bad(nmnvme_migrate_parse_fabrics,
               "n",
               "[Subsystem]\nnqn=x\nkxchap-secret=" SECRET
               "\ncontroller=transport=tcp;traddr=192.0.2.1;kxchap-secret=" SECRET "\n",
               "n:4: kxchap-secret: a secret belongs on [Host] or the section*");
    assert_bad(nmnvme_migrate_parse_fabrics,
               "n",
               "[Subsystem]\ncontroller=transport=tcp;traddr=192.0.2.1\n",
               "n:1: nqn: a [Subsystem] needs its nqn");
    assert_bad(nmnvme_migrate_parse_discovery,
               "d",
               "# c\n--transport=tcp --traddr\n",
               "d:2: traddr: its value is missing");
    assert_bad(nmnvme_migrate_parse_discovery,
               "d",
               "-t tcp -a 192.0.2.1 extra\n",
               "d:1: extra: not an nvme discover option");
    assert_bad(nmnvme_migrate_parse_discovery,
               "d",
               "-t tcp -a 192.0.2.1 --queue-size=8\n",
               "d:1: queue-size: *8*");
    assert_bad(nmnvme_migrate_parse_json, "j", "{\"a\": 1}", "j: not an array of hosts");
    assert_bad(nmnvme_migrate_parse_json,
               "j",
               "[{\"subsystems\": [{\"nqn\": \"n\", \"ports\": [{\"transport\": \"tcp\", "
               "\"traddr\": \"192.0.2.1\", \"queue_size\": 2}]}]}]",
               "j: [0].subsystems[0].ports[0].queue_size: *");
    assert_bad(nmnvme_migrate_parse_json,
               "j",
               "[{\"subsystems\": 3}]",
               "j: [0].subsystems: not an array");
    /* an nqn that is no string: named, not a GLib critical (fuzz-migrate-json) */
    assert_bad(nmnvme_migrate_parse_json,
               "j",
               "[{\"subsystems\": [{\"nqn\": {}, \"ports\": []}]}]",
               "j: [0].subsystems[0].nqn: not a string");
    assert_bad(nmnvme_migrate_parse_json, "j", "[", "j: *");
}

/* nmnvme_migrate_read() stops at the first bad file: no configuration. */
static void
test_read_bad_file(void)
{
    g_autofree char *root   = g_dir_make_tmp("test-migrate-XXXXXX", NULL);
    g_autofree char *dir    = g_build_filename(root, "etc", "stas", NULL);
    g_autofree char *stafd  = g_build_filename(dir, "stafd.conf", NULL);
    g_autoptr(GError) error = NULL;
    NMNvmeMigrateConfig *config;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(stafd, "[Global]\npleo=sometimes\n", -1, NULL));
    config = nmnvme_migrate_read(NMNVME_MIGRATE_FROM_AUTO, root, &error);
    g_assert_null(config);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_assert_true(g_str_has_prefix(error->message, "/etc/stas/stafd.conf:2: pleo: "));
    nmnvme_test_rm_rf(root);
}

/* The plan validates each interface as a whole: a controller secret
 * without the host's is refused, naming the interface. */
static void
test_plan_validates_whole(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigratePlan) plan     = NULL;

    g_assert_true(nmnvme_migrate_parse_fabrics(
        config,
        "n",
        "[Subsystem]\nnqn=nqn.2026-01.x:y\nkxchap-ctrl-secret=" SECRET
        "\ncontroller=transport=tcp;traddr=192.0.2.1;host-iface=stor0\n",
        &error));
    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, NULL, &error);
    g_assert_null(plan);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_assert_true(g_str_has_prefix(error->message, "stor0: "));
}

/* host-iface given: no route lookup; duplicates once. */
static void
test_plan_route_and_dedupe(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigratePlan) plan     = NULL;
    guint calls                           = 0;

    g_assert_true(nmnvme_migrate_parse_discovery(config,
                                                 "d",
                                                 "-t tcp -a 192.168.78.9 -f stor7\n"
                                                 "-t tcp -a 192.168.78.9 -f stor7\n"
                                                 "-t tcp -a 192.168.78.10 -s 4420\n"
                                                 "-t tcp -a 10.9.9.9\n",
                                                 &error));
    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, &calls, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(calls, ==, 2);
    g_assert_cmpstr(setting(plan, "stor7", "nvme.discovery"), ==, "nvme+tcp://192.168.78.9");
    g_assert_cmpstr(setting(plan, "stor1", "nvme.discovery"), ==, "nvme+tcp://192.168.78.10:4420");
    g_assert_cmpuint(iface_of(plan, "stor7")->routed->len, ==, 0);
    g_assert_cmpuint(iface_of(plan, "stor1")->routed->len, ==, 1);
    g_assert_nonnull(strstr(note_of(plan, "d", 4, "controller")->reason, "no route to 10.9.9.9"));
}

/* nvme.tls is per interface: TLS on one of its controllers makes it yes
 * (the other's no is said); a PSK without TLS is not imported (said); a
 * PSK is never shown. */
static void
test_plan_tls(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigratePlan) plan     = NULL;
    g_autoptr(GPtrArray) files            = g_ptr_array_new();
    g_autofree char         *text         = NULL;
    const NMNvmeMigrateNote *n;

    g_assert_true(nmnvme_migrate_parse_fabrics(
        config,
        "n",
        "[Subsystem]\nnqn=nqn.2026-01.x:plain\ntls=no\n"
        "controller=transport=tcp;traddr=192.0.2.1;host-iface=stor0\n"
        "[Subsystem]\nnqn=nqn.2026-01.x:secure\ntls=yes\ntls-key=" PSK "\n"
        "controller=transport=tcp;traddr=192.0.2.2;host-iface=stor0\n"
        "[Subsystem]\nnqn=nqn.2026-01.x:nokey\ntls-key=" PSK "\nconcat=yes\n"
        "controller=transport=tcp;traddr=192.0.2.3;host-iface=stor1\n",
        &error));
    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(setting(plan, "stor0", "nvme.tls"), ==, "yes");
    g_assert_cmpstr(setting(plan, "stor0", "nvme.tls-key"), ==, PSK);
    g_assert_true(iface_of(plan, "stor0")->has_secrets);
    n = note_of(plan, "n", 3, "tls");
    g_assert_nonnull(n);
    g_assert_nonnull(strstr(n->reason, "stor0 takes yes from n:7 tls"));
    /* stor1: no TLS, so no key (and no secrets) */
    g_assert_null(setting(plan, "stor1", "nvme.tls-key"));
    g_assert_false(iface_of(plan, "stor1")->has_secrets);
    g_assert_nonnull(strstr(note_of(plan, "n", 12, "tls-key")->reason, "stor1 has no tls = yes"));
    assert_not_mapped(plan, "n", "concat", "secure concatenation");
    text = nmnvme_migrate_plan_format(plan, files, NULL);
    g_test_message("%s", text);
    g_assert_nonnull(strstr(text, "nvme.tls-key"));
    g_assert_null(strstr(text, "VaoAESIz"));

    /* a key's serial instead of the PSK: noted, not imported */
    g_clear_pointer(&plan, nmnvme_migrate_plan_free);
    g_clear_pointer(&config, nmnvme_migrate_config_free);
    config = nmnvme_migrate_config_new();
    g_assert_true(nmnvme_migrate_parse_fabrics(config,
                                               "s",
                                               "[Subsystem]\nnqn=nqn.2026-01.x:y\ntls=yes\n"
                                               "tls-key=0x1a2b3c4d\n"
                                               "controller=transport=tcp;traddr=192.0.2.1;"
                                               "host-iface=stor0\n",
                                               &error));
    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(setting(plan, "stor0", "nvme.tls"), ==, "yes");
    g_assert_null(setting(plan, "stor0", "nvme.tls-key"));
    assert_not_mapped(plan, "s", "tls-key", "a key's serial in the keyring");

    /* a malformed PSK: the line and key named, the key not shown */
    assert_bad(nmnvme_migrate_parse_fabrics,
               "n",
               "[Subsystem]\nnqn=nqn.2026-01.x:y\ntls=yes\ntls-key=NVMeTLSkey-1:01:VaoAESIzRFVm:\n",
               "n:4: tls-key: nvme.tls-key: *");
    /* and never on a controller line */
    assert_bad(nmnvme_migrate_parse_fabrics,
               "n",
               "[Subsystem]\nnqn=nqn.2026-01.x:y\n"
               "controller=transport=tcp;traddr=192.0.2.1;tls-key=" PSK "\n",
               "n:3: tls-key: a secret belongs on [Host] or the section*");
}

/* A secret pasted where a key's name goes is not repeated in a note or an
 * error (found by fuzz-migrate-json). */
static void
test_secret_as_key_name(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    const NMNvmeMigrateNote *n;

    g_assert_true(nmnvme_migrate_parse_json(config, "j", "[{\"" SECRET "x\": 1}]", &error));
    g_assert_no_error(error);
    g_assert_cmpuint(config->notes->len, ==, 1);
    n = config->notes->pdata[0];
    g_assert_cmpstr(n->key, ==, "<hidden>");
    g_assert_false(nmnvme_migrate_parse_discovery(config, "d", "-t tcp " SECRET "\n", &error));
    g_assert_cmpstr(error->message, ==, "d:1: <hidden>: not an nvme discover option");
}

/* A secret pasted into an NQN (here of a controller that is not imported:
 * its URI is refused and the note quotes it) is hidden in the plan's text
 * (found by fuzz-migrate-json). */
static void
test_secret_in_nqn(void)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();
    g_autoptr(GError) error               = NULL;
    g_autoptr(NMNvmeMigratePlan) plan     = NULL;
    g_autoptr(GPtrArray) files            = g_ptr_array_new();
    g_autofree char *text                 = NULL;

    g_assert_true(nmnvme_migrate_parse_json(
        config,
        "j",
        "[{\"dhchap_key\": \"" SECRET "\", \"subsystems\": [{\"nqn\": \"nqn.x" SECRET
        "\", \"ports\": [{\"transport\": \"tcp\", \"traddr\": \"384.1.1.1\"}]}]}]",
        &error));
    g_assert_no_error(error);
    plan = nmnvme_migrate_plan_new(config, fake_route, NULL, &error);
    g_assert_no_error(error);
    text = nmnvme_migrate_plan_format(plan, files, NULL);
    g_test_message("%s", text);
    g_assert_nonnull(strstr(text, "nqn.x<hidden>"));
    g_assert_null(strstr(text, "eaW4VARvS7"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/migrate/keys/table", test_keys_table);
    g_test_add_func("/migrate/keys/shipped-files", test_keys_of_shipped_files);
    g_test_add_func("/migrate/keys/convert", test_key_convert);
    g_test_add_func("/migrate/stas2/shipped", test_stas2_shipped);
    g_test_add_func("/migrate/stas2/every-key", test_stas2_every_key);
    g_test_add_func("/migrate/stas2/host-key-file", test_stas2_host_key_file);
    g_test_add_func("/migrate/stas3/shipped", test_stas3_shipped);
    g_test_add_func("/migrate/stas3/every-key", test_stas3_every_key);
    g_test_add_func("/migrate/nvme-cli/shipped", test_nvme_cli_shipped);
    g_test_add_func("/migrate/nvme-cli/every-key", test_nvme_cli_every_key);
    g_test_add_func("/migrate/bad-input", test_bad_input);
    g_test_add_func("/migrate/secret-as-key-name", test_secret_as_key_name);
    g_test_add_func("/migrate/secret-in-nqn", test_secret_in_nqn);
    g_test_add_func("/migrate/read-bad-file", test_read_bad_file);
    g_test_add_func("/migrate/plan/validates-whole", test_plan_validates_whole);
    g_test_add_func("/migrate/plan/route-and-dedupe", test_plan_route_and_dedupe);
    g_test_add_func("/migrate/plan/tls", test_plan_tls);
    return g_test_run();
}
