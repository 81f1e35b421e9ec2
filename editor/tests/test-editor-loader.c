/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-editor-loader.c: the GTK-free loader in a process without GTK: it
 * picks the GTK 4 library (GTK 3 is not loaded), and a library that is
 * missing or lacks the factory gives an error naming the file.
 */
#include "config.h"

#include <string.h>

#include "nvme-editor-defines.h"
#include "nvme-editor-loader.h"

static void
test_module_name(void)
{
    g_assert_cmpstr(nvme_editor_loader_module_name(), ==, NVME_EDITOR_GTK4_MODULE);
}

static void
assert_load_fails(const char *module, const char *what)
{
    g_autoptr(NMConnection) connection = nm_simple_connection_new();
    g_autoptr(GError) error            = NULL;
    NMVpnEditor *editor                = nvme_editor_loader_load(module, NULL, connection, &error);

    g_assert_null(editor);
    g_assert_error(error, NM_VPN_PLUGIN_ERROR, NM_VPN_PLUGIN_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, module));
    g_assert_nonnull(strstr(error->message, what));
}

static void
test_missing(void)
{
    /* A relative name resolves beside this code, i.e. in the test's directory. */
    assert_load_fails("libnm-nvme-no-such-editor.so", "cannot load the editor");
}

static void
test_no_factory(void)
{
    /* A real library without the factory symbol. */
    assert_load_fails(g_getenv("NVME_EDITOR_NO_FACTORY_MODULE"), "no " NVME_EDITOR_FACTORY);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/editor-loader/module-name", test_module_name);
    g_test_add_func("/editor-loader/missing", test_missing);
    g_test_add_func("/editor-loader/no-factory", test_no_factory);
    return g_test_run();
}
