/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-log-entry.c: sanitation of discovery log page entries, with hostile
 * entries as a broken or malicious discovery controller could send them:
 * bad types, unusable addresses, unterminated fields, non-printable bytes;
 * a log read again, whose unchanged records share the last read's entries.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-log-entry.h"
#include "nmnvme-nqn.h"

/* Raw field contents: @len bytes, which may include NULs. */
typedef struct {
    const char *bytes;
    gsize       len;
} Bytes;

#define S(x)             \
    {                    \
        x, sizeof(x) - 1 \
    }

typedef enum {
    FILL_NONE,
    FILL_TRADDR,
    FILL_TRSVCID,
    FILL_SUBNQN,
} Fill;

/* One raw entry: each field is filled with NULs, or, for @fill, with
 * @fill_byte over its whole size (no NUL at all), then its bytes are copied
 * to its start. */
typedef struct {
    guint8 trtype;
    guint8 adrfam;
    guint8 subtype;
    Bytes  traddr;
    Bytes  trsvcid;
    Bytes  subnqn;
    Fill   fill;
    char   fill_byte;
} Raw;

#define VOL1    "nqn.2026-01.com.example:vol1"
#define TCP4    NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP4, NMNVME_DISC_SUBTYPE_NVME
#define TCP6    NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP6, NMNVME_DISC_SUBTYPE_NVME
#define FC      NMNVME_TRTYPE_FC, NMNVME_ADRFAM_FC, NMNVME_DISC_SUBTYPE_NVME
#define GOOD4   S("192.168.77.100")
#define PORT    S("4420")
#define NQN     S(VOL1)
#define NONE    S("")
#define FC_ADDR "nn-0x20000090fac7e0a1:pn-0x10000090fac7e0a1"

static void
set_field(char *field, gsize size, const Bytes *b, gboolean fill, char fill_byte)
{
    memset(field, fill ? fill_byte : '\0', size);
    if (b->len)
        memcpy(field, b->bytes, MIN(b->len, size));
}

static void
build(NMNvmeDiscLogEntryRaw *e, const Raw *raw)
{
    memset(e, 0, sizeof(*e));
    e->trtype  = raw->trtype;
    e->adrfam  = raw->adrfam;
    e->subtype = raw->subtype;
    set_field(e->traddr, sizeof(e->traddr), &raw->traddr, raw->fill == FILL_TRADDR, raw->fill_byte);
    set_field(e->trsvcid,
              sizeof(e->trsvcid),
              &raw->trsvcid,
              raw->fill == FILL_TRSVCID,
              raw->fill_byte);
    set_field(e->subnqn, sizeof(e->subnqn), &raw->subnqn, raw->fill == FILL_SUBNQN, raw->fill_byte);
}

typedef struct {
    Raw                   raw;
    const char           *transport;
    NMNvmeLogEntrySubtype subtype;
    const char           *traddr;
    const char           *trsvcid;
    const char           *subnqn;
} GoodRow;

