/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scale-attach: the Attach and Detach calls of the scale benchmark
 * (scenarios/scale-bench.sh; not installed, see README.md next to it), each
 * timed from call to reply on one connection to the system bus, so that no
 * process start is in the figure:
 *
 *   scale-attach attach FILE   one Attach(IFACE, {KEY: VALUE...}, "bench")
 *                              per line "IFACE KEY=VALUE..." of FILE, in
 *                              turn (a value has no spaces)
 *   scale-attach detach FILE   one Detach(IFACE, "deactivate") per line,
 *                              IFACE its first word
 *
 * Prints "SCALE op=attach|detach n=N errors=E median_ms= p95_ms= max_ms=
 * total_ms= ms=MS,MS,..." (each call's time, in the order made) and exits 1
 * when a call failed (the failure on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "nmnvme-dbus-api.h"

#define CALL_TIMEOUT_MS 120000

/* (transfer floating): the arguments of one line's call, or NULL with @error. */
static GVariant *
line_args(gboolean attach, const char *line, GError **error)
{
    g_auto(GStrv) words = g_strsplit_set(line, " \t", -1);
    GVariantBuilder settings;
    guint           n = 0;

    for (char **w = words; *w; w++) {
        if (**w)
            words[n++] = *w;
        else
            g_free(*w);
    }
    words[n] = NULL;
    if (n == 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an empty line");
        return NULL;
    }
    if (!attach)
        return g_variant_new("(ss)", words[0], NMNVME_DBUS_REASON_DEACTIVATE);
    g_variant_builder_init(&settings, G_VARIANT_TYPE("a{ss}"));
    for (guint i = 1; i < n; i++) {
        const char      *eq  = strchr(words[i], '=');
        g_autofree char *key = eq ? g_strndup(words[i], eq - words[i]) : NULL;

        if (!key) {
            g_variant_builder_clear(&settings);
            g_set_error(error,
                        G_IO_ERROR,
                        G_IO_ERROR_INVALID_DATA,
                        "'%s' is not KEY=VALUE",
                        words[i]);
            return NULL;
        }
        g_variant_builder_add(&settings, "{ss}", key, eq + 1);
    }
    return g_variant_new("(sa{ss}s)", words[0], &settings, "bench");
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}

/* The value at fraction @q of the sorted @v (nearest rank). */
static double
quantile(const double *sorted, guint n, double q)
{
    guint rank = (guint) (q * n + 0.999999);

    return n ? sorted[CLAMP(rank, 1, n) - 1] : 0;
}

static void
report(const char *op, GArray *times, guint errors, double total)
{
    g_autoptr(GString) list   = g_string_new(NULL);
    g_autofree double *sorted = g_memdup2(times->data, MAX(times->len, 1) * sizeof(double));

    for (guint i = 0; i < times->len; i++)
        g_string_append_printf(list, "%s%.1f", i ? "," : "", g_array_index(times, double, i));
    qsort(sorted, times->len, sizeof(double), compare_double);
    printf(
        "SCALE op=%s n=%u errors=%u median_ms=%.1f p95_ms=%.1f max_ms=%.1f total_ms=%.0f ms=%s\n",
        op,
        times->len,
        errors,
        quantile(sorted, times->len, 0.5),
        quantile(sorted, times->len, 0.95),
        times->len ? sorted[times->len - 1] : 0,
        total,
        list->str);
}

static gboolean
call(GDBusConnection *bus, const char *method, GVariant *args, double *ms)
{
    g_autoptr(GError) error   = NULL;
    g_autoptr(GVariant) reply = NULL;
    gint64 t0                 = g_get_monotonic_time();

    reply = g_dbus_connection_call_sync(bus,
                                        NMNVME_DBUS_NAME,
                                        NMNVME_DBUS_PATH,
                                        NMNVME_DBUS_INTERFACE,
                                        method,
                                        args,
                                        NULL,
                                        G_DBUS_CALL_FLAGS_NONE,
                                        CALL_TIMEOUT_MS,
                                        NULL,
                                        &error);
    *ms   = (g_get_monotonic_time() - t0) / 1000.0;
    if (!reply)
        g_printerr("scale-attach: %s: %s\n", method, error->message);
    return reply != NULL;
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) error        = NULL;
    g_autoptr(GDBusConnection) bus = NULL;
    g_autofree char *text          = NULL;
    g_auto(GStrv) lines            = NULL;
    g_autoptr(GArray) times        = g_array_new(FALSE, FALSE, sizeof(double));
    gboolean attach;
    guint    errors = 0;
    gint64   t0;

    if (argc != 3 || (strcmp(argv[1], "attach") != 0 && strcmp(argv[1], "detach") != 0)) {
        g_printerr("usage: scale-attach attach|detach FILE\n");
        return 2;
    }
    attach = strcmp(argv[1], "attach") == 0;
    if (!g_file_get_contents(argv[2], &text, NULL, &error) ||
        !(bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error))) {
        g_printerr("scale-attach: %s\n", error->message);
        return 1;
    }
    lines = g_strsplit(text, "\n", -1);
    t0    = g_get_monotonic_time();
    for (char **l = lines; *l; l++) {
        GVariant *args;
        double    ms;

        if (!**l)
            continue;
        args = line_args(attach, *l, &error);
        if (!args) {
            g_printerr("scale-attach: %s: %s\n", *l, error->message);
            return 2;
        }
        if (!call(bus, attach ? "Attach" : "Detach", args, &ms))
            errors++;
        g_array_append_val(times, ms);
    }
    report(argv[1], times, errors, (g_get_monotonic_time() - t0) / 1000.0);
    return errors ? 1 : 0;
}
