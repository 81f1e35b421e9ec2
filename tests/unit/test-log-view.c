/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-log-view.c: a discovery controller's status view and the pages of
 * its log (nmnvme-ctrl.h, nmnvme-log-view.h): the summary has no entries,
 * pages are bounded and their arguments checked. With a big log (65 536
 * entries, the most a log page may list) it prints what one GetSessions
 * reply and one full page cost, built and serialized as GDBus sends them.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "nmnvme-ctrl.h"
#include "nmnvme-error.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-log-view.h"

#define BIG_LOG 65536
#define DISC    "nqn.2014-08.org.nvmexpress.discovery"

static NMNvmeLogEntry *
entry_new(guint i)
{
    NMNvmeDiscLogEntryRaw raw = { 0 };
    NMNvmeLogEntry       *e;

    raw.trtype  = NMNVME_TRTYPE_TCP;
    raw.adrfam  = NMNVME_ADRFAM_IP4;
    raw.subtype = NMNVME_DISC_SUBTYPE_NVME;
    raw.portid  = GUINT16_TO_LE(1);
    raw.cntlid  = GUINT16_TO_LE(0xffff);
    g_snprintf(raw.traddr, sizeof(raw.traddr), "192.168.%u.%u", 77 + i / 65536, i % 250 + 1);
    g_strlcpy(raw.trsvcid, "4420", sizeof(raw.trsvcid));
    g_snprintf(raw.subnqn, sizeof(raw.subnqn), "nqn.2014-08.org.example:subsystem-%05u", i);
    e = nmnvme_log_entry_new(&raw, NULL);
    g_assert_nonnull(e);
    return e;
}

/* (transfer full): a log of @n entries with generation @genctr. */
static NMNvmeDiscoveryLog *
log_new(guint n, guint64 genctr)
{
    NMNvmeDiscoveryLog *log = g_new0(NMNvmeDiscoveryLog, 1);

    log->entries  = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    log->rejected = g_ptr_array_new_with_free_func(g_free);
    log->genctr   = genctr;
    log->dctype   = g_strdup("cdc");
    for (guint i = 0; i < n; i++)
        g_ptr_array_add(log->entries, entry_new(i));
    return log;
}

/* (transfer full): a live discovery controller on stor0 with @log. */
static NMNvmeCtrl *
dc_new(NMNvmeDiscoveryLog *log)
{
    NMNvmeCtrl *ctrl =
        nmnvme_ctrl_new(NULL,
                        NMNVME_CTRL_KIND_DISCOVERY,
                        nmnvme_trid_new("tcp", "192.168.77.100", "8009", DISC, NULL, "stor0"));

    ctrl->log    = log;
    ctrl->device = g_strdup("nvme0");
    ctrl->state  = NMNVME_CTRL_STATE_LIVE;
    return ctrl;
}

/* The size of @body as a method return on the wire. */
static gsize
reply_size(GVariant *body)
{
    g_autoptr(GDBusMessage) call  = g_dbus_message_new_method_call(":1.1", "/o", "i.f", "M");
    g_autoptr(GDBusMessage) reply = NULL;
    g_autoptr(GError) error       = NULL;
    g_autofree guchar *blob       = NULL;
    gsize              size       = 0;

    g_dbus_message_set_serial(call, 1);
    reply = g_dbus_message_new_method_reply(call);
    g_dbus_message_set_body(reply, body);
    blob = g_dbus_message_to_blob(reply, &size, G_DBUS_CAPABILITY_FLAGS_NONE, &error);
    g_assert_no_error(error);
    return size;
}

/* Prints what building and serializing @body (floating) as a reply cost. */
static gsize
report(const char *what, GVariant *body, gint64 start)
{
    gsize size = reply_size(body);

    g_test_message("%s: %" G_GSIZE_FORMAT " bytes (%.1f KiB) in %.1f ms",
                   what,
                   size,
                   size / 1024.0,
                   (g_get_monotonic_time() - start) / 1000.0);
    return size;
}

