#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.sh: the lab benchmark (meson suite 'bench', run by
# `meson test -C build --benchmark` or scripts/bench; it prints figures, it is
# not a test). One kernel nvmet port 192.168.77.100:4420 in netns tgt behind
# stor0 serves discovery and I/O; of 32 subsystems with a null_blk namespace
# each, exactly the first N are linked to it, for N in 1 8 32 (or the counts
# given as arguments, with reps=K and idle=S). udevd and a system bus run
# throughout. For each N and each of 3 repetitions (interleaved, so drift of
# the shared host hits every tool alike) it times, from the action to the
# first and to all N live I/O controllers (bench/nvme-bench's waiter, one
# method for all):
#   floor        the minimal C flow (bench/nvme-bench floor)
#   connect-all  nvme connect-all -t tcp -a A -s 4420 --host-iface=stor0 (fork/exec)
#   nm-nvme      D-Bus Attach on nm-nvme-daemon (as deployed: no --debug), started
#                fresh for each repetition (untimed), stopped after Detach(deactivate);
#                one more run per N with --debug gives the engine's time line
# Every measurement starts with no controllers and ends with all deleted,
# `udevadm settle` and a 1 s pause. In the last repetition of each N the
# daemon's VmRSS, CPU time and context switches are taken after settling;
# at the largest N also after 30 s idle. The raw lines go to
# $LAB_OUT/bench.raw, the markdown report (bench/bench-report) to
# $LAB_OUT/report.md and the log. See bench/README.md.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.bench
A=192.168.77.100
PORT=4420
SUBSYSTEMS=32
REPS=3
IDLE_S=30
SETTLE_S=5
RAW=$LAB_OUT/bench.raw
REPORT=$LAB_OUT/report.md
# Written while timing: on tmpfs, not the 9p results share; copied there at the end.
TMP=/tmp/bench
DAEMON_LOG=$TMP/daemon.log
COUNTS=()
# Arguments (lab-run passes them; for quick runs): reps=K, idle=S, and the counts N.
for arg in "$@"; do
    case $arg in
    reps=*) REPS=${arg#reps=} ;;
    idle=*) IDLE_S=${arg#idle=} ;;
    *) COUNTS+=("$arg") ;;
    esac
done
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1 8 32)
MAX_N=${COUNTS[-1]}

bench=$(lab_bin nvme-bench) || lab_fatal "nvme-bench is not built"
HZ=$(getconf CLK_TCK)

# sub NUM: the NQN of subsystem NUM (1-based, two digits so the log sorts).
sub() {
    printf '%s:sub%02d\n' "$PFX" "$1"
}

# link_first N: link subsystems 1..N to the port (those already linked stay).
link_first() {
    local i
    for ((i = 1; i <= $1; i++)); do
        [ -L "$NVMET/ports/1/subsystems/$(sub "$i")" ] || nvmet_port_link 1 "$(sub "$i")" || return 1
    done
}

# settle: what ends every measurement: udev done, then 1 s.
settle() {
    udevadm settle --timeout=60
    sleep 1
}

# record LINE EXTRA...: keep the BENCH/PROC line of a measurement (with EXTRA fields) and log it.
record() {
    local line=$1
    shift
    [ -n "$line" ] || return 0
    echo "$line $*" >>"$RAW"
    lab_log "$line $*"
}

# run_bench OUT ARGS...: nvme-bench ARGS with its output in file OUT (BENCH line and the
# tool's own output) and in the log; its exit status.
run_bench() {
    local out=$1 rc=0
    shift
    "$bench" "$@" >"$out" 2>&1 || rc=$?
    grep -v '^BENCH ' "$out" | sed 's/^/    | /'
    return "$rc"
}

# bench_line FILE: the BENCH line in FILE.
bench_line() {
    grep '^BENCH ' "$1" | tail -n 1
}

# clean_up WHAT: delete whatever controllers are left, then settle.
clean_up() {
    lab_dir_empty /sys/class/nvme || lab_check "$1: all controllers deleted" lab_disconnect_all
    settle
}

