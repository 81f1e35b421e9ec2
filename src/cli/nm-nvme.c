/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-nvme.c: the `nm-nvme` command line: options, the command table, and
 * nmcli's exit codes. Output is nmnvme-cli-output's, D-Bus is
 * nmnvme-cli-client's (whole discovery logs nmnvme-cli-log's), the host
 * files are nmnvme-cli-host's; settings are validated with the schema
 * before they are sent.
 */
#include "config.h"

#include <locale.h>

#include "nmnvme-cli-client.h"
#include "nmnvme-cli-connection.h"
#include "nmnvme-cli-host.h"
#include "nmnvme-cli-import.h"
#include "nmnvme-cli-log.h"
#include "nmnvme-cli-nbft.h"
#include "nmnvme-cli-output.h"
#include "nmnvme-cli-pairs.h"
#include "nmnvme-cli-secrets.h"
#include "nmnvme-dbus-api.h"
#include "nmnvme-error.h"
#include "nmnvme-host.h"
#include "nmnvme-migrate.h"
#include "nmnvme-nm-connection.h"
#include "nmnvme-settings.h"

/* nmcli's exit codes (nmcli(1), "EXIT STATUS"). */
typedef enum {
    RESULT_SUCCESS          = 0,
    RESULT_ERROR_UNKNOWN    = 1,
    RESULT_ERROR_USER_INPUT = 2,
    RESULT_ERROR_TIMEOUT    = 3,
} Result;

/* The options a command accepts. */
typedef enum {
    OPT_JSON      = 1 << 0,
    OPT_LINK_LOST = 1 << 1,
    OPT_GENERATE  = 1 << 2,
    OPT_FORCE     = 1 << 3,
    OPT_SECRETS   = 1 << 4,
    OPT_IMPORT    = 1 << 5,
} OptionFlags;

static struct {
    gboolean json;
    gboolean link_lost;
    gboolean generate;
    gboolean force;
    gboolean session_bus;
    gboolean version;
    gboolean apply;
    char    *host_dir;
    char    *secrets_file;
    char    *from;
    char    *root;
} gl;

/* Prints @error and returns the exit code its kind calls for. */
static Result
fail(const GError *error)
{
    g_printerr("Error: %s\n", error->message);
    if (g_error_matches(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_SETTING) ||
        g_error_matches(error, NMNVME_ERROR, NMNVME_ERROR_UNKNOWN_SETTING) ||
        g_error_matches(error, NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT) ||
        error->domain == G_OPTION_ERROR)
        return RESULT_ERROR_USER_INPUT;
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
        g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
        g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
        g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
        return RESULT_ERROR_TIMEOUT;
    return RESULT_ERROR_UNKNOWN;
}

static Result fail_usage(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static Result
fail_usage(const char *fmt, ...)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *msg    = NULL;
    va_list          args;

    va_start(args, fmt);
    msg = g_strdup_vprintf(fmt, args);
    va_end(args);
    error = g_error_new(G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s (see 'nm-nvme --help')", msg);
    return fail(error);
}

static NMNvmeDBusNvme *
client_new(GError **error)
{
    return nmnvme_cli_client_new(gl.session_bus ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM, error);
}

/* (transfer full): the daemon's snapshot, or %NULL with @error. */
static GVariant *
get_sessions(GError **error)
{
    g_autoptr(NMNvmeDBusNvme) proxy = client_new(error);

    return proxy ? nmnvme_cli_client_get_sessions(proxy, error) : NULL;
}

/* Prints @json as JSON with --json, else @rows as @table. */
static Result
print_view(GVariant *json, GVariant *rows, NMNvmeCliTable table)
{
    g_autofree char *text =
        gl.json ? nmnvme_cli_format_json(json) : nmnvme_cli_format_table(rows, table);

    g_print("%s", text);
    return RESULT_SUCCESS;
}

/* ---- read commands -------------------------------------------------------- */

/* The NBFT line of `status`; a daemon without the property says why. */
static void
print_nbft_status(NMNvmeDBusNvme *proxy)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *status = nmnvme_cli_client_get_nbft_status(proxy, &error);
    g_autofree char *line   = nmnvme_cli_nbft_status_line(status ? status : error->message);

    g_print("\n%s", line);
}

