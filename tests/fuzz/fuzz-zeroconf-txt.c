/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-zeroconf-txt.c: `_nvme-disc` mDNS TXT records
 * (nmnvme-zeroconf-txt.h), which anyone on the link can send. Input: the
 * records, each a length byte then that many bytes (as on the wire, RFC
 * 6763 6.1). Properties: a parsed service has transport tcp or rdma, a
 * valid NQN or none, and no more ignored records than it was given (plus
 * one for a bad `nqn=`); a rejection names the `p` field.
 */
#include "config.h"

#include "fuzz-util.h"
#include "nmnvme-nqn.h"
#include "nmnvme-zeroconf-txt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);
    g_autoptr(NMNvmeZeroconfTxt) txt = NULL;
    g_autoptr(GError) error          = NULL;

    for (size_t i = 0; i < size;) {
        size_t len = MIN((size_t) data[i], size - i - 1);

        g_ptr_array_add(records, g_bytes_new(data + i + 1, len));
        i += 1 + len;
    }
    txt = nmnvme_zeroconf_txt_parse(records, &error);
    if (!txt) {
        FUZZ_CHECK(error && g_str_has_prefix(error->message, "p: "),
                   "the rejection does not name p");
        return 0;
    }
    FUZZ_CHECK(g_strcmp0(txt->transport, "tcp") == 0 || g_strcmp0(txt->transport, "rdma") == 0,
               "transport '%s'",
               txt->transport);
    FUZZ_CHECK(!txt->nqn || nmnvme_nqn_validate(txt->nqn, NULL), "invalid nqn '%s'", txt->nqn);
    FUZZ_CHECK(txt->n_ignored <= records->len,
               "%u ignored of %u records",
               txt->n_ignored,
               records->len);
    return 0;
}
