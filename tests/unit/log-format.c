/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * log-format.c: compiled by test-log-format.sh, never linked: every logging
 * macro of nmnvme-log.h with a right format, and with -DBAD a wrong one,
 * which the compiler must refuse.
 */
#define G_LOG_DOMAIN "test-log-format"
#include "nmnvme-log.h"

void log_all(const char *iface, int n);

void
log_all(const char *iface, int n)
{
#ifdef BAD
    _LOGD("%s", n);
    _LOG_IF_W(iface, "%d", iface);
#else
    _LOGD("%d", n);
    _LOGI("%s", iface);
    _LOGW("%d", n);
    _LOGE("%s", iface);
    _LOG_IF_D(iface, "%d", n);
    _LOG_IF_I(iface, "%s", iface);
    _LOG_IF_W(iface, "%d", n);
#endif
}
