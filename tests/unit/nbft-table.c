/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nbft-table.c: the unit tests' NBFT writer (nbft-table.h). Offsets and
 * sizes are the specification's (Boot Specification 1.0, figures 8 to 24).
 */
#include "config.h"

#include "nbft-table.h"

#include <arpa/inet.h>
#include <string.h>

/* Descriptor sizes and structure IDs. */
#define HEADER_LEN    64
#define CONTROL_LEN   64
#define HOST_LEN      32
#define HFI_LEN       32
#define HFI_TCP_LEN   128
#define SSNS_LEN      128
#define DISC_LEN      32
#define ID_CONTROL    1
#define ID_HOST       2
#define ID_HFI        3
#define ID_SSNS       4
#define ID_DISCOVERY  6
#define ID_HFI_TRINFO 7
#define TRTYPE_TCP    3
#define VALID         1
#define HFI_TCP_DHCP  (1 << 2)

static void
put8(GByteArray *t, guint off, guint8 v)
{
    t->data[off] = v;
}

static void
put16(GByteArray *t, guint off, guint16 v)
{
    v = GUINT16_TO_LE(v);
    memcpy(t->data + off, &v, 2);
}

static void
put32(GByteArray *t, guint off, guint32 v)
{
    v = GUINT32_TO_LE(v);
    memcpy(t->data + off, &v, 4);
}

/* A heap object reference (offset, length) at @off. */
static void
put_obj(GByteArray *t, guint off, guint32 obj_off, guint16 obj_len)
{
    put32(t, off, obj_off);
    put16(t, off + 4, obj_len);
}

/* Appends @len bytes (zeroed when @data is NULL) to the heap; returns
 * their offset. */
static guint
heap_add(GByteArray *t, const void *data, guint len)
{
    guint off = t->len;

    g_byte_array_set_size(t, t->len + len);
    if (data)
        memcpy(t->data + off, data, len);
    else
        memset(t->data + off, 0, len);
    return off;
}

/* A string object: its length without the NUL that follows it. */
static void
put_string(GByteArray *t, guint ref_off, const char *s)
{
    guint off = heap_add(t, s, strlen(s) + 1);

    put_obj(t, ref_off, off, strlen(s));
}

/* An IPv4 address as the table holds it: IPv4-mapped IPv6, 16 bytes. */
static void
put_ipv4(GByteArray *t, guint off, const char *text)
{
    guint8 mapped[16] = { [10] = 0xff, [11] = 0xff };

    if (text)
        g_assert_cmpint(inet_pton(AF_INET, text, mapped + 12), ==, 1);
    memcpy(t->data + off, mapped, sizeof mapped);
}

static void
write_hfi(GByteArray *t, guint hfi_off, const NbftTable *table)
{
    guint info = heap_add(t, NULL, HFI_TCP_LEN);

    put8(t, hfi_off, ID_HFI);
    put8(t, hfi_off + 1, 1); /* index */
    put8(t, hfi_off + 2, VALID);
    put8(t, hfi_off + 3, TRTYPE_TCP);
    put_obj(t, hfi_off + 16, info, HFI_TCP_LEN);
    put8(t, info, ID_HFI_TRINFO);
    put8(t, info + 1, 1); /* version */
    put8(t, info + 2, TRTYPE_TCP);
    put8(t, info + 3, 1);
    put16(t, info + 4, 1); /* HFI index */
    put8(t, info + 6, VALID | (table->dhcp ? HFI_TCP_DHCP : 0));
    memcpy(t->data + info + 11, table->mac, 6);
    put16(t, info + 17, table->vlan);
    put8(t, info + 19, table->dhcp ? 4 : 2); /* IP origin: dhcp / manual */
    put_ipv4(t, info + 20, table->ip_v4);
    put8(t, info + 36, table->prefix);
    put_ipv4(t, info + 37, table->gateway_v4);
}