static const GoodRow good[] = {
    { { TCP4, GOOD4, PORT, NQN }, "tcp", NMNVME_LOG_ENTRY_NVME, "192.168.77.100", "4420", VOL1 },
    { { TCP6, S("fe80::1"), S("4420"), NQN },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "fe80::1",
      "4420",
      VOL1 },
    { { NMNVME_TRTYPE_RDMA,
        NMNVME_ADRFAM_IP4,
        NMNVME_DISC_SUBTYPE_NVME,
        S("10.1.1.1"),
        S("4420"),
        NQN },
      "rdma",
      NMNVME_LOG_ENTRY_NVME,
      "10.1.1.1",
      "4420",
      VOL1 },
    /* space-padded to the end of the field, no NUL anywhere */
    { { TCP4, S("10.0.0.1"), S("4420"), NQN, FILL_TRADDR, ' ' },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "10.0.0.1",
      "4420",
      VOL1 },
    { { TCP4, S("10.0.0.1"), S("4420"), NQN, FILL_TRSVCID, ' ' },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "10.0.0.1",
      "4420",
      VOL1 },
    /* spaces then NULs */
    { { NMNVME_TRTYPE_TCP,
        NMNVME_ADRFAM_IP4,
        NMNVME_DISC_SUBTYPE_REFERRAL,
        S("10.0.0.1   "),
        S("8009  "),
        S(NMNVME_NQN_DISCOVERY "  ") },
      "tcp",
      NMNVME_LOG_ENTRY_REFERRAL,
      "10.0.0.1",
      "8009",
      NMNVME_NQN_DISCOVERY },
    /* what follows the first NUL is not part of the string */
    { { TCP4, S("10.0.0.1\0junk\xff"), S("4420\0\x01"), S(VOL1 "\0\xfe") },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "10.0.0.1",
      "4420",
      VOL1 },
    /* the port in canonical form */
    { { TCP4, GOOD4, S("04420"), NQN },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "192.168.77.100",
      "4420",
      VOL1 },
    { { TCP4, GOOD4, S("65535"), NQN },
      "tcp",
      NMNVME_LOG_ENTRY_NVME,
      "192.168.77.100",
      "65535",
      VOL1 },
    /* referral and current discovery subsystem entries */
    { { NMNVME_TRTYPE_TCP,
        NMNVME_ADRFAM_IP4,
        NMNVME_DISC_SUBTYPE_REFERRAL,
        S("10.0.0.2"),
        S("8009"),
        S(NMNVME_NQN_DISCOVERY) },
      "tcp",
      NMNVME_LOG_ENTRY_REFERRAL,
      "10.0.0.2",
      "8009",
      NMNVME_NQN_DISCOVERY },
    { { NMNVME_TRTYPE_TCP,
        NMNVME_ADRFAM_IP4,
        NMNVME_DISC_SUBTYPE_CURRENT,
        S("10.0.0.3"),
        S("8009"),
        S("nqn.2026-01.com.example:cdc") },
      "tcp",
      NMNVME_LOG_ENTRY_CURRENT_DISCOVERY,
      "10.0.0.3",
      "8009",
      "nqn.2026-01.com.example:cdc" },
    /* fc and loop: no IP, no port */
    { { FC, S(FC_ADDR), NONE, NQN }, "fc", NMNVME_LOG_ENTRY_NVME, FC_ADDR, NULL, VOL1 },
    { { NMNVME_TRTYPE_LOOP, NMNVME_ADRFAM_LOOP, NMNVME_DISC_SUBTYPE_NVME, S("1"), NONE, NQN },
      "loop",
      NMNVME_LOG_ENTRY_NVME,
      "1",
      NULL,
      VOL1 },
};

static void
test_good(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
        NMNvmeDiscLogEntryRaw raw;
        g_autoptr(GError) error     = NULL;
        g_autoptr(NMNvmeLogEntry) e = NULL;

        build(&raw, &good[i].raw);
        e = nmnvme_log_entry_new(&raw, &error);
        g_test_message("row %u", i);
        g_assert_no_error(error);
        g_assert_cmpstr(e->transport, ==, good[i].transport);
        g_assert_cmpuint(e->trtype, ==, good[i].raw.trtype);
        g_assert_cmpuint(e->adrfam, ==, good[i].raw.adrfam);
        g_assert_cmpint(e->subtype, ==, good[i].subtype);
        g_assert_cmpstr(e->traddr, ==, good[i].traddr);
        g_assert_cmpstr(e->trsvcid, ==, good[i].trsvcid);
        g_assert_cmpstr(e->subnqn, ==, good[i].subnqn);
    }
}

/* An unterminated 256-byte traddr is accepted where no IP is required, and
 * comes out NUL-terminated with all 256 bytes. */
static void
test_unterminated_fc(void)
{
    const Raw             raw = { FC, NONE, NONE, NQN, FILL_TRADDR, 'a' };
    NMNvmeDiscLogEntryRaw e;
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeLogEntry) entry = NULL;
    g_autofree char *expected       = g_strnfill(NMNVME_DISC_TRADDR_SIZE, 'a');

    build(&e, &raw);
    entry = nmnvme_log_entry_new(&e, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(strlen(entry->traddr), ==, NMNVME_DISC_TRADDR_SIZE);
    g_assert_cmpstr(entry->traddr, ==, expected);
}

typedef struct {
    Raw         raw;
    const char *why;
} BadRow;

