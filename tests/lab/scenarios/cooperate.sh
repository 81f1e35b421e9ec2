#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cooperate.sh: a cooperating orchestrator (issue 13), with the host's real
# tools. Three storage links to one kernel nvmet target: stor0 -> netns tgt
# (A:4420: our session's discovery controller), stor1 -> tgt2 (B:4420:
# nvme-stas's discovery controller), stor2 -> tgt3 (C:4420: a
# NetworkManager profile). udevd and a system bus run as on a real host;
# nvme-stas's stafd and stacd run beside our daemon from the start. Before
# the daemon starts, a boot controller is connected by hand on stor0 and
# registered as owned by `nbft` (as the initramfs does; another on stor2),
# an unowned one by hand (an administrator's nvme connect), and the
# host-wide exclusion list excludes two of the target's subsystems (one in
# /etc/nvme/exclusions.conf, one in a drop-in).
# Proves: our controllers (DC and IOC) are registered `nm-nvme` with a
# seqnum and shown as ours; the nbft one and the unowned one are used
# without a duplicate connect, never re-registered, shown with their owner,
# and survive attach, link loss, kill -9 + restart of the daemon, detach and
# a NetworkManager restart; excluded subsystems are never connected, the
# status names them, the log names the file and line; exclusions added and
# removed while the daemon runs (main file and a new drop-in) apply at once,
# and one added for a connected controller does not disconnect it; a
# recycled name (our controller deleted by hand with its registry entry
# while the daemon was down, its nvmeN taken by a hand-made connect to the
# same subsystem and address) is left alone at detach, and so is one whose
# stale registry entry still says nm-nvme (told apart by its sysfs inode); nvme-stas's
# controllers and ours never touch each other.
# nvme-cli 3 only (skipped with the reason elsewhere): `nvme registry list`
# shows ours as nm-nvme, `nvme disconnect --exclude` on one of ours keeps it
# gone, `nvme disconnect-all` leaves ours connected.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100 # behind stor0: port 1 (our session)
B=192.168.78.100 # behind stor1: port 2 (nvme-stas)
C=192.168.79.100 # behind stor2: port 3 (NetworkManager)
EXCL=/etc/nvme/exclusions.conf
DROPIN=/etc/nvme/exclusions.conf.d/lab.conf
LIVE=/etc/nvme/exclusions.conf.d/live.conf
STOR0=("nvme.discovery=nvme+tcp://$A:4420")
LOG=${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log}
VIEW=$LAB_OUT/view.json

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
cli3=""
lab_nvme_cli3 || cli3="nvme-cli $(nvme version 2>/dev/null | head -n 1 | cut -d' ' -f3) has no 'nvme registry'"

# Helpers for the expressions over $VIEW (lab_json_checks): S = `nm-nvme status --json`,
# C = `nm-nvme controllers --json`.
# shellcheck disable=SC2016 # Python, not shell
LAB_JSON_PRELUDE='
S, C = d["status"], d["controllers"]
def rows(dev):  # (owner, ours) of each row showing dev
    return [(c.get("owner"), c.get("ours")) for c in C if c["device"] == dev]
def session(iface):
    return [s for s in S if s["interface"] == iface]
def excluded(iface):
    return [e for s in session(iface) for e in s.get("excluded", [])]
def io_excluded(iface, sub):  # sub of A:4420 on stor0 listed as excluded (other keys allowed)
    want = {"kind": "io", "transport": "tcp", "traddr": "'"$A"'", "trsvcid": "4420",
            "subsysnqn": "'"$PFX"':" + sub, "host-iface": "stor0"}
    return any(all(e.get(k) == v for k, v in want.items()) for e in excluded(iface))
def not_ours(iface):  # controllers (with a device) the session shows as not ours
    return sum(1 for c in C if c["interface"] == iface and c["device"] and c.get("ours") is False)
'

# view: `nm-nvme status --json` and `controllers --json` into $VIEW ({"status", "controllers"}),
# the controllers table into $LAB_OUT/controllers.txt.
view() {
    local st ct
    st=$("$cli" status --json) && ct=$("$cli" controllers --json) &&
        printf '{"status": %s, "controllers": %s}\n' "$st" "$ct" >"$VIEW" &&
        "$cli" controllers >"$LAB_OUT/controllers.txt"
}

