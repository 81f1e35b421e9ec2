/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-dhchap.c: DH-HMAC-CHAP secret validation. The good keys were made by
 * `nvme gen-dhchap-key` (nvme-cli 2.3), an independent implementation.
 */
#include "config.h"

#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"

static const char *const good[] = {
    "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:",
    "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:",
    "DHHC-1:02:2kIb2qj6KDz/frFZkH3u0Q2ts6J5d1+ZXoLfrpyZRCBXpPMxM1g9UH2Ifo7vNhNAEAEzww==:",
    "DHHC-1:03:03gjgWmRTaStwCXVP155vzDrm5n90fjC6ODEypGpsgLPU2I4JnI4v3Tb6gJBUe8R4e2Oj9+PzGEfwz7SdD1Sf0OjJ4w=:",
};

static void
test_good(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_true(nmnvme_dhchap_key_validate(good[i], &error));
        g_assert_no_error(error);
    }
}

static void
test_bad(void)
{
    static const struct {
        const char *key;
        const char *why;
    } rows[] = {
        { "", "must have the form" },
        { "secret", "must have the form" },
        { "DHHC-2:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:", "must have the form" },
        { "DHHC-1:04:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:", "hash must be 00" },
        { "DHHC-1:0:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:", "hash must be 00" },
        { "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV", "must end with" },
        { "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV::", "must end with" },
        { "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5U!:", "not valid base64" },
        { "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5U:", "not valid base64" },
        { "DHHC-1:00::", "not valid base64" },
        /* 24 bytes: too short a key */
        { "DHHC-1:00:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:", "32, 48 or 64 byte key" },
        /* one character of the first key changed: CRC mismatch */
        { "DHHC-1:00:faW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:", "wrong CRC-32" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message("row %u -> %s", i, error ? error->message : "");
        g_assert_false(nmnvme_dhchap_key_validate(rows[i].key, &error));
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, rows[i].why));
        /* never echo the key */
        if (strlen(rows[i].key) > 10)
            g_assert_null(strstr(error->message, rows[i].key + 10));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dhchap/good", test_good);
    g_test_add_func("/dhchap/bad", test_bad);
    return g_test_run();
}
