/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-output.h: what `nm-nvme` prints, computed from a GetSessions
 * snapshot (`aa{sv}`, see docs/dbus-api.md): the row views of the
 * `controllers` and `discovery-log` commands, nmcli-style tables of any
 * view, and pretty JSON of any value. Pure functions, no I/O. A snapshot
 * never holds a secret, so nothing printed from it can.
 */
#ifndef NMNVME_CLI_OUTPUT_H
#define NMNVME_CLI_OUTPUT_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * NMNvmeCliColumn:
 * @header: the column's header, in capitals ("INTERFACE")
 * @key: the row key whose value the column shows ("interface")
 * @empty: (nullable): what an empty string shows; %NULL: "--"
 */
typedef struct {
    const char *header;
    const char *key;
    const char *empty;
} NMNvmeCliColumn;

/**
 * nmnvme_cli_view_controllers:
 * @sessions: a GetSessions snapshot
 *
 * Returns: (transfer full): an `aa{sv}`, one row per discovery and I/O
 *   controller of every session, in snapshot order (per session: discovery
 *   controllers, then I/O controllers). A row is the controller's own
 *   dictionary after an "interface" key, without "log-entries", plus "use":
 *   "owns" (a device that is ours), "uses" (a device the session uses but
 *   does not own: another orchestrator's or unowned) or "", and "secure":
 *   the device's TLS from sysfs ("tls", "concat"), "no: PROBLEM" (the
 *   controller's "tls-problem", e.g. "no: tlshd-not-running") or "".
 */
GVariant *nmnvme_cli_view_controllers(GVariant *sessions);

/**
 * nmnvme_cli_view_excluded:
 * @sessions: a GetSessions snapshot
 *
 * Returns: (transfer full): an `aa{sv}`, one row per wanted controller that
 *   the host-wide exclusion list names: the session's "excluded" entries
 *   after an "interface" key.
 */
GVariant *nmnvme_cli_view_excluded(GVariant *sessions);

/**
 * nmnvme_cli_view_discovery:
 * @sessions: a GetSessions snapshot
 * @iface: (nullable): only this interface's session
 *
 * Returns: (transfer full): an `aa{sv}`, one row per discovery controller:
 *   its dictionary after an "interface" key (GetSessions has no log
 *   entries: nmnvme_cli_log_fill() adds them).
 */
GVariant *nmnvme_cli_view_discovery(GVariant *sessions, const char *iface);

/**
 * nmnvme_cli_view_sessions:
 * @sessions: a GetSessions snapshot
 *
 * Returns: (transfer full): the sessions, each with its "zeroconf" dict
 *   (present only while `nvme.zeroconf` is on) replaced by the avahi state
 *   string ("running", "waiting", "failed").
 */
GVariant *nmnvme_cli_view_sessions(GVariant *sessions);

/**
 * nmnvme_cli_view_zeroconf:
 * @sessions: a GetSessions snapshot
 * @iface: (nullable): only this interface's session
 *
 * Returns: (transfer full): an `aa{sv}`, one row per mDNS service seen by a
 *   zeroconf session: its dictionary after an "interface" key.
 */
GVariant *nmnvme_cli_view_zeroconf(GVariant *sessions, const char *iface);

/**
 * nmnvme_cli_row_add:
 * @row: an `a{sv}`
 * @key: a key @row does not have
 * @value: (transfer floating): its value
 *
 * Returns: (transfer floating): @row with @key last; the keys keep their
 *   order.
 */
GVariant *nmnvme_cli_row_add(GVariant *row, const char *key, GVariant *value);

/**
 * nmnvme_cli_view_log_entries:
 * @discovery: a view from nmnvme_cli_view_discovery() with its
 *   "log-entries" (nmnvme_cli_log_fill())
 *
 * Returns: (transfer full): an `aa{sv}`, one row per log entry: the entry
 *   after "interface" and "dc", the device of the discovery controller that
 *   listed it (its traddr while it has no device).
 */
GVariant *nmnvme_cli_view_log_entries(GVariant *discovery);

/**
 * nmnvme_cli_format_columns:
 * @rows: an `aa{sv}`
 * @columns: (array length=n_columns): what to show
 * @n_columns: how many columns
 *
 * nmcli's style: a header line, then one line per row; each column as wide
 * as its widest cell, two spaces between columns, no trailing spaces. A
 * missing or empty value prints as "--", a boolean as yes/no, an array or
 * dictionary as its number of elements, a number in decimal.
 *
 * Returns: (transfer full): the table, each line ending in a newline.
 */
char *nmnvme_cli_format_columns(GVariant *rows, const NMNvmeCliColumn *columns, gsize n_columns);

/**
 * NMNvmeCliTable:
 * @NMNVME_CLI_TABLE_SESSIONS: `status`: INTERFACE OWNER STATE DCS IOCS
 *   NOT-OWNED EXCLUDED ZEROCONF, of nmnvme_cli_view_sessions() (DCS and
 *   IOCS count the controllers; NOT-OWNED those used but not owned;
 *   EXCLUDED the wanted ones excluded host-wide; ZEROCONF is the avahi
 *   state, "--" when zeroconf is off)
 * @NMNVME_CLI_TABLE_ZEROCONF: `zeroconf`: INTERFACE NAME PROTOCOL ADDRESS
 *   PORT STATE WITHDRAWN ERROR, of nmnvme_cli_view_zeroconf()
 * @NMNVME_CLI_TABLE_CONTROLLERS: `controllers`: INTERFACE KIND DEVICE
 *   OWNER USE TRADDR TRSVCID SUBSYSNQN STATE SECURE, of
 *   nmnvme_cli_view_controllers() (OWNER: the registry's, "-" for none)
 * @NMNVME_CLI_TABLE_EXCLUDED: `status`, below the sessions: INTERFACE KIND
 *   TRADDR TRSVCID SUBSYSNQN EXCLUDED-BY, of nmnvme_cli_view_excluded()
 * @NMNVME_CLI_TABLE_LOG_ENTRIES: `discovery-log`: INTERFACE DC SUBTYPE
 *   TRADDR TRSVCID SUBSYSNQN PORTID TREQ TSAS, of nmnvme_cli_view_log_entries()
 */
typedef enum {
    NMNVME_CLI_TABLE_SESSIONS,
    NMNVME_CLI_TABLE_CONTROLLERS,
    NMNVME_CLI_TABLE_LOG_ENTRIES,
    NMNVME_CLI_TABLE_ZEROCONF,
    NMNVME_CLI_TABLE_EXCLUDED,
} NMNvmeCliTable;

/* (transfer full): @rows in the layout of @table (nmnvme_cli_format_columns()). */
char *nmnvme_cli_format_table(GVariant *rows, NMNvmeCliTable table);

/* (transfer full): @value as pretty-printed JSON (json-glib's mapping of
 * GVariant types), ending in a newline. */
char *nmnvme_cli_format_json(GVariant *value);

G_END_DECLS

#endif /* NMNVME_CLI_OUTPUT_H */
