/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-nvme-daemon.c: the system service's process: options, logging, the
 * engine, the bus name, and signals. SIGTERM and SIGINT quit without
 * disconnecting anything (the controllers stay with the kernel and the
 * ownership records under the state folder, for the next start to adopt);
 * SIGHUP reloads. Everything else is the engine's (src/lib) and the D-Bus
 * object's (nmnvme-dbus-service.c).
 */
#define G_LOG_DOMAIN "nm-nvme-daemon"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>

#include "nmnvme-log.h"
#include "nmnvme-dbus-api.h"
#include "nmnvme-dbus-service.h"
#include "nmnvme-engine.h"

typedef struct {
    gboolean debug;
    gboolean version;
    gboolean session_bus;
    char    *host_dir;
    char    *state_dir;
    char    *nbft_dir;
} Options;

static void
options_clear(Options *opts)
{
    g_free(opts->host_dir);
    g_free(opts->state_dir);
    g_free(opts->nbft_dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Options, options_clear)

static struct {
    GMainLoop         *loop;
    NMNvmeEngine      *engine;
    NMNvmeDBusService *service;
    GBusType           bus_type;
    guint              name_id; /* 0 until the NBFT's first read is done */
    int                exit_status;
} gl;

static void
quit(int exit_status)
{
    gl.exit_status = MAX(gl.exit_status, exit_status);
    g_main_loop_quit(gl.loop);
}

static gboolean
on_quit_signal(gpointer user_data)
{
    _LOGI("%s: exiting; controllers stay connected", (const char *) user_data);
    quit(0);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_reload_signal(gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    if (!nmnvme_engine_reload(gl.engine, &error)) {
        _LOGW("SIGHUP: reload failed, keeping the previous configuration: %s", error->message);
        return G_SOURCE_CONTINUE;
    }
    _LOGI("SIGHUP: reloaded; host NQN %s", nmnvme_engine_get_hostnqn(gl.engine));
    if (gl.service)
        nmnvme_dbus_service_sync_properties(gl.service);
    return G_SOURCE_CONTINUE;
}

static void
on_bus_acquired(GDBusConnection *connection, const char *name, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    gl.service = nmnvme_dbus_service_new(gl.engine, connection, &error);
    if (!gl.service) {
        _LOGE("cannot export %s: %s", NMNVME_DBUS_PATH, error->message);
        quit(1);
    }
}

static void
on_name_acquired(GDBusConnection *connection, const char *name, gpointer user_data)
{
    _LOGI("serving %s; restoring recorded sessions", name);
    nmnvme_engine_restore(gl.engine);
}

static void
on_name_lost(GDBusConnection *connection, const char *name, gpointer user_data)
{
    if (!connection)
        _LOGE("cannot connect to the message bus");
    else
        _LOGE("cannot own %s, or lost it (another nm-nvme-daemon? the bus policy?)", name);
    quit(1);
}

static gboolean
parse_options(int *argc, char ***argv, Options *opts, GError **error)
{
    const GOptionEntry entries[] = {
        { "debug", 0, 0, G_OPTION_ARG_NONE, &opts->debug, "Log debug messages", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &opts->version, "Print the version and exit", NULL },
        { "session-bus",
          0,
          G_OPTION_FLAG_HIDDEN,
          G_OPTION_ARG_NONE,
          &opts->session_bus,
          "Use the session bus (tests)",
          NULL },
        { "host-dir",
          0,
          G_OPTION_FLAG_HIDDEN,
          G_OPTION_ARG_FILENAME,
          &opts->host_dir,
          "Folder of hostnqn and hostid (tests)",
          "DIR" },
        { "state-dir",
          0,
          G_OPTION_FLAG_HIDDEN,
          G_OPTION_ARG_FILENAME,
          &opts->state_dir,
          "Folder of the ownership records (tests)",
          "DIR" },
        { "nbft-dir",
          0,
          G_OPTION_FLAG_HIDDEN,
          G_OPTION_ARG_FILENAME,
          &opts->nbft_dir,
          "Folder of the ACPI tables, NBFT* (tests)",
          "DIR" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new(NULL);

    g_option_context_set_summary(
        context,
        "NVMe over Fabrics sessions for NetworkManager, on D-Bus as " NMNVME_DBUS_NAME ".");
    g_option_context_add_main_entries(context, entries, NULL);
    if (!g_option_context_parse(context, argc, argv, error))
        return FALSE;
    if (*argc > 1) {
        g_set_error(error,
                    G_OPTION_ERROR,
                    G_OPTION_ERROR_FAILED,
                    "unexpected argument '%s'",
                    (*argv)[1]);
        return FALSE;
    }
    return TRUE;
}

/* (transfer full): a source attached to the default context that runs
 * @func(@name) when @signum arrives. */
static GSource *
signal_source_new(int signum, GSourceFunc func, const char *name)
{
    GSource *source = g_unix_signal_source_new(signum);

    g_source_set_callback(source, func, (gpointer) name, NULL);
    g_source_attach(source, NULL);
    return source;
}

/* Creates the engine with @opts' paths, or the real host's. */
static NMNvmeEngine *
engine_new(const Options *opts, GError **error)
{
    NMNvmeEngineConfig config = NMNVME_ENGINE_CONFIG_DEFAULT;

    if (opts->host_dir)
        config.host_dir = opts->host_dir;
    if (opts->state_dir)
        config.state_dir = opts->state_dir;
    if (opts->nbft_dir)
        config.nbft_dir = opts->nbft_dir;
    if (opts->session_bus)
        config.udev_rules_dir = NULL; /* tests: leave the host's udev alone */
    return nmnvme_engine_new(&config, error);
}

/* Owns the bus name and runs until a quit signal or the name is lost. */
static void
own_name(void)
{
    gl.name_id = g_bus_own_name(gl.bus_type,
                                NMNVME_DBUS_NAME,
                                G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                on_bus_acquired,
                                on_name_acquired,
                                on_name_lost,
                                NULL,
                                NULL);
}

/* The bus name is taken once the NBFT's first read (on a worker) is done:
 * an Attach without nvme.* settings must find the table to match. */
static void
on_first_nbft(NMNvmeEngine *engine, gpointer user_data)
{
    g_signal_handlers_disconnect_by_func(engine, on_first_nbft, user_data);
    own_name();
}

static void
serve(GBusType bus_type)
{
    GSource *signals[3];

    gl.loop     = g_main_loop_new(NULL, FALSE);
    gl.bus_type = bus_type;
    signals[0]  = signal_source_new(SIGTERM, on_quit_signal, "SIGTERM");
    signals[1]  = signal_source_new(SIGINT, on_quit_signal, "SIGINT");
    signals[2]  = signal_source_new(SIGHUP, on_reload_signal, "SIGHUP");
    if (nmnvme_engine_is_nbft_read(gl.engine))
        own_name();
    else
        g_signal_connect(gl.engine, "nbft-changed", G_CALLBACK(on_first_nbft), NULL);

    g_main_loop_run(gl.loop);

    g_signal_handlers_disconnect_by_func(gl.engine, on_first_nbft, NULL);
    if (gl.name_id)
        g_bus_unown_name(gl.name_id);
    for (gsize i = 0; i < G_N_ELEMENTS(signals); i++) {
        g_source_destroy(signals[i]);
        g_source_unref(signals[i]);
    }
    g_clear_object(&gl.service);
    g_clear_pointer(&gl.loop, g_main_loop_unref);
}

int
main(int argc, char **argv)
{
    g_auto(Options) opts    = { 0 };
    g_autoptr(GError) error = NULL;

    setlocale(LC_ALL, "");
    if (!parse_options(&argc, &argv, &opts, &error)) {
        g_printerr("nm-nvme-daemon: %s\n", error->message);
        return 2;
    }
    if (opts.version) {
        g_print("nm-nvme-daemon %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (opts.debug)
        g_log_set_debug_enabled(TRUE);

    gl.engine = engine_new(&opts, &error);
    if (!gl.engine) {
        _LOGE("%s", error->message);
        return 1;
    }
    _LOGI("nm-nvme-daemon %s starting; host NQN %s",
          PACKAGE_VERSION,
          nmnvme_engine_get_hostnqn(gl.engine));
    serve(opts.session_bus ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM);
    /* Only memory is freed: the controllers stay, the records too. */
    g_clear_object(&gl.engine);
    return gl.exit_status;
}