static const BadRow bad[] = {
    /* types */
    { { 0, NMNVME_ADRFAM_IP4, NMNVME_DISC_SUBTYPE_NVME, GOOD4, PORT, NQN },
      "trtype 0 is not a fabrics transport" },
    { { 4, NMNVME_ADRFAM_IP4, NMNVME_DISC_SUBTYPE_NVME, GOOD4, PORT, NQN },
      "trtype 4 is not a fabrics transport" },
    { { 255, NMNVME_ADRFAM_IP4, NMNVME_DISC_SUBTYPE_NVME, GOOD4, PORT, NQN },
      "trtype 255 is not a fabrics transport" },
    { { NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP4, 0, GOOD4, PORT, NQN }, "subtype 0 is not referral" },
    { { NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP4, 4, GOOD4, PORT, NQN }, "subtype 4 is not referral" },
    { { NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_IP4, 0xff, GOOD4, PORT, NQN }, "subtype 255 is not" },
    /* traddr: empty, wildcard, multicast, not an IP, wrong family */
    { { TCP4, NONE, PORT, NQN }, "traddr is empty" },
    { { FC, NONE, NONE, NQN }, "traddr is empty" },
    { { TCP4, S("0.0.0.0"), PORT, NQN }, "traddr '0.0.0.0' is not a unicast address" },
    { { TCP6, S("::"), PORT, NQN }, "traddr '::' is not a unicast address" },
    { { FC, S("0.0.0.0"), NONE, NQN }, "traddr '0.0.0.0' is not a unicast address" },
    { { TCP6, S("0:0::0"), PORT, NQN }, "traddr '0:0::0' is not a unicast address" },
    { { TCP4, S("224.0.0.251"), PORT, NQN }, "traddr '224.0.0.251' is not a unicast address" },
    { { TCP4, S("storage.example.com"), PORT, NQN },
      "traddr 'storage.example.com' is not an IP address, as tcp requires" },
    { { NMNVME_TRTYPE_RDMA,
        NMNVME_ADRFAM_IP4,
        NMNVME_DISC_SUBTYPE_NVME,
        S("10.0.0.256"),
        PORT,
        NQN },
      "traddr '10.0.0.256' is not an IP address, as rdma requires" },
    { { TCP6, S("10.0.0.1"), PORT, NQN }, "adrfam 2 does not match the IPv4 traddr '10.0.0.1'" },
    { { TCP4, S("fe80::1"), PORT, NQN }, "adrfam 1 does not match the IPv6 traddr 'fe80::1'" },
    { { NMNVME_TRTYPE_TCP, NMNVME_ADRFAM_PCI, NMNVME_DISC_SUBTYPE_NVME, GOOD4, PORT, NQN },
      "adrfam 0 does not match the IPv4 traddr" },
    /* traddr: unterminated, non-printable */
    { { TCP4, NONE, PORT, NQN, FILL_TRADDR, '1' }, "is not an IP address, as tcp requires" },
    { { TCP4, S("10.0.0.1"), PORT, NQN, FILL_TRADDR, '\xff' },
      "traddr has a non-printable or space byte 0xff at offset 8" },
    { { TCP4, S("10.0.0.1\xff"), PORT, NQN }, "traddr has a non-printable or space byte 0xff" },
    { { TCP4, S("\x01"), PORT, NQN }, "traddr has a non-printable or space byte 0x01 at offset 0" },
    { { TCP4, S("10.0.0.1 x"), PORT, NQN }, "traddr has a non-printable or space byte 0x20" },
    { { TCP4, S("\x1b[2J10.0.0.1"), PORT, NQN }, "traddr has a non-printable or space byte 0x1b" },
    { { FC, S("nn-0x2000\t:pn-0x1000"), NONE, NQN }, "traddr has a non-printable" },
    /* trsvcid */
    { { TCP4, GOOD4, NONE, NQN }, "trsvcid is empty" },
    { { TCP4, GOOD4, S("    "), NQN }, "trsvcid is empty" },
    { { TCP4, GOOD4, S("http"), NQN }, "trsvcid 'http' is not a port number" },
    { { TCP4, GOOD4, S("0"), NQN }, "trsvcid '0' is not a port number between 1 and 65535" },
    { { TCP4, GOOD4, S("65536"), NQN }, "trsvcid '65536' is not a port number" },
    { { TCP4, GOOD4, S("+4420"), NQN }, "trsvcid '+4420' is not a port number" },
    { { TCP4, GOOD4, S("-1"), NQN }, "trsvcid '-1' is not a port number" },
    { { TCP4, GOOD4, S("0x1144"), NQN }, "trsvcid '0x1144' is not a port number" },
    { { TCP4, GOOD4, NONE, NQN, FILL_TRSVCID, '9' }, "is not a port number" },
    { { TCP4, GOOD4, S("44\t20"), NQN },
      "trsvcid has a non-printable or space byte 0x09 at offset 2" },
    { { FC, S(FC_ADDR), S("\xff\xff"), NQN }, "trsvcid has a non-printable or space byte 0xff" },
    /* subnqn */
    { { TCP4, GOOD4, PORT, NONE }, "subnqn: NQN is empty" },
    { { TCP4, GOOD4, PORT, S("vol1") }, "subnqn: NQN must start with 'nqn.'" },
    { { TCP4, GOOD4, PORT, S("nqn.") }, "subnqn: NQN must start with 'nqn.'" },
    { { TCP4, GOOD4, PORT, S("nqn.2026-01.com.example:"), FILL_SUBNQN, 'x' },
      "subnqn: NQN is 256 bytes long, at most 223" },
    { { TCP4, GOOD4, PORT, S("nqn.2026-01.com.example:vol1 "), FILL_SUBNQN, '\xff' },
      "subnqn: NQN is 256 bytes long" },
    { { TCP4, GOOD4, PORT, S("nqn.2026-01.com.example:\xff") }, "subnqn: NQN has a non-printable" },
    { { TCP4, GOOD4, PORT, S("nqn.2026-01.com.example:a b") },
      "subnqn: NQN has a non-printable or space" },
    { { TCP4, GOOD4, PORT, S(NMNVME_NQN_DISCOVERY) },
      "subnqn is the discovery NQN, but subtype says nvme subsystem" },
};

