# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# daemon-cpu.sh: the CPU time and memory of a process, per thread, for the
# discovery and scale benchmarks (source it after ../lib.sh). Read by bash
# itself from /proc (no process started: the samples are taken on the
# guest's one vCPU next to what they measure). bench/scale-report and
# bench/cdc-bench-report turn two samples into the CPU time between them.

# bench_cpu_sample PID: one word per thread, TID:COMM:NS:USER:SYS, NS its
# CPU time in ns (schedstat's run time; utime+stime where the kernel has no
# schedstat), USER and SYS its utime and stime in ns (clock ticks x 10 ms),
# then proc:NS, the whole process's utime+stime (ticks x 10 ms: it keeps the
# time of threads that have ended).
bench_cpu_sample() {
    local pid=$1 t tid comm run rest stat f user sys words=()
    for t in /proc/"$pid"/task/*; do
        tid=${t##*/}
        { read -r comm <"$t/comm" && read -r stat <"$t/stat"; } 2>/dev/null || continue
        comm=${comm// /_}
        # fields after the ")" of comm: 14 utime and 15 stime are its 12th and 13th
        read -r -a f <<<"${stat##*) }"
        user=$((f[11] * 10000000))
        sys=$((f[12] * 10000000))
        { read -r run rest <"$t/schedstat"; } 2>/dev/null || run=$((user + sys))
        words+=("$tid:$comm:$run:$user:$sys")
    done
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
    read -r -a f <<<"${stat##*) }"
    words+=("proc:$(((f[11] + f[12]) * 10000000))")
    echo "${words[*]}"
}

# bench_rss_kb PID: VmRSS, RssAnon and private dirty (smaps_rollup) in KiB, as
# rss_kb=N anon_kb=N private_dirty_kb=N.
bench_rss_kb() {
    local pid=$1 rss anon dirty
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    anon=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status")
    dirty=$(awk '/^Private_Dirty:/ { print $2 }' "/proc/$pid/smaps_rollup")
    echo "rss_kb=${rss:--} anon_kb=${anon:--} private_dirty_kb=${dirty:--}"
}

# bench_log_after FILE LINES REGEX: succeed when a line of FILE after its first
# LINES lines matches REGEX (the daemon's --debug log, for lab_poll).
bench_log_after() {
    tail -n +"$(($2 + 1))" "$1" | grep -qE "$3"
}

# bench_log_lines FILE: its number of lines.
bench_log_lines() {
    wc -l <"$1"
}

# bench_now: the wall clock as the daemon's log writes it (HH:MM:SS.mmm).
bench_now() {
    date +%H:%M:%S.%3N
}

# bench_log_change DCSIM_PID TIMEOUT_S DESCRIPTION: one SIGHUP of dcsim
# DCSIM_PID (a new generation of its log), waited for until the daemon
# ($lab_daemon_pid, its --debug log $LAB_DAEMON_LOG) logs its plan, then 1 s;
# sets BENCH_LOG_CHANGE to "hup=TIME before=CPU after=CPU" (bench_cpu_sample
# before the SIGHUP and after) for the caller's raw line (not printed: the
# check's own line goes to the log).
# shellcheck disable=SC2154,SC2034 # lab_daemon_pid: set by the scenario; BENCH_LOG_CHANGE: read by it
bench_log_change() {
    local lines before after hup
    lines=$(bench_log_lines "$LAB_DAEMON_LOG")
    before=$(bench_cpu_sample "$lab_daemon_pid")
    hup=$(bench_now)
    kill -HUP "$1"
    lab_wait_for "$2" "$3: plan made" \
        bench_log_after "$LAB_DAEMON_LOG" "$lines" "plan for I/O controllers"
    sleep 1
    after=$(bench_cpu_sample "$lab_daemon_pid")
    BENCH_LOG_CHANGE="hup=$hup before=${before// /,} after=${after// /,}"
}
