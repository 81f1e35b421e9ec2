/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-dim.c: DIM data decoding and the registration registry.
 */
#include "config.h"

#include "dcsim-dim.h"

#include <gio/gio.h>

#include "dcsim-events.h"
#include "dcsim-log.h"
#include "dcsim-nvme.h"

struct _DcsimDimRegistry {
    GHashTable *by_host; /* host NQN -> DcsimDimData */
};

static void
dim_entry_free(gpointer p)
{
    DcsimDimEntry *e = p;

    g_free(e->trsvcid);
    g_free(e->nqn);
    g_free(e->traddr);
    g_free(e->hostid);
    g_free(e->symname);
    g_free(e);
}

void
dcsim_dim_data_free(DcsimDimData *dim)
{
    if (!dim)
        return;
    g_free(dim->eid);
    g_free(dim->ename);
    g_free(dim->ever);
    g_ptr_array_unref(dim->entries);
    g_free(dim);
}

static gboolean
invalid(GError **error, const char *what, gsize offset)
{
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_INVALID_DATA,
                "DIM data: %s (byte %" G_GSIZE_FORMAT ")",
                what,
                offset);
    return FALSE;
}

/* The fields shared by basic and extended entries (log entry layout). */
static DcsimDimEntry *
entry_new(const guint8 *die, const char *peer_traddr)
{
    DcsimDimEntry *e = g_new0(DcsimDimEntry, 1);

    e->trtype  = die[DCSIM_LOG_E_TRTYPE];
    e->adrfam  = die[DCSIM_LOG_E_ADRFAM];
    e->subtype = die[DCSIM_LOG_E_SUBTYPE];
    e->treq    = die[DCSIM_LOG_E_TREQ];
    e->portid  = dcsim_get16(die + DCSIM_LOG_E_PORTID);
    e->cntlid  = dcsim_get16(die + DCSIM_LOG_E_CNTLID);
    e->asqsz   = dcsim_get16(die + DCSIM_LOG_E_ASQSZ);
    e->sectype = die[DCSIM_LOG_E_TSAS];
    e->trsvcid = dcsim_nvme_get_string(die + DCSIM_LOG_E_TRSVCID, DCSIM_LOG_TRSVCID_SIZE);
    e->nqn     = dcsim_nvme_get_string(die + DCSIM_LOG_E_SUBNQN, DCSIM_LOG_NQN_SIZE);
    e->traddr  = dcsim_nvme_get_string(die + DCSIM_LOG_E_TRADDR, DCSIM_LOG_TRADDR_SIZE);
    if (!e->traddr[0] && peer_traddr) {
        g_free(e->traddr);
        e->traddr          = g_strdup(peer_traddr);
        e->traddr_inferred = TRUE;
    }
    return e;
}

/* Decodes the extended attributes in [@pos, @end) of @data into @e. */
static gboolean
parse_exats(DcsimDimEntry *e,
            const guint8  *data,
            gsize          pos,
            gsize          end,
            guint          numexat,
            GError       **error)
{
    for (guint i = 0; i < numexat; i++) {
        guint16 type, len;

        if (end - pos < 4)
            return invalid(error, "extended attribute past TEL", pos);
        type = dcsim_get16(data + pos);
        len  = dcsim_get16(data + pos + 2);
        if (end - pos - 4 < len)
            return invalid(error, "EXATLEN past TEL", pos + 2);
        if (type == DCSIM_EXAT_HOSTID && len >= 16 && !e->hostid)
            e->hostid = dcsim_nvme_uuid_string(data + pos + 4);
        else if (type == DCSIM_EXAT_SYMNAME && !e->symname)
            e->symname = dcsim_nvme_get_string(data + pos + 4, len);
        pos += 4 + (gsize) len;
    }
    return TRUE;
}

/* Decodes the entry at @pos; *inout_pos moves past it. */
static DcsimDimEntry *
parse_entry(const guint8 *data,
            gsize         tdl,
            guint16       entfmt,
            gsize        *inout_pos,
            const char   *peer_traddr,
            GError      **error)
{
    g_autoptr(GError) local = NULL;
    gsize          pos      = *inout_pos;
    gsize          tel      = DCSIM_DIE_BASIC_SIZE;
    DcsimDimEntry *e;

    if (entfmt == DCSIM_DIM_ENTFMT_EXTENDED) {
        if (tdl - pos < DCSIM_DIE_EXAT) {
            invalid(error, "extended entry past TDL", pos);
            return NULL;
        }
        tel = dcsim_get32(data + pos + DCSIM_DIE_TEL);
        if (tel < DCSIM_DIE_EXAT || tel % 4 != 0 || tel > tdl - pos) {
            invalid(error, "bad TEL", pos + DCSIM_DIE_TEL);
            return NULL;
        }
    } else if (tdl - pos < tel) {
        invalid(error, "basic entry past TDL", pos);
        return NULL;
    }
    e = entry_new(data + pos, peer_traddr);
    if (entfmt == DCSIM_DIM_ENTFMT_EXTENDED &&
        !parse_exats(e,
                     data,
                     pos + DCSIM_DIE_EXAT,
                     pos + tel,
                     dcsim_get16(data + pos + DCSIM_DIE_NUMEXAT),
                     error)) {
        dim_entry_free(e);
        return NULL;
    }
    *inout_pos = pos + tel;
    return e;
}

