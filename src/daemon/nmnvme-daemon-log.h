/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-daemon-log.h: the daemon's logging macros, over GLib's structured
 * logging and its default writer: the journal when stderr is connected to
 * it (as under the systemd unit), stderr otherwise. Debug messages appear
 * only with --debug (g_log_set_debug_enabled()).
 *
 * Levels: _LOGE the daemon or an operation failed; _LOGW unexpected but
 * handled (say so: "..., ignoring"); _LOGI the few events an administrator
 * wants (start, attach, detach, reload); _LOGD chatter. _LOGI uses GLib's
 * "message" level (journal priority notice) because the default writer
 * drops "info" unless debugging is on. Run the daemon without
 * G_DEBUG=fatal-criticals: _LOGE is GLib's "critical" level (priority err).
 *
 * The _LOG_IF_*() variants start the message with "[IFACE] " and add an
 * INTERFACE= journal field; they evaluate IFACE once, and a dead printf()
 * keeps their formats checked as g_log_structured_standard() does for the
 * others.
 */
#ifndef NMNVME_DAEMON_LOG_H
#define NMNVME_DAEMON_LOG_H

#include <glib.h>
#include <stdio.h>

#define _NMLOG(level, ...)                           \
    g_log_structured_standard(G_LOG_DOMAIN,          \
                              (level),               \
                              __FILE__,              \
                              G_STRINGIFY(__LINE__), \
                              G_STRFUNC,             \
                              __VA_ARGS__)

#define _NMLOG_IF(level, iface, fmt, ...)               \
    G_STMT_START                                        \
    {                                                   \
        const char *const _iface = (iface);             \
                                                        \
        if (0)                                          \
            printf("[%s] " fmt, _iface, ##__VA_ARGS__); \
        g_log_structured(G_LOG_DOMAIN,                  \
                         (level),                       \
                         "INTERFACE",                   \
                         _iface,                        \
                         "CODE_FILE",                   \
                         __FILE__,                      \
                         "CODE_LINE",                   \
                         G_STRINGIFY(__LINE__),         \
                         "CODE_FUNC",                   \
                         G_STRFUNC,                     \
                         "MESSAGE",                     \
                         "[%s] " fmt,                   \
                         _iface,                        \
                         ##__VA_ARGS__);                \
    }                                                   \
    G_STMT_END

#define _LOGD(...) _NMLOG(G_LOG_LEVEL_DEBUG, __VA_ARGS__)
#define _LOGI(...) _NMLOG(G_LOG_LEVEL_MESSAGE, __VA_ARGS__)
#define _LOGW(...) _NMLOG(G_LOG_LEVEL_WARNING, __VA_ARGS__)
#define _LOGE(...) _NMLOG(G_LOG_LEVEL_CRITICAL, __VA_ARGS__)

#define _LOG_IF_D(iface, ...) _NMLOG_IF(G_LOG_LEVEL_DEBUG, iface, __VA_ARGS__)
#define _LOG_IF_I(iface, ...) _NMLOG_IF(G_LOG_LEVEL_MESSAGE, iface, __VA_ARGS__)
#define _LOG_IF_W(iface, ...) _NMLOG_IF(G_LOG_LEVEL_WARNING, iface, __VA_ARGS__)

#endif /* NMNVME_DAEMON_LOG_H */
