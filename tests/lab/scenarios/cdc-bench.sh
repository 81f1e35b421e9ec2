#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cdc-bench.sh: the discovery benchmark (meson suite 'bench', run by
# `meson test -C build --benchmark` or scripts/bench; it prints figures, it is
# not a test). dcsim (tests/dcsim) as a CDC in netns tgt serves a discovery
# log of SIZE entries, for SIZE in 1024 10000 (or the sizes given as
# arguments): first sub01..sub16, then, after a SIGHUP, sub01..sub32, all on
# the kernel nvmet target's real I/O port A:4420; the rest are synthesized by
# dcsim (10.x.y.z:4430, excluded with nvme.exclude=trsvcid=4430, so the
# engine reads, checks and filters every one of them but connects none).
# For each SIZE, from the SIGHUP: dcsim completes the AER, the engine reads
# the log and makes its plan (nm-nvme-daemon --debug, log on tmpfs), the 16
# new I/O controllers are connected (daemon log) and all 32 are live (sysfs,
# bench/nvme-bench wait); then the daemon's memory with the SIZE-entry log
# cached. Then ROUNDS (3) more SIGHUPs with the log unchanged (a new
# generation, nothing to connect): the daemon's CPU time per thread
# (bench/daemon-cpu.sh) from before the SIGHUP to 1 s after its plan, the
# whole cost of one log change of SIZE entries; the CPU time over the first
# change (to all 32 live) too. Then the kernel's part of a log change: the same log read
# ROUNDS times by bench/nvme-bench alone, as the daemon reads it. Raw lines go to $LAB_OUT/cdc-bench.raw, the
# markdown report (bench/cdc-bench-report) to $LAB_OUT/report.md and the log.
# lab-tb-mib: 1024
set -u
# dcsim stamps its events in UTC; so do `date` here and the daemon's log
export TZ=UTC
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=../bench/daemon-cpu.sh
. "$(dirname "$0")/../bench/daemon-cpu.sh"

PFX=nqn.2026-11.io.nm-nvme.bench
A=192.168.77.100
CDC_NQN=$PFX:cdc
BEFORE=16
AFTER=32
RAW=$LAB_OUT/cdc-bench.raw
REPORT=$LAB_OUT/report.md
# Written while timing: on tmpfs, not the 9p results share; copied there at the end.
TMP=/tmp/cdc-bench
export LAB_DAEMON_LOG=$TMP/daemon.log
ROUNDS=3
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1024 10000)

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
dcsim=$(lab_bin tests/dcsim/dcsim) || lab_fatal "dcsim is not built"
bench=$(lab_bin nvme-bench) || lab_fatal "nvme-bench is not built"

# sub NUM: the NQN of subsystem NUM (1-based, two digits).
sub() {
    printf '%s:sub%02d\n' "$PFX" "$1"
}

# log_file COUNT: a JSON log of sub01..subCOUNT on A:4420 in $TMP/entries.json.
log_file() {
    local i sep=""
    {
        echo "["
        for ((i = 1; i <= $1; i++)); do
            printf '%s{"subnqn": "%s", "traddr": "%s", "trsvcid": "4420", "portid": 1}\n' \
                "$sep" "$(sub "$i")" "$A"
            sep=","
        done
        echo "]"
    } >"$TMP/entries.json"
}

# log_change SIZE ROUND PID: one SIGHUP of dcsim PID with the log unchanged,
# the daemon's CPU per thread from before it to 1 s after the plan it makes;
# appends a CDCCPU line to $RAW.
log_change() {
    bench_log_change "$3" 60 "size $1 round $2"
    echo "CDCCPU size=$1 round=$2 $BENCH_LOG_CHANGE" >>"$RAW"
}

# log_read_once INSTANCE OUT: one read of the CDC's log by nvme-bench, its BENCH line in OUT.
log_read_once() {
    "$bench" log "$1" >"$2"
}