# io SUB: the I/O controllers of subsystem SUB on stor0.
io() {
    lab_io_on stor0 "$PFX:$1"
}

# ours_on IFACE SUB...: the devices of our controllers on IFACE: its DCs and the IOCs of SUB...
ours_on() {
    local iface=$1 s
    shift
    lab_dcs_on "$iface"
    for s in "$@"; do lab_io_on "$iface" "$PFX:$s"; done
}

# none_of_ours IFACE SUB...: no controller of ours_on IFACE SUB... is left.
none_of_ours() {
    local left
    left=$(ours_on "$@")
    [ -z "$left" ] || { echo "left: ${left//$'\n'/ }" && return 1; }
}

# all_io IFACE SUB...: each SUB has exactly one I/O controller on IFACE.
all_io() {
    local iface=$1 s
    shift
    for s in "$@"; do lab_has_io "$iface" "$PFX:$s" || return 1; done
}

# take_name K: connects data1 by hand (same subsystem, address and interface as ours)
# until the kernel hands out the name K (the lowest free name: lower free names are
# filled first); sets REC (K, or empty) and FILLERS (the names made before it).
take_name() {
    local d dup=()
    REC=""
    FILLERS=""
    for _ in 1 2 3 4 5 6; do
        d=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:data1" --host-iface stor0 "${dup[@]}") || break
        dup=(--duplicate-connect)
        [ "$d" = "$1" ] && REC=$d && break
        FILLERS="$FILLERS $d"
    done
}

# delete_by_hand DEV...: deletes each DEV as an administrator would.
delete_by_hand() {
    local d
    for d in "$@"; do echo 1 >"/sys/class/nvme/$d/delete_controller"; done
}

# all_exist DEV...: each DEV is a controller in sysfs.
all_exist() {
    local d
    for d in "$@"; do [ -e "/sys/class/nvme/$d" ] || { echo "$d is gone" && return 1; }; done
}

# all_registered_ours DEV...: every DEV has a registry entry owned by nm-nvme.
all_registered_ours() {
    local d rc=0
    [ $# -gt 0 ] || { echo "no device given" && return 1; }
    for d in "$@"; do lab_registry_is "$d" nm-nvme || rc=1; done
    return $rc
}

# stamps DEV...: lab_registry_stamp of each DEV.
stamps() {
    local d
    for d in "$@"; do lab_registry_stamp "$d"; done
}

# same_entry_format DEV1 DEV2: both registry entries have the same files, modes and owner text.
same_entry_format() {
    local e1=$LAB_REGISTRY/$1 e2=$LAB_REGISTRY/$2
    od -c "$e1/owner" "$e2/owner"
    cmp "$e1/owner" "$e2/owner" &&
        [ "$(cd "$e1" && stat -c '%n %a %F' . ./*)" = "$(cd "$e2" && stat -c '%n %a %F' . ./*)" ]
}

# log_mark: the daemon log's current line count (for logged_after).
log_mark() {
    wc -l <"$LOG"
}

# logged_after MARK TEXT: the daemon's log has TEXT (fixed string) after line MARK.
logged_after() {
    tail -n +"$(($1 + 1))" "$LOG" | grep -F -- "$2"
}

# owner_column DEV: the OWNER column of DEV's row in the `nm-nvme controllers` table (view).
owner_column() {
    awk -v dev="$1" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "OWNER") col = i; next }
        col && $0 ~ ("(^| )" dev "( |$)") { print $col }' "$LAB_OUT/controllers.txt"
}

# registry_list: "device owner" pairs from nvme-cli 3's `nvme registry list`.
registry_list() {
    nvme registry list | awk '/^nvme[0-9]+/ { dev = $1 } $1 == "owner" { print dev, $2 }'
}

# listed_as OWNER DEV...: `nvme registry list` shows each DEV with owner OWNER.
listed_as() {
    local list d rc=0
    list=$(registry_list)
    echo "$list"
    for d in "${@:2}"; do grep -qx "$d $1" <<<"$list" || { echo "$d: not listed as $1" && rc=1; }; done
    return $rc
}

