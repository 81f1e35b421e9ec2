/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log.h: logging with the interface as context. Each message starts
 * with "[IFACE] " and carries an INTERFACE= journal field, as NetworkManager
 * and systemd-networkd do. Levels: WARNING for failures (the message ends
 * in ", will retry" or ", ignoring"), MESSAGE for changes a storage
 * administrator wants in the journal (connected, adopted, disconnected),
 * DEBUG for the rest. Never pass a secret.
 */
#ifndef NMNVME_LOG_H
#define NMNVME_LOG_H

#include <glib.h>

#define _NMNVME_LOG(level, iface, fmt, ...)     \
    G_STMT_START                                \
    {                                           \
        const char *_iface = (iface);           \
                                                \
        g_log_structured(G_LOG_DOMAIN,          \
                         (level),               \
                         "INTERFACE",           \
                         _iface ? _iface : "-", \
                         "MESSAGE",             \
                         "[%s] " fmt,           \
                         _iface ? _iface : "-", \
                         ##__VA_ARGS__);        \
    }                                           \
    G_STMT_END

#define _LOG_IF_D(iface, ...) _NMNVME_LOG(G_LOG_LEVEL_DEBUG, iface, __VA_ARGS__)
#define _LOG_IF_M(iface, ...) _NMNVME_LOG(G_LOG_LEVEL_MESSAGE, iface, __VA_ARGS__)
#define _LOG_IF_W(iface, ...) _NMNVME_LOG(G_LOG_LEVEL_WARNING, iface, __VA_ARGS__)

#endif /* NMNVME_LOG_H */
