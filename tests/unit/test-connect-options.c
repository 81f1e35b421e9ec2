/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-connect-options.c: the /dev/nvme-fabrics option string: what each
 * kind of controller gets, and that options the kernel lacks are dropped.
 */
#include "config.h"

#include "nmnvme-connect-options.h"
#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

/* Debian 12's 6.1 kernel, as read from /dev/nvme-fabrics in the lab. */
#define TEMPLATE_6_1                                                                      \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"       \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,"   \
    "host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest," \
    "data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,fast_io_fail_tmo=%d,"        \
    "discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s"

/* A 5.10-era kernel: no host_iface, no discovery (TP8013), no DH-HMAC-CHAP. */
#define TEMPLATE_OLD                                                                    \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"     \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s," \
    "host_traddr=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest," \
    "nr_write_queues=%d,nr_poll_queues=%d,tos=%d"

#define SECRET  "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define HOSTID  "5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"

static NMNvmeSettings *
settings_new(const char *first_key, ...)
{
    g_autoptr(GHashTable) d = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    va_list ap;

    va_start(ap, first_key);
    for (const char *k = first_key; k; k = va_arg(ap, const char *))
        g_hash_table_insert(d, g_strdup(k), g_strdup(va_arg(ap, const char *)));
    va_end(ap);
    return nmnvme_settings_new_from_data(d, NULL);
}

static char *
build(NMNvmeCtrlKind        kind,
      const char           *nqn,
      const NMNvmeSettings *settings,
      const char *template,
      NMNvmeConnectOptionsFlags flags,
      GPtrArray                *dropped)
{
    g_autoptr(NMNvmeFabricsOptions) caps =
        template ? nmnvme_fabrics_options_parse(template, NULL) : NULL;
    g_autoptr(GError) error = NULL;
    NMNvmeConnectRequest r  = {
         .kind       = kind,
         .transport  = "tcp",
         .traddr     = "192.168.77.100",
         .trsvcid    = kind == NMNVME_CTRL_KIND_DISCOVERY ? "8009" : "4420",
         .subsysnqn  = nqn,
         .host_iface = "stor0",
         .hostnqn    = HOSTNQN,
         .hostid     = HOSTID,
         .settings   = settings,
    };
    char *options;

    g_assert_true(!template || caps);
    options = nmnvme_connect_options_build(&r, caps, flags, dropped, &error);
    g_assert_no_error(error);
    return options;
}

static void
test_discovery_default(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autofree char *options    = build(NMNVME_CTRL_KIND_DISCOVERY,
                                     NMNVME_NQN_DISCOVERY,
                                     s,
                                     TEMPLATE_6_1,
                                     NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                     NULL);

    g_assert_cmpstr(options,
                    ==,
                    "transport=tcp,traddr=192.168.77.100,trsvcid=8009,"
                    "nqn=nqn.2014-08.org.nvmexpress.discovery,hostnqn=" HOSTNQN ",hostid=" HOSTID
                    ",host_iface=stor0,keep_alive_tmo=30");
}

static void
test_io_everything(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new("nvme.ctrl-loss-tmo",
                                               "-1",
                                               "nvme.reconnect-delay",
                                               "5",
                                               "nvme.nr-io-queues",
                                               "4",
                                               "nvme.nr-write-queues",
                                               "1",
                                               "nvme.nr-poll-queues",
                                               "2",
                                               "nvme.queue-size",
                                               "64",
                                               "nvme.hdr-digest",
                                               "yes",
                                               "nvme.data-digest",
                                               "yes",
                                               "nvme.disable-sqflow",
                                               "yes",
                                               "nvme.dhchap-secret",
                                               SECRET,
                                               "nvme.kato",
                                               "99",
                                               NULL);
    g_autofree char *options    = build(NMNVME_CTRL_KIND_IO,
                                     "nqn.2026-11.io.example:sub1",
                                     s,
                                     TEMPLATE_6_1,
                                     NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                     NULL);

    g_assert_nonnull(s);
    g_assert_cmpstr(options,
                    ==,
                    "transport=tcp,traddr=192.168.77.100,trsvcid=4420,"
                    "nqn=nqn.2026-11.io.example:sub1,hostnqn=" HOSTNQN ",hostid=" HOSTID
                    ",host_iface=stor0,ctrl_loss_tmo=-1,reconnect_delay=5,hdr_digest,data_digest,"
                    "nr_io_queues=4,nr_write_queues=1,nr_poll_queues=2,queue_size=64,"
                    "disable_sqflow,dhchap_secret=" SECRET);
    /* kato is for discovery controllers only */
    g_assert_null(strstr(options, "keep_alive_tmo"));
}

