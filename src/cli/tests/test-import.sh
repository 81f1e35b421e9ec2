#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-import.sh: `nm-nvme import` as a command, over the fixtures of
# tests/unit/migrate (--root), without NetworkManager: the plan printed,
# exit 0, no secret in the output; bad input: exit 2 and the file, line and
# key; a wrong --from: exit 2; --apply without NetworkManager: an error,
# nothing else. TAP.
set -u
cli=$1
fixtures=$2
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
    local name=$1
    shift
    n=$((n + 1))
    if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name" && failed=1; fi
}

run() {
    "$cli" import "$@" >"$tmp/out" 2>&1
    rc=$?
    sed 's/^/# /' "$tmp/out"
}

has() { grep -qF -- "$1" "$tmp/out"; }

echo "1..9"
run --root "$fixtures/stas-2.4.1-all" --from stas
check "stas 2.x every key: exit 0" test "$rc" = 0
# (192.168.78.100 goes where this host routes it, or nowhere: said either way)
check "the plan per interface, the route lookup said" \
    eval 'has "stor0: " && { has "(no host-iface: interface by route lookup)" || has "the route lookup failed"; }'
check "the secret shown as <hidden> only" eval 'has "<hidden>" && ! has "eaW4VARvS7"'
check "not mapped, with the reason" has "/etc/stas/stafd.conf:18 tron: nvme-stas's trace switch"
check "without --apply: nothing changed, said" has "Nothing changed (--apply makes these changes)."

mkdir -p "$tmp/bad/etc/stas"
printf '[Global]\n# a comment\nkato=0\n' >"$tmp/bad/etc/stas/stafd.conf"
run --root "$tmp/bad"
check "bad input: exit 2, file, line and key named" \
    eval '[ "$rc" = 2 ] && has "Error: /etc/stas/stafd.conf:3: kato: nvme.kato: invalid value '"'0'"'"'

run --from stas-3 --root "$fixtures/stas-3.1"
check "a wrong --from: exit 2" eval '[ "$rc" = 2 ] && has "--from takes stas, nvme-cli or auto"'

run --root "$fixtures/stas-3.1"
check "shipped nvme-stas 3.1 files: exit 0, nothing to import" eval '[ "$rc" = 0 ] && has "No controller to import"'

DBUS_SYSTEM_BUS_ADDRESS=unix:path=$tmp/no-bus run --root "$fixtures/nvme-cli-all" --apply
check "--apply without NetworkManager: an error" eval '[ "$rc" != 0 ] && has "Error: "'
exit "$failed"