static gboolean
all_printable(const char *s)
{
    for (; *s; s++) {
        if (!g_ascii_isprint(*s))
            return FALSE;
    }
    return TRUE;
}

static void
test_bad(void)
{
    g_assert_cmpuint(G_N_ELEMENTS(bad), >=, 20);
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        NMNvmeDiscLogEntryRaw raw;
        g_autoptr(GError) error     = NULL;
        g_autoptr(NMNvmeLogEntry) e = NULL;

        build(&raw, &bad[i].raw);
        e = nmnvme_log_entry_new(&raw, &error);
        g_test_message("row %u -> %s", i, error ? error->message : "(accepted!)");
        g_assert_null(e);
        g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
        g_assert_nonnull(strstr(error->message, bad[i].why));
        /* hostile bytes never reach a log line */
        g_assert_true(all_printable(error->message));
    }
}

static void
test_subnqn_length(void)
{
    g_autofree char      *nqn223 = g_strnfill(NMNVME_NQN_MAX_LEN, 'a');
    g_autofree char      *nqn224 = g_strnfill(NMNVME_NQN_MAX_LEN + 1, 'a');
    Raw                   raw    = { TCP4, GOOD4, PORT, NONE };
    NMNvmeDiscLogEntryRaw e;
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeLogEntry) entry = NULL;

    memcpy(nqn223, "nqn.", 4);
    memcpy(nqn224, "nqn.", 4);
    raw.subnqn = (Bytes){ nqn223, strlen(nqn223) };
    build(&e, &raw);
    entry = nmnvme_log_entry_new(&e, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(entry->subnqn, ==, nqn223);

    raw.subnqn = (Bytes){ nqn224, strlen(nqn224) };
    build(&e, &raw);
    g_assert_null(nmnvme_log_entry_new(&e, &error));
    g_assert_error(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING);
    g_assert_nonnull(strstr(error->message, "224 bytes long"));
}

