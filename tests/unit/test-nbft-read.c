/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-nbft-read.c: reading the NBFT. Everywhere: finding the tables and
 * the model builder's checks of untrusted records (nmnvme-nbft-read.h),
 * and the reader's answer on a libnvme older than 1.5. Where libnvme reads
 * NBFTs (1.5 and later, libnvme3: the trixie and next roots of the lab,
 * `tests/lab/lab-platform run trixie meson test -C build-trixie --suite
 * unit`): a table written by nbft-table.c parsed by libnvme and converted,
 * a bad record skipped, a bad checksum refused, the async reader.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "nbft-table.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-libnvme.h"
#include "nmnvme-nbft-read.h"
#include "test-util.h"

#define HOSTNQN  "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define SUBNQN   "nqn.2026-01.io.example:boot"
#define DISC_URI "nvme+tcp://192.168.77.100:8009/"
#define DISC_NQN "nqn.2026-01.io.example:cdc"

/* (transfer full): a new temporary folder. */
static char *
temp_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir               = g_dir_make_tmp("test-nbft-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static void
touch(const char *dir, const char *name, const void *data, gsize len)
{
    g_autofree char *path   = g_build_filename(dir, name, NULL);
    g_autoptr(GError) error = NULL;

    g_file_set_contents(path, data ? data : "", data ? (gssize) len : 0, &error);
    g_assert_no_error(error);
}

/*****************************************************************************/
/* Finding the tables */

static void
test_find_tables(void)
{
    g_autofree char *dir    = temp_dir();
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) found     = NULL;
    g_autofree char *first  = g_build_filename(dir, "NBFT", NULL);
    g_autofree char *second = g_build_filename(dir, "NBFT2", NULL);
    g_autofree char *third  = g_build_filename(dir, "NBFT10", NULL);

    /* not NBFTs: other tables, lookalikes */
    for (const char *const *n =
             (const char *const[]){ "DSDT", "NBFTX", "NBFT0x", "xNBFT", "NBFT-1", "NBFT01", NULL };
         *n;
         n++)
        touch(dir, *n, NULL, 0);
    found = nmnvme_nbft_find_tables(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(g_strv_length(found), ==, 0);
    g_clear_pointer(&found, g_strfreev);

    touch(dir, "NBFT10", NULL, 0);
    touch(dir, "NBFT2", NULL, 0);
    touch(dir, "NBFT", NULL, 0);
    found = nmnvme_nbft_find_tables(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpstrv(found, ((const char *const[]){ first, second, third, NULL }));
    nmnvme_test_rm_rf(dir);
}

static void
test_find_tables_no_dir(void)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) found     = nmnvme_nbft_find_tables("/nonexistent/acpi/tables", &error);

    g_assert_no_error(error);
    g_assert_nonnull(found);
    g_assert_null(found[0]);
}

/*****************************************************************************/
/* The builder's checks */

static NMNvmeNbftHfi *
hfi_new(guint index, const char *ip, guint prefix)
{
    NMNvmeNbftHfi *hfi = nmnvme_nbft_hfi_new();

    hfi->index     = index;
    hfi->transport = g_strdup("tcp");
    g_assert_true(nmnvme_nbft_parse_mac("52:54:00:12:34:56", hfi->mac));
    hfi->mac[5] += index;
    hfi->ip      = g_strdup(ip);
    hfi->prefix  = prefix;
    hfi->gateway = g_strdup("0.0.0.0");
    return hfi;
}

static NMNvmeNbftSubsys *
subsys_new(guint index, const char *traddr, const char *trsvcid, const char *nqn, guint hfi)
{
    NMNvmeNbftSubsys *subsys = nmnvme_nbft_subsys_new();

    subsys->index     = index;
    subsys->transport = g_strdup("tcp");
    subsys->traddr    = g_strdup(traddr);
    subsys->trsvcid   = g_strdup(trsvcid);
    subsys->subsysnqn = g_strdup(nqn);
    g_array_append_val(subsys->hfis, hfi);
    return subsys;
}

static NMNvmeNbftDiscovery *
discovery_new(guint index, guint hfi, const char *uri, const char *nqn)
{
    NMNvmeNbftDiscovery *disc = nmnvme_nbft_discovery_new();

    disc->index     = index;
    disc->hfi_index = hfi;
    disc->uri       = g_strdup(uri);
    disc->nqn       = g_strdup(nqn);
    return disc;
}

/* Asserts that warning @i of @warnings matches @pattern. */
static void
assert_warning(GPtrArray *warnings, guint i, const char *pattern)
{
    g_assert_cmpuint(warnings->len, >, i);
    if (!g_pattern_match_simple(pattern, warnings->pdata[i]))
        g_error("warning '%s' does not match '%s'", (char *) warnings->pdata[i], pattern);
}

