#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# smoke.sh: proves the VM lab itself. A kernel NVMe/TCP target in network
# namespace "tgt" behind a veth pair (stor0 <-> tgt0); libnvme (through
# nvme-lab-probe) discovers it over stor0 with a persistent discovery
# controller, connects an I/O controller bound to stor0, sees the discovery
# log change AEN when a subsystem appears at run time, and everything is torn
# down again. Every check reads kernel state (sysfs, configfs, uevents).
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
SUB1=$PFX:sub1
SUB2=$PFX:sub2
DISC_NQN=nqn.2014-08.org.nvmexpress.discovery
HOST_ADDR=192.168.77.1
TGT_ADDR=192.168.77.100
UEVENTS=$LAB_OUT/uevents.log
CTL=/devices/virtual/nvme-fabrics/ctl # DEVPATH folder of fabrics controllers
out="" # output of the last run_probe

probe=$(lab_bin nvme-lab-probe) || lab_fatal "nvme-lab-probe is not built"

# ctrl_is CTRL ATTR VALUE: a sysfs attribute of an NVMe controller equals VALUE.
ctrl_is() {
    lab_attr_is "/sys/class/nvme/$1/$2" "$3"
}

# ctrl_has CTRL ATTR TEXT: a sysfs attribute of an NVMe controller contains TEXT.
ctrl_has() {
    lab_attr_has "/sys/class/nvme/$1/$2" "$3"
}

# has_line TEXT LINE: TEXT (multi-line) holds exactly LINE.
has_line() {
    grep -qxF -- "$2" <<<"$1"
}

# addr_in NS ADDR: an interface in netns NS ("" = the VM's own) has ADDR.
addr_in() {
    [ -n "$(lab_ip "$1" -br addr show to "$2")" ]
}

# run_probe ARGS...: run nvme-lab-probe, log its output and keep it in $out.
run_probe() {
    local rc=0
    lab_log "nvme-lab-probe $*"
    out=$("$probe" "$@") || rc=$?
    printf '%s\n' "$out" | sed 's/^/    /'
    return "$rc"
}

# ---- target side -------------------------------------------------------
lab_require "modules loaded" lab_modules_load 2
lab_require "storage net stor0 <-> tgt/tgt0" \
    lab_storage_net stor0 "$HOST_ADDR/24" tgt tgt0 "$TGT_ADDR/24"
lab_wait_for 5 "stor0 is up (carrier)" lab_attr_is /sys/class/net/stor0/operstate up
lab_check "$TGT_ADDR is in tgt" addr_in tgt "$TGT_ADDR"
lab_check "$TGT_ADDR is not in the VM's namespace" lab_not addr_in "" "$TGT_ADDR"
lab_check "ping $TGT_ADDR over stor0" busybox ping -c 1 -W 2 -I stor0 "$TGT_ADDR"

lab_require "nvmet subsystem sub1 (null_blk)" nvmet_subsys_add "$SUB1" nullb
lab_check "sub1 namespace 2 (16 MiB file on tmpfs)" nvmet_ns_add "$SUB1" 2 file 16
lab_require "nvmet port 1 $TGT_ADDR:4420 (tgt)" nvmet_port_add 1 "$TGT_ADDR" 4420 tgt
lab_require "nvmet port 2 $TGT_ADDR:8009 (tgt)" nvmet_port_add 2 "$TGT_ADDR" 8009 tgt
lab_require "sub1 linked to port 1" nvmet_port_link 1 "$SUB1"
lab_require "sub1 linked to port 2" nvmet_port_link 2 "$SUB1"
lab_check "port 1 listens inside tgt" lab_listening tgt 4420
lab_check "port 2 listens inside tgt" lab_listening tgt 8009
lab_check "nothing listens on 4420 in the VM's namespace" lab_not lab_listening "" 4420

lab_require "uevent listener" lab_uevent_listen "$UEVENTS"

# ---- persistent discovery controller -----------------------------------
lab_require "discover $TGT_ADDR:8009 (persistent, kato 30)" \
    run_probe discover --traddr "$TGT_ADDR" --trsvcid 8009 --host-iface stor0 \
    --kato 30 --persistent
lab_check "discovery log lists sub1" \
    has_line "$out" "entry nvme tcp ipv4 $TGT_ADDR 8009 $SUB1"
lab_check "discovery log does not list sub2 yet" lab_not grep -q ":sub2\$" <<<"$out"
gen1=$(sed -n 's/^genctr //p' <<<"$out")
dc=$(sed -n 's/^device //p' <<<"$out")
[ -n "$dc" ] || lab_fatal "no discovery controller name in the probe output"
lab_check "DC $dc is a live discovery controller" ctrl_is "$dc" state live
lab_check "DC $dc cntrltype discovery" ctrl_is "$dc" cntrltype discovery
lab_check "DC $dc subsysnqn" ctrl_is "$dc" subsysnqn "$DISC_NQN"
lab_check "DC $dc kato 30" ctrl_is "$dc" kato 30
lab_check "DC $dc bound to stor0" ctrl_has "$dc" address host_iface=stor0

