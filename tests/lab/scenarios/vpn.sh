#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vpn.sh: `nvme` VPN-style profiles with a real NetworkManager: the service
# (plugin/nm-nvme-service) started by NetworkManager per activation, its
# .name file and D-Bus policy installed as the package does. Base profiles
# base0 (stor0) and base1 (stor1) carry no nvme settings. Proves: a profile
# made with `nmcli connection add type vpn vpn-type nvme` (vpn.data, a
# system-owned DH-HMAC-CHAP secret in vpn.secrets, given to nmcli's editor on
# standard input, never on a command line) brought up with
# `nmcli connection up storage ifname stor0` connects on stor0 with the
# secret handed to the kernel and shown to no one; `down` removes them; as
# a secondary of base0 it comes up with the base and goes with it (detached
# at the base's pre-down); carrier loss keeps the controllers and the
# return resumes without duplicates; NetworkManager stopped and restarted
# touches no controller; invalid vpn.data fails a direct activation with
# the key named, and as a secondary of base1 leaves base1 up; an
# agent-owned secret is asked of the user's secret agent (nm-test-agent
# stands in for it) and the activation fails without one.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
B=192.168.78.100
# made by `nvme gen-dhchap-key`; nvmet asks for no authentication here
SECRET="DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"

# stor0_up: sub1 and sub2 each have one I/O controller on stor0.
stor0_up() {
    lab_has_io stor0 "$PFX:sub1" && lab_has_io stor0 "$PFX:sub2"
}

# nmcli_set_secret NAME SECRET: NAME's vpn.secrets nvme.dhchap-secret set
# through nmcli's editor, its commands on standard input (printf is a bash
# builtin): a secret never goes on a command line, which every local user
# can read in /proc/PID/cmdline. The editor echoes its input: its output is
# shown with long base64 runs (the key) masked.
nmcli_set_secret() {
    printf 'set vpn.secrets nvme.dhchap-secret=%s\nsave persistent\nquit\n' "$2" |
        nmcli connection edit "$1" 2>&1 | sed 's|[A-Za-z0-9+/=]\{16,\}|<hidden>|g'
    return "${PIPESTATUS[1]}"
}

# vpn_state NAME: NetworkManager's state of the active profile NAME ("" when inactive).
vpn_state() {
    nmcli -g GENERAL.STATE connection show "$1" 2>/dev/null
}