# ---- target -------------------------------------------------------------
lab_log "---- target"
lab_require "modules loaded" lab_modules_load 1
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
lab_require "storage net stor1" lab_storage_net stor1 192.168.78.1/24 tgt2 tgt1 "$B/24"
# stor2 configured by hand, as the initramfs leaves a boot interface to NetworkManager
lab_require "storage net stor2" lab_storage_net stor2 192.168.79.1/24 tgt3 tgt2 "$C/24"
for s in boot hand data1 data2 ex1 ex2 late1 late2 lateok poke stas1 stas2 boot2 data3; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $B:4420" nvmet_port_add 2 "$B" 4420 tgt2
lab_require "port 3 $C:4420" nvmet_port_add 3 "$C" 4420 tgt3
for s in boot hand data1 data2 ex1 ex2; do nvmet_port_link 1 "$PFX:$s"; done
nvmet_port_link 2 "$PFX:stas1"
nvmet_port_link 3 "$PFX:boot2"
nvmet_port_link 3 "$PFX:data3"
lab_wait_for 5 "target listens on 4420 in tgt" lab_listening tgt 4420

# ---- host services -----------------------------------------------------
lab_log "---- host services"
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start

# ---- setup: the host-wide exclusion list --------------------------------
lab_log "---- setup: the host-wide exclusion list"
L_EX1=$(lab_exclusion_add "$EXCL" "transport=tcp;traddr=$A;nqn=$PFX:ex1")
# an unknown key: this entry never matches (data1 is wanted)
lab_exclusion_add "$EXCL" "nqn=$PFX:data1;colour=blue" >/dev/null
L_EX2=$(lab_exclusion_add "$DROPIN" "nqn=$PFX:ex2;host-iface=stor0")
lab_require "setup: exclusion list written ($EXCL:$L_EX1, $DROPIN:$L_EX2)" \
    test -n "$L_EX1" -a -n "$L_EX2"
cat "$EXCL" "$DROPIN"
if [ -z "$cli3" ]; then
    nvme exclusion list | tee "$LAB_OUT/exclusion-list.txt"
    lab_check "setup: nvme-cli 3 reads the lab's exclusion files (2 valid entries, 1 invalid)" eval \
        "grep -qxF '  transport=tcp;traddr=$A;nqn=$PFX:ex1' '$LAB_OUT/exclusion-list.txt' &&
         grep -qxF '  nqn=$PFX:ex2;host-iface=stor0' '$LAB_OUT/exclusion-list.txt' &&
         grep 'colour=blue' '$LAB_OUT/exclusion-list.txt' | grep -q invalid"
else
    lab_skip "setup: nvme-cli reads the lab's exclusion files" "$cli3"
fi

# ---- setup: controllers connected before the daemon, by hand -------------
lab_log "---- setup: controllers connected before the daemon, by hand"
seq=$(cat /sys/kernel/uevent_seqnum)
BOOT=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:boot" --host-iface stor0)
lab_require "setup: boot controller connected by hand ($BOOT)" test -n "$BOOT"
lab_require "setup: $BOOT registered as owned by nbft (temporary folder, rename)" \
    lab_registry_write "$BOOT" nbft "$seq"
lab_check "setup: $BOOT's registry entry" lab_registry_is "$BOOT" nbft
HAND=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:hand" --host-iface stor0)
lab_require "setup: unowned controller connected by hand ($HAND)" test -n "$HAND"
lab_check "setup: $HAND has no registry entry" lab_registry_is "$HAND" ""
if [ -z "$cli3" ]; then
    BOOT2=$(lab_nvme_connect -t tcp -a "$C" -s 4420 -n "$PFX:boot2" --host-iface stor2 --owner=nbft)
    lab_require "setup: boot2 connected by nvme connect --owner=nbft ($BOOT2)" test -n "$BOOT2"
    lab_check "setup: nvme-cli 3 reads the lab's entry: $BOOT owned by nbft" \
        test "$(nvme registry retrieve "$BOOT" --attr owner)" = nbft
    lab_check "setup: the lab's entry has libnvme3's format ($BOOT2's, by nvme-cli)" \
        same_entry_format "$BOOT" "$BOOT2"
else
    seq=$(cat /sys/kernel/uevent_seqnum)
    BOOT2=$(lab_nvme_connect -t tcp -a "$C" -s 4420 -n "$PFX:boot2" --host-iface stor2)
    lab_require "setup: boot2 connected by hand ($BOOT2)" test -n "$BOOT2"
    lab_require "setup: $BOOT2 registered as owned by nbft" lab_registry_write "$BOOT2" nbft "$seq"
    lab_skip "setup: nvme-cli reads the lab's registry entries" "$cli3"
