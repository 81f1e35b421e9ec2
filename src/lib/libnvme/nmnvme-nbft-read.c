/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-nbft-read.c: finding the NBFTs and building the model from
 * untrusted records: each field checked, a bad record skipped with a
 * warning that names it and the field.
 */
#include "config.h"

#include "nmnvme-nbft-read.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"
#include "nmnvme-uri.h"
#include "nmnvme-utf8.h"

/*****************************************************************************/
/* Finding the tables */

/* The instance number of ACPI table file @name: 0 for "NBFT", N for
 * "NBFTN" (the kernel writes no leading zero); -1 when @name is no NBFT. */
static gint64
table_instance(const char *name)
{
    guint64 n = 0;

    if (!g_str_has_prefix(name, "NBFT"))
        return -1;
    if (name[4] == '\0')
        return 0;
    if (name[4] < '1' || name[4] > '9' ||
        !g_ascii_string_to_unsigned(name + 4, 10, 1, 9999, &n, NULL))
        return -1;
    return (gint64) n;
}

static gint
compare_tables(gconstpointer a, gconstpointer b)
{
    gint64 x = table_instance(*(const char *const *) a);
    gint64 y = table_instance(*(const char *const *) b);

    return x < y ? -1 : x > y;
}

GStrv
nmnvme_nbft_find_tables(const char *dir, GError **error)
{
    g_autoptr(GDir) d             = NULL;
    g_autoptr(GError) local       = NULL;
    g_autoptr(GPtrArray) names    = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GStrvBuilder) paths = g_strv_builder_new();
    const char *name;

    g_return_val_if_fail(dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    d = g_dir_open(dir, 0, &local);
    if (!d) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return g_new0(char *, 1);
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", dir, local->message);
        return NULL;
    }
    while ((name = g_dir_read_name(d))) {
        if (table_instance(name) >= 0)
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_tables);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, names->pdata[i], NULL);

        g_strv_builder_add(paths, path);
    }
    return g_strv_builder_end(paths);
}

/*****************************************************************************/
/* Field checks: each returns FALSE with @error naming the field */

/* Text from the table: UTF-8, no control characters, at most @max bytes. */
static gboolean
check_text(const char *field, const char *text, gsize max, GError **error)
{
    gsize len = strlen(text);

    if (!g_utf8_validate(text, len, NULL))
        return nmnvme_error_invalid(error, "%s: not UTF-8", field);
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        if (g_unichar_iscntrl(g_utf8_get_char(p)))
            return nmnvme_error_invalid(error, "%s: contains control characters", field);
    }
    if (len > max)
        return nmnvme_error_invalid(error,
                                    "%s: %zu bytes long, at most %zu allowed",
                                    field,
                                    len,
                                    max);
    return TRUE;
}

/* "", "::" and "0.0.0.0" are how libnvme writes an address left unset. */
static gboolean
ip_unset(const char *text)
{
    return !text || !*text || g_str_equal(text, "::") || g_str_equal(text, "0.0.0.0");
}

/* An IP literal, or unset when @optional (then *@text becomes %NULL);
 * @out_bits: the address's length in bits (0: unset). */
static gboolean
check_ip(const char *field, char **text, gboolean optional, guint *out_bits, GError **error)
{
    g_autoptr(GInetAddress) addr = NULL;

    *out_bits = 0;
    if (ip_unset(*text)) {
        g_clear_pointer(text, g_free);
        return optional ? TRUE : nmnvme_error_invalid(error, "%s: unset", field);
    }
    if (!check_text(field, *text, 45, error))
        return FALSE;
    addr = g_inet_address_new_from_string(*text);
    if (!addr)
        return nmnvme_error_invalid(error, "%s: '%s' is not an IP address", field, *text);
    if (g_inet_address_get_is_multicast(addr))
        return nmnvme_error_invalid(error, "%s: '%s' is a multicast address", field, *text);
    *out_bits = g_inet_address_get_native_size(addr) * 8;
    return TRUE;
}

/* The transport: "tcp" is the only one the NBFT specification defines. */
static gboolean
check_transport(const char *text, GError **error)
{
    if (!text)
        return nmnvme_error_invalid(error, "transport: unset");
    if (!check_text("transport", text, 7, error))
        return FALSE;
    if (!g_str_equal(text, "tcp"))
        return nmnvme_error_invalid(error, "transport: '%s' is not supported (only tcp)", text);
    return TRUE;
}

/* An NQN, or unset when @optional (an empty one counts as unset). */
static gboolean
check_nqn(const char *field, char **nqn, gboolean optional, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (*nqn && !**nqn)
        g_clear_pointer(nqn, g_free);
    if (!*nqn)
        return optional ? TRUE : nmnvme_error_invalid(error, "%s: unset", field);
    if (!check_text(field, *nqn, NMNVME_NQN_MAX_LEN, error))
        return FALSE;
    if (!nmnvme_nqn_validate(*nqn, &local))
        return nmnvme_error_invalid(error, "%s: %s", field, local->message);
    return TRUE;
}

