/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-kernel-ctrl.c: kernel controller snapshots from sysfs attributes.
 */
#include "config.h"

#include "nmnvme-kernel-ctrl.h"

#include <string.h>

#include <glib/gstdio.h>

#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

/* Attributes every controller has; reading them must succeed. */
static const char *const required_attrs[] = { "transport", "subsysnqn", "state", NULL };

/* Attributes that older kernels or non-fabrics controllers lack. */
static const char *const optional_attrs[] = {
    "address", "hostnqn", "hostid", "cntrltype", "dctype", "tls_key", "tls_mode", NULL,
};

/* "nvme12" -> 12; FALSE for anything but `nvme` and a decimal number. */
static gboolean
parse_ctrl_name(const char *name, guint *out_instance)
{
    const char *digits = name + strlen("nvme");
    guint64     instance;

    /* "nvme0", never "nvme05" nor "nvme\v5" (strtoull() skips a leading
     * vertical tab, which g_ascii_string_to_unsigned() lets through): the
     * kernel writes digits only, without a leading zero */
    if (!g_str_has_prefix(name, "nvme") || !g_ascii_isdigit(digits[0]) ||
        (digits[0] == '0' && digits[1] != '\0') ||
        !g_ascii_string_to_unsigned(digits, 10, 0, G_MAXINT, &instance, NULL))
        return FALSE;
    *out_instance = (guint) instance;
    return TRUE;
}

/* The attribute's value without surrounding whitespace; NULL when absent or empty. */
static char *
attr_value(GHashTable *attrs, const char *name)
{
    const char      *raw   = g_hash_table_lookup(attrs, name);
    g_autofree char *value = raw ? g_strstrip(g_strdup(raw)) : NULL;

    return value && *value ? g_steal_pointer(&value) : NULL;
}

static gboolean
check_required(const NMNvmeKernelCtrl *ctrl, GError **error)
{
    const char *missing = !ctrl->transport   ? "transport"
                          : !ctrl->subsysnqn ? "subsysnqn"
                          : !ctrl->state     ? "state"
                                             : NULL;

    if (missing)
        return nmnvme_error_invalid(error,
                                    "controller %s: attribute '%s' is missing or empty",
                                    ctrl->name,
                                    missing);
    return TRUE;
}

