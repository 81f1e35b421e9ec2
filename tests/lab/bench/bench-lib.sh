# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# bench-lib.sh: the lab benchmark's measurements, shared by scenarios/bench.sh
# (floor, nvme connect-all, nvme-stas, nm-nvme) and scenarios/bench-discoverd.sh
# (floor and nvme-discoverd, under systemd as PID 1). Sourced after ../lib.sh.
# It owns the target (32 subsystems, one port for discovery and I/O), the
# one measurement method (bench/nvme-bench's waiter: ms from the action to the
# first and to all N live I/O controllers), how each tool is started and
# stopped, the cleanup between measurements and the resource samples. Raw
# lines go to $RAW: BENCH (one per action), PROC (a process's memory, CPU
# and context switches: proc=NAME), MAPS and HOST (the platform). See
# README.md next to it.

PFX=nqn.2026-11.io.nm-nvme.bench
A=192.168.77.100
PORT=4420
SUBSYSTEMS=32
REPS=3
IDLE_S=30
# after settling, before a resource sample
SETTLE_S=5
# before every measurement's time 0, udev settled (see quiet)
QUIET_S=4
RAW=$LAB_OUT/bench.raw
# Written while timing: on tmpfs, not the 9p results share; copied there at the end.
TMP=/tmp/bench
DAEMON_LOG=$TMP/daemon.log
ACTIVATION=/usr/share/dbus-1/system-services/org.freedesktop.NetworkManager.Nvme.service
COUNTS=()

# bench_args ARG...: reps=K, idle=S, quiet=S and the counts N (default 1 8 32) from the scenario's
# arguments (lab-run passes them; for quick runs).
bench_args() {
    local arg
    for arg in "$@"; do
        case $arg in
        reps=*) REPS=${arg#reps=} ;;
        idle=*) IDLE_S=${arg#idle=} ;;
        quiet=*) QUIET_S=${arg#quiet=} ;;
        *) COUNTS+=("$arg") ;;
        esac
    done
    [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1 8 32)
    MAX_N=${COUNTS[-1]}
    bench=$(lab_bin nvme-bench) || lab_fatal "nvme-bench is not built"
    HZ=$(getconf CLK_TCK)
    : >"$RAW"
    mkdir -p "$TMP"
}

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

# bench_target: modules, stor0 <-> netns tgt, 32 subsystems with a null_blk namespace each,
# port 1 at $A:$PORT (no subsystem linked yet).
bench_target() {
    local i
    lab_require "modules loaded" lab_modules_load "$SUBSYSTEMS"
    lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
    for ((i = 1; i <= SUBSYSTEMS; i++)); do
        nvmet_subsys_add "$(sub "$i")" nullb || lab_fatal "subsystem $i"
    done
    lab_require "port 1 $A:$PORT" nvmet_port_add 1 "$A" "$PORT" tgt
}

# bench_link N: the first N subsystems linked and the port listening, settled.
bench_link() {
    lab_require "first $1 subsystems linked" link_first "$1"
    lab_wait_for 5 "target listens on $PORT" lab_listening tgt "$PORT"
    settle
}

# settle: what ends every measurement: udev done, then 1 s.
settle() {
    udevadm settle --timeout=60
    sleep 1
}

# quiet: what starts every measurement, whatever the tool: udev done, then
# QUIET_S s with nothing happening. systemd-udevd stops its idle workers 3 s
# after its last event, and a new worker's fork and first rules run cost
# 50-70 ms of CPU under TCG during the first connect: each tool starts with
# none (as on a host where nothing happened for a while), not the one timed
# right after a cleanup with the cleanup's workers still there.
quiet() {
    udevadm settle --timeout=60
    sleep "$QUIET_S"
}

# record LINE EXTRA...: keep the BENCH/PROC line of a measurement (with EXTRA fields) and log it.
record() {
    local line=$1
    shift
    [ -n "$line" ] || return 0
    echo "$line $*" >>"$RAW"
    lab_log "$line $*"
}

