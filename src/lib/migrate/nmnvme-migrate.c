/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-migrate.c: which files `nm-nvme import --from` reads, in which
 * order, with which parser.
 */
#include "config.h"

#include "nmnvme-error.h"
#include "nmnvme-migrate-private.h"

#include <string.h>

typedef enum {
    FORMAT_STAS2_DC,
    FORMAT_STAS2_IOC,
    FORMAT_SYS,
    FORMAT_FABRICS,
    FORMAT_STAS3_DAEMON,
    FORMAT_DISCOVERY,
    FORMAT_JSON,
} Format;

static const struct {
    NMNvmeMigrateFrom from;
    const char       *path;
    Format            format;
    gboolean          drop_ins; /* PATH.d/NAME.conf too */
} sources[] = {
    { NMNVME_MIGRATE_FROM_STAS, "/etc/stas/sys.conf", FORMAT_SYS },
    { NMNVME_MIGRATE_FROM_STAS, "/etc/stas/stafd.conf", FORMAT_STAS2_DC },
    { NMNVME_MIGRATE_FROM_STAS, "/etc/stas/stacd.conf", FORMAT_STAS2_IOC },
    { NMNVME_MIGRATE_FROM_STAS, "/etc/nvme/nvme-stas.conf", FORMAT_FABRICS, TRUE },
    { NMNVME_MIGRATE_FROM_STAS, "/etc/nvme/stafd.conf", FORMAT_STAS3_DAEMON },
    { NMNVME_MIGRATE_FROM_STAS, "/etc/nvme/stacd.conf", FORMAT_STAS3_DAEMON },
    { NMNVME_MIGRATE_FROM_NVME_CLI, "/etc/nvme/discovery.conf", FORMAT_DISCOVERY },
    { NMNVME_MIGRATE_FROM_NVME_CLI, "/etc/nvme/config.json", FORMAT_JSON },
    { NMNVME_MIGRATE_FROM_NVME_CLI, "/etc/nvme/nvme-fabrics.conf", FORMAT_FABRICS, TRUE },
};

gboolean
nmnvme_migrate_from_parse(const char *word, NMNvmeMigrateFrom *out)
{
    static const char *const words[] = { "auto", "stas", "nvme-cli" };

    for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
        if (g_strcmp0(word, words[i]) == 0) {
            *out = (NMNvmeMigrateFrom) i;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
parse(NMNvmeMigrateConfig *config,
      Format               format,
      const char          *path,
      const char          *text,
      const char          *root,
      GError             **error)
{
    switch (format) {
    case FORMAT_STAS2_DC:
    case FORMAT_STAS2_IOC:
        return nmnvme_migrate_parse_stas2(config, path, text, format == FORMAT_STAS2_DC, error);
    case FORMAT_SYS:
        return nmnvme_migrate_parse_sys(config, path, text, root, error);
    case FORMAT_FABRICS:
        return nmnvme_migrate_parse_fabrics(config, path, text, error);
    case FORMAT_STAS3_DAEMON:
        return nmnvme_migrate_parse_stas3_daemon(config, path, text, error);
    case FORMAT_DISCOVERY:
        return nmnvme_migrate_parse_discovery(config, path, text, error);
    case FORMAT_JSON:
        return nmnvme_migrate_parse_json(config, path, text, error);
    }
    g_return_val_if_reached(FALSE);
}

/* Reads @path (under @root) when it exists. */
static gboolean
read_one(NMNvmeMigrateConfig *config,
         Format               format,
         const char          *path,
         const char          *root,
         GError             **error)
{
    g_autofree char *real   = g_build_filename(root ? root : "/", path, NULL);
    g_autofree char *text   = NULL;
    g_autoptr(GError) local = NULL;

    if (!g_file_get_contents(real, &text, NULL, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return TRUE;
        g_set_error(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "%s: %s", path, local->message);
        return FALSE;
    }
    g_ptr_array_add(config->files, g_strdup(path));
    return parse(config, format, path, text, root, error);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* PATH.d/NAME.conf, in name order. */
static gboolean
read_drop_ins(NMNvmeMigrateConfig *config,
              Format               format,
              const char          *path,
              const char          *root,
              GError             **error)
{
    g_autofree char *dir_path  = g_strconcat(path, ".d", NULL);
    g_autofree char *real      = g_build_filename(root ? root : "/", dir_path, NULL);
    g_autoptr(GDir) dir        = g_dir_open(real, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        if (g_str_has_suffix(name, ".conf"))
            g_ptr_array_add(names, g_build_filename(dir_path, name, NULL));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        if (!read_one(config, format, names->pdata[i], root, error))
            return FALSE;
        nmnvme_migrate_note_add(
            config->notes,
            names->pdata[i],
            0,
            "(drop-in)",
            NULL,
            "a host persona's own identity is not mapped: its controllers connect with the host's");
    }
    return TRUE;
}

NMNvmeMigrateConfig *
nmnvme_migrate_read(NMNvmeMigrateFrom from, const char *root, GError **error)
{
    g_autoptr(NMNvmeMigrateConfig) config = nmnvme_migrate_config_new();

    for (guint i = 0; i < G_N_ELEMENTS(sources); i++) {
        if (from != NMNVME_MIGRATE_FROM_AUTO && from != sources[i].from)
            continue;
        if (!read_one(config, sources[i].format, sources[i].path, root, error))
            return NULL;
        if (sources[i].drop_ins &&
            !read_drop_ins(config, sources[i].format, sources[i].path, root, error))
            return NULL;
    }
    return g_steal_pointer(&config);
}