fi
lab_check "setup: $BOOT2's registry entry" lab_registry_is "$BOOT2" nbft
STAMP_BOOT=$(lab_registry_stamp "$BOOT")
STAMP_BOOT2=$(lab_registry_stamp "$BOOT2")

# ---- setup: nvme-stas on stor1 -------------------------------------------
lab_log "---- setup: nvme-stas on stor1"
STAS_MAJOR=$(lab_stas_major)
if [ -n "$STAS_MAJOR" ]; then
    lab_require "setup: nvme-stas $STAS_MAJOR.x stafd and stacd started (stor1 -> $B:4420)" \
        lab_stas_start stor1 "$B" 4420
else
    lab_skip "nvme-stas beside the daemon" "nvme-stas is not installed on ${LAB_PLATFORM:-bookworm}"
fi

# ---- attach stor0: ours registered, theirs used as they are ---------------
lab_log "---- attach stor0: ours registered, theirs used as they are"
mark=0
lab_require "nm-nvme-daemon answers" lab_daemon_start
lab_require "attach stor0" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 20 "data1 and data2 connected on stor0 (an entry with an unknown key excludes nothing)" \
    all_io stor0 data1 data2
sleep 1 # the rest of the log's entries
DATA1=$(io data1)
DATA2=$(io data2)
DC0=$(lab_dcs_on stor0)
lab_check "one discovery controller on stor0 ($DC0)" test "$(echo "$DC0" | wc -w)" = 1
lab_check "boot controller used as it is: no duplicate ($BOOT)" test "$(io boot)" = "$BOOT"
lab_check "unowned controller used as it is: no duplicate ($HAND)" test "$(io hand)" = "$HAND"
lab_check "$BOOT's entry untouched (owner nbft, same seqnum, not rewritten)" \
    test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
lab_check "$HAND not registered by us (still unowned)" lab_registry_is "$HAND" ""
lab_check "ours registered nm-nvme with a seqnum: DC $DC0, $DATA1, $DATA2" \
    all_registered_ours "$DC0" "$DATA1" "$DATA2"
lab_check "ex1 (excluded in $EXCL) never connected" lab_no_io stor0 "$PFX:ex1"
lab_check "ex2 (excluded in a drop-in) never connected" lab_no_io stor0 "$PFX:ex2"
lab_check "log: ex1 excluded host-wide by $EXCL:$L_EX1" logged_after "$mark" "excluded host-wide by $EXCL:$L_EX1"
lab_check "log: ex2 excluded host-wide by $DROPIN:$L_EX2" logged_after "$mark" "excluded host-wide by $DROPIN:$L_EX2"
view
lab_json_checks "$VIEW" \
    "controllers --json: ours ($DC0 $DATA1 $DATA2) owner nm-nvme, ours" \
    "all(rows(x) == [('nm-nvme', True)] for x in ['$DC0', '$DATA1', '$DATA2'])" \
    "controllers --json: $HAND used, owner '', not ours" "rows('$HAND') == [('', False)]" \
    "controllers --json: $BOOT, if shown, owner nbft, not ours" \
    "all(r == ('nbft', False) for r in rows('$BOOT'))" \
    "status: used-not-owned = the session's rows not ours (>= 1)" \
    "[s.get('used-not-owned') for s in session('stor0')] == [not_ours('stor0')] and not_ours('stor0') >= 1" \
    "status: ex1 listed as excluded host-wide" "io_excluded('stor0', 'ex1')" \
    "status: ex2 listed as excluded host-wide" "io_excluded('stor0', 'ex2')"
lab_check "controllers table: OWNER column, '-' for $HAND" test "$(owner_column "$HAND")" = -
lab_check "controllers table: OWNER column, nm-nvme for $DATA1" test "$(owner_column "$DATA1")" = nm-nvme

# ---- exclusions added and removed while the daemon runs -------------------
lab_log "---- exclusions added and removed while the daemon runs"
L_LATE1=$(lab_exclusion_add "$EXCL" "nqn=$PFX:late1")
L_LATE2=$(lab_exclusion_add "$LIVE" "transport=tcp;traddr=$A;trsvcid=4420;nqn=$PFX:late2;host-iface=stor0")
lab_exclusion_add "$EXCL" "nqn=$PFX:data2" >/dev/null
sleep 2 # the daemon's file monitor
mark=$(log_mark)
for s in late1 late2 lateok; do nvmet_port_link 1 "$PFX:$s"; done
lab_wait_for 20 "lateok (added on the target, not excluded) connected via AEN" \
    lab_has_io stor0 "$PFX:lateok"
