#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# nbft.sh: Boot from SAN (issue 15). The VM boots with a real NBFT (ACPI
# table written by ../nbft-gen from ../nbft/lab.json, given to qemu by
# lab-run through the header line below) describing the lab's storage link:
# HFI 1 = stor0 (its MAC set to the HFI's, 192.168.77.1/24), SSNS 1 = the
# boot subsystem at A:4420, SSNS 2 = a data subsystem at A:8009 found
# through discovery record 1 (A:8009, nvmet's discovery service).
#
#  1. the table: the guest kernel shows /sys/firmware/acpi/tables/NBFT,
#     byte for byte the generated file, and the platform's nvme-cli (`nvme
#     nbft show --output-format=json`) reads every field back.
#  2. "the initramfs": `nvme connect-all --nbft` (nvme-cli itself, no
#     systemd) connects SSNS 1; SSNS 2 is not reachable yet (its port has
#     nothing linked), as if the firmware's path to it were down at boot.
#  3. the engine, against the contract of issue 15 (each check named and
#     independent): nothing more is connected while stor0 is not up under
#     NetworkManager; a profile shaped as nm-initrd-generator makes it (`NBFT
#     connection HFI 1`, [ethernet] mac-address, no interface-name)
#     activates stor0 and the session connects SSNS 2 (host_iface=stor0,
#     the NBFT's host NQN, registry owner nbft) and follows discovery record
#     1 (its I/O controllers appear); `nm-nvme nbft --json` reports it all;
#     the boot controllers (SSNS 1 and 2) survive down/pre-down, an ordinary
#     profile on the same interface, link loss, kill -9 + restart of the
#     daemon, a NetworkManager restart, an exclusion entry matching them, a
#     discovery log change and the daemon's stop; nvme-cli's hook
#     (`nvme connect-all --nbft` on up, as 80-nvmf-connect-nbft.sh's unit
#     runs it) beside us connects nothing twice and changes nothing.
# On bookworm (libnvme 1.3, no NBFT reader) the table is still injected:
# `nm-nvme status` says nbft unavailable, and a boot controller connected
# by hand (registered nbft) stays connected across up/down.
#
# lab-nbft: ../nbft/lab.json
# lab-timeout: 300
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DESC=$(cd "$(dirname "$0")/../nbft" && pwd)/lab.json
GEN=$LAB_LIBDIR/nbft-gen
TABLE=/sys/firmware/acpi/tables/NBFT
PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
HFI_MAC=52:54:00:4e:42:01
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:5e2c0a1d-7b1f-4c57-9f0e-3a8d2b6c4e01
NBFT_PROFILE="NBFT connection HFI 1"
VIEW=$LAB_OUT/nbft-view.json
SNAP=$LAB_STATE/boot.snapshot

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
platform=${LAB_PLATFORM:-bookworm}
cli3=""
lab_nvme_cli3 || cli3="nvme-cli $(nvme version 2>/dev/null | head -n 1 | cut -d' ' -f3) has no ownership registry"

# io SUB: the I/O controllers of subsystem SUB on stor0.
io() {
    lab_io_on stor0 "$PFX:$1"
}

# boot_snapshot: "name cntlid address" of the boot controllers (SSNS 1 and, once connected,
# SSNS 2) into $SNAP; boot_same: they are still exactly those (none deleted, none
# reconnected, none added).
boot_lines() {
    local d
    for d in $(lab_ctrl_find subsysnqn "$PFX:boot") $(lab_ctrl_find subsysnqn "$PFX:data"); do
        echo "$d $(lab_attr "/sys/class/nvme/$d/cntlid") $(lab_attr "/sys/class/nvme/$d/address")"
    done | sort
}
boot_snapshot() {
    boot_lines >"$SNAP" && cat "$SNAP"
}
boot_same() {
    boot_lines | diff -u "$SNAP" - && [ -s "$SNAP" ]
}