static void
write_ssns(GByteArray *t, guint off, guint index, const NbftTableSsns *ssns)
{
    guint  addr;
    guint8 secondary = 1; /* the primary again: libnvme needs a list */

    put8(t, off, ID_SSNS);
    put16(t, off + 1, index);
    put16(t, off + 3, VALID);
    put8(t, off + 5, TRTYPE_TCP);
    put8(t, off + 8, 1); /* primary discovery record */
    addr = heap_add(t, NULL, 16);
    put_ipv4(t, addr, ssns->traddr_v4);
    put_obj(t, off + 10, addr, 16);
    put_string(t, off + 16, ssns->trsvcid);
    put32(t, off + 24, ssns->nsid);
    put8(t, off + 46, 1); /* primary HFI */
    put_obj(t, off + 48, heap_add(t, &secondary, 1), 1);
    put_string(t, off + 54, ssns->nqn);
}

GBytes *
nbft_table_write(const NbftTable *table)
{
    guint       control = HEADER_LEN;
    guint       host    = control + CONTROL_LEN;
    guint       hfi     = host + HOST_LEN;
    guint       ssns    = hfi + HFI_LEN;
    guint       disc    = ssns + SSNS_LEN * table->n_ssns;
    guint       heap    = disc + DISC_LEN;
    GByteArray *t       = g_byte_array_new();
    guint8      sum     = 0;

    heap_add(t, NULL, heap);
    memcpy(t->data, "NBFT", 4);
    put8(t, 8, 1); /* major revision */
    memcpy(t->data + 10, "NMNVME", 6);
    put32(t, 36, heap);

    put8(t, control, ID_CONTROL);
    put8(t, control + 1, 1);
    put16(t, control + 4, CONTROL_LEN);
    put8(t, control + 6, VALID);
    put_obj(t, control + 8, host, HOST_LEN);
    put8(t, control + 14, 1);
    put32(t, control + 16, hfi);
    put16(t, control + 20, HFI_LEN);
    put8(t, control + 22, 1);
    put8(t, control + 23, 1); /* HFIs */
    put32(t, control + 24, ssns);
    put16(t, control + 28, SSNS_LEN);
    put8(t, control + 30, 1);
    put8(t, control + 31, table->n_ssns);
    put32(t, control + 40, disc);
    put16(t, control + 44, DISC_LEN);
    put8(t, control + 46, 1);
    put8(t, control + 47, 1); /* discovery records */

    put8(t, host, ID_HOST);
    put8(t, host + 1, VALID);
    memcpy(t->data + host + 2, table->hostid, 16);
    put_string(t, host + 18, table->hostnqn);

    write_hfi(t, hfi, table);
    for (guint i = 0; i < table->n_ssns; i++)
        write_ssns(t, ssns + i * SSNS_LEN, i + 1, &table->ssns[i]);

    put8(t, disc, ID_DISCOVERY);
    put8(t, disc + 1, VALID);
    put8(t, disc + 2, 1); /* index */
    put8(t, disc + 3, 1); /* HFI */
    put_string(t, disc + 6, table->disc_uri);
    put_string(t, disc + 12, table->disc_nqn);

    put32(t, 40, t->len - heap); /* heap length */
    put32(t, 4, t->len);
    for (guint i = 0; i < t->len; i++)
        sum += t->data[i];
    put8(t, 9, (guint8) (0x100 - sum));
    return g_byte_array_free_to_bytes(t);
}

const NbftTable nbft_table_example = {
    .hostnqn    = "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11",
    .hostid     = { 0x5b, 0x1a, 0x6a, 0xd0, 0x8b, 0x1d, 0x4d, 0x57,
                    0x9e, 0x2c, 0x2b, 0x6c, 0x0c, 0x3f, 0x6a, 0x11 },
    .mac        = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
    .ip_v4      = "192.168.77.10",
    .prefix     = 24,
    .gateway_v4 = "192.168.77.1",
    .disc_uri   = "nvme+tcp://192.168.77.100:8009/",
    .disc_nqn   = "nqn.2026-01.io.example:cdc",
    .ssns       = { { "192.168.77.100", "4420", "nqn.2026-01.io.example:boot", 1 },
                    { "192.168.77.101", "4420", "not an nqn", 2 } },
    .n_ssns     = 2,
};
