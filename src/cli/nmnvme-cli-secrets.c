/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-cli-secrets.c: secrets from a private file or standard input. The
 * text is read into one buffer of fixed size on the stack and parsed in
 * place, so that the only copies of a secret are the buffer (wiped) and the
 * values handed over (wiped when @pairs frees them).
 */
#include "config.h"

#include "nmnvme-cli-secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nmnvme-cli-pairs.h"
#include "nmnvme-error.h"
#include "nmnvme-secret.h"
#include "nmnvme-utf8.h"

static gboolean
fail_invalid(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
fail_invalid(GError **error, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    g_propagate_error(error, g_error_new_valist(NMNVME_ERROR, NMNVME_ERROR_INVALID_ARGUMENT, fmt, args));
    va_end(args);
    return FALSE;
}

/* Opens @path for reading if only its owner may read or write it. */
static int
open_private(const char *path, GError **error)
{
    struct stat st;
    int         fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

    if (fd < 0) {
        nmnvme_error_errno(error, errno, path);
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        nmnvme_error_errno(error, errno, path);
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO))) {
        fail_invalid(error,
                     "%s: %s; secrets files must be readable by their owner only "
                     "(chmod 600)",
                     path,
                     S_ISREG(st.st_mode) ? "open to group or others" : "not a regular file");
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads all of @fd into @buf (NMNVME_CLI_SECRETS_MAX_SIZE + 1 bytes). */
static gboolean
read_all(int fd, const char *name, char *buf, GError **error)
{
    gsize len = 0;

    for (;;) {
        gssize n = read(fd, buf + len, NMNVME_CLI_SECRETS_MAX_SIZE + 1 - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return nmnvme_error_errno(error, errno, name);
        if (n == 0)
            break;
        len += n;
        if (len > NMNVME_CLI_SECRETS_MAX_SIZE)
            return fail_invalid(error,
                                "%s: larger than %d bytes",
                                name,
                                NMNVME_CLI_SECRETS_MAX_SIZE);
    }
    if (memchr(buf, '\0', len))
        return fail_invalid(error, "%s: not a text file", name);
    buf[len] = '\0';
    return TRUE;
}

/* Adds the secret on @line (modified in place) to @out. */
static gboolean
parse_line(const char *name, guint number, char *line, GHashTable *out, GError **error)
{
    char            *eq = strchr(line, '=');
    g_autofree char *key = NULL;

    if (!eq || eq == line)
        return fail_invalid(error, "%s: line %u: expected KEY=VALUE", name, number);
    *eq = '\0';
    g_strstrip(line);
    key = g_str_has_prefix(line, "nvme.") ? g_strdup(line) : g_strconcat("nvme.", line, NULL);
    if (!nmnvme_utf8_check_key(name, key, error))
        return FALSE;
    if (!nmnvme_cli_is_secret(key))
        return fail_invalid(error,
                            "%s: line %u: %s is not a secret; give it as KEY=VALUE",
                            name,
                            number,
                            key);
    if (g_hash_table_contains(out, key))
        return fail_invalid(error, "%s: line %u: %s given twice", name, number, key);
    g_hash_table_insert(out, g_steal_pointer(&key), nmnvme_secret_dup(g_strstrip(eq + 1)));
    return TRUE;
}

/* Parses @text (modified in place) into @out. */
static gboolean
parse_text(const char *name, char *text, GHashTable *out, GError **error)
{
    guint number = 0;

    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        number++;
        g_strstrip(line);
        if (!*line || *line == '#')
            continue;
        if (!parse_line(name, number, line, out, error))
            return FALSE;
    }
    return TRUE;
}

/* Moves @secrets into @pairs unless one is there already. */
static gboolean
merge(const char *name, GHashTable *secrets, GHashTable *pairs, GError **error)
{
    GHashTableIter iter;
    gpointer       key, value;

    g_hash_table_iter_init(&iter, secrets);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (g_hash_table_contains(pairs, key))
            return fail_invalid(error, "%s: %s is also an argument", name, (const char *) key);
    }
    g_hash_table_iter_init(&iter, secrets);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        g_hash_table_insert(pairs, key, value);
        g_hash_table_iter_steal(&iter);
    }
    return TRUE;
}

gboolean
nmnvme_cli_secrets_read_into(const char *path, GHashTable *pairs, GError **error)
{
    gboolean    from_stdin       = g_strcmp0(path, "-") == 0;
    const char *name             = from_stdin ? "standard input" : path;
    g_autoptr(GHashTable) secrets = nmnvme_secret_dict_new();
    char     buf[NMNVME_CLI_SECRETS_MAX_SIZE + 1];
    int      fd;
    gboolean ok;

    g_return_val_if_fail(path && pairs, FALSE);
    g_return_val_if_fail(!error || !*error, FALSE);

    fd = from_stdin ? STDIN_FILENO : open_private(path, error);
    if (fd < 0)
        return FALSE;
    ok = read_all(fd, name, buf, error) && parse_text(name, buf, secrets, error);
    explicit_bzero(buf, sizeof(buf));
    if (!from_stdin)
        close(fd);
    return ok && merge(name, secrets, pairs, error);
}
