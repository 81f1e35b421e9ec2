#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# intent.sh: a controller made by a connect whose daemon died before it was
# registered or recorded (issue 14: the nvme43 the fault suite leaked) is
# known by the connect's intent (/run/nm-nvme/connect-*.intent) and adopted
# after the restart. The fault suite meets that window only by chance (a
# kill -9 between the kernel's new controller and our registry entry); here
# it is made deterministic: the registry (a file where its folder should
# be) and the ownership record (a folder where its file should be) cannot
# be written, so that after the connect only the intent says whose the
# controller is; the daemon is killed, /run repaired, a new daemon started
# and stor0 attached again. Proves: the intent is on disk while the entry
# is missing; the new daemon adopts that controller and registers it
# (nm-nvme), removes the intent, and the detach deletes it; a controller
# made by hand meanwhile for another subsystem on stor0 (unregistered) is
# used, not adopted, and left connected.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
STOR0=("nvme.controllers=nvme+tcp://$A:4420/$PFX:sub1 nvme+tcp://$A:4420/$PFX:sub2")
cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"

intents() {
    compgen -G "/run/nm-nvme/connect-*.intent"
}

# registered DEV OWNER: the registry names OWNER ("": no entry) for DEV.
registered() {
    [ "$(lab_registry_owner "$1")" = "$2" ]
}

lab_require "modules loaded" lab_modules_load 4
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
for s in sub1 sub2; do nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"; done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
for s in sub1 sub2; do nvmet_port_link 1 "$PFX:$s"; done
lab_wait_for 5 "target listens on 4420 in tgt" lab_listening tgt 4420
lab_require "system bus" lab_system_bus_start

# ---- /run made unwritable for the registry and the record ---------------
rm -rf "$LAB_REGISTRY" && mkdir -p "${LAB_REGISTRY%/*}" && : >"$LAB_REGISTRY"
mkdir -p /run/nm-nvme/sessions.state && chmod 0700 /run/nm-nvme
lab_require "nm-nvme-daemon answers" lab_daemon_start
lab_require "attach stor0 (sub1 only)" "$cli" attach stor0 \
    "nvme.controllers=nvme+tcp://$A:4420/$PFX:sub1"
lab_wait_for 20 "sub1 connected on stor0" lab_has_io stor0 "$PFX:sub1"
c1=$(lab_io_on stor0 "$PFX:sub1")
lab_log "sub1 is $c1"
lab_check "its registry entry could not be written" grep -q "$c1 not in the ownership registry" \
    "$LAB_OUT/daemon.log"
lab_check "its connect intent is kept meanwhile" intents

kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
rm -f "$LAB_REGISTRY" && mkdir -p "$LAB_REGISTRY"
rmdir /run/nm-nvme/sessions.state
lab_check "no record to restore from" test ! -e /run/nm-nvme/sessions.state
lab_check "$c1 unregistered" registered "$c1" ""

# ---- meanwhile, sub2 connected by hand on stor0, not registered ---------
c2=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:sub2" --host-iface stor0)
lab_log "sub2 by hand is $c2"
lab_check "sub2 made by hand" test -n "$c2"

# ---- the new daemon -----------------------------------------------------
lab_require "nm-nvme-daemon answers again" lab_daemon_start
lab_require "attach stor0 (sub1 and sub2)" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 20 "$c1 registered nm-nvme" registered "$c1" nm-nvme
lab_wait_for 20 "the intent is removed" lab_not intents
lab_check "the log says it was adopted from the intent" \
    grep -q "$c1 was made by that cut-short connect" "$LAB_OUT/daemon.log"
lab_check "no second sub1" lab_has_io stor0 "$PFX:sub1"
lab_check "no second sub2" lab_has_io stor0 "$PFX:sub2"
lab_wait_for 10 "controllers: $c1 ours, $c2 used and not ours" lab_controllers \
    "{c['device']: c.get('ours') for c in d if c['device']} == {'$c1': True, '$c2': False}"
lab_check "$c2 still unregistered" registered "$c2" ""

# ---- detach: ours deleted, the hand-made one left ---------------------------
lab_require "detach stor0" "$cli" detach stor0
lab_wait_for 20 "sub1 (ours) disconnected" lab_no_io stor0 "$PFX:sub1"
lab_check "sub2 (by hand) left connected" lab_has_io stor0 "$PFX:sub2"
nvme disconnect -d "$c2" >/dev/null || lab_log "nvme disconnect $c2 failed"

lab_summary
