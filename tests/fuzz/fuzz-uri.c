/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-uri.c: NVMe URIs (nmnvme-uri.h), as typed by users and stored in
 * profiles. Input: the URI text; it is parsed as both kinds. Property: the
 * canonical text parses back, with the same kind, to an equal URI, and is
 * its own canonical text.
 */
#include "config.h"

#include "fuzz-util.h"
#include "nmnvme-nqn.h"
#include "nmnvme-uri.h"

static void
check_kind(const char *text, NMNvmeUriKind kind)
{
    g_autoptr(NMNvmeUri) uri   = nmnvme_uri_parse(text, kind, NULL);
    g_autoptr(NMNvmeUri) again = NULL;
    g_autoptr(GError) error    = NULL;
    g_autofree char *canon     = NULL;
    g_autofree char *canon2    = NULL;

    if (!uri)
        return;
    FUZZ_CHECK(nmnvme_uri_get_nqn(uri) && nmnvme_nqn_validate(nmnvme_uri_get_nqn(uri), NULL),
               "parsed URI has an invalid NQN");
    FUZZ_CHECK(nmnvme_uri_get_port(uri) != 0, "parsed URI has port 0");
    canon = nmnvme_uri_to_string(uri);
    again = nmnvme_uri_parse(canon, kind, &error);
    FUZZ_CHECK(again, "canonical URI '%s' does not parse: %s", canon, error ? error->message : "");
    FUZZ_CHECK(nmnvme_uri_equal(uri, again), "canonical URI '%s' parses to another URI", canon);
    canon2 = nmnvme_uri_to_string(again);
    FUZZ_CHECK(g_str_equal(canon, canon2),
               "canonical URI '%s' is not canonical: '%s'",
               canon,
               canon2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = fuzz_string(data, size);

    check_kind(text, NMNVME_URI_DISCOVERY);
    check_kind(text, NMNVME_URI_IO);
    return 0;
}
