/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-log.c: the discovery log page: JSON entries to wire records, reads.
 */
#include "config.h"

#include "dcsim-log.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dcsim-nvme.h"

struct _DcsimLog {
    GByteArray *records;
    guint64     genctr;
};

typedef struct {
    const char *name;
    gint64      value;
} Symbol;

/* Base 2.0, Figure 263 TRTYPE. */
static const Symbol trtypes[] = {
    { "rdma", 1 }, { "fc", 2 }, { "tcp", 3 }, { "loop", 254 }, { NULL, 0 },
};

/* Base 2.0, Figure 263 ADRFAM. */
static const Symbol adrfams[] = {
    { "pci", 0 }, { "ipv4", 1 },   { "ipv6", 2 }, { "ib", 3 },
    { "fc", 4 },  { "loop", 254 }, { NULL, 0 },
};

static const Symbol subtypes[] = {
    { "referral", DCSIM_SUBTYPE_REFERRAL },
    { "nvme", DCSIM_SUBTYPE_NVME },
    { "current", DCSIM_SUBTYPE_CURRENT },
    { NULL, 0 },
};

/* Base 2.0, Figure 264 (TCP TSAS): SECTYPE. */
static const Symbol sectypes[] = {
    { "none", 0 },
    { "tls1.2", 1 },
    { "tls1.3", 2 },
    { NULL, 0 },
};

/* Entry context for error messages. */
typedef struct {
    guint       index;
    JsonObject *obj;
} Entry;

static gboolean
bad(const Entry *e, const char *field, GError **error, const char *why)
{
    g_set_error(error,
                G_IO_ERROR,
                G_IO_ERROR_INVALID_DATA,
                "entry %u: \"%s\" %s",
                e->index,
                field,
                why);
    return FALSE;
}

/* Reads integer member @field into @out, within [0, @max]; a string is
 * looked up in @symbols when given. Absent: @out keeps its default. */
static gboolean
get_number(const Entry  *e,
           const char   *field,
           const Symbol *symbols,
           gint64        max,
           gint64       *out,
           GError      **error)
{
    JsonNode *node = json_object_get_member(e->obj, field);
    gint64    v;

    if (!node)
        return TRUE;
    if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING && symbols) {
        const char *s = json_node_get_string(node);

        for (const Symbol *sym = symbols; sym->name; sym++) {
            if (g_ascii_strcasecmp(sym->name, s) == 0) {
                *out = sym->value;
                return TRUE;
            }
        }
        return bad(e, field, error, "has an unknown name");
    }
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64)
        return bad(e,
                   field,
                   error,
                   symbols ? "must be a name or an integer" : "must be an integer");
    v = json_node_get_int(node);
    if (v < 0 || v > max)
        return bad(e, field, error, "is out of range for its field");
    *out = v;
    return TRUE;
}

/* Stores string member @field into the record's fixed-size field. */
static gboolean
put_string(const Entry *e,
           const char  *field,
           gboolean     required,
           guint8      *dest,
           gsize        size,
           GError     **error)
{
    JsonNode *node = json_object_get_member(e->obj, field);

    if (!node)
        return required ? bad(e, field, error, "is missing") : TRUE;
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return bad(e, field, error, "must be a string");
    if (!dcsim_nvme_put_string(dest, size, json_node_get_string(node), '\0'))
        g_message("dcsim: entry %u: \"%s\" cut to its %" G_GSIZE_FORMAT " bytes",
                  e->index,
                  field,
                  size);
    return TRUE;
}

static const char *const known_fields[] = {
    "trtype", "adrfam", "subtype", "treq",   "portid", "cntlid",
    "asqsz",  "eflags", "trsvcid", "subnqn", "traddr", "tsas",
};

static gboolean
check_known_fields(const Entry *e, GError **error)
{
    g_autoptr(GList) members = json_object_get_members(e->obj);

    for (GList *l = members; l; l = l->next) {
        gboolean found = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS(known_fields) && !found; i++)
            found = g_str_equal(known_fields[i], l->data);
        if (!found)
            return bad(e, l->data, error, "is not a known field");
    }
    return TRUE;
}

/* Defaults of absent numeric fields: TCP over IPv4, an NVM subsystem,
 * dynamic controller (FFFFh), the minimum admin queue size 32. */
