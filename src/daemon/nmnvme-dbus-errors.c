/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-errors.c: NMNvmeError codes to D-Bus error names, in one
 * switch the compiler checks for completeness (-Wswitch-enum).
 */
#include "config.h"

#include "nmnvme-dbus-errors.h"

const char *
nmnvme_dbus_error_name(NMNvmeError code)
{
    switch (code) {
    case NMNVME_ERROR_FAILED:
        return NMNVME_DBUS_ERROR_PREFIX "Failed";
    case NMNVME_ERROR_INVALID_SETTING:
        return NMNVME_DBUS_ERROR_PREFIX "InvalidSetting";
    case NMNVME_ERROR_UNKNOWN_SETTING:
        return NMNVME_DBUS_ERROR_PREFIX "UnknownSetting";
    case NMNVME_ERROR_ACCESS_DENIED:
        return NMNVME_DBUS_ERROR_PREFIX "AccessDenied";
    case NMNVME_ERROR_INVALID_ARGUMENT:
        return NMNVME_DBUS_ERROR_PREFIX "InvalidArgument";
    }
    return NULL;
}

void
nmnvme_dbus_errors_register(void)
{
    static gsize    quark = 0;
    GDBusErrorEntry entries[32];
    guint           n;

    /* The codes are 0, 1, 2, ... (NMNvmeError is append-only). */
    for (n = 0; n < G_N_ELEMENTS(entries); n++) {
        entries[n].error_code      = (int) n;
        entries[n].dbus_error_name = nmnvme_dbus_error_name((NMNvmeError) n);
        if (!entries[n].dbus_error_name)
            break;
    }
    g_dbus_error_register_error_domain(g_quark_to_string(NMNVME_ERROR), &quark, entries, n);
}