static Result
cmd_status(char **args)
{
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy = client_new(&error);
    g_autoptr(GVariant) sessions    = NULL;
    g_autoptr(GVariant) rows        = NULL;
    g_autoptr(GVariant) excluded    = NULL;
    Result result;

    sessions = proxy ? nmnvme_cli_client_get_sessions(proxy, &error) : NULL;
    if (!sessions)
        return fail(error);
    rows = nmnvme_cli_view_sessions(sessions);
    result = print_view(sessions, rows, NMNVME_CLI_TABLE_SESSIONS);
    excluded = nmnvme_cli_view_excluded(sessions);
    if (!gl.json && g_variant_n_children(excluded) > 0) {
        g_autofree char *text = nmnvme_cli_format_table(excluded, NMNVME_CLI_TABLE_EXCLUDED);

        g_print("\nExcluded host-wide (%s, %s/*.conf):\n%s",
                "/etc/nvme/exclusions.conf",
                "/etc/nvme/exclusions.conf.d",
                text);
    }
    if (!gl.json)
        print_nbft_status(proxy);
    return result;
}

static Result
cmd_nbft(char **args)
{
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy = client_new(&error);
    g_autoptr(GVariant) nbft        = NULL;
    g_autofree char *text           = NULL;

    nbft = proxy ? nmnvme_cli_client_get_nbft(proxy, &error) : NULL;
    if (!nbft)
        return fail(error);
    text = gl.json ? nmnvme_cli_format_json(nbft) : nmnvme_cli_nbft_format(nbft);
    g_print("%s", text);
    return RESULT_SUCCESS;
}

static Result
cmd_zeroconf(char **args)
{
    g_autoptr(GError) error      = NULL;
    g_autoptr(GVariant) sessions = get_sessions(&error);
    g_autoptr(GVariant) rows     = NULL;

    if (!sessions)
        return fail(error);
    rows = nmnvme_cli_view_zeroconf(sessions, args[0]);
    return print_view(rows, rows, NMNVME_CLI_TABLE_ZEROCONF);
}

static Result
cmd_controllers(char **args)
{
    g_autoptr(GError) error      = NULL;
    g_autoptr(GVariant) sessions = get_sessions(&error);
    g_autoptr(GVariant) rows     = NULL;

    if (!sessions)
        return fail(error);
    rows = nmnvme_cli_view_controllers(sessions);
    return print_view(rows, rows, NMNVME_CLI_TABLE_CONTROLLERS);
}

/* An NMNvmeCliLogPageFunc over the proxy @user_data. */
static gboolean
fetch_log_page(const char *iface,
               const char *dc_key,
               guint       offset,
               guint       limit,
               GVariant  **out_entries,
               guint      *out_total,
               guint64    *out_genctr,
               gpointer    user_data,
               GError    **error)
{
    return nmnvme_cli_client_get_discovery_log(user_data,
                                               iface,
                                               dc_key,
                                               offset,
                                               limit,
                                               out_entries,
                                               out_total,
                                               out_genctr,
                                               error);
}

static Result
cmd_discovery_log(char **args)
{
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy = client_new(&error);
    g_autoptr(GVariant) sessions    = NULL;
    g_autoptr(GVariant) dcs         = NULL;
    g_autoptr(GVariant) full        = NULL;
    g_autoptr(GVariant) entries     = NULL;

    sessions = proxy ? nmnvme_cli_client_get_sessions(proxy, &error) : NULL;
    if (!sessions)
        return fail(error);
    dcs  = nmnvme_cli_view_discovery(sessions, args[0]);
    full = nmnvme_cli_log_fill(dcs, NMNVME_DBUS_LOG_PAGE_MAX, fetch_log_page, proxy, &error);
    if (!full)
        return fail(error);
    entries = nmnvme_cli_view_log_entries(full);
    return print_view(full, entries, NMNVME_CLI_TABLE_LOG_ENTRIES);
}

