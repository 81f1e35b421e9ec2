/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-connect-options.c: building the /dev/nvme-fabrics option string
 * from a request, the session's settings and the kernel's capabilities.
 */
#include "config.h"

#include "nmnvme-connect-options.h"

#include <string.h>

#include "nmnvme-dhchap.h"
#include "nmnvme-error.h"
#include "nmnvme-nqn.h"

/* Room for the longest option string (NQNs, addresses and secrets are
 * bounded), so that the builder never reallocates and leaves no copy of a
 * secret in freed memory. */
#define OPTIONS_SIZE 4096

typedef struct {
    GString                    *out;
    const NMNvmeFabricsOptions *caps;
    GPtrArray                  *dropped;
    GError                     *error;
} Builder;

static gboolean
supported(Builder *b, const char *option)
{
    if (!b->caps || nmnvme_fabrics_options_has(b->caps, option))
        return TRUE;
    if (b->dropped)
        g_ptr_array_add(b->dropped, g_strdup(option));
    return FALSE;
}

static void
add_string(Builder *b, const char *option, const char *value)
{
    if (!value || !*value || b->error || !supported(b, option))
        return;
    if (strchr(value, ',')) {
        nmnvme_error_invalid(&b->error,
                             "%s '%s' contains ',', which the kernel cannot take",
                             option,
                             value);
        return;
    }
    g_string_append_printf(b->out, "%s%s=%s", b->out->len ? "," : "", option, value);
}

static void
add_flag(Builder *b, const char *option, gboolean on)
{
    if (on && supported(b, option))
        g_string_append_printf(b->out, "%s%s", b->out->len ? "," : "", option);
}

static void
add_int_key(Builder *b, const char *option, const NMNvmeSettings *s, NMNvmeKey key)
{
    gint64 v;

    if (nmnvme_settings_get_int(s, key, &v) && supported(b, option))
        g_string_append_printf(b->out, ",%s=%" G_GINT64_FORMAT, option, v);
}

static void
add_bool_key(Builder *b, const char *option, const NMNvmeSettings *s, NMNvmeKey key)
{
    add_flag(b, option, nmnvme_settings_get_bool(s, key));
}

static void
add_secret_key(Builder                  *b,
               const char               *option,
               const NMNvmeSettings     *s,
               NMNvmeKey                 key,
               NMNvmeConnectOptionsFlags flags)
{
    const char *secret = nmnvme_settings_get_secret(s, key);

    if (!secret || !supported(b, option))
        return;
    g_string_append_printf(b->out,
                           ",%s=%s",
                           option,
                           flags & NMNVME_CONNECT_OPTIONS_WITH_SECRETS ? secret
                                                                       : NMNVME_SECRET_MASK);
}

/* TLS options are required, not optional: refused, not dropped. */
static void
add_tls_options(Builder *b, const NMNvmeConnectRequest *r)
{
    if (!r->tls || b->error)
        return;
    if (b->caps && !nmnvme_fabrics_options_has(b->caps, "tls")) {
        g_set_error(&b->error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "TLS asked for, but the kernel has no 'tls' connect option");
        return;
    }
    g_string_append(b->out, ",tls");
    if (r->tls_key == 0)
        return;
    if (b->caps && !nmnvme_fabrics_options_has(b->caps, "tls_key")) {
        g_set_error(&b->error,
                    NMNVME_ERROR,
                    NMNVME_ERROR_FAILED,
                    "a TLS key to use, but the kernel has no 'tls_key' connect option");
        return;
    }
    g_string_append_printf(b->out, ",tls_key=%" G_GINT32_FORMAT, r->tls_key);
}

/* Secure concatenation: `concat` alone (no `tls`, no `tls_key`) beside the
 * DH-HMAC-CHAP secret it derives the PSK from; required, never dropped. */
static void
add_concat(Builder *b, const NMNvmeConnectRequest *r)
{
    const char *why = NULL;

    if (!r->concat || b->error)
        return;
    if (r->tls || r->tls_key)
        why = "secure concatenation asked for together with 'tls', which the kernel refuses";
    else if (g_strcmp0(r->transport, "tcp") != 0)
        why = "secure concatenation exists for tcp only";
    else if (r->kind != NMNVME_CTRL_KIND_IO ||
             !nmnvme_settings_get_secret(r->settings, NMNVME_KEY_DHCHAP_SECRET))
        why = "secure concatenation (nvme.tls concat) needs nvme.dhchap-secret on an I/O "
              "controller";
    else if (b->caps && !nmnvme_fabrics_options_has(b->caps, "concat"))
        why = "secure concatenation asked for, but the kernel has no 'concat' connect option";
    else if (b->caps && !nmnvme_fabrics_options_has(b->caps, "dhchap_secret"))
        why = "secure concatenation asked for, but the kernel has no 'dhchap_secret' connect "
              "option";
    if (why) {
        g_set_error_literal(&b->error, NMNVME_ERROR, NMNVME_ERROR_FAILED, why);
        return;
    }
    g_string_append(b->out, ",concat");
}

