/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim.c: the dcsim command: options, signals (SIGHUP reloads the
 * entries, SIGTERM/SIGINT stop), one main loop. See README.md.
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "dcsim-nvme.h"
#include "dcsim-server.h"

typedef struct {
    GMainLoop   *loop;
    DcsimServer *server;
} App;

static gboolean
on_hup(gpointer user_data)
{
    App *app                = user_data;
    g_autoptr(GError) error = NULL;

    if (!dcsim_server_reload(app->server, &error))
        g_message("dcsim: reload failed, log unchanged: %s", error->message);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_quit(gpointer user_data)
{
    App *app = user_data;

    g_message("dcsim: stopping");
    g_main_loop_quit(app->loop);
    return G_SOURCE_CONTINUE;
}

static gboolean
parse_role(const char *name, DcsimRole *out, GError **error)
{
    if (g_strcmp0(name, "cdc") == 0)
        *out = DCSIM_ROLE_CDC;
    else if (g_strcmp0(name, "ddc") == 0)
        *out = DCSIM_ROLE_DDC;
    else if (g_strcmp0(name, "plain") == 0)
        *out = DCSIM_ROLE_PLAIN;
    else {
        g_set_error(error,
                    G_OPTION_ERROR,
                    G_OPTION_ERROR_BAD_VALUE,
                    "--role must be cdc, ddc or plain");
        return FALSE;
    }
    return TRUE;
}

/* The command line as GOption fills it. */
typedef struct {
    char    *listen;
    char    *role;
    char    *nqn;
    char    *entries;
    char    *events;
    int      port;
    int      mdts;
    int      delay_ms;
    int      generate;
    gboolean pleos;
    gboolean genctr_per_read;
    gboolean hang_deregister;
} Options;

static void
options_clear(Options *o)
{
    g_free(o->listen);
    g_free(o->role);
    g_free(o->nqn);
    g_free(o->entries);
    g_free(o->events);
}

static gboolean
parse_options(int *argc, char ***argv, Options *o, GError **error)
{
    const GOptionEntry entries[] = {
        { "listen",
          0,
          0,
          G_OPTION_ARG_STRING,
          &o->listen,
          "Address to listen on (0.0.0.0)",
          "ADDR" },
        { "port", 0, 0, G_OPTION_ARG_INT, &o->port, "TCP port (8009)", "N" },
        { "role", 0, 0, G_OPTION_ARG_STRING, &o->role, "cdc, ddc or plain (cdc)", "ROLE" },
        { "nqn", 0, 0, G_OPTION_ARG_STRING, &o->nqn, "The controller's NQN", "NQN" },
        { "entries",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &o->entries,
          "Discovery log entries (JSON)",
          "FILE" },
        { "events", 0, 0, G_OPTION_ARG_FILENAME, &o->events, "Append JSON-lines events", "FILE" },
        { "pleos", 0, 0, G_OPTION_ARG_NONE, &o->pleos, "Advertise PLEOS", NULL },
        { "delay-ms", 0, 0, G_OPTION_ARG_INT, &o->delay_ms, "Delay every command response", "N" },
        { "genctr-per-read",
          0,
          0,
          G_OPTION_ARG_NONE,
          &o->genctr_per_read,
          "Hostile: new generation counter on every read",
          NULL },
        { "hang-deregister",
          0,
          0,
          G_OPTION_ARG_NONE,
          &o->hang_deregister,
          "Hostile: never answer a DIM deregistration",
          NULL },
        { "generate", 0, 0, G_OPTION_ARG_INT, &o->generate, "Synthesize N more entries", "N" },
        { "mdts",
          0,
          0,
          G_OPTION_ARG_INT,
          &o->mdts,
          "MDTS: 2^N pages of 4 KiB per command (8)",
          "N" },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx =
        g_option_context_new("- NVMe/TCP discovery controller simulator");

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, argc, argv, error))
        return FALSE;
    if (o->port < 0 || o->port > 65535 || o->delay_ms < 0 || o->generate < 0 ||
        o->generate > DCSIM_LOG_MAX_ENTRIES || o->mdts < 1 || o->mdts > 16) {
        g_set_error(error,
                    G_OPTION_ERROR,
                    G_OPTION_ERROR_BAD_VALUE,
                    "negative or too large number");
        return FALSE;
    }
    return TRUE;
}

/* The server's view of the options; strings stay owned by @o. */
static gboolean
make_config(const Options *o, DcsimServerConfig *config, GError **error)
{
    if (!parse_role(o->role ? o->role : "cdc", &config->role, error))
        return FALSE;
    config->listen          = o->listen ? o->listen : "0.0.0.0";
    config->port            = (guint16) o->port;
    config->nqn             = o->nqn ? o->nqn : DCSIM_DISCOVERY_NQN;
    config->entries         = o->entries;
    config->pleos           = o->pleos;
    config->genctr_per_read = o->genctr_per_read;
    config->hang_deregister = o->hang_deregister;
    config->delay_ms        = (guint) o->delay_ms;
    config->generate        = (guint) o->generate;
    config->mdts            = (guint8) o->mdts;
    return TRUE;
}

static int
run(const DcsimServerConfig *config, DcsimEvents *events)
{
    g_autoptr(GError) error = NULL;
    App      app            = { 0 };
    gboolean ipv6           = strchr(config->listen, ':') != NULL;

    app.server = dcsim_server_new(config, events, &error);
    if (!app.server || !dcsim_server_start(app.server, &error)) {
        g_printerr("dcsim: %s\n", error->message);
        dcsim_server_free(app.server);
        return 1;
    }
    app.loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGHUP, on_hup, &app);
    g_unix_signal_add(SIGTERM, on_quit, &app);
    g_unix_signal_add(SIGINT, on_quit, &app);
    g_printerr("dcsim: listening on %s%s%s:%u\n",
               ipv6 ? "[" : "",
               config->listen,
               ipv6 ? "]" : "",
               dcsim_server_get_port(app.server));
    g_main_loop_run(app.loop);
    dcsim_server_free(app.server);
    g_main_loop_unref(app.loop);
    return 0;
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) error       = NULL;
    g_autoptr(DcsimEvents) events = NULL;
    Options           o           = { .port = 8009, .mdts = 8 };
    DcsimServerConfig config      = { 0 };
    int               ret         = 2;

    if (!parse_options(&argc, &argv, &o, &error) || !make_config(&o, &config, &error)) {
        g_printerr("dcsim: %s\n", error->message);
        goto out;
    }
    ret = 1;
    if (o.events) {
        events = dcsim_events_new_for_path(o.events, &error);
        if (!events) {
            g_printerr("dcsim: %s\n", error->message);
            goto out;
        }
    }
    ret = run(&config, events);
out:
    options_clear(&o);
    return ret;
}
