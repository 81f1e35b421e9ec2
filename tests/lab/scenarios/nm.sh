#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# nm.sh: the NetworkManager lifecycle with a real NetworkManager 1.42,
# nm-dispatcher (D-Bus activated) and our dispatcher program installed where
# the package puts it; nm-nvme-daemon is never started by hand, only by D-Bus
# activation. Three storage links: stor0 -> netns tgt (A), stor1 -> tgt2 (B),
# stor2 -> tgt3 (a profile without nvme settings). Proves: a profile without
# nvme.* keys starts nothing; `nmcli connection up` of a profile with nvme.*
# settings (keyfile [user]) brings its discovery and I/O controllers up on its
# interface; `nm-nvme connection modify` of the active profile is saved to the
# keyfile and applied by reapply without a link bounce, and a bad value saves
# nothing; two profiles with different settings are independent sessions;
# `nmcli connection down` removes that interface's controllers only; carrier
# loss keeps the controllers and carrier back resumes without duplicates;
# stopping and restarting NetworkManager touches no controller; restarting
# the daemon restores its sessions; `nm-nvme connection clear` detaches.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
B=192.168.78.100
C=192.168.79.100
KEYFILE=/etc/NetworkManager/system-connections/storage0.nmconnection

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"

# stor0_up: sub1 and sub2 each have one live I/O controller on stor0.
stor0_up() {
    lab_has_io stor0 "$PFX:sub1" && lab_has_io stor0 "$PFX:sub2"
}

# stor1_up: sub1 has one I/O controller on stor1.
stor1_up() {
    lab_has_io stor1 "$PFX:sub1"
}

# dispatcher_said TEXT: our dispatcher logged TEXT (syslog).
dispatcher_said() {
    grep -F "$1" "$LAB_OUT/syslog.log"
}

# link_lost_iocs_kept: both stor0 I/O controllers still exist (any state).
link_lost_iocs_kept() {
    [ -n "$(lab_io_on stor0 "$PFX:sub1")" ] && [ -n "$(lab_io_on stor0 "$PFX:sub2")" ]
}

# ---- target: sub1, sub2 behind A:4420; sub1 behind B:4420; sub3 behind C:4420 ----
lab_require "modules loaded" lab_modules_load 4
lab_three_targets "$PFX" "$A" "$B" "$C"
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 1 "$PFX:sub2"
nvmet_port_link 2 "$PFX:sub1"
nvmet_port_link 3 "$PFX:sub3"

# ---- services: udevd, system bus, syslog, NetworkManager ----
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed: dispatcher script, D-Bus services, NetworkManager.conf" lab_nm_install
lab_require "a profile without nvme settings (stor2)" \
    lab_nm_keyfile plain stor2 192.168.79.1/24
lab_require "NetworkManager started" lab_nm_start

# ---- a profile without nvme.* keys: nothing at all ----
# (NetworkManager's udev rules leave veth devices unmanaged until a profile
# is activated on them explicitly, so the lab brings profiles up by hand)
lab_check "plain profile up, reapply, down, up" \
    eval 'nmcli connection up plain && nmcli device reapply stor2 && nmcli connection down plain && nmcli connection up plain'
sleep 2 # the dispatcher queue drains
lab_check "no nvme.* keys: nm-nvme-daemon was not started" lab_not lab_daemon_running
lab_check "no nvme.* keys: the dispatcher logged nothing" lab_not dispatcher_said "plain"

# ---- nmcli connection up of a profile with nvme.* settings (keyfile [user]) ----
lab_require "profile storage0 (stor0) with [user] nvme.discovery" \
    lab_nm_keyfile storage0 stor0 192.168.77.1/24 no "nvme.discovery=nvme+tcp://$A:4420"
UUID0=$(lab_nm_uuid storage0)
t0=$(lab_cs)
lab_check "nmcli connection up storage0" nmcli connection up storage0
lab_log "nmcli connection up returned after $((($(lab_cs) - t0) * 10)) ms"
lab_wait_for 60 "up: sub1 and sub2 connected on stor0" stor0_up
lab_check "the daemon was started by D-Bus activation" lab_daemon_running
lab_check "the dispatcher logged the attach" dispatcher_said "stor0: up of 'storage0' ($UUID0): attached"
lab_check "status: stor0 owned by dispatcher:$UUID0" \
    lab_status "[s['owner'] for s in d if s['interface']=='stor0'] == ['dispatcher:$UUID0']"
lab_check "the discovery controller is bound to stor0" \
    eval '[ -n "$(lab_dc_on 4420)" ] && grep -q host_iface=stor0 /sys/class/nvme/$(lab_dc_on 4420 | head -n1)/address'