lab_require "modules loaded" lab_modules_load 2
lab_require "storage net stor0" lab_storage_net stor0 - tgt tgt0 "$A/24"
lab_require "storage net stor1" lab_storage_net stor1 - tgt2 tgt1 "$B/24"
for s in sub1 sub2; do nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"; done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $B:4420" nvmet_port_add 2 "$B" 4420 tgt2
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 1 "$PFX:sub2"
nvmet_port_link 2 "$PFX:sub1"
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed (with the VPN service's .name file)" lab_nm_install
lab_require "base0 (stor0), no nvme settings" lab_nm_keyfile base0 stor0 192.168.77.1/24 yes
lab_require "base1 (stor1), no nvme settings" lab_nm_keyfile base1 stor1 192.168.78.1/24 yes
lab_require "NetworkManager started" lab_nm_start
lab_check "base0 up" nmcli connection up base0
lab_check "base1 up" nmcli connection up base1

# ---- an nvme profile made with nmcli alone ----
lab_require "nmcli connection add type vpn vpn-type nvme" \
    nmcli connection add type vpn vpn-type nvme con-name storage autoconnect no \
    vpn.data "nvme.discovery=nvme+tcp://$A:4420, nvme.kato=20, nvme.dhchap-secret-flags=0" \
    ipv4.auto-route-ext-gw no ipv6.auto-route-ext-gw no
lab_require "the secret given to nmcli's editor on standard input, not on a command line" \
    nmcli_set_secret storage "$SECRET"
UUID=$(lab_nm_uuid storage)
lab_check "+vpn.data edits it with nmcli" nmcli connection modify storage +vpn.data nvme.register=yes
lab_check "the keyfile keeps the secret in [vpn-secrets], not in [vpn]" \
    eval "grep -A20 '^\[vpn-secrets\]' /etc/NetworkManager/system-connections/storage.nmconnection | grep -q '^nvme.dhchap-secret=' && ! sed -n '/^\[vpn\]/,/^\[/p' /etc/NetworkManager/system-connections/storage.nmconnection | grep -q DHHC"
t0=$(lab_cs)
lab_check "nmcli connection up storage ifname stor0" nmcli connection up storage ifname stor0
lab_log "activation took $((($(lab_cs) - t0) * 10)) ms"
lab_wait_for 60 "storage up: sub1 and sub2 on stor0" stor0_up
lab_check "status: stor0 owned by vpn:$UUID with nvme.kato 20" \
    lab_status "[(s['owner'], s['settings'].get('nvme.kato')) for s in d if s['interface']=='stor0'] == [('vpn:$UUID', '20')]"
# (Debian's 6.1 has no CONFIG_NVME_AUTH, so no sysfs dhchap_secret to read back)
lab_check "the secret went into the connect options (logged masked), never in clear" \
    eval "grep -q 'sub1@.* via stor0: .*dhchap_secret=<hidden>' '$LAB_OUT/daemon.log' && ! grep -rqF '${SECRET:10:20}' '$LAB_OUT'/*.log"
setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" status --json >"$LAB_OUT/status-nobody.json" 2>&1
setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" controllers --json >>"$LAB_OUT/status-nobody.json" 2>&1
lab_check "non-root nm-nvme status and controllers: stor0 listed, no secret anywhere" \
    eval "grep -q stor0 '$LAB_OUT/status-nobody.json' && ! grep -q DHHC '$LAB_OUT/status-nobody.json'"
lab_check "NetworkManager: storage activated" test "$(vpn_state storage)" = activated
lab_check "nmcli connection down storage" nmcli connection down storage
lab_wait_for 20 "down: nothing left on stor0" lab_nothing_on stor0
lab_check "down: base0 still up" lab_nm_activated stor0

# ---- an agent-owned secret: asked of the user's secret agent ----
lab_check "storage-agent: an nvme profile whose secret is agent-owned (flags 1), none stored" \
    nmcli connection add type vpn vpn-type nvme con-name storage-agent autoconnect no \
    vpn.data "nvme.discovery=nvme+tcp://$A:4420, nvme.dhchap-secret-flags=1" \
    ipv4.auto-route-ext-gw no ipv6.auto-route-ext-gw no
UUID2=$(lab_nm_uuid storage-agent)
lab_check "no secret in storage-agent's keyfile" \
    lab_not grep -q DHHC /etc/NetworkManager/system-connections/storage-agent.nmconnection
out=$(timeout 90 nmcli connection up storage-agent ifname stor0 2>&1)
vrc=$?
echo "$out"
lab_check "without an agent that has it: the activation fails, nothing connected" \
    eval '[ "$vrc" != 0 ] && lab_nothing_on stor0'
"$(lab_bin tests/lab/nm-test-agent)" <<<"nvme.dhchap-secret=$SECRET" >"$LAB_OUT/agent.log" 2>&1 &
agent_pid=$!
lab_wait_for 20 "a secret agent registered" grep -q ready "$LAB_OUT/agent.log"
lab_check "nmcli connection up storage-agent ifname stor0 (the agent has the secret)" \
    nmcli connection up storage-agent ifname stor0
lab_check "NetworkManager asked the agent for the vpn secrets" grep -q "get-secrets vpn" "$LAB_OUT/agent.log"
lab_wait_for 60 "storage-agent up: sub1 and sub2 on stor0" stor0_up
lab_check "the agent's secret went into the connect options (masked)" \
    eval "grep -q 'attached by .vpn:$UUID2.: .*nvme.dhchap-secret=<hidden>' '$LAB_OUT/daemon.log'"
lab_check "nmcli connection down storage-agent" nmcli connection down storage-agent
lab_wait_for 20 "down: nothing left on stor0" lab_nothing_on stor0
kill "$agent_pid"

# ---- as a secondary of base0: up and down with it ----
lab_check "storage made a secondary of base0" \
    nmcli connection modify base0 connection.secondaries "$UUID"
lab_check "base0 down" nmcli connection down base0
lab_check "base0 up (with its secondary)" nmcli connection up base0
lab_wait_for 60 "secondary: sub1 and sub2 on stor0" stor0_up
lab_wait_for 20 "secondary: storage activated" eval 'test "$(vpn_state storage)" = activated'
lab_check "nmcli connection down base0" nmcli connection down base0
lab_wait_for 20 "base0 down: nothing left on stor0" lab_nothing_on stor0
lab_check "the base's pre-down detached the VPN's session" \
    grep -q "stor0: pre-down of 'base0' (.*): detached: deactivate" "$LAB_OUT/syslog.log"

# ---- carrier loss with the secondary ----
lab_check "base0 up again" nmcli connection up base0
lab_wait_for 60 "sub1 and sub2 back on stor0" stor0_up
lab_wait_for 20 "storage activated again" eval 'test "$(vpn_state storage)" = activated'
lab_snapshot >"$LAB_OUT/before-carrier"
lab_link_down tgt tgt0
lab_wait_for 30 "carrier loss: base0 deactivated" lab_not lab_nm_activated stor0
lab_wait_for 20 "carrier loss: the service detached link-lost" \
    grep -q "stor0: profile 'storage' ($UUID) disconnected: link-lost" "$LAB_OUT/nm-nvme-service.log"
lab_check "carrier loss: the I/O controllers are kept" \
    eval '[ -n "$(lab_io_on stor0 "$PFX:sub1")" ] && [ -n "$(lab_io_on stor0 "$PFX:sub2")" ]'
lab_link_up tgt tgt0
lab_wait_for 60 "carrier back: base0 and storage activated" \
    eval 'lab_nm_activated stor0 && test "$(vpn_state storage)" = activated'
lab_wait_for 60 "carrier back: the same controllers, all live, nothing duplicated" \
    lab_all_live_as "$LAB_OUT/before-carrier"

# ---- NetworkManager stopped and restarted: no controller touched ----
lab_snapshot >"$LAB_OUT/before-nm-restart"
lab_check "NetworkManager stopped" lab_nm_stop
lab_wait_for 10 "NM stopping: the service kept the controllers" \
    grep -q "stor0: profile 'storage' ($UUID) disconnected: NetworkManager is stopping" "$LAB_OUT/nm-nvme-service.log"
sleep 2
lab_check "NM stopped: no controller touched" lab_same_as "$LAB_OUT/before-nm-restart"
lab_require "NetworkManager started again" lab_nm_start
lab_wait_for 30 "NM restarted: base0 and storage activated again" \
    eval 'lab_nm_activated stor0 && test "$(vpn_state storage)" = activated'
sleep 2
lab_check "NM restarted: the re-activation changed nothing" lab_same_as "$LAB_OUT/before-nm-restart"

# ---- invalid vpn.data: a direct activation fails naming the key; a secondary never fails its base ----
lab_check "nmcli connection add bad (nvme.kato=0)" \
    nmcli connection add type vpn vpn-type nvme con-name bad autoconnect no \
    vpn.data "nvme.discovery=nvme+tcp://$B:4420, nvme.kato=0"
out=$(nmcli connection up bad ifname stor1 2>&1)
vrc=$?
echo "$out"
lab_check "bad, activated directly: fails" test "$vrc" != 0
lab_check "bad: the service logged the key" grep -q "nvme.kato: invalid value '0'" "$LAB_OUT/nm-nvme-service.log"
lab_check "bad made a secondary of base1" \
    nmcli connection modify base1 connection.secondaries "$(lab_nm_uuid bad)"
lab_check "base1 down, up (with the bad secondary)" \
    eval 'nmcli connection down base1 && nmcli connection up base1'
sleep 3
lab_check "base1 stays up" lab_nm_activated stor1
lab_check "the bad secondary itself is activated (no IP, no session)" \
    test "$(vpn_state bad)" = activated
lab_check "no controller on stor1" lab_nothing_on stor1
lab_check "the secondary's problem is in the log" \
    grep -q "stor1: profile 'bad' (.*), a secondary: nvme.kato: invalid value '0'" "$LAB_OUT/nm-nvme-service.log"

lab_check "kernel log clean" lab_dmesg_clean
lab_nm_stop
lab_summary