static void
test_builder_good(void)
{
    static const guint8 id[16]    = { 0x5b, 0x1a, 0x6a, 0xd0, 0x8b, 0x1d, 0x4d, 0x57,
                                      0x9e, 0x2c, 0x2b, 0x6c, 0x0c, 0x3f, 0x6a, 0x11 };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    NMNvmeNbftBuilder *b          = nmnvme_nbft_builder_new("NBFT", HOSTNQN, id, warnings);
    g_autoptr(NMNvmeNbft) nbft    = NULL;
    const NMNvmeNbftHfi    *hfi;
    const NMNvmeNbftSubsys *subsys;

    nmnvme_nbft_builder_add_hfi(b, hfi_new(1, "192.168.77.10", 24));
    nmnvme_nbft_builder_add_hfi(b, hfi_new(2, "::", 0)); /* DHCP not done: unset */
    nmnvme_nbft_builder_add_discovery(b, discovery_new(1, 1, DISC_URI, ""));
    nmnvme_nbft_builder_add_subsys(b, subsys_new(1, "192.168.77.100", "", SUBNQN, 1));
    nbft = nmnvme_nbft_builder_finish(b);

    g_assert_cmpuint(warnings->len, ==, 0);
    g_assert_cmpstr(nmnvme_nbft_get_hostnqn(nbft), ==, HOSTNQN);
    g_assert_cmpstr(nmnvme_nbft_get_hostid(nbft), ==, "5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11");
    g_assert_cmpuint(nmnvme_nbft_get_hfis(nbft)->len, ==, 2);
    hfi = nmnvme_nbft_get_hfis(nbft)->pdata[1];
    g_assert_null(hfi->ip);
    g_assert_null(hfi->gateway);
    subsys = nmnvme_nbft_get_subsystems(nbft)->pdata[0];
    g_assert_null(subsys->trsvcid); /* empty: unset, the model defaults it */
    g_assert_null(((NMNvmeNbftDiscovery *) nmnvme_nbft_get_discovery(nbft)->pdata[0])->nqn);
}