sleep 1
lab_check "late1 (excluded live in $EXCL) not connected" lab_no_io stor0 "$PFX:late1"
lab_check "late2 (excluded live by a new drop-in) not connected" lab_no_io stor0 "$PFX:late2"
lab_check "data2 (connected, then excluded) not disconnected ($DATA2)" test "$(io data2)" = "$DATA2"
lab_check "log: late1 excluded host-wide by $EXCL:$L_LATE1" logged_after "$mark" "excluded host-wide by $EXCL:$L_LATE1"
lab_check "log: late2 excluded host-wide by $LIVE:$L_LATE2" logged_after "$mark" "excluded host-wide by $LIVE:$L_LATE2"
view
lab_json_checks "$VIEW" "status: late1 and late2 listed as excluded" \
    "io_excluded('stor0', 'late1') and io_excluded('stor0', 'late2')"
lab_exclusion_del "$EXCL" "nqn=$PFX:late1"
lab_exclusion_del "$EXCL" "nqn=$PFX:data2"
rm "$LIVE"
lab_wait_for 20 "late1 and late2 connected once their exclusions are removed ($EXCL, drop-in)" \
    all_io stor0 late1 late2
lab_check "data2 kept the same controller throughout ($DATA2)" test "$(io data2)" = "$DATA2"
view
lab_json_checks "$VIEW" "status: late1 and late2 no longer excluded, ex1 and ex2 still" \
    "not io_excluded('stor0', 'late1') and not io_excluded('stor0', 'late2') and io_excluded('stor0', 'ex1')"

# ---- nvme-stas beside us --------------------------------------------------
lab_log "---- nvme-stas beside us"
if [ -n "$STAS_MAJOR" ]; then
    lab_wait_for 40 "nvme-stas: stas1 connected on stor1" lab_has_io stor1 "$PFX:stas1"
    lab_snapshot stor0 >"$LAB_OUT/stor0-before-stas2"
    nvmet_port_link 2 "$PFX:stas2"
    lab_wait_for 30 "nvme-stas: stas2 (added on its target) connected on stor1" lab_has_io stor1 "$PFX:stas2"
    STAS_IOC="$(lab_io_on stor1 "$PFX:stas1") $(lab_io_on stor1 "$PFX:stas2")"
    if [ "$STAS_MAJOR" -ge 3 ]; then
        # shellcheck disable=SC2086 # two words
        lab_check "nvme-stas 3 registered its controllers ($STAS_IOC) as stas" \
            eval "lab_registry_is ${STAS_IOC% *} stas && lab_registry_is ${STAS_IOC#* } stas"
        # shellcheck disable=SC2086 # two words
        STAMP_STAS=$(stamps $STAS_IOC)
    else
        lab_skip "nvme-stas registers its controllers" "nvme-stas $STAS_MAJOR.x does not use the registry"
    fi
    sleep 1
    lab_check "nvme-stas busy: our controllers on stor0 untouched" lab_same_as "$LAB_OUT/stor0-before-stas2" stor0
    view
    lab_json_checks "$VIEW" "nvme-stas's controllers are not in our session" \
        "[c['device'] for c in C if c['interface'] != 'stor0' or c.get('host-iface') != 'stor0'] == []"
fi

# ---- kill -9 and restart: nothing touched, nothing re-registered -------------
lab_log "---- kill -9 and restart: nothing touched, nothing re-registered"
lab_snapshot >"$LAB_OUT/before-kill"
STAMP_OURS=$(stamps "$DC0" "$DATA1" "$DATA2")
kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
lab_require "daemon restarted" lab_daemon_start
lab_wait_for 15 "session restored" lab_status "[s['state'] for s in d if s['interface'] == 'stor0'] == ['active']"
sleep 1
lab_check "kill -9 + restart: the same controllers (nbft, unowned, ours, nvme-stas's)" \
    lab_same_as "$LAB_OUT/before-kill"
