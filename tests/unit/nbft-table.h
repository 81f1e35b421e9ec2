/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nbft-table.h: a tiny NBFT writer for the unit tests, from the layout of
 * the NVM Express Boot Specification 1.0 (the structures libnvme's
 * nvme/nbft.h names): header, control, host, one HFI with its TCP transport
 * info, SSNS records, one discovery record, a heap, a valid checksum. It
 * writes only what libnvme's parser reads; tests/lab/nbft-gen writes full
 * tables for the VM lab.
 */
#ifndef NBFT_TABLE_H
#define NBFT_TABLE_H

#include <glib.h>

/* One SSNS record: an I/O controller reached through HFI 1. */
typedef struct {
    const char *traddr_v4; /* "192.168.77.100" */
    const char *trsvcid;
    const char *nqn;
    guint32     nsid;
} NbftTableSsns;

typedef struct {
    const char   *hostnqn;
    guint8        hostid[16];
    guint8        mac[6];
    guint16       vlan;
    const char   *ip_v4; /* the HFI's address */
    guint8        prefix;
    const char   *gateway_v4;
    gboolean      dhcp;
    const char   *disc_uri;
    const char   *disc_nqn;
    NbftTableSsns ssns[2];
    guint         n_ssns;
} NbftTable;

/* (transfer full): the table's bytes. */
GBytes *nbft_table_write(const NbftTable *table);

/* A boot table: host nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-…, HFI 1
 * (52:54:00:12:34:56, 192.168.77.10/24, gateway 192.168.77.1, static),
 * discovery record 1 (nvme+tcp://192.168.77.100:8009/,
 * nqn.2026-01.io.example:cdc), SSNS 1 (192.168.77.100:4420,
 * nqn.2026-01.io.example:boot, NSID 1) and SSNS 2 whose NQN is bad
 * ("not an nqn"): the reader skips it. */
extern const NbftTable nbft_table_example;

#endif /* NBFT_TABLE_H */
