#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# examples.sh: the scripts of nmcli-examples/ run as written, in order, with
# nm-nvme from the build tree first on PATH, against a real NetworkManager,
# a real avahi-daemon and nvmet: create a profile (up, no NVMe), enable NVMe
# on it (reapplied: sub1 appears on stor0), add a second discovery
# controller (sub2 appears), enable zeroconf (the discovery controller
# announced by mDNS from the target's side brings sub3), watch the status
# once, take it down (stor0's controllers gone); then the same with an nvme
# VPN-style profile made a secondary of the profile (07-nvme-profile.sh).
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
EX=$LAB_SRCDIR/nmcli-examples

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
PATH=$(dirname "$cli"):$PATH
export PATH

lab_require "modules loaded" lab_modules_load 2
lab_require "storage net stor0" lab_storage_net stor0 - tgt tgt0 "$A/24"
for s in sub1 sub2 sub3; do nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"; done
lab_require "port 1 $A:4420 (sub1)" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $A:4421 (sub2)" nvmet_port_add 2 "$A" 4421 tgt
lab_require "port 3 $A:4422 (sub3, announced by mDNS)" nvmet_port_add 3 "$A" 4422 tgt
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 2 "$PFX:sub2"
nvmet_port_link 3 "$PFX:sub3"
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed" lab_nm_install
lab_require "NetworkManager started" lab_nm_start
lab_require "the host's avahi-daemon" lab_host_avahi_start
lab_announce tgt array-a 4422 p=tcp
lab_require "an mDNS announcer in the target's namespace" lab_announcer_start tgt tgt tgt0

lab_check "01-create-profile.sh storage stor0 192.168.77.1/24" \
    "$EX/01-create-profile.sh" storage stor0 192.168.77.1/24
lab_check "the profile is up, no NVMe yet" eval 'lab_nm_activated stor0 && lab_nothing_on stor0'
lab_check "02-enable-nvme.sh storage nvme+tcp://$A:4420" \
    "$EX/02-enable-nvme.sh" storage "nvme+tcp://$A:4420"
lab_wait_for 60 "enabled: sub1 on stor0" lab_has_io stor0 "$PFX:sub1"
lab_check "03-add-discovery-controller.sh storage nvme+tcp://$A:4421" \
    "$EX/03-add-discovery-controller.sh" storage "nvme+tcp://$A:4421"
lab_wait_for 60 "added: sub2 on stor0" lab_has_io stor0 "$PFX:sub2"
lab_check "04-enable-zeroconf.sh storage 30" "$EX/04-enable-zeroconf.sh" storage 30
lab_wait_for 60 "zeroconf: sub3 on stor0 (announced DC at :4422)" lab_has_io stor0 "$PFX:sub3"
"$EX/05-watch-status.sh" 1 >"$LAB_OUT/watch.txt" 2>&1
rc=$?
cat "$LAB_OUT/watch.txt"
lab_check "05-watch-status.sh 1: exit 0, stor0 with its three subsystems and the mDNS service" \
    eval "[ $rc = 0 ] && grep -q '$PFX:sub1' '$LAB_OUT/watch.txt' && grep -q '$PFX:sub2' '$LAB_OUT/watch.txt' && grep -q '$PFX:sub3' '$LAB_OUT/watch.txt' && grep -Eq '^stor0 +array-a +ipv4 +$A +4422 +reachable' '$LAB_OUT/watch.txt'"
lab_check "06-take-down.sh storage" "$EX/06-take-down.sh" storage
lab_wait_for 20 "taken down: nothing left on stor0" lab_nothing_on stor0

# the nmcli-native form: an nvme VPN-style profile as a secondary of storage
lab_check "nm-nvme connection clear storage" "$cli" connection clear storage
lab_check "07-nvme-profile.sh storage-nvme storage nvme+tcp://$A:4420" \
    "$EX/07-nvme-profile.sh" storage-nvme storage "nvme+tcp://$A:4420"
ext_gw="$(nmcli -g ipv4.auto-route-ext-gw connection show storage-nvme) $(nmcli -g ipv6.auto-route-ext-gw connection show storage-nvme)"
echo "auto-route-ext-gw (ipv4 ipv6): $ext_gw"
lab_check "the nvme profile routes nothing to its gateway" \
    test "$ext_gw" = "0 0" # nmcli -g prints the ternary "no" as 0
lab_check "nmcli connection up storage (with storage-nvme)" nmcli connection up storage
lab_wait_for 60 "storage-nvme: sub1 on stor0, owned by the nvme profile" \
    eval 'lab_has_io stor0 "$PFX:sub1" && lab_status "[s[\"owner\"][:4] for s in d] == [\"vpn:\"]"'
lab_check "06-take-down.sh storage (with storage-nvme)" "$EX/06-take-down.sh" storage
lab_wait_for 20 "taken down: nothing left on stor0" lab_nothing_on stor0

lab_check "kernel log clean" lab_dmesg_clean
lab_nm_stop
lab_summary