/* ---- control commands ----------------------------------------------------- */

static Result
cmd_attach(char **args)
{
    g_autoptr(GError) error            = NULL;
    g_autoptr(GHashTable) pairs        = NULL;
    g_autoptr(NMNvmeSettings) settings = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy    = NULL;

    pairs = nmnvme_cli_pairs_parse((const char *const *) args + 1, &error);
    if (!pairs)
        return fail(error);
    if (gl.secrets_file && !nmnvme_cli_secrets_read_into(gl.secrets_file, pairs, &error))
        return fail(error);
    /* the daemon validates again; this answers before any bus traffic */
    settings = nmnvme_settings_new_from_data(pairs, &error);
    if (!settings)
        return fail(error);
    proxy = client_new(&error);
    if (!proxy || !nmnvme_cli_client_attach(proxy, args[0], pairs, "cli", &error))
        return fail(error);
    g_print("Interface '%s' attached.\n", args[0]);
    return RESULT_SUCCESS;
}

static Result
cmd_detach(char **args)
{
    const char *reason =
        gl.link_lost ? NMNVME_DBUS_REASON_LINK_LOST : NMNVME_DBUS_REASON_DEACTIVATE;
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeDBusNvme) proxy = client_new(&error);

    if (!proxy || !nmnvme_cli_client_detach(proxy, args[0], reason, -1, &error))
        return fail(error);
    g_print("Interface '%s' detached (%s).\n", args[0], reason);
    return RESULT_SUCCESS;
}

/* ---- profiles (user.data) ------------------------------------------------ */

/* Prints where a saved profile was reapplied. */
static Result
report_saved(NMRemoteConnection *remote, GStrv reapplied)
{
    const char *id = nm_connection_get_id(NM_CONNECTION(remote));

    if (reapplied && reapplied[0]) {
        g_autofree char *list = g_strjoinv(", ", reapplied);

        g_print("Connection '%s' saved and reapplied on %s.\n", id, list);
    } else {
        g_print("Connection '%s' saved (not active).\n", id);
    }
    return RESULT_SUCCESS;
}

static Result
cmd_connection(char **args)
{
    const char *verb                    = args[0];
    g_autoptr(GError) error             = NULL;
    g_autoptr(NMClient) client          = NULL;
    g_autoptr(NMRemoteConnection) remote = NULL;
    g_auto(GStrv) reapplied             = NULL;
    guint n_rest                        = g_strv_length(args + 2);

    if (!g_strv_contains((const char *const[]){ "modify", "show", "clear", NULL }, verb))
        return fail_usage("unknown 'connection' command '%s'", verb);
    if (gl.json && !g_str_equal(verb, "show"))
        return fail_usage("'connection %s' does not take --json", verb);
    if (g_str_equal(verb, "modify") ? (n_rest == 0 || n_rest % 2) : n_rest != 0)
        return fail_usage("usage: nm-nvme connection %s", verb);
    client = nmnvme_nm_client_new(&error);
    if (client && !nm_client_get_nm_running(client))
        g_set_error(&error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "NetworkManager is not running");
    remote = client && !error ? nmnvme_cli_connection_find(client, args[1], &error) : NULL;
    if (!remote)
        return fail(error);
    if (g_str_equal(verb, "show")) {
        g_autoptr(GVariant) view = nmnvme_cli_connection_view(remote);
        g_autofree char *text =
            gl.json ? nmnvme_cli_format_json(view) : nmnvme_cli_connection_format(view);

        g_print("%s", text);
        return RESULT_SUCCESS;
    }
    if (g_str_equal(verb, "modify")
            ? !nmnvme_cli_connection_modify(
                client, remote, (const char *const *) args + 2, &reapplied, &error)
            : !nmnvme_cli_connection_clear(client, remote, &reapplied, &error))
        return fail(error);
    return report_saved(remote, reapplied);
}

