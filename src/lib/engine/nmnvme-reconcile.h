/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nmnvme-reconcile.h: the reconcile plan of one session, pure. Given the
 * controllers the session wants, the controllers the kernel has, and the
 * names of those the session owns, it says which kernel controllers to
 * adopt, which transport IDs to connect and which owned controllers to
 * disconnect. Kernel controllers the session neither owns nor adopts are
 * never touched: they belong to someone else (nvme-cli, another session).
 * The engine executes the plan; this module only decides.
 */
#ifndef NMNVME_RECONCILE_H
#define NMNVME_RECONCILE_H

#include <glib.h>

#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-trid.h"

G_BEGIN_DECLS

/**
 * NMNvmeReconcileKind:
 * @NMNVME_RECONCILE_ADOPT: a kernel controller already is the wanted one:
 *   take it over, connect nothing
 * @NMNVME_RECONCILE_CONNECT: nothing in the kernel is the wanted controller:
 *   connect it
 * @NMNVME_RECONCILE_DISCONNECT: an owned controller is no longer wanted
 */
typedef enum {
    NMNVME_RECONCILE_ADOPT,
    NMNVME_RECONCILE_CONNECT,
    NMNVME_RECONCILE_DISCONNECT,
} NMNvmeReconcileKind;

/**
 * NMNvmeReconcileAction:
 * @kind: what to do
 * @trid: the wanted transport ID (ADOPT, CONNECT), or the one the kernel
 *   controller shows (DISCONNECT, see nmnvme_trid_new_from_kernel_ctrl())
 * @ctrl_name: (nullable): the kernel controller, "nvme3" (ADOPT,
 *   DISCONNECT); %NULL for CONNECT
 */
typedef struct {
    NMNvmeReconcileKind kind;
    NMNvmeTrid         *trid;
    char               *ctrl_name;
} NMNvmeReconcileAction;

/**
 * NMNvmeReconcilePlan:
 * @actions: (element-type NMNvmeReconcileAction): an ADOPT or CONNECT per
 *   distinct wanted transport ID, in the order wanted, then the
 *   DISCONNECTs in kernel order
 *
 * Owned by the caller; read-only.
 */
typedef struct {
    GPtrArray *actions;
} NMNvmeReconcilePlan;

/**
 * nmnvme_reconcile_plan_new:
 * @type: the type of controller reconciled: %NMNVME_CTRL_TYPE_IO for the
 *   I/O controllers of a session, %NMNVME_CTRL_TYPE_DISCOVERY for its
 *   discovery controllers
 * @desired: (element-type NMNvmeTrid): the controllers wanted; duplicates
 *   (nmnvme_trid_equal()) count once
 * @current: (element-type NMNvmeKernelCtrl): the kernel's controllers
 *   (nmnvme_kernel_ctrl_scan())
 * @owned: (nullable) (element-type utf8 utf8): set of the names ("nvme3")
 *   of the controllers the session owns; %NULL when it owns none
 * @hostnqn: the host NQN the engine connects with
 *
 * Only kernel controllers of @type (nmnvme_kernel_ctrl_get_type()) that are
 * not going away (nmnvme_kernel_ctrl_is_going_away()) take part: a
 * discovery controller is never adopted for an I/O controller nor
 * disconnected by the I/O reconcile, and one being deleted is neither
 * adopted nor disconnected again.
 *
 * - Each wanted transport ID is ADOPTed from a kernel controller that
 *   matches it (nmnvme_trid_matches_kernel()) and that no earlier one
 *   adopted, an owned controller before one not owned, else the first in
 *   @current order; without one it is CONNECTed.
 * - Each owned controller that the plan does not adopt is DISCONNECTed
 *   (which includes an owned duplicate of an adopted one).
 * - Controllers neither owned nor adopted do not appear.
 *
 * Returns: (transfer full): the plan.
 */
NMNvmeReconcilePlan *nmnvme_reconcile_plan_new(NMNvmeCtrlType type,
                                               GPtrArray     *desired,
                                               GPtrArray     *current,
                                               GHashTable    *owned,
                                               const char    *hostnqn);

void nmnvme_reconcile_plan_free(NMNvmeReconcilePlan *plan);

/* How many actions of @kind the plan has. */
guint nmnvme_reconcile_plan_count(const NMNvmeReconcilePlan *plan, NMNvmeReconcileKind kind);

/* "adopt", "connect", "disconnect". */
const char *nmnvme_reconcile_kind_to_string(NMNvmeReconcileKind kind);

/**
 * nmnvme_reconcile_plan_to_string:
 * @plan: a plan
 *
 * For debug logs, one line: the actions separated by "; ", each as
 * `adopt nvme3 (TRID)`, `connect TRID` or `disconnect nvme5 (TRID)` with
 * TRID as nmnvme_trid_to_string() prints it; "nothing to do" when empty.
 *
 * Returns: (transfer full): the text.
 */
char *nmnvme_reconcile_plan_to_string(const NMNvmeReconcilePlan *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NMNvmeReconcilePlan, nmnvme_reconcile_plan_free)

G_END_DECLS

#endif /* NMNVME_RECONCILE_H */
