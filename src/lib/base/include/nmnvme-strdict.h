/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-strdict.h: string tables (GHashTable of char * → char *) to and
 * from D-Bus `a{ss}` dictionaries: settings on the bus (Attach) and in the
 * ownership record. Pure.
 */
#ifndef NMNVME_STRDICT_H
#define NMNVME_STRDICT_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * nmnvme_strdict_to_variant:
 * @table: (element-type utf8 utf8): the string table
 *
 * Returns: (transfer floating): @table as an `a{ss}`, in the table's
 *   iteration order.
 */
GVariant *nmnvme_strdict_to_variant(GHashTable *table);

/**
 * nmnvme_strdict_from_variant:
 * @dict: an `a{ss}`
 *
 * Returns: (transfer full) (element-type utf8 utf8): a new table that owns
 *   copies of its keys and values; a key given twice keeps its last value.
 */
GHashTable *nmnvme_strdict_from_variant(GVariant *dict);

G_END_DECLS

#endif /* NMNVME_STRDICT_H */