/* ---- host identity -------------------------------------------------------- */

static Result
host_command(NMNvmeCliHostFile file)
{
    const char *dir         = gl.host_dir ? gl.host_dir : NMNVME_HOST_DIR;
    g_autoptr(GError) error = NULL;
    g_autofree char *value  = NULL;

    if (gl.force && !gl.generate)
        return fail_usage("--force only goes with --generate");
    value = gl.generate ? nmnvme_cli_host_generate(dir, file, gl.force, &error)
                        : nmnvme_cli_host_show(dir, file, &error);
    if (!value)
        return fail(error);
    if (gl.json) {
        g_autoptr(GVariant) dict = g_variant_ref_sink(
            g_variant_new_parsed("{%s: <%s>}", nmnvme_cli_host_file_name(file), value));
        g_autofree char *text = nmnvme_cli_format_json(dict);

        g_print("%s", text);
    } else {
        g_print("%s\n", value);
    }
    return RESULT_SUCCESS;
}

static Result
cmd_hostnqn(char **args)
{
    return host_command(NMNVME_CLI_HOST_NQN);
}

static Result
cmd_hostid(char **args)
{
    return host_command(NMNVME_CLI_HOST_ID);
}

/* ---- import ---------------------------------------------------------------- */

/* (transfer full) (nullable): a client when NetworkManager runs, else NULL
 * with @error. */
static NMClient *
running_client(GError **error)
{
    g_autoptr(NMClient) client = nmnvme_nm_client_new(error);

    if (client && !nm_client_get_nm_running(client)) {
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "NetworkManager is not running");
        return NULL;
    }
    return g_steal_pointer(&client);
}

static Result
apply_plan(NMClient *client, const NMNvmeMigratePlan *plan, GError *nm_error)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) done      = NULL;
    gboolean ok;

    if (!client)
        return fail(nm_error);
    ok = nmnvme_cli_import_apply(client, plan, &done, &error);
    g_print("\n");
    for (guint i = 0; done && done[i]; i++)
        g_print("%s\n", done[i]);
    return ok ? RESULT_SUCCESS : fail(error);
}

static Result
cmd_import(char **args)
{
    g_autoptr(GError) error                = NULL;
    g_autoptr(GError) nm_error             = NULL;
    g_autoptr(NMNvmeMigrateConfig) config  = NULL;
    g_autoptr(NMNvmeMigratePlan) plan      = NULL;
    g_autoptr(NMClient) client             = NULL;
    g_autoptr(GHashTable) targets          = NULL;
    g_autofree char *text                  = NULL;
    NMNvmeMigrateFrom from                 = NMNVME_MIGRATE_FROM_AUTO;

    if (gl.from && !nmnvme_migrate_from_parse(gl.from, &from))
        return fail_usage("--from takes stas, nvme-cli or auto, not '%s'", gl.from);
    config = nmnvme_migrate_read(from, gl.root, &error);
    plan   = config ? nmnvme_migrate_plan_new(config, nmnvme_migrate_route_lookup, NULL, &error) : NULL;
    if (!plan)
        return fail(error);
    client  = running_client(&nm_error);
    targets = client ? nmnvme_cli_import_targets(client, plan) : NULL;
    text    = nmnvme_migrate_plan_format(plan, config->files, targets);
    g_print("%s", text);
    if (gl.apply && plan->ifaces->len > 0)
        return apply_plan(client, plan, g_steal_pointer(&nm_error));
    if (plan->ifaces->len > 0)
        g_print("\nNothing changed (--apply makes these changes).\n");
    return RESULT_SUCCESS;
}

/* ---- the command table ---------------------------------------------------- */

typedef struct {
    const char *name;
    const char *usage;
    guint       min_args;
    guint       max_args; /* G_MAXUINT: any number */
    OptionFlags options;
    Result (*run)(char **args);
} Command;