static gboolean
check_trsvcid(char **trsvcid, GError **error)
{
    if (*trsvcid && !**trsvcid)
        g_clear_pointer(trsvcid, g_free);
    if (!*trsvcid)
        return TRUE;
    if (!check_text("trsvcid", *trsvcid, NMNVME_NBFT_TRSVCID_MAX, error))
        return FALSE;
    if (!g_ascii_string_to_unsigned(*trsvcid, 10, 1, 65535, NULL, NULL))
        return nmnvme_error_invalid(error, "trsvcid: '%s' is not a port (1 to 65535)", *trsvcid);
    return TRUE;
}

/*****************************************************************************/
/* The builder */

struct _NMNvmeNbftBuilder {
    NMNvmeNbft *nbft;
    GPtrArray  *warnings;
    GHashTable *hfis;      /* accepted HFI indexes */
    GHashTable *discovery; /* accepted discovery record indexes */
    GHashTable *subsys;    /* accepted SSNS indexes */
};

static void warn(NMNvmeNbftBuilder *builder, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(NMNvmeNbftBuilder *builder, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list          ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* the message quotes table text: never raw bytes into a log */
    g_ptr_array_add(builder->warnings, nmnvme_utf8_escape(text));
}

static char *
format_hostid(const guint8 *id)
{
    static const guint8 zero[16];

    if (!id || memcmp(id, zero, sizeof zero) == 0)
        return NULL;
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           id[0],
                           id[1],
                           id[2],
                           id[3],
                           id[4],
                           id[5],
                           id[6],
                           id[7],
                           id[8],
                           id[9],
                           id[10],
                           id[11],
                           id[12],
                           id[13],
                           id[14],
                           id[15]);
}

NMNvmeNbftBuilder *
nmnvme_nbft_builder_new(const char   *source,
                        const char   *hostnqn,
                        const guint8 *hostid,
                        GPtrArray    *warnings)
{
    NMNvmeNbftBuilder *builder;
    g_autofree char   *nqn  = NULL;
    g_autofree char   *id   = NULL;
    g_autoptr(GError) error = NULL;

    g_return_val_if_fail(source && warnings, NULL);

    builder = g_new0(NMNvmeNbftBuilder, 1);
    nqn     = g_strdup(hostnqn);
    id      = format_hostid(hostid);

    builder->warnings  = g_ptr_array_ref(warnings);
    builder->hfis      = g_hash_table_new(NULL, NULL);
    builder->discovery = g_hash_table_new(NULL, NULL);
    builder->subsys    = g_hash_table_new(NULL, NULL);
    if (!check_nqn("host NQN", &nqn, TRUE, &error)) {
        warn(builder, "host: %s; the daemon's own host NQN is used", error->message);
        g_clear_pointer(&nqn, g_free);
    }
    builder->nbft = nmnvme_nbft_new(source, nqn, id);
    return builder;
}

void
nmnvme_nbft_builder_free(NMNvmeNbftBuilder *builder)
{
    if (!builder)
        return;
    g_clear_pointer(&builder->nbft, nmnvme_nbft_free);
    g_ptr_array_unref(builder->warnings);
    g_hash_table_unref(builder->hfis);
    g_hash_table_unref(builder->discovery);
    g_hash_table_unref(builder->subsys);
    g_free(builder);
}

NMNvmeNbft *
nmnvme_nbft_builder_finish(NMNvmeNbftBuilder *builder)
{
    NMNvmeNbft *nbft = g_steal_pointer(&builder->nbft);

    nmnvme_nbft_builder_free(builder);
    return nbft;
}

/* An index, 1 to 255 as the table's byte holds it, not seen before. */
static gboolean
check_index(guint index, GHashTable *seen, GError **error)
{
    if (index < 1 || index > 255)
        return nmnvme_error_invalid(error, "index: %u is out of range (1 to 255)", index);
    if (g_hash_table_contains(seen, GUINT_TO_POINTER(index)))
        return nmnvme_error_invalid(error, "index: %u is used twice", index);
    return TRUE;
}

static gboolean
check_hfi(NMNvmeNbftBuilder *builder, NMNvmeNbftHfi *hfi, GError **error)
{
    static const guint8 zero[6];
    guint               bits = 0;
    guint               unused;

    if (!check_index(hfi->index, builder->hfis, error) || !check_transport(hfi->transport, error))
        return FALSE;
    if (memcmp(hfi->mac, zero, sizeof zero) == 0)
        return nmnvme_error_invalid(error, "mac: unset");
    if (hfi->vlan > 4094)
        return nmnvme_error_invalid(error, "vlan: %u is out of range (0 to 4094)", hfi->vlan);
    if (!check_ip("ip", &hfi->ip, TRUE, &bits, error) ||
        !check_ip("gateway", &hfi->gateway, TRUE, &unused, error))
        return FALSE;
    if (hfi->prefix > bits)
        return nmnvme_error_invalid(error,
                                    "prefix: /%u does not fit the address (%u bits)",
                                    hfi->prefix,
                                    bits);
    return TRUE;
}

