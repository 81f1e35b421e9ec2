/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-test-agent.c: a NetworkManager secret agent for the lab (never
 * installed), standing in for the user's agent (GNOME Shell, a keyring):
 *   nm-test-agent <SECRETS
 * reads KEY=VALUE lines from standard input (secrets never go on a command
 * line, which every local user can read), registers with NetworkManager
 * and answers every request for the `vpn` setting with these vpn.secrets, printing one line per request
 * ("get-secrets vpn flags=N") and "ready" once registered. Saving and
 * deleting succeed without storing anything. It runs until killed.
 */
#include "config.h"

#include <NetworkManager.h>
#include <nm-secret-agent-old.h>
#include <stdio.h>

typedef struct {
    NMSecretAgentOld parent;
    char           **words; /* KEY=VALUE lines of standard input */
} NMTestAgent;

typedef struct {
    NMSecretAgentOldClass parent;
} NMTestAgentClass;

static GType nm_test_agent_get_type(void);
G_DEFINE_TYPE(NMTestAgent, nm_test_agent, NM_TYPE_SECRET_AGENT_OLD)

static GVariant *
secrets_new(char **words)
{
    GVariantBuilder secrets, vpn, all;

    g_variant_builder_init(&secrets, G_VARIANT_TYPE("a{ss}"));
    for (char **w = words; *w; w++) {
        g_auto(GStrv) kv = g_strsplit(*w, "=", 2);

        if (kv[0] && kv[1])
            g_variant_builder_add(&secrets, "{ss}", kv[0], kv[1]);
    }
    g_variant_builder_init(&vpn, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&vpn, "{sv}", NM_SETTING_VPN_SECRETS, g_variant_builder_end(&secrets));
    g_variant_builder_init(&all, NM_VARIANT_TYPE_CONNECTION);
    g_variant_builder_add(&all, "{sa{sv}}", NM_SETTING_VPN_SETTING_NAME, &vpn);
    return g_variant_ref_sink(g_variant_builder_end(&all));
}

static void
get_secrets(NMSecretAgentOld              *agent,
            NMConnection                  *connection,
            const char                    *connection_path,
            const char                    *setting_name,
            const char                   **hints,
            NMSecretAgentGetSecretsFlags   flags,
            NMSecretAgentOldGetSecretsFunc callback,
            gpointer                       user_data)
{
    g_autoptr(GVariant) secrets = NULL;
    g_autoptr(GError) error     = NULL;

    g_print("get-secrets %s flags=%u\n", setting_name, (guint) flags);
    if (g_strcmp0(setting_name, NM_SETTING_VPN_SETTING_NAME) != 0) {
        error = g_error_new(NM_SECRET_AGENT_ERROR,
                            NM_SECRET_AGENT_ERROR_NO_SECRETS,
                            "only vpn secrets here");
        callback(agent, connection, NULL, error, user_data);
        return;
    }
    secrets = secrets_new(((NMTestAgent *) agent)->words);
    callback(agent, connection, secrets, NULL, user_data);
}

static void
cancel_get_secrets(NMSecretAgentOld *agent, const char *path, const char *setting_name)
{
}

static void
save_secrets(NMSecretAgentOld               *agent,
             NMConnection                   *connection,
             const char                     *connection_path,
             NMSecretAgentOldSaveSecretsFunc callback,
             gpointer                        user_data)
{
    callback(agent, connection, NULL, user_data);
}

static void
delete_secrets(NMSecretAgentOld                 *agent,
               NMConnection                     *connection,
               const char                       *connection_path,
               NMSecretAgentOldDeleteSecretsFunc callback,
               gpointer                          user_data)
{
    callback(agent, connection, NULL, user_data);
}

static void
nm_test_agent_init(NMTestAgent *agent)
{
}

static void
nm_test_agent_class_init(NMTestAgentClass *klass)
{
    NMSecretAgentOldClass *agent_class = NM_SECRET_AGENT_OLD_CLASS(klass);

    agent_class->get_secrets        = get_secrets;
    agent_class->cancel_get_secrets = cancel_get_secrets;
    agent_class->save_secrets       = save_secrets;
    agent_class->delete_secrets     = delete_secrets;
}

/* (transfer full): the lines of standard input. */
static char **
read_stdin_lines(void)
{
    g_autoptr(GString) text = g_string_new(NULL);
    char               buf[4096];
    size_t             n;

    while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
        g_string_append_len(text, buf, n);
    return g_strsplit(g_strchomp(text->str), "\n", -1);
}

static void
on_registered(GObject *agent, GParamSpec *pspec, gpointer user_data)
{
    if (nm_secret_agent_old_get_registered(NM_SECRET_AGENT_OLD(agent)))
        g_print("ready\n");
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) error     = NULL;
    g_autoptr(GObject) agent    = NULL;
    g_autoptr(GMainLoop) loop   = g_main_loop_new(NULL, FALSE);

    setvbuf(stdout, NULL, _IOLBF, 0); /* a log file, read while we run */
    agent = g_object_new(nm_test_agent_get_type(),
                         NM_SECRET_AGENT_OLD_IDENTIFIER,
                         "io.nm-nvme.lab.agent",
                         NULL);
    ((NMTestAgent *) agent)->words = read_stdin_lines();
    /* auto-register (the default): registered whenever NetworkManager runs */
    g_signal_connect(agent, "notify::" NM_SECRET_AGENT_OLD_REGISTERED, G_CALLBACK(on_registered), NULL);
    if (!g_initable_init(G_INITABLE(agent), NULL, &error)) {
        g_printerr("nm-test-agent: %s\n", error->message);
        return 1;
    }
    g_main_loop_run(loop);
    return 0;
}