static gboolean
fill_numbers(const Entry *e, guint8 *rec, GError **error)
{
    gint64 trtype = 3, adrfam = 1, subtype = DCSIM_SUBTYPE_NVME, treq = 0;
    gint64 portid = 0, cntlid = 0xffff, asqsz = 32, eflags = 0, sectype = 0;

    if (!get_number(e, "trtype", trtypes, G_MAXUINT8, &trtype, error) ||
        !get_number(e, "adrfam", adrfams, G_MAXUINT8, &adrfam, error) ||
        !get_number(e, "subtype", subtypes, G_MAXUINT8, &subtype, error) ||
        !get_number(e, "treq", NULL, G_MAXUINT8, &treq, error) ||
        !get_number(e, "portid", NULL, G_MAXUINT16, &portid, error) ||
        !get_number(e, "cntlid", NULL, G_MAXUINT16, &cntlid, error) ||
        !get_number(e, "asqsz", NULL, G_MAXUINT16, &asqsz, error) ||
        !get_number(e, "eflags", NULL, G_MAXUINT16, &eflags, error) ||
        !get_number(e, "tsas", sectypes, G_MAXUINT8, &sectype, error))
        return FALSE;
    rec[DCSIM_LOG_E_TRTYPE]  = (guint8) trtype;
    rec[DCSIM_LOG_E_ADRFAM]  = (guint8) adrfam;
    rec[DCSIM_LOG_E_SUBTYPE] = (guint8) subtype;
    rec[DCSIM_LOG_E_TREQ]    = (guint8) treq;
    dcsim_put16(rec + DCSIM_LOG_E_PORTID, (guint16) portid);
    dcsim_put16(rec + DCSIM_LOG_E_CNTLID, (guint16) cntlid);
    dcsim_put16(rec + DCSIM_LOG_E_ASQSZ, (guint16) asqsz);
    dcsim_put16(rec + DCSIM_LOG_E_EFLAGS, (guint16) eflags);
    /* Base 2.0, Figure 264: for TCP, byte 0 of TSAS is SECTYPE. */
    rec[DCSIM_LOG_E_TSAS] = (guint8) sectype;
    return TRUE;
}

static gboolean
entry_to_record(const Entry *e, guint8 *rec, GError **error)
{
    memset(rec, 0, DCSIM_LOG_ENTRY_SIZE);
    return check_known_fields(e, error) && fill_numbers(e, rec, error) &&
           put_string(e,
                      "trsvcid",
                      FALSE,
                      rec + DCSIM_LOG_E_TRSVCID,
                      DCSIM_LOG_TRSVCID_SIZE,
                      error) &&
           put_string(e, "subnqn", TRUE, rec + DCSIM_LOG_E_SUBNQN, DCSIM_LOG_NQN_SIZE, error) &&
           put_string(e, "traddr", TRUE, rec + DCSIM_LOG_E_TRADDR, DCSIM_LOG_TRADDR_SIZE, error);
}

GByteArray *
dcsim_log_records_from_json(const char *json, gssize len, GError **error)
{
    g_autoptr(JsonParser) parser  = json_parser_new();
    g_autoptr(GByteArray) records = g_byte_array_new();
    JsonArray *array;
    JsonNode  *root;

    if (!json_parser_load_from_data(parser, json, len, error))
        return NULL;
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_ARRAY(root)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "entries: not a JSON array");
        return NULL;
    }
    array = json_node_get_array(root);
    if (json_array_get_length(array) > DCSIM_LOG_MAX_ENTRIES) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_INVALID_DATA,
                    "entries: more than %d",
                    DCSIM_LOG_MAX_ENTRIES);
        return NULL;
    }
    g_byte_array_set_size(records, json_array_get_length(array) * DCSIM_LOG_ENTRY_SIZE);
    for (guint i = 0; i < json_array_get_length(array); i++) {
        JsonNode *node = json_array_get_element(array, i);
        Entry     e    = { i, NULL };

        if (!JSON_NODE_HOLDS_OBJECT(node)) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "entry %u: not an object", i);
            return NULL;
        }
        e.obj = json_node_get_object(node);
        if (!entry_to_record(&e, records->data + (gsize) i * DCSIM_LOG_ENTRY_SIZE, error))
            return NULL;
    }
    return g_steal_pointer(&records);
}

GByteArray *
dcsim_log_records_from_file(const char *path, GError **error)
{
    g_autofree char *content = NULL;
    gsize            len;
    GByteArray      *records;

    if (!g_file_get_contents(path, &content, &len, error))
        return NULL;
    records = dcsim_log_records_from_json(content, (gssize) len, error);
    if (!records)
        g_prefix_error(error, "%s: ", path);
    return records;
}

