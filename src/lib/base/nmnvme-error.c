/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-error.c: the NMNVME_ERROR domain.
 */
#include "config.h"

#include "nmnvme-error.h"

#include <gio/gio.h>

G_DEFINE_QUARK(nmnvme-error-quark, nmnvme_error)

gboolean
nmnvme_error_invalid(GError **error, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list          args;

    va_start(args, fmt);
    msg = g_strdup_vprintf(fmt, args);
    va_end(args);
    g_set_error_literal(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING, msg);
    return FALSE;
}

gboolean
nmnvme_error_errno(GError **error, int errsv, const char *what)
{
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errsv), "%s: %s", what, g_strerror(errsv));
    return FALSE;
}
