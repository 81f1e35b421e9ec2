/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-session-tls.c: TLS for a session's connects (nmnvme-tls.h): the
 * decision per controller (`nvme.tls` against its log entry's TREQ and
 * TSAS: plain, TLS, or refused with the reason in its status), the wait
 * for a missing piece (the kernel's option, `.nvme`, tlshd, a key: state
 * tls-wait, re-checked by the engine without connecting), the configured
 * PSK inserted into `.nvme` before the connect (its serial passed as
 * `tls_key`, never the key), and what a failed TLS connect means. With
 * `nvme.tls=concat` (secure concatenation) no key is inserted or looked
 * up: the kernel derives it from the DH-HMAC-CHAP exchange.
 */
#include "config.h"

#include "nmnvme-session-private.h"

#include <errno.h>

#include "nmnvme-fabrics-tls.h"
#include "nmnvme-tls-psk.h"
#include "nmnvme-tls.h"

/* Sets @ctrl's TLS problem and its status text; logs a change only. */
static void
set_problem(NMNvmeCtrl *ctrl, NMNvmeTlsProblem problem, const char *text)
{
    NMNvmeSession *s = ctrl->session;

    if (ctrl->tls_problem == problem && g_strcmp0(ctrl->error, text) == 0)
        ; /* logged already */
    else if (problem == NMNVME_TLS_PROBLEM_CHECKING) /* a moment after the start */
        _LOG_IF_D(s->iface, "%s: TLS: %s", ctrl->key, text);
    else
        _LOG_IF_W(s->iface, "%s: TLS: %s", ctrl->key, text);
    ctrl->tls_problem = problem;
    nmnvme_ctrl_set_error(ctrl, text);
}

static void
wait_for(NMNvmeCtrl *ctrl, NMNvmeTlsProblem problem)
{
    NMNvmeSession   *s    = ctrl->session;
    g_autofree char *text = g_strdup_printf("waiting: %s", nmnvme_tls_problem_describe(problem));

    set_problem(ctrl, problem, text);
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_TLS_WAIT);
    if (s->ctx->tls)
        nmnvme_engine_tls_wait(s->ctx->tls);
}

/* Whether the session's port rules say TLS (ctrl->concat: by secure
 * concatenation); a refusal is final until the settings or the log change
 * (the controller stays idle). */
static gboolean
decide(NMNvmeSession *s, NMNvmeCtrl *ctrl, gboolean *out_refused)
{
    NMNvmeTlsPort port = {
        .transport = nmnvme_trid_get_transport(ctrl->trid),
        .from_log  = ctrl->from_log,
        .treq      = ctrl->treq,
        .sectype   = ctrl->sectype,
        .discovery = ctrl->kind == NMNVME_CTRL_KIND_DISCOVERY,
    };
    g_autofree char *why = NULL;
    NMNvmeTlsConnect c   = nmnvme_tls_decide(nmnvme_settings_get_tls(s->settings), &port, &why);

    *out_refused = c == NMNVME_TLS_CONNECT_REFUSE;
    if (*out_refused) {
        g_autofree char *text = g_strdup_printf("not connected: %s", why);

        set_problem(ctrl, NMNVME_TLS_PROBLEM_REFUSED, text);
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
    }
    ctrl->concat = c == NMNVME_TLS_CONNECT_CONCAT;
    return c == NMNVME_TLS_CONNECT_TLS || ctrl->concat;
}

/*****************************************************************************/
/* A configured key, inserted before the connect */

typedef struct {
    NMNvmeCtrl *ctrl;
    char       *identity;
} Insert;

/* The connect this insert was for is off (teardown, cancelled, left the
 * log): the controller goes back to idle, or away. */
static void
insert_abandoned(NMNvmeSession *s, NMNvmeCtrl *ctrl)
{
    if (ctrl->state == NMNVME_CTRL_STATE_CONNECTING)
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
    if (s->teardown != TEARDOWN_NONE)
        nmnvme_session_teardown_step(s);
    else if (!ctrl->configured && g_hash_table_size(ctrl->origins) == 0)
        nmnvme_session_ctrl_retire(ctrl);
}