# pid_of NAME: the pid of the first process whose comm is NAME.
pid_of() {
    local d
    for d in /proc/[0-9]*; do
        [ "$(cat "$d/comm" 2>/dev/null)" != "$1" ] || { echo "${d#/proc/}" && return 0; }
    done
    return 1
}

# daemon_start [--debug]: nm-nvme-daemon with its log on tmpfs; waits until its bus name
# answers. Sets lab_daemon_pid (as lab_daemon_start, whose log is on the 9p share).
daemon_start() {
    local bin
    bin=$(lab_bin src/daemon/nm-nvme-daemon) || return 1
    "$bin" "$@" >>"$DAEMON_LOG" 2>&1 &
    lab_daemon_pid=$!
    lab_poll 10 "$(lab_bin src/cli/nm-nvme)" status
}

# proc_stats PID: one line of VmRSS and its parts (KiB; Pss from smaps_rollup), utime+stime
# (ticks) and the voluntary+involuntary context switches of every thread ("tid/comm:count",
# summed in ctxsw).
proc_stats() {
    local pid=$1 t comm n total=0 threads="" mem ticks
    mem=$(awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ { printf "%s_kb=%s ", tolower($1), $2 }' \
        "/proc/$pid/status" | tr -d :)
    mem="$mem$(awk '/^(Pss|Private_Clean|Private_Dirty):/ { printf "%s%s_kb=%s", sep, tolower($1), $2; sep = " " }' \
        "/proc/$pid/smaps_rollup" | tr -d :)"
    ticks=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
    for t in /proc/"$pid"/task/*; do
        comm=$(tr ' ' _ <"$t/comm" 2>/dev/null) || continue
        n=$(awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }' "$t/status" 2>/dev/null)
        total=$((total + n))
        threads="$threads${threads:+,}${t##*/}/$comm:$n"
    done
    echo "$mem cpu_ticks=$ticks hz=$HZ ctxsw=$total threads=$threads"
}

# proc_maps PID: the mappings holding most of the resident memory, "name:RSS:PRIVATE_DIRTY,..."
# (KiB; name = file name, [heap], [anon]...), largest first.
proc_maps() {
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "") ? "[anon]" : $6; sub(/.*\//, "", name) }
         /^Rss:/ { rss[name] += $2 }
         /^Private_Dirty:/ { pd[name] += $2 }
         END { for (n in rss) if (rss[n] > 0) print rss[n], n, pd[n] + 0 }' "/proc/$1/smaps" |
        sort -rn | head -n 16 | awk '{ printf "%s%s:%s:%s", (NR > 1 ? "," : ""), $2, $1, $3 }'
}

# measure_floor N REP
measure_floor() {
    local out=$TMP/floor.out
    lab_check "N=$1 rep $2: floor" run_bench "$out" floor "$1" stor0 "$A" "$PORT"
    record "$(bench_line "$out")" "rep=$2"
    clean_up "N=$1 rep $2 floor"
}

# measure_connect_all N REP
measure_connect_all() {
    local out=$TMP/connect-all.out
    lab_check "N=$1 rep $2: nvme connect-all" run_bench "$out" run "$1" connect-all \
        nvme connect-all -t tcp -a "$A" -s "$PORT" --host-iface=stor0
    record "$(bench_line "$out")" "rep=$2"
    clean_up "N=$1 rep $2 connect-all"
}

# daemon_resources N REP: after settling (and at the largest N after idling), the daemon's
# resources, in the last repetition only.
daemon_resources() {
    [ "$2" = "$REPS" ] || return 0
    udevadm settle --timeout=60
    sleep "$SETTLE_S"
    record "PROC $(proc_stats "$lab_daemon_pid")" "n=$1 rep=$2 phase=settled"
    [ "$1" = "$MAX_N" ] || return 0
    record "MAPS top=$(proc_maps "$lab_daemon_pid")" "n=$1 rep=$2"
    lab_log "daemon idle for ${IDLE_S} s with $1 I/O controllers"
    sleep "$IDLE_S"
    record "PROC $(proc_stats "$lab_daemon_pid")" "n=$1 rep=$2 phase=idle idle_s=$IDLE_S"
    lab_check "N=$1: all I/O controllers still live after idling" lab_live_iocs_are "$1"
}