# bench_host: the HOST line: the platform and the versions the report heads its table with
# (spaces in values as "_").
bench_host() {
    local pretty nvme libnvme stas pid1
    pretty=$(. /etc/os-release && echo "$PRETTY_NAME")
    nvme=$(nvme version | awk '$1 == "nvme" && $2 == "version" { print $3; exit }')
    libnvme=$(nvme version | awk '$1 == "libnvme" && $2 == "version" { print $3; exit }')
    stas=$(dpkg-query -W -f '${Version}' nvme-stas 2>/dev/null)
    pid1=$(cat /proc/1/comm)
    record "HOST platform=${LAB_PLATFORM:-bookworm} os=${pretty// /_} kernel=$(uname -r)" \
        "nvme=${nvme:-?} libnvme=${libnvme:-?} stas=${stas:--} pid1=$pid1 hz=$HZ cpus=$(nproc)"
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

# gone PID...: succeed once none of the processes exists.
gone() {
    local p
    for p in "$@"; do
        ! kill -0 "$p" 2>/dev/null || return 1
    done
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

# peer_resources N REP NAME=PID...: in the last repetition, after settling, each peer
# daemon's resources (PROC proc=NAME).
peer_resources() {
    local n=$1 rep=$2 p
    shift 2
    [ "$rep" = "$REPS" ] || return 0
    udevadm settle --timeout=60
    sleep "$SETTLE_S"
    for p in "$@"; do
        record "PROC $(proc_stats "${p#*=}")" "proc=${p%%=*} n=$n rep=$rep phase=settled"
    done
}

# ---- floor, nvme connect-all ------------------------------------------------

# measure_floor N REP
measure_floor() {
    local out=$TMP/floor.out
    quiet
    lab_check "N=$1 rep $2: floor" run_bench "$out" floor "$1" stor0 "$A" "$PORT"
    record "$(bench_line "$out")" "rep=$2"
    clean_up "N=$1 rep $2 floor"
}

# measure_connect_all N REP
measure_connect_all() {
    local out=$TMP/connect-all.out
    quiet
    lab_check "N=$1 rep $2: nvme connect-all" run_bench "$out" run "$1" connect-all \
        nvme connect-all -t tcp -a "$A" -s "$PORT" --host-iface=stor0
    record "$(bench_line "$out")" "rep=$2"
    clean_up "N=$1 rep $2 connect-all"
}

# ---- nvme-stas: stafd + stacd, from the platform's package, without systemd ---------

STAS_CONF=""

# stas_setup: nvme-stas configured (lib.sh's lab_stas_configure: one DC, $A:$PORT on stor0,
# mDNS off) if the root has it; FALSE (nothing to time) otherwise.
stas_setup() {
    command -v stafd >/dev/null && command -v stacd >/dev/null || return 1
    STAS_CONF=$(lab_stas_configure stor0 "$A" "$PORT")
}

# stas_state_clear: nvme-stas's own state (its last-known-config pickles in /run/stafd,
# /run/stacd (2.x) or /run/nvme-stas (3.x)) removed, so every start is a first start.
stas_state_clear() {
    rm -rf /run/stafd /run/stacd /run/nvme-stas && mkdir -p /run/stafd /run/stacd
}

# measure_stas N REP: time 0 = fork of a shell that starts stafd and stacd in the background
# (as deployed: no --tron; their logs on tmpfs), done = all N live; both stopped (SIGTERM,
# waited for) and every controller deleted after.
measure_stas() {
    local out=$TMP/nvme-stas.out n=$1 rep=$2 pids
    lab_check "N=$n rep $rep: nvme-stas state cleared" stas_state_clear
    quiet
    # shellcheck disable=SC2016 # $1.. $! are the inner shell's
    lab_check "N=$n rep $rep: nvme-stas (stafd + stacd started)" run_bench "$out" run "$n" nvme-stas \
        sh -c 'stafd -f "$1/stafd.conf" >>"$2/stafd.log" 2>&1 & echo $! >"$2/stas.pids"
               stacd -f "$1/stacd.conf" >>"$2/stacd.log" 2>&1 & echo $! >>"$2/stas.pids"' \
        sh "$STAS_CONF" "$TMP"
    record "$(bench_line "$out")" "rep=$rep"
    mapfile -t pids <"$TMP/stas.pids"
    peer_resources "$n" "$rep" "stafd=${pids[0]}" "stacd=${pids[1]}"
    kill "${pids[@]}"
    # nvme-stas 3.1 took more than 30 s to exit after SIGTERM with 32
    # controllers under TCG (next, 2026-12-05); the next tool must not run
    # beside it
    lab_check "N=$n rep $rep: stafd and stacd stopped" lab_poll 120 gone "${pids[@]}"
    clean_up "N=$n rep $rep nvme-stas"
}

# ---- nvme-discoverd (nvme-cli 3), needs systemd as PID 1 ---------------------

# discoverd_setup: the shared fabrics configuration (nvme-fabrics.conf(5)) naming the DC
# $A:$PORT on stor0, if the root has nvme-discoverd and systemd is PID 1; FALSE otherwise.
discoverd_setup() {
    [ -x /usr/sbin/nvme-discoverd ] && lab_systemd || return 1
    mkdir -p /etc/nvme &&
        printf '[Discovery Controller]\ncontroller = transport=tcp;traddr=%s;trsvcid=%s;host-iface=stor0\n' \
            "$A" "$PORT" >/etc/nvme/nvme-fabrics.conf
}

# discoverd_units: nvme-discoverd's transient connection units systemd still knows.
discoverd_units() {
    systemctl list-units --all --plain --no-legend 'nvme-discoverd-*.service' | awk '{ print $1 }'
}

# discoverd_clean: no connection unit left, its runtime state emptied.
discoverd_clean() {
    [ -z "$(discoverd_units)" ] || return 1
    rm -rf /run/nvme/discoverd/units/* /run/nvme/discoverd/controllers/*
}

# measure_discoverd N REP: time 0 = fork of `systemctl start nvme-discoverd.service`
# (Type=notify-reload: it returns once the daemon is ready), done = all N live; then the
# daemon stopped and its connection units stopped (each disconnects its controller) and
# reset, so systemd knows none of them before the next measurement.
measure_discoverd() {
    local out=$TMP/nvme-discoverd.out n=$1 rep=$2 pid
    lab_check "N=$n rep $rep: nvme-discoverd state clean" discoverd_clean
    quiet
    lab_check "N=$n rep $rep: nvme-discoverd (systemctl start)" run_bench "$out" run "$n" nvme-discoverd \
        systemctl start nvme-discoverd.service
    record "$(bench_line "$out")" "rep=$rep"
    lab_log "registry owners: $(for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] && printf '%s=%s ' "${c##*/}" "$(lab_registry_owner "${c##*/}")"
    done)"
    pid=$(systemctl show -P MainPID nvme-discoverd.service)
    peer_resources "$n" "$rep" "nvme-discoverd=$pid"
    lab_check "N=$n rep $rep: nvme-discoverd stopped" systemctl stop nvme-discoverd.service
    # shellcheck disable=SC2046 # unit names are words
    lab_check "N=$n rep $rep: its connection units stopped" systemctl stop $(discoverd_units)
    systemctl reset-failed 'nvme-discoverd*' 2>/dev/null
    lab_check "N=$n rep $rep: no nvme-discoverd unit left" lab_not discoverd_units_left
    clean_up "N=$n rep $rep nvme-discoverd"
}

# discoverd_units_left: succeed (printing them) if systemd still has a connection unit.
discoverd_units_left() {
    local u
    u=$(discoverd_units)
    [ -n "$u" ] && echo "$u"
}

# ---- nm-nvme ------------------------------------------------------------------

# daemon_start [--debug]: nm-nvme-daemon with its log on tmpfs; waits until its bus name
# answers. Sets lab_daemon_pid (as lab_daemon_start, whose log is on the 9p share).
daemon_start() {
    local bin
    bin=$(lab_bin src/daemon/nm-nvme-daemon) || return 1
    "$bin" "$@" >>"$DAEMON_LOG" 2>&1 &
    lab_daemon_pid=$!
    lab_poll 10 "$(lab_bin src/cli/nm-nvme)" status
}

# daemon_stop PID: SIGTERM, waited for (reaped if a child of ours; else until it is gone).
daemon_stop() {
    kill "$1" || return 1
    wait "$1" 2>/dev/null
    lab_poll 20 gone "$1"
}

# daemon_resources N REP: after settling (and at the largest N after idling), the daemon's
# resources, in the last repetition only.
daemon_resources() {
    [ "$2" = "$REPS" ] || return 0
    udevadm settle --timeout=60
    sleep "$SETTLE_S"
    record "PROC $(proc_stats "$lab_daemon_pid")" "proc=nm-nvme-daemon n=$1 rep=$2 phase=settled"
    [ "$1" = "$MAX_N" ] || return 0
    record "MAPS top=$(proc_maps "$lab_daemon_pid")" "n=$1 rep=$2"
    lab_log "daemon idle for ${IDLE_S} s with $1 I/O controllers"
    sleep "$IDLE_S"
    record "PROC $(proc_stats "$lab_daemon_pid")" "proc=nm-nvme-daemon n=$1 rep=$2 phase=idle idle_s=$IDLE_S"
    lab_check "N=$1: all I/O controllers still live after idling" lab_live_iocs_are "$1"
}

# nmnvme_detach N REP: Detach(deactivate) timed, which must leave no controller.
nmnvme_detach() {
    local out=$TMP/detach.out
    lab_check "N=$1 rep $2: Detach(deactivate)" run_bench "$out" detach stor0
    record "$(bench_line "$out")" "n=$1 rep=$2"
    lab_check "N=$1 rep $2: Detach left no controllers" lab_dir_empty /sys/class/nvme ||
        lab_nvme_ctrls
}

# measure_nmnvme N REP [--debug]: Attach on an already running daemon: started (as deployed,
# or with --debug for the time line: REP "debug"), answering, then quiet as every tool before
# its time 0 (all untimed); Attach timed, Detach(deactivate), daemon
# stopped.
measure_nmnvme() {
    local out=$TMP/nm-nvme.out n=$1 rep=$2
    shift 2
    lab_require "N=$n rep $rep: nm-nvme-daemon answers" daemon_start "$@"
    quiet
    record "PROC $(proc_stats "$lab_daemon_pid")" "proc=nm-nvme-daemon n=$n rep=$rep phase=start"
    export NVME_BENCH_WATCH="$WATCH nm-nvme-daemon=$lab_daemon_pid"
    lab_check "N=$n rep $rep: nm-nvme Attach" run_bench "$out" attach "$n" stor0 "nvme+tcp://$A:$PORT"
    export NVME_BENCH_WATCH=$WATCH
    record "$(bench_line "$out")" "rep=$rep"
    daemon_resources "$n" "$rep"
    nmnvme_detach "$n" "$rep"
    daemon_stop "$lab_daemon_pid"
    clean_up "N=$n rep $rep nm-nvme"
}

# activation ON|OFF: the bus's activation file for nm-nvme-daemon (the build tree's, as
# deployed: no --debug; its output appended to the daemon log through sh's exec) installed
# or removed, and the bus told (ReloadConfig). Installed only for the activated measurement:
# no other call may start a daemon by accident.
activation() {
    local daemon
    if [ "$1" = on ]; then
        daemon=$(lab_bin src/daemon/nm-nvme-daemon) &&
            printf '[D-BUS Service]\nName=org.freedesktop.NetworkManager.Nvme\nExec=/bin/sh -c %s\nUser=root\n' \
                "'exec $daemon >>$DAEMON_LOG 2>&1'" >"$ACTIVATION" || return 1
    else
        rm -f "$ACTIVATION"
    fi
    dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.ReloadConfig >/dev/null
}

# measure_nmnvme_activated N REP: the daemon not running; the Attach starts it through the
# bus's activation file (time 0 = the call, as for the running daemon); Detach, daemon stopped.
measure_nmnvme_activated() {
    local out=$TMP/nm-nvme-activated.out n=$1 rep=$2 pid
    lab_check "N=$n rep $rep: no nm-nvme-daemon running" lab_not pid_of nm-nvme-daemon
    lab_check "N=$n rep $rep: activation file installed" activation on
    quiet
    lab_check "N=$n rep $rep: nm-nvme Attach, D-Bus-activated" run_bench "$out" attach "$n" stor0 \
        "nvme+tcp://$A:$PORT" nm-nvme-activated
    record "$(bench_line "$out")" "rep=$rep"
    lab_check "N=$n rep $rep: activation file removed" activation off
    nmnvme_detach "$n" "$rep"
    pid=$(pid_of nm-nvme-daemon) && lab_check "N=$n rep $rep: activated daemon stopped" daemon_stop "$pid"
    clean_up "N=$n rep $rep nm-nvme-activated"
}

# ---- the end ----------------------------------------------------------------

# bench_report REPORT-SCRIPT-ARGS...: copy the daemon log, write $LAB_OUT/report.md with
# bench-report and print it; the last checks and the summary.
bench_finish() {
    local t_start=$1 report=$LAB_OUT/report.md
    lab_log "benchmark done after $((($(lab_cs) - t_start) / 100)) s of VM time"
    [ ! -e "$DAEMON_LOG" ] || cp "$DAEMON_LOG" "$LAB_OUT/daemon.log"
    lab_check "report" python3 "$LAB_SRCDIR/tests/lab/bench/bench-report" "$RAW" "$LAB_OUT/daemon.log" \
        >"$report"
    cat "$report"
    [ ! -e "$DAEMON_LOG" ] || lab_check "daemon log has no GLib critical or warning" \
        lab_not grep -E "CRITICAL|WARNING" "$DAEMON_LOG"
    lab_check "kernel log clean" lab_dmesg_clean
    lab_summary
}
