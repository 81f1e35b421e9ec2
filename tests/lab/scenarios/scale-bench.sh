#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scale-bench.sh: the scale benchmark (meson suite 'bench'; it prints
# figures, it is not a test; bench/README.md). Two parts, one daemon
# (nm-nvme-daemon --debug, its log on tmpfs):
#
# dcs: DCS (64) dcsim CDCs in netns tgt behind stor0 (A:8009, A:8010, ...),
#   each with ENTRIES (1024) synthesized entries (10.x.y.z:4430, excluded by
#   nvme.exclude=trsvcid=4430: read, checked, never connected). One session
#   on stor0 is given 1, then 16, then 64 of them (Attach with more
#   nvme.discovery URIs); at each count, once every DC's log is read: the
#   daemon's memory, its CPU time for the DCs added, and ROUNDS (3) log
#   changes of the first DC (SIGHUP: a new generation, nothing new), each
#   the daemon's CPU per thread from before the SIGHUP to 1 s after its plan.
# sessions: SESSIONS (256) veth pairs sc0.. (10.100.N.1/24) into netns
#   many (p0.., 10.100.N.2/24), where nvmet's port 2 listens on 0.0.0.0:4420
#   with one subsystem (excluded by nvme.exclude: no I/O controller). One
#   Attach per interface (nvme.discovery=nvme+tcp://10.100.N.2:4420), timed
#   by bench/scale-attach, in batches up to 1, 64 and 256 sessions; after
#   each, once every DC is live: the daemon's memory and CPU. Then a Detach
#   of each, timed, and the time until no DC is left.
#
# Arguments (KEY=VALUE, for quick runs): dcs=1,16,64 entries=1024
# sessions=1,64,256 rounds=3 parts=dcs,sessions. Raw lines go to
# $LAB_OUT/scale-bench.raw, the markdown report (bench/scale-report) to
# $LAB_OUT/report.md and the log.
# lab-timeout: 1500
# lab-tb-mib: 1024
set -u
# dcsim stamps its events in UTC; so do `date` here and the daemon's log
export TZ=UTC
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=../bench/daemon-cpu.sh
. "$(dirname "$0")/../bench/daemon-cpu.sh"

PFX=nqn.2026-11.io.nm-nvme.scale
A=192.168.77.100
DC_PORT=8009
RAW=$LAB_OUT/scale-bench.raw
REPORT=$LAB_OUT/report.md
# Written while timing: on tmpfs, not the 9p results share; copied there at the end.
TMP=/tmp/scale-bench
export LAB_DAEMON_LOG=$TMP/daemon.log

DCS_LIST=1,16,64
ENTRIES=1024
SESSIONS_LIST=1,64,256
ROUNDS=3
PARTS=dcs,sessions
for arg in "$@"; do
    case $arg in
    dcs=*) DCS_LIST=${arg#*=} ;;
    entries=*) ENTRIES=${arg#*=} ;;
    sessions=*) SESSIONS_LIST=${arg#*=} ;;
    rounds=*) ROUNDS=${arg#*=} ;;
    parts=*) PARTS=${arg#*=} ;;
    *) lab_fatal "unknown argument '$arg' (dcs= entries= sessions= rounds= parts=)" ;;
    esac
done
IFS=, read -r -a DCS <<<"$DCS_LIST"
IFS=, read -r -a SESSIONS <<<"$SESSIONS_LIST"
MAX_DCS=${DCS[-1]}
MAX_SESSIONS=${SESSIONS[-1]}

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
dcsim=$(lab_bin tests/dcsim/dcsim) || lab_fatal "dcsim is not built"
attach=$(lab_bin scale-attach) || lab_fatal "scale-attach is not built"

# part NAME: succeed if NAME is one of the parts to run.
part() {
    case ,$PARTS, in *,"$1",*) return 0 ;; esac
    return 1
}

# ms_since T0: ms of guest uptime since T0 (lab_cs centiseconds).
ms_since() {
    echo $((($(lab_cs) - $1) * 10))
}

# sample LABEL WORDS...: a raw line with the daemon's memory.
sample() {
    local label=$1
    shift
    echo "$label $* $(bench_rss_kb "$lab_daemon_pid")" >>"$RAW"
    lab_log "$(tail -n 1 "$RAW")"
}

# ---- part dcs ---------------------------------------------------------------

