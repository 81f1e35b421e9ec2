/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-log.c: whole discovery logs read a page at a time
 * (nmnvme-cli-log.h) from a fake GetDiscoveryLog: every page, one
 * generation, a fresh start when the log changes between pages, an error
 * when it never settles or a call fails.
 */
#include "config.h"

#include "nmnvme-cli-log.h"
#include "nmnvme-error.h"

/* A fake daemon's discovery log. */
typedef struct {
    guint    size;
    guint64  genctr;
    guint    calls;
    guint    change_at_call; /* the log changes before this call (0: never) */
    gboolean always_change;
    guint    fail_at_call; /* this call fails (0: never) */
} FakeLog;

/* (transfer full): entries @offset.. of @log, at most @limit; each
 * {"n": index, "gen": genctr} so that a mix of generations shows. */
static GVariant *
fake_page(const FakeLog *log, guint offset, guint limit)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = offset; i < log->size && i < offset + limit; i++)
        g_variant_builder_add_parsed(&b, "{'n': <%u>, 'gen': <%t>}", i, log->genctr);
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static gboolean
fake_fetch(const char *iface,
           const char *dc_key,
           guint       offset,
           guint       limit,
           GVariant  **out_entries,
           guint      *out_total,
           guint64    *out_genctr,
           gpointer    user_data,
           GError    **error)
{
    FakeLog *log = user_data;

    log->calls++;
    if (log->calls == log->fail_at_call) {
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT, "dc_key: no such");
        return FALSE;
    }
    if (log->always_change || log->calls == log->change_at_call) {
        log->genctr++;
        log->size += 3;
    }
    g_assert_cmpuint(offset, <=, log->size);
    *out_entries = fake_page(log, offset, limit);
    *out_total   = log->size;
    *out_genctr  = log->genctr;
    return TRUE;
}

/* Asserts that @entries are 0..@n-1, all of generation @genctr. */
static void
assert_entries(GVariant *entries, guint n, guint64 genctr)
{
    g_assert_nonnull(entries);
    g_assert_cmpuint(g_variant_n_children(entries), ==, n);
    for (guint i = 0; i < n; i++) {
        g_autoptr(GVariant) entry = g_variant_get_child_value(entries, i);
        guint   index             = G_MAXUINT;
        guint64 gen               = 0;

        g_assert_true(g_variant_lookup(entry, "n", "u", &index));
        g_assert_true(g_variant_lookup(entry, "gen", "t", &gen));
        g_assert_cmpuint(index, ==, i);
        g_assert_cmpuint(gen, ==, genctr);
    }
}

static GVariant *
collect(FakeLog *log, guint limit, GError **error)
{
    return nmnvme_cli_log_collect("stor0", "dc", limit, fake_fetch, log, error);
}

static void
test_pages(void)
{
    FakeLog log                 = { .size = 1000, .genctr = 4 };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GVariant) entries = collect(&log, 256, &error);

    g_assert_no_error(error);
    assert_entries(entries, 1000, 4);
    g_assert_cmpuint(log.calls, ==, 4); /* 256 + 256 + 256 + 232 */
}

static void
test_exact_and_empty(void)
{
    FakeLog log                 = { .size = 512, .genctr = 1 };
    FakeLog empty               = { .size = 0 };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GVariant) entries = collect(&log, 256, &error);
    g_autoptr(GVariant) none    = NULL;

    g_assert_no_error(error);
    assert_entries(entries, 512, 1);
    g_assert_cmpuint(log.calls, ==, 2);
    none = collect(&empty, 256, &error);
    g_assert_no_error(error);
    assert_entries(none, 0, 0);
    g_assert_cmpuint(empty.calls, ==, 1);
}

/* The generation moves between pages 2 and 3: read again, all of the new one. */
static void
test_generation_changes(void)
{
    FakeLog log                 = { .size = 600, .genctr = 9, .change_at_call = 3 };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GVariant) entries = collect(&log, 256, &error);

    g_assert_no_error(error);
    assert_entries(entries, 603, 10);
    g_assert_cmpuint(log.calls, ==, 3 + 3);
}

static void
test_never_settles(void)
{
    FakeLog log                 = { .size = 600, .genctr = 1, .always_change = TRUE };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GVariant) entries = collect(&log, 256, &error);

    g_assert_null(entries);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED);
    g_assert_cmpstr(error->message,
                    ==,
                    "the discovery log of 'dc' on stor0 changed during each of 5 readings");
    g_assert_cmpuint(log.calls, ==, 2 * NMNVME_CLI_LOG_ATTEMPTS);
}

static void
test_call_fails(void)
{
    FakeLog log                 = { .size = 600, .fail_at_call = 2 };
    g_autoptr(GError) error     = NULL;
    g_autoptr(GVariant) entries = collect(&log, 256, &error);

    g_assert_null(entries);
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint(log.calls, ==, 2);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-log/pages", test_pages);
    g_test_add_func("/cli-log/exact-and-empty", test_exact_and_empty);
    g_test_add_func("/cli-log/generation-changes", test_generation_changes);
    g_test_add_func("/cli-log/never-settles", test_never_settles);
    g_test_add_func("/cli-log/call-fails", test_call_fails);
    return g_test_run();
}
