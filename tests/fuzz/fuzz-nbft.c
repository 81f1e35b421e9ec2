/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-nbft.c: the NBFT model builder (nmnvme-nbft-read.h), which takes the
 * records libnvme parsed out of a firmware table and never trusts them.
 * libnvme's own parser is not reached: this build's libnvme (Debian 12's
 * 1.3) has none (README.md). Input: NUL-separated fields, the host NQN
 * first, then records, each a "kind" field (its first byte 'h', 'd' or 's',
 * the following bytes its numbers: index, HFI, prefix, VLAN, MAC…) and its
 * strings (HFI: transport, ip, gateway; discovery: uri, nqn; SSNS:
 * transport, traddr, trsvcid, nqn). Properties: what the model keeps is
 * what the header promises (indexes unique and in range, tcp, IP literals,
 * ports, valid NQNs and URIs, references to kept records only, UTF-8
 * everywhere, warnings included).
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-util.h"
#include "nmnvme-nbft-read.h"
#include "nmnvme-nqn.h"
#include "nmnvme-uri.h"

/* Byte @i of @kind's numbers (after the kind letter), 0 past its end. */
static guint8
num(const char *kind, gsize i)
{
    gsize len = strlen(kind);

    return i + 1 < len ? (guint8) kind[i + 1] : 0;
}

/* The next field, "" past the end. */
static const char *
next(char **fields, guint *i)
{
    return fields[*i] ? fields[(*i)++] : "";
}

static void
add_record(NMNvmeNbftBuilder *b, const char *kind, char **fields, guint *i)
{
    switch (kind[0]) {
    case 'h': {
        NMNvmeNbftHfi *hfi = nmnvme_nbft_hfi_new();

        hfi->index  = num(kind, 0);
        hfi->prefix = num(kind, 1);
        hfi->vlan   = num(kind, 2) | num(kind, 3) << 8;
        for (guint m = 0; m < 6; m++)
            hfi->mac[m] = num(kind, 4 + m);
        hfi->transport = g_strdup(next(fields, i));
        hfi->ip        = g_strdup(next(fields, i));
        hfi->gateway   = g_strdup(next(fields, i));
        nmnvme_nbft_builder_add_hfi(b, hfi);
        break;
    }
    case 'd': {
        NMNvmeNbftDiscovery *disc = nmnvme_nbft_discovery_new();

        disc->index     = num(kind, 0);
        disc->hfi_index = num(kind, 1);
        disc->uri       = g_strdup(next(fields, i));
        disc->nqn       = g_strdup(next(fields, i));
        nmnvme_nbft_builder_add_discovery(b, disc);
        break;
    }
    case 's': {
        NMNvmeNbftSubsys *subsys = nmnvme_nbft_subsys_new();

        subsys->index           = num(kind, 0);
        subsys->discovery_index = num(kind, 1);
        for (guint h = 2; h < 5 && num(kind, h); h++) {
            guint index = num(kind, h);

            g_array_append_val(subsys->hfis, index);
        }
        subsys->transport = g_strdup(next(fields, i));
        subsys->traddr    = g_strdup(next(fields, i));
        subsys->trsvcid   = g_strdup(next(fields, i));
        subsys->subsysnqn = g_strdup(next(fields, i));
        nmnvme_nbft_builder_add_subsys(b, subsys);
        break;
    }
    default:
        break;
    }
}

static gboolean
is_ip(const char *text)
{
    g_autoptr(GInetAddress) addr = text ? g_inet_address_new_from_string(text) : NULL;

    return addr != NULL;
}

static gboolean
has_hfi(const NMNvmeNbft *nbft, guint index)
{
    GPtrArray *hfis = nmnvme_nbft_get_hfis(nbft);

    for (guint i = 0; i < hfis->len; i++) {
        if (((NMNvmeNbftHfi *) hfis->pdata[i])->index == index)
            return TRUE;
    }
    return FALSE;
}

static gboolean
has_discovery(const NMNvmeNbft *nbft, guint index)
{
    GPtrArray *records = nmnvme_nbft_get_discovery(nbft);

    for (guint i = 0; i < records->len; i++) {
        if (((NMNvmeNbftDiscovery *) records->pdata[i])->index == index)
            return TRUE;
    }
    return FALSE;
}

