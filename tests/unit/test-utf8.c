/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-utf8.c: text that is not UTF-8 is refused at every entry point of
 * settings (the schema, a keyfile's [user] group, vpn.data and
 * vpn.secrets, nmcli-style edits), with an error that names the field and
 * is itself UTF-8, never showing the invalid bytes raw nor a value.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-keyfile.h"
#include "nmnvme-settings-edit.h"
#include "nmnvme-settings.h"
#include "nmnvme-utf8.h"
#include "nmnvme-vpn-data.h"
#include "test-util.h"

#define BAD_KEY   "nvme.kat\xff"
#define BAD_VALUE "3\xc3\x28"

/* @error says @field is not UTF-8, in UTF-8, without raw bytes. */
#define TMPL "test-utf8-XXXXXX.nmconnection"

static void
assert_refused(const GError *error, const char *field)
{
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_test_message("%s", error->message);
    g_assert_true(g_utf8_validate(error->message, -1, NULL));
    g_assert_nonnull(strstr(error->message, "not valid UTF-8"));
    g_assert_nonnull(strstr(error->message, field));
    g_assert_null(strstr(error->message, "\xff"));
    g_assert_null(strstr(error->message, "\xc3\x28"));
}

static void
test_escape(void)
{
    static const struct {
        const char *in;
        const char *out;
    } rows[] = {
        { "nvme.kato", "nvme.kato" },
        { "caf\xc3\xa9", "caf\xc3\xa9" },
        { "a\xff" "b", "a\\xFFb" },
        { "\xc3\x28", "\\xC3(" },
        { "tab\there", "tab\\x09here" },
        { "back\\slash", "back\\\\slash" },
        { "cut\xe2\x82", "cut\\xE2\\x82" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *out = nmnvme_utf8_escape(rows[i].in);

        g_assert_cmpstr(out, ==, rows[i].out);
        g_assert_true(g_utf8_validate(out, -1, NULL));
    }
}

static void
test_settings(void)
{
    g_autoptr(GHashTable) bad_key   = nmnvme_test_dict(BAD_KEY, "30", NULL);
    g_autoptr(GHashTable) bad_value = nmnvme_test_dict("nvme.kato", BAD_VALUE, NULL);
    g_autoptr(GHashTable) bad_secret =
        nmnvme_test_dict("nvme.dhchap-secret", "DHHC-1:00:\xff:", NULL);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;

    g_assert_null(nmnvme_settings_new_from_data(bad_key, &e1));
    assert_refused(e1, "nvme.kat\\xFF");
    g_assert_null(nmnvme_settings_new_from_data(bad_value, &e2));
    assert_refused(e2, "nvme.kato");
    g_assert_null(nmnvme_settings_new_from_data(bad_secret, &e3));
    assert_refused(e3, "nvme.dhchap-secret");
    g_assert_null(strstr(e3->message, "DHHC"));
}

static void
test_keyfile(void)
{
    static const struct {
        const char *user_line;
        const char *field;
    } rows[] = {
        { BAD_KEY "=30", "nvme.kat\\xFF" },
        /* NetworkManager's key escapes decode to any byte */
        { "nvme.kat\\ff=30", "nvme.kat\\xFF" },
        { "nvme.kato=" BAD_VALUE, "nvme.kato" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *text =
            g_strdup_printf("[connection]\nid=x\ntype=ethernet\n\n[user]\n%s\n", rows[i].user_line);
        g_autofree char *path      = nmnvme_test_write_temp(TMPL, text);
        g_autoptr(GError) error    = NULL;
        g_autoptr(GHashTable) data = nmnvme_keyfile_read_user_data(path, &error);

        g_assert_null(data);
        assert_refused(error, rows[i].field);
        g_assert_nonnull(strstr(error->message, path));
        g_unlink(path);
    }
}

static void
test_vpn_data(void)
{
    g_autoptr(GHashTable) good       = nmnvme_test_dict("nvme.kato", "30", NULL);
    g_autoptr(GHashTable) bad_key    = nmnvme_test_dict(BAD_KEY, "30", NULL);
    g_autoptr(GHashTable) bad_secret = nmnvme_test_dict("nvme.dhchap-secret", BAD_VALUE, NULL);
    g_autoptr(GError) e1             = NULL;
    g_autoptr(GError) e2             = NULL;

    g_assert_null(nmnvme_vpn_data_merge(bad_key, NULL, &e1));
    assert_refused(e1, "vpn.data");
    g_assert_null(nmnvme_vpn_data_merge(good, bad_secret, &e2));
    assert_refused(e2, "nvme.dhchap-secret");
}

static void
test_edit(void)
{
    g_autoptr(GHashTable) data    = nmnvme_test_dict("nvme.kato", "30", NULL);
    const char *const bad_key[]   = { "kat\xff", "30", NULL };
    const char *const bad_value[] = { "+nvme.discovery", "nvme+tcp://10.0.0.1/nqn.\xff", NULL };
    g_autoptr(GError) e1          = NULL;
    g_autoptr(GError) e2          = NULL;

    g_assert_null(nmnvme_settings_edit(data, bad_key, &e1));
    assert_refused(e1, "kat\\xFF");
    g_assert_null(nmnvme_settings_edit(data, bad_value, &e2));
    assert_refused(e2, "+nvme.discovery");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/utf8/escape", test_escape);
    g_test_add_func("/utf8/settings", test_settings);
    g_test_add_func("/utf8/keyfile", test_keyfile);
    g_test_add_func("/utf8/vpn-data", test_vpn_data);
    g_test_add_func("/utf8/edit", test_edit);
    return g_test_run();
}