lab_check "kill -9 + restart: $BOOT's entry untouched" test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
lab_check "kill -9 + restart: $HAND still unowned" lab_registry_is "$HAND" ""
lab_check "kill -9 + restart: our entries kept as they were" \
    test "$(stamps "$DC0" "$DATA1" "$DATA2")" = "$STAMP_OURS"
view
lab_json_checks "$VIEW" "kill -9 + restart: ours still shown as ours, $HAND as used" \
    "all(rows(x) == [('nm-nvme', True)] for x in ['$DC0', '$DATA1', '$DATA2']) and rows('$HAND') == [('', False)]"

# ---- link lost: suspended, nothing touched; attach resumes -----------------
lab_log "---- link lost: suspended, nothing touched; attach resumes"
lab_require "detach --link-lost" "$cli" detach stor0 --link-lost
lab_check "link lost: session suspended" lab_status "[s['state'] for s in d if s['interface'] == 'stor0'] == ['suspended']"
lab_check "link lost: every controller kept" lab_same_as "$LAB_OUT/before-kill"
lab_check "link lost: $BOOT's entry untouched" test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
lab_require "attach again (resume)" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 10 "session active again" lab_status "[s['state'] for s in d if s['interface'] == 'stor0'] == ['active']"
sleep 1
lab_check "resumed: nothing duplicated or dropped" lab_same_as "$LAB_OUT/before-kill"

# ---- a recycled name: our controller deleted by hand, its nvmeN reused -------
# The session is suspended and the daemon down (a restore while suspended is the
# case review found); our data1 controller goes, by hand, with its registry entry;
# an administrator connects data1 again by hand (same subsystem, address and
# interface, unowned) and gets the same name; the restored session is detached.
lab_log "---- a recycled name: our controller deleted by hand, its nvmeN reused"
lab_require "detach --link-lost (suspended)" "$cli" detach stor0 --link-lost
kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
K=$DATA1
echo 1 >"/sys/class/nvme/$K/delete_controller"
lab_wait_for 10 "setup: $K (ours, data1) deleted by hand" lab_not test -e "/sys/class/nvme/$K"
rm -rf "${LAB_REGISTRY:?}/$K"
take_name "$K"
lab_check "setup: data1 connected by hand took the name $K${FILLERS:+ (after$FILLERS)}" \
    test "$REC" = "$K"
lab_check "setup: $K has no registry entry (unowned)" lab_registry_is "$K" ""
lab_require "daemon restarted" lab_daemon_start
lab_wait_for 15 "session restored" lab_status "[s['interface'] for s in d] == ['stor0']"
mark=$(log_mark)
lab_require "detach stor0" "$cli" detach stor0
lab_wait_for 20 "detach: our controllers gone from stor0" none_of_ours stor0 data2 late1 late2 lateok
lab_check "recycled $K (hand-made data1, unowned) left connected" \
    eval "[ -e /sys/class/nvme/$K ] && lab_attr_is /sys/class/nvme/$K/subsysnqn $PFX:data1"
lab_check "detach: boot controller left connected ($BOOT)" test "$(io boot)" = "$BOOT"
lab_check "detach: $BOOT's entry untouched" test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
lab_check "detach: unowned controller left connected ($HAND)" test "$(io hand)" = "$HAND"
lab_check "log: not ours (owner nbft): left connected" logged_after "$mark" "not ours (owner nbft): left connected"
lab_check "detach: our registry entries removed" test -z "$(lab_registry_owned_by nm-nvme)"
lab_check "detach: no session left" lab_status "d == []"

# ---- the same, with our registry entry left behind -----------------------------
# No libnvme3 udev rule removes it and the suspended session does not scan, so the
# hand-made data1 has our transport ID and our stale `nm-nvme` entry: only its sysfs
# node (another inode) tells it apart (issue 14, defect 1).
lab_log "---- a recycled name that keeps our stale registry entry"
# shellcheck disable=SC2086 # names
delete_by_hand "$REC" $FILLERS
lab_wait_for 10 "setup: the hand-made data1 controllers gone" lab_no_io stor0 "$PFX:data1"
lab_require "attach stor0 again" "$cli" attach stor0 "${STOR0[@]}"
lab_wait_for 20 "data1 connected again, ours" all_io stor0 data1
K=$(io data1)
lab_wait_for 10 "setup: $K registered nm-nvme" lab_registry_is "$K" nm-nvme
sleep 2 # on the record (written 1 s after the burst)
lab_require "detach --link-lost (suspended)" "$cli" detach stor0 --link-lost
kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
delete_by_hand "$K"
lab_wait_for 10 "setup: $K (ours, data1) deleted by hand, its entry left" lab_not test -e "/sys/class/nvme/$K"
take_name "$K"
lab_check "setup: data1 connected by hand took the name $K${FILLERS:+ (after$FILLERS)}" \
    test "$REC" = "$K"