static void
test_get_sessions_figures(void)
{
    g_autoptr(NMNvmeCtrl) dc = dc_new(log_new(BIG_LOG, 7));
    GVariantBuilder b;
    gint64          start = g_get_monotonic_time();
    gsize           size;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_open(&b, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(
        &b,
        "{sv}",
        "discovery-controllers",
        g_variant_new_array(NULL, (GVariant *[]){ nmnvme_ctrl_to_variant(dc) }, 1));
    g_variant_builder_close(&b);
    size = report("GetSessions, one DC with " G_STRINGIFY(BIG_LOG) " log entries",
                  g_variant_new("(@aa{sv})", g_variant_builder_end(&b)),
                  start);
    g_assert_cmpuint(size, <, 4096);
}

static void
test_page_figures(void)
{
    g_autoptr(NMNvmeDiscoveryLog) log = log_new(BIG_LOG, 7);
    g_autoptr(GError) error           = NULL;
    gint64    start                   = g_get_monotonic_time();
    GVariant *page                    = nmnvme_log_view_page(log,
                                          BIG_LOG - NMNVME_ENGINE_LOG_PAGE_MAX,
                                          NMNVME_ENGINE_LOG_PAGE_MAX,
                                          &error);
    gsize     size;

    g_assert_no_error(error);
    size = report("GetDiscoveryLog, a full page (" G_STRINGIFY(
                      NMNVME_ENGINE_LOG_PAGE_MAX) " entries, the last of " G_STRINGIFY(BIG_LOG) ")",
                  g_variant_new("(@aa{sv}ut)", page, (guint32) BIG_LOG, (guint64) 7),
                  start);
    g_assert_cmpuint(size, <, 512 * 1024);
}

/* The summary: the log's size and generation, no entries; a key to page with. */
static void
test_summary_shape(void)
{
    g_autoptr(NMNvmeCtrl) dc    = dc_new(log_new(3, 42));
    g_autoptr(NMNvmeCtrl) empty = dc_new(NULL);
    g_autoptr(GVariant) view    = g_variant_ref_sink(nmnvme_ctrl_to_variant(dc));
    g_autoptr(GVariant) none    = g_variant_ref_sink(nmnvme_ctrl_to_variant(empty));
    g_autoptr(GVariant) entries = g_variant_lookup_value(view, "log-entries", NULL);
    const char *key             = NULL;
    const char *dctype          = NULL;
    guint32     count           = 0;
    guint64     genctr          = 0;

    g_assert_null(entries);
    g_assert_true(g_variant_lookup(view, "key", "&s", &key));
    g_assert_cmpstr(key, ==, DISC "@192.168.77.100:8009 via stor0");
    g_assert_true(g_variant_lookup(view, "log-entry-count", "u", &count));
    g_assert_cmpuint(count, ==, 3);
    g_assert_true(g_variant_lookup(view, "genctr", "t", &genctr));
    g_assert_cmpuint(genctr, ==, 42);
    g_assert_true(g_variant_lookup(view, "dctype", "&s", &dctype));
    g_assert_cmpstr(dctype, ==, "cdc");
    g_assert_true(g_variant_lookup(view, "registered", "b", NULL));
    g_assert_true(g_variant_lookup(view, "traddr", "&s", NULL));
    g_assert_true(g_variant_lookup(view, "subsysnqn", "&s", NULL));

    /* no log read yet: a count of 0, generation 0 */
    g_assert_true(g_variant_lookup(none, "log-entry-count", "u", &count));
    g_assert_cmpuint(count, ==, 0);
    g_assert_true(g_variant_lookup(none, "genctr", "t", &genctr));
    g_assert_cmpuint(genctr, ==, 0);
}

/* (transfer full): the subsysnqn of every entry of @page, joined by " ". */
static char *
page_nqns(GVariant *page)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (gsize i = 0; i < g_variant_n_children(page); i++) {
        g_autoptr(GVariant) entry = g_variant_get_child_value(page, i);
        const char *nqn           = NULL;

        g_assert_true(g_variant_lookup(entry, "subsysnqn", "&s", &nqn));
        g_string_append_printf(s, "%s%s", i ? " " : "", nqn + strlen("nqn.2014-08.org.example:"));
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* @offset and @limit give @expected (the NQNs' tails), or fail naming @bad. */
static void
assert_page(const NMNvmeDiscoveryLog *log,
            guint                     offset,
            guint                     limit,
            const char               *expected,
            const char               *bad)
{
    g_autoptr(GError) error  = NULL;
    g_autoptr(GVariant) page = nmnvme_log_view_page(log, offset, limit, &error);
    g_autofree char *nqns    = NULL;

    if (bad) {
        g_autofree char *prefix = g_strconcat(bad, ": invalid value ", NULL);

        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
        g_assert_null(page);
        g_assert_true(g_str_has_prefix(error->message, prefix));
        return;
    }
    g_assert_no_error(error);
    g_variant_ref_sink(page);
    g_assert_true(g_variant_is_of_type(page, G_VARIANT_TYPE("aa{sv}")));
    nqns = page_nqns(page);
    g_assert_cmpstr(nqns, ==, expected);
}

static void
test_page_bounds(void)
{
    g_autoptr(NMNvmeDiscoveryLog) log = log_new(5, 1);

    assert_page(log, 0, 2, "subsystem-00000 subsystem-00001", NULL);
    assert_page(log, 2, 2, "subsystem-00002 subsystem-00003", NULL);
    assert_page(log, 4, 2, "subsystem-00004", NULL); /* the end: fewer */
    assert_page(log, 5, 2, "", NULL);                /* past the last: empty */
    assert_page(log,
                0,
                NMNVME_ENGINE_LOG_PAGE_MAX,
                "subsystem-00000 subsystem-00001 subsystem-00002"
                " subsystem-00003 subsystem-00004",
                NULL);
    assert_page(log, 6, 2, NULL, "offset");
    assert_page(log, G_MAXUINT, 2, NULL, "offset");
    assert_page(log, 0, 0, NULL, "limit");
    assert_page(log, 0, NMNVME_ENGINE_LOG_PAGE_MAX + 1, NULL, "limit");
    assert_page(log, 0, G_MAXUINT, NULL, "limit");
    /* a DC whose log was not read yet: an empty log */
    assert_page(NULL, 0, 10, "", NULL);
    assert_page(NULL, 1, 10, NULL, "offset");
    g_assert_cmpuint(nmnvme_log_view_count(NULL), ==, 0);
    g_assert_cmpuint(nmnvme_log_view_count(log), ==, 5);
}

/* The most a page holds: NMNVME_ENGINE_LOG_PAGE_MAX, also of a bigger log. */
static void
test_page_max(void)
{
    g_autoptr(NMNvmeDiscoveryLog) log = log_new(NMNVME_ENGINE_LOG_PAGE_MAX + 10, 1);
    g_autoptr(GError) error           = NULL;
    g_autoptr(GVariant) full          = NULL;
    g_autoptr(GVariant) rest          = NULL;

    full = g_variant_ref_sink(nmnvme_log_view_page(log, 0, NMNVME_ENGINE_LOG_PAGE_MAX, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(g_variant_n_children(full), ==, NMNVME_ENGINE_LOG_PAGE_MAX);
    rest = g_variant_ref_sink(
        nmnvme_log_view_page(log, NMNVME_ENGINE_LOG_PAGE_MAX, NMNVME_ENGINE_LOG_PAGE_MAX, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(g_variant_n_children(rest), ==, 10);
}

typedef struct {
    GMainLoop *loop;
    GVariant  *page;
    GError    *error;
    guint      total;
    guint64    genctr;
} AsyncResult;

static void
page_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    AsyncResult *r = user_data;

    r->page = nmnvme_log_view_page_finish(result, &r->total, &r->genctr, &r->error);
    g_main_loop_quit(r->loop);
}

/* Runs nmnvme_log_view_page_async(); frees @log (the log replaced by a
 * newer one) before the page is built. */
static AsyncResult
page_async(NMNvmeDiscoveryLog *log, guint offset, guint limit)
{
    AsyncResult r = { .loop = g_main_loop_new(NULL, FALSE) };

    nmnvme_log_view_page_async(NULL, log, offset, limit, page_done, &r);
    nmnvme_discovery_log_free(log);
    g_main_loop_run(r.loop);
    g_main_loop_unref(r.loop);
    return r;
}

/* Pages for the bus: built on the pager thread from the entries as they
 * were at the call, with the log's size and generation. */
static void
test_page_async(void)
{
    AsyncResult      ok    = page_async(log_new(600, 11), 512, NMNVME_ENGINE_LOG_PAGE_MAX);
    AsyncResult      none  = page_async(NULL, 0, 5);
    AsyncResult      bad   = page_async(log_new(3, 1), 4, 5);
    g_autofree char *first = NULL;

    g_assert_no_error(ok.error);
    g_assert_cmpuint(g_variant_n_children(ok.page), ==, 88);
    g_assert_cmpuint(ok.total, ==, 600);
    g_assert_cmpuint(ok.genctr, ==, 11);
    g_assert_false(g_variant_is_floating(ok.page));
    first = page_nqns(ok.page);
    g_assert_true(g_str_has_prefix(first, "subsystem-00512 subsystem-00513 "));
    g_variant_unref(ok.page);

    g_assert_no_error(none.error);
    g_assert_cmpuint(g_variant_n_children(none.page), ==, 0);
    g_assert_cmpuint(none.total, ==, 0);
    g_assert_cmpuint(none.genctr, ==, 0);
    g_variant_unref(none.page);

    g_assert_null(bad.page);
    g_assert_error(bad.error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr(bad.error->message, ==, "offset: invalid value 4: the log has 3 entries");
    g_error_free(bad.error);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log-view/summary-shape", test_summary_shape);
    g_test_add_func("/log-view/page-bounds", test_page_bounds);
    g_test_add_func("/log-view/page-max", test_page_max);
    g_test_add_func("/log-view/page-async", test_page_async);
    g_test_add_func("/log-view/get-sessions-figures", test_get_sessions_figures);
    g_test_add_func("/log-view/page-figures", test_page_figures);
    return g_test_run();
}