# ---- I/O controller ----------------------------------------------------
lab_require "connect sub1 at $TGT_ADDR:4420 via stor0" \
    run_probe connect --traddr "$TGT_ADDR" --trsvcid 4420 --nqn "$SUB1" --host-iface stor0
ioc=$(sed -n 's/^device //p' <<<"$out")
[ -n "$ioc" ] || lab_fatal "no I/O controller name in the probe output"
lab_log "IOC $ioc address: $(lab_attr "/sys/class/nvme/$ioc/address")"
lab_check "IOC $ioc host_iface=stor0" ctrl_has "$ioc" address host_iface=stor0
lab_check "IOC $ioc src_addr=$HOST_ADDR" ctrl_has "$ioc" address "src_addr=$HOST_ADDR"
lab_check "IOC $ioc traddr" ctrl_has "$ioc" address "traddr=$TGT_ADDR,trsvcid=4420"
lab_wait_for 5 "IOC $ioc live" ctrl_is "$ioc" state live
lab_check "sysfs shows exactly one I/O controller for sub1" \
    test "$(lab_ctrl_find subsysnqn "$SUB1" cntrltype io)" = "$ioc"
lab_check "IOC $ioc cntrltype io" ctrl_is "$ioc" cntrltype io
lab_check "IOC $ioc subsysnqn sub1" ctrl_is "$ioc" subsysnqn "$SUB1"
lab_wait_for 10 "IOC $ioc shows namespace 1" lab_ctrl_has_ns "$ioc" 1
lab_wait_for 10 "IOC $ioc shows namespace 2" lab_ctrl_has_ns "$ioc" 2
lab_uevent_wait 5 "change $CTL/$ioc .*NVME_EVENT=connected" \
    "$UEVENTS"
lab_log "controllers:"
lab_nvme_ctrls

# ---- discovery log change AEN ------------------------------------------
mark=$(lab_uevent_mark "$UEVENTS")
lab_require "nvmet subsystem sub2 added at run time" nvmet_subsys_add "$SUB2" nullb
lab_require "sub2 linked to port 2 (the DC's)" nvmet_port_link 2 "$SUB2"
lab_uevent_wait 10 "change $CTL/$dc SUBSYSTEM=nvme NVME_AEN=0x70f002" \
    "$UEVENTS" "$mark"
lab_check "no AEN on the I/O controller" \
    lab_not lab_uevent_grep ".* $CTL/$ioc .*NVME_AEN=" "$UEVENTS" "$mark"
lab_check "discovery log via $dc" run_probe discover --device "$dc"
lab_check "discovery log now lists sub2" \
    has_line "$out" "entry nvme tcp ipv4 $TGT_ADDR 8009 $SUB2"
gen2=$(sed -n 's/^genctr //p' <<<"$out")
lab_check "generation counter grew ($gen1 -> $gen2)" test "${gen2:-0}" -gt "${gen1:-0}"

mark=$(lab_uevent_mark "$UEVENTS")
lab_check "sub2 unlinked from port 2" nvmet_port_unlink 2 "$SUB2"
lab_uevent_wait 10 "change $CTL/$dc .*NVME_AEN=0x70f002" \
    "$UEVENTS" "$mark"
lab_check "discovery log via $dc" run_probe discover --device "$dc"
lab_check "discovery log no longer lists sub2" lab_not grep -q ":sub2\$" <<<"$out"

mark=$(lab_uevent_mark "$UEVENTS")
lab_check "referral on port 2 to $TGT_ADDR:4420" nvmet_referral_add 2 r1 "$TGT_ADDR" 4420
lab_uevent_wait 10 "change $CTL/$dc .*NVME_AEN=0x70f002" \
    "$UEVENTS" "$mark"
lab_check "discovery log via $dc" run_probe discover --device "$dc"
lab_check "discovery log lists the referral" \
    has_line "$out" "entry referral tcp ipv4 $TGT_ADDR 4420 $DISC_NQN"

# ---- teardown ----------------------------------------------------------
lab_check "disconnect all" lab_disconnect_all
lab_check "/sys/class/nvme is empty" lab_dir_empty /sys/class/nvme
lab_check "target end down" lab_link_down tgt tgt0
lab_wait_for 5 "stor0 lost its carrier" lab_attr_is /sys/class/net/stor0/carrier 0
lab_check "target end up" lab_link_up tgt tgt0
lab_wait_for 5 "stor0 is up again" lab_attr_is /sys/class/net/stor0/operstate up
lab_check "nvmet torn down" nvmet_clear
lab_check "target no longer listens" lab_not lab_listening tgt 4420
lab_uevent_stop
lab_check "no kernel warnings" lab_dmesg_clean
lab_summary