# boot_same_live: the same boot controllers (names and addresses: a kernel reconnect gets a new
# cntlid from the target), every one of them live.
boot_same_live() {
    local d _
    # (no process substitution: the guest has no /dev/fd)
    cut -d' ' -f1,3 "$SNAP" >"$SNAP.names" &&
        boot_lines | cut -d' ' -f1,3 | diff -u "$SNAP.names" - && [ -s "$SNAP" ] || return 1
    while read -r d _; do
        [ "$(lab_attr "/sys/class/nvme/$d/state")" = live ] || { echo "$d not live" && return 1; }
    done <"$SNAP"
}

# daemon_stop: SIGTERM to the daemon we started; waits until it is gone.
daemon_stop() {
    kill "$lab_daemon_pid" && lab_poll 20 lab_not kill -0 "$lab_daemon_pid"
}

# dc_on_stor0: a discovery controller is bound to stor0.
dc_on_stor0() {
    [ -n "$(lab_dcs_on stor0)" ]
}

# nbft_status_is PATTERN: the "NBFT: ..." line of `nm-nvme status` (open to all) matches
# PATTERN (a shell pattern: available, none, "unavailable: ?*").
nbft_status_is() {
    local line
    line=$("$cli" status | grep '^NBFT: ')
    echo "nm-nvme status: ${line:-no NBFT line}"
    # shellcheck disable=SC2053 # $1 is a pattern
    [[ ${line#NBFT: } == $1 ]] && [ -n "$line" ]
}

# hostnqn_is DEV NQN: controller DEV was connected with host NQN NQN.
hostnqn_is() {
    local v
    v=$(lab_attr "/sys/class/nvme/$1/hostnqn")
    echo "$1: hostnqn '$v'"
    [ "$v" = "$2" ]
}

# nbft_view: `nm-nvme nbft --json` into $VIEW (its table form into nbft.txt).
nbft_view() {
    "$cli" nbft --json >"$VIEW" && "$cli" nbft >"$LAB_OUT/nbft.txt" &&
        cat "$LAB_OUT/nbft.txt"
}

# daemon_kill9_restart: kill -9 of the daemon we started, then start it again.
daemon_kill9_restart() {
    kill -9 "$lab_daemon_pid" && lab_poll 10 lab_not kill -0 "$lab_daemon_pid" &&
        lab_daemon_start
}

# stor0_up_under PROFILE: `nmcli connection up PROFILE` and stor0 connected in NetworkManager.
stor0_up_under() {
    nmcli connection up "$1" && lab_poll 30 lab_nm_activated stor0 &&
        [ "$(nmcli -g GENERAL.CONNECTION device show stor0)" = "$1" ]
}

# nbft_keyfile: the profile nm-initrd-generator makes for HFI 1 (NetworkManager >= 1.54 with
# its NBFT reader): named "NBFT connection HFI 1", bound by MAC address, no interface name.
nbft_keyfile() {
    local file="/etc/NetworkManager/system-connections/$NBFT_PROFILE.nmconnection"
    printf '[connection]\nid=%s\nuuid=%s\ntype=ethernet\nautoconnect=false\n\n' \
        "$NBFT_PROFILE" "$(cat /proc/sys/kernel/random/uuid)" >"$file" &&
        printf '[ethernet]\nmac-address=%s\n\n' "${HFI_MAC^^}" >>"$file" &&
        printf '[ipv4]\nmethod=manual\naddress1=192.168.77.1/24\n\n[ipv6]\nmethod=disabled\n' >>"$file" &&
        chmod 0600 "$file" && { ! pgrep -x NetworkManager >/dev/null || nmcli connection load "$file"; }
}

# ---- 1. the firmware table ------------------------------------------------------
lab_log "---- 1. the firmware table"
lab_require "the kernel shows the NBFT ($TABLE)" test -e "$TABLE"
lab_check "the guest's NBFT is byte for byte the generated table" cmp "$TABLE" "$LAB_OUT/acpi/NBFT"
lab_check "the kernel's NBFT is root-only (0400)" test "$(stat -c %a "$TABLE")" = 400
# nvme_has_nbft: nvme-cli has the nbft plugin (its --help exits 1: the text tells).
nvme_has_nbft() {
    nvme nbft show --help 2>&1 | grep -q -- --nbft-path
}
if nvme_has_nbft; then
    nvme nbft show | tee "$LAB_OUT/nbft-show.txt"
    nvme nbft show --output-format=json >"$LAB_OUT/nbft-show.json"
    lab_check "nvme nbft show ($(nvme version | head -n 1)) reads every field of $(basename "$DESC") back" \
        python3 "$GEN" compare "$DESC" "$LAB_OUT/nbft-show.json"
else
    lab_skip "nvme nbft show reads the table back" \
        "nvme-cli $(nvme version 2>/dev/null | head -n 1 | cut -d' ' -f3) has no 'nbft' plugin"
fi

# ---- target and storage link ----------------------------------------------------
lab_log "---- target and storage link"
lab_require "modules loaded" lab_modules_load 1
lab_require "storage net stor0" lab_storage_net stor0 - tgt tgt0 "$A/24"
lab_require "stor0 takes the HFI's MAC $HFI_MAC" \
    eval "ip link set stor0 address $HFI_MAC && ip link set stor0 up"
# configured by hand, as the initramfs leaves the boot interface
lab_require "stor0 192.168.77.1/24 (the HFI's address)" ip addr add 192.168.77.1/24 dev stor0
for s in boot data disc1 disc2 hand; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $A:8009 (discovery record 1; nothing linked yet)" nvmet_port_add 2 "$A" 8009 tgt
nvmet_port_link 1 "$PFX:boot"
nvmet_port_link 1 "$PFX:hand"
lab_wait_for 5 "target listens on 4420 in tgt" lab_listening tgt 4420
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start

if [ "$platform" = bookworm ]; then
    # ---- bookworm: no NBFT reader ---------------------------------------------------
    lab_log "---- bookworm: no NBFT reader, boot controllers still safe"
    seq=$(cat /sys/kernel/uevent_seqnum)
    BOOT=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:boot" --host-iface stor0)
    lab_require "boot controller connected by hand ($BOOT)" test -n "$BOOT"
    lab_require "$BOOT registered nbft" lab_registry_write "$BOOT" nbft "$seq"
    boot_snapshot
    lab_require "nm-nvme-daemon answers" lab_daemon_start
    lab_check "nm-nvme status: NBFT unavailable, saying why" nbft_status_is "unavailable: ?*"
    lab_require "installed: dispatcher, D-Bus services, NetworkManager.conf" lab_nm_install
    lab_require "profile storage0 (stor0, nvme.discovery A:4420)" \
        lab_nm_keyfile storage0 stor0 192.168.77.1/24 no "nvme.discovery=nvme+tcp://$A:4420"
    lab_require "NetworkManager started" lab_nm_start
    lab_check "storage0 up on stor0" stor0_up_under storage0
    lab_wait_for 20 "the session's discovery controller on stor0" dc_on_stor0
    lab_wait_for 20 "hand (listed by A:4420) connected" lab_has_io stor0 "$PFX:hand"
    lab_check "up: boot controller used as it is ($BOOT)" boot_same
    lab_check "storage0 down" nmcli connection down storage0
    lab_wait_for 20 "down: the session's controllers removed" lab_not dc_on_stor0
    lab_check "down: boot controller untouched ($BOOT)" boot_same
    lab_check "down: $BOOT still registered nbft" lab_registry_is "$BOOT" nbft
    lab_check "daemon log: NBFT unavailable, once" \
        test "$(grep -c 'NBFT: unavailable' "${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log}")" = 1
    lab_nm_stop
    lab_summary
    exit
fi

# ---- 2. "the initramfs": nvme connect-all --nbft ----------------------------------
lab_log "---- 2. the initramfs: nvme connect-all --nbft"
nvme connect-all --nbft -v >"$LAB_OUT/connect-all.log" 2>&1
echo "nvme connect-all --nbft: exit $? (SSNS 2 unreachable at boot: a failure is expected)"
cat "$LAB_OUT/connect-all.log"
BOOT=$(lab_ctrl_find subsysnqn "$PFX:boot")
lab_require "connect-all --nbft connected SSNS 1 ($BOOT)" test "$(echo "$BOOT" | wc -w)" = 1
# nvme-cli 2.x connects with the NBFT's host NQN; nvme-cli 3 prefers /etc/nvme/hostnqn when it
# exists (libnvmf_discover_nbft: the context's host NQN first, the table's only without one).
if [ -z "$cli3" ] && [ -s /etc/nvme/hostnqn ]; then
    lab_check "$BOOT: nvme-cli 3 chose /etc/nvme/hostnqn's host NQN over the NBFT's" \
        hostnqn_is "$BOOT" "$(cat /etc/nvme/hostnqn)"
else
    lab_check "$BOOT: the NBFT's host NQN" hostnqn_is "$BOOT" "$HOSTNQN"
fi
lab_check "$BOOT: from the HFI's address (host_traddr=192.168.77.1)" \
    lab_attr_has "/sys/class/nvme/$BOOT/address" "host_traddr=192.168.77.1"
lab_check "SSNS 2 not connected (its port had nothing linked)" \
    test -z "$(lab_ctrl_find subsysnqn "$PFX:data")"
if [ -z "$cli3" ]; then
    lab_check "nvme-cli 3 registered $BOOT as owned by nbft" lab_registry_is "$BOOT" nbft
else
    lab_skip "nvme-cli registers $BOOT as owned by nbft" "$cli3"
fi
STAMP_BOOT=$(lab_registry_stamp "$BOOT")

# now reachable: SSNS 2 and the discovery record's subsystems on A:8009
nvmet_port_link 2 "$PFX:data"
nvmet_port_link 2 "$PFX:disc1"
lab_wait_for 5 "target listens on 8009 in tgt" lab_listening tgt 8009

# ---- 3. the engine --------------------------------------------------------------
lab_log "---- 3a. the daemon, stor0 not under NetworkManager: nothing more"
lab_require "nm-nvme-daemon answers" lab_daemon_start
sleep 5 # what the daemon would do without an interface up under NetworkManager
lab_check "not before: SSNS 2 not connected while stor0 is not up under NetworkManager" \
    test -z "$(lab_ctrl_find subsysnqn "$PFX:data")"
lab_check "not before: discovery record 1 not followed" test -z "$(lab_ctrl_find subsysnqn "$PFX:disc1")"
lab_check "nm-nvme status: NBFT available" nbft_status_is available
lab_check "daemon log: the NBFT read (1 HFIs, 2 subsystems, 1 discovery records)" \
    grep -F "NBFT: 1 HFIs, 2 subsystems, 1 discovery records from $TABLE" \
    "${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log}"

lab_log "---- 3b. NBFT connection HFI 1 (matched by MAC) up"
lab_require "installed: dispatcher, D-Bus services, NetworkManager.conf" lab_nm_install
lab_require "profile '$NBFT_PROFILE' ([ethernet] mac-address, no interface-name)" nbft_keyfile
lab_require "profile storage0 (ordinary: interface-name=stor0, no nvme.* keys)" \
    lab_nm_keyfile storage0 stor0 192.168.77.1/24 yes
lab_require "NetworkManager started" lab_nm_start
lab_check "'$NBFT_PROFILE' activates stor0" stor0_up_under "$NBFT_PROFILE"
lab_wait_for 20 "SSNS 2 connected on stor0 (host_iface=stor0)" lab_has_io stor0 "$PFX:data"
DATA=$(io data)
lab_check "SSNS 2 ($DATA): the NBFT's host NQN" hostnqn_is "$DATA" "$HOSTNQN"
lab_check "SSNS 2 ($DATA): registry owner nbft" lab_registry_is "$DATA" nbft
lab_wait_for 20 "discovery record 1 followed: disc1 (listed by A:8009) connected on stor0" \
    lab_has_io stor0 "$PFX:disc1"
DISC1=$(io disc1)
lab_check "disc1 ($DISC1): the NBFT's host NQN" hostnqn_is "$DISC1" "$HOSTNQN"
DC=$(lab_dcs_on stor0)
lab_check "a discovery controller on stor0 at A:8009 ($DC)" eval "test -n '$DC' && test '$(lab_dc_on 8009)' = '$DC'"
lab_check "SSNS 1 used as connected by the initramfs: no duplicate ($BOOT)" \
    test "$(lab_ctrl_find subsysnqn "$PFX:boot")" = "$BOOT"
lab_check "SSNS 1's registry entry untouched" test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
boot_snapshot
lab_check "the boot controllers: SSNS 1 and SSNS 2 ($BOOT ${DATA:-none})" test "$(wc -l <"$SNAP")" = 2
nbft_view
# shellcheck disable=SC2016 # Python, not shell
LAB_JSON_PRELUDE='
def sub(i):
    return [s for s in d["subsystems"] if s["index"] == i][0]
'
owner_boot=nbft
[ -z "$cli3" ] || owner_boot=""
lab_json_checks "$VIEW" \
    "nbft --json: available, the NBFT's host" \
    "d['available'] is True and d['host-nqn'] == '$HOSTNQN' and d['host-id'] == '${HOSTNQN##*:}'" \
    "nbft --json: HFI 1 is stor0 ($HFI_MAC, 192.168.77.1/24)" \
    "[(h['index'], h['mac'].lower(), h['vlan'], h['ip'], h['prefix'], h['interface']) for h in d['hfis']] == [(1, '$HFI_MAC', 0, '192.168.77.1', 24, 'stor0')]" \
    "nbft --json: SSNS 1 connected, $BOOT, owner '$owner_boot'" \
    "(sub(1)['connected'], sub(1)['device'], sub(1)['owner'], sub(1)['nqn']) == (True, '$BOOT', '$owner_boot', '$PFX:boot')" \
    "nbft --json: SSNS 2 connected, $DATA, owner nbft, discovery 1" \
    "(sub(2)['connected'], sub(2)['device'], sub(2)['owner'], sub(2)['discovery'], sub(2)['hfis']) == (True, '$DATA', 'nbft', 1, [1])" \
    "nbft --json: discovery record 1 connected, $DC" \
    "[(r['index'], r['hfi'], r['uri'], r['connected'], r['device']) for r in d['discovery']] == [(1, 1, 'nvme+tcp://$A:8009/', True, '$DC')]"

lab_log "---- 3b2. nvme-cli's NetworkManager hook beside us"
# 80-nvmf-connect-nbft.sh (nvme-cli 3) starts nvmf-connect-nbft.service on
# this up, which runs exactly this, host-wide (the unit needs systemd, which
# the lab has not: the command is run as the unit would).
nvme connect-all --nbft >"$LAB_OUT/hook-connect-all.log" 2>&1
echo "the hook's nvme connect-all --nbft: exit $?"
cat "$LAB_OUT/hook-connect-all.log"
sleep 3 # a fight would show here: our daemon reacting to what it made
for sub in boot data disc1; do
    echo "after the hook: $sub: $(lab_ctrl_find subsysnqn "$PFX:$sub" | tr '\n' ' ')"
done
lab_check "the hook beside us: still one controller of SSNS 1 ($BOOT)" \
    test "$(lab_ctrl_find subsysnqn "$PFX:boot")" = "$BOOT"
FILE_NQN=$(cat /etc/nvme/hostnqn 2>/dev/null)
if [ -z "$cli3" ] && [ -n "$FILE_NQN" ] && [ "$FILE_NQN" != "$HOSTNQN" ]; then
    # nvme-cli 3 connects with /etc/nvme/hostnqn when it exists, the daemon with
    # the NBFT's host NQN (the firmware's identity, which the target's ACLs know):
    # where they differ, the hook's connect-all makes a second controller of SSNS 2
    # under the file's NQN. README, "Beside nvme-cli's hook": disable the hook there.
    EXTRA=$(lab_ctrl_find subsysnqn "$PFX:data" | grep -vx "$DATA" | head -n 1)
    lab_check "nvme-cli 3's hook, /etc/nvme/hostnqn not the NBFT's: a second SSNS 2 controller (${EXTRA:-none}) under the file's host NQN" \
        eval "test -n '$EXTRA' && hostnqn_is '$EXTRA' '$FILE_NQN'"
    lab_check "the daemon leaves the hook's controller alone (${EXTRA:-none} still there)" \
        test -n "$EXTRA" -a -e "/sys/class/nvme/$EXTRA"
    [ -z "$EXTRA" ] || nvme disconnect -d "$EXTRA"
    lab_wait_for 10 "the hook's controller removed by hand: SSNS 2 is $DATA alone again" \
        eval "test \"\$(lab_ctrl_find subsysnqn '$PFX:data')\" = '$DATA'"
else
    lab_check "the hook beside us: still one controller of SSNS 2 ($DATA)" \
        test "$(lab_ctrl_find subsysnqn "$PFX:data")" = "$DATA"
fi
lab_check "the hook beside us: still one controller of disc1 ($DISC1)" \
    test "$(lab_ctrl_find subsysnqn "$PFX:disc1")" = "$DISC1"
lab_check "the hook beside us: the boot controllers untouched" boot_same

lab_log "---- 3c. lifecycle: boot controllers never taken down"
lab_check "'$NBFT_PROFILE' down (pre-down, down)" nmcli connection down "$NBFT_PROFILE"
lab_wait_for 20 "down: ours (disc1 ${DISC1:-none}, the discovery controller ${DC:-none}) removed" \
    eval "test -n '$DISC1' && test -z \"\$(io disc1)\" && test -z \"\$(lab_dcs_on stor0)\""
lab_check "down: SSNS 1 and 2 untouched" boot_same

lab_check "storage0 (an ordinary profile) activates stor0" stor0_up_under storage0
lab_wait_for 20 "storage0 up: disc1 connected again" lab_has_io stor0 "$PFX:disc1"
lab_check "storage0 up: SSNS 1 and 2 used as they are" boot_same

lab_link_down tgt tgt0
lab_wait_for 30 "link loss: NetworkManager deactivated stor0" lab_not lab_nm_activated stor0
sleep 2
lab_link_up tgt tgt0
lab_wait_for 60 "link back: stor0 activated again (storage0 autoconnects)" lab_nm_activated stor0
lab_wait_for 60 "link back: SSNS 1 and 2 live again, same controllers (reconnected by the kernel)" \
    boot_same_live
boot_snapshot # their new cntlids

lab_check "kill -9 + restart of nm-nvme-daemon" daemon_kill9_restart
sleep 3
lab_check "kill -9 + restart: SSNS 1 and 2 untouched" boot_same

lab_check "NetworkManager stopped" lab_nm_stop
lab_check "NetworkManager stopped: SSNS 1 and 2 untouched" boot_same
lab_require "NetworkManager started again" lab_nm_start
lab_wait_for 30 "NetworkManager restarted: stor0 activated" lab_nm_activated stor0
sleep 2
lab_check "NetworkManager restart: SSNS 1 and 2 untouched" boot_same

EXCL=/etc/nvme/exclusions.conf
lab_exclusion_add "$EXCL" "nqn=$PFX:boot" >/dev/null
lab_exclusion_add "$EXCL" "nqn=$PFX:data" >/dev/null
sleep 2 # the daemon's file monitor
lab_check "exclusion entries for SSNS 1 and 2: untouched" boot_same
lab_check "exclusions: storage0 down" nmcli connection down storage0
lab_check "exclusions: storage0 up" stor0_up_under storage0
sleep 3
lab_check "exclusions, down and up: SSNS 1 and 2 untouched" boot_same
lab_exclusion_del "$EXCL" "nqn=$PFX:boot"
lab_exclusion_del "$EXCL" "nqn=$PFX:data"

nvmet_port_link 2 "$PFX:disc2"
lab_wait_for 20 "discovery log change (disc2 added on A:8009) followed: disc2 connected on stor0" \
    lab_has_io stor0 "$PFX:disc2"
lab_check "discovery log change: SSNS 1 and 2 untouched" boot_same

lab_check "daemon stopped (SIGTERM)" daemon_stop
lab_check "daemon stop: SSNS 1 and 2 untouched" boot_same
lab_check "the end: SSNS 1 registry entry still nbft's, untouched" \
    test "$(lab_registry_stamp "$BOOT")" = "$STAMP_BOOT"
lab_nm_stop
lab_summary