static void
on_key_inserted(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Insert *ins                = user_data;
    g_autoptr(NMNvmeCtrl) ctrl = ins->ctrl;
    g_autofree char *identity  = ins->identity;
    g_autoptr(GError) error    = NULL;
    gint32         serial      = nmnvme_fabrics_tls_insert_key_finish(result, &error);
    NMNvmeSession *s           = ctrl->session;

    g_free(ins);
    if (!s)
        return; /* the session is gone: a key made is revoked by its release */
    s->pending--;
    /* recorded whatever happens to the connect: it is ours to revoke */
    if (serial && s->ctx->tls)
        nmnvme_engine_tls_key_use(s->ctx->tls, identity, serial, s->iface);
    if (ctrl->state != NMNVME_CTRL_STATE_CONNECTING || s->teardown != TEARDOWN_NONE ||
        nmnvme_session_ctrl_excluded(s, ctrl) ||
        (!ctrl->configured && g_hash_table_size(ctrl->origins) == 0)) {
        insert_abandoned(s, ctrl);
        return;
    }
    if (serial) {
        nmnvme_session_ctrl_connect_now(ctrl, serial);
        return;
    }
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
        set_problem(ctrl, NMNVME_TLS_PROBLEM_KEY_CONFLICT, error->message);
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_FAILED);
    } else {
        g_autofree char *text = g_strdup_printf("cannot insert the TLS key: %s", error->message);

        set_problem(ctrl, NMNVME_TLS_PROBLEM_NO_KEY, text);
        nmnvme_session_ctrl_schedule_retry(ctrl, text);
    }
    notify_changed(s);
}

static void
insert_key(NMNvmeSession *s, NMNvmeCtrl *ctrl, const char *text)
{
    g_autoptr(GError) error = NULL;
    guint   hmac            = 0;
    g_autoptr(GBytes) key   = nmnvme_tls_psk_decode(text, &hmac, &error);
    const char *hostnqn     = nmnvme_session_ctrl_hostnqn(s, ctrl);
    const char *subnqn      = nmnvme_trid_get_subsysnqn(ctrl->trid);
    Insert     *ins;

    if (!key) { /* validated with the settings: not expected */
        g_autofree char *msg = g_strdup_printf("nvme.tls-key: %s", error->message);

        set_problem(ctrl, NMNVME_TLS_PROBLEM_NO_KEY, msg);
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_FAILED);
        return;
    }
    ins           = g_new0(Insert, 1);
    ins->ctrl     = nmnvme_ctrl_ref(ctrl);
    ins->identity = nmnvme_tls_identity(hostnqn, subnqn, hmac, g_bytes_get_size(key));
    nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_CONNECTING);
    s->pending++;
    nmnvme_fabrics_tls_insert_key_async(hostnqn,
                                        subnqn,
                                        hmac,
                                        key,
                                        ins->identity,
                                        s->ctx->tls ? nmnvme_engine_tls_key_serial(s->ctx->tls,
                                                                                   ins->identity)
                                                    : 0,
                                        NULL, /* a key made is always recorded */
                                        on_key_inserted,
                                        ins);
}

/*****************************************************************************/

gboolean
nmnvme_session_tls_prepare(NMNvmeCtrl *ctrl)
{
    NMNvmeSession   *s   = ctrl->session;
    const char      *key = nmnvme_settings_get_tls_key(s->settings);
    gboolean         refused;
    NMNvmeTlsProblem problem;

    ctrl->tls = decide(s, ctrl, &refused);
    if (refused)
        return FALSE;
    if (!ctrl->tls) {
        ctrl->tls_problem = NMNVME_TLS_PROBLEM_NONE;
        return TRUE;
    }
    problem = s->ctx->tls ? nmnvme_engine_tls_check(s->ctx->tls,
                                                    ctrl->concat,
                                                    key != NULL,
                                                    nmnvme_session_ctrl_hostnqn(s, ctrl),
                                                    nmnvme_trid_get_subsysnqn(ctrl->trid))
                          : NMNVME_TLS_PROBLEM_NO_KERNEL;
    if (nmnvme_tls_problem_can_appear(problem)) {
        wait_for(ctrl, problem);
        return FALSE;
    }
    if (problem != NMNVME_TLS_PROBLEM_NONE) { /* until a reload, or new settings */
        g_autofree char *text =
            g_strdup_printf("not connected: %s", nmnvme_tls_problem_describe(problem));

        set_problem(ctrl, problem, text);
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        return FALSE;
    }
    if (ctrl->tls_problem != NMNVME_TLS_PROBLEM_HANDSHAKE)
        ctrl->tls_problem = NMNVME_TLS_PROBLEM_NONE;
    if (!key || ctrl->concat) /* concat: the settings refuse a key */
        return TRUE;
    insert_key(s, ctrl, key);
    return FALSE;
}