/* The subsystem NQN, with TP8013 handled for discovery controllers. */
static const char *
target_nqn(Builder *b, const NMNvmeConnectRequest *r, gboolean *unique_dc)
{
    *unique_dc = FALSE;
    if (r->kind != NMNVME_CTRL_KIND_DISCOVERY || strcmp(r->subsysnqn, NMNVME_NQN_DISCOVERY) == 0)
        return r->subsysnqn;
    *unique_dc = supported(b, "discovery");
    return *unique_dc ? r->subsysnqn : NMNVME_NQN_DISCOVERY;
}

static void
add_io_options(Builder *b, const NMNvmeSettings *s, NMNvmeConnectOptionsFlags flags)
{
    add_int_key(b, "nr_io_queues", s, NMNVME_KEY_NR_IO_QUEUES);
    add_int_key(b, "nr_write_queues", s, NMNVME_KEY_NR_WRITE_QUEUES);
    add_int_key(b, "nr_poll_queues", s, NMNVME_KEY_NR_POLL_QUEUES);
    add_int_key(b, "queue_size", s, NMNVME_KEY_QUEUE_SIZE);
    add_bool_key(b, "disable_sqflow", s, NMNVME_KEY_DISABLE_SQFLOW);
    add_secret_key(b, "dhchap_secret", s, NMNVME_KEY_DHCHAP_SECRET, flags);
    add_secret_key(b, "dhchap_ctrl_secret", s, NMNVME_KEY_DHCHAP_CTRL_SECRET, flags);
}

char *
nmnvme_connect_options_build(const NMNvmeConnectRequest *r,
                             const NMNvmeFabricsOptions *caps,
                             NMNvmeConnectOptionsFlags   flags,
                             GPtrArray                  *dropped,
                             GError                    **error)
{
    Builder               b = { .out = g_string_sized_new(OPTIONS_SIZE), .caps = caps, .dropped = dropped };
    const NMNvmeSettings *s = r->settings;
    gboolean              unique_dc;
    const char           *nqn;

    g_return_val_if_fail(!error || !*error, NULL);

    add_string(&b, "transport", r->transport);
    add_string(&b, "traddr", r->traddr);
    add_string(&b, "trsvcid", r->trsvcid);
    nqn = target_nqn(&b, r, &unique_dc);
    add_string(&b, "nqn", nqn);
    add_string(&b, "hostnqn", r->hostnqn);
    add_string(&b, "hostid", r->hostid);
    add_string(&b, "host_traddr", r->host_traddr);
    if (g_strcmp0(r->transport, "tcp") == 0)
        add_string(&b, "host_iface", r->host_iface);
    if (r->kind == NMNVME_CTRL_KIND_DISCOVERY) {
        if (unique_dc)
            add_flag(&b, "discovery", TRUE);
        add_int_key(&b, "keep_alive_tmo", s, NMNVME_KEY_KATO);
    }
    add_int_key(&b, "ctrl_loss_tmo", s, NMNVME_KEY_CTRL_LOSS_TMO);
    add_int_key(&b, "reconnect_delay", s, NMNVME_KEY_RECONNECT_DELAY);
    if (g_strcmp0(r->transport, "tcp") == 0) {
        add_flag(&b, "hdr_digest", r->hdr_digest || nmnvme_settings_get_bool(s, NMNVME_KEY_HDR_DIGEST));
        add_flag(&b,
                 "data_digest",
                 r->data_digest || nmnvme_settings_get_bool(s, NMNVME_KEY_DATA_DIGEST));
    }
    if (r->kind == NMNVME_CTRL_KIND_IO)
        add_io_options(&b, s, flags);
    if (r->tls && g_strcmp0(r->transport, "tcp") != 0 && !b.error)
        g_set_error(&b.error, NMNVME_ERROR, NMNVME_ERROR_FAILED, "TLS exists for tcp only");
    add_tls_options(&b, r);
    add_concat(&b, r);
    if (b.error) {
        g_propagate_error(error, b.error);
        explicit_bzero(b.out->str, b.out->len);
        g_string_free(b.out, TRUE);
        return NULL;
    }
    return g_string_free(b.out, FALSE);
}
