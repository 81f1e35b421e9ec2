/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-nm-connection.c: `user.data` of an in-memory libnm profile: set and
 * read back, emptied (the user setting goes), and a key NetworkManager would
 * refuse (nothing changed, the key named).
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-nm-connection.h"

static GHashTable *
dict2(const char *k1, const char *v1, const char *k2, const char *v2)
{
    GHashTable *d = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    g_hash_table_insert(d, g_strdup(k1), g_strdup(v1));
    if (k2)
        g_hash_table_insert(d, g_strdup(k2), g_strdup(v2));
    return d;
}

static void
test_round_trip(void)
{
    g_autoptr(NMConnection) connection = nm_simple_connection_new();
    g_autoptr(GHashTable) data  = dict2("nvme.kato", "45", "org.example.x", "y");
    g_autoptr(GHashTable) empty = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) back  = NULL;
    g_autoptr(GHashTable) none  = nmnvme_nm_connection_get_user_data(connection);
    g_autoptr(GError) error     = NULL;

    g_assert_cmpuint(g_hash_table_size(none), ==, 0);
    g_assert_true(nmnvme_nm_connection_set_user_data(connection, data, &error));
    g_assert_no_error(error);
    back = nmnvme_nm_connection_get_user_data(connection);
    g_assert_cmpuint(g_hash_table_size(back), ==, 2);
    g_assert_cmpstr(g_hash_table_lookup(back, "nvme.kato"), ==, "45");
    g_assert_cmpstr(g_hash_table_lookup(back, "org.example.x"), ==, "y");

    g_assert_true(nmnvme_nm_connection_set_user_data(connection, empty, &error));
    g_assert_null(nm_connection_get_setting(connection, NM_TYPE_SETTING_USER));
}

static void
test_refused_key(void)
{
    g_autoptr(NMConnection) connection = nm_simple_connection_new();
    g_autoptr(GHashTable) good = dict2("nvme.kato", "45", NULL, NULL);
    g_autoptr(GHashTable) bad  = dict2("nvme.kato", "60", "nvme.bad key", "1");
    g_autoptr(GHashTable) back = NULL;
    g_autoptr(GError) error    = NULL;

    g_assert_true(nmnvme_nm_connection_set_user_data(connection, good, &error));
    g_assert_false(nmnvme_nm_connection_set_user_data(connection, bad, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_true(g_str_has_prefix(error->message, "nvme.bad key: "));
    back = nmnvme_nm_connection_get_user_data(connection);
    g_assert_cmpstr(g_hash_table_lookup(back, "nvme.kato"), ==, "45");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nm-connection/round-trip", test_round_trip);
    g_test_add_func("/nm-connection/refused-key", test_refused_key);
    return g_test_run();
}
