#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# engine.sh: nm-nvme-daemon and nm-nvme on the real kernel. Two storage
# links (stor0 -> netns tgt, stor1 -> netns tgt2) to one kernel nvmet target;
# udevd and a system bus run as on a real host. Proves: a configured
# discovery controller on stor0 brings every subsystem up with
# host_iface=stor0; an excluded one never; a subsystem added on the target is
# connected via the AEN, one withdrawn is disconnected; a referral is
# followed; kill -9 and restart of the daemon keeps the same controllers;
# a discovery controller deleted from outside comes back; a link loss keeps
# everything and a new attach resumes without duplicates; bad settings are
# rejected naming the key and change nothing; a non-root
# caller reads status but cannot attach; detaching stor0 leaves stor1's
# session untouched; a controller made by hand (unowned) is used, not
# duplicated, and left connected at detach. Every check reads sysfs or the
# CLI's JSON.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100 # target address behind stor0
B=192.168.78.100 # target address behind stor1
JSON=$LAB_OUT/status.json
# made by `nvme gen-dhchap-key`; nvmet asks for no authentication here, so it
# only has to go to the kernel's connect, and nowhere else
SECRET="DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
# never on a command line: nm-nvme attach reads it from a file only root
# can read (written with printf, a bash builtin)
SECRETS=/run/nm-nvme-lab-stor0.secrets
(umask 077 && printf 'nvme.dhchap-secret=%s\n' "$SECRET" >"$SECRETS") ||
    lab_fatal "cannot write $SECRETS"
STOR0=("nvme.discovery=nvme+tcp://$A:4420" "nvme.exclude=subsysnqn=$PFX:sub3"
    --secrets-file "$SECRETS")
UEVENTS=$LAB_OUT/uevents.log

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"

# has_dc_on PORT: some discovery controller is connected to PORT.
has_dc_on() {
    [ -n "$(lab_dc_on "$1")" ]
}

# ---- target: sub1..sub3 on port 1 (A:4420), sub5 on port 2 (A:4421) ----
lab_require "modules loaded" lab_modules_load 4
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
lab_require "storage net stor1" lab_storage_net stor1 192.168.78.1/24 tgt2 tgt1 "$B/24"
for s in sub1 sub2 sub3 sub4 sub5; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $A:4421" nvmet_port_add 2 "$A" 4421 tgt
lab_require "port 3 $B:4420" nvmet_port_add 3 "$B" 4420 tgt2
for s in sub1 sub2 sub3; do nvmet_port_link 1 "$PFX:$s"; done
nvmet_port_link 2 "$PFX:sub5"
nvmet_port_link 3 "$PFX:sub1"
lab_wait_for 5 "target listens on 4420 in tgt" lab_listening tgt 4420

# ---- host services -----------------------------------------------------
lab_require "uevent listener" lab_uevent_listen "$UEVENTS"
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "nm-nvme-daemon answers" lab_daemon_start