# log_read_alone SIZE: the kernel's part of a log change, ROUNDS times: the same log read
# by bench/nvme-bench as the daemon reads it (64 KiB transfers), with nothing else around
# it; appends CDCREAD lines to $RAW.
log_read_alone() {
    local ctrl round out=$TMP/log-read.out
    ctrl=$(lab_ctrl_find subsysnqn "$CDC_NQN" | head -n 1)
    [ -n "$ctrl" ] || { lab_check "size $1: the CDC's controller" false && return; }
    for ((round = 1; round <= ROUNDS; round++)); do
        lab_check "size $1 round $round: the log read alone" log_read_once "${ctrl#nvme}" "$out" &&
            echo "CDCREAD size=$1 round=$round $(cat "$out")" >>"$RAW"
        cat "$out"
    done
}

# measure SIZE: one dcsim run with a SIZE-entry log; appends a CDCBENCH line to $RAW.
measure() {
    local size=$1 generated=$(($1 - AFTER)) pid out=$TMP/wait.out hup rss before after round
    log_file "$BEFORE"
    ip netns exec tgt "$dcsim" --listen "$A" --port 8009 --role cdc --nqn "$CDC_NQN" \
        --entries "$TMP/entries.json" --events "$TMP/events-$size.jsonl" \
        --generate "$generated" >"$TMP/dcsim-$size.log" 2>&1 &
    pid=$!
    lab_require "size $size: dcsim listens" lab_poll 10 lab_listening tgt 8009
    lab_require "size $size: attach" "$cli" attach stor0 \
        "nvme.discovery=nvme+tcp://$A:8009/$CDC_NQN" "nvme.exclude=trsvcid=4430"
    lab_wait_for 180 "size $size: $BEFORE I/O controllers live" lab_live_iocs_are "$BEFORE"
    udevadm settle --timeout=60
    sleep 2
    log_file "$AFTER"
    "$bench" wait "$AFTER" "$BEFORE" >"$out" 2>&1 &
    local waiter=$!
    lab_wait_for 10 "size $size: waiter ready" grep -q '^READY' "$out"
    before=$(bench_cpu_sample "$lab_daemon_pid")
    hup=$(bench_now)
    kill -HUP "$pid"
    lab_check "size $size: all $AFTER live after the log change" wait "$waiter"
    after=$(bench_cpu_sample "$lab_daemon_pid")
    cat "$out"
    udevadm settle --timeout=60
    sleep 2
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$lab_daemon_pid/status")
    echo "CDCBENCH size=$size hup=$hup rss_kb=$rss $(grep '^BENCH ' "$out")" >>"$RAW"
    lab_log "$(tail -n 1 "$RAW")"
    echo "CDCCPU size=$size round=0 hup=$hup before=${before// /,} after=${after// /,}" >>"$RAW"
    for ((round = 1; round <= ROUNDS; round++)); do
        log_change "$size" "$round" "$pid"
    done
    log_read_alone "$size"
    lab_check "size $size: detach" "$cli" detach stor0
    lab_check "size $size: no controllers left" lab_dir_empty /sys/class/nvme
    kill "$pid"
    wait "$pid"
    cp "$TMP/events-$size.jsonl" "$TMP/dcsim-$size.log" "$LAB_OUT/"
}

# ---- target: 32 subsystems on nvmet's port A:4420 -------------------------
mkdir -p "$TMP"
: >"$RAW"
lab_require "modules loaded" lab_modules_load "$AFTER"
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
for ((i = 1; i <= AFTER; i++)); do
    nvmet_subsys_add "$(sub "$i")" nullb || lab_fatal "subsystem $i"
done
lab_require "nvmet port $A:4420" nvmet_port_add 1 "$A" 4420 tgt
for ((i = 1; i <= AFTER; i++)); do nvmet_port_link 1 "$(sub "$i")"; done
lab_wait_for 5 "nvmet listens on 4420" lab_listening tgt 4420

# ---- host services ---------------------------------------------------------
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "nm-nvme-daemon answers" lab_daemon_start

for size in "${SIZES[@]}"; do
    lab_log "---- discovery log of $size entries ----"
    measure "$size"
done

cp "$LAB_DAEMON_LOG" "$LAB_OUT/daemon.log"
lab_check "report" python3 "$LAB_SRCDIR/tests/lab/bench/cdc-bench-report" "$RAW" \
    "$LAB_OUT/daemon.log" "$LAB_OUT" >"$REPORT"
cat "$REPORT"
lab_check "daemon log has no GLib critical" lab_not grep -E "CRITICAL" "$LAB_OUT/daemon.log"
lab_check "kernel log clean" lab_dmesg_clean
lab_summary
