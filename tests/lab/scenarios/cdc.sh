#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cdc.sh: the engine against dcsim (tests/dcsim), a TP8010 discovery
# controller, on the real kernel. dcsim instances run in netns tgt behind
# stor0; their log entries point at the kernel nvmet target's I/O port
# A:4420, so I/O controllers are connected to nvmet for real while discovery
# comes from dcsim. Proves: the kernel reads dctype=cdc; the engine registers
# (DIM) with our host NQN, host ID and symbolic name; the log's I/O
# controllers come up with host_iface=stor0; a reloaded log (SIGHUP) arrives
# as an AEN and its new entry is connected without restart; Detach
# deregisters before the connection closes; a DDC with hostile entries, a
# referral loop, a slow DC and a generation counter that never settles leave
# the daemon running, connect only the valid entries once, and name what was
# dropped; a DC with a small MDTS is read in transfers it accepts. Every
# check reads sysfs, dcsim's event file or the CLI's JSON.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
CDC_NQN=$PFX:dc-cdc
DISC_NQN=nqn.2014-08.org.nvmexpress.discovery

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
dcsim=$(lab_bin tests/dcsim/dcsim) || lab_fatal "dcsim is not built"
declare -A dcsim_pid

# entry SUB: a discovery log entry (JSON) for subsystem SUB on nvmet's port A:4420.
entry() {
    printf '{"subnqn": "%s", "traddr": "%s", "trsvcid": "4420", "portid": 1}' "$PFX:$1" "$A"
}

# referral PORT: a discovery log entry (JSON) referring to dcsim on A:PORT.
referral() {
    printf '{"subtype": "referral", "subnqn": "%s", "traddr": "%s", "trsvcid": "%s"}' \
        "$DISC_NQN" "$A" "$1"
}

# log_file NAME ENTRY...: write the JSON entries as dcsim NAME's log; prints the file.
log_file() {
    local file=$LAB_STATE/$1.json sep="" e
    shift
    {
        echo "["
        for e in "$@"; do
            printf '%s%s\n' "$sep" "$e"
            sep=","
        done
        echo "]"
    } >"$file"
    echo "$file"
}

# dcsim_start NAME PORT ROLE ENTRIES [ARG...]: dcsim in netns tgt on A:PORT with the
# unique NQN $PFX:dc-NAME, events in $LAB_OUT/NAME.events, its log in $LAB_OUT/NAME.log;
# waits until it listens. (Each instance needs its own NQN: the kernel groups
# controllers into subsystems by Identify's SUBNQN and rejects a second
# controller with the same CNTLID in one subsystem.)
dcsim_start() {
    local name=$1 port=$2 role=$3 entries=$4
    shift 4
    ip netns exec tgt "$dcsim" --listen "$A" --port "$port" --role "$role" --nqn "$PFX:dc-$name" \
        --entries "$entries" --events "$LAB_OUT/$name.events" "$@" >"$LAB_OUT/$name.log" 2>&1 &
    dcsim_pid[$name]=$!
    lab_poll 10 lab_listening tgt "$port"
}

# events NAME EXPR: EXPR (Python, over `ev`, the list of dcsim NAME's events, and `env`,
# os.environ) holds.
events() {
    python3 - "$LAB_OUT/$1.events" "$2" <<'PY'
import json, os, sys
env = os.environ
ev = [json.loads(line) for line in open(sys.argv[1])]
v = eval(sys.argv[2])
print(sys.argv[2], "->", v)
sys.exit(0 if v else 1)
PY
}

# daemon_log_since LINE REGEX: the daemon's log from line LINE on has a line matching REGEX.
daemon_log_since() {
    tail -n +"$1" "$LAB_OUT/daemon.log" | grep -E "$2"
}

# one_dc_on PORT: exactly one discovery controller is connected to PORT.
one_dc_on() {
    [ "$(lab_dc_on "$1" | wc -l)" = 1 ]
}

# ---- target: nvmet serves I/O for sub1..sub5 on A:4420; dcsim serves discovery -------
lab_require "modules loaded" lab_modules_load 5
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
for s in sub1 sub2 sub3 sub4 sub5; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "nvmet port $A:4420" nvmet_port_add 1 "$A" 4420 tgt
for s in sub1 sub2 sub3 sub4 sub5; do nvmet_port_link 1 "$PFX:$s"; done
lab_wait_for 5 "nvmet listens on 4420" lab_listening tgt 4420

