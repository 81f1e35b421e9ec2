/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-connection.c: how `nm-nvme connection show` prints a profile's
 * view: every schema key in schema order, "--" for unset ones, the value of
 * set ones, and a secret only ever as it arrives in the view (masked).
 */
#include "config.h"

#include <string.h>

#include "nmnvme-cli-connection.h"
#include "nmnvme-dhchap.h"
#include "nmnvme-settings.h"

static GVariant *
view_new(void)
{
    GVariantBuilder settings;
    GVariantDict    view;

    g_variant_builder_init(&settings, G_VARIANT_TYPE("a{ss}"));
    g_variant_builder_add(&settings, "{ss}", "nvme.discovery", "nvme+tcp://192.0.2.1");
    g_variant_builder_add(&settings, "{ss}", "nvme.kato", "45");
    g_variant_builder_add(&settings, "{ss}", "nvme.dhchap-secret", NMNVME_SECRET_MASK);
    g_variant_dict_init(&view, NULL);
    g_variant_dict_insert(&view, "id", "s", "storage0");
    g_variant_dict_insert(&view, "uuid", "s", "0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61");
    g_variant_dict_insert_value(&view, "settings", g_variant_builder_end(&settings));
    return g_variant_ref_sink(g_variant_dict_end(&view));
}

/* Whether @text has the line "KEY:" padded to column 41, then @value. */
static gboolean
has_line(const char *text, const char *key, const char *value)
{
    g_autofree char *label = g_strconcat(key, ":", NULL);
    g_autofree char *line  = g_strdup_printf("\n%-40s%s\n", label, value);

    return strstr(text, line) != NULL;
}

static void
test_format(void)
{
    g_autoptr(GVariant) view = view_new();
    g_autofree char *text    = nmnvme_cli_connection_format(view);
    g_auto(GStrv) lines      = g_strsplit(text, "\n", -1);

    g_assert_true(g_str_has_prefix(lines[0], "connection.id:"));
    g_assert_true(g_str_has_suffix(lines[0], " storage0"));
    g_assert_true(g_str_has_suffix(lines[1], " 0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61"));
    g_assert_true(has_line(text, "connection.uuid", "0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61"));
    g_assert_true(has_line(text, "nvme.discovery", "nvme+tcp://192.0.2.1"));
    g_assert_true(has_line(text, "nvme.kato", "45"));
    g_assert_true(has_line(text, "nvme.zeroconf", "--"));
    g_assert_true(has_line(text, "nvme.connect-attempts-on-ncc", "--"));
    g_assert_true(has_line(text, "nvme.dhchap-secret", NMNVME_SECRET_MASK));
    g_assert_true(has_line(text, "nvme.tls", "--"));
    g_assert_true(has_line(text, "nvme.tls-key", "--"));
    /* nothing but the two header lines and one line per schema key */
    g_assert_cmpuint(g_strv_length(lines), ==, 2 + NMNVME_N_KEYS + 1);
    /* schema order: enabled first */
    g_assert_true(g_str_has_prefix(lines[2], "nvme.enabled:"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-connection/format", test_format);
    return g_test_run();
}