void
dcsim_log_records_generate(GByteArray *records, guint n)
{
    guint start = records->len;

    g_return_if_fail(start / DCSIM_LOG_ENTRY_SIZE + n <= DCSIM_LOG_MAX_ENTRIES);
    g_byte_array_set_size(records, start + n * DCSIM_LOG_ENTRY_SIZE);
    for (guint i = 0; i < n; i++) {
        guint8          *rec    = records->data + start + (gsize) i * DCSIM_LOG_ENTRY_SIZE;
        g_autofree char *nqn    = g_strdup_printf("nqn.2026-01.org.example.dcsim:gen-%06u", i);
        g_autofree char *traddr = g_strdup_printf("10.%u.%u.%u",
                                                  ((i + 1) >> 16) & 0xff,
                                                  ((i + 1) >> 8) & 0xff,
                                                  (i + 1) & 0xff);

        memset(rec, 0, DCSIM_LOG_ENTRY_SIZE);
        rec[DCSIM_LOG_E_TRTYPE]  = 3;
        rec[DCSIM_LOG_E_ADRFAM]  = 1;
        rec[DCSIM_LOG_E_SUBTYPE] = DCSIM_SUBTYPE_NVME;
        dcsim_put16(rec + DCSIM_LOG_E_PORTID, (guint16) (i & 0xffff));
        dcsim_put16(rec + DCSIM_LOG_E_CNTLID, 0xffff);
        dcsim_put16(rec + DCSIM_LOG_E_ASQSZ, 32);
        dcsim_nvme_put_string(rec + DCSIM_LOG_E_TRSVCID,
                              DCSIM_LOG_TRSVCID_SIZE,
                              DCSIM_LOG_GENERATED_TRSVCID,
                              '\0');
        dcsim_nvme_put_string(rec + DCSIM_LOG_E_SUBNQN, DCSIM_LOG_NQN_SIZE, nqn, '\0');
        dcsim_nvme_put_string(rec + DCSIM_LOG_E_TRADDR, DCSIM_LOG_TRADDR_SIZE, traddr, '\0');
    }
}

DcsimLog *
dcsim_log_new(GByteArray *records)
{
    DcsimLog *log = g_new0(DcsimLog, 1);

    log->records = records ? records : g_byte_array_new();
    return log;
}

void
dcsim_log_free(DcsimLog *log)
{
    if (!log)
        return;
    g_byte_array_unref(log->records);
    g_free(log);
}

void
dcsim_log_replace(DcsimLog *log, GByteArray *records)
{
    g_byte_array_unref(log->records);
    log->records = records;
    dcsim_log_bump(log);
}

void
dcsim_log_bump(DcsimLog *log)
{
    log->genctr++; /* unsigned: G_MAXUINT64 + 1 is 0 */
}

guint64
dcsim_log_genctr(const DcsimLog *log)
{
    return log->genctr;
}

guint64
dcsim_log_numrec(const DcsimLog *log)
{
    return log->records->len / DCSIM_LOG_ENTRY_SIZE;
}

guint64
dcsim_log_size(const DcsimLog *log)
{
    return DCSIM_LOG_HEADER_SIZE + (guint64) log->records->len;
}

/* Copies the part of [@offset, @offset + @len) that falls in the region
 * [@start, @start + @size) of the page from @src. */
static void
copy_region(guint64 offset, guint8 *buf, gsize len, guint64 start, const guint8 *src, guint64 size)
{
    guint64 from = MAX(offset, start);
    guint64 to   = MIN(offset + len, start + size);

    if (from < to)
        memcpy(buf + (from - offset), src + (from - start), to - from);
}

void
dcsim_log_read(const DcsimLog *log, guint64 offset, guint8 *buf, gsize len)
{
    guint8 header[DCSIM_LOG_HEADER_SIZE] = { 0 };

    dcsim_put64(header + DCSIM_LOG_GENCTR, log->genctr);
    dcsim_put64(header + DCSIM_LOG_NUMREC, dcsim_log_numrec(log));
    dcsim_put16(header + DCSIM_LOG_RECFMT, 0);

    memset(buf, 0, len);
    if (offset > G_MAXUINT64 - len)
        len = G_MAXUINT64 - offset;
    copy_region(offset, buf, len, 0, header, sizeof(header));
    copy_region(offset, buf, len, DCSIM_LOG_HEADER_SIZE, log->records->data, log->records->len);
}
