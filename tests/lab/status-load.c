/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * status-load: the load of many status readers on nm-nvme-daemon, and the
 * latency of root's Attach beside it (the lab's load scenario; not
 * installed).
 *
 *   status-load load N SECONDS sessions|version|pages [IFACE DC_KEY]
 *       N connections of their own to the system bus, each with one call
 *       outstanding at all times for SECONDS: GetSessions; or the Version
 *       property (the cheapest call the daemon answers, for comparison);
 *       or GetSessions and a full page of GetDiscoveryLog of IFACE's
 *       DC_KEY in turn, moving through the log. Prints READY once every
 *       connection is up, then "LOAD callers=N seconds=S calls=C errors=E
 *       rate=R" (calls a second).
 *   status-load attach COUNT IFACE [--new-connections]
 *       COUNT Attach(IFACE, {nvme.kato: 30 or 31, alternating}, "lab")
 *       calls, 200 ms apart, each timed from call to reply on one
 *       connection (no process start in the figure), or with
 *       --new-connections each on a new connection made before its timing
 *       starts (a client's first call, as `nm-nvme attach` makes it: the
 *       daemon asks the bus for its uid, nmnvme-dbus-auth.h). Prints
 *       "ATTACH n=COUNT min_ms= median_ms= max_ms=" and exits 1 when one
 *       failed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "nmnvme-dbus-api.h"

#define CALL_TIMEOUT_MS 60000
#define ATTACH_GAP_MS   200

typedef enum {
    WHAT_SESSIONS,
    WHAT_VERSION,
    WHAT_PAGES,
} What;

typedef struct {
    GMainLoop  *loop;
    What        what;
    const char *iface;
    const char *dc_key;
    gboolean    stopping;
    guint       outstanding;
    guint64     calls;
    guint64     errors;
    guint       page_offset;
} Load;

typedef struct {
    Load            *load;
    GDBusConnection *connection;
    guint            n;
} Caller;

static void caller_next(Caller *c);

static void
caller_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Caller *c               = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) ret = g_dbus_connection_call_finish(c->connection, result, &error);
    guint32 total           = 0;

    c->load->outstanding--;
    if (ret) {
        c->load->calls++;
        if (g_variant_is_of_type(ret, G_VARIANT_TYPE("(aa{sv}ut)"))) {
            g_variant_get_child(ret, 1, "u", &total);
            c->load->page_offset =
                total ? (c->load->page_offset + NMNVME_DBUS_LOG_PAGE_MAX) % total : 0;
        }
    } else {
        if (c->load->errors++ == 0)
            g_printerr("status-load: %s\n", error->message);
    }
    if (c->load->stopping) {
        if (c->load->outstanding == 0)
            g_main_loop_quit(c->load->loop);
        return;
    }
    caller_next(c);
}

/* The next call's method and parameters (floating), by what is loaded. */
static const char *
next_call(Caller *c, GVariant **out_params)
{
    Load *load = c->load;

    if (load->what == WHAT_VERSION) {
        *out_params = g_variant_new("(ss)", NMNVME_DBUS_INTERFACE, "Version");
        return "org.freedesktop.DBus.Properties.Get";
    }
    if (load->what == WHAT_PAGES && c->n++ % 2) {
        *out_params = g_variant_new("(ssuu)",
                                    load->iface,
                                    load->dc_key,
                                    load->page_offset,
                                    (guint32) NMNVME_DBUS_LOG_PAGE_MAX);
        return NMNVME_DBUS_INTERFACE ".GetDiscoveryLog";
    }
    *out_params = NULL;
    return NMNVME_DBUS_INTERFACE ".GetSessions";
}

static void
caller_next(Caller *c)
{
    GVariant        *params    = NULL;
    const char      *method    = next_call(c, &params);
    const char      *dot       = strrchr(method, '.');
    g_autofree char *interface = g_strndup(method, dot - method);

    c->load->outstanding++;
    g_dbus_connection_call(c->connection,
                           NMNVME_DBUS_NAME,
                           NMNVME_DBUS_PATH,
                           interface,
                           dot + 1,
                           params,
                           NULL,
                           G_DBUS_CALL_FLAGS_NO_AUTO_START,
                           CALL_TIMEOUT_MS,
                           NULL,
                           caller_done,
                           c);
}

static gboolean
stop_load(gpointer user_data)
{
    Load *load = user_data;

    load->stopping = TRUE;
    if (load->outstanding == 0)
        g_main_loop_quit(load->loop);
    return G_SOURCE_REMOVE;
}

/* (transfer full): a connection of its own to the system bus. */
static GDBusConnection *
connect_system(GError **error)
{
    g_autofree char *address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SYSTEM, NULL, error);

    if (!address)
        return NULL;
    return g_dbus_connection_new_for_address_sync(
        address,
        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
        NULL,
        NULL,
        error);
}

