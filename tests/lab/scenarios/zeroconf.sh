#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# zeroconf.sh: mDNS discovery (nvme.zeroconf) with real avahi-daemons. The
# host's avahi-daemon runs in the VM's root namespace on the system bus;
# announcers run in the target namespaces (own mount namespace, no D-Bus,
# static service files, SIGHUP to withdraw): on stor0's side the nvmet
# discovery port A:4420 (p=tcp), a bogus one (p=bogus) and one on a port
# where nothing listens; on stor1's side B:4420 (p=tcp), where no session
# browses; on stor2's side an IPv6-only one for a port on [::]. Proves: with
# avahi-daemon absent the session runs and the status says so; once
# avahi-daemon is up, stor0 gets the discovery controller and its I/O
# controllers with host_iface=stor0 and stor1 gets nothing; the bogus
# service is logged once and ignored; the dead one is reported unreachable;
# stor2 (nvme.ip-family=ipv6) gets its discovery and I/O controller over
# IPv6 link-local; an avahi-daemon restart tears nothing down and a later
# announcement is handled; a kill -9 and restart of nm-nvme-daemon keeps the
# controllers found by mDNS; a goodbye missed while avahi-daemon was down is
# caught up; a withdrawn service whose port is gone keeps its
# discovery controller for the grace (5 s) and loses it after.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100 # target address behind stor0
B=192.168.78.100 # target address behind stor1
GRACE=5
LOG=$LAB_OUT/daemon.log # lab_daemon_start's default

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"

# zc EXPR: EXPR (Python, over `z` = stor0's zeroconf status, `d` = the sessions) holds.
zc() {
    lab_status "any(s['interface'] == 'stor0' and (lambda z: $1)(s.get('zeroconf', {})) for s in d)"
}

# svc_state NAME STATE: stor0's status shows service NAME in STATE.
svc_state() {
    zc "any(v['name'] == '$1' and v['state'] == '$2' for v in z.get('services', []))"
}

# dc_on_port PORT: a discovery controller on target port PORT, bound to stor0.
dc_on_port() {
    local c
    for c in $(lab_dc_on "$1"); do
        lab_attr_has "/sys/class/nvme/$c/address" host_iface=stor0 >/dev/null && return 0
    done
    return 1
}

# still_there SNAPSHOT: every line of an earlier lab_snapshot is in the current one.
still_there() {
    local now line
    now=$(lab_snapshot)
    while read -r line; do
        grep -qxF -- "$line" <<<"$now" || { echo "missing: $line" && return 1; }
    done <<<"$1"
}

# ---- target: sub1, sub2 on port 1 (A:4420), sub5 on port 2 (A:4421), sub1 on port 3 (B:4420)
lab_require "modules loaded" lab_modules_load 4
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
lab_require "storage net stor1" lab_storage_net stor1 192.168.78.1/24 tgt2 tgt1 "$B/24"
lab_require "storage net stor2" lab_storage_net stor2 192.168.79.1/24 tgt3 tgt2 192.168.79.100/24
for s in sub1 sub2 sub5; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
lab_require "port 2 $A:4421" nvmet_port_add 2 "$A" 4421 tgt
lab_require "port 3 $B:4420" nvmet_port_add 3 "$B" 4420 tgt2
lab_require "port 4 [::]:4420 (reached over IPv6 link-local)" nvmet_port_add 4 :: 4420 tgt3
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 1 "$PFX:sub2"
nvmet_port_link 2 "$PFX:sub5"
nvmet_port_link 3 "$PFX:sub1"
nvmet_port_link 4 "$PFX:sub2"
lab_wait_for 5 "target listens on 4420 in tgt" lab_listening tgt 4420

# ---- host services; avahi-daemon not yet ----------------------------------
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "nm-nvme-daemon answers" lab_daemon_start

lab_require "attach stor0 with nvme.zeroconf" \
    "$cli" attach stor0 nvme.zeroconf=yes "nvme.zeroconf-grace=$GRACE"
lab_wait_for 10 "status: avahi-daemon not reachable (waiting)" zc "z.get('avahi') == 'waiting'"
lab_check "session active without avahi-daemon" lab_status "d[0]['state'] == 'active'"

