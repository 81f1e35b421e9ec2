/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-dbus-errors.h: the NMNVME_ERROR domain on D-Bus. Every NMNvmeError
 * code has one error name, NMNVME_DBUS_ERROR_PREFIX and a word
 * (org.freedesktop.NetworkManager.Nvme1.Error.InvalidSetting, ...). Once
 * registered, GDBus carries domain, code and message across the bus both
 * ways: a daemon's g_dbus_method_invocation_return_gerror() becomes the same
 * NMNVME_ERROR code in the client.
 */
#ifndef NMNVME_DBUS_ERRORS_H
#define NMNVME_DBUS_ERRORS_H

#include <gio/gio.h>

#include "nmnvme-dbus-api.h"
#include "nmnvme-error.h"

G_BEGIN_DECLS

#define NMNVME_DBUS_ERROR_PREFIX NMNVME_DBUS_INTERFACE ".Error."

/**
 * nmnvme_dbus_error_name:
 *
 * Returns: (transfer none) (nullable): the D-Bus error name of @code, or
 *   %NULL when @code is not an NMNvmeError.
 */
const char *nmnvme_dbus_error_name(NMNvmeError code);

/* Registers every name with GDBus; call before the first D-Bus call or
 * reply. Only the first call does something; thread-safe. */
void nmnvme_dbus_errors_register(void);

G_END_DECLS

#endif /* NMNVME_DBUS_ERRORS_H */
