/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-ctrl-address.c: parsing the sysfs `address` attribute.
 */
#include "config.h"

#include "nmnvme-ctrl-address.h"

#include <string.h>

static const struct {
    const char *key;
    gsize       offset;
} keys[] = {
    { "traddr", G_STRUCT_OFFSET(NMNvmeCtrlAddress, traddr) },
    { "trsvcid", G_STRUCT_OFFSET(NMNvmeCtrlAddress, trsvcid) },
    { "host_traddr", G_STRUCT_OFFSET(NMNvmeCtrlAddress, host_traddr) },
    { "host_iface", G_STRUCT_OFFSET(NMNvmeCtrlAddress, host_iface) },
    { "src_addr", G_STRUCT_OFFSET(NMNvmeCtrlAddress, src_addr) },
};

/* The field that holds @key, or NULL for a key we do not keep. */
static char **
field_of(NMNvmeCtrlAddress *address, const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (strcmp(key, keys[i].key) == 0)
            return G_STRUCT_MEMBER_P(address, keys[i].offset);
    }
    return NULL;
}

static void
parse_item(NMNvmeCtrlAddress *address, char *item)
{
    char  *eq = strchr(item, '=');
    char **field;

    if (!eq)
        return;
    *eq   = '\0';
    field = field_of(address, g_strstrip(item));
    g_strstrip(eq + 1);
    if (field && !*field && eq[1])
        *field = g_strdup(eq + 1);
}

NMNvmeCtrlAddress *
nmnvme_ctrl_address_parse(const char *text)
{
    NMNvmeCtrlAddress *address;
    g_auto(GStrv) items = NULL;

    g_return_val_if_fail(text, NULL);

    address = g_new0(NMNvmeCtrlAddress, 1);
    items   = g_strsplit(text, ",", -1);
    for (char **p = items; *p; p++)
        parse_item(address, *p);
    return address;
}

void
nmnvme_ctrl_address_free(NMNvmeCtrlAddress *address)
{
    if (!address)
        return;
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        g_free(*(char **) G_STRUCT_MEMBER_P(address, keys[i].offset));
    g_free(address);
}
