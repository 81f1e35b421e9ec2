/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log-entry.c: sanitation of discovery log page entries, and the
 * entries of a log read again that need none (unchanged records).
 */
#include "config.h"

#include "nmnvme-log-entry.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

/* The kernel's transport name of a fabrics trtype, or NULL. */
static const char *
transport_name(guint8 trtype)
{
    switch (trtype) {
    case NMNVME_TRTYPE_RDMA:
        return "rdma";
    case NMNVME_TRTYPE_FC:
        return "fc";
    case NMNVME_TRTYPE_TCP:
        return "tcp";
    case NMNVME_TRTYPE_LOOP:
        return "loop";
    default:
        return NULL;
    }
}

static gboolean
parse_subtype(guint8 subtype, NMNvmeLogEntrySubtype *out)
{
    switch (subtype) {
    case NMNVME_DISC_SUBTYPE_REFERRAL:
        *out = NMNVME_LOG_ENTRY_REFERRAL;
        return TRUE;
    case NMNVME_DISC_SUBTYPE_NVME:
        *out = NMNVME_LOG_ENTRY_NVME;
        return TRUE;
    case NMNVME_DISC_SUBTYPE_CURRENT:
        *out = NMNVME_LOG_ENTRY_CURRENT_DISCOVERY;
        return TRUE;
    default:
        return FALSE;
    }
}

/* tcp and rdma address by IP, with a port. */
static gboolean
is_ip_transport(guint8 trtype)
{
    return trtype == NMNVME_TRTYPE_TCP || trtype == NMNVME_TRTYPE_RDMA;
}

/* The length of a fixed-size field as a string: up to the first NUL,
 * trailing spaces cut. */
static gsize
field_len(const char *raw, gsize size)
{
    gsize len = strnlen(raw, size);

    while (len > 0 && raw[len - 1] == ' ')
        len--;
    return len;
}

/* A fixed-size field as a string in @out (at least @size + 1 bytes). */
static char *
field_string(char *out, const char *raw, gsize size)
{
    gsize len = field_len(raw, size);

    memcpy(out, raw, len);
    out[len] = '\0';
    return out;
}

static gboolean
check_printable(const char *field, const char *value, GError **error)
{
    for (const char *p = value; *p; p++) {
        if (!g_ascii_isgraph(*p))
            return nmnvme_error_invalid(error,
                                        "%s has a non-printable or space byte 0x%02x at offset %d",
                                        field,
                                        (guchar) *p,
                                        (int) (p - value));
    }
    return TRUE;
}

static gboolean
check_kind(NMNvmeLogEntry *e, const NMNvmeDiscLogEntryRaw *raw, GError **error)
{
    e->transport = transport_name(raw->trtype);
    if (!e->transport)
        return nmnvme_error_invalid(error,
                                    "trtype %u is not a fabrics transport",
                                    (guint) raw->trtype);
    if (!parse_subtype(raw->subtype, &e->subtype))
        return nmnvme_error_invalid(error,
                                    "subtype %u is not referral (1), nvme subsystem (2) or "
                                    "current discovery subsystem (3)",
                                    (guint) raw->subtype);
    return TRUE;
}

static GSocketFamily
family_of(guint8 adrfam)
{
    if (adrfam == NMNVME_ADRFAM_IP4)
        return G_SOCKET_FAMILY_IPV4;
    if (adrfam == NMNVME_ADRFAM_IP6)
        return G_SOCKET_FAMILY_IPV6;
    return G_SOCKET_FAMILY_INVALID;
}

static gboolean
check_ip_traddr(const NMNvmeLogEntry *e, GError **error)
{
    g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(e->traddr);
    GSocketFamily family;

    if (!addr)
        return nmnvme_error_invalid(error,
                                    "traddr '%s' is not an IP address, as %s requires",
                                    e->traddr,
                                    e->transport);
    if (g_inet_address_get_is_any(addr) || g_inet_address_get_is_multicast(addr))
        return nmnvme_error_invalid(error, "traddr '%s' is not a unicast address", e->traddr);
    family = g_inet_address_get_family(addr);
    if (family != family_of(e->adrfam))
        return nmnvme_error_invalid(error,
                                    "adrfam %u does not match the %s traddr '%s'",
                                    (guint) e->adrfam,
                                    family == G_SOCKET_FAMILY_IPV4 ? "IPv4" : "IPv6",
                                    e->traddr);
    return TRUE;
}