if [ -z "$cli3" ]; then
    lab_skip "setup: $K still has our (stale) registry entry" \
        "libnvme3's udev rule removed it with the device"
else
    lab_check "setup: $K still has our (stale) registry entry" lab_registry_is "$K" nm-nvme
fi
lab_require "daemon restarted" lab_daemon_start
lab_wait_for 15 "session restored" lab_status "[s['interface'] for s in d] == ['stor0']"
mark=$(log_mark)
lab_require "detach stor0" "$cli" detach stor0
lab_wait_for 20 "detach: our controllers gone from stor0" none_of_ours stor0 data2 late1 late2 lateok
lab_check "recycled $K (hand-made data1, our transport ID and stale entry) left connected" \
    eval "[ -e /sys/class/nvme/$K ] && lab_attr_is /sys/class/nvme/$K/subsysnqn $PFX:data1"
lab_check "log: $K is no longer data1 (the name was reused): not deleted (the re-check)" \
    logged_after "$mark" "$K is no longer $PFX:data1@$A:4420 via stor0 (the name was reused): not deleted"
# as the block above leaves it: the hand-made data1 under $K, unowned
rm -rf "${LAB_REGISTRY:?}/$K"

# ---- nvme-cli 3: registry list, disconnect --exclude, disconnect-all ------------
lab_log "---- nvme-cli 3: registry list, disconnect --exclude, disconnect-all"
if [ -z "$cli3" ]; then
    lab_require "attach stor0 again" "$cli" attach stor0 "${STOR0[@]}"
    lab_wait_for 20 "data2, late1, late2, lateok connected again" all_io stor0 data2 late1 late2 lateok
    sleep 1
    read -ra OURS <<<"$(ours_on stor0 data2 late1 late2 lateok | tr '\n' ' ')"
    lab_check "nvme registry list: ours (${OURS[*]}) as nm-nvme" listed_as nm-nvme "${OURS[@]}"
    lab_check "nvme registry list: $BOOT as nbft" listed_as nbft "$BOOT"
    X=$(io lateok)
    mark=$(log_mark)
    lab_check "nvme disconnect --device $X --exclude (lateok, ours)" nvme disconnect --device "$X" --exclude
    L_X=$(grep -n "nqn=$PFX:lateok" "$EXCL" | tail -n 1 | cut -d: -f1)
    lab_check "setup: nvme-cli wrote the exclusion ($EXCL:$L_X)" test -n "$L_X"
    lab_wait_for 10 "lateok gone" lab_no_io stor0 "$PFX:lateok"
    nvmet_port_link 1 "$PFX:poke"
    lab_wait_for 20 "poke (added on the target) connected via AEN" lab_has_io stor0 "$PFX:poke"
    sleep 2
    lab_check "disconnect --exclude: lateok not reconnected" lab_no_io stor0 "$PFX:lateok"
    lab_check "log: lateok excluded host-wide by $EXCL:$L_X" logged_after "$mark" "excluded host-wide by $EXCL:$L_X"
    read -ra OURS <<<"$(ours_on stor0 data2 late1 late2 poke | tr '\n' ' ')"
    lab_check "nvme disconnect-all" nvme disconnect-all
    udevadm settle --timeout=10
    sleep 1
    lab_check "disconnect-all: took the unowned ones (nvme-cli 3's own rule)" \
        eval "[ -z \"\$(io hand)\" ] && [ ! -e /sys/class/nvme/$K ]"
    lab_check "disconnect-all: ours left connected (${OURS[*]})" all_exist "${OURS[@]}"
    lab_check "disconnect-all: boot controller left connected" test "$(io boot)" = "$BOOT"
    lab_require "detach stor0" "$cli" detach stor0
    lab_wait_for 20 "detach: nothing of ours left on stor0" \
        none_of_ours stor0 data1 data2 late1 late2 lateok poke hand
    lab_check "detach: boot controller left connected" test "$(io boot)" = "$BOOT"