static void
test_numbers(void)
{
    static const struct {
        guint8   bytes[8]; /* portid, cntlid, asqsz, eflags as little-endian bytes */
        guint16  portid, cntlid, asqsz, eflags;
        gboolean ncc, epcsd;
    } rows[] = {
        { { 0x34, 0x12, 0xff, 0xff, 0x20, 0x00, 0x00, 0x00 }, 0x1234, 0xffff, 32, 0, FALSE, FALSE },
        { { 0x01, 0x00, 0x02, 0x00, 0x80, 0x00, 0x04, 0x00 },
          1,
          2,
          128,
          NMNVME_DISC_EFLAGS_NCC,
          TRUE,
          FALSE },
        { { 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00 },
          0x100,
          0,
          0,
          NMNVME_DISC_EFLAGS_EPCSD,
          FALSE,
          TRUE },
        { { 0, 0, 0, 0, 0, 0, 0x07, 0x00 }, 0, 0, 0, 7, TRUE, TRUE },
        { { 0, 0, 0, 0, 0, 0, 0x01, 0x00 }, 0, 0, 0, NMNVME_DISC_EFLAGS_DUPRETINFO, FALSE, FALSE },
        /* the NCC bit in the high byte would be 0x0400, not NCC */
        { { 0, 0, 0, 0, 0, 0, 0x00, 0x04 }, 0, 0, 0, 0x0400, FALSE, FALSE },
    };
    const Raw good4 = { TCP4, GOOD4, PORT, NQN };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        NMNvmeDiscLogEntryRaw raw;
        g_autoptr(NMNvmeLogEntry) e = NULL;

        build(&raw, &good4);
        raw.treq = 0x0c;
        memcpy(&raw.portid, rows[i].bytes, 2);
        memcpy(&raw.cntlid, rows[i].bytes + 2, 2);
        memcpy(&raw.asqsz, rows[i].bytes + 4, 2);
        memcpy(&raw.eflags, rows[i].bytes + 6, 2);
        e = nmnvme_log_entry_new(&raw, NULL);
        g_test_message("row %u", i);
        g_assert_nonnull(e);
        g_assert_cmpuint(e->treq, ==, 0x0c);
        g_assert_cmpuint(e->portid, ==, rows[i].portid);
        g_assert_cmpuint(e->cntlid, ==, rows[i].cntlid);
        g_assert_cmpuint(e->asqsz, ==, rows[i].asqsz);
        g_assert_cmpuint(e->eflags, ==, rows[i].eflags);
        g_assert_cmpint(nmnvme_log_entry_ncc(e), ==, rows[i].ncc);
        g_assert_cmpint(nmnvme_log_entry_epcsd(e), ==, rows[i].epcsd);
    }
}

/* TREQ is kept as it is; SECTYPE is tcp's first TSAS byte (an rdma
 * entry's first byte is its QP type, not a security type). */
static void
test_tls_fields(void)
{
    const Raw             good4 = { TCP4, GOOD4, PORT, NQN };
    const Raw             fc    = { FC, S(FC_ADDR), NONE, NQN };
    NMNvmeDiscLogEntryRaw raw;
    g_autoptr(NMNvmeLogEntry) tcp   = NULL;
    g_autoptr(NMNvmeLogEntry) other = NULL;

    build(&raw, &good4);
    raw.treq    = 0x01;
    raw.tsas[0] = 0x02;
    tcp         = nmnvme_log_entry_new(&raw, NULL);
    g_assert_nonnull(tcp);
    g_assert_cmpuint(tcp->treq, ==, 0x01);
    g_assert_cmpuint(tcp->sectype, ==, 0x02);

    build(&raw, &fc);
    raw.tsas[0] = 0x02;
    other       = nmnvme_log_entry_new(&raw, NULL);
    g_assert_nonnull(other);
    g_assert_cmpuint(other->sectype, ==, 0);
}

/* A log page with every good and bad row, interleaved. */
static NMNvmeDiscLogRaw *
make_log(guint64 numrec)
{
    NMNvmeDiscLogRaw *log = g_malloc0(sizeof(*log) + numrec * sizeof(log->entries[0]));

    log->genctr = GUINT64_TO_LE(42);
    log->numrec = GUINT64_TO_LE(numrec);
    return log;
}

static void
test_from_log(void)
{
    guint                        n   = G_N_ELEMENTS(good) + G_N_ELEMENTS(bad);
    g_autofree NMNvmeDiscLogRaw *log = make_log(n);
    g_autoptr(GPtrArray) rejected    = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) entries     = NULL;
    g_autoptr(GPtrArray) quiet       = NULL;
    guint g                          = 0;
    guint b                          = 0;

    /* good rows at even positions while both last, then the rest */
    for (guint i = 0; i < n; i++) {
        gboolean take_good = g < G_N_ELEMENTS(good) && (i % 2 == 0 || b == G_N_ELEMENTS(bad));

        build(&log->entries[i], take_good ? &good[g++].raw : &bad[b++].raw);
    }
    entries = nmnvme_log_entries_from_log(log, NULL, rejected);
    g_assert_cmpuint(entries->len, ==, G_N_ELEMENTS(good));
    g_assert_cmpuint(rejected->len, ==, G_N_ELEMENTS(bad));
    for (guint i = 0; i < entries->len; i++) {
        const NMNvmeLogEntry *e = entries->pdata[i];

        g_assert_cmpstr(e->traddr, ==, good[i].traddr);
    }
    for (guint i = 0; i < rejected->len; i++) {
        const char *msg = rejected->pdata[i];
        /* bad row i sits at 2i + 1 (they interleave for the first rows) */
        guint            pos    = i < G_N_ELEMENTS(good) ? 2 * i + 1 : G_N_ELEMENTS(good) + i;
        g_autofree char *prefix = g_strdup_printf("entry %u: ", pos);

        g_test_message("%s", msg);
        g_assert_true(g_str_has_prefix(msg, prefix));
        g_assert_nonnull(strstr(msg, bad[i].why));
    }

    /* without a message array, the same entries */
    quiet = nmnvme_log_entries_from_log(log, NULL, NULL);
    g_assert_cmpuint(quiet->len, ==, G_N_ELEMENTS(good));
}

