/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-dim.h: Discovery Information Management (TP8010): decoding the DIM
 * command's data (header + discovery information entries, basic or
 * extended), and the registry of what each host registered, keyed by the
 * host NQN of its association. Pure; the registry is owned by the server.
 */
#ifndef DCSIM_DIM_H
#define DCSIM_DIM_H

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TP8010, Figure "DIM Data": the 1024-byte header. */
#define DCSIM_DIM_TDL         0
#define DCSIM_DIM_NUMENT      8
#define DCSIM_DIM_ENTFMT      16
#define DCSIM_DIM_ETYPE       18
#define DCSIM_DIM_PORTLCL     20
#define DCSIM_DIM_EKTYPE      22
#define DCSIM_DIM_EID         24
#define DCSIM_DIM_EID_SIZE    256
#define DCSIM_DIM_ENAME       280
#define DCSIM_DIM_ENAME_SIZE  256
#define DCSIM_DIM_EVER        536
#define DCSIM_DIM_EVER_SIZE   64
#define DCSIM_DIM_HEADER_SIZE 1024

/* TP8010, "Extended Discovery Information Entry": bytes 0-1023 as a
 * discovery log entry (without EFLAGS), then TEL, NUMEXAT and the extended
 * attributes (EXATTYPE 2 bytes, EXATLEN 2 bytes, value). */
#define DCSIM_DIE_TEL        1024
#define DCSIM_DIE_NUMEXAT    1028
#define DCSIM_DIE_EXAT       1032
#define DCSIM_DIE_BASIC_SIZE 1024
#define DCSIM_EXAT_HOSTID    0x01
#define DCSIM_EXAT_SYMNAME   0x02

/* TP8010: TAS in CDW10 bits 3:0, ENTFMT. */
typedef enum {
    DCSIM_DIM_TAS_REGISTER   = 0,
    DCSIM_DIM_TAS_DEREGISTER = 1,
    DCSIM_DIM_TAS_UPDATE     = 2,
} DcsimDimTas;

#define DCSIM_DIM_ENTFMT_BASIC    1
#define DCSIM_DIM_ENTFMT_EXTENDED 2

/* One discovery information entry, decoded. Strings are printable-safe
 * (valid UTF-8); @hostid and @symname are NULL when absent. */
typedef struct {
    guint8   trtype;
    guint8   adrfam;
    guint8   subtype;
    guint8   treq;
    guint16  portid;
    guint16  cntlid;
    guint16  asqsz;
    guint8   sectype;
    char    *trsvcid;
    char    *nqn;
    char    *traddr;
    gboolean traddr_inferred;
    char    *hostid;
    char    *symname;
} DcsimDimEntry;

/* The DIM data of one command, decoded. */
typedef struct {
    guint16    entfmt;
    guint16    etype;
    guint8     portlcl;
    guint16    ektype;
    char      *eid;
    char      *ename;
    char      *ever;
    GPtrArray *entries; /* of DcsimDimEntry */
} DcsimDimData;

/**
 * dcsim_dim_data_parse:
 * @data: the command's data
 * @len: its length
 * @peer_traddr: the host's address on this connection: an entry with an
 *   empty TRADDR gets it (libnvme sends "" for "the socket's source
 *   address")
 * @error: return location for a #GError saying which field is bad
 *
 * Checks TDL, NUMENT, ENTFMT, TEL and every EXATLEN against the data.
 */
DcsimDimData *dcsim_dim_data_parse(const guint8 *data,
                                   gsize         len,
                                   const char   *peer_traddr,
                                   GError      **error);
void          dcsim_dim_data_free(DcsimDimData *dim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimDimData, dcsim_dim_data_free)

/* Adds "etype", "eid", "ename", "ever" and "entries" members to an event. */
void dcsim_dim_data_to_event(const DcsimDimData *dim, JsonBuilder *b);

typedef struct _DcsimDimRegistry DcsimDimRegistry;

DcsimDimRegistry *dcsim_dim_registry_new(void);
void              dcsim_dim_registry_free(DcsimDimRegistry *reg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimDimRegistry, dcsim_dim_registry_free)

/* Stores (replaces) @host_nqn's registration; takes @dim. */
void dcsim_dim_registry_set(DcsimDimRegistry *reg, const char *host_nqn, DcsimDimData *dim);

/* Removes @host_nqn's registration; FALSE if it had none. */
gboolean dcsim_dim_registry_remove(DcsimDimRegistry *reg, const char *host_nqn);

const DcsimDimData *dcsim_dim_registry_lookup(const DcsimDimRegistry *reg, const char *host_nqn);
guint               dcsim_dim_registry_size(const DcsimDimRegistry *reg);

G_END_DECLS

#endif /* DCSIM_DIM_H */