static DcsimDimData *
header_new(const guint8 *data)
{
    DcsimDimData *dim = g_new0(DcsimDimData, 1);

    dim->entfmt  = dcsim_get16(data + DCSIM_DIM_ENTFMT);
    dim->etype   = dcsim_get16(data + DCSIM_DIM_ETYPE);
    dim->portlcl = data[DCSIM_DIM_PORTLCL];
    dim->ektype  = dcsim_get16(data + DCSIM_DIM_EKTYPE);
    dim->eid     = dcsim_nvme_get_string(data + DCSIM_DIM_EID, DCSIM_DIM_EID_SIZE);
    dim->ename   = dcsim_nvme_get_string(data + DCSIM_DIM_ENAME, DCSIM_DIM_ENAME_SIZE);
    dim->ever    = dcsim_nvme_get_string(data + DCSIM_DIM_EVER, DCSIM_DIM_EVER_SIZE);
    dim->entries = g_ptr_array_new_with_free_func(dim_entry_free);
    return dim;
}

DcsimDimData *
dcsim_dim_data_parse(const guint8 *data, gsize len, const char *peer_traddr, GError **error)
{
    g_autoptr(DcsimDimData) dim = NULL;
    guint64 nument;
    gsize   tdl, pos = DCSIM_DIM_HEADER_SIZE;

    if (len < DCSIM_DIM_HEADER_SIZE) {
        invalid(error, "shorter than its header", len);
        return NULL;
    }
    tdl = dcsim_get32(data + DCSIM_DIM_TDL);
    if (tdl < DCSIM_DIM_HEADER_SIZE || tdl > len) {
        invalid(error, "TDL does not match the data", DCSIM_DIM_TDL);
        return NULL;
    }
    dim    = header_new(data);
    nument = dcsim_get64(data + DCSIM_DIM_NUMENT);
    if (dim->entfmt != DCSIM_DIM_ENTFMT_BASIC && dim->entfmt != DCSIM_DIM_ENTFMT_EXTENDED) {
        invalid(error, "unknown ENTFMT", DCSIM_DIM_ENTFMT);
        return NULL;
    }
    if (nument > (tdl - DCSIM_DIM_HEADER_SIZE) / DCSIM_DIE_BASIC_SIZE) {
        invalid(error, "NUMENT larger than the data", DCSIM_DIM_NUMENT);
        return NULL;
    }
    for (guint64 i = 0; i < nument; i++) {
        DcsimDimEntry *e = parse_entry(data, tdl, dim->entfmt, &pos, peer_traddr, error);

        if (!e)
            return NULL;
        g_ptr_array_add(dim->entries, e);
    }
    return g_steal_pointer(&dim);
}

static void
entry_to_event(const DcsimDimEntry *e, JsonBuilder *b)
{
    json_builder_begin_object(b);
    dcsim_events_add_int(b, "trtype", e->trtype);
    dcsim_events_add_int(b, "adrfam", e->adrfam);
    dcsim_events_add_int(b, "subtype", e->subtype);
    dcsim_events_add_int(b, "treq", e->treq);
    dcsim_events_add_int(b, "portid", e->portid);
    dcsim_events_add_int(b, "cntlid", e->cntlid);
    dcsim_events_add_int(b, "asqsz", e->asqsz);
    dcsim_events_add_int(b, "sectype", e->sectype);
    dcsim_events_add_string(b, "trsvcid", e->trsvcid);
    dcsim_events_add_string(b, "nqn", e->nqn);
    dcsim_events_add_string(b, "traddr", e->traddr);
    dcsim_events_add_bool(b, "traddr-inferred", e->traddr_inferred);
    dcsim_events_add_string(b, "hostid", e->hostid);
    dcsim_events_add_string(b, "symname", e->symname);
    json_builder_end_object(b);
}

void
dcsim_dim_data_to_event(const DcsimDimData *dim, JsonBuilder *b)
{
    dcsim_events_add_int(b, "entfmt", dim->entfmt);
    dcsim_events_add_int(b, "etype", dim->etype);
    dcsim_events_add_int(b, "portlcl", dim->portlcl);
    dcsim_events_add_int(b, "ektype", dim->ektype);
    dcsim_events_add_string(b, "eid", dim->eid);
    dcsim_events_add_string(b, "ename", dim->ename);
    dcsim_events_add_string(b, "ever", dim->ever);
    json_builder_set_member_name(b, "entries");
    json_builder_begin_array(b);
    for (guint i = 0; i < dim->entries->len; i++)
        entry_to_event(dim->entries->pdata[i], b);
    json_builder_end_array(b);
}

DcsimDimRegistry *
dcsim_dim_registry_new(void)
{
    DcsimDimRegistry *reg = g_new0(DcsimDimRegistry, 1);

    reg->by_host = g_hash_table_new_full(g_str_hash,
                                         g_str_equal,
                                         g_free,
                                         (GDestroyNotify) dcsim_dim_data_free);
    return reg;
}

void
dcsim_dim_registry_free(DcsimDimRegistry *reg)
{
    if (!reg)
        return;
    g_hash_table_unref(reg->by_host);
    g_free(reg);
}

void
dcsim_dim_registry_set(DcsimDimRegistry *reg, const char *host_nqn, DcsimDimData *dim)
{
    g_hash_table_replace(reg->by_host, g_strdup(host_nqn), dim);
}

gboolean
dcsim_dim_registry_remove(DcsimDimRegistry *reg, const char *host_nqn)
{
    return g_hash_table_remove(reg->by_host, host_nqn);
}

const DcsimDimData *
dcsim_dim_registry_lookup(const DcsimDimRegistry *reg, const char *host_nqn)
{
    return g_hash_table_lookup(reg->by_host, host_nqn);
}

guint
dcsim_dim_registry_size(const DcsimDimRegistry *reg)
{
    return g_hash_table_size(reg->by_host);
}
