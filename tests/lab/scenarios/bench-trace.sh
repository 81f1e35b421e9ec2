#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-trace.sh: where the time to the first I/O controller goes, from a
# kernel trace (not a test; run by hand, see bench/README.md "Tracing").
# The target of bench.sh (bench/bench-lib.sh: one nvmet port
# 192.168.77.100:4420 in netns tgt behind stor0, the first N subsystems
# linked), udevd and a system bus.
# For each N (arguments, default 1 8) and repetition (reps=K, default 2), it
# traces the floor flow and an Attach on an already running, settled
# nm-nvme-daemon (as deployed, no --debug), and a second Attach on the
# same daemon after a Detach ("warm"), with ftrace (clock mono):
# scheduler switches and wake-ups, module requests, and kprobes on the kernel's fabrics
# write (nvmf_dev_write, entry and return) and on the admin ioctl
# (nvme_dev_ioctl, the discovery log read), process forks and execs, and
# the system calls of the daemon's threads (raw_syscalls). nvme-bench marks each action's
# time 0 in the buffer (NVME_BENCH_TRACE). probes=NAME@OFFSET,... adds
# uprobes (entry and return) on the daemon's functions at those file
# offsets (`nm` of the daemon: its text is mapped at its file offset), for
# a time line of the daemon's own steps. uevents=1 records the kernel's and
# udev's events of each action (udevadm monitor, $LAB_OUT/uevents-*.txt; the
# monitor's own wake-ups are in the trace then). syscalls=COMM traces the
# system calls of that command too (systemd-udevd: what udev's manager does).
# aslr=0 turns address space
# randomization off: under TCG, qemu's translated code is found again only
# at the same virtual addresses, so with ASLR every new process translates
# all the code it runs once more (what makes a daemon's first Attach slower
# than its second). Each trace goes to
# $LAB_OUT/trace-TOOL-N-REP.txt; bench/trace-report turns them into
# $LAB_OUT/trace-report.md: per action, the time from 0 to each connect
# write, each write's duration, and who had the CPU in each phase.
# lab-tb-mib: 1024
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=../bench/bench-lib.sh
. "$(dirname "$0")/../bench/bench-lib.sh"

PROBES=""
UEVENTS=0
SYSCALLS=""
args=()
for arg in "$@"; do
    case $arg in
    probes=*) PROBES=${arg#probes=} ;;
    uevents=1) UEVENTS=1 ;;
    syscalls=*) for c in ${arg#syscalls=}; do SYSCALLS="$SYSCALLS || comm == \"$c\""; done ;;
    aslr=0) echo 0 >/proc/sys/kernel/randomize_va_space ;;
    *) args+=("$arg") ;;
    esac
done
counts=0
for arg in "${args[@]}"; do
    [[ ! $arg =~ ^[0-9]+$ ]] || counts=1
done
[ $counts = 1 ] || args+=(1 8) # this scenario's default counts
REPS=2
bench_args "${args[@]}"
T=/sys/kernel/tracing
export NVME_BENCH_TRACE=1

# trace_setup: tracefs, the clock the bench's time 0 uses, the events.
# shellcheck disable=SC2016 # $retval is the kprobe's, not the shell's
trace_setup() {
    mountpoint -q $T || mount -t tracefs tracefs $T || return 1
    echo 0 >$T/tracing_on &&
        echo mono >$T/trace_clock &&
        echo 32768 >$T/buffer_size_kb &&
        echo 'p:nvw_in nvmf_dev_write' >>$T/kprobe_events &&
        echo 'r:nvw_out nvmf_dev_write ret=$retval' >>$T/kprobe_events &&
        echo 'p:ioctl_in nvme_dev_ioctl cmd=%si' >>$T/kprobe_events &&
        echo 'r:ioctl_out nvme_dev_ioctl ret=$retval' >>$T/kprobe_events &&
        for e in kprobes/nvw_in kprobes/nvw_out kprobes/ioctl_in kprobes/ioctl_out \
            sched/sched_switch sched/sched_wakeup sched/sched_process_exec \
            sched/sched_process_fork module/module_request; do
            echo 1 >"$T/events/$e/enable" || return 1
        done &&
        echo "comm ~ \"pool-*\" || comm == \"nm-nvme-daemon\" || comm == \"gdbus\" || comm == \"gmain\"$SYSCALLS" \
            >$T/events/raw_syscalls/filter &&
        echo 1 >$T/events/raw_syscalls/enable &&
        uprobes_setup
}

