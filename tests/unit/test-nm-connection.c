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
#include "test-util.h"

static void
test_round_trip(void)
{
    g_autoptr(NMConnection) connection = nm_simple_connection_new();
    g_autoptr(GHashTable) data  = nmnvme_test_dict("nvme.kato", "45", "org.example.x", "y", NULL);
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
    g_autoptr(GHashTable) good = nmnvme_test_dict("nvme.kato", "45", NULL);
    g_autoptr(GHashTable) bad  = nmnvme_test_dict("nvme.kato", "60", "nvme.bad key", "1", NULL);
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
