/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-error.h: the one GError domain of NetworkManager-nvme. Every
 * fallible function in src/lib reports through it; the daemon maps it to
 * D-Bus error names in one place.
 */
#ifndef NMNVME_ERROR_H
#define NMNVME_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define NMNVME_ERROR (nmnvme_error_quark())

/**
 * NMNvmeError:
 * @NMNVME_ERROR_FAILED: unspecified failure.
 * @NMNVME_ERROR_INVALID_SETTING: a known `nvme.*` key has a bad value.
 * @NMNVME_ERROR_UNKNOWN_SETTING: an `nvme.*` key that the schema does not know.
 * @NMNVME_ERROR_ACCESS_DENIED: the caller may not do this (Attach and Detach
 *   are for root only).
 * @NMNVME_ERROR_INVALID_ARGUMENT: an argument other than the settings is bad
 *   (an interface name, a detach reason); the message names it.
 *
 * Append new codes at the end; each one needs its D-Bus error name in
 * src/daemon/nmnvme-dbus-errors.c (the build fails without it).
 */
typedef enum {
    NMNVME_ERROR_FAILED,
    NMNVME_ERROR_INVALID_SETTING,
    NMNVME_ERROR_UNKNOWN_SETTING,
    NMNVME_ERROR_ACCESS_DENIED,
    NMNVME_ERROR_INVALID_ARGUMENT,
} NMNvmeError;

GQuark nmnvme_error_quark(void);

/**
 * nmnvme_error_invalid:
 * @error: return location for a #GError
 * @fmt: printf-style message saying what is wrong
 *
 * Sets @error to %NMNVME_ERROR_INVALID_SETTING with the message.
 *
 * Returns: %FALSE, so that a validator can `return nmnvme_error_invalid(...)`.
 */
gboolean nmnvme_error_invalid(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/**
 * nmnvme_error_errno:
 * @error: return location for a #GError
 * @errsv: the errno of the failed call
 * @what: the file or folder it was about
 *
 * Sets @error to the #G_IO_ERROR of @errsv, as "WHAT: strerror".
 *
 * Returns: %FALSE, so that a caller can `return nmnvme_error_errno(...)`.
 */
gboolean nmnvme_error_errno(GError **error, int errsv, const char *what);

G_END_DECLS

#endif /* NMNVME_ERROR_H */