else
    for c in "nvme registry list shows ours as nm-nvme" \
        "nvme disconnect --exclude on one of ours keeps it gone" \
        "nvme disconnect-all leaves ours connected"; do
        lab_skip "$c" "$cli3"
    done
fi

# ---- nvme-stas: its controllers untouched by all of the above ------------------
lab_log "---- nvme-stas: its controllers untouched by all of the above"
if [ -n "$STAS_MAJOR" ]; then
    lab_check "nvme-stas's I/O controllers untouched ($STAS_IOC)" \
        test "$(lab_io_on stor1 "$PFX:stas1") $(lab_io_on stor1 "$PFX:stas2")" = "$STAS_IOC"
    if [ "$STAS_MAJOR" -ge 3 ]; then
        # shellcheck disable=SC2086 # two words
        lab_check "nvme-stas's registry entries untouched" test "$(stamps $STAS_IOC)" = "$STAMP_STAS"
    fi
    lab_check "nvme-stas stopped" lab_stas_stop
fi

# ---- NetworkManager: the boot controller on stor2 survives its restart -----------
lab_log "---- NetworkManager: the boot controller on stor2 survives its restart"
lab_require "syslogd" lab_syslog_start
lab_require "installed: dispatcher script, D-Bus services, NetworkManager.conf" lab_nm_install
lab_require "profile storage2 (stor2) with nvme.discovery" \
    lab_nm_keyfile storage2 stor2 192.168.79.1/24 no "nvme.discovery=nvme+tcp://$C:4420"
lab_require "NetworkManager started" lab_nm_start
lab_check "nmcli connection up storage2" nmcli connection up storage2
lab_wait_for 60 "NM: data3 connected on stor2" lab_has_io stor2 "$PFX:data3"
sleep 1
lab_check "NM: boot2 used as it is: no duplicate ($BOOT2)" test "$(lab_io_on stor2 "$PFX:boot2")" = "$BOOT2"
read -ra OURS2 <<<"$(ours_on stor2 data3 | tr '\n' ' ')"
lab_check "NM: ours on stor2 (${OURS2[*]}) registered nm-nvme" all_registered_ours "${OURS2[@]}"
lab_check "NM: $BOOT2's entry untouched" test "$(lab_registry_stamp "$BOOT2")" = "$STAMP_BOOT2"
lab_snapshot >"$LAB_OUT/before-nm-restart"
lab_check "NetworkManager stopped" lab_nm_stop
sleep 1
lab_check "NM stopped: no controller touched" lab_same_as "$LAB_OUT/before-nm-restart"
n_up=$(grep -c "stor2: up of 'storage2'" "$LAB_OUT/syslog.log")
lab_require "NetworkManager started again" lab_nm_start
lab_wait_for 30 "NM restarted: stor2 activated" lab_nm_activated stor2
lab_wait_for 20 "NM restarted: the re-emitted up reached the dispatcher" \
    eval "[ \$(grep -c \"stor2: up of 'storage2'\" '$LAB_OUT/syslog.log') -gt $n_up ]"
sleep 2
lab_check "NM restarted: no controller touched" lab_same_as "$LAB_OUT/before-nm-restart"
lab_check "NM restarted: $BOOT2's entry untouched" test "$(lab_registry_stamp "$BOOT2")" = "$STAMP_BOOT2"
mark=$(log_mark)
lab_check "nmcli connection down storage2" nmcli connection down storage2
lab_wait_for 20 "NM down: nothing of ours left on stor2" none_of_ours stor2 data3
lab_check "NM down: boot2 left connected ($BOOT2)" test "$(lab_io_on stor2 "$PFX:boot2")" = "$BOOT2"
lab_check "NM down: $BOOT2's entry untouched" test "$(lab_registry_stamp "$BOOT2")" = "$STAMP_BOOT2"
lab_check "NM down: logged 'not ours (owner nbft): left connected' for $BOOT2" \
    logged_after "$mark" "not ours (owner nbft): left connected"
lab_check "no registry entry of ours left" test -z "$(lab_registry_owned_by nm-nvme)"

# ---- the end -------------------------------------------------------------------
lab_log "---- the end"
lab_check "kernel log clean" lab_dmesg_clean
lab_check "daemon log has no GLib critical" lab_not grep -E "CRITICAL" "$LOG"
lab_nm_stop
kill "$lab_daemon_pid"
lab_summary