# measure_nmnvme N REP [--debug]: a fresh daemon (as deployed, or with --debug for the time
# line: REP "debug"), Attach timed, Detach(deactivate), daemon stopped.
measure_nmnvme() {
    local out=$TMP/nm-nvme.out n=$1 rep=$2
    shift 2
    lab_require "N=$n rep $rep: nm-nvme-daemon answers" daemon_start "$@"
    settle
    record "PROC $(proc_stats "$lab_daemon_pid")" "n=$n rep=$rep phase=start"
    NVME_BENCH_WATCH="$WATCH nm-nvme-daemon=$lab_daemon_pid"
    lab_check "N=$n rep $rep: nm-nvme Attach" run_bench "$out" attach "$n" stor0 "nvme+tcp://$A:$PORT"
    NVME_BENCH_WATCH=$WATCH
    record "$(bench_line "$out")" "rep=$rep"
    daemon_resources "$n" "$rep"
    lab_check "N=$n rep $rep: Detach(deactivate)" run_bench "$out" detach stor0
    record "$(bench_line "$out")" "n=$n rep=$rep"
    lab_check "N=$n rep $rep: Detach left no controllers" lab_dir_empty /sys/class/nvme ||
        lab_nvme_ctrls
    kill "$lab_daemon_pid"
    wait "$lab_daemon_pid" 2>/dev/null
    clean_up "N=$n rep $rep nm-nvme"
}

# ---- target: 32 subsystems, one port for discovery and I/O ---------------
t_start=$(lab_cs)
: >"$RAW"
mkdir -p "$TMP"
lab_require "modules loaded" lab_modules_load "$SUBSYSTEMS"
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
for ((i = 1; i <= SUBSYSTEMS; i++)); do
    nvmet_subsys_add "$(sub "$i")" nullb || lab_fatal "subsystem $i"
done
lab_require "port 1 $A:$PORT" nvmet_port_add 1 "$A" "$PORT" tgt

# ---- host services (as on a real host, for every measurement) ----------
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
# nvme-bench reports the bus daemon's CPU time during every action (the daemon's too)
WATCH="dbus-daemon=$(pid_of dbus-daemon)"
export NVME_BENCH_WATCH=$WATCH
lab_log "host: $(nvme version | head -n 1), CLK_TCK $HZ, $(nproc) CPU"

for n in "${COUNTS[@]}"; do
    lab_require "first $n subsystems linked" link_first "$n"
    lab_wait_for 5 "target listens on $PORT" lab_listening tgt "$PORT"
    settle
    for ((rep = 1; rep <= REPS; rep++)); do
        lab_log "---- N=$n, repetition $rep of $REPS ----"
        measure_floor "$n" "$rep"
        measure_connect_all "$n" "$rep"
        measure_nmnvme "$n" "$rep"
    done
    lab_log "---- N=$n, nm-nvme-daemon --debug for the engine's time line (not in the medians) ----"
    measure_nmnvme "$n" debug --debug
done

lab_log "benchmark done after $((($(lab_cs) - t_start) / 100)) s of VM time"
cp "$DAEMON_LOG" "$LAB_OUT/daemon.log"
lab_check "report" python3 "$LAB_SRCDIR/tests/lab/bench/bench-report" "$RAW" "$DAEMON_LOG" \
    >"$REPORT"
cat "$REPORT"
lab_check "daemon log has no GLib critical or warning" \
    lab_not grep -E "CRITICAL|WARNING" "$DAEMON_LOG"
lab_check "kernel log clean" lab_dmesg_clean
lab_summary