# ---- nm-nvme connection show / modify (reapply, no link bounce) ----
"$cli" connection show storage0 >"$LAB_OUT/show.txt"
cat "$LAB_OUT/show.txt"
lab_check "connection show: the discovery URI and '--' for unset keys" \
    eval "grep -q '^nvme.discovery: *nvme+tcp://$A:4420\$' $LAB_OUT/show.txt && grep -q '^nvme.kato: *--\$' $LAB_OUT/show.txt"
"$cli" connection show --json stor0 >"$LAB_OUT/show.json"
lab_check "connection show --json by interface name" \
    lab_json "$LAB_OUT/show.json" "d['uuid'] == '$UUID0' and d['settings'] == {'nvme.discovery': 'nvme+tcp://$A:4420'}"
ifindex0=$(cat /sys/class/net/stor0/ifindex)
carrier_changes0=$(cat /sys/class/net/stor0/carrier_changes)
cp "$KEYFILE" "$LAB_OUT/keyfile.before"
out=$("$cli" connection modify storage0 nvme.kato 0 2>&1)
mrc=$?
echo "$out"
lab_check "modify with a bad value: exit 2, the key named" \
    eval '[ $mrc = 2 ] && echo "$out" | grep -q "nvme.kato: invalid value"'
lab_check "modify with a bad value: keyfile unchanged" cmp "$KEYFILE" "$LAB_OUT/keyfile.before"
out=$("$cli" connection modify storage0 nvme.dhchap-secret "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:" 2>&1)
mrc=$?
echo "$out"
lab_check "modify with a secret: refused (user.data is readable by all), nothing saved" \
    eval '[ $mrc = 2 ] && echo "$out" | grep -q "nvme.dhchap-secret: not stored" && cmp "$KEYFILE" "$LAB_OUT/keyfile.before"'
lab_snapshot >"$LAB_OUT/before-modify"
lab_check "modify: +nvme.exclude subsysnqn=sub2, saved and reapplied" \
    eval "'$cli' connection modify storage0 +nvme.exclude 'subsysnqn=$PFX:sub2' | grep -q 'reapplied on stor0'"
lab_check "keyfile [user] holds the new key" grep -q "^nvme.exclude=subsysnqn=$PFX:sub2\$" "$KEYFILE"
lab_wait_for 20 "reapply: sub2 disconnected from stor0" lab_no_io stor0 "$PFX:sub2"
sub1_ctrl=$(lab_io_on stor0 "$PFX:sub1")
lab_check "reapply: sub1 kept, same controller ($sub1_ctrl)" \
    eval '[ -n "$sub1_ctrl" ] && grep -q "^$sub1_ctrl " "$LAB_OUT/before-modify"'
lab_check "reapply: no link bounce (same ifindex, no carrier change)" \
    test "$(cat /sys/class/net/stor0/ifindex) $(cat /sys/class/net/stor0/carrier_changes)" = "$ifindex0 $carrier_changes0"
lab_check "dispatcher logged the reapply" dispatcher_said "stor0: reapply of 'storage0' ($UUID0): attached"
lab_check "modify: -nvme.exclude again" "$cli" connection modify storage0 -nvme.exclude "subsysnqn=$PFX:sub2"
lab_wait_for 30 "sub2 back on stor0" stor0_up

# ---- a second profile, made with nmcli + nm-nvme, different settings ----
lab_check "nmcli connection add storage1 (stor1)" \
    nmcli connection add type ethernet ifname stor1 con-name storage1 autoconnect no \
    ipv4.method manual ipv4.addresses 192.168.78.1/24 ipv6.method disabled
lab_check "nm-nvme connection modify storage1 (inactive: saved only)" \
    eval "'$cli' connection modify storage1 nvme.discovery nvme+tcp://$B:4420 nvme.kato 20 | grep -q 'saved (not active)'"
UUID1=$(lab_nm_uuid storage1)
lab_snapshot >"$LAB_OUT/stor0-only"
lab_check "nmcli connection up storage1" nmcli connection up storage1
lab_wait_for 60 "storage1: sub1 connected on stor1" stor1_up
lab_check "two independent sessions with their own settings" \
    lab_status "sorted((s['interface'], s['owner'], s['settings'].get('nvme.kato')) for s in d) == [('stor0', 'dispatcher:$UUID0', None), ('stor1', 'dispatcher:$UUID1', '20')]"
lab_check "stor0's controllers untouched by storage1" \
    eval "lab_snapshot | grep -v 'host_iface=stor1' | diff -u '$LAB_OUT/stor0-only' -"

