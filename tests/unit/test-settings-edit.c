/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-settings-edit.c: nmcli-style edits of a stored dictionary: set,
 * unset, +append and -remove on lists (canonical comparison), errors that
 * name the key and leave the input untouched, foreign keys carried over.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-settings-edit.h"

#define D1 "nvme+tcp://192.0.2.1" /* canonical: the default port left out */
#define D2 "nvme+tcp://192.0.2.2"

static GHashTable *
stored(void)
{
    GHashTable *d = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    g_hash_table_insert(d, g_strdup("nvme.discovery"), g_strdup(D1));
    g_hash_table_insert(d, g_strdup("nvme.kato"), g_strdup("30"));
    g_hash_table_insert(d, g_strdup("org.example.note"), g_strdup("keep me"));
    return d;
}

/* Applies @args to stored() and returns the value of @key afterwards. */
static char *
edit_then_get(const char *key, const char *const *args)
{
    g_autoptr(GHashTable) data   = stored();
    g_autoptr(GError) error      = NULL;
    g_autoptr(GHashTable) result = nmnvme_settings_edit(data, args, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(g_hash_table_lookup(result, "org.example.note"), ==, "keep me");
    return g_strdup(g_hash_table_lookup(result, key));
}

/* Asserts that @args fail with @code and a message starting with @prefix. */
static void
assert_edit_fails(const char *const *args, int code, const char *prefix)
{
    g_autoptr(GHashTable) data   = stored();
    g_autoptr(GError) error      = NULL;
    g_autoptr(GHashTable) result = nmnvme_settings_edit(data, args, &error);

    g_assert_null(result);
    g_assert_error(error, NMNVME_ERROR, code);
    g_assert_true(g_str_has_prefix(error->message, prefix));
    /* the input is untouched */
    g_assert_cmpuint(g_hash_table_size(data), ==, 3);
    g_assert_cmpstr(g_hash_table_lookup(data, "nvme.discovery"), ==, D1);
}

static void
test_set(void)
{
    const char *const kato[]  = { "nvme.kato", "45", NULL };
    const char *const bare[]  = { "kato", "50", NULL };
    const char *const boolw[] = { "nvme.zeroconf", "true", NULL };
    g_autofree char *a        = edit_then_get("nvme.kato", kato);
    g_autofree char *b        = edit_then_get("nvme.kato", bare);
    g_autofree char *c        = edit_then_get("nvme.zeroconf", boolw);

    g_assert_cmpstr(a, ==, "45");
    g_assert_cmpstr(b, ==, "50");
    g_assert_cmpstr(c, ==, "yes"); /* canonical form */
}

static void
test_unset(void)
{
    const char *const unset[] = { "nvme.kato", "", NULL };
    g_autofree char *v        = edit_then_get("nvme.kato", unset);

    g_assert_null(v);
}

static void
test_list_append_remove(void)
{
    const char *const add[]     = { "+nvme.discovery", "nvme+tcp://192.0.2.2", NULL };
    /* the stored item written with its default port: still the same item */
    const char *const rm[]      = { "-nvme.discovery", "nvme+tcp://192.0.2.1:8009", NULL };
    const char *const replace[] = { "nvme.discovery", D2, NULL };
    g_autofree char *added      = edit_then_get("nvme.discovery", add);
    g_autofree char *removed    = edit_then_get("nvme.discovery", rm);
    g_autofree char *replaced   = edit_then_get("nvme.discovery", replace);

    g_assert_cmpstr(added, ==, D1 " " D2);
    g_assert_null(removed); /* the last item gone: the key is unset */
    g_assert_cmpstr(replaced, ==, D2);
}

static void
test_several_in_order(void)
{
    const char *const args[] = { "+nvme.discovery", D2, "-nvme.discovery", D1,
                                 "nvme.kato",       "60", NULL };
    g_autoptr(GHashTable) data   = stored();
    g_autoptr(GError) error      = NULL;
    g_autoptr(GHashTable) result = nmnvme_settings_edit(data, args, &error);

    g_assert_no_error(error);
    g_assert_cmpstr(g_hash_table_lookup(result, "nvme.discovery"), ==, D2);
    g_assert_cmpstr(g_hash_table_lookup(result, "nvme.kato"), ==, "60");
}

static void
test_errors(void)
{
    const char *const bad_value[] = { "nvme.kato", "0", NULL };
    const char *const unknown[]   = { "nvme.kat0", "5", NULL };
    const char *const no_value[]  = { "nvme.kato", NULL };
    const char *const not_list[]  = { "+nvme.kato", "5", NULL };
    const char *const absent[]    = { "-nvme.discovery", D2, NULL };
    const char *const twice[]     = { "+nvme.discovery", D1, NULL };
    const char *const bad_uri[]   = { "+nvme.discovery", "nvme+tcp://nohost", NULL };
    const char *const late_bad[]  = { "nvme.kato", "45", "nvme.ip-family", "ipv5", NULL };

    assert_edit_fails(bad_value, NMNVME_ERROR_INVALID_SETTING, "nvme.kato: invalid value '0'");
    assert_edit_fails(unknown, NMNVME_ERROR_UNKNOWN_SETTING, "nvme.kat0: unknown setting");
    assert_edit_fails(no_value, NMNVME_ERROR_INVALID_ARGUMENT, "nvme.kato: no value");
    assert_edit_fails(not_list, NMNVME_ERROR_INVALID_ARGUMENT, "nvme.kato: '+' applies only");
    assert_edit_fails(absent, NMNVME_ERROR_INVALID_SETTING, "nvme.discovery: '" D2 "' is not in the list");
    assert_edit_fails(twice, NMNVME_ERROR_INVALID_SETTING, "nvme.discovery: ");
    assert_edit_fails(bad_uri, NMNVME_ERROR_INVALID_SETTING, "nvme.discovery: ");
    assert_edit_fails(late_bad, NMNVME_ERROR_INVALID_SETTING, "nvme.ip-family: ");
}

static void
test_clear_and_has_keys(void)
{
    g_autoptr(GHashTable) data    = stored();
    g_autoptr(GHashTable) cleared = nmnvme_settings_data_clear(data);

    g_assert_true(nmnvme_settings_data_has_keys(data));
    g_assert_false(nmnvme_settings_data_has_keys(cleared));
    g_assert_false(nmnvme_settings_data_has_keys(NULL));
    g_assert_cmpuint(g_hash_table_size(cleared), ==, 1);
    g_assert_cmpstr(g_hash_table_lookup(cleared, "org.example.note"), ==, "keep me");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/settings-edit/set", test_set);
    g_test_add_func("/settings-edit/unset", test_unset);
    g_test_add_func("/settings-edit/list-append-remove", test_list_append_remove);
    g_test_add_func("/settings-edit/several-in-order", test_several_in_order);
    g_test_add_func("/settings-edit/errors", test_errors);
    g_test_add_func("/settings-edit/clear-and-has-keys", test_clear_and_has_keys);
    return g_test_run();
}
