/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-exclusions.c: the host-wide exclusion list /etc/nvme/exclusions.conf
 * and exclusions.conf.d/\*.conf (nmnvme-exclusions.h), which nvme-cli and
 * administrators write. Input: NUL-separated the main file, one drop-in
 * file, then a connection's transport, traddr, trsvcid, nqn, host-traddr,
 * host-iface, hostnqn and hostid (a missing one is NULL). Properties: every
 * problem names one of the files; a match names FILE:LINE of one of them;
 * an entry written from the connection's own fields (when they can be
 * written) matches it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-exclusions.h"

static const char *const keys[] = { "transport",   "traddr",     "trsvcid", "nqn",
                                    "host-traddr", "host-iface", "hostnqn", "hostid" };

static const char *main_file, *dropin_dir, *dropin_file;

static gboolean
names_a_file(const char *text)
{
    return g_str_has_prefix(text, main_file) || g_str_has_prefix(text, dropin_dir);
}

static void
check_loaded(char **fields, const NMNvmeExclusionTarget *target)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(NMNvmeExclusions) x = NULL;
    const char *where;

    fuzz_write_file(main_file, fields[0], strlen(fields[0]));
    fuzz_write_file(dropin_file, fields[1], strlen(fields[1]));
    x = nmnvme_exclusions_load(main_file, dropin_dir, problems);
    for (guint i = 0; i < problems->len; i++)
        FUZZ_CHECK(names_a_file(problems->pdata[i]), "problem '%s'", (char *) problems->pdata[i]);
    where = nmnvme_exclusions_match(x, target);
    FUZZ_CHECK(!where || names_a_file(where), "match at '%s'", where);
}

/* A value that an entry line can carry as it is. */
static gboolean
writable(const char *value)
{
    return value && *value && !strpbrk(value, ";=\n\r#[") && !g_ascii_isspace(value[0]) &&
           !g_ascii_isspace(value[strlen(value) - 1]);
}

static void
check_self_match(char **fields, const NMNvmeExclusionTarget *target)
{
    g_autoptr(GString) line       = g_string_new("[exclusions]\nexclusion = ");
    g_autoptr(NMNvmeExclusions) x = NULL;
    guint n                       = 0;

    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        const char *value = fields[2 + i];

        if (!value || !*value)
            continue;
        if (!writable(value))
            return;
        g_string_append_printf(line, "%s%s=%s", n++ ? ";" : "", keys[i], value);
    }
    if (!n)
        return;
    g_string_append_c(line, '\n');
    fuzz_write_file(main_file, line->str, line->len);
    g_remove(dropin_file);
    x = nmnvme_exclusions_load(main_file, dropin_dir, NULL);
    FUZZ_CHECK(nmnvme_exclusions_count(x) == 1, "entry '%s' not loaded", line->str);
    FUZZ_CHECK(nmnvme_exclusions_match(x, target),
               "entry '%s' does not match its own connection",
               line->str);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields = fuzz_fields(data, size, 2 + G_N_ELEMENTS(keys), 2 + G_N_ELEMENTS(keys));
    NMNvmeExclusionTarget target;
    const char           *v[G_N_ELEMENTS(keys)];

    if (!main_file) {
        main_file   = g_build_filename(fuzz_scratch_dir(), "exclusions.conf", NULL);
        dropin_dir  = g_build_filename(fuzz_scratch_dir(), "exclusions.conf.d", NULL);
        dropin_file = g_build_filename(dropin_dir, "10-fuzz.conf", NULL);
        g_mkdir(dropin_dir, 0755);
    }
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        v[i] = *fields[2 + i] ? fields[2 + i] : NULL;
    target = (NMNvmeExclusionTarget){
        .transport   = v[0],
        .traddr      = v[1],
        .trsvcid     = v[2],
        .nqn         = v[3],
        .host_traddr = v[4],
        .host_iface  = v[5],
        .hostnqn     = v[6],
        .hostid      = v[7],
    };
    check_loaded(fields, &target);
    check_self_match(fields, &target);
    return 0;
}