static const Command commands[] = {
    { "status", "", 0, 0, OPT_JSON, cmd_status },
    { "controllers", "", 0, 0, OPT_JSON, cmd_controllers },
    { "discovery-log", "[IFACE]", 0, 1, OPT_JSON, cmd_discovery_log },
    { "zeroconf", "[IFACE]", 0, 1, OPT_JSON, cmd_zeroconf },
    { "nbft", "", 0, 0, OPT_JSON, cmd_nbft },
    { "attach", "IFACE KEY=VALUE... [--secrets-file FILE|-]", 1, G_MAXUINT, OPT_SECRETS, cmd_attach },
    { "detach", "IFACE [--link-lost]", 1, 1, OPT_LINK_LOST, cmd_detach },
    { "connection",
      "modify ID [+|-]nvme.KEY VALUE... | show ID | clear ID",
      2,
      G_MAXUINT,
      OPT_JSON,
      cmd_connection },
    { "import", "[--from stas|nvme-cli|auto] [--apply] [--root DIR]", 0, 0, OPT_IMPORT, cmd_import },
    { "hostnqn", "[--generate [--force]]", 0, 0, OPT_JSON | OPT_GENERATE | OPT_FORCE, cmd_hostnqn },
    { "hostid", "[--generate [--force]]", 0, 0, OPT_JSON | OPT_GENERATE | OPT_FORCE, cmd_hostid },
};

static const char summary[] =
    "Commands:\n"
    "  status                          sessions: interface, owner, state, controller counts;\n"
    "                                  whether the host has an NBFT\n"
    "  controllers                     every discovery and I/O controller of every session\n"
    "  discovery-log [IFACE]           the cached discovery log entries\n"
    "  zeroconf [IFACE]                mDNS services seen by zeroconf sessions, and their\n"
    "                                  state (reachable, unreachable, ignored, withdrawn)\n"
    "  nbft                            the host's NBFT (Boot from SAN): interfaces,\n"
    "                                  subsystems, discovery records, connected or not (root)\n"
    "  attach IFACE KEY=VALUE... [--secrets-file FILE|-]\n"
    "                                  attach IFACE with these nvme.* settings (root);\n"
    "                                  secrets (nvme.dhchap-secret, nvme.dhchap-ctrl-secret,\n"
    "                                  nvme.tls-key) only from FILE (mode 0600) or standard\n"
    "                                  input (-),\n"
    "                                  one KEY=VALUE a line, never as arguments\n"
    "  detach IFACE [--link-lost]      detach IFACE (root)\n"
    "  connection modify ID [+|-]nvme.KEY VALUE...\n"
    "                                  change the nvme.* settings of a NetworkManager\n"
    "                                  profile (UUID, name or interface), reapply if active\n"
    "  connection show ID              the profile's nvme.* settings (\"--\": default)\n"
    "  connection clear ID             remove every nvme.* setting from the profile\n"
    "  import [--from stas|nvme-cli|auto] [--apply]\n"
    "                                  read nvme-stas's or nvme-cli's configuration and\n"
    "                                  print the nvme.* settings it becomes, per interface\n"
    "                                  and profile, and every key not mapped with why;\n"
    "                                  --apply saves them through NetworkManager (root)\n"
    "  hostnqn [--generate [--force]]  show the host NQN, or create " NMNVME_HOST_DIR "/hostnqn\n"
    "  hostid [--generate [--force]]   show the host ID, or create " NMNVME_HOST_DIR "/hostid\n"
    "\n"
    "--json applies to status, controllers, discovery-log, zeroconf, nbft, connection show,\n"
    "hostnqn "
    "and hostid.\n"
    "Exit status: 0 success, 1 error, 2 invalid input, 3 timeout.";

static const Command *
command_lookup(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (g_str_equal(commands[i].name, name))
            return &commands[i];
    }
    return NULL;
}

