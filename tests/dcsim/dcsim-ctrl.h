/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-ctrl.h: one discovery controller (the admin queue of one
 * association) as a state machine: Connect, properties (CC.EN -> CSTS.RDY,
 * CC.SHN -> CSTS.SHST), Identify, Get Log Page (discovery log, supported
 * log pages), Set/Get Features, Keep Alive, Asynchronous Event Requests and
 * DIM. Pure: a command (64-byte SQE plus its host-to-controller data) goes
 * in, a completion (CQE plus controller-to-host data) comes out. No
 * sockets, no timers; held AERs complete when the caller reports a log
 * change.
 */
#ifndef DCSIM_CTRL_H
#define DCSIM_CTRL_H

#include <glib.h>

#include "dcsim-dim.h"
#include "dcsim-events.h"
#include "dcsim-log.h"

G_BEGIN_DECLS

/**
 * DcsimRole:
 *
 * The controller's role; the value is its DCTYPE in Identify Controller
 * (Base 2.0, Figure 275, byte 1806).
 */
typedef enum {
    DCSIM_ROLE_PLAIN = 0, /* DCTYPE not reported */
    DCSIM_ROLE_DDC   = 1, /* direct discovery controller */
    DCSIM_ROLE_CDC   = 2, /* central discovery controller */
} DcsimRole;

/* Base 2.0, 5.2, Figure 150: AER completion DW0 for a discovery log change:
 * type Notice (2h), information Discovery Log Page Change (F0h), log page
 * 70h. */
#define DCSIM_AEN_DISC_CHANGE 0x0070f002u

/* Base 2.0, Figure 275 OAES bit 31 and Figure 322 (Asynchronous Event
 * Configuration) bit 31: Discovery Log Page Change Notices. */
#define DCSIM_OAES_DISC_CHANGE (1u << 31)

/* Base 2.0, 3.1.4.1 CAP: MQES (0-based) 127, CQR, TO 10 (5 s), CSS NVM. */
#define DCSIM_MAXCMD 128

/**
 * DcsimCtrlContext:
 * @role: the role (DCTYPE)
 * @nqn: the simulator's NQN (SUBNQN of Identify); Connect accepts it and
 *   the well-known discovery NQN
 * @pleos: advertise PLEOS for log page 70h in the Supported Log Pages log
 * @genctr_per_read: hostile: move the generation counter on every read of
 *   the discovery log (no AEN for these moves)
 * @hang_deregister: hostile: a DIM deregistration is recorded but never
 *   answered (a hung discovery controller; the host's admin timeout ends it)
 * @mdts: Identify's MDTS: at most 2^mdts pages of 4 KiB per command (0 is
 *   taken as the default, 8)
 * @log: the discovery log (shared, owned by the server)
 * @registry: the DIM registrations (shared, owned by the server)
 * @events: the event stream, or %NULL
 *
 * What the controllers of one simulator share. Borrowed: it must outlive
 * every controller.
 */
typedef struct {
    DcsimRole         role;
    const char       *nqn;
    gboolean          pleos;
    gboolean          genctr_per_read;
    gboolean          hang_deregister;
    guint8            mdts;
    DcsimLog         *log;
    DcsimDimRegistry *registry;
    DcsimEvents      *events;
} DcsimCtrlContext;

/**
 * DcsimCompletion:
 * @cqe: the completion queue entry
 * @data: controller-to-host data to send before it, or %NULL
 *
 * Clear it with dcsim_completion_clear().
 */
typedef struct {
    guint8  cqe[16];
    GBytes *data;
} DcsimCompletion;

void dcsim_completion_clear(DcsimCompletion *c);

typedef struct _DcsimCtrl DcsimCtrl;

/* A controller for one association: @cntlid is what Connect returns;
 * @peer_traddr the host's address (for DIM entries without TRADDR). */
DcsimCtrl *dcsim_ctrl_new(const DcsimCtrlContext *ctx, guint16 cntlid, const char *peer_traddr);
void       dcsim_ctrl_free(DcsimCtrl *ctrl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimCtrl, dcsim_ctrl_free)

/**
 * dcsim_ctrl_submit:
 * @ctrl: the controller
 * @sqe: the 64-byte submission queue entry
 * @data: (nullable): the command's host-to-controller data
 * @out: (out caller-allocates): the completion
 *
 * Executes one admin or Fabrics command. Never fails: a bad command gets an
 * error status (unknown opcodes Invalid Opcode).
 *
 * Returns: %TRUE with @out filled; %FALSE when the command is held (an
 *   Asynchronous Event Request): its completion comes from
 *   dcsim_ctrl_log_changed().
 */
gboolean dcsim_ctrl_submit(DcsimCtrl *ctrl, const guint8 *sqe, GBytes *data, DcsimCompletion *out);

/**
 * dcsim_ctrl_log_changed:
 * @ctrl: the controller
 * @out: (out caller-allocates): the completion of a held AER
 *
 * Reports that the discovery log changed. If the host enabled discovery log
 * change notices and has not been sent one it has not yet acknowledged (by
 * reading the log with RAE clear), a held AER completes with
 * %DCSIM_AEN_DISC_CHANGE, or the notice waits for the next AER.
 *
 * Returns: %TRUE when a held AER completed (@out filled).
 */
gboolean dcsim_ctrl_log_changed(DcsimCtrl *ctrl, DcsimCompletion *out);

guint16     dcsim_ctrl_get_cntlid(const DcsimCtrl *ctrl);
gboolean    dcsim_ctrl_is_connected(const DcsimCtrl *ctrl);
const char *dcsim_ctrl_get_host_nqn(const DcsimCtrl *ctrl);
const char *dcsim_ctrl_get_host_id(const DcsimCtrl *ctrl);
guint       dcsim_ctrl_get_held_aers(const DcsimCtrl *ctrl);

G_END_DECLS

#endif /* DCSIM_CTRL_H */