static void
test_from_empty_log(void)
{
    g_autofree NMNvmeDiscLogRaw *log = make_log(0);
    g_autoptr(GPtrArray) rejected    = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) entries     = nmnvme_log_entries_from_log(log, NULL, rejected);

    g_assert_cmpuint(entries->len, ==, 0);
    g_assert_cmpuint(rejected->len, ==, 0);
}

static gboolean
entry_equal(const NMNvmeLogEntry *a, const NMNvmeLogEntry *b)
{
    return g_strcmp0(a->transport, b->transport) == 0 && a->trtype == b->trtype &&
           a->adrfam == b->adrfam && a->subtype == b->subtype && a->treq == b->treq &&
           a->sectype == b->sectype && a->portid == b->portid && a->cntlid == b->cntlid &&
           a->asqsz == b->asqsz && a->eflags == b->eflags && g_strcmp0(a->traddr, b->traddr) == 0 &&
           g_strcmp0(a->trsvcid, b->trsvcid) == 0 && g_strcmp0(a->subnqn, b->subnqn) == 0;
}

/* The changes of one record that test_from_log_again() makes. */
typedef enum {
    CHANGE_TRTYPE,
    CHANGE_ADRFAM,
    CHANGE_SUBTYPE,
    CHANGE_TREQ,
    CHANGE_TSAS,
    CHANGE_PORTID,
    CHANGE_CNTLID,
    CHANGE_ASQSZ,
    CHANGE_EFLAGS,
    CHANGE_TRADDR,
    CHANGE_TRADDR_SPACE, /* a trailing space: the same entry */
    CHANGE_TRSVCID,
    CHANGE_TRSVCID_ZERO, /* "04420": the same port, spelt otherwise */
    CHANGE_SUBNQN,
    N_CHANGES,
} Change;

static void
change(NMNvmeDiscLogEntryRaw *e, Change c)
{
    switch (c) {
    case CHANGE_TRTYPE:
        e->trtype = e->trtype == NMNVME_TRTYPE_TCP ? NMNVME_TRTYPE_RDMA : NMNVME_TRTYPE_TCP;
        break;
    case CHANGE_ADRFAM:
        e->adrfam ^= 3; /* IPv4 <-> IPv6: rejected now */
        break;
    case CHANGE_SUBTYPE:
        e->subtype = NMNVME_DISC_SUBTYPE_REFERRAL;
        break;
    case CHANGE_TREQ:
        e->treq ^= 1;
        break;
    case CHANGE_TSAS:
        e->tsas[0] ^= 2;
        break;
    case CHANGE_PORTID:
        e->portid ^= GUINT16_TO_LE(0x100);
        break;
    case CHANGE_CNTLID:
        e->cntlid ^= 1;
        break;
    case CHANGE_ASQSZ:
        e->asqsz ^= 1;
        break;
    case CHANGE_EFLAGS:
        e->eflags ^= GUINT16_TO_LE(NMNVME_DISC_EFLAGS_NCC);
        break;
    case CHANGE_TRADDR:
        e->traddr[strlen(e->traddr) - 1] ^= 1;
        break;
    case CHANGE_TRADDR_SPACE:
        e->traddr[strlen(e->traddr)] = ' ';
        break;
    case CHANGE_TRSVCID:
        e->trsvcid[strlen(e->trsvcid) - 1] ^= 1;
        break;
    case CHANGE_TRSVCID_ZERO:
        memmove(e->trsvcid + 1, e->trsvcid, strlen(e->trsvcid));
        e->trsvcid[0] = '0';
        break;
    case CHANGE_SUBNQN:
        e->subnqn[strlen(e->subnqn) - 1] ^= 1;
        break;
    case N_CHANGES:
        g_assert_not_reached();
    }
}