/* An NBFT subsystem record's digest flags, whatever the settings say. */
static void
test_required_digests(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new(NULL);
    NMNvmeConnectRequest r      = {
             .kind        = NMNVME_CTRL_KIND_IO,
             .transport   = "tcp",
             .traddr      = "192.168.77.100",
             .trsvcid     = "4420",
             .subsysnqn   = "nqn.2026-11.io.example:boot",
             .hostnqn     = HOSTNQN,
             .settings    = s,
             .data_digest = TRUE,
    };
    g_autofree char *options =
        nmnvme_connect_options_build(&r, NULL, NMNVME_CONNECT_OPTIONS_WITH_SECRETS, NULL, NULL);

    g_assert_nonnull(strstr(options, ",data_digest"));
    g_assert_null(strstr(options, "hdr_digest"));
}

static void
test_secrets_masked(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new("nvme.dhchap-secret", SECRET, NULL);
    g_autofree char *shown      = build(NMNVME_CTRL_KIND_IO,
                                   "nqn.2026-11.io.example:sub1",
                                   s,
                                   TEMPLATE_6_1,
                                   NMNVME_CONNECT_OPTIONS_MASK_SECRETS,
                                   NULL);

    g_assert_null(strstr(shown, "DHHC-1"));
    g_assert_nonnull(strstr(shown, "dhchap_secret=" NMNVME_SECRET_MASK));
}

static void
test_discovery_gets_no_io_options(void)
{
    g_autoptr(NMNvmeSettings) s = settings_new("nvme.queue-size",
                                               "64",
                                               "nvme.dhchap-secret",
                                               SECRET,
                                               "nvme.nr-io-queues",
                                               "2",
                                               NULL);
    g_autofree char *options    = build(NMNVME_CTRL_KIND_DISCOVERY,
                                     NMNVME_NQN_DISCOVERY,
                                     s,
                                     TEMPLATE_6_1,
                                     NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                     NULL);

    g_assert_null(strstr(options, "queue_size"));
    g_assert_null(strstr(options, "nr_io_queues"));
    g_assert_null(strstr(options, "dhchap"));
}

static void
test_unique_discovery_nqn(void)
{
    g_autoptr(NMNvmeSettings) s     = nmnvme_settings_new_default();
    g_autoptr(GPtrArray) dropped    = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *with_tp8013    = build(NMNVME_CTRL_KIND_DISCOVERY,
                                         "nqn.2026-11.io.example:cdc",
                                         s,
                                         TEMPLATE_6_1,
                                         NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                         NULL);
    g_autofree char *without_tp8013 = build(NMNVME_CTRL_KIND_DISCOVERY,
                                            "nqn.2026-11.io.example:cdc",
                                            s,
                                            TEMPLATE_OLD,
                                            NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                            dropped);

    g_assert_nonnull(strstr(with_tp8013, "nqn=nqn.2026-11.io.example:cdc,"));
    g_assert_nonnull(strstr(with_tp8013, ",discovery,"));
    /* an old kernel: the well-known NQN, no discovery flag */
    g_assert_nonnull(strstr(without_tp8013, "nqn=" NMNVME_NQN_DISCOVERY ","));
    g_assert_null(strstr(without_tp8013, ",discovery,"));
    g_assert_true(g_ptr_array_find_with_equal_func(dropped, "discovery", g_str_equal, NULL));
}

static void
test_old_kernel_drops(void)
{
    g_autoptr(NMNvmeSettings) s  = settings_new("nvme.dhchap-secret", SECRET, NULL);
    g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *options     = build(NMNVME_CTRL_KIND_IO,
                                     "nqn.2026-11.io.example:sub1",
                                     s,
                                     TEMPLATE_OLD,
                                     NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                     dropped);

    g_assert_null(strstr(options, "host_iface"));
    g_assert_null(strstr(options, "dhchap"));
    g_assert_cmpuint(dropped->len, ==, 2);
    g_assert_cmpstr(dropped->pdata[0], ==, "host_iface");
    g_assert_cmpstr(dropped->pdata[1], ==, "dhchap_secret");
}

static void
test_comma_refused(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autoptr(GError) error     = NULL;
    NMNvmeConnectRequest r      = {
             .kind      = NMNVME_CTRL_KIND_IO,
             .transport = "tcp",
             .traddr    = "10.0.0.1",
             .trsvcid   = "4420",
             .subsysnqn = "nqn.2026-11.io.example:a,b",
             .hostnqn   = HOSTNQN,
             .hostid    = HOSTID,
             .settings  = s,
    };

    g_assert_null(
        nmnvme_connect_options_build(&r, NULL, NMNVME_CONNECT_OPTIONS_WITH_SECRETS, NULL, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "nqn 'nqn.2026-11.io.example:a,b' contains ','"));
}