# ---- announcers, then the host's avahi-daemon -------------------------------
lab_announce tgt nvme-dc-a 4420 p=tcp
lab_announce tgt nvme-bogus 4420 p=bogus
lab_announce tgt nvme-dead 4430 p=tcp
lab_announce tgt2 nvme-dc-b 4420 p=tcp
lab_announce tgt3 nvme-dc-v6 4420 p=tcp
lab_require "announcer in tgt" lab_announcer_start tgt tgt tgt0
lab_require "announcer in tgt2" lab_announcer_start tgt2 tgt2 tgt1
lab_require "announcer in tgt3 (IPv6 only)" lab_announcer_start tgt3 tgt3 tgt2 no yes
t0=$(lab_cs)
lab_require "host avahi-daemon" lab_host_avahi_start
lab_wait_for 15 "status: avahi-daemon running" zc "z.get('avahi') == 'running'"
lab_wait_for 30 "discovery controller A:4420 on stor0 from mDNS" dc_on_port 4420
lab_wait_for 20 "sub1 connected on stor0" lab_has_io stor0 "$PFX:sub1"
lab_wait_for 20 "sub2 connected on stor0" lab_has_io stor0 "$PFX:sub2"
lab_log "avahi-daemon start -> sub1 and sub2 live: $((($(lab_cs) - t0) * 10)) ms"
lab_check "status: nvme-dc-a reachable" svc_state nvme-dc-a reachable
lab_check "status: DC listed with origin mdns" lab_status \
    "any(c['trsvcid'] == '4420' and c['state'] == 'live' for c in d[0]['discovery-controllers'])"

# stor1's announcement is visible to avahi-daemon, and still nobody acts on it
lab_wait_for 15 "avahi-browse sees nvme-dc-b on stor1" \
    sh -c "avahi-browse -rtp _nvme-disc._tcp | grep -q '^=;stor1;IPv4;nvme-dc-b;'"
lab_check "stor1: no controller at all" lab_nothing_on stor1
lab_check "stor1's service is not in stor0's status" lab_not svc_state nvme-dc-b reachable
lab_check "only stor0 has a session" lab_status "[s['interface'] for s in d] == ['stor0']"

# ---- IPv6 link-local on stor2, nvme.ip-family=ipv6 ----------------------------
# (nvmet lists the address a host reached a port on [::] by in its log)
lab_require "attach stor2 with nvme.zeroconf, IPv6 only" "$cli" attach stor2 nvme.zeroconf=yes \
    nvme.ip-family=ipv6
lab_wait_for 30 "stor2: discovery controller at an fe80:: address, host_iface=stor2" \
    sh -c 'grep -l "^traddr=fe80:.*host_iface=stor2" /sys/class/nvme/nvme*/address'
lab_wait_for 20 "sub2 connected on stor2 over link-local" lab_has_io stor2 "$PFX:sub2"
lab_check "status: stor2's service is ipv6 and reachable" lab_status \
    "any(s['interface'] == 'stor2' and any(v['name'] == 'nvme-dc-v6' and v['protocol'] == 'ipv6' and v['address'].startswith('fe80:') and v['state'] == 'reachable' for v in s['zeroconf']['services']) for s in d)"
lab_check "detach stor2" "$cli" detach stor2
lab_wait_for 20 "stor2: nothing left" lab_nothing_on stor2

lab_wait_for 15 "status: nvme-bogus ignored" svc_state nvme-bogus ignored
lab_check "nvme-bogus logged exactly once, naming it and p=" \
    test "$(grep -c "mDNS service 'nvme-bogus'.*p: unknown transport 'bogus'" "$LOG")" = 1
lab_wait_for 15 "status: nvme-dead unreachable" svc_state nvme-dead unreachable
lab_check "nvme-dead: no controller on 4430" lab_not dc_on_port 4430
lab_check "status: an unreachable service carries its error" \
    zc "any(v['name'] == 'nvme-dead' and v.get('error') for v in z['services'])"
"$cli" zeroconf stor0 >"$LAB_OUT/zeroconf.txt"
cat "$LAB_OUT/zeroconf.txt"
lab_check "nm-nvme zeroconf (table): nvme-bogus ignored, nvme-dead unreachable, nvme-dc-a reachable" \
    eval "grep -Eq '^stor0 +nvme-bogus .* ignored ' '$LAB_OUT/zeroconf.txt' && grep -Eq '^stor0 +nvme-dead .* unreachable ' '$LAB_OUT/zeroconf.txt' && grep -Eq '^stor0 +nvme-dc-a .* reachable ' '$LAB_OUT/zeroconf.txt'"