static int
run_load(guint n, guint seconds, What what, const char *iface, const char *dc_key)
{
    g_autoptr(GMainLoop) loop  = g_main_loop_new(NULL, FALSE);
    g_autofree Caller *callers = g_new0(Caller, n);
    Load               load    = { .loop = loop, .what = what, .iface = iface, .dc_key = dc_key };
    gint64             start;
    double             elapsed;

    for (guint i = 0; i < n; i++) {
        g_autoptr(GError) error = NULL;

        callers[i].load       = &load;
        callers[i].connection = connect_system(&error);
        if (!callers[i].connection) {
            g_printerr("status-load: connection %u: %s\n", i, error->message);
            return 1;
        }
    }
    printf("READY\n");
    fflush(stdout);
    start = g_get_monotonic_time();
    for (guint i = 0; i < n; i++)
        caller_next(&callers[i]);
    g_timeout_add_seconds(seconds, stop_load, &load);
    g_main_loop_run(loop);
    elapsed = (g_get_monotonic_time() - start) / 1e6;
    printf("LOAD callers=%u seconds=%.1f calls=%" G_GUINT64_FORMAT " errors=%" G_GUINT64_FORMAT
           " rate=%.1f\n",
           n,
           elapsed,
           load.calls,
           load.errors,
           load.calls / elapsed);
    for (guint i = 0; i < n; i++)
        g_object_unref(callers[i].connection);
    return load.calls > 0 ? 0 : 1;
}

static gint
compare_doubles(gconstpointer a, gconstpointer b)
{
    double x = *(const double *) a;
    double y = *(const double *) b;

    return x < y ? -1 : x > y;
}

/* One Attach, timed; returns its milliseconds, or -1 with @error. */
static double
attach_once(GDBusConnection *connection, const char *iface, guint i, GError **error)
{
    g_autoptr(GVariant) ret = NULL;
    GVariantBuilder settings;
    gint64          start;

    g_variant_builder_init(&settings, G_VARIANT_TYPE("a{ss}"));
    g_variant_builder_add(&settings, "{ss}", "nvme.kato", i % 2 ? "31" : "30");
    start = g_get_monotonic_time();
    ret   = g_dbus_connection_call_sync(connection,
                                      NMNVME_DBUS_NAME,
                                      NMNVME_DBUS_PATH,
                                      NMNVME_DBUS_INTERFACE,
                                      "Attach",
                                      g_variant_new("(sa{ss}s)", iface, &settings, "lab"),
                                      NULL,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                      CALL_TIMEOUT_MS,
                                      NULL,
                                      error);
    return ret ? (g_get_monotonic_time() - start) / 1000.0 : -1;
}

/* COUNT Attach calls of @iface, 200 ms apart, on one connection or (with
 * @new_connections) each on a new one made before its timing starts. */
static int
run_attach(guint count, const char *iface, gboolean new_connections)
{
    g_autoptr(GError) error               = NULL;
    g_autoptr(GDBusConnection) connection = NULL;
    g_autoptr(GArray) times               = g_array_new(FALSE, FALSE, sizeof(double));

    for (guint i = 0; i < count; i++) {
        double ms;

        if (!connection || new_connections) {
            g_clear_object(&connection);
            connection = connect_system(&error);
            if (!connection) {
                g_printerr("status-load: %s\n", error->message);
                return 1;
            }
        }
        ms = attach_once(connection, iface, i, &error);
        if (ms < 0) {
            g_printerr("status-load: Attach %u: %s\n", i, error->message);
            return 1;
        }
        g_array_append_val(times, ms);
        g_usleep(ATTACH_GAP_MS * 1000);
    }
    g_array_sort(times, compare_doubles);
    printf("ATTACH n=%u min_ms=%.1f median_ms=%.1f max_ms=%.1f\n",
           count,
           g_array_index(times, double, 0),
           g_array_index(times, double, count / 2),
           g_array_index(times, double, count - 1));
    return 0;
}

static guint
parse_count(const char *text)
{
    guint64 n = 0;

    if (!g_ascii_string_to_unsigned(text, 10, 1, 10000, &n, NULL)) {
        g_printerr("status-load: '%s': expected a number from 1 to 10000\n", text);
        exit(2);
    }
    return (guint) n;
}

/* The load's kind from its word and the arguments after it. */
static gboolean
parse_what(int argc, char **argv, What *out_what)
{
    if (argc == 5 && g_str_equal(argv[4], "sessions"))
        *out_what = WHAT_SESSIONS;
    else if (argc == 5 && g_str_equal(argv[4], "version"))
        *out_what = WHAT_VERSION;
    else if (argc == 7 && g_str_equal(argv[4], "pages"))
        *out_what = WHAT_PAGES;
    else
        return FALSE;
    return TRUE;
}

int
main(int argc, char **argv)
{
    What what;

    if (argc >= 5 && g_str_equal(argv[1], "load") && parse_what(argc, argv, &what))
        return run_load(parse_count(argv[2]),
                        parse_count(argv[3]),
                        what,
                        argc == 7 ? argv[5] : NULL,
                        argc == 7 ? argv[6] : NULL);
    if ((argc == 4 || (argc == 5 && g_str_equal(argv[4], "--new-connections"))) &&
        g_str_equal(argv[1], "attach"))
        return run_attach(parse_count(argv[2]), argv[3], argc == 5);
    g_printerr("usage: status-load load N SECONDS sessions|version|pages [IFACE DC_KEY]\n"
               "       status-load attach COUNT IFACE [--new-connections]\n");
    return 2;
}