/* host_iface is a tcp option: the kernel refuses it for rdma and fc. */
static void
test_host_iface_tcp_only(void)
{
    g_autoptr(NMNvmeSettings) s           = nmnvme_settings_new_default();
    static const char *const transports[] = { "rdma", "fc" };

    for (guint i = 0; i < G_N_ELEMENTS(transports); i++) {
        g_autoptr(GError) error      = NULL;
        g_autofree char     *options = NULL;
        NMNvmeConnectRequest r       = {
                  .kind       = NMNVME_CTRL_KIND_IO,
                  .transport  = transports[i],
                  .traddr     = "192.168.77.100",
                  .trsvcid    = "4420",
                  .subsysnqn  = "nqn.2026-01.com.example:vol1",
                  .host_iface = "stor0",
                  .hostnqn    = HOSTNQN,
                  .hostid     = HOSTID,
                  .settings   = s,
        };

        options = nmnvme_connect_options_build(&r,
                                               NULL,
                                               NMNVME_CONNECT_OPTIONS_WITH_SECRETS,
                                               NULL,
                                               &error);
        g_assert_no_error(error);
        g_assert_null(strstr(options, "host_iface"));
    }
}

/* Debian 13's 6.12, as its nvme-fabrics module lists them: TLS, no concat. */
#define TEMPLATE_6_12 TEMPLATE_6_1 ",keyring=%d,tls_key=%d,tls"

static char *
build_tls(const char *template, gint32 tls_key, GError **error)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autoptr(NMNvmeFabricsOptions) caps =
        template ? nmnvme_fabrics_options_parse(template, NULL) : NULL;
    g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func(g_free);
    NMNvmeConnectRequest r       = {
              .kind       = NMNVME_CTRL_KIND_IO,
              .transport  = "tcp",
              .traddr     = "192.168.77.100",
              .trsvcid    = "4420",
              .subsysnqn  = "nqn.2026-01.com.example:vol1",
              .host_iface = "stor0",
              .hostnqn    = HOSTNQN,
              .hostid     = HOSTID,
              .settings   = s,
              .tls        = TRUE,
              .tls_key    = tls_key,
    };
    char *options;

    options = nmnvme_connect_options_build(&r, caps, NMNVME_CONNECT_OPTIONS_WITH_SECRETS, dropped,
                                           error);
    g_assert_cmpuint(dropped->len, ==, 0);
    return options;
}

/* TLS is the `tls` flag and, for a key we inserted, its serial: never key
 * material, whatever the flags. */
static void
test_tls(void)
{
    g_autofree char *lookup = build_tls(TEMPLATE_6_12, 0, NULL);
    g_autofree char *keyed  = build_tls(TEMPLATE_6_12, 123456789, NULL);

    g_assert_nonnull(g_strrstr(lookup, ",tls"));
    g_assert_true(g_str_has_suffix(lookup, ",tls"));
    g_assert_null(strstr(lookup, "tls_key"));
    g_assert_true(g_str_has_suffix(keyed, ",tls,tls_key=123456789"));
    g_assert_null(strstr(keyed, "NVMeTLSkey"));
    g_assert_null(strstr(keyed, "keyring="));
}

/* A secure controller is never connected plain: a kernel without `tls`
 * (Debian 12's 6.1) fails the build, it does not drop the option. */
static void
test_tls_never_dropped(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) error2 = NULL;

    g_assert_null(build_tls(TEMPLATE_6_1, 0, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "no 'tls' connect option"));
    g_assert_null(build_tls(TEMPLATE_6_1 ",tls", 42, &error2));
    g_assert_nonnull(strstr(error2->message, "no 'tls_key' connect option"));
}

/* A kernel with secure concatenation (7.x, the lab's `next`). */
#define TEMPLATE_CONCAT TEMPLATE_6_12 ",concat"

static char *
build_concat(const char           *template,
             NMNvmeCtrlKind        kind,
             const NMNvmeSettings *s,
             gboolean              tls,
             NMNvmeConnectOptionsFlags flags,
             GError              **error)
{
    g_autoptr(NMNvmeFabricsOptions) caps = nmnvme_fabrics_options_parse(template, NULL);
    NMNvmeConnectRequest r               = {
                      .kind       = kind,
                      .transport  = "tcp",
                      .traddr     = "192.168.77.100",
                      .trsvcid    = "4420",
                      .subsysnqn  = "nqn.2026-01.com.example:vol1",
                      .hostnqn    = HOSTNQN,
                      .hostid     = HOSTID,
                      .settings   = s,
                      .tls        = tls,
                      .concat     = TRUE,
    };

    g_assert_nonnull(caps);
    return nmnvme_connect_options_build(&r, caps, flags, NULL, error);
}

/* Secure concatenation is `concat` beside the DH-HMAC-CHAP secret, never
 * with `tls` or `tls_key` (the kernel refuses them together); what the log
 * shows has the secret masked and no key material at all. */