# ---- nmcli connection down: that interface only ----
lab_check "nmcli connection down storage1" nmcli connection down storage1
lab_wait_for 20 "down: nothing left on stor1" lab_nothing_on stor1
lab_check "down: stor0 untouched" lab_same_as "$LAB_OUT/stor0-only"
lab_check "down: stor1's session ended" lab_status "[s for s in d if s['interface']=='stor1'] == []"
lab_check "down after pre-down: no second detach (the record has no session)" \
    lab_not dispatcher_said "stor1: down of 'storage1'"
lab_check "the dispatcher detached stor1 at pre-down" \
    dispatcher_said "stor1: pre-down of 'storage1' ($UUID1): detached: deactivate"

# ---- carrier loss: controllers kept, carrier back resumes, nothing duplicated ----
lab_check "storage0 autoconnects (to come back after a carrier loss)" \
    nmcli connection modify storage0 connection.autoconnect yes
lab_check "autoconnect change kept [user]" grep -q "^nvme.discovery=" "$KEYFILE"
lab_snapshot >"$LAB_OUT/before-carrier"
lab_link_down tgt tgt0
lab_wait_for 30 "carrier loss: NetworkManager deactivated stor0" lab_not lab_nm_activated stor0
lab_wait_for 10 "carrier loss: dispatcher down -> link-lost" \
    dispatcher_said "stor0: down of 'storage0' ($UUID0): detached: link-lost"
lab_check "carrier loss: no pre-down was seen for stor0" \
    lab_not dispatcher_said "stor0: pre-down of 'storage0'"
lab_check "carrier loss: the I/O controllers are kept" link_lost_iocs_kept
lab_check "carrier loss: session suspended" \
    lab_status "[s['state'] for s in d if s['interface']=='stor0'] == ['suspended']"
lab_link_up tgt tgt0
lab_wait_for 60 "carrier back: stor0 activated again" lab_nm_activated stor0
lab_wait_for 60 "carrier back: the same controllers, all live, nothing duplicated" \
    lab_all_live_as "$LAB_OUT/before-carrier"
lab_check "carrier back: session active again" \
    lab_status "[s['state'] for s in d if s['interface']=='stor0'] == ['active']"

# ---- NetworkManager stopped and restarted: no controller touched ----
# (devices, not cntlids: the kernel may still be reconnecting after the
# carrier loss above, which gives a controller a new cntlid; a CI run saw
# that during the daemon's restart)
lab_devices >"$LAB_OUT/before-nm-restart"
lab_check "NetworkManager stopped" lab_nm_stop
sleep 2
lab_check "NM stopped: no controller touched" lab_same_devices "$LAB_OUT/before-nm-restart"
n_attach=$(grep -c "stor0: up of 'storage0'" "$LAB_OUT/syslog.log")
lab_require "NetworkManager started again" lab_nm_start
lab_wait_for 30 "NM restarted: stor0 assumed, activated" lab_nm_activated stor0
lab_wait_for 20 "NM restarted: the re-emitted up reached the dispatcher" \
    eval "[ \$(grep -c \"stor0: up of 'storage0'\" '$LAB_OUT/syslog.log') -gt $n_attach ]"
sleep 2
lab_check "NM restarted: the re-emitted up changed nothing" lab_same_devices "$LAB_OUT/before-nm-restart"

# ---- nm-nvme-daemon restarted while NM is up: sessions restored ----
daemon_pid=$(pgrep -x nm-nvme-daemon)
lab_check "daemon stopped (SIGTERM)" eval "kill $daemon_pid && lab_poll 10 lab_not kill -0 $daemon_pid"
lab_check "daemon stopped: no controller touched" lab_same_devices "$LAB_OUT/before-nm-restart"
lab_wait_for 20 "daemon started again by D-Bus activation (nm-nvme status)" "$cli" status
lab_check "daemon restarted: stor0's session restored with its owner" \
    lab_status "[(s['owner'], s['settings'].get('nvme.discovery')) for s in d if s['interface']=='stor0'] == [('dispatcher:$UUID0', 'nvme+tcp://$A:4420')]"
lab_check "daemon restarted: the same controllers" lab_same_devices "$LAB_OUT/before-nm-restart"

# ---- nm-nvme connection clear of the active profile: detached via reapply ----
lab_check "nm-nvme connection clear storage0" "$cli" connection clear storage0
lab_check "clear: no nvme.* key left in the keyfile" \
    eval 'test -f "$KEYFILE" && ! grep -q "^nvme\." "$KEYFILE"'
lab_wait_for 20 "clear: nothing left on stor0" lab_nothing_on stor0
lab_check "clear: stor0 still up in NetworkManager" lab_nm_activated stor0
lab_check "clear: no session left" lab_status "d == []"

lab_check "kernel log clean" lab_dmesg_clean
lab_nm_stop
lab_summary
