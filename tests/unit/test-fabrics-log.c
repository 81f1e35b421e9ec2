/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-fabrics-log.c: the discovery log reader of nmnvme-fabrics.c over
 * the fake libnvme adapter (tests/fuzz/fake-libnvme.h): when port-local
 * entries only (PLEO) are asked for, from the controller's sysfs `dctype`
 * and its Supported Log Pages, and how many admin commands a read costs.
 * The lab's cdc scenario does the same against dcsim's DDC and Linux's
 * nvmet over the real kernel.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fake-libnvme.h"
#include "nmnvme-disc-log.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-registry.h"
#include "test-util.h"

typedef struct {
    char          *dir; /* the fake nvme class folder, and the registry's */
    NMNvmeFabrics *fabrics;
    guint8         page[NMNVME_DISC_LOG_HEADER_SIZE]; /* an empty log */
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autoptr(NMNvmeRegistry) registry = NULL;
    NMNvmeDiscLogRaw *raw              = (NMNvmeDiscLogRaw *) f->page;

    f->dir = g_dir_make_tmp("test-fabrics-log-XXXXXX", NULL);
    g_assert_nonnull(f->dir);
    registry   = nmnvme_registry_new(f->dir, "/nonexistent/uevent_seqnum");
    f->fabrics = nmnvme_fabrics_new("/nonexistent/nvme-fabrics", f->dir, registry, NULL);
    memset(f->page, 0, sizeof(f->page));
    raw->genctr = GUINT64_TO_LE(7);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    nmnvme_fabrics_free(f->fabrics);
    nmnvme_test_rm_rf(f->dir);
    g_free(f->dir);
}

/* nvme3's sysfs `dctype` file says @dctype (NULL: there is none, as on
 * kernels before it). */
static void
set_dctype(Fixture *f, const char *dctype)
{
    g_autofree char *ctrl = g_build_filename(f->dir, "nvme3", NULL);
    g_autofree char *path = g_build_filename(ctrl, "dctype", NULL);
    g_autofree char *text = dctype ? g_strdup_printf("%s\n", dctype) : NULL;

    g_assert_cmpint(g_mkdir_with_parents(ctrl, 0755), ==, 0);
    if (text)
        g_assert_true(g_file_set_contents(path, text, -1, NULL));
    else
        g_unlink(path);
}

static void
on_log(GObject *source, GAsyncResult *result, gpointer user_data)
{
    NMNvmeDiscoveryLog **log   = user_data;
    g_autoptr(GError) error    = NULL;

    *log = nmnvme_fabrics_get_log_finish(NULL, result, &error);
    g_assert_no_error(error);
}

/* Reads nvme3's log, wanting PLEO or not, from a controller that supports
 * it or not: whether it was asked for, and the Supported Log Pages asked. */
static gboolean
read_pleo(Fixture *f, gboolean want, gboolean pleos, guint *out_checks)
{
    FakeLibnvmeConduct conduct    = { .pleos = pleos };
    NMNvmeDiscoveryLog *log       = NULL;
    gboolean            pleo;

    fake_libnvme_serve(f->page, sizeof(f->page), &conduct);
    nmnvme_fabrics_get_log_async(f->fabrics, "nvme3", want, NULL, NULL, on_log, &log);
    while (!log)
        g_main_context_iteration(NULL, TRUE);
    g_assert_cmpuint(log->genctr, ==, 7);
    pleo        = log->pleo;
    *out_checks = fake_libnvme_n_pleo_checks();
    nmnvme_discovery_log_free(log);
    return pleo;
}

static void
test_pleo_by_dctype(Fixture *f, gconstpointer data)
{
    guint checks;

    /* a DDC (TP8010) that supports PLEO: asked for */
    set_dctype(f, "ddc");
    g_assert_true(read_pleo(f, TRUE, TRUE, &checks));
    g_assert_cmpuint(checks, ==, 1);
    g_assert_false(read_pleo(f, TRUE, FALSE, &checks));
    g_assert_cmpuint(checks, ==, 1);
    /* nvme.pleo=no: not asked, nor checked */
    g_assert_false(read_pleo(f, FALSE, TRUE, &checks));
    g_assert_cmpuint(checks, ==, 0);
    /* a CDC's log is not per port */
    set_dctype(f, "cdc");
    g_assert_false(read_pleo(f, TRUE, TRUE, &checks));
    g_assert_cmpuint(checks, ==, 0);
    /* no type reported: it predates TP8010, no admin command spent on it */
    set_dctype(f, "none");
    g_assert_false(read_pleo(f, TRUE, TRUE, &checks));
    g_assert_cmpuint(checks, ==, 0);
    /* a kernel without the attribute: the controller is asked */
    set_dctype(f, NULL);
    g_assert_true(read_pleo(f, TRUE, TRUE, &checks));
    g_assert_cmpuint(checks, ==, 1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/fabrics-log/pleo-by-dctype",
               Fixture,
               NULL,
               fixture_setup,
               test_pleo_by_dctype,
               fixture_teardown);
    return g_test_run();
}