static void
test_concat(void)
{
    g_autoptr(NMNvmeSettings) s =
        settings_new("nvme.dhchap-secret", SECRET, "nvme.tls", "concat", NULL);
    g_autofree char *kernel =
        build_concat(TEMPLATE_CONCAT, NMNVME_CTRL_KIND_IO, s, FALSE,
                     NMNVME_CONNECT_OPTIONS_WITH_SECRETS, NULL);
    g_autofree char *shown =
        build_concat(TEMPLATE_CONCAT, NMNVME_CTRL_KIND_IO, s, FALSE,
                     NMNVME_CONNECT_OPTIONS_MASK_SECRETS, NULL);

    g_assert_nonnull(s);
    g_assert_nonnull(strstr(kernel, ",dhchap_secret=" SECRET));
    g_assert_true(g_str_has_suffix(kernel, ",concat"));
    g_assert_null(strstr(kernel, ",tls"));
    g_assert_null(strstr(kernel, "keyring="));
    g_assert_nonnull(strstr(shown, ",dhchap_secret=" NMNVME_SECRET_MASK));
    g_assert_true(g_str_has_suffix(shown, ",concat"));
    g_assert_null(strstr(shown, "DHHC-1"));
    g_assert_null(strstr(shown, "NVMeTLSkey"));
}

/* Never connected without what concat needs: a kernel without `concat`
 * (Debian 13's 6.12), no DH-HMAC-CHAP secret, a discovery controller, or
 * `tls` beside it fail the build; no error quotes the secret. */
static void
test_concat_refused(void)
{
    g_autoptr(NMNvmeSettings) s =
        settings_new("nvme.dhchap-secret", SECRET, "nvme.tls", "concat", NULL);
    g_autoptr(NMNvmeSettings) nosecret = nmnvme_settings_new_default();
    struct {
        const char           *template;
        NMNvmeCtrlKind        kind;
        const NMNvmeSettings *settings;
        gboolean              tls;
        const char           *want;
    } cases[] = {
        { TEMPLATE_6_12, NMNVME_CTRL_KIND_IO, s, FALSE, "no 'concat' connect option" },
        { TEMPLATE_CONCAT, NMNVME_CTRL_KIND_IO, nosecret, FALSE, "needs nvme.dhchap-secret" },
        { TEMPLATE_CONCAT, NMNVME_CTRL_KIND_DISCOVERY, s, FALSE, "needs nvme.dhchap-secret" },
        { TEMPLATE_CONCAT, NMNVME_CTRL_KIND_IO, s, TRUE, "together with 'tls'" },
    };

    g_assert_nonnull(s);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *options =
            build_concat(cases[i].template, cases[i].kind, cases[i].settings, cases[i].tls,
                         NMNVME_CONNECT_OPTIONS_WITH_SECRETS, &error);

        g_assert_null(options);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
        if (!strstr(error->message, cases[i].want))
            g_error("case %u: '%s' lacks '%s'", i, error->message, cases[i].want);
        g_assert_null(strstr(error->message, "DHHC-1"));
    }
}

/* A plain request gets no TLS option, even on a TLS kernel. */
static void
test_plain_on_tls_kernel(void)
{
    g_autoptr(NMNvmeSettings) s = nmnvme_settings_new_default();
    g_autofree char *options =
        build(NMNVME_CTRL_KIND_IO, "nqn.2026-01.com.example:vol1", s, TEMPLATE_6_12,
              NMNVME_CONNECT_OPTIONS_WITH_SECRETS, NULL);

    g_assert_null(strstr(options, "tls"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/connect-options/discovery-default", test_discovery_default);
    g_test_add_func("/connect-options/io-everything", test_io_everything);
    g_test_add_func("/connect-options/secrets-masked", test_secrets_masked);
    g_test_add_func("/connect-options/required-digests", test_required_digests);
    g_test_add_func("/connect-options/discovery-gets-no-io-options",
                    test_discovery_gets_no_io_options);
    g_test_add_func("/connect-options/unique-discovery-nqn", test_unique_discovery_nqn);
    g_test_add_func("/connect-options/old-kernel-drops", test_old_kernel_drops);
    g_test_add_func("/connect-options/comma-refused", test_comma_refused);
    g_test_add_func("/connect-options/host-iface-tcp-only", test_host_iface_tcp_only);
    g_test_add_func("/connect-options/tls", test_tls);
    g_test_add_func("/connect-options/tls-never-dropped", test_tls_never_dropped);
    g_test_add_func("/connect-options/plain-on-tls-kernel", test_plain_on_tls_kernel);
    g_test_add_func("/connect-options/concat", test_concat);
    g_test_add_func("/connect-options/concat-refused", test_concat_refused);
    return g_test_run();
}