/* Whether an option outside @cmd's set was given; names it in @out_name. */
static gboolean
has_foreign_option(const Command *cmd, const char **out_name)
{
    const struct {
        OptionFlags flag;
        gboolean    given;
        const char *name;
    } options[] = {
        { OPT_JSON, gl.json, "--json" },
        { OPT_LINK_LOST, gl.link_lost, "--link-lost" },
        { OPT_GENERATE, gl.generate, "--generate" },
        { OPT_FORCE, gl.force, "--force" },
        { OPT_SECRETS, gl.secrets_file != NULL, "--secrets-file" },
        { OPT_IMPORT, gl.from != NULL, "--from" },
        { OPT_IMPORT, gl.apply, "--apply" },
        { OPT_IMPORT, gl.root != NULL, "--root" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(options); i++) {
        if (options[i].given && !(cmd->options & options[i].flag)) {
            *out_name = options[i].name;
            return TRUE;
        }
    }
    return FALSE;
}

static Result
run_command(char **argv)
{
    const Command *cmd  = argv[0] ? command_lookup(argv[0]) : NULL;
    guint          n    = argv[0] ? g_strv_length(argv) - 1 : 0;
    const char    *name = NULL;

    if (!argv[0])
        return fail_usage("no command given");
    /* unknown options are left in place for `connection modify
     * -nvme.KEY VALUE` and negative values; any other is an error */
    for (char **a = argv; *a; a++) {
        if (g_str_has_prefix(*a, "--"))
            return fail_usage("unknown option %s", *a);
    }
    if (!cmd)
        return fail_usage("unknown command '%s'", argv[0]);
    if (has_foreign_option(cmd, &name))
        return fail_usage("'%s' does not take %s", cmd->name, name);
    if (n < cmd->min_args || n > cmd->max_args)
        return fail_usage("usage: nm-nvme %s %s", cmd->name, cmd->usage);
    return cmd->run(argv + 1);
}

int
main(int argc, char **argv)
{
    const GOptionEntry entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &gl.json, "Print JSON instead of a table", NULL },
        { "link-lost",
          0,
          0,
          G_OPTION_ARG_NONE,
          &gl.link_lost,
          "detach: the link went away (keep the controllers)",
          NULL },
        { "generate",
          0,
          0,
          G_OPTION_ARG_NONE,
          &gl.generate,
          "hostnqn, hostid: create the file",
          NULL },
        { "force", 0, 0, G_OPTION_ARG_NONE, &gl.force, "with --generate: replace the file", NULL },
        { "secrets-file",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &gl.secrets_file,
          "attach: read secrets from FILE (mode 0600), '-' for standard input",
          "FILE" },
        { "from",
          0,
          0,
          G_OPTION_ARG_STRING,
          &gl.from,
          "import: stas, nvme-cli or auto (default: both)",
          "TOOL" },
        { "apply", 0, 0, G_OPTION_ARG_NONE, &gl.apply, "import: make the changes", NULL },
        { "root",
          0,
          0,
          G_OPTION_ARG_FILENAME,
          &gl.root,
          "import: read the configuration files under DIR instead of /",
          "DIR" },
        { "version", 0, 0, G_OPTION_ARG_NONE, &gl.version, "Print the version and exit", NULL },
        { "session-bus", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &gl.session_bus, NULL, NULL },
        { "host-dir", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &gl.host_dir, NULL, NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("COMMAND [ARGUMENTS...]");
    g_autoptr(GError) error           = NULL;
    g_auto(GStrv) args                = NULL;
    Result result;

    setlocale(LC_ALL, "");
    g_option_context_set_summary(context, "NVMe over Fabrics sessions of nm-nvme-daemon.");
    g_option_context_set_description(context, summary);
    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_ignore_unknown_options(context, TRUE);
    args = g_strdupv(argv);
    if (!g_option_context_parse_strv(context, &args, &error)) {
        result = fail(error);
    } else if (gl.version) {
        g_print("nm-nvme %s\n", PACKAGE_VERSION);
        result = RESULT_SUCCESS;
    } else {
        result = run_command(args + 1);
    }
    g_clear_pointer(&gl.host_dir, g_free);
    g_clear_pointer(&gl.secrets_file, g_free);
    g_clear_pointer(&gl.from, g_free);
    g_clear_pointer(&gl.root, g_free);
    return result;
}
