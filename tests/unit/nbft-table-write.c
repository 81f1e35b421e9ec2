/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nbft-table-write.c: `nbft-table-write FILE` writes nbft-table.h's example
 * table to FILE, for the end-to-end test of `nm-nvme nbft`
 * (src/cli/tests/test-end-to-end.sh, case nbft). A test asset.
 */
#include "config.h"

#include "nbft-table.h"

int
main(int argc, char **argv)
{
    g_autoptr(GBytes) bytes = nbft_table_write(&nbft_table_example);
    g_autoptr(GError) error = NULL;
    gsize       len;
    const char *data = g_bytes_get_data(bytes, &len);

    if (argc != 2) {
        g_printerr("usage: nbft-table-write FILE\n");
        return 2;
    }
    if (!g_file_set_contents(argv[1], data, (gssize) len, &error)) {
        g_printerr("nbft-table-write: %s\n", error->message);
        return 1;
    }
    return 0;
}