NMNvmeKernelCtrl *
nmnvme_kernel_ctrl_new(const char *name, GHashTable *attrs, GError **error)
{
    g_autoptr(NMNvmeKernelCtrl) ctrl = NULL;
    g_autofree char *address         = NULL;
    guint            instance        = 0;

    g_return_val_if_fail(name, NULL);
    g_return_val_if_fail(attrs, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    if (!parse_ctrl_name(name, &instance)) {
        nmnvme_error_invalid(error, "'%s' is not a controller name (nvmeN)", name);
        return NULL;
    }
    ctrl            = g_new0(NMNvmeKernelCtrl, 1);
    ctrl->name      = g_strdup(name);
    ctrl->instance  = instance;
    ctrl->transport = attr_value(attrs, "transport");
    ctrl->subsysnqn = attr_value(attrs, "subsysnqn");
    ctrl->hostnqn   = attr_value(attrs, "hostnqn");
    ctrl->hostid    = attr_value(attrs, "hostid");
    ctrl->cntrltype = attr_value(attrs, "cntrltype");
    ctrl->dctype    = attr_value(attrs, "dctype");
    ctrl->state     = attr_value(attrs, "state");
    ctrl->tls_key   = attr_value(attrs, "tls_key");
    ctrl->tls_mode  = attr_value(attrs, "tls_mode");
    address         = attr_value(attrs, "address");
    ctrl->address   = nmnvme_ctrl_address_parse(address ? address : "");
    if (!check_required(ctrl, error))
        return NULL;
    return g_steal_pointer(&ctrl);
}

/* Adds @dir/@attr to @attrs; a missing optional attribute is no error.
 * Errors are in the G_FILE_ERROR domain, so that a scan can tell a
 * controller that vanished from one that cannot be read. */
static gboolean
read_attr(GHashTable *attrs, const char *dir, const char *attr, gboolean required, GError **error)
{
    g_autofree char *path   = g_build_filename(dir, attr, NULL);
    g_autoptr(GError) local = NULL;
    char *contents          = NULL;

    if (g_file_get_contents(path, &contents, NULL, &local)) {
        g_hash_table_insert(attrs, (char *) attr, contents);
        return TRUE;
    }
    if (!required && g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
}

static GHashTable *
read_attrs(const char *dir, GError **error)
{
    g_autoptr(GHashTable) attrs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);

    for (const char *const *a = required_attrs; *a; a++) {
        if (!read_attr(attrs, dir, *a, TRUE, error))
            return NULL;
    }
    for (const char *const *a = optional_attrs; *a; a++) {
        if (!read_attr(attrs, dir, *a, FALSE, error))
            return NULL;
    }
    return g_steal_pointer(&attrs);
}

static gboolean
set_failed(GError **error, const GError *cause)
{
    g_set_error_literal(error, NMNVME_ERROR, NMNVME_ERROR_FAILED, cause->message);
    return FALSE;
}

guint64
nmnvme_kernel_ctrl_read_ino(const char *sysfs_dir)
{
    GStatBuf st;

    return g_stat(sysfs_dir, &st) == 0 ? (guint64) st.st_ino : 0;
}

/* The snapshot of the controller in @dir, named @name; errors as they come
 * (G_FILE_ERROR from the files, else nmnvme_kernel_ctrl_new()'s). The inode
 * is read before and after the attributes: a name recycled meanwhile gives
 * 0 (unknown), never the old controller's inode with the new one's
 * attributes. */
static NMNvmeKernelCtrl *
read_ctrl(const char *dir, const char *name, GError **error)
{
    guint64 ino                 = nmnvme_kernel_ctrl_read_ino(dir);
    g_autoptr(GHashTable) attrs = read_attrs(dir, error);
    NMNvmeKernelCtrl *ctrl      = attrs ? nmnvme_kernel_ctrl_new(name, attrs, error) : NULL;

    if (ctrl)
        ctrl->ino = ino == nmnvme_kernel_ctrl_read_ino(dir) ? ino : 0;
    return ctrl;
}

NMNvmeKernelCtrl *
nmnvme_kernel_ctrl_read(const char *sysfs_dir, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *name   = NULL;
    NMNvmeKernelCtrl *ctrl;

    g_return_val_if_fail(sysfs_dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    name = g_path_get_basename(sysfs_dir);
    ctrl = read_ctrl(sysfs_dir, name, &local);
    if (!ctrl && local->domain == G_FILE_ERROR)
        set_failed(error, local);
    else if (!ctrl)
        g_propagate_error(error, g_steal_pointer(&local));
    return ctrl;
}

/* A controller deleted under our feet: its files are gone (ENOENT), or
 * were opened just before removal (ENODEV). */
static gboolean
vanished(const GError *error)
{
    return g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
           g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NODEV);
}

/* Adds @name's snapshot to @ctrls; one that vanished is no error, one that
 * cannot be read or is incomplete is named in @skipped. */
static void
scan_one(GPtrArray *ctrls, GHashTable *skipped, const char *class_dir, const char *name)
{
    g_autofree char *path   = g_build_filename(class_dir, name, NULL);
    g_autoptr(GError) local = NULL;
    NMNvmeKernelCtrl *ctrl  = read_ctrl(path, name, &local);

    if (ctrl)
        g_ptr_array_add(ctrls, ctrl);
    else if (!vanished(local) && skipped)
        g_hash_table_replace(skipped, g_strdup(name), g_strdup(local->message));
}

static int
compare_instance(gconstpointer a, gconstpointer b)
{
    const NMNvmeKernelCtrl *ca = *(NMNvmeKernelCtrl *const *) a;
    const NMNvmeKernelCtrl *cb = *(NMNvmeKernelCtrl *const *) b;

    return (ca->instance > cb->instance) - (ca->instance < cb->instance);
}

GPtrArray *
nmnvme_kernel_ctrl_scan(const char *class_dir, GHashTable *skipped, GError **error)
{
    g_autoptr(GPtrArray) ctrls = NULL;
    g_autoptr(GDir) dir        = NULL;
    g_autoptr(GError) local    = NULL;
    const char *entry;
    guint       instance;

    g_return_val_if_fail(class_dir, NULL);
    g_return_val_if_fail(!error || !*error, NULL);

    ctrls = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_kernel_ctrl_free);
    dir   = g_dir_open(class_dir, 0, &local);
    if (!dir && !g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        set_failed(error, local);
        return NULL;
    }
    while (dir && (entry = g_dir_read_name(dir))) {
        if (parse_ctrl_name(entry, &instance))
            scan_one(ctrls, skipped, class_dir, entry);
    }
    g_ptr_array_sort(ctrls, compare_instance);
    return g_steal_pointer(&ctrls);
}

void
nmnvme_kernel_ctrl_free(NMNvmeKernelCtrl *ctrl)
{
    if (!ctrl)
        return;
    g_free(ctrl->name);
    g_free(ctrl->transport);
    nmnvme_ctrl_address_free(ctrl->address);
    g_free(ctrl->subsysnqn);
    g_free(ctrl->hostnqn);
    g_free(ctrl->hostid);
    g_free(ctrl->cntrltype);
    g_free(ctrl->dctype);
    g_free(ctrl->state);
    g_free(ctrl->tls_key);
    g_free(ctrl->tls_mode);
    g_free(ctrl->owner);
    g_free(ctrl);
}

const char *
nmnvme_kernel_ctrl_get_secure(const NMNvmeKernelCtrl *ctrl)
{
    g_return_val_if_fail(ctrl, NULL);

    if (!ctrl->tls_key)
        return NULL;
    return ctrl->tls_mode ? ctrl->tls_mode : "tls";
}

NMNvmeCtrlType
nmnvme_kernel_ctrl_get_type(const NMNvmeKernelCtrl *ctrl)
{
    g_return_val_if_fail(ctrl, NMNVME_CTRL_TYPE_OTHER);

    if (!ctrl->cntrltype)
        return g_strcmp0(ctrl->subsysnqn, NMNVME_NQN_DISCOVERY) == 0 ? NMNVME_CTRL_TYPE_DISCOVERY
                                                                     : NMNVME_CTRL_TYPE_IO;
    if (strcmp(ctrl->cntrltype, "io") == 0)
        return NMNVME_CTRL_TYPE_IO;
    if (strcmp(ctrl->cntrltype, "discovery") == 0)
        return NMNVME_CTRL_TYPE_DISCOVERY;
    return NMNVME_CTRL_TYPE_OTHER;
}

gboolean
nmnvme_kernel_ctrl_is_going_away(const NMNvmeKernelCtrl *ctrl)
{
    g_return_val_if_fail(ctrl, FALSE);

    return g_str_has_prefix(ctrl->state, "deleting") || strcmp(ctrl->state, "dead") == 0;
}
