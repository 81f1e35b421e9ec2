/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-log.h: the one set of logging macros, for the engine and the
 * daemon alike, over GLib's structured logging and its default writer: the
 * journal when stderr is connected to it (as under the systemd unit),
 * stderr otherwise. Debug messages appear only with the daemon's --debug
 * (g_log_set_debug_enabled()). Every macro checks its format like printf()
 * (a dead printf() call), and adds CODE_FILE, CODE_LINE and CODE_FUNC.
 *
 * Levels: _LOGE the daemon or an operation failed; _LOGW unexpected but
 * handled (the message ends in ", will retry" or ", ignoring"); _LOGI the
 * events a storage administrator wants in the journal (start, attach,
 * connected, adopted, disconnected); _LOGD the rest. _LOGI uses GLib's
 * "message" level (journal priority notice) because the default writer
 * drops "info" unless debugging is on. _LOGE is GLib's "critical" level
 * (priority err): run the daemon without G_DEBUG=fatal-criticals.
 *
 * The _LOG_IF_*() variants give an interface as context, as NetworkManager
 * and systemd-networkd do: the message starts with "[IFACE] " and carries
 * an INTERFACE= journal field ("-" when IFACE is %NULL); IFACE is evaluated
 * once. Never pass a secret.
 */
#ifndef NMNVME_LOG_H
#define NMNVME_LOG_H

#include <glib.h>
#include <stdio.h>

#define _NMLOG(level, fmt, ...)                          \
    G_STMT_START                                         \
    {                                                    \
        if (0)                                           \
            printf(fmt, ##__VA_ARGS__);                  \
        g_log_structured_standard(G_LOG_DOMAIN,          \
                                  (level),               \
                                  __FILE__,              \
                                  G_STRINGIFY(__LINE__), \
                                  G_STRFUNC,             \
                                  fmt,                   \
                                  ##__VA_ARGS__);        \
    }                                                    \
    G_STMT_END

#define _NMLOG_IF(level, iface, fmt, ...)                                      \
    G_STMT_START                                                               \
    {                                                                          \
        const char *const _nmlog_iface0 = (iface);                             \
        const char *const _nmlog_iface  = _nmlog_iface0 ? _nmlog_iface0 : "-"; \
                                                                               \
        if (0)                                                                 \
            printf("[%s] " fmt, _nmlog_iface, ##__VA_ARGS__);                  \
        g_log_structured(G_LOG_DOMAIN,                                         \
                         (level),                                              \
                         "INTERFACE",                                          \
                         _nmlog_iface,                                         \
                         "CODE_FILE",                                          \
                         __FILE__,                                             \
                         "CODE_LINE",                                          \
                         G_STRINGIFY(__LINE__),                                \
                         "CODE_FUNC",                                          \
                         G_STRFUNC,                                            \
                         "MESSAGE",                                            \
                         "[%s] " fmt,                                          \
                         _nmlog_iface,                                         \
                         ##__VA_ARGS__);                                       \
    }                                                                          \
    G_STMT_END

#define _LOGD(...) _NMLOG(G_LOG_LEVEL_DEBUG, __VA_ARGS__)
#define _LOGI(...) _NMLOG(G_LOG_LEVEL_MESSAGE, __VA_ARGS__)
#define _LOGW(...) _NMLOG(G_LOG_LEVEL_WARNING, __VA_ARGS__)
#define _LOGE(...) _NMLOG(G_LOG_LEVEL_CRITICAL, __VA_ARGS__)

#define _LOG_IF_D(iface, ...) _NMLOG_IF(G_LOG_LEVEL_DEBUG, iface, __VA_ARGS__)
#define _LOG_IF_I(iface, ...) _NMLOG_IF(G_LOG_LEVEL_MESSAGE, iface, __VA_ARGS__)
#define _LOG_IF_W(iface, ...) _NMLOG_IF(G_LOG_LEVEL_WARNING, iface, __VA_ARGS__)

#endif /* NMNVME_LOG_H */