static void
check_model(const NMNvmeNbft *nbft)
{
    GPtrArray *hfis    = nmnvme_nbft_get_hfis(nbft);
    GPtrArray *discs   = nmnvme_nbft_get_discovery(nbft);
    GPtrArray *subsyss = nmnvme_nbft_get_subsystems(nbft);

    FUZZ_CHECK(!nmnvme_nbft_get_hostnqn(nbft) ||
                   nmnvme_nqn_validate(nmnvme_nbft_get_hostnqn(nbft), NULL),
               "host NQN kept invalid");
    for (guint i = 0; i < hfis->len; i++) {
        const NMNvmeNbftHfi *hfi = hfis->pdata[i];

        FUZZ_CHECK(hfi->index >= 1 && hfi->index <= 255, "HFI index %u", hfi->index);
        FUZZ_CHECK(g_strcmp0(hfi->transport, "tcp") == 0, "HFI transport");
        FUZZ_CHECK(hfi->vlan <= 4094, "HFI vlan %u", hfi->vlan);
        FUZZ_CHECK(!hfi->ip || is_ip(hfi->ip), "HFI ip '%s'", hfi->ip);
        FUZZ_CHECK(!hfi->gateway || is_ip(hfi->gateway), "HFI gateway '%s'", hfi->gateway);
        FUZZ_CHECK(hfi->prefix <= (hfi->ip ? 128u : 0u), "HFI prefix %u", hfi->prefix);
        for (guint j = 0; j < i; j++)
            FUZZ_CHECK(((NMNvmeNbftHfi *) hfis->pdata[j])->index != hfi->index, "HFI index twice");
    }
    for (guint i = 0; i < discs->len; i++) {
        const NMNvmeNbftDiscovery *disc = discs->pdata[i];
        g_autoptr(NMNvmeUri) uri        = nmnvme_uri_parse(disc->uri, NMNVME_URI_DISCOVERY, NULL);

        FUZZ_CHECK(uri, "discovery uri '%s' kept", disc->uri);
        FUZZ_CHECK(g_utf8_validate(disc->uri, -1, NULL), "discovery uri not UTF-8");
        FUZZ_CHECK(!disc->nqn || nmnvme_nqn_validate(disc->nqn, NULL), "discovery nqn");
        FUZZ_CHECK(disc->hfi_index == 0 || has_hfi(nbft, disc->hfi_index), "discovery hfi");
    }
    for (guint i = 0; i < subsyss->len; i++) {
        const NMNvmeNbftSubsys *subsys = subsyss->pdata[i];

        FUZZ_CHECK(g_strcmp0(subsys->transport, "tcp") == 0, "SSNS transport");
        FUZZ_CHECK(is_ip(subsys->traddr), "SSNS traddr '%s'", subsys->traddr);
        FUZZ_CHECK(!subsys->trsvcid ||
                       g_ascii_string_to_unsigned(subsys->trsvcid, 10, 1, 65535, NULL, NULL),
                   "SSNS trsvcid '%s'",
                   subsys->trsvcid);
        FUZZ_CHECK(nmnvme_nqn_validate(subsys->subsysnqn, NULL), "SSNS nqn");
        FUZZ_CHECK(subsys->discovery_index == 0 || has_discovery(nbft, subsys->discovery_index),
                   "SSNS discovery");
        for (guint h = 0; h < subsys->hfis->len; h++)
            FUZZ_CHECK(has_hfi(nbft, g_array_index(subsys->hfis, guint, h)), "SSNS hfi");
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields          = fuzz_fields(data, size, 1, 64);
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(NMNvmeNbft) nbft    = NULL;
    NMNvmeNbftBuilder *b;
    guint              i = 1;

    b = nmnvme_nbft_builder_new("NBFT", fields[0], size >= 16 ? data : NULL, warnings);
    while (fields[i]) {
        const char *kind = fields[i++];

        add_record(b, kind, fields, &i);
    }
    nbft = nmnvme_nbft_builder_finish(b);
    check_model(nbft);
    for (guint w = 0; w < warnings->len; w++)
        FUZZ_CHECK(g_utf8_validate(warnings->pdata[w], -1, NULL), "warning not UTF-8");
    return 0;
}