# dcs_listening N: dcsim listens on the first N DC ports in netns tgt.
dcs_listening() {
    local n
    n=$(nsenter --net=/run/netns/tgt ss -Hltn |
        awk -v lo="$DC_PORT" -v hi=$((DC_PORT + $1 - 1)) \
            '{ split($4, a, ":"); p = a[length(a)] } p >= lo && p <= hi { c++ } END { print c + 0 }')
    echo "dcsim listening: $n of $1"
    [ "$n" -ge "$1" ]
}

# logs_read N: the daemon's log has a log of ENTRIES entries from N discovery controllers.
logs_read() {
    local n
    n=$(grep -oE "nvme[0-9]+: log generation [0-9]+, $ENTRIES entries" "$LAB_DAEMON_LOG" |
        cut -d: -f1 | sort -u | wc -l)
    echo "logs read: $n of $1"
    [ "$n" -ge "$1" ]
}

# dc_uris N: the nvme.discovery value for the first N DCs.
dc_uris() {
    local i uris=()
    for ((i = 0; i < $1; i++)); do uris+=("nvme+tcp://$A:$((DC_PORT + i))/$PFX:cdc$i"); done
    echo "${uris[*]}"
}

# log_change N ROUND: one SIGHUP of the first dcsim (nothing new in its log), the
# daemon's CPU per thread from before it to 1 s after the plan it makes.
log_change() {
    bench_log_change "${dcsim_pids[0]}" 120 "$1 DCs round $2"
    echo "SCALEAEN dcs=$1 round=$2 $BENCH_LOG_CHANGE" >>"$RAW"
}

part_dcs() {
    local i n before after t0 round
    dcsim_pids=()
    for ((i = 0; i < MAX_DCS; i++)); do
        ip netns exec tgt "$dcsim" --listen "$A" --port $((DC_PORT + i)) --role cdc \
            --nqn "$PFX:cdc$i" --generate "$ENTRIES" >"$TMP/dcsim-$i.log" 2>&1 &
        dcsim_pids+=($!)
    done
    lab_require "$MAX_DCS dcsim listen" lab_poll 120 dcs_listening "$MAX_DCS"
    for n in "${DCS[@]}"; do
        lab_log "---- $n discovery controllers of $ENTRIES entries ----"
        before=$(bench_cpu_sample "$lab_daemon_pid")
        t0=$(lab_cs)
        lab_require "$n DCs: attach" "$cli" attach stor0 "nvme.discovery=$(dc_uris "$n")" \
            "nvme.exclude=trsvcid=4430"
        lab_wait_for 600 "$n DCs: every log read" logs_read "$n" || lab_fatal "$n DCs: logs"
        local live_ms
        live_ms=$(ms_since "$t0")
        udevadm settle --timeout=60
        sleep 3
        after=$(bench_cpu_sample "$lab_daemon_pid")
        sample "SCALEDC dcs=$n entries=$ENTRIES read_ms=$live_ms" \
            "before=${before// /,} after=${after// /,}"
        for ((round = 1; round <= ROUNDS; round++)); do
            log_change "$n" "$round"
        done
    done
    lab_check "dcs: detach" "$cli" detach stor0
    lab_check "dcs: no controllers left" lab_poll 60 lab_dir_empty /sys/class/nvme
    for i in "${dcsim_pids[@]}"; do kill "$i"; done
    for i in "${dcsim_pids[@]}"; do wait "$i"; done
    sample "SCALEDC-DETACHED dcs=$MAX_DCS"
}

# ---- part sessions --------------------------------------------------------------

# veths N: N veth pairs sc0.. into netns many (p0..), addressed and up, by two ip batches.
veths() {
    local i
    ip netns add many || return 1
    for ((i = 0; i < $1; i++)); do
        echo "link add sc$i type veth peer name p$i netns many"
        echo "addr add 10.100.$i.1/24 dev sc$i"
        echo "link set sc$i up"
    done >"$TMP/veth-host.batch"
    {
        echo "link set lo up"
        for ((i = 0; i < $1; i++)); do
            echo "addr add 10.100.$i.2/24 dev p$i"
            echo "link set p$i up"
        done
    } >"$TMP/veth-many.batch"
    ip -batch "$TMP/veth-host.batch" && ip -n many -batch "$TMP/veth-many.batch"
}

