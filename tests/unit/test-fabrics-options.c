/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-fabrics-options.c: the kernel's connect option templates: parsing,
 * feature checks, and reading them from a file.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "nmnvme-error.h"
#include "nmnvme-fabrics-options.h"

/* What Debian 12's 6.1 kernel prints (drivers/nvme/host/fabrics.c). */
#define TEMPLATE_6_1                                                                         \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"          \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,"      \
    "host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,"    \
    "data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,fast_io_fail_tmo=%d,discovery," \
    "dhchap_secret=%s,dhchap_ctrl_secret=%s\n"

/* 5.17, before DH-HMAC-CHAP (6.0). */
#define TEMPLATE_5_17                                                                     \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"       \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,"   \
    "host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest," \
    "data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,fast_io_fail_tmo=%d,discovery\n"

/* A distribution kernel with the readable template backported, but neither
 * host_iface (5.14) nor discovery (5.16) nor DH-HMAC-CHAP. */
#define TEMPLATE_OLD                                                                    \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"     \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s," \
    "host_traddr=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest," \
    "nr_write_queues=%d,nr_poll_queues=%d,tos=%d\n"

static void
test_templates(void)
{
    static const struct {
        const char *text;
        const char *missing; /* space-separated, in the documented order */
        const char *has;     /* options that must be there */
        const char *lacks;   /* options that must not */
    } rows[] = {
        { TEMPLATE_6_1,
          "",
          "host_iface discovery dhchap_secret instance tos fast_io_fail_tmo",
          "tls keyring tls_key src_addr" },
        { TEMPLATE_5_17,
          "dhchap_secret dhchap_ctrl_secret",
          "host_iface discovery hdr_digest",
          "dhchap_secret dhchap_ctrl_secret" },
        { TEMPLATE_OLD,
          "host_iface discovery dhchap_secret dhchap_ctrl_secret",
          "keep_alive_tmo nr_poll_queues tos",
          "host_iface discovery fast_io_fail_tmo" },
        /* the bare minimum: every feature missing, in the documented order */
        { "transport=%s,traddr=%s,nqn=%s",
          "host_iface discovery dhchap_secret dhchap_ctrl_secret keep_alive_tmo ctrl_loss_tmo "
          "reconnect_delay nr_write_queues nr_poll_queues disable_sqflow hdr_digest data_digest "
          "queue_size nr_io_queues",
          "transport traddr nqn",
          "trsvcid hostnqn" },
        /* surrounding whitespace, and a second line, do not count */
        { "  \n" TEMPLATE_6_1 "second=%s,line\n", "", "dhchap_ctrl_secret", "second line" },
        /* spaces and CR at the end of the first line */
        { "transport=%s,traddr=%s,nqn=%s,discovery \t\r\nsecond", NULL, "nqn discovery", "second" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(NMNvmeFabricsOptions) options =
            nmnvme_fabrics_options_parse(rows[i].text, &error);
        g_auto(GStrv) missing   = NULL;
        g_auto(GStrv) has       = g_strsplit(rows[i].has, " ", -1);
        g_auto(GStrv) lacks     = g_strsplit(rows[i].lacks, " ", -1);
        g_autofree char *joined = NULL;

        g_test_message("row %u", i);
        g_assert_no_error(error);
        g_assert_nonnull(options);
        missing = nmnvme_fabrics_options_missing(options);
        joined  = g_strjoinv(" ", missing);
        if (rows[i].missing)
            g_assert_cmpstr(joined, ==, rows[i].missing);
        for (char **p = has; *p; p++)
            g_assert_true(nmnvme_fabrics_options_has(options, *p));
        for (char **p = lacks; *p; p++)
            g_assert_false(nmnvme_fabrics_options_has(options, *p));
    }
}

static void
test_lookup_is_by_name(void)
{
    g_autoptr(NMNvmeFabricsOptions) options = nmnvme_fabrics_options_parse(TEMPLATE_6_1, NULL);

    g_assert_true(nmnvme_fabrics_options_has(options, "transport"));
    g_assert_false(nmnvme_fabrics_options_has(options, "transport=%s"));
    g_assert_false(nmnvme_fabrics_options_has(options, "TRANSPORT"));
    g_assert_false(nmnvme_fabrics_options_has(options, "host"));
    g_assert_false(nmnvme_fabrics_options_has(options, ""));
}

static void
test_bad(void)
{
    static const struct {
        const char *text;
        const char *why;
    } rows[] = {
        { "", "the text is empty" },
        { " \n\t\n", "the text is empty" },
        { "transport=%s,,traddr=%s,nqn=%s", "'' is not an option template" },
        { "transport=%s,traddr=%s,nqn=%s,", "'' is not an option template" },
        { ",transport=%s,traddr=%s,nqn=%s", "'' is not an option template" },
        { "transport=,traddr=%s,nqn=%s", "'transport=' is not an option template" },
        { "=%s,transport=%s,traddr=%s,nqn=%s", "'=%s' is not an option template" },
        { "transport=%s,traddr=%s,nqn=%s,Host_Iface=%s", "'Host_Iface=%s' is not an option" },
        { "transport=%s,traddr=%s,nqn=%s,host iface", "'host iface' is not an option" },
        { "transport=%s,traddr=%s,nqn=%s,a=b=c", "'a=b=c' is not an option template" },
        { "transport=%s,traddr=%s,nqn=%s,x=\x01", "'x=\\001' is not an option template" },
        { "transport=%s,traddr=%s,nqn=%s,\xff", "'\\377' is not an option template" },
        { "transport=%s,traddr=%s,nqn=%s,tos=%d,tos=%d", "option 'tos' is listed twice" },
        { "instance=1,cntlid=2", "option 'transport' is missing" },
        { "transport=%s,nqn=%s", "option 'traddr' is missing" },
        { "transport=%s,traddr=%s", "option 'nqn' is missing" },
        { "Permission denied", "'Permission denied' is not an option template" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(NMNvmeFabricsOptions) options =
            nmnvme_fabrics_options_parse(rows[i].text, &error);

        g_test_message("row %u -> %s", i, error ? error->message : "(accepted!)");
        g_assert_null(options);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_true(g_str_has_prefix(error->message, "invalid fabrics option list: "));
        g_assert_nonnull(strstr(error->message, rows[i].why));
    }
}

static char *
write_temp(const char *dir, const char *name, const char *contents, gssize len)
{
    char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, contents, len, NULL));
    return path;
}

