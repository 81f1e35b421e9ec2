/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-reconcile.c: computing the reconcile plan.
 */
#include "config.h"

#include "nmnvme-reconcile.h"

/* The inputs, and what the plan has decided so far. */
typedef struct {
    NMNvmeCtrlType       type;
    GPtrArray           *current;
    GHashTable          *owned;
    const char          *hostnqn;
    GHashTable          *adopted; /* names of kernel controllers adopted */
    NMNvmeReconcilePlan *plan;
} Reconcile;

static void
action_free(NMNvmeReconcileAction *action)
{
    nmnvme_trid_free(action->trid);
    g_free(action->ctrl_name);
    g_free(action);
}

static void
add_action(Reconcile *r, NMNvmeReconcileKind kind, NMNvmeTrid *trid, const char *ctrl_name)
{
    NMNvmeReconcileAction *action = g_new0(NMNvmeReconcileAction, 1);

    action->kind      = kind;
    action->trid      = trid;
    action->ctrl_name = g_strdup(ctrl_name);
    g_ptr_array_add(r->plan->actions, action);
}

static gboolean
is_owned(const Reconcile *r, const NMNvmeKernelCtrl *ctrl)
{
    return r->owned && g_hash_table_contains(r->owned, ctrl->name);
}

/* Whether @ctrl is of the reconciled type and not on its way out. */
static gboolean
takes_part(const Reconcile *r, const NMNvmeKernelCtrl *ctrl)
{
    return nmnvme_kernel_ctrl_get_type(ctrl) == r->type && !nmnvme_kernel_ctrl_is_going_away(ctrl);
}

/* The kernel controller to adopt for @want: owned first, else the first. */
static const NMNvmeKernelCtrl *
find_adoptable(const Reconcile *r, const NMNvmeTrid *want)
{
    const NMNvmeKernelCtrl *found = NULL;

    for (guint i = 0; i < r->current->len; i++) {
        const NMNvmeKernelCtrl *ctrl = r->current->pdata[i];

        if (!takes_part(r, ctrl) || g_hash_table_contains(r->adopted, ctrl->name) ||
            !nmnvme_trid_matches_kernel(want, ctrl, r->hostnqn))
            continue;
        if (is_owned(r, ctrl))
            return ctrl;
        if (!found)
            found = ctrl;
    }
    return found;
}

static void
plan_desired(Reconcile *r, GPtrArray *desired)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(nmnvme_trid_hash, nmnvme_trid_equal);

    for (guint i = 0; i < desired->len; i++) {
        const NMNvmeTrid       *want = desired->pdata[i];
        const NMNvmeKernelCtrl *ctrl;

        if (!g_hash_table_add(seen, (gpointer) want))
            continue;
        ctrl = find_adoptable(r, want);
        if (ctrl)
            g_hash_table_add(r->adopted, ctrl->name);
        add_action(r,
                   ctrl ? NMNVME_RECONCILE_ADOPT : NMNVME_RECONCILE_CONNECT,
                   nmnvme_trid_copy(want),
                   ctrl ? ctrl->name : NULL);
    }
}

static void
plan_disconnects(Reconcile *r)
{
    for (guint i = 0; i < r->current->len; i++) {
        const NMNvmeKernelCtrl *ctrl = r->current->pdata[i];

        if (is_owned(r, ctrl) && takes_part(r, ctrl) &&
            !g_hash_table_contains(r->adopted, ctrl->name))
            add_action(r,
                       NMNVME_RECONCILE_DISCONNECT,
                       nmnvme_trid_new_from_kernel_ctrl(ctrl),
                       ctrl->name);
    }
}

NMNvmeReconcilePlan *
nmnvme_reconcile_plan_new(NMNvmeCtrlType type,
                          GPtrArray     *desired,
                          GPtrArray     *current,
                          GHashTable    *owned,
                          const char    *hostnqn)
{
    g_autoptr(GHashTable) adopted = NULL;
    Reconcile r;

    g_return_val_if_fail(desired, NULL);
    g_return_val_if_fail(current, NULL);
    g_return_val_if_fail(hostnqn, NULL);

    adopted         = g_hash_table_new(g_str_hash, g_str_equal);
    r.type          = type;
    r.current       = current;
    r.owned         = owned;
    r.hostnqn       = hostnqn;
    r.adopted       = adopted;
    r.plan          = g_new0(NMNvmeReconcilePlan, 1);
    r.plan->actions = g_ptr_array_new_with_free_func((GDestroyNotify) action_free);
    plan_desired(&r, desired);
    plan_disconnects(&r);
    return r.plan;
}

void
nmnvme_reconcile_plan_free(NMNvmeReconcilePlan *plan)
{
    if (!plan)
        return;
    g_ptr_array_unref(plan->actions);
    g_free(plan);
}

guint
nmnvme_reconcile_plan_count(const NMNvmeReconcilePlan *plan, NMNvmeReconcileKind kind)
{
    guint n = 0;

    g_return_val_if_fail(plan, 0);

    for (guint i = 0; i < plan->actions->len; i++) {
        const NMNvmeReconcileAction *action = plan->actions->pdata[i];

        n += action->kind == kind;
    }
    return n;
}

const char *
nmnvme_reconcile_kind_to_string(NMNvmeReconcileKind kind)
{
    switch (kind) {
    case NMNVME_RECONCILE_ADOPT:
        return "adopt";
    case NMNVME_RECONCILE_CONNECT:
        return "connect";
    case NMNVME_RECONCILE_DISCONNECT:
        return "disconnect";
    }
    g_return_val_if_reached(NULL);
}

static void
append_action(GString *s, const NMNvmeReconcileAction *action)
{
    g_autofree char *trid = nmnvme_trid_to_string(action->trid);

    g_string_append(s, nmnvme_reconcile_kind_to_string(action->kind));
    if (action->ctrl_name)
        g_string_append_printf(s, " %s (%s)", action->ctrl_name, trid);
    else
        g_string_append_printf(s, " %s", trid);
}

char *
nmnvme_reconcile_plan_to_string(const NMNvmeReconcilePlan *plan)
{
    GString *s;

    g_return_val_if_fail(plan, NULL);

    if (plan->actions->len == 0)
        return g_strdup("nothing to do");
    s = g_string_new(NULL);
    for (guint i = 0; i < plan->actions->len; i++) {
        if (i > 0)
            g_string_append(s, "; ");
        append_action(s, plan->actions->pdata[i]);
    }
    return g_string_free(s, FALSE);
}
