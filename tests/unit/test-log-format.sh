#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-log-format.sh CC INCLUDE_DIR: the logging macros of nmnvme-log.h
# check their format like printf(): log-format.c compiles with right
# formats and fails, on the format, with wrong ones (-DBAD).
set -u
cc=$1
inc=$2
src=$(dirname "$0")/log-format.c
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2046 # word splitting of the flags is wanted
set -- $(pkg-config --cflags glib-2.0) || { echo "Bail out! pkg-config glib-2.0 failed"; exit 1; }

echo "1..2"
if "$cc" -fsyntax-only -Wformat -Werror=format -Werror=implicit-function-declaration -I"$inc" "$@" "$src" >"$out" 2>&1; then
    echo "ok 1 - right formats compile"
else
    sed 's/^/# /' "$out"
    echo "not ok 1 - right formats compile"
fi
if "$cc" -fsyntax-only -Wformat -Werror=format -Werror=implicit-function-declaration -DBAD -I"$inc" "$@" "$src" >"$out" 2>&1; then
    echo "not ok 2 - wrong formats are refused (they compiled)"
elif grep -q "Werror=format" "$out"; then
    echo "ok 2 - wrong formats are refused"
else
    sed 's/^/# /' "$out"
    echo "not ok 2 - wrong formats are refused, but not for their format"
fi