lab_check "nm-nvme status (table): stor0's ZEROCONF column says running" \
    eval "'$cli' status | grep -Eq '^stor0 .* running\$'"

# ---- avahi-daemon restart: nothing torn down; later announcements handled ---
before=$(lab_snapshot)
lab_require "host avahi-daemon stopped" lab_host_avahi_stop
lab_wait_for 10 "status: avahi-daemon waiting after stop" zc "z.get('avahi') == 'waiting'"
sleep 2
lab_check "controllers unchanged while avahi-daemon is down" test "$(lab_snapshot)" = "$before"
lab_check "nvme-dc-a still reachable in status" svc_state nvme-dc-a reachable
lab_withdraw tgt nvme-dead # its goodbye goes unheard: the host's avahi-daemon is down
lab_announcer_reload tgt
lab_require "host avahi-daemon again" lab_host_avahi_start
lab_wait_for 15 "status: avahi-daemon running again" zc "z.get('avahi') == 'running'"
lab_wait_for 15 "nvme-dead, withdrawn while avahi-daemon was down, is gone from the status" \
    zc "not any(v['name'] == 'nvme-dead' for v in z['services'])"
lab_check "nvme-dc-a, announced all along, still reachable" svc_state nvme-dc-a reachable
lab_announce tgt nvme-dc-a2 4421 p=tcp
lab_announcer_reload tgt
lab_wait_for 30 "later announcement: DC A:4421 on stor0" dc_on_port 4421
lab_wait_for 20 "sub5 connected on stor0 through it" lab_has_io stor0 "$PFX:sub5"
lab_check "every controller from before the restart is still there" still_there "$before"
lab_check "DC A:4420 survived the restart" dc_on_port 4420
lab_check "sub1 survived the restart" lab_has_io stor0 "$PFX:sub1"

# ---- nm-nvme-daemon killed and restarted: mDNS-found controllers kept -----
before=$(lab_snapshot)
kill -9 "$lab_daemon_pid"
wait "$lab_daemon_pid" 2>/dev/null
lab_require "nm-nvme-daemon answers again" lab_daemon_start
lab_wait_for 15 "restored session: nvme-dc-a reachable again" svc_state nvme-dc-a reachable
lab_wait_for 15 "restored session: nvme-dc-a2 reachable again" svc_state nvme-dc-a2 reachable
lab_check "status: the kept stand-ins gave way to the announcements" \
    zc "all(v['type'] == '_nvme-disc._tcp' for v in z['services'])"
sleep 1
lab_check "kill -9 and restart: the same controllers" test "$(lab_snapshot)" = "$before"

# ---- withdrawal + port removal: DC gone after the grace ---------------------
lab_withdraw tgt nvme-dc-a
lab_announcer_reload tgt
t0=$(lab_cs)
nvmet_port_unlink 1 "$PFX:sub1"
nvmet_port_unlink 1 "$PFX:sub2"
lab_wait_for 10 "status: nvme-dc-a withdrawn" \
    zc "any(v['name'] == 'nvme-dc-a' and v['withdrawn'] for v in z['services'])"
lab_check "DC A:4420 kept during the grace" dc_on_port 4420
lab_wait_for $((GRACE + 20)) "DC A:4420 disconnected after the grace" lab_not dc_on_port 4420
elapsed=$((($(lab_cs) - t0) * 10))
lab_log "withdrawal -> DC A:4420 gone: $elapsed ms (grace $GRACE s)"
lab_check "not before the grace ($elapsed ms >= ${GRACE}000 ms)" test "$elapsed" -ge "${GRACE}000"
lab_check "log: withdrawn and unreachable" \
    grep -q "mDNS service 'nvme-dc-a' withdrawn and unreachable" "$LOG"
lab_wait_for 20 "sub1 gone from stor0" lab_no_io stor0 "$PFX:sub1"
lab_check "DC A:4421 untouched" dc_on_port 4421
lab_check "sub5 untouched" lab_has_io stor0 "$PFX:sub5"
lab_check "status: nvme-dc-a gone from the services" lab_not svc_state nvme-dc-a reachable

# ---- detach --------------------------------------------------------------
lab_check "detach stor0" "$cli" detach stor0
lab_wait_for 20 "stor0: nothing left" lab_nothing_on stor0
lab_check "kernel log clean" lab_dmesg_clean
avahi-daemon -k 2>/dev/null
lab_summary
