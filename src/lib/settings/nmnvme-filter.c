/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-filter.c: parsing, printing and matching of exclusion filters.
 */
#include "config.h"

#include "nmnvme-filter.h"

#include <gio/gio.h>
#include <string.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"
#include "nmnvme-suggest.h"

typedef enum {
    FIELD_TRANSPORT,
    FIELD_TRADDR,
    FIELD_TRSVCID,
    FIELD_SUBSYSNQN,
    N_FIELDS,
} Field;

static const char *const field_names[N_FIELDS + 1] = {
    [FIELD_TRANSPORT] = "transport",
    [FIELD_TRADDR]    = "traddr",
    [FIELD_TRSVCID]   = "trsvcid",
    [FIELD_SUBSYSNQN] = "subsysnqn",
    [N_FIELDS]        = NULL,
};

/* Transports the kernel's fabrics code knows (nvmf_transport_ops users). */
static const char *const transports[] = { "tcp", "rdma", "fc", "loop", NULL };

struct _NMNvmeFilter {
    /* Canonical text of each field, NULL when the filter does not name it. */
    char *value[N_FIELDS];
};

static char *
canonical_traddr(const char *s)
{
    g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(s);

    return addr ? g_inet_address_to_string(addr) : NULL;
}

/* Returns the canonical form of @value for @field, or NULL with @error. */
static char *
canonical_value(Field field, const char *value, GError **error)
{
    g_autoptr(GError) local = NULL;
    guint64 port;
    char   *addr;

    switch (field) {
    case FIELD_TRANSPORT:
        if (g_strv_contains(transports, value))
            return g_strdup(value);
        nmnvme_error_invalid(error, "transport '%s' is not one of tcp, rdma, fc, loop", value);
        return NULL;
    case FIELD_TRADDR:
        addr = canonical_traddr(value);
        if (!addr)
            nmnvme_error_invalid(error, "traddr '%s' is not an IP address", value);
        return addr;
    case FIELD_TRSVCID:
        if (g_ascii_string_to_unsigned(value, 10, 1, 65535, &port, NULL))
            return g_strdup_printf("%u", (guint) port);
        nmnvme_error_invalid(error, "trsvcid '%s' must be a port between 1 and 65535", value);
        return NULL;
    case FIELD_SUBSYSNQN:
        if (nmnvme_nqn_validate(value, &local))
            return g_strdup(value);
        nmnvme_error_invalid(error, "subsysnqn '%s': %s", value, local->message);
        return NULL;
    case N_FIELDS:
        break;
    }
    g_return_val_if_reached(NULL);
}

static Field
lookup_field(const char *name, GError **error)
{
    const char *hint;

    for (Field f = 0; f < N_FIELDS; f++) {
        if (strcmp(name, field_names[f]) == 0)
            return f;
    }
    hint = nmnvme_suggest(name, field_names);
    nmnvme_error_invalid(error,
                         "unknown field '%s'%s%s%s (known: transport, traddr, trsvcid, subsysnqn)",
                         name,
                         hint ? ", did you mean '" : "",
                         hint ? hint : "",
                         hint ? "'?" : "");
    return N_FIELDS;
}

static gboolean
parse_pair(NMNvmeFilter *filter, const char *pair, GError **error)
{
    g_auto(GStrv) kv = g_strsplit(pair, "=", 2);
    Field         field;

    if (!kv[0] || !kv[1] || !*kv[1])
        return nmnvme_error_invalid(error, "'%s' is not FIELD=VALUE", pair);
    field = lookup_field(kv[0], error);
    if (field == N_FIELDS)
        return FALSE;
    if (filter->value[field])
        return nmnvme_error_invalid(error, "field '%s' given twice", kv[0]);
    filter->value[field] = canonical_value(field, kv[1], error);
    return filter->value[field] != NULL;
}

NMNvmeFilter *
nmnvme_filter_parse(const char *str, GError **error)
{
    g_autoptr(NMNvmeFilter) filter = g_new0(NMNvmeFilter, 1);
    g_auto(GStrv) pairs            = NULL;
    g_autoptr(GError) local        = NULL;

    g_return_val_if_fail(str, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    pairs = g_strsplit(str, ",", -1);
    if (!pairs[0])
        nmnvme_error_invalid(&local, "empty filter");
    for (char **p = pairs; *p && !local; p++)
        parse_pair(filter, *p, &local);
    if (local) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_INVALID_SETTING,
                    "invalid filter '%s': %s",
                    str,
                    local->message);
        return NULL;
    }
    return g_steal_pointer(&filter);
}

void
nmnvme_filter_free(NMNvmeFilter *filter)
{
    if (!filter)
        return;
    for (Field f = 0; f < N_FIELDS; f++)
        g_free(filter->value[f]);
    g_free(filter);
}

char *
nmnvme_filter_to_string(const NMNvmeFilter *filter)
{
    GString *s = g_string_new(NULL);

    for (Field f = 0; f < N_FIELDS; f++) {
        if (!filter->value[f])
            continue;
        if (s->len)
            g_string_append_c(s, ',');
        g_string_append_printf(s, "%s=%s", field_names[f], filter->value[f]);
    }
    return g_string_free(s, FALSE);
}

gboolean
nmnvme_filter_equal(const NMNvmeFilter *a, const NMNvmeFilter *b)
{
    for (Field f = 0; f < N_FIELDS; f++) {
        if (g_strcmp0(a->value[f], b->value[f]) != 0)
            return FALSE;
    }
    return TRUE;
}

static gboolean
field_matches(Field field, const char *want, const char *have)
{
    g_autofree char *addr = NULL;

    if (!want)
        return TRUE;
    if (!have)
        return FALSE;
    if (field == FIELD_TRADDR && (addr = canonical_traddr(have)))
        return strcmp(want, addr) == 0;
    return strcmp(want, have) == 0;
}

gboolean
nmnvme_filter_matches(const NMNvmeFilter *filter,
                      const char         *transport,
                      const char         *traddr,
                      const char         *trsvcid,
                      const char         *subsysnqn)
{
    const char *have[N_FIELDS] = { transport, traddr, trsvcid, subsysnqn };

    g_return_val_if_fail(filter, FALSE);

    for (Field f = 0; f < N_FIELDS; f++) {
        if (!field_matches(f, filter->value[f], have[f]))
            return FALSE;
    }
    return TRUE;
}
