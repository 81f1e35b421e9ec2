/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-fabrics-options.c: the option template the kernel prints when
 * /dev/nvme-fabrics is read (nmnvme-fabrics-options.h). Input: what the
 * read gave, written to a file and loaded as the engine loads the device.
 * Properties: loading and parsing the text agree; accepted options have
 * transport, traddr and nqn; every option named missing is one the options
 * lack, and every checked option they lack is named.
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-fabrics-options.h"

static void
check_missing(const NMNvmeFabricsOptions *options)
{
    g_auto(GStrv) missing = nmnvme_fabrics_options_missing(options);

    FUZZ_CHECK(nmnvme_fabrics_options_has(options, "transport") &&
                   nmnvme_fabrics_options_has(options, "traddr") &&
                   nmnvme_fabrics_options_has(options, "nqn"),
               "accepted options without transport, traddr or nqn");
    for (guint i = 0; missing[i]; i++)
        FUZZ_CHECK(!nmnvme_fabrics_options_has(options, missing[i]),
                   "'%s' is both there and missing",
                   missing[i]);
    FUZZ_CHECK(nmnvme_fabrics_options_has(options, "host_iface") ||
                   g_strv_contains((const char *const *) missing, "host_iface"),
               "host_iface neither there nor missing");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char     *path;
    g_autofree char *text                  = fuzz_string(data, size);
    g_autoptr(NMNvmeFabricsOptions) loaded = NULL;
    g_autoptr(NMNvmeFabricsOptions) parsed = NULL;
    g_autoptr(GError) error                = NULL;

    if (!path)
        path = g_build_filename(fuzz_scratch_dir(), "nvme-fabrics", NULL);
    fuzz_write_file(path, data, size);
    loaded = nmnvme_fabrics_options_load(path, &error);
    /* the device read stops at 4096 bytes: compare only what fits */
    if (size < 4096 && !memchr(data, '\0', size)) {
        parsed = nmnvme_fabrics_options_parse(text, NULL);
        FUZZ_CHECK(!loaded == !parsed, "load and parse disagree on '%s'", text);
    }
    if (!loaded) {
        FUZZ_CHECK(error && error->message && *error->message, "failure without message");
        return 0;
    }
    check_missing(loaded);
    return 0;
}
