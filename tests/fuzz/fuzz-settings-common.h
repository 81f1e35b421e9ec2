/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-settings-common.h: the settings properties every target that ends
 * in a settings dictionary checks (fuzz-settings, -edit, -keyfile,
 * -vpn-data, -state).
 */
#ifndef NMNVME_FUZZ_SETTINGS_COMMON_H
#define NMNVME_FUZZ_SETTINGS_COMMON_H

#include "nmnvme-settings.h"

G_BEGIN_DECLS

/* Parses @data (nmnvme_settings_new_from_data()) and checks the round trip
 * and that no secret leaks; returns the settings or %NULL (transfer full). */
NMNvmeSettings *fuzz_check_settings_data(GHashTable *data);

/* Whether two string dictionaries hold the same keys and values. */
gboolean fuzz_dict_equal(GHashTable *a, GHashTable *b);

G_END_DECLS

#endif /* NMNVME_FUZZ_SETTINGS_COMMON_H */