# dcs_live N: N discovery controllers are live (read by bash itself: no process
# per controller while the daemon is measured beside it).
dcs_live() {
    local c n=0 type state
    for c in /sys/class/nvme/nvme*; do
        { read -r type <"$c/cntrltype" && read -r state <"$c/state"; } 2>/dev/null || continue
        [ "$type" = discovery ] && [ "$state" = live ] && n=$((n + 1))
    done
    echo "discovery controllers live: $n of $1"
    [ "$n" -ge "$1" ]
}

# attach_lines FROM TO: the Attach lines of sessions FROM..TO-1 for scale-attach.
attach_lines() {
    local i
    for ((i = $1; i < $2; i++)); do
        echo "sc$i nvme.discovery=nvme+tcp://10.100.$i.2:4420 nvme.exclude=subsysnqn=$PFX:vol"
    done
}

part_sessions() {
    local n from=0 before after t0 out live_ms
    nvmet_subsys_add "$PFX:vol" || lab_fatal "subsystem vol"
    lab_require "nvmet port 0.0.0.0:4420 in netns many" nvmet_port_add 2 0.0.0.0 4420 many
    nvmet_port_link 2 "$PFX:vol" || lab_fatal "port 2 link"
    lab_wait_for 10 "nvmet listens on 4420 in netns many" lab_listening many 4420
    for n in "${SESSIONS[@]}"; do
        lab_log "---- $n sessions ----"
        attach_lines "$from" "$n" >"$TMP/attach-$n.txt"
        before=$(bench_cpu_sample "$lab_daemon_pid")
        t0=$(lab_cs)
        out=$("$attach" attach "$TMP/attach-$n.txt")
        lab_check "$n sessions: $((n - from)) attached" test $? = 0
        lab_wait_for 900 "$n sessions: every DC live" dcs_live "$n" || lab_fatal "$n sessions: DCs"
        live_ms=$(ms_since "$t0")
        udevadm settle --timeout=60
        sleep 3
        after=$(bench_cpu_sample "$lab_daemon_pid")
        sample "SCALEIF sessions=$n added=$((n - from)) live_ms=$live_ms" \
            "before=${before// /,} after=${after// /,} ${out#SCALE }"
        from=$n
    done
    attach_lines 0 "$MAX_SESSIONS" >"$TMP/detach.txt"
    before=$(bench_cpu_sample "$lab_daemon_pid")
    t0=$(lab_cs)
    out=$("$attach" detach "$TMP/detach.txt")
    lab_check "sessions: $MAX_SESSIONS detached" test $? = 0
    lab_check "sessions: no controllers left" lab_wait_for 900 "every DC gone" \
        lab_dir_empty /sys/class/nvme
    live_ms=$(ms_since "$t0")
    sleep 3
    after=$(bench_cpu_sample "$lab_daemon_pid")
    sample "SCALEDETACH sessions=$MAX_SESSIONS gone_ms=$live_ms" \
        "before=${before// /,} after=${after// /,} ${out#SCALE }"
}

# udevd_start: udevd for the daemon's nvme uevents only. lab_udevd_start also
# replays every net device's "add" (2 x 256 veths here: more than its 10 s
# settle under TCG), which nothing in this scenario needs.
udevd_start() {
    /lib/systemd/systemd-udevd --daemon >"$LAB_OUT/udevd.log" 2>&1 &&
        udevadm trigger --action=add --subsystem-match=nvme &&
        udevadm settle --timeout=60
}

# ---- setup: links before udevd (it would work through 2 x 256 link events) ----
mkdir -p "$TMP"
: >"$RAW"
lab_require "modules loaded" lab_modules_load
if part dcs; then
    lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
fi
if part sessions; then
    lab_require "$MAX_SESSIONS veth pairs" veths "$MAX_SESSIONS"
fi
lab_require "udevd" udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "nm-nvme-daemon answers" lab_daemon_start
sleep 2
sample "SCALESTART"

if part dcs; then part_dcs; fi
if part sessions; then part_sessions; fi

cp "$LAB_DAEMON_LOG" "$LAB_OUT/daemon.log"
lab_check "report" python3 "$LAB_SRCDIR/tests/lab/bench/scale-report" "$RAW" \
    "$LAB_OUT/daemon.log" >"$REPORT"
cat "$REPORT"
lab_check "daemon log has no GLib critical" lab_not grep -E "CRITICAL" "$LAB_OUT/daemon.log"
lab_check "kernel log clean" lab_dmesg_clean
lab_summary
