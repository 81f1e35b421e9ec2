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
#   floor              the minimal C flow (bench/nvme-bench floor)
#   connect-all        nvme connect-all -t tcp -a A -s 4420 --host-iface=stor0 (fork/exec)
#   nvme-stas          stafd and stacd started (the platform's package, 2.x or 3.x, no
#                      systemd; one configured DC; their state removed before), where the
#                      root has them; stopped after
#   nm-nvme            D-Bus Attach on an already running nm-nvme-daemon (as deployed: no
#                      --debug; started fresh for each repetition and settled, untimed),
#                      Detach(deactivate), daemon stopped
#   nm-nvme-activated  the same Attach with no daemon running: the bus starts it from its
#                      activation file
# one more nm-nvme run per N with --debug gives the engine's time line.
# Every measurement starts with no controllers and ends with all deleted,
# `udevadm settle` and a 1 s pause. In the last repetition of each N the
# daemon's (and stafd's and stacd's) VmRSS, CPU time and context switches are
# taken after settling; the daemon's at the largest N also after 30 s idle.
# nvme-discoverd needs systemd as PID 1: scenarios/bench-discoverd.sh. The raw
# lines go to $LAB_OUT/bench.raw, the markdown report (bench/bench-report) to
# $LAB_OUT/report.md and the log. See bench/README.md.
# lab-timeout: 1500
# lab-tb-mib: 1024
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=../bench/bench-lib.sh
. "$(dirname "$0")/../bench/bench-lib.sh"

bench_args "$@"
t_start=$(lab_cs)
bench_target

# ---- host services (as on a real host, for every measurement) ----------
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
# nvme-bench reports the bus daemon's CPU time during every action (the daemon's too)
WATCH="dbus-daemon=$(pid_of dbus-daemon)"
export NVME_BENCH_WATCH=$WATCH
bench_host
lab_log "host: $(nvme version | head -n 1), CLK_TCK $HZ, $(nproc) CPU"
stas=no
if stas_setup; then
    stas=yes
    lab_log "nvme-stas $(dpkg-query -W -f '${Version}' nvme-stas), configured in $STAS_CONF"
else
    lab_log "no nvme-stas in this root: not timed"
fi

for n in "${COUNTS[@]}"; do
    bench_link "$n"
    for ((rep = 1; rep <= REPS; rep++)); do
        lab_log "---- N=$n, repetition $rep of $REPS ----"
        measure_floor "$n" "$rep"
        measure_connect_all "$n" "$rep"
        [ "$stas" = no ] || measure_stas "$n" "$rep"
        measure_nmnvme "$n" "$rep"
        measure_nmnvme_activated "$n" "$rep"
    done
    lab_log "---- N=$n, nm-nvme-daemon --debug for the engine's time line (not in the medians) ----"
    measure_nmnvme "$n" debug --debug
done

bench_finish "$t_start"
