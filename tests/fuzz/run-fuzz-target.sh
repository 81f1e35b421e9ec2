#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-fuzz-target.sh TARGET CORPUS WORKDIR SECONDS: runs one libFuzzer
# target for SECONDS over a scratch copy of its seed corpus (WORKDIR/corpus;
# the tree's corpus is never written), crash and leak inputs saved under
# WORKDIR/artifacts, the targets' scratch files in WORKDIR/scratch. Exits non-zero on a crash, a leak, a timeout or a
# broken property (libFuzzer's own exit status), the input's path printed.
set -eu

target=$1
corpus=$2
work=$3
seconds=$4

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts" "$work/scratch"
cp "$corpus"/* "$work/corpus/"

NMNVME_FUZZ_SCRATCH="$work/scratch" \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
# A fixed seed (NMNVME_FUZZ_SEED, default 1) in the test run, so that a
# red run is the same run again; scripts/fuzz passes 0: libFuzzer picks one.
exec "$target" -seed="${NMNVME_FUZZ_SEED:-1}" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -error_exitcode=1 -timeout_exitcode=1 \
    -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" "$work/corpus"
