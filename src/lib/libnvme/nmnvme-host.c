/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-host.c: loading and generating the host NQN and host ID.
 */
#include "config.h"

#include "nmnvme-host.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#include "nmnvme-error.h"
#include "nmnvme-libnvme.h"
#include "nmnvme-nqn.h"

#define UUID_NQN_PREFIX "nqn.2014-08.org.nvmexpress:uuid:"

struct _NMNvmeHost {
    char *nqn;
    char *id;
    char *symname;
};

char *
nmnvme_host_read_file(const char *dir, const char *name, GError **error)
{
    g_autofree char *path     = g_build_filename(dir, name, NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) local   = NULL;
    g_auto(GStrv) words       = NULL;

    if (!g_file_get_contents(path, &contents, NULL, &local)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s: %s (create it with 'nm-nvme %s --generate' or 'nvme gen-%s')",
                    path,
                    local->message,
                    name,
                    name);
        return NULL;
    }
    words = g_strsplit_set(g_strstrip(contents), " \t\n", 2);
    if (!words[0] || !*words[0]) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s is empty (fill it with 'nm-nvme %s --generate --force')",
                    path,
                    name);
        return NULL;
    }
    return g_strdup(words[0]);
}

static char *
default_symname(void)
{
    char name[256] = "";

    if (gethostname(name, sizeof(name) - 1) != 0 || !*name)
        return g_strdup("localhost");
    return g_strdup(name);
}

NMNvmeHost *
nmnvme_host_load(const char *dir, GError **error)
{
    g_autoptr(NMNvmeHost) host = g_new0(NMNvmeHost, 1);
    g_autoptr(GError) local    = NULL;

    g_return_val_if_fail(dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    host->nqn = nmnvme_host_read_file(dir, "hostnqn", error);
    if (!host->nqn)
        return NULL;
    if (!nmnvme_nqn_validate(host->nqn, &local)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s/hostnqn: '%s': %s",
                    dir,
                    host->nqn,
                    local->message);
        return NULL;
    }
    host->id = nmnvme_host_read_file(dir, "hostid", error);
    if (!host->id)
        return NULL;
    if (!g_uuid_string_is_valid(host->id)) {
        g_set_error(error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "%s/hostid: '%s' is not a UUID",
                    dir,
                    host->id);
        return NULL;
    }
    host->symname = default_symname();
    return g_steal_pointer(&host);
}

void
nmnvme_host_free(NMNvmeHost *host)
{
    if (!host)
        return;
    g_free(host->nqn);
    g_free(host->id);
    g_free(host->symname);
    g_free(host);
}

const char *
nmnvme_host_get_nqn(const NMNvmeHost *host)
{
    return host->nqn;
}

const char *
nmnvme_host_get_id(const NMNvmeHost *host)
{
    return host->id;
}

const char *
nmnvme_host_get_symname(const NMNvmeHost *host)
{
    return host->symname;
}

char *
nmnvme_host_generate_nqn(void)
{
    g_autofree char *generated = nmnvme_libnvme_generate_hostnqn();
    g_autofree char *uuid      = NULL;

    if (generated && nmnvme_nqn_validate(generated, NULL))
        return g_steal_pointer(&generated);
    uuid = g_uuid_string_random();
    return g_strconcat(UUID_NQN_PREFIX, uuid, NULL);
}

char *
nmnvme_host_generate_id(const char *hostnqn)
{
    if (hostnqn && g_str_has_prefix(hostnqn, UUID_NQN_PREFIX) &&
        g_uuid_string_is_valid(hostnqn + strlen(UUID_NQN_PREFIX)))
        return g_ascii_strdown(hostnqn + strlen(UUID_NQN_PREFIX), -1);
    return g_uuid_string_random();
}

gboolean
nmnvme_host_write_file(const char *dir,
                       const char *name,
                       const char *value,
                       gboolean    overwrite,
                       GError    **error)
{
    g_autofree char *path     = g_build_filename(dir, name, NULL);
    g_autofree char *contents = NULL;
    g_autofree char *line     = NULL;

    g_return_val_if_fail(!error || !*error, FALSE);

    if (!overwrite && g_file_get_contents(path, &contents, NULL, NULL) && *g_strstrip(contents)) {
        g_set_error(error,
                    G_IO_ERROR,
                    G_IO_ERROR_EXISTS,
                    "%s already exists (use --force to replace it)",
                    path);
        return FALSE;
    }
    if (g_mkdir_with_parents(dir, 0755) != 0)
        return nmnvme_error_errno(error, errno, dir);
    line = g_strconcat(value, "\n", NULL);
    return g_file_set_contents_full(path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
