/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-state.c: the ownership record under /run/nm-nvme (nmnvme-state.h),
 * which a restarted daemon and the front ends read back. Input: the
 * record file (a serialized `aa{sv}`). Properties: a loaded record is in
 * normal form, an owner found for an interface is a string of it; each
 * session's settings satisfy the settings properties
 * (fuzz-settings-common.h), and each controller with the fields the
 * restore needs gives a transport ID. (The restore itself,
 * nmnvme_session_new_from_record(), needs a running engine: not here.)
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-settings-common.h"
#include "fuzz-util.h"
#include "nmnvme-state.h"
#include "nmnvme-strdict.h"
#include "nmnvme-trid.h"

static const char *
lookup_str(GVariant *dict, const char *key)
{
    const char *value = NULL;

    return g_variant_lookup(dict, key, "&s", &value) ? value : "";
}

static void
check_ctrl(GVariant *record)
{
    const char *transport = lookup_str(record, "transport"), *traddr = lookup_str(record, "traddr");
    const char *trsvcid = lookup_str(record, "trsvcid"), *nqn = lookup_str(record, "subsysnqn");
    const char *host_iface     = lookup_str(record, "host-iface");
    const char *host_traddr    = lookup_str(record, "host-traddr");
    g_autoptr(NMNvmeTrid) trid = NULL;
    g_autofree char *text      = NULL;

    if (!*transport || !*traddr || !*nqn || !*lookup_str(record, "device"))
        return;
    trid = nmnvme_trid_new(transport,
                           traddr,
                           *trsvcid ? trsvcid : NULL,
                           nqn,
                           *host_traddr ? host_traddr : NULL,
                           *host_iface ? host_iface : NULL);
    FUZZ_CHECK(trid, "no transport ID");
    text = nmnvme_trid_to_string(trid);
}

static void
check_session(GVariant *record, GVariant *session)
{
    g_autoptr(GVariant) settings =
        g_variant_lookup_value(session, "settings", G_VARIANT_TYPE("a{ss}"));
    g_autoptr(GVariant) ctrls =
        g_variant_lookup_value(session, "controllers", G_VARIANT_TYPE("aa{sv}"));
    const char *iface = NULL;

    if (g_variant_lookup(session, "interface", "&s", &iface))
        (void) nmnvme_state_lookup_owner(record, iface);
    if (settings) {
        g_autoptr(GHashTable) table   = nmnvme_strdict_from_variant(settings);
        g_autoptr(NMNvmeSettings) set = fuzz_check_settings_data(table);

        (void) set;
    }
    for (gsize i = 0; ctrls && i < g_variant_n_children(ctrls); i++) {
        g_autoptr(GVariant) ctrl = g_variant_get_child_value(ctrls, i);

        check_ctrl(ctrl);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *dir, *path;
    g_autoptr(GVariant) record = NULL;
    g_autoptr(GError) error    = NULL;

    if (!dir) {
        dir  = g_build_filename(fuzz_scratch_dir(), "nm-nvme", NULL);
        path = g_build_filename(dir, NMNVME_STATE_FILE, NULL);
        g_mkdir(dir, 0700);
    }
    fuzz_write_file(path, data, size);
    record = nmnvme_state_load(dir, &error);
    if (!record) {
        FUZZ_CHECK(error && error->message && *error->message, "failure without message");
        return 0;
    }
    FUZZ_CHECK(g_variant_is_normal_form(record), "a record not in normal form");
    for (gsize i = 0; i < g_variant_n_children(record); i++) {
        g_autoptr(GVariant) session = g_variant_get_child_value(record, i);

        check_session(record, session);
    }
    return 0;
}