static void
test_builder_bad_records(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    NMNvmeNbftBuilder *b          = nmnvme_nbft_builder_new("NBFT", "nqn.bad nqn", NULL, warnings);
    g_autoptr(NMNvmeNbft) nbft    = NULL;
    NMNvmeNbftHfi    *hfi;
    NMNvmeNbftSubsys *subsys;
    guint             w = 0;

    assert_warning(warnings, w++, "host: host NQN: *; the daemon's own host NQN is used");
    nmnvme_nbft_builder_add_hfi(b, hfi_new(1, "192.168.77.10", 24));
    nmnvme_nbft_builder_add_hfi(b, hfi_new(1, "192.168.77.11", 24));
    assert_warning(warnings, w++, "HFI 1: index: 1 is used twice; HFI skipped");
    nmnvme_nbft_builder_add_hfi(b, hfi_new(2, "192.168.77.300", 24));
    assert_warning(warnings, w++, "HFI 2: ip: '192.168.77.300' is not an IP address; HFI skipped");
    nmnvme_nbft_builder_add_hfi(b, hfi_new(3, "192.168.77.12", 33));
    assert_warning(warnings,
                   w++,
                   "HFI 3: prefix: /33 does not fit the address (32 bits); HFI skipped");
    hfi       = hfi_new(4, "10.0.0.1", 8);
    hfi->vlan = 4095;
    nmnvme_nbft_builder_add_hfi(b, hfi);
    assert_warning(warnings, w++, "HFI 4: vlan: 4095 is out of range *; HFI skipped");
    hfi = hfi_new(5, "10.0.0.1", 8);
    g_free(hfi->transport);
    hfi->transport = g_strdup("rdma");
    nmnvme_nbft_builder_add_hfi(b, hfi);
    assert_warning(warnings,
                   w++,
                   "HFI 5: transport: 'rdma' is not supported (only tcp); HFI skipped");
    hfi = hfi_new(6, "10.0.0.1", 8);
    memset(hfi->mac, 0, sizeof hfi->mac);
    nmnvme_nbft_builder_add_hfi(b, hfi);
    assert_warning(warnings, w++, "HFI 6: mac: unset; HFI skipped");

    nmnvme_nbft_builder_add_discovery(b, discovery_new(1, 2, DISC_URI, NULL));
    assert_warning(
        warnings,
        w++,
        "discovery record 1: hfi: HFI 2 is not in the table or was skipped; reference dropped");
    nmnvme_nbft_builder_add_discovery(b, discovery_new(2, 1, "nvme+rdma://10.0.0.1/", NULL));
    assert_warning(warnings, w++, "discovery record 2: uri: *only tcp*; record skipped");
    nmnvme_nbft_builder_add_discovery(b, discovery_new(3, 1, DISC_URI "\x01", NULL));
    assert_warning(warnings,
                   w++,
                   "discovery record 3: uri: contains control characters; record skipped");

    nmnvme_nbft_builder_add_subsys(b, subsys_new(1, "192.168.77.100", "4420", "nqn.\xff\xfe", 1));
    assert_warning(warnings, w++, "subsystem 1: subsysnqn: not UTF-8; record skipped");
    nmnvme_nbft_builder_add_subsys(b, subsys_new(2, "::", "4420", SUBNQN, 1));
    assert_warning(warnings, w++, "subsystem 2: traddr: unset; record skipped");
    nmnvme_nbft_builder_add_subsys(b, subsys_new(3, "192.168.77.100", "70000", SUBNQN, 1));
    assert_warning(warnings,
                   w++,
                   "subsystem 3: trsvcid: '70000' is not a port (1 to 65535); record skipped");
    subsys = subsys_new(4, "192.168.77.100", "4420", SUBNQN, 1);
    g_array_append_val(subsys->hfis, (guint){ 9 });
    subsys->discovery_index = 3;
    nmnvme_nbft_builder_add_subsys(b, subsys);
    assert_warning(warnings,
                   w++,
                   "subsystem 4: hfi: HFI 9 is not in the table or was skipped; reference dropped");
    assert_warning(
        warnings,
        w++,
        "subsystem 4: discovery: record 3 is not in the table or was skipped; reference dropped");
    {
        g_autofree char *long_nqn = g_strconcat("nqn.2026-01.io.example:", NULL);
        g_autofree char *padded   = g_strnfill(300, 'x');
        g_autofree char *nqn      = g_strconcat(long_nqn, padded, NULL);

        nmnvme_nbft_builder_add_subsys(b, subsys_new(5, "192.168.77.100", "4420", nqn, 1));
        assert_warning(
            warnings,
            w++,
            "subsystem 5: subsysnqn: 323 bytes long, at most 223 allowed; record skipped");
    }
    g_assert_cmpuint(warnings->len, ==, w);

    nbft = nmnvme_nbft_builder_finish(b);
    g_assert_null(nmnvme_nbft_get_hostnqn(nbft));
    g_assert_cmpuint(nmnvme_nbft_get_hfis(nbft)->len, ==, 1);
    g_assert_cmpuint(nmnvme_nbft_get_discovery(nbft)->len, ==, 1);
    g_assert_cmpuint(((NMNvmeNbftDiscovery *) nmnvme_nbft_get_discovery(nbft)->pdata[0])->hfi_index,
                     ==,
                     0);
    g_assert_cmpuint(nmnvme_nbft_get_subsystems(nbft)->len, ==, 1);
    subsys = nmnvme_nbft_get_subsystems(nbft)->pdata[0];
    g_assert_cmpuint(subsys->index, ==, 4);
    g_assert_cmpuint(subsys->hfis->len, ==, 1);
    g_assert_cmpuint(subsys->discovery_index, ==, 0);
}

/* A warning never carries raw bytes from the table. */
static void
test_builder_warning_escaped(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    NMNvmeNbftBuilder *b          = nmnvme_nbft_builder_new("NBFT", NULL, NULL, warnings);
    g_autoptr(NMNvmeNbft) nbft    = NULL;

    nmnvme_nbft_builder_add_hfi(b, hfi_new(1, "10.0.0.1", 8));
    nmnvme_nbft_builder_add_subsys(b, subsys_new(1, "10.0.0.2", "x\xff", SUBNQN, 1));
    nbft = nmnvme_nbft_builder_finish(b);
    assert_warning(warnings, 0, "subsystem 1: trsvcid: not UTF-8; record skipped");
    g_assert_true(g_utf8_validate(warnings->pdata[0], -1, NULL));
}

/*****************************************************************************/
/* Through libnvme */

/* nbft-table.h's example: one HFI, one discovery record, two SSNS (the
 * second with a bad NQN). */
#define good_table nbft_table_example

/* (transfer full): a folder with @table as its NBFT. */
static char *
table_dir(const NbftTable *table, const char *name)
{
    g_autoptr(GBytes) bytes = nbft_table_write(table);
    char       *dir         = temp_dir();
    gsize       len;
    const void *data = g_bytes_get_data(bytes, &len);

    touch(dir, name, data, len);
    return dir;
}

