/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-connect-intent.c: the intents of connects in flight under
 * /run/nm-nvme (nmnvme-connect-intent.h), which a restarted daemon reads
 * back to know which controller a connect cut short made. Input: one
 * intent file (a serialized `a{sv}`). Properties: it loads, or is named in
 * one problem and removed; a loaded intent has its interface, host NQN and
 * transport ID, and saved and loaded again it is the same intent; it names
 * no controller in an empty scan.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-util.h"
#include "nmnvme-connect-intent.h"

static gboolean
intent_equal(const NMNvmeConnectIntent *a, const NMNvmeConnectIntent *b)
{
    if (!nmnvme_trid_equal(a->trid, b->trid) || !g_str_equal(a->hostnqn, b->hostnqn) ||
        !g_str_equal(a->iface, b->iface) || a->seqnum != b->seqnum ||
        a->present->len != b->present->len)
        return FALSE;
    for (guint i = 0; i < a->present->len; i++) {
        if (g_array_index(a->present, guint64, i) != g_array_index(b->present, guint64, i))
            return FALSE;
    }
    return TRUE;
}

static void
check_round_trip(const char *dir, const NMNvmeConnectIntent *intent)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) again    = NULL;
    g_autoptr(GPtrArray) none     = g_ptr_array_new();
    g_autoptr(GError) error       = NULL;

    FUZZ_CHECK(*intent->iface && *intent->hostnqn && intent->trid, "an intent without its fields");
    FUZZ_CHECK(!nmnvme_connect_intent_find_made(intent, none), "a controller in an empty scan");
    FUZZ_CHECK(nmnvme_connect_intent_save(dir, intent, &error), "not saved: %s", error->message);
    again = nmnvme_connect_intent_load_all(dir, problems);
    FUZZ_CHECK(problems->len == 0 && again->len == 1, "a saved intent does not load back");
    FUZZ_CHECK(intent_equal(intent, again->pdata[0]), "a saved intent loads as another");
    FUZZ_CHECK(nmnvme_connect_intent_clear(dir, intent->trid, intent->hostnqn, &error),
               "not removed: %s",
               error->message);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *dir, *path, *saved;
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) intents  = NULL;

    if (!dir) {
        dir   = g_build_filename(fuzz_scratch_dir(), "nm-nvme", NULL);
        path  = g_build_filename(dir, "connect-fuzz.intent", NULL);
        saved = g_build_filename(fuzz_scratch_dir(), "nm-nvme-saved", NULL);
        g_mkdir(dir, 0700);
    }
    fuzz_write_file(path, data, size);
    intents = nmnvme_connect_intent_load_all(dir, problems);
    FUZZ_CHECK(intents->len + (problems->len ? 1 : 0) == 1, "neither loaded nor named");
    if (problems->len)
        FUZZ_CHECK(!g_file_test(path, G_FILE_TEST_EXISTS), "a malformed intent kept");
    for (guint i = 0; i < intents->len; i++)
        check_round_trip(saved, intents->pdata[i]);
    return 0;
}
