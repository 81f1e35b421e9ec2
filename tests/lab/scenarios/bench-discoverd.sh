#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-discoverd.sh: nvme-discoverd (nvme-cli 3) in the lab benchmark. It
# starts every connect as a transient systemd unit, so this VM boots with
# systemd as PID 1 ("# lab-init: systemd"; skipped where the root has no
# nvme-discoverd). The target, the counts, the repetitions and the method are
# bench.sh's (bench/bench-lib.sh); in the same VM run, interleaved, it times
# the floor flow and `systemctl start nvme-discoverd` with the shared fabrics
# configuration (/etc/nvme/nvme-fabrics.conf) naming the one DC
# 192.168.77.100:4420 on stor0, to all N I/O controllers live; the daemon
# and its connection units are stopped (the units disconnect their
# controllers) and reset after each. The system bus is dbus.service (so
# systemd is on it), which pulls in sysinit.target as on any systemd host
# (journald, udevd). The report (bench/bench-report) has the floor and
# nvme-discoverd, and nvme-discoverd's memory; `bench-report --peers` puts it
# beside bench.sh's run of the same platform.
# lab-init: systemd
# lab-timeout: 1200
# lab-tb-mib: 1024
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=../bench/bench-lib.sh
. "$(dirname "$0")/../bench/bench-lib.sh"

if [ ! -x /usr/sbin/nvme-discoverd ]; then
    echo "SKIP: no nvme-discoverd in the ${LAB_PLATFORM:-bookworm} root (nvme-cli 3 has it)"
    exit 77
fi
bench_args "$@"
t_start=$(lab_cs)
bench_target

lab_require "system bus (dbus.service, systemd on it)" lab_system_bus_start
lab_require "udevd" lab_udevd_start
WATCH="dbus-daemon=$(pid_of dbus-daemon) systemd=1"
export NVME_BENCH_WATCH=$WATCH
bench_host
lab_log "host: $(nvme version | head -n 1), $(systemctl --version | head -n 1)"
lab_require "nvme-discoverd configured (nvme-fabrics.conf)" discoverd_setup
cat /etc/nvme/nvme-fabrics.conf

for n in "${COUNTS[@]}"; do
    bench_link "$n"
    for ((rep = 1; rep <= REPS; rep++)); do
        lab_log "---- N=$n, repetition $rep of $REPS ----"
        measure_floor "$n" "$rep"
        measure_discoverd "$n" "$rep"
    done
done

journalctl --no-pager -b -o short-monotonic -u nvme-discoverd.service -u 'nvme-discoverd-*' \
    >"$LAB_OUT/discoverd.log" 2>&1
bench_finish "$t_start"
