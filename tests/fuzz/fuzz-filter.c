/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-filter.c: exclusion filters (`nvme.exclude`, nmnvme-filter.h).
 * Input: the filter text, then NUL-separated the four fields of a
 * controller to match (transport, traddr, trsvcid, subsysnqn; a missing
 * one is NULL). Properties: the canonical text parses back to an equal
 * filter and is its own canonical text; the controller matches the filter
 * and its canonical form alike.
 */
#include "config.h"

#include "fuzz-util.h"
#include "nmnvme-filter.h"

static const char *
field(char **fields, guint i)
{
    return g_strv_length(fields) > i ? fields[i] : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields           = fuzz_fields(data, size, 1, 5);
    g_autoptr(NMNvmeFilter) filter = nmnvme_filter_parse(fields[0], NULL);
    g_autoptr(NMNvmeFilter) again  = NULL;
    g_autoptr(GError) error        = NULL;
    g_autofree char *canon         = NULL;
    g_autofree char *canon2        = NULL;
    const char      *transport = field(fields, 1), *traddr = field(fields, 2);
    const char      *trsvcid = field(fields, 3), *nqn = field(fields, 4);

    if (!filter)
        return 0;
    canon = nmnvme_filter_to_string(filter);
    again = nmnvme_filter_parse(canon, &error);
    FUZZ_CHECK(again,
               "canonical filter '%s' does not parse: %s",
               canon,
               error ? error->message : "");
    FUZZ_CHECK(nmnvme_filter_equal(filter, again),
               "canonical filter '%s' parses to another",
               canon);
    canon2 = nmnvme_filter_to_string(again);
    FUZZ_CHECK(g_str_equal(canon, canon2),
               "canonical filter '%s' is not canonical: '%s'",
               canon,
               canon2);
    FUZZ_CHECK(nmnvme_filter_matches(filter, transport, traddr, trsvcid, nqn) ==
                   nmnvme_filter_matches(again, transport, traddr, trsvcid, nqn),
               "filter '%s' and its canonical form match differently",
               fields[0]);
    return 0;
}