void
nmnvme_nbft_builder_add_hfi(NMNvmeNbftBuilder *builder, NMNvmeNbftHfi *record)
{
    g_autoptr(NMNvmeNbftHfi) hfi = record;
    g_autoptr(GError) error      = NULL;

    if (!check_hfi(builder, hfi, &error)) {
        warn(builder, "HFI %u: %s; HFI skipped", hfi->index, error->message);
        return;
    }
    g_hash_table_add(builder->hfis, GUINT_TO_POINTER(hfi->index));
    nmnvme_nbft_add_hfi(builder->nbft, g_steal_pointer(&hfi));
}

/* 0 when @index names no accepted HFI (warned about as @what's). */
static guint
known_hfi(NMNvmeNbftBuilder *builder, const char *what, guint index)
{
    if (index == 0 || g_hash_table_contains(builder->hfis, GUINT_TO_POINTER(index)))
        return index;
    warn(builder,
         "%s: hfi: HFI %u is not in the table or was skipped; reference dropped",
         what,
         index);
    return 0;
}

static gboolean
check_discovery(NMNvmeNbftBuilder *builder, NMNvmeNbftDiscovery *disc, GError **error)
{
    g_autoptr(NMNvmeUri) uri = NULL;

    if (!check_index(disc->index, builder->discovery, error))
        return FALSE;
    if (!disc->uri || !*disc->uri)
        return nmnvme_error_invalid(error, "uri: unset");
    if (!check_text("uri", disc->uri, NMNVME_NBFT_URI_MAX, error))
        return FALSE;
    uri = nmnvme_uri_parse(disc->uri, NMNVME_URI_DISCOVERY, error);
    if (!uri) {
        g_prefix_error(error, "uri: ");
        return FALSE;
    }
    return check_nqn("nqn", &disc->nqn, TRUE, error);
}

void
nmnvme_nbft_builder_add_discovery(NMNvmeNbftBuilder *builder, NMNvmeNbftDiscovery *record)
{
    g_autoptr(NMNvmeNbftDiscovery) disc = record;
    g_autoptr(GError) error             = NULL;
    g_autofree char *what               = g_strdup_printf("discovery record %u", disc->index);

    if (!check_discovery(builder, disc, &error)) {
        warn(builder, "%s: %s; record skipped", what, error->message);
        return;
    }
    disc->hfi_index = known_hfi(builder, what, disc->hfi_index);
    g_hash_table_add(builder->discovery, GUINT_TO_POINTER(disc->index));
    nmnvme_nbft_add_discovery(builder->nbft, g_steal_pointer(&disc));
}

static gboolean
check_subsys(NMNvmeNbftBuilder *builder, NMNvmeNbftSubsys *subsys, GError **error)
{
    guint bits;

    return check_index(subsys->index, builder->subsys, error) &&
           check_transport(subsys->transport, error) &&
           check_ip("traddr", &subsys->traddr, FALSE, &bits, error) &&
           check_trsvcid(&subsys->trsvcid, error) &&
           check_nqn("subsysnqn", &subsys->subsysnqn, FALSE, error);
}

/* Drops the HFI references of @subsys that name no accepted HFI. */
static void
keep_known_hfis(NMNvmeNbftBuilder *builder, const char *what, NMNvmeNbftSubsys *subsys)
{
    for (guint i = subsys->hfis->len; i > 0; i--) {
        if (!known_hfi(builder, what, g_array_index(subsys->hfis, guint, i - 1)))
            g_array_remove_index(subsys->hfis, i - 1);
    }
}

void
nmnvme_nbft_builder_add_subsys(NMNvmeNbftBuilder *builder, NMNvmeNbftSubsys *record)
{
    g_autoptr(NMNvmeNbftSubsys) subsys = record;
    g_autoptr(GError) error            = NULL;
    g_autofree char *what              = g_strdup_printf("subsystem %u", subsys->index);

    if (!check_subsys(builder, subsys, &error)) {
        warn(builder, "%s: %s; record skipped", what, error->message);
        return;
    }
    keep_known_hfis(builder, what, subsys);
    if (subsys->discovery_index &&
        !g_hash_table_contains(builder->discovery, GUINT_TO_POINTER(subsys->discovery_index))) {
        warn(builder,
             "%s: discovery: record %u is not in the table or was skipped; reference dropped",
             what,
             subsys->discovery_index);
        subsys->discovery_index = 0;
    }
    g_hash_table_add(builder->subsys, GUINT_TO_POINTER(subsys->index));
    nmnvme_nbft_add_subsys(builder->nbft, g_steal_pointer(&subsys));
}