static gboolean
skip_without_nbft(void)
{
    if (NMNVME_HAVE_NBFT)
        return FALSE;
    g_test_skip("this build's libnvme cannot read NBFTs (needs >= 1.5; has " NMNVME_LIBNVME_VERSION
                "): run in the trixie or next root (tests/lab/lab-platform run)");
    return TRUE;
}

static void
test_read_unsupported(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error       = NULL;
    g_autoptr(NMNvmeNbft) nbft    = NULL;

    if (NMNVME_HAVE_NBFT) {
        g_assert_true(nmnvme_libnvme_can_read_nbft(NULL));
        return;
    }
    nbft = nmnvme_libnvme_read_nbft("/nonexistent/NBFT", warnings, &error);
    g_assert_null(nbft);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_cmpstr(error->message,
                    ==,
                    "NBFT support needs libnvme >= 1.5 (this build has " NMNVME_LIBNVME_VERSION
                    ")");
}

static void
test_read_table(void)
{
    g_autoptr(GPtrArray) warnings   = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeNbft) nbft      = NULL;
    g_autofree char           *dir  = NULL;
    g_autofree char           *path = NULL;
    const NMNvmeNbftHfi       *hfi;
    const NMNvmeNbftSubsys    *subsys;
    const NMNvmeNbftDiscovery *disc;

    if (skip_without_nbft())
        return;
    dir  = table_dir(&good_table, "NBFT");
    path = g_build_filename(dir, "NBFT", NULL);
    nbft = nmnvme_libnvme_read_nbft(path, warnings, &error);
    g_assert_no_error(error);
    g_assert_nonnull(nbft);
    g_assert_cmpstr(nmnvme_nbft_get_source(nbft), ==, path);
    g_assert_cmpstr(nmnvme_nbft_get_hostnqn(nbft), ==, HOSTNQN);
    g_assert_cmpstr(nmnvme_nbft_get_hostid(nbft), ==, "5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11");

    g_assert_cmpuint(nmnvme_nbft_get_hfis(nbft)->len, ==, 1);
    hfi = nmnvme_nbft_get_hfis(nbft)->pdata[0];
    g_assert_cmpuint(hfi->index, ==, 1);
    g_assert_cmpstr(hfi->transport, ==, "tcp");
    g_assert_cmpmem(hfi->mac, 6, good_table.mac, 6);
    g_assert_cmpuint(hfi->vlan, ==, 0);
    g_assert_cmpstr(hfi->ip, ==, "192.168.77.10");
    g_assert_cmpuint(hfi->prefix, ==, 24);
    g_assert_cmpstr(hfi->gateway, ==, "192.168.77.1");
    g_assert_false(hfi->dhcp);

    g_assert_cmpuint(nmnvme_nbft_get_discovery(nbft)->len, ==, 1);
    disc = nmnvme_nbft_get_discovery(nbft)->pdata[0];
    g_assert_cmpuint(disc->index, ==, 1);
    g_assert_cmpuint(disc->hfi_index, ==, 1);
    g_assert_cmpstr(disc->uri, ==, DISC_URI);
    g_assert_cmpstr(disc->nqn, ==, DISC_NQN);

    /* the second SSNS has a bad NQN: skipped, named */
    g_assert_cmpuint(nmnvme_nbft_get_subsystems(nbft)->len, ==, 1);
    subsys = nmnvme_nbft_get_subsystems(nbft)->pdata[0];
    g_assert_cmpuint(subsys->index, ==, 1);
    g_assert_cmpstr(subsys->transport, ==, "tcp");
    g_assert_cmpstr(subsys->traddr, ==, "192.168.77.100");
    g_assert_cmpstr(subsys->trsvcid, ==, "4420");
    g_assert_cmpstr(subsys->subsysnqn, ==, SUBNQN);
    g_assert_cmpuint(subsys->nsid, ==, 1);
    g_assert_cmpuint(subsys->hfis->len, ==, 1);
    g_assert_cmpuint(g_array_index(subsys->hfis, guint, 0), ==, 1);
    g_assert_cmpuint(subsys->discovery_index, ==, 1);
    g_assert_cmpuint(warnings->len, ==, 1);
    assert_warning(warnings, 0, "subsystem 2: subsysnqn: *; record skipped");
    nmnvme_test_rm_rf(dir);
}