static gboolean
check_traddr(const NMNvmeLogEntry *e, GError **error)
{
    if (!check_printable("traddr", e->traddr, error))
        return FALSE;
    if (!*e->traddr)
        return nmnvme_error_invalid(error, "traddr is empty");
    if (strcmp(e->traddr, "0.0.0.0") == 0 || strcmp(e->traddr, "::") == 0)
        return nmnvme_error_invalid(error, "traddr '%s' is not a unicast address", e->traddr);
    return is_ip_transport(e->trtype) ? check_ip_traddr(e, error) : TRUE;
}

/* Checks trsvcid and puts it in canonical form in place (its buffer holds
 * the field): the port in decimal without leading zeros for tcp and rdma,
 * NULL when empty for fc and loop. */
static gboolean
sanitize_trsvcid(NMNvmeLogEntry *e, GError **error)
{
    guint64 port;

    if (!check_printable("trsvcid", e->trsvcid, error))
        return FALSE;
    if (!is_ip_transport(e->trtype)) {
        if (!*e->trsvcid)
            e->trsvcid = NULL;
        return TRUE;
    }
    if (!*e->trsvcid)
        return nmnvme_error_invalid(error, "trsvcid is empty");
    if (!g_ascii_string_to_unsigned(e->trsvcid, 10, 1, 65535, &port, NULL))
        return nmnvme_error_invalid(error,
                                    "trsvcid '%s' is not a port number between 1 and 65535",
                                    e->trsvcid);
    g_snprintf(e->trsvcid, NMNVME_DISC_TRSVCID_SIZE + 1, "%u", (guint) port);
    return TRUE;
}

static gboolean
check_subnqn(const NMNvmeLogEntry *e, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (!nmnvme_nqn_validate(e->subnqn, &local))
        return nmnvme_error_invalid(error, "subnqn: %s", local->message);
    if (e->subtype == NMNVME_LOG_ENTRY_NVME && strcmp(e->subnqn, NMNVME_NQN_DISCOVERY) == 0)
        return nmnvme_error_invalid(error,
                                    "subnqn is the discovery NQN, but subtype says nvme subsystem");
    return TRUE;
}

/* The strings of an entry being checked: each field as a string. */
typedef struct {
    char traddr[NMNVME_DISC_TRADDR_SIZE + 1];
    char trsvcid[NMNVME_DISC_TRSVCID_SIZE + 1];
    char subnqn[NMNVME_DISC_SUBNQN_SIZE + 1];
} Strings;

/* Copies the fields that need no check as they are, and the strings into
 * @strings. */
static void
copy_raw(NMNvmeLogEntry *e, const NMNvmeDiscLogEntryRaw *raw, Strings *strings)
{
    e->trtype = raw->trtype;
    e->adrfam = raw->adrfam;
    e->treq   = raw->treq;
    /* tcp's TSAS starts with SECTYPE; other transports' first byte is
     * something else (rdma: QP type) */
    e->sectype = e->trtype == NMNVME_TRTYPE_TCP ? raw->tsas[0] : 0;
    e->portid  = GUINT16_FROM_LE(raw->portid);
    e->cntlid  = GUINT16_FROM_LE(raw->cntlid);
    e->asqsz   = GUINT16_FROM_LE(raw->asqsz);
    e->eflags  = GUINT16_FROM_LE(raw->eflags);
    e->traddr  = field_string(strings->traddr, raw->traddr, sizeof(raw->traddr));
    e->trsvcid = field_string(strings->trsvcid, raw->trsvcid, sizeof(raw->trsvcid));
    e->subnqn  = field_string(strings->subnqn, raw->subnqn, sizeof(raw->subnqn));
}

/* Appends @s (nullable) to the strings at *@at; returns where it is. */
static char *
put_string(char **at, const char *s)
{
    char *here = *at;

    if (!s)
        return NULL;
    *at = g_stpcpy(here, s) + 1;
    return here;
}

/* (transfer full): @e, checked, as one block with its strings after it
 * (a 10 000-entry log is kept as 10 000 entries: one allocation each). */
static NMNvmeLogEntry *
entry_box(const NMNvmeLogEntry *e)
{
    gsize size = sizeof(*e) + strlen(e->traddr) + 1 + (e->trsvcid ? strlen(e->trsvcid) + 1 : 0) +
                 strlen(e->subnqn) + 1;
    NMNvmeLogEntry *box = g_atomic_rc_box_alloc(size);
    char           *at  = (char *) (box + 1);

    *box         = *e;
    box->traddr  = put_string(&at, e->traddr);
    box->trsvcid = put_string(&at, e->trsvcid);
    box->subnqn  = put_string(&at, e->subnqn);
    return box;
}