/* Whether good row @i's record, unchanged, shares its entry: unless it
 * spells its port otherwise than the entry keeps it ("04420"). */
static gboolean
shared(guint i)
{
    g_autofree char *spelt = g_strndup(good[i].raw.trsvcid.bytes, good[i].raw.trsvcid.len);

    g_strchomp(spelt);
    return g_strcmp0(*spelt ? spelt : NULL, good[i].trsvcid) == 0;
}

/* Entries read again with the last read's entries: an unchanged record
 * shares its entry (the same object), a changed one is made again, and
 * the result is always what a read afresh makes: same entries, same
 * rejections. A port spelt otherwise than kept ("04420") is made again. */
static void
test_from_log_again(void)
{
    guint                        n     = G_N_ELEMENTS(good) + G_N_ELEMENTS(bad);
    g_autofree NMNvmeDiscLogRaw *log   = make_log(n);
    g_autofree NMNvmeDiscLogRaw *other = make_log(n);
    g_autoptr(GPtrArray) first         = NULL;
    g_autoptr(GPtrArray) again         = NULL;
    g_autoptr(GPtrArray) rejected      = g_ptr_array_new_with_free_func(g_free);
    guint g = 0, b = 0;

    for (guint i = 0; i < n; i++) {
        gboolean take_good = g < G_N_ELEMENTS(good) && (i % 2 == 0 || b == G_N_ELEMENTS(bad));

        build(&log->entries[i], take_good ? &good[g++].raw : &bad[b++].raw);
    }
    first = nmnvme_log_entries_from_log(log, NULL, NULL);
    again = nmnvme_log_entries_from_log(log, first, rejected);
    g_assert_cmpuint(again->len, ==, first->len);
    g_assert_cmpuint(rejected->len, ==, G_N_ELEMENTS(bad));
    for (guint i = 0; i < again->len; i++)
        g_assert_true((again->pdata[i] == first->pdata[i]) == shared(i));

    /* record 0 (tcp, IPv4) and 4 (rdma) changed in one field each */
    for (guint pos = 0; pos <= 4; pos += 4) {
        for (Change c = 0; c < N_CHANGES; c++) {
            g_autoptr(GPtrArray) fresh = NULL;
            g_autoptr(GPtrArray) got   = NULL;
            /* rdma's TSAS is not its SECTYPE: not read */
            gboolean same_entry =
                c == CHANGE_TRADDR_SPACE ||
                (c == CHANGE_TSAS && log->entries[pos].trtype != NMNVME_TRTYPE_TCP);

            g_test_message("record %u, change %d", pos, c);
            memcpy(other, log, sizeof(*log) + n * sizeof(log->entries[0]));
            change(&other->entries[pos], c);
            fresh = nmnvme_log_entries_from_log(other, NULL, NULL);
            got   = nmnvme_log_entries_from_log(other, first, NULL);
            g_assert_cmpuint(got->len, ==, fresh->len);
            for (guint i = 0; i < got->len; i++)
                g_assert_true(entry_equal(got->pdata[i], fresh->pdata[i]));
            if (got->len < first->len)
                continue; /* rejected now */
            /* good entry pos / 2 is record pos (they interleave) */
            g_assert_true((got->pdata[pos / 2] == first->pdata[pos / 2]) == same_entry);
            for (guint i = 0; i < got->len; i++) {
                if (i != pos / 2)
                    g_assert_true((got->pdata[i] == first->pdata[i]) == shared(i));
            }
        }
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log-entry/good", test_good);
    g_test_add_func("/log-entry/unterminated-fc", test_unterminated_fc);
    g_test_add_func("/log-entry/bad", test_bad);
    g_test_add_func("/log-entry/subnqn-length", test_subnqn_length);
    g_test_add_func("/log-entry/numbers", test_numbers);
    g_test_add_func("/log-entry/tls-fields", test_tls_fields);
    g_test_add_func("/log-entry/from-log", test_from_log);
    g_test_add_func("/log-entry/from-empty-log", test_from_empty_log);
    g_test_add_func("/log-entry/from-log-again", test_from_log_again);
    return g_test_run();
}