static void
test_load(void)
{
    g_autofree char *dir     = g_dir_make_tmp("test-fabrics-options-XXXXXX", NULL);
    g_autofree char *good    = write_temp(dir, "good", TEMPLATE_5_17, -1);
    g_autofree char *nul     = write_temp(dir, "nul", "transport=%s\0,traddr=%s,nqn=%s", 30);
    g_autofree char *bigtext = g_strnfill(5000, 'a');
    g_autofree char *big     = write_temp(dir, "big", bigtext, -1);
    g_autofree char *absent  = g_build_filename(dir, "absent", NULL);
    g_autoptr(GError) error  = NULL;
    g_autoptr(NMNvmeFabricsOptions) options = NULL;

    options = nmnvme_fabrics_options_load(good, &error);
    g_assert_no_error(error);
    g_assert_true(nmnvme_fabrics_options_has(options, "discovery"));
    g_assert_false(nmnvme_fabrics_options_has(options, "dhchap_secret"));

    g_assert_null(nmnvme_fabrics_options_load(absent, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, absent));
    g_assert_nonnull(strstr(error->message, g_strerror(ENOENT)));
    g_clear_error(&error);

    g_assert_null(nmnvme_fabrics_options_load(dir, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, g_strerror(EISDIR)));
    g_clear_error(&error);

    g_assert_null(nmnvme_fabrics_options_load(nul, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "has a NUL byte"));
    g_clear_error(&error);

    g_assert_null(nmnvme_fabrics_options_load(big, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "longer than 4096 bytes"));
    g_clear_error(&error);

    for (const char *const *f = (const char *const[]){ good, nul, big, NULL }; *f; f++)
        g_assert_cmpint(g_unlink(*f), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fabrics-options/templates", test_templates);
    g_test_add_func("/fabrics-options/lookup-is-by-name", test_lookup_is_by_name);
    g_test_add_func("/fabrics-options/bad", test_bad);
    g_test_add_func("/fabrics-options/load", test_load);
    return g_test_run();
}