NMNvmeLogEntry *
nmnvme_log_entry_new(const NMNvmeDiscLogEntryRaw *raw, GError **error)
{
    NMNvmeLogEntry e = { 0 };
    Strings        strings;

    g_return_val_if_fail(raw, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    copy_raw(&e, raw, &strings);
    if (!check_kind(&e, raw, error) || !check_traddr(&e, error) || !sanitize_trsvcid(&e, error) ||
        !check_subnqn(&e, error))
        return NULL;
    return entry_box(&e);
}

NMNvmeLogEntry *
nmnvme_log_entry_ref(NMNvmeLogEntry *entry)
{
    g_return_val_if_fail(entry, NULL);

    return g_atomic_rc_box_acquire(entry);
}

void
nmnvme_log_entry_unref(NMNvmeLogEntry *entry)
{
    if (entry)
        g_atomic_rc_box_release(entry);
}

gboolean
nmnvme_log_entry_ncc(const NMNvmeLogEntry *entry)
{
    g_return_val_if_fail(entry, FALSE);

    return (entry->eflags & NMNVME_DISC_EFLAGS_NCC) != 0;
}

gboolean
nmnvme_log_entry_epcsd(const NMNvmeLogEntry *entry)
{
    g_return_val_if_fail(entry, FALSE);

    return (entry->eflags & NMNVME_DISC_EFLAGS_EPCSD) != 0;
}

/* Whether the fixed-size field @raw holds @value as field_string() makes it
 * (@value NULL: empty), without making it. */
static gboolean
field_is(const char *raw, gsize size, const char *value)
{
    gsize len = field_len(raw, size);

    if (!value)
        return len == 0;
    return strncmp(raw, value, len) == 0 && value[len] == '\0';
}

/* Whether nmnvme_log_entry_new() makes @e of @raw: every field it reads is
 * equal to what @e keeps of it. trsvcid is kept in canonical form, so a
 * record that spells the port otherwise is made again (never wrongly
 * shared); an empty one was kept as NULL (fc, loop). */
static gboolean
makes(const NMNvmeDiscLogEntryRaw *raw, const NMNvmeLogEntry *e)
{
    NMNvmeLogEntrySubtype subtype;

    return raw->trtype == e->trtype && raw->adrfam == e->adrfam && raw->treq == e->treq &&
           parse_subtype(raw->subtype, &subtype) && subtype == e->subtype &&
           (raw->trtype == NMNVME_TRTYPE_TCP ? raw->tsas[0] : 0) == e->sectype &&
           GUINT16_FROM_LE(raw->portid) == e->portid && GUINT16_FROM_LE(raw->cntlid) == e->cntlid &&
           GUINT16_FROM_LE(raw->asqsz) == e->asqsz && GUINT16_FROM_LE(raw->eflags) == e->eflags &&
           field_is(raw->traddr, sizeof(raw->traddr), e->traddr) &&
           field_is(raw->trsvcid, sizeof(raw->trsvcid), e->trsvcid) &&
           field_is(raw->subnqn, sizeof(raw->subnqn), e->subnqn);
}

GPtrArray *
nmnvme_log_entries_from_log(const NMNvmeDiscLogRaw *log,
                            GPtrArray              *previous,
                            GPtrArray              *rejected_messages)
{
    GPtrArray *entries;
    guint64    numrec;

    g_return_val_if_fail(log, NULL);

    entries = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_log_entry_unref);
    numrec  = GUINT64_FROM_LE(log->numrec);
    for (guint64 i = 0; i < numrec; i++) {
        g_autoptr(GError) error = NULL;
        NMNvmeLogEntry *entry;

        /* the good entries before it were all kept: the same position */
        if (previous && entries->len < previous->len &&
            makes(&log->entries[i], previous->pdata[entries->len])) {
            g_ptr_array_add(entries, nmnvme_log_entry_ref(previous->pdata[entries->len]));
            continue;
        }
        entry = nmnvme_log_entry_new(&log->entries[i], &error);

        if (entry)
            g_ptr_array_add(entries, entry);
        else if (rejected_messages)
            g_ptr_array_add(rejected_messages,
                            g_strdup_printf("entry %" G_GUINT64_FORMAT ": %s", i, error->message));
    }
    return entries;
}