# uprobes_setup: the probes= functions of the daemon, entry and return.
uprobes_setup() {
    local bin p name
    [ -n "$PROBES" ] || return 0
    bin=$(lab_bin src/daemon/nm-nvme-daemon) || return 1
    for p in ${PROBES//,/ }; do
        name=${p%@*}
        echo "p:uprobes/u_$name $bin:${p#*@}" >>$T/uprobe_events &&
            echo "r:uprobes/u_${name}_ret $bin:${p#*@}" >>$T/uprobe_events || return 1
    done
    echo 1 >$T/events/uprobes/enable
}

# traced NAME CMD...: CMD with the trace buffer cleared before and saved after.
# With a daemon running, its page faults during CMD are logged (minor/major).
traced() {
    local name=$1 rc=0 before=""
    shift
    [ -z "${lab_daemon_pid:-}" ] || before=$(faults "$lab_daemon_pid")
    [ "$UEVENTS" = 0 ] || { udevadm monitor --kernel --udev --property >"$LAB_OUT/uevents-$name.txt" 2>&1 & }
    echo >$T/trace
    echo 1 >$T/tracing_on
    "$@" || rc=$?
    echo 0 >$T/tracing_on
    cp $T/trace "$LAB_OUT/trace-$name.txt"
    [ "$UEVENTS" = 0 ] || { udevadm settle --timeout=60 && kill $! && wait $!; }
    [ -z "$before" ] || lab_log "$name: daemon page faults (minor major) before $before, after $(faults "$lab_daemon_pid")"
    return $rc
}

# faults PID: its minor and major page faults so far.
faults() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $8, $10 }'
}

bench_target
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "tracing set up" trace_setup

for n in "${COUNTS[@]}"; do
    bench_link "$n"
    for ((rep = 1; rep <= REPS; rep++)); do
        quiet
        lab_check "N=$n rep $rep: floor" traced "floor-$n-$rep" \
            run_bench "$TMP/out" floor "$n" stor0 "$A" "$PORT"
        clean_up "floor"
        lab_require "N=$n rep $rep: daemon answers" daemon_start
        quiet
        lab_check "N=$n rep $rep: Attach" traced "nm-nvme-$n-$rep" \
            run_bench "$TMP/out" attach "$n" stor0 "nvme+tcp://$A:$PORT"
        lab_check "N=$n rep $rep: Detach" run_bench "$TMP/out" detach stor0
        clean_up "nm-nvme"
        # the same daemon once more: its second Attach ("warm")
        quiet
        lab_check "N=$n rep $rep: second Attach" traced "warm-$n-$rep" \
            run_bench "$TMP/out" attach "$n" stor0 "nvme+tcp://$A:$PORT"
        lab_check "N=$n rep $rep: second Detach" run_bench "$TMP/out" detach stor0
        lab_check "N=$n rep $rep: daemon stopped" daemon_stop "$lab_daemon_pid"
        lab_daemon_pid=
        clean_up "nm-nvme"
    done
done
cp "$DAEMON_LOG" "$LAB_OUT/daemon.log"
lab_check "trace report" python3 "$LAB_SRCDIR/tests/lab/bench/trace-report" "$LAB_OUT" \
    >"$LAB_OUT/trace-report.md"
cat "$LAB_OUT/trace-report.md"
lab_summary