# ---- bad settings: rejected naming the key, nothing changes ------------
out=$("$cli" attach stor0 nvme.discovery=nvme+tcp://$A:4420 nvme.kato=0 2>&1)
rc=$?
lab_log "attach with nvme.kato=0: rc=$rc: $out"
lab_check "bad settings: exit 2" test "$rc" = 2
lab_check "bad settings: message names nvme.kato" grep -q "nvme.kato" <<<"$out"
lab_check "bad settings: no session" lab_status "len(d) == 0"

# ---- attach stor0 ------------------------------------------------------
t0=$(lab_cs)
lab_require "attach stor0" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 20 "sub1 connected on stor0" lab_has_io stor0 "$PFX:sub1"
lab_wait_for 20 "sub2 connected on stor0" lab_has_io stor0 "$PFX:sub2"
lab_log "attach -> sub1 and sub2 live: $((($(lab_cs) - t0) * 10)) ms"
lab_check "discovery controller on stor0 is persistent" \
    lab_ctrl_find cntrltype discovery kato 30
dc=$(lab_ctrl_find cntrltype discovery | head -n 1)
lab_check "DC address has host_iface=stor0" lab_attr_has "/sys/class/nvme/$dc/address" host_iface=stor0
c=$(lab_io_on stor0 "$PFX:sub1")
lab_check "IOC address has host_iface=stor0,src_addr=192.168.77.1" \
    lab_attr_has "/sys/class/nvme/$c/address" "host_iface=stor0,src_addr=192.168.77.1"
sleep 1
lab_check "excluded sub3 never connected" lab_no_io stor0 "$PFX:sub3"
# (Debian's 6.1 has no CONFIG_NVME_AUTH, so no sysfs dhchap_secret to read back)
lab_check "the secret was passed on connect, masked in the log" \
    grep -q "sub1.*dhchap_secret=<hidden>" "$LAB_OUT/daemon.log"
lab_check "status --json" lab_status_json
lab_check "no secret in status --json" lab_not grep -q DHHC "$JSON"
lab_check "ownership record is root-only (0600)" test "$(stat -c %a /run/nm-nvme/sessions.state)" = 600
lab_check "json: stor0 active" lab_json "$JSON" \
    "d[0]['interface'] == 'stor0' and d[0]['state'] == 'active'"
lab_check "json: 2 live IOCs" lab_json "$JSON" \
    "sorted(c['subsysnqn'].split(':')[1] for c in d[0]['io-controllers'] if c['state'] == 'live') == ['sub1', 'sub2']"

# ---- target changes: AEN-driven connect and disconnect -----------------
mark=$(lab_uevent_mark "$UEVENTS")
nvmet_port_link 1 "$PFX:sub4"
lab_uevent_wait 10 "change .*/$dc .*NVME_AEN=0x70f002" "$UEVENTS" "$mark"
lab_wait_for 20 "sub4 (added on the target) connected via AEN" lab_has_io stor0 "$PFX:sub4"
nvmet_port_unlink 1 "$PFX:sub2"
lab_wait_for 20 "sub2 (withdrawn) disconnected" lab_no_io stor0 "$PFX:sub2"
lab_check "sub1 untouched" lab_has_io stor0 "$PFX:sub1"

# ---- referral from port 1 to port 2 -------------------------------------
nvmet_referral_add 1 to-port2 "$A" 4421
lab_wait_for 20 "sub5 connected through the referral" lab_has_io stor0 "$PFX:sub5"
lab_check "referral DC on port 4421" lab_status \
    "any(c['trsvcid'] == '4421' and c['state'] == 'live' for c in d[0]['discovery-controllers'])"

# ---- kill -9 and restart: same controllers, nothing disconnected -------
before=$(lab_snapshot)
mark=$(lab_uevent_mark "$UEVENTS")
kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
lab_require "daemon restarted" lab_daemon_start
lab_wait_for 10 "session restored" lab_status \
    "d and all(c['state'] == 'live' for c in d[0]['io-controllers']) and len(d[0]['io-controllers']) == 3"
sleep 2
after=$(lab_snapshot)
lab_log "controllers before: $before"
lab_log "controllers after:  $after"
lab_check "same controllers after kill -9 + restart" test "$before" = "$after"
lab_check "no controller removed meanwhile" lab_not lab_uevent_grep "remove /devices/virtual/nvme-fabrics/ctl/nvme[0-9]+ " "$UEVENTS" "$mark"

# ---- a discovery controller deleted from outside is reconnected ---------
dc=$(lab_dc_on 4420 | head -n 1)
lab_log "deleting $dc from outside"
echo 1 >"/sys/class/nvme/$dc/delete_controller"
lab_wait_for 15 "DC on 4420 reconnected with backoff" has_dc_on 4420

# ---- link lost (keep): suspended, nothing touched; attach resumes -------
before=$(lab_snapshot)
lab_require "detach --link-lost" "$cli" detach stor0 --link-lost
lab_check "session suspended" lab_status "d[0]['state'] == 'suspended'"
lab_check "controllers kept on link loss" test "$before" = "$(lab_snapshot)"
lab_require "attach again (resume)" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 10 "session active again" lab_status "d[0]['state'] == 'active'"
sleep 1
lab_check "nothing duplicated or dropped on resume" test "$before" = "$(lab_snapshot)"

# ---- the same attach again changes nothing; new settings apply as a diff -
before=$(lab_snapshot)
lab_require "attach with the same settings" "$cli" attach stor0 "${STOR0[@]}"
sleep 1
lab_check "same attach: nothing changed" test "$before" = "$(lab_snapshot)"
sub1=$(lab_io_on stor0 "$PFX:sub1")
lab_require "attach excluding sub4 too" "$cli" attach stor0 "${STOR0[0]}" \
    --secrets-file "$SECRETS" "nvme.exclude=subsysnqn=$PFX:sub3 subsysnqn=$PFX:sub4"
lab_wait_for 10 "sub4 (newly excluded) disconnected" lab_no_io stor0 "$PFX:sub4"
lab_check "sub1 kept its controller ($sub1)" test "$(lab_io_on stor0 "$PFX:sub1")" = "$sub1"

# ---- non-root: read yes, control no ------------------------------------
lab_check "non-root reads status" setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" status
lab_check "non-root cannot attach" lab_not setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$cli" attach stor1 "nvme.discovery=nvme+tcp://$B:4420"
lab_check "non-root attach changed nothing" lab_status "len(d) == 1"

# ---- a second interface; detaching stor0 leaves it alone ----------------
lab_require "sub1 connected by hand on stor1 (nvme-cli)" \
    nvme connect -t tcp -a "$B" -s 4420 -n "$PFX:sub1" --host-iface=stor1
manual=$(lab_io_on stor1 "$PFX:sub1")
lab_require "attach stor1" "$cli" attach stor1 "nvme.discovery=nvme+tcp://$B:4420"
lab_wait_for 20 "sub1 on stor1 adopted in the session" lab_status \
    "any(c['device'] == '$manual' and c['state'] == 'live' for s in d if s['interface'] == 'stor1' for c in s['io-controllers'])"
lab_check "sub1 on stor1 not duplicated ($manual)" test "$(lab_io_on stor1 "$PFX:sub1")" = "$manual"
lab_require "detach stor0" "$cli" detach stor0
lab_check "stor0: no I/O controllers left" test -z "$(lab_io_on stor0 "$PFX:sub1")$(lab_io_on stor0 "$PFX:sub4")$(lab_io_on stor0 "$PFX:sub5")"
lab_check "stor0: no discovery controllers left" test -z "$(for c in $(lab_ctrl_find cntrltype discovery); do lab_attr "/sys/class/nvme/$c/address"; done | grep host_iface=stor0)"
lab_check "stor1 untouched" lab_has_io stor1 "$PFX:sub1"
lab_check "only stor1's session remains" lab_status "[s['interface'] for s in d] == ['stor1']"

# ---- the end -----------------------------------------------------------
lab_require "detach stor1" "$cli" detach stor1
# made by hand, so unowned: used by the session, never disconnected by it
lab_check "sub1 made by hand on stor1 left connected ($manual)" \
    test "$(lab_io_on stor1 "$PFX:sub1")" = "$manual"
lab_check "daemon log: $manual not ours, left connected" \
    grep -q "$manual .* not ours (owner -): left connected" "$LAB_OUT/daemon.log"
lab_require "disconnect sub1 by hand" nvme disconnect -d "$manual"
lab_check "no controllers left" lab_dir_empty /sys/class/nvme
lab_check "daemon log has no secret and no GLib critical" lab_not grep -E "DHHC|CRITICAL" "$LAB_OUT/daemon.log"
kill "$lab_daemon_pid"
lab_summary