lab_require "dcsim (cdc) on $A:8009" dcsim_start cdc 8009 cdc \
    "$(log_file cdc "$(entry sub1)" "$(entry sub2)")"

# ---- host services -----------------------------------------------------
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "nm-nvme-daemon answers" lab_daemon_start
HOSTNQN=$(cat /etc/nvme/hostnqn)
HOSTID=$(cat /etc/nvme/hostid)
SYMNAME=$(hostname)
export HOSTNQN HOSTID SYMNAME

# ---- a CDC: registration, dctype, I/O controllers on nvmet ---------------
lab_require "attach stor0 to the CDC" "$cli" attach stor0 "nvme.discovery=nvme+tcp://$A:8009/$CDC_NQN"
lab_wait_for 20 "sub1 connected on stor0" lab_has_io stor0 "$PFX:sub1"
lab_wait_for 20 "sub2 connected on stor0" lab_has_io stor0 "$PFX:sub2"
dc=$(lab_dc_on 8009)
lab_check "one discovery controller on the CDC ($dc)" one_dc_on 8009
lab_check "kernel reads dctype cdc" lab_attr_is "/sys/class/nvme/$dc/dctype" cdc
lab_check "DC connected with the CDC's unique NQN" lab_attr_is "/sys/class/nvme/$dc/subsysnqn" "$CDC_NQN"
lab_check "DC address has host_iface=stor0" lab_attr_has "/sys/class/nvme/$dc/address" host_iface=stor0
c=$(lab_io_on stor0 "$PFX:sub1")
lab_check "IOC from the CDC's log has host_iface=stor0 on nvmet ($c)" \
    lab_attr_has "/sys/class/nvme/$c/address" "traddr=$A,trsvcid=4420,host_iface=stor0"
lab_wait_for 10 "dcsim recorded a DIM registration" events cdc \
    "any(e['event'] == 'dim' and e['tas'] == 'register' for e in ev)"
lab_check "registration carries our host NQN, host ID and symbolic name" events cdc \
    "([(e['hostnqn'], e['entries'][0]['nqn'], e['entries'][0]['hostid'], e['entries'][0]['symname'])
       for e in ev if e['event'] == 'dim' and e['tas'] == 'register'][0]
      == (env['HOSTNQN'], env['HOSTNQN'], env['HOSTID'], env['SYMNAME']))"
lab_wait_for 5 "status: DC registered, dctype cdc" lab_status \
    "[(c['dctype'], c['registered']) for c in d[0]['discovery-controllers']] == [('cdc', True)]"

# ---- the CDC's log changes: AEN, new controller without restart ---------
log_file cdc "$(entry sub1)" "$(entry sub2)" "$(entry sub3)" >/dev/null
kill -HUP "${dcsim_pid[cdc]}"
lab_wait_for 10 "dcsim completed an AER (log change notice)" events cdc \
    "any(e['event'] == 'aer-complete' and e['dw0'] == 0x0070f002 for e in ev)"
lab_wait_for 20 "sub3 (added to the CDC's log) connected via AEN" lab_has_io stor0 "$PFX:sub3"
lab_check "sub1 untouched" test "$(lab_io_on stor0 "$PFX:sub1")" = "$c"

# ---- Detach(deactivate): deregister before the connection closes ---------
lab_require "detach stor0" "$cli" detach stor0
lab_wait_for 5 "deregistered, then disconnected" events cdc \
    "(lambda dereg, disc: bool(dereg) and bool(disc) and dereg[0] < disc[-1])(
       [i for i, e in enumerate(ev) if e['event'] == 'dim' and e['tas'] == 'deregister'],
       [i for i, e in enumerate(ev) if e['event'] == 'disconnect' and e['hostnqn'] == env['HOSTNQN']])"
lab_check "no controllers left" lab_dir_empty /sys/class/nvme

