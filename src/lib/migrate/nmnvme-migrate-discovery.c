/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate-discovery.c: nvme-cli's /etc/nvme/discovery.conf, which
 * `nvme connect-all` and nvme-cli's udev/systemd autoconnect read when given
 * no address: one discovery controller a line, written as `nvme discover`
 * options (`--transport=tcp --traddr=... -s 8009 --hdr-digest`). The
 * options of a line are for that discovery controller and the I/O
 * controllers its log lists. Words are split as a shell would split them,
 * but nothing is run.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"

#include <string.h>

/* `nvme discover`'s short options and the long ones they stand for. */
static const struct {
    char        letter;
    const char *name;
} short_options[] = {
    { 't', "transport" },
    { 'a', "traddr" },
    { 's', "trsvcid" },
    { 'w', "host-traddr" },
    { 'f', "host-iface" },
    { 'q', "hostnqn" },
    { 'I', "hostid" },
    { 'n', "nqn" },
    { 'S', "dhchap-secret" },
    { 'C', "dhchap-ctrl-secret" },
    { 'k', "keep-alive-tmo" },
    { 'c', "reconnect-delay" },
    { 'l', "ctrl-loss-tmo" },
    { 'i', "nr-io-queues" },
    { 'W', "nr-write-queues" },
    { 'P', "nr-poll-queues" },
    { 'Q', "queue-size" },
    { 'T', "tos" },
    { 'g', "hdr-digest" },
    { 'G', "data-digest" },
    { 'D', "duplicate-connect" },
    { 'd', "device" },
    { 'p', "persistent" },
    { 'o', "output-format" },
    { 'r', "raw" },
};

/* Options that take no value. */
static const char *const flags[] = {
    "hdr-digest",     "data-digest", "duplicate-connect",
    "disable-sqflow", "persistent",  "quiet",
    "force",          "verbose",     "tls",
    "concat",         NULL,
};

static const char *
long_name(const char *word)
{
    if (g_str_has_prefix(word, "--"))
        return word + 2;
    for (guint i = 0; i < G_N_ELEMENTS(short_options); i++) {
        if (word[0] == '-' && word[1] == short_options[i].letter && !word[2])
            return short_options[i].name;
    }
    return NULL;
}

static gboolean
take_option(NMNvmeMigrateConfig *config,
            NMNvmeMigrateCtrl   *ctrl,
            const char          *name,
            const char          *value,
            GError             **error)
{
    if (nmnvme_migrate_ctrl_set_field(ctrl, name, value))
        return TRUE;
    return nmnvme_migrate_take(config,
                               NMNVME_MIGRATE_DISCOVERY,
                               NMNVME_MIGRATE_FOR_ANY,
                               name,
                               value,
                               ctrl->file,
                               ctrl->line,
                               ctrl->values,
                               error);
}

static gboolean
parse_words(NMNvmeMigrateConfig *config, NMNvmeMigrateCtrl *ctrl, char **argv, GError **error)
{
    for (guint i = 0; argv[i]; i++) {
        g_autofree char *name = NULL;
        const char      *value;
        const char      *n = long_name(argv[i]);
        char            *eq;

        if (!n) {
            nmnvme_migrate_set_error(error,
                                     ctrl->file,
                                     ctrl->line,
                                     argv[i],
                                     "not an nvme discover option");
            return FALSE;
        }
        name = g_strdup(n);
        eq   = strchr(name, '=');
        if (eq) {
            *eq   = '\0';
            value = eq + 1;
        } else if (g_strv_contains(flags, name)) {
            value = "true";
        } else if (argv[i + 1]) {
            value = argv[++i];
        } else {
            nmnvme_migrate_set_error(error, ctrl->file, ctrl->line, name, "its value is missing");
            return FALSE;
        }
        if (!take_option(config, ctrl, name, value, error))
            return FALSE;
    }
    return TRUE;
}

gboolean
nmnvme_migrate_parse_discovery(NMNvmeMigrateConfig *config,
                               const char          *path,
                               const char          *text,
                               GError             **error)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (guint i = 0; lines[i]; i++) {
        g_auto(GStrv) argv      = NULL;
        g_autoptr(GError) local = NULL;
        NMNvmeMigrateCtrl *ctrl;
        char              *s = g_strstrip(lines[i]);

        if (!*s || *s == '#')
            continue;
        if (!g_utf8_validate(s, -1, NULL) || !g_shell_parse_argv(s, NULL, &argv, &local)) {
            nmnvme_migrate_set_error(error,
                                     path,
                                     i + 1,
                                     "(line)",
                                     "%s",
                                     local ? local->message : "not UTF-8");
            return FALSE;
        }
        ctrl = nmnvme_migrate_ctrl_new(TRUE, path, i + 1);
        if (!parse_words(config, ctrl, argv, error)) {
            nmnvme_migrate_ctrl_free(ctrl);
            return FALSE;
        }
        if (!nmnvme_migrate_ctrl_add(config, ctrl, error))
            return FALSE;
    }
    return TRUE;
}
