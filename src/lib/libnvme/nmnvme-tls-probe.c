/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-tls-probe.c: the `.nvme` keyring, the PSK identities it shows and
 * tlshd in our network namespace, from /proc.
 */
#include "config.h"

#include "nmnvme-tls-probe.h"

#include <string.h>

/* /proc/keys is one line per key the reader may view; a few hundred bytes
 * each. A host with more than this many keys is not read further. */
#define MAX_KEYS_TEXT (1024 * 1024)

NMNvmeTlsProbe *
nmnvme_tls_probe_new(void)
{
    NMNvmeTlsProbe *probe = g_new0(NMNvmeTlsProbe, 1);

    probe->identities = g_ptr_array_new_with_free_func(g_free);
    return probe;
}

void
nmnvme_tls_probe_free(NMNvmeTlsProbe *probe)
{
    if (!probe)
        return;
    g_ptr_array_unref(probe->identities);
    g_free(probe);
}

/* The description of a /proc/keys line of @type, or NULL: the line is
 * "SERIAL FLAGS USAGE EXPIRY PERM UID GID TYPE DESCRIPTION[: SUMMARY]" with
 * the type padded to 9 columns. */
static char *
key_description(const char *line, const char *type)
{
    guint       n    = 0;
    const char *rest = line;

    /* skip 7 fields and the separators after each */
    for (; n < 7 && *rest; n++) {
        rest += strspn(rest, " \t");
        rest += strcspn(rest, " \t");
    }
    rest += strspn(rest, " \t");
    if (n < 7 || !g_str_has_prefix(rest, type))
        return NULL;
    rest += strlen(type);
    if (*rest != ' ' && *rest != '\t')
        return NULL;
    rest += strspn(rest, " \t");
    /* the summary after the last ": " is the key type's own ("32", "empty") */
    {
        const char *colon = g_strrstr(rest, ": ");

        return colon ? g_strndup(rest, colon - rest) : g_strdup(rest);
    }
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

void
nmnvme_tls_probe_parse_keys(NMNvmeTlsProbe *probe, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (char **l = lines; *l; l++) {
        g_autofree char *keyring = key_description(*l, "keyring");
        char            *psk;

        if (g_strcmp0(keyring, ".nvme") == 0)
            probe->keyring = TRUE;
        if ((psk = key_description(*l, "psk")) && g_str_has_prefix(psk, "NVMe"))
            g_ptr_array_add(probe->identities, psk);
        else
            g_free(psk);
    }
    g_ptr_array_sort(probe->identities, compare_strings);
}

static char *
read_link(const char *dir, const char *pid, const char *what)
{
    g_autofree char *path = g_build_filename(dir, pid, "ns", what, NULL);

    return g_file_read_link(path, NULL);
}

/* NETLINK_GENERIC, the protocol of the handshake family tlshd listens on. */
#define NETLINK_GENERIC_PROTO 16
/* libnl's local port: the process ID in the low 22 bits. */
#define NL_PORT_PID_MASK 0x3FFFFFu

/* The process IDs behind the generic netlink sockets of our network
 * namespace (@proc_dir/net/netlink lists only those: "sk Eth Pid ..."). */
static GHashTable *
read_genl_pids(const char *proc_dir)
{
    g_autofree char *path = g_build_filename(proc_dir, "net", "netlink", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines   = NULL;
    GHashTable *pids      = g_hash_table_new(g_direct_hash, g_direct_equal);

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return pids;
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        guint64 proto = 0;
        guint64 port  = 0;
        g_auto(GStrv) f = g_strsplit_set(g_strstrip(*l), " \t", -1);
        guint n = 0;
        char *fields[3];

        for (char **p = f; *p && n < 3; p++) {
            if (**p)
                fields[n++] = *p;
        }
        if (n == 3 && g_ascii_string_to_unsigned(fields[1], 10, 0, G_MAXUINT32, &proto, NULL) &&
            proto == NETLINK_GENERIC_PROTO &&
            g_ascii_string_to_unsigned(fields[2], 10, 1, G_MAXUINT32, &port, NULL))
            g_hash_table_add(pids, GUINT_TO_POINTER((guint) (port & NL_PORT_PID_MASK)));
    }
    return pids;
}

/* Whether process @pid named tlshd is in our network namespace: its
 * ns/net link, when we may read it, is ours; when we may not (a daemon
 * without CAP_SYS_PTRACE reading a process with more capabilities, as
 * under the hardened unit), one of its generic netlink sockets is among
 * our namespace's. */
static gboolean
is_tlshd(const char *dir, const char *pid, const char *our_net, GHashTable *genl_pids)
{
    g_autofree char *path = g_build_filename(dir, pid, "comm", NULL);
    g_autofree char *comm = NULL;
    g_autofree char *net  = NULL;
    guint64          n    = 0;

    if (!g_file_get_contents(path, &comm, NULL, NULL))
        return FALSE;
    if (strcmp(g_strchomp(comm), "tlshd") != 0)
        return FALSE;
    net = read_link(dir, pid, "net");
    if (net && our_net)
        return strcmp(net, our_net) == 0;
    return g_ascii_string_to_unsigned(pid, 10, 1, G_MAXUINT32, &n, NULL) &&
           g_hash_table_contains(genl_pids, GUINT_TO_POINTER((guint) (n & NL_PORT_PID_MASK)));
}

static gboolean
find_tlshd(const char *proc_dir)
{
    g_autoptr(GDir) dir            = g_dir_open(proc_dir, 0, NULL);
    g_autofree char *our_net       = read_link(proc_dir, "self", "net");
    g_autoptr(GHashTable) genl_pids = read_genl_pids(proc_dir);
    const char *name;

    if (!dir)
        return FALSE;
    while ((name = g_dir_read_name(dir))) {
        if (!g_ascii_isdigit(name[0]) || name[strspn(name, "0123456789")])
            continue;
        if (is_tlshd(proc_dir, name, our_net, genl_pids))
            return TRUE;
    }
    return FALSE;
}

NMNvmeTlsProbe *
nmnvme_tls_probe_read(const char *proc_dir)
{
    NMNvmeTlsProbe  *probe = nmnvme_tls_probe_new();
    g_autofree char *path  = g_build_filename(proc_dir, "keys", NULL);
    g_autofree char *text  = NULL;
    gsize            len   = 0;

    if (g_file_get_contents(path, &text, &len, NULL) && len <= MAX_KEYS_TEXT)
        nmnvme_tls_probe_parse_keys(probe, text);
    probe->tlshd = find_tlshd(proc_dir);
    return probe;
}

/* "NVMe" + version digit + R|G + two digits + " " */
static gboolean
identity_prefix(const char *id)
{
    return g_str_has_prefix(id, "NVMe") && g_ascii_isdigit(id[4]) &&
           (id[5] == 'R' || id[5] == 'G') && g_ascii_isdigit(id[6]) && g_ascii_isdigit(id[7]) &&
           id[8] == ' ';
}

gboolean
nmnvme_tls_probe_has_key_for(const NMNvmeTlsProbe *probe, const char *hostnqn, const char *subnqn)
{
    g_autofree char *pair = g_strdup_printf("%s %s", hostnqn, subnqn);
    gsize            len  = strlen(pair);

    for (guint i = 0; i < probe->identities->len; i++) {
        const char *id = probe->identities->pdata[i];

        if (identity_prefix(id) && strncmp(id + 9, pair, len) == 0 &&
            (id[9 + len] == '\0' || id[9 + len] == ' '))
            return TRUE;
    }
    return FALSE;
}

gboolean
nmnvme_tls_probe_equal(const NMNvmeTlsProbe *a, const NMNvmeTlsProbe *b)
{
    if (a->keyring != b->keyring || a->tlshd != b->tlshd ||
        a->identities->len != b->identities->len)
        return FALSE;
    for (guint i = 0; i < a->identities->len; i++) {
        if (strcmp(a->identities->pdata[i], b->identities->pdata[i]) != 0)
            return FALSE;
    }
    return TRUE;
}