static void
test_read_bad_checksum(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error       = NULL;
    g_autoptr(GBytes) bytes       = NULL;
    g_autofree guint8 *data       = NULL;
    g_autofree char   *dir        = NULL;
    g_autofree char   *path       = NULL;
    gsize              len;

    if (skip_without_nbft())
        return;
    bytes = nbft_table_write(&good_table);
    data  = g_bytes_unref_to_data(g_steal_pointer(&bytes), &len);
    data[len - 1] ^= 0x01;
    dir = temp_dir();
    touch(dir, "NBFT", data, len);
    path = g_build_filename(dir, "NBFT", NULL);
    g_assert_null(nmnvme_libnvme_read_nbft(path, warnings, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_true(g_str_has_prefix(error->message, path));
    nmnvme_test_rm_rf(dir);
}

static void
test_read_missing(void)
{
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error       = NULL;

    if (skip_without_nbft())
        return;
    g_assert_null(nmnvme_libnvme_read_nbft("/nonexistent/NBFT", warnings, &error));
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_true(g_str_has_prefix(error->message, "/nonexistent/NBFT: "));
}

/*****************************************************************************/
/* The async reader (nmnvme-fabrics.h) */

typedef struct {
    NMNvmeNbft *nbft;
    GPtrArray  *warnings;
    GError     *error;
    gboolean    done;
} ReadResult;

static void
on_read(GObject *source, GAsyncResult *result, gpointer user_data)
{
    ReadResult *r = user_data;

    r->nbft = nmnvme_fabrics_read_nbft_finish(result, &r->warnings, &r->error);
    r->done = TRUE;
}

static void
read_async(const char *dir, ReadResult *r)
{
    nmnvme_fabrics_read_nbft_async(dir, NULL, on_read, r);
    while (!r->done)
        g_main_context_iteration(NULL, TRUE);
}

static void
read_result_clear(ReadResult *r)
{
    g_clear_pointer(&r->nbft, nmnvme_nbft_free);
    g_clear_pointer(&r->warnings, g_ptr_array_unref);
    g_clear_error(&r->error);
}

static void
test_async_unsupported(void)
{
    g_autofree char *dir = NULL;
    ReadResult       r   = { 0 };

    if (NMNVME_HAVE_NBFT) {
        g_test_skip("this build's libnvme reads NBFTs");
        return;
    }
    dir = table_dir(&good_table, "NBFT");
    read_async(dir, &r);
    g_assert_null(r.nbft);
    g_assert_error(r.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    read_result_clear(&r);
    nmnvme_test_rm_rf(dir);
}

static void
test_async_none(void)
{
    g_autofree char *dir = temp_dir();
    ReadResult       r   = { 0 };

    if (skip_without_nbft())
        return;
    read_async(dir, &r);
    g_assert_null(r.nbft);
    g_assert_error(r.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    read_result_clear(&r);
    nmnvme_test_rm_rf(dir);
}

/* NBFT is read, NBFT1 named as not used. */
static void
test_async_two_tables(void)
{
    g_autofree char *dir    = NULL;
    g_autoptr(GBytes) bytes = nbft_table_write(&good_table);
    ReadResult       r      = { 0 };
    gsize            len;
    const void      *data  = g_bytes_get_data(bytes, &len);
    g_autofree char *first = NULL;

    if (skip_without_nbft())
        return;
    dir = table_dir(&good_table, "NBFT");
    touch(dir, "NBFT1", data, len);
    first = g_build_filename(dir, "NBFT", NULL);
    read_async(dir, &r);
    g_assert_no_error(r.error);
    g_assert_cmpstr(nmnvme_nbft_get_source(r.nbft), ==, first);
    g_assert_cmpuint(r.warnings->len, ==, 2); /* the bad SSNS, NBFT1 */
    assert_warning(r.warnings, 1, "*/NBFT1: not used: one table is read (*/NBFT)");
    read_result_clear(&r);
    nmnvme_test_rm_rf(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nbft-read/find-tables", test_find_tables);
    g_test_add_func("/nbft-read/find-tables-no-dir", test_find_tables_no_dir);
    g_test_add_func("/nbft-read/builder-good", test_builder_good);
    g_test_add_func("/nbft-read/builder-bad-records", test_builder_bad_records);
    g_test_add_func("/nbft-read/builder-warning-escaped", test_builder_warning_escaped);
    g_test_add_func("/nbft-read/libnvme/unsupported", test_read_unsupported);
    g_test_add_func("/nbft-read/libnvme/table", test_read_table);
    g_test_add_func("/nbft-read/libnvme/bad-checksum", test_read_bad_checksum);
    g_test_add_func("/nbft-read/libnvme/missing", test_read_missing);
    g_test_add_func("/nbft-read/async/unsupported", test_async_unsupported);
    g_test_add_func("/nbft-read/async/none", test_async_none);
    g_test_add_func("/nbft-read/async/two-tables", test_async_two_tables);
    return g_test_run();
}
