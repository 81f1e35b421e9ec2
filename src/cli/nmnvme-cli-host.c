/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-host.c: showing and generating hostnqn and hostid, on top of
 * src/lib's nmnvme-host.
 */
#include "config.h"

#include "nmnvme-cli-host.h"

#include "nmnvme-host.h"

const char *
nmnvme_cli_host_file_name(NMNvmeCliHostFile file)
{
    switch (file) {
    case NMNVME_CLI_HOST_NQN:
        return "hostnqn";
    case NMNVME_CLI_HOST_ID:
        return "hostid";
    }
    g_return_val_if_reached(NULL);
}

char *
nmnvme_cli_host_show(const char *dir, NMNvmeCliHostFile file, GError **error)
{
    g_autoptr(NMNvmeHost) host = NULL;

    g_return_val_if_fail(dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    host = nmnvme_host_load(dir, error);
    if (!host)
        return NULL;
    switch (file) {
    case NMNVME_CLI_HOST_NQN:
        return g_strdup(nmnvme_host_get_nqn(host));
    case NMNVME_CLI_HOST_ID:
        return g_strdup(nmnvme_host_get_id(host));
    }
    g_return_val_if_reached(NULL);
}

/* (transfer full) (nullable): the first word of DIR/hostnqn, if readable. */
/* (transfer full): a new value for @file. */
static char *
generate(const char *dir, NMNvmeCliHostFile file)
{
    g_autofree char *hostnqn = NULL;

    switch (file) {
    case NMNVME_CLI_HOST_NQN:
        return nmnvme_host_generate_nqn();
    case NMNVME_CLI_HOST_ID:
        hostnqn = nmnvme_host_read_file(dir, "hostnqn", NULL);
        return nmnvme_host_generate_id(hostnqn);
    }
    g_return_val_if_reached(NULL);
}

char *
nmnvme_cli_host_generate(const char *dir, NMNvmeCliHostFile file, gboolean force, GError **error)
{
    g_autofree char *value = NULL;

    g_return_val_if_fail(dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    value = generate(dir, file);
    if (!nmnvme_host_write_file(dir, nmnvme_cli_host_file_name(file), value, force, error))
        return NULL;
    return g_steal_pointer(&value);
}
