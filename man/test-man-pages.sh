#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-man-pages.sh PAGE...: each manual page renders with `man -l` and
# groff's warnings on (man --warnings), with nothing on standard error and a
# NAME section in the output. TAP; skipped when man-db is not installed.
set -u
if ! command -v man >/dev/null; then
    echo "1..0 # SKIP man (man-db) is not installed"
    exit 0
fi
echo "1..$#"
n=0
failed=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for page in "$@"; do
    n=$((n + 1))
    out=$(LC_ALL=C.UTF-8 MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -E UTF-8 -l "$page" 2>"$err")
    rc=$?
    if [ "$rc" = 0 ] && [ ! -s "$err" ] && printf '%s\n' "$out" | grep -q '^NAME'; then
        echo "ok $n - man -l $(basename "$page"): no warnings"
    else
        echo "not ok $n - man -l $(basename "$page"): exit $rc"
        sed 's/^/# /' "$err"
        failed=1
    fi
done
exit $failed
