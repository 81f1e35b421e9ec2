#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The NetworkManager-nvme authors
#
# test-end-to-end.sh CASE: nm-nvme-daemon on a private dbus-daemon with
# nm-nvme (and gdbus) as clients; the boundary the VM lab also covers with
# the real system bus. Needs root: non-root callers are played by
# `setpriv --reuid=65534`. This host has no /dev/nvme-fabrics, so sessions
# exist but connect nothing.
#
#   no-hostnqn  the daemon refuses to start without a host identity
#   api         GetSessions, Attach (bad and good), secrets, SessionChanged,
#               properties, access control in the daemon, Detach, SIGHUP,
#               SIGTERM, sessions restored by a restart
#   policy      the same bus with data/'s system bus policy in force: the bus
#               itself denies Attach/Detach/Set to non-root, reads stay open
#
# Environment: NMNVME_DAEMON, NMNVME_CLI, NMNVME_POLICY (set by meson).
# Exit status: 0 all checks passed, 1 a check failed, 77 cannot run here.
set -u

NAME=org.freedesktop.NetworkManager.Nvme
OBJ=/org/freedesktop/NetworkManager/Nvme
IFACE=org.freedesktop.NetworkManager.Nvme1
ERR=$IFACE.Error
SECRET='DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:'
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

failures=0
bus_pid=""
daemon_pid=""
out="" # stdout and stderr of the last `run`
rc=0   # its exit status

skip() {
    echo "SKIP: $*"
    exit 77
}

# check DESCRIPTION COMMAND...: one verdict line; failures are counted.
check() {
    local desc=$1
    shift
    if "$@"; then
        echo "ok - $desc"
    else
        echo "not ok - $desc"
        failures=$((failures + 1))
    fi
}

# run COMMAND...: run it, keep its output in $out and status in $rc.
run() {
    echo "\$ $*"
    out=$("$@" 2>&1)
    rc=$?
    printf '%s\n' "$out" | sed 's/^/    /'
}

has() { grep -qF -- "$1" <<<"$out"; }
lacks() { ! has "$1"; }
rc_is() { [ "$rc" = "$1" ]; }

# call [--as-nobody] METHOD ARGS...: a raw method call with gdbus.
call() {
    local who=()
    if [ "$1" = --as-nobody ]; then
        who=("${NOBODY[@]}")
        shift
    fi
    run "${who[@]}" gdbus call --session --dest "$NAME" --object-path "$OBJ" --method "$@"
}

cli() { run "$NMNVME_CLI" --session-bus "$@"; }
cli_nobody() { run "${NOBODY[@]}" "$NMNVME_CLI" --session-bus "$@"; }

cleanup() {
    [ -n "$daemon_pid" ] && kill -KILL "$daemon_pid" 2>/dev/null
    [ -n "$bus_pid" ] && kill -TERM "$bus_pid" 2>/dev/null
    rm -rf "$tmp"
}

# start_bus [POLICY]: a private bus everyone may use, plus POLICY's rules.
start_bus() {
    local lines
    mkdir -m 0755 "$tmp/bus"
    cat >"$tmp/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$tmp/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
  ${1:+<include>$1</include>}
</busconfig>
EOF
    lines=$(dbus-daemon --config-file="$tmp/bus.conf" --fork --print-address=1 --print-pid=1) ||
        return 1
    DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$lines")
    bus_pid=$(sed -n 2p <<<"$lines")
    export DBUS_SESSION_BUS_ADDRESS
}