# ---- hostile input: bad entries, a referral loop, a slow DC, a restless log, small MDTS -
long_nqn="$PFX:$(printf 'x%.0s' $(seq 1 240))"
lab_require "dcsim (ddc, hostile entries) on 8010" dcsim_start hostile 8010 ddc "$(log_file hostile \
    "$(entry sub1)" \
    '{"subnqn": "'"$PFX"':empty-traddr", "traddr": "", "trsvcid": "4420"}' \
    '{"subnqn": "'"$PFX"':any-traddr", "traddr": "0.0.0.0", "trsvcid": "4420"}' \
    '{"subnqn": "'"$PFX"':bad\u0001nqn", "traddr": "'"$A"'", "trsvcid": "4420"}' \
    '{"subnqn": "'"$long_nqn"'", "traddr": "'"$A"'", "trsvcid": "4420"}' \
    '{"trtype": 99, "subnqn": "'"$PFX"':unknown-transport", "traddr": "'"$A"'", "trsvcid": "4420"}')" \
    --pleos
lab_require "dcsim (loop A, slow) on 8011" dcsim_start loopa 8011 plain \
    "$(log_file loopa "$(referral 8012)" "$(entry sub2)")" --delay-ms 200
lab_require "dcsim (loop B) on 8012" dcsim_start loopb 8012 plain \
    "$(log_file loopb "$(referral 8011)" "$(entry sub4)")"
lab_require "dcsim (restless generation counter) on 8013" dcsim_start restless 8013 plain \
    "$(log_file restless "$(entry sub5)")" --genctr-per-read
lab_require "dcsim (MDTS 8 KiB, 21 entries: a 22 KiB log) on 8014" dcsim_start small 8014 plain \
    "$(log_file small "$(entry sub3)")" --mdts 1 --generate 20

mark=$(wc -l <"$LAB_OUT/daemon.log")
lab_require "attach stor0 to all five" "$cli" attach stor0 \
    "nvme.discovery=nvme+tcp://$A:8010 nvme+tcp://$A:8011 nvme+tcp://$A:8013 nvme+tcp://$A:8014" \
    nvme.exclude=trsvcid=4430
lab_wait_for 20 "sub1 (the DDC's one valid entry) connected" lab_has_io stor0 "$PFX:sub1"
lab_wait_for 20 "sub2 (loop A) connected" lab_has_io stor0 "$PFX:sub2"
lab_wait_for 20 "sub4 (loop B, through the referral) connected" lab_has_io stor0 "$PFX:sub4"
lab_wait_for 20 "sub3 (from the DC with a small MDTS) connected" lab_has_io stor0 "$PFX:sub3"
lab_check "the small-MDTS DC's whole log read, in transfers it accepts" lab_status \
    "[c['log-entry-count'] for c in d[0]['discovery-controllers'] if c['trsvcid'] == '8014'] == [21]"
lab_wait_for 10 "registered with the DDC" events hostile \
    "any(e['event'] == 'dim' and e['tas'] == 'register' for e in ev)"
lab_check "PLEO used with the DDC (it advertises PLEOS)" events hostile \
    "any(e['event'] == 'log-read' and e['pleo'] for e in ev)"
sleep 3 # let a referral loop, if followed blindly, multiply
lab_check "loop A's DC connected once" one_dc_on 8011
lab_check "loop B's DC connected once" one_dc_on 8012
lab_check "only valid entries connected: 4 I/O controllers" \
    test "$(lab_ctrl_find cntrltype io | wc -l)" = 4
lab_check "daemon log names the dropped entries" \
    daemon_log_since "$mark" "8010 .*dropped 5 invalid log entries, first: entry 1: traddr is empty"
lab_check "restless DC: log read fails, reported, nothing connected from it" lab_status \
    "(['changed during each' in c['error'] for c in d[0]['discovery-controllers']
       if c['trsvcid'] == '8013'] == [True]
      and not any(c['subsysnqn'].endswith(':sub5') for c in d[0]['io-controllers']))"
lab_check "daemon still running" kill -0 "$lab_daemon_pid"

# ---- the end -----------------------------------------------------------
lab_require "detach stor0" "$cli" detach stor0
lab_check "no controllers left" lab_dir_empty /sys/class/nvme
lab_check "deregistered from the DDC" events hostile \
    "any(e['event'] == 'dim' and e['tas'] == 'deregister' for e in ev)"
kill "${dcsim_pid[@]}"
wait "${dcsim_pid[@]}"
lab_check "dcsim logged no GLib critical" lab_not grep -E "CRITICAL|WARNING" "$LAB_OUT"/{cdc,hostile,loopa,loopb,restless,small}.log
lab_check "daemon log has no GLib critical" lab_not grep -E "CRITICAL" "$LAB_OUT/daemon.log"
lab_check "kernel log clean" lab_dmesg_clean
lab_summary