gboolean
nmnvme_session_tls_connect_failed(NMNvmeCtrl *ctrl, int errsv, const GError *error)
{
    NMNvmeSession   *s       = ctrl->session;
    NMNvmeTlsProblem problem = nmnvme_tls_classify_errno(errsv);
    g_autofree char *text    = NULL;

    if (problem == NMNVME_TLS_PROBLEM_NONE) {
        ctrl->tls_problem = NMNVME_TLS_PROBLEM_NONE;
        return FALSE;
    }
    if (problem == NMNVME_TLS_PROBLEM_NO_TLSHD ||
        (problem == NMNVME_TLS_PROBLEM_NO_KEY && !ctrl->concat &&
         !nmnvme_settings_get_tls_key(s->settings))) {
        /* the facts were stale: probe now, and wait for the piece */
        if (s->ctx->tls)
            nmnvme_engine_tls_refresh(s->ctx->tls);
        wait_for(ctrl, problem);
        return TRUE;
    }
    text = g_strdup_printf("%s (%s)", nmnvme_tls_problem_describe(problem), error->message);
    set_problem(ctrl, problem, text);
    return FALSE;
}

void
nmnvme_session_tls_removed(NMNvmeCtrl *ctrl)
{
    NMNvmeSession *s = ctrl->session;

    nmnvme_ctrl_set_secure(ctrl, NULL);
    if (s->ctx->tls)
        nmnvme_engine_tls_refresh(s->ctx->tls);
    nmnvme_session_ctrl_schedule_retry(ctrl, "removed");
}

/* Adds a reference to each controller of @s that waits for TLS to @out
 * (all of them, or the first when @first_only). */
static void
collect_tls_waiting(NMNvmeSession *s, GPtrArray *out, gboolean first_only)
{
    for (guint k = 0; k < N_KINDS; k++) {
        GHashTableIter iter;
        NMNvmeCtrl    *ctrl;

        g_hash_table_iter_init(&iter, s->ctrls[k]);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &ctrl)) {
            if (ctrl->state != NMNVME_CTRL_STATE_TLS_WAIT)
                continue;
            g_ptr_array_add(out, nmnvme_ctrl_ref(ctrl));
            if (first_only)
                return;
        }
    }
}

gboolean
nmnvme_session_tls_waiting(NMNvmeSession *s)
{
    g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_ctrl_unref);

    collect_tls_waiting(s, waiting, TRUE);
    return waiting->len > 0;
}

gboolean
nmnvme_session_tls_recheck(NMNvmeSession *s)
{
    g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func((GDestroyNotify) nmnvme_ctrl_unref);

    if (session_idle(s))
        return FALSE;
    collect_tls_waiting(s, waiting, FALSE);
    for (guint i = 0; i < waiting->len; i++) {
        NMNvmeCtrl *ctrl = waiting->pdata[i];

        if (ctrl->session != s || ctrl->state != NMNVME_CTRL_STATE_TLS_WAIT)
            continue;
        nmnvme_session_ctrl_set_state(ctrl, NMNVME_CTRL_STATE_IDLE);
        nmnvme_session_ctrl_connect(ctrl);
    }
    if (waiting->len)
        notify_changed(s);
    return nmnvme_session_tls_waiting(s);
}
