#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-dispatcher-program.sh: the dispatcher program as nm-dispatcher runs
# it (arguments IFACE ACTION, an environment built from scratch), with the
# system bus pointed at a socket that does not exist. Proves, as TAP: a
# profile without nvme.* keys and an action it never acts on exit 0 silently
# (no D-Bus attempt: any attempt would fail and be logged); with nvme.* keys
# every failure is logged naming the interface and the profile, a bad value
# names its key, no secret is ever printed, a detach without a session in
# the daemon's record (/run/nm-nvme, absent here) is not even tried, and the
# exit status is always 0. With an NBFT table file present ($NMNVME_NBFT_DIR,
# an empty file: it is never read), a profile without keys is attached
# with empty settings on up, and NetworkManager's NBFT profile names are
# recognised in the log.
# The real NetworkManager flow is the lab's `nm` scenario.
set -u
prog=${NMNVME_DISPATCHER:?path of the dispatcher program}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
failed=0

ok() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2" && failed=1; fi
}

# keyfile NAME [USER_LINES...]: a profile keyfile in $dir.
keyfile() {
    f=$dir/$1.nmconnection
    shift
    printf '[connection]\nid=p\nuuid=0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61\ntype=ethernet\n' >"$f"
    if [ $# -gt 0 ]; then printf '\n[user]\n' >>"$f" && printf '%s\n' "$@" >>"$f"; fi
    echo "$f"
}

# run KEYFILE ACTION [PROFILE-NAME]: the program as nm-dispatcher starts it;
# output in $dir/out. ACPI tables: $dir/acpi.
run() {
    env -i PATH=/usr/bin:/bin \
        DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/no-such-bus" NMNVME_NBFT_DIR="$dir/acpi" \
        NM_DISPATCHER_ACTION="$2" CONNECTION_UUID=0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61 \
        CONNECTION_ID="${3:-storage}" CONNECTION_FILENAME="$1" DEVICE_IFACE=stor0 \
        DEVICE_IP_IFACE=stor0 "$prog" stor0 "$2" >"$dir/out" 2>&1
}

mkdir "$dir/acpi"
echo "1..14"
plain=$(keyfile plain 'org.example.note=x')
for action in up reapply pre-down down; do
    run "$plain" "$action"
    rc=$?
    [ "$rc" = 0 ] && [ ! -s "$dir/out" ]
    ok $? "no nvme.* keys, $action: exit 0, silent (no D-Bus attempt)"
done

nvme=$(keyfile nvme 'nvme.discovery=nvme+tcp://192.0.2.1' \
    'nvme.dhchap-secret=DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:' \
    'nvme.dhchap-ctrl-secret=DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:' \
    'nvme.tls=yes' 'nvme.tls-key=NVMeTLSkey-1:01:1aMENd6u5bUG+WLhpsyPTBHCiTR1PO+0LeESiAeTg1EsitvA:')
run "$nvme" hostname
rc=$?
[ "$rc" = 0 ] && [ ! -s "$dir/out" ]
ok $? "nvme.* keys, an action never acted on: exit 0, silent"

run "$nvme" up
rc=$?
cat "$dir/out" | sed 's/^/# /'
[ "$rc" = 0 ] &&
    grep -q "stor0: up of 'storage' (0d5e3c8a-5d0f-4f3e-9d8e-3c1f0c2b7a61): cannot reach the system bus" "$dir/out"
ok $? "up, bus unreachable: exit 0, the failure logged with interface and profile"
! grep -q 'eaW4VARvS7azPU0' "$dir/out" && ! grep -q 'CO/iKrdz8K0bNAR2' "$dir/out" &&
    ! grep -q '1aMENd6u5bUG' "$dir/out"
ok $? "up: the secrets are never printed"
grep -q "stor0: up of 'storage' (.*): nvme.dhchap-secret is in user.data" "$dir/out" &&
    grep -q "stor0: up of 'storage' (.*): nvme.dhchap-ctrl-secret is in user.data" "$dir/out" &&
    grep -q "stor0: up of 'storage' (.*): nvme.tls-key is in user.data" "$dir/out"
ok $? "up: each secret in user.data is warned about, naming its key"

run "$nvme" pre-down
rc=$?
[ "$rc" = 0 ] && [ ! -s "$dir/out" ]
ok $? "pre-down, no session in the daemon's record: exit 0, silent (nothing to detach)"

bad=$(keyfile bad 'nvme.discovery=nvme+tcp://192.0.2.1' 'nvme.kato=0')
run "$bad" up
rc=$?
cat "$dir/out" | sed 's/^/# /'
[ "$rc" = 0 ] && grep -q "stor0: up of 'storage' (.*): nvme.kato: invalid value '0'" "$dir/out" &&
    ! grep -q "cannot reach the system bus" "$dir/out"
ok $? "up with a bad value: exit 0, one line naming the key, no Attach attempted"

: >"$dir/acpi/NBFT"
run "$plain" up
rc=$?
cat "$dir/out" | sed 's/^/# /'
[ "$rc" = 0 ] &&
    grep -q "stor0: up of 'storage' (.*): cannot reach the system bus" "$dir/out"
ok $? "NBFT present, no nvme.* keys, up: an Attach is attempted"
! grep -q "NBFT profile" "$dir/out"
ok $? "... an ordinary profile is not called NetworkManager's NBFT profile"
run "$plain" up "NBFT connection HFI 1"
grep -q "stor0: up of 'NBFT connection HFI 1' (.*): NetworkManager's NBFT profile or interface: the daemon matches it" "$dir/out"
ok $? "NBFT present, profile 'NBFT connection HFI 1': recognised in the log"
run "$plain" down
rc=$?
[ "$rc" = 0 ] && [ ! -s "$dir/out" ]
ok $? "NBFT present, down without a session in the record: exit 0, silent"
exit $failed