# wait_until SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds.
wait_until() {
    local tries=$(($1 * 10))
    shift
    while ! "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

name_owned() {
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner "$NAME" 2>/dev/null | grep -q true
}

# start_daemon: run it on the private bus, wait until it owns its name.
start_daemon() {
    "$NMNVME_DAEMON" --session-bus --debug --host-dir "$tmp/host" --state-dir "$tmp/state" \
        --nbft-dir "$tmp/acpi" >>"$tmp/daemon.log" 2>&1 &
    daemon_pid=$!
    wait_until 10 name_owned_or_exited && kill -0 "$daemon_pid" 2>/dev/null
}

name_owned_or_exited() { name_owned || ! kill -0 "$daemon_pid" 2>/dev/null; }

# stop_daemon SIGNAL: signal it and wait; its exit status in $rc.
stop_daemon() {
    kill -"$1" "$daemon_pid"
    wait "$daemon_pid"
    rc=$?
    daemon_pid=""
}

daemon_log_has() { grep -qF -- "$1" "$tmp/daemon.log"; }
daemon_log_lacks() { ! daemon_log_has "$1"; }

make_host_identity() {
    run "$NMNVME_CLI" --host-dir "$tmp/host" hostnqn --generate
    check "nm-nvme hostnqn --generate writes a host NQN" rc_is 0
    hostnqn=$out
    run "$NMNVME_CLI" --host-dir "$tmp/host" hostid --generate
    check "nm-nvme hostid --generate writes a host ID" rc_is 0
    run "$NMNVME_CLI" --host-dir "$tmp/host" hostnqn --generate
    check "generating again is refused without --force" rc_is 1
    check "... saying why" has "already exists (use --force to replace it)"
}

# ---- cases ------------------------------------------------------------------

case_no_hostnqn() {
    mkdir "$tmp/host"
    run "$NMNVME_DAEMON" --session-bus --host-dir "$tmp/host" --state-dir "$tmp/state"
    check "the daemon exits 1 without a host identity" rc_is 1
    check "... naming the missing file" has "$tmp/host/hostnqn"
    check "... and how to create it" has "nm-nvme hostnqn --generate"
}

# The access checks both cases share: reads open, control root-only.
# $1: what a denied non-root call prints.
nobody_checks() {
    local denied=$1
    cli_nobody status
    check "a non-root caller can read the status" rc_is 0
    check "... and sees the session" has "stor-test"
    call --as-nobody org.freedesktop.DBus.Properties.Get "$IFACE" Version
    check "a non-root caller can read a property" rc_is 0
    call --as-nobody org.freedesktop.DBus.Introspectable.Introspect
    check "a non-root caller can introspect" has "<method name=\"Attach\">"
    cli_nobody attach stor-other nvme.kato=30
    check "a non-root Attach fails with exit status 1" rc_is 1
    check "... and is denied: $denied" has "$denied"
    cli_nobody detach stor-test
    check "a non-root Detach fails" rc_is 1
    check "... and is denied: $denied" has "$denied"
    cli_nobody status
    check "a non-root caller sees the NBFT line of status" has "NBFT: "
    cli_nobody nbft
    check "a non-root nm-nvme nbft fails (the kernel's table is root's)" rc_is 1
    check "... and is denied: $denied" has "$denied"
}

case_api() {
    start_bus || skip "cannot start dbus-daemon"
    make_host_identity
    check "the daemon starts and owns $NAME" start_daemon

    run timeout 20 "$NMNVME_DAEMON" --session-bus --host-dir "$tmp/host" --state-dir "$tmp/state2"
    check "a second daemon exits 1" rc_is 1
    check "... as the name is taken" has "cannot own $NAME"
    call "$IFACE.GetSessions"
    check "GetSessions returns an empty list at first" has "(@aa{sv} [],)"
    cli status
    check "nm-nvme status shows only the header" has "INTERFACE  OWNER  STATE  DCS  IOCS  NOT-OWNED  EXCLUDED  ZEROCONF"
    check "... and the NBFT line (none here, or unavailable before libnvme 1.5)" has "NBFT: "
    check "... which the daemon logged" daemon_log_has "NBFT: "
    cli nbft
    check "nm-nvme nbft as root answers" rc_is 0
    check "... that there is no table here" has "NBFT not available: "
    cli --json nbft
    check "nm-nvme --json nbft is GetNbft's dictionary" has '"available" : false'
    call org.freedesktop.DBus.Properties.Get "$IFACE" HostNqn
    check "HostNqn is the host NQN" has "<'$hostnqn'>"

    call "$IFACE.Attach" stor-test "{'nvme.kto': '45'}" test
    check "Attach with an unknown key fails as $ERR.UnknownSetting" has "$ERR.UnknownSetting"
    check "... naming the key" has "nvme.kto"
    call "$IFACE.Attach" stor-test "{'nvme.dhchap-secret': 'DHHC-1:01:c2VjcmV0LWxlYWs=:'}" test
    check "Attach with a bad secret fails as $ERR.InvalidSetting" has "$ERR.InvalidSetting"
    check "... without printing the secret" lacks "c2VjcmV0LWxlYWs"
    call "$IFACE.Attach" stor-test "{'nvme.tls': 'yes', 'nvme.tls-key': 'NVMeTLSkey-1:01:dGxzLXBzay1sZWFr:'}" test
    check "Attach with a bad TLS PSK fails as $ERR.InvalidSetting" has "$ERR.InvalidSetting"
    check "... naming nvme.tls-key" has "nvme.tls-key"
    check "... without printing it" lacks "dGxzLXBzay1sZWFr"
    cli attach stor-test nvme.tls=yes nvme.tls-key=NVMeTLSkey-1:01:dGxzLXBzay1sZWFr:
    check "nm-nvme attach with the TLS PSK as an argument exits 2" rc_is 2
    check "... pointing to --secrets-file" has "--secrets-file"
    check "... without printing it" lacks "dGxzLXBzay1sZWFr"
    cli attach stor-test kato
    check "nm-nvme attach with 'kato' (no '=') exits 2" rc_is 2
    check "... saying what is expected" has "'kato': expected KEY=VALUE"
    cli attach stor-test nvme.queue-size=8
    check "nm-nvme attach with a bad value exits 2" rc_is 2
    check "... naming the key" has "nvme.queue-size"
    call "$IFACE.GetSessions"
    check "failed attaches changed nothing" has "(@aa{sv} [],)"

    gdbus monitor --session --dest "$NAME" >"$tmp/monitor.log" 2>&1 &
    local monitor_pid=$!
    wait_until 10 grep -q "is owned by" "$tmp/monitor.log"
    cli attach stor-test nvme.kato=45 "nvme.dhchap-secret=DHHC-1:00:not-a-secret:"
    check "nm-nvme attach refuses a secret as an argument (/proc/PID/cmdline), exit 2" rc_is 2
    check "... pointing to --secrets-file" has "--secrets-file"
    cli attach stor-test nvme.kato=45 --secrets-file - <<<"nvme.dhchap-secret=$SECRET"
    check "nm-nvme attach as root, the secret from standard input, succeeds" rc_is 0
    call "$IFACE.GetSessions"
    check "GetSessions shows the session" has "'interface': <'stor-test'>"
    check "... with its owner" has "'owner': <'cli'>"
    check "... and nvme.kato=45" has "'nvme.kato': '45'"
    check "... and no secret anywhere" lacks "DHHC"
    cli --json status
    check "nm-nvme --json status has no secret" lacks "DHHC"
    check "... but the settings" has '"nvme.kato" : "45"'
    cli controllers
    check "nm-nvme controllers prints a table" has "INTERFACE  KIND  DEVICE"
    cli discovery-log stor-test
    check "nm-nvme discovery-log IFACE prints a table" rc_is 0
    cli --json discovery-log stor-test
    check "nm-nvme --json discovery-log IFACE prints JSON" has "[]"
    call "$IFACE.GetDiscoveryLog" stor-none dc 0 10
    check "GetDiscoveryLog without a session fails as $ERR.InvalidArgument" has "$ERR.InvalidArgument"
    check "... naming the argument" has "interface: no session on 'stor-none'"
    call "$IFACE.GetDiscoveryLog" stor-test dc 0 10
    check "GetDiscoveryLog of an unknown DC names the argument" \
        has "dc_key: no discovery controller 'dc' in the session of 'stor-test'"
    call "$IFACE.GetDiscoveryLog" stor-test dc 0 257
    check "GetDiscoveryLog pages at most 256 entries" has "limit: invalid value 257"
    call --as-nobody "$IFACE.GetDiscoveryLog" stor-test dc 0 0
    check "... and so it does for any user" has "limit: invalid value 0"
    check "SessionChanged was emitted for stor-test" \
        wait_until 10 grep -qF "$IFACE.SessionChanged ('stor-test',)" "$tmp/monitor.log"
    kill "$monitor_pid"
    wait "$monitor_pid" 2>/dev/null

    nobody_checks "is for root only: the caller has uid 65534"
    call --as-nobody org.freedesktop.DBus.Properties.Set "$IFACE" Version "<'x'>"
    check "Properties.Set is refused" has "is not writable"

    call "$IFACE.Detach" stor-test "unplug"
    check "Detach with a bad reason fails as $ERR.InvalidArgument" has "$ERR.InvalidArgument"
    check "... naming the field" has "reason: invalid value 'unplug'"

    kill -HUP "$daemon_pid"
    check "SIGHUP reloads" wait_until 10 daemon_log_has "SIGHUP: reloaded"
    stop_daemon TERM
    check "SIGTERM: the daemon exits 0" rc_is 0
    check "the daemon restarts" start_daemon
    call "$IFACE.GetSessions"
    check "a restarted daemon restores the session" has "'interface': <'stor-test'>"

    cli detach stor-test
    check "nm-nvme detach succeeds" rc_is 0
    call "$IFACE.GetSessions"
    check "Detach removed the session" has "(@aa{sv} [],)"
    cli detach stor-never-attached --link-lost
    check "detaching an interface without a session succeeds" rc_is 0

    stop_daemon INT
    check "SIGINT: the daemon exits 0" rc_is 0
    check "the daemon never logged a secret" daemon_log_lacks "DHHC"
    check "the daemon logged no GLib criticals" daemon_log_lacks "assertion"
}

case_policy() {
    start_bus "$NMNVME_POLICY" || skip "cannot start dbus-daemon"
    make_host_identity
    mkdir -m 0777 "$tmp/state-nobody"
    run timeout 20 "${NOBODY[@]}" "$NMNVME_DAEMON" --session-bus --host-dir "$tmp/host" \
        --state-dir "$tmp/state-nobody"
    check "a non-root daemon cannot own $NAME under the policy" rc_is 1
    check "... as the bus refuses" has "cannot own $NAME"
    check "root may own $NAME under the policy" start_daemon
    cli attach stor-test nvme.kato=45
    check "root may Attach under the policy" rc_is 0

    nobody_checks "Rejected send message"
    call --as-nobody org.freedesktop.DBus.Properties.Set "$IFACE" Version "<'x'>"
    check "the bus refuses Properties.Set from non-root" has "Rejected send message"
    call --as-nobody "$IFACE.GetSessions"
    check "a non-root caller may call GetSessions" has "'interface': <'stor-test'>"
    call --as-nobody "$IFACE.GetDiscoveryLog" stor-test dc 0 10
    check "a non-root caller may call GetDiscoveryLog" has "dc_key: no discovery controller"
    cli_nobody discovery-log
    check "a non-root nm-nvme discovery-log succeeds" rc_is 0

    cli detach stor-test
    check "root may Detach under the policy" rc_is 0
    stop_daemon TERM
    check "SIGTERM: the daemon exits 0" rc_is 0
}

# An NBFT in the daemon's ACPI folder: read at start, logged once (not again
# on SIGHUP), shown by nm-nvme nbft (a bad record left out), status says
# "available". Where libnvme cannot read NBFTs (1.3), status says why.
case_nbft() {
    start_bus || skip "cannot start dbus-daemon"
    make_host_identity
    mkdir "$tmp/acpi"
    run "$NMNVME_NBFT_WRITE" "$tmp/acpi/NBFT"
    check "the test table is written" rc_is 0
    check "the daemon starts and owns $NAME" start_daemon
    wait_until 10 daemon_log_has "NBFT: "
    cli status
    if has "NBFT support needs libnvme >= 1.5"; then
        check "status says NBFT unavailable, naming the libnvme version" has "NBFT: unavailable: NBFT support needs libnvme >= 1.5 (this build has libnvme 1."
        stop_daemon TERM
        return
    fi
    check "nm-nvme status: NBFT available" has "NBFT: available"
    check "the daemon logged the table once" \
        daemon_log_has "NBFT: 1 HFIs, 1 subsystems, 1 discovery records from $tmp/acpi/NBFT"
    check "... and the record it skipped, named" daemon_log_has "NBFT: subsystem 2: subsysnqn: "
    cli nbft
    check "nm-nvme nbft shows the table" rc_is 0
    check "... its host NQN" has "Host NQN: nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
    check "... the HFI with its address" has "52:54:00:12:34:56  --    192.168.77.10/24  192.168.77.1"
    check "... the boot subsystem, not connected here" has "192.168.77.100  4420     nqn.2026-01.io.example:boot  1     no"
    check "... not the bad one" lacks "192.168.77.101"
    check "... the discovery record" has "nvme+tcp://192.168.77.100:8009/"
    cli --json nbft
    check "nm-nvme --json nbft: available" has '"available" : true'
    check "... the source" has "\"source\" : \"$tmp/acpi/NBFT\""
    kill -HUP "$daemon_pid"
    wait_until 10 daemon_log_has "SIGHUP: reloaded"
    sleep 1
    check "SIGHUP reads the table again but logs nothing new" \
        [ "$(grep -cF "NBFT: 1 HFIs" "$tmp/daemon.log")" = 1 ]
    cli status
    check "... and it is still available" has "NBFT: available"
    stop_daemon TERM
    check "SIGTERM: the daemon exits 0" rc_is 0
}

# ---- main -------------------------------------------------------------------

[ "$(id -u)" = 0 ] || skip "needs root (setpriv plays the non-root caller)"
command -v dbus-daemon >/dev/null || skip "no dbus-daemon (apt-get install dbus)"
command -v gdbus >/dev/null || skip "no gdbus (apt-get install libglib2.0-bin)"
tmp=$(mktemp -d /tmp/nm-nvme-e2e.XXXXXX) || exit 1
chmod 0755 "$tmp"
trap cleanup EXIT

case ${1:-} in
no-hostnqn) case_no_hostnqn ;;
api) case_api ;;
policy) case_policy ;;
nbft) case_nbft ;;
*)
    echo "usage: $0 no-hostnqn|api|policy|nbft" >&2
    exit 2
    ;;
esac

if [ -e "$tmp/daemon.log" ]; then
    echo "---- daemon log"
    sed 's/^/    /' "$tmp/daemon.log"
fi
echo "$failures failed"
[ "$failures" = 0 ]
