#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tls.sh: NVMe/TCP over TLS 1.3 (issue 16) against the kernel target, with
# tlshd (ktls-utils) on both ends: the target's in its network namespace
# (netns tgt), the host's in the VM's. Keys live in the kernel-wide `.nvme`
# keyring. Target: port 1 (A:4420) requires a secure channel (subsystems tls,
# tls2), port 2 (A:4421) offers TLS without requiring it (opt), port 3
# (A:4422) is plain (plain); dcsim serves a plain discovery log announcing the
# three with their TREQ/TSAS (tls: required, TLS 1.3; opt: not required, TLS
# 1.3; plain: none).
# Proves, on a kernel with NVMe/TCP TLS (trixie 6.12, next 7.x):
#  - the lab itself, by hand with nvme-cli: an administrator's PSK inserted with
#    nvme-cli, `nvme connect --tls` runs over TLS with it, a plain connect to the
#    TLS-required port is refused;
#  - bad nvme.tls / nvme.tls-key values are refused naming the key (and never
#    quoting the PSK), nothing changes;
#  - nvme.tls=no: the TLS-required entry is not connected and its status says
#    why, the others are connected without TLS;
#  - nvme.tls=auto without a configured PSK: tls connects over TLS with the
#    administrator's key from `.nvme` (the kernel's lookup by identity), plain
#    without; the administrator's key is never touched;
#  - nvme.tls=yes with a configured PSK (nvme.tls-key from a 0600 secrets file):
#    tls2 connects over TLS with a key the daemon inserted under the identity the
#    kernel looks up, whose TLS PSK equals the one nvme-cli derives from the same
#    configured PSK; attached while the host's tlshd is stopped, the session
#    waits: the status names tlshd, no connect loop; tlshd started: it connects
#    by itself (same daemon); the target's tlshd stopped: a failed handshake,
#    reported as such (not as an unreachable target), and a reconnect once it is
#    back; detach: the daemon's key is gone, the administrator's stays;
#  - the configured PSK appears in no process argument list (sampled throughout
#    the attach and the recovery), no log, no D-Bus reply or CLI output and no
#    world-readable file;
#  - nvme.tls=concat without nvme.dhchap-secret is refused naming nvme.tls;
#  - on a kernel with secure concatenation (`concat` in /dev/nvme-fabrics: next
#    7.x; skipped with the reason on trixie's 6.12): subsystem cat on port 2 (TLS
#    1.3 offered, not required) admits this host only, with a DH-HMAC-CHAP key
#    (hmac(sha256), ffdhe2048); nvme.tls=concat with nvme.dhchap-secret connects
#    it: `concat` beside the (hidden) secret in the daemon's option string, the
#    controller's tls_key is a PSK the kernel generated, tls_mode "concat", the
#    status and `nm-nvme controllers` say concat; the DH-HMAC-CHAP secret is in no
#    log; on a kernel without it: the status says concat is unsupported by the
#    kernel, nothing is connected.
# On a kernel without it (bookworm, 6.1): nvme.tls=yes is reported unsupported
# by the kernel, per controller, and nothing is connected for it; nvme.tls=no
# and no nvme.tls at all connect as before.
# lab-timeout: 300
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-12.io.nm-nvme.lab
A=192.168.80.100
HOSTNQN=$(cat /etc/nvme/hostnqn)
JSON=$LAB_OUT/status.json
cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
dcsim=$(lab_bin tests/dcsim/dcsim) || lab_fatal "dcsim is not built"

# Python helpers for the status checks (over `d`, nm-nvme status --json): ioc(SUB) the
# session's I/O controllers of subsystem SUB, err(SUB) their `error` and `tls-problem` (lower
# case), secure(c) the controller says it runs over TLS (`tls`: "tls" or "concat").
export LAB_TLS_PFX=$PFX
LAB_JSON_PRELUDE=$(
    cat <<'PY'
import os, re
PFX = os.environ["LAB_TLS_PFX"]
def ioc(sub):
    return [c for s in d for c in s.get("io-controllers", []) if c.get("subsysnqn") == PFX + ":" + sub]
def err(sub):
    return " ".join(c.get("error", "") + " " + c.get("tls-problem", "") for c in ioc(sub)).strip().lower()
def secure(c):
    return c.get("tls") in ("tls", "concat")
PY
)
export LAB_JSON_PRELUDE

# st NAME EXPR [NAME EXPR...]: checks over a fresh `nm-nvme status --json` (every I/O
# controller's subsystem, state, tls, tls-problem and error shown first).
st() {
    st_is True || { lab_fail "$1 (nm-nvme status --json failed)" && return 1; }
    lab_json_checks "$JSON" "$@"
}

# st_is EXPR: EXPR holds over a fresh status (for lab_wait_for, which shows the output of
# the last try: every I/O controller's subsystem, state, tls, tls-problem and error).
st_is() {
    lab_status_json && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
for s in d:
    for c in s.get("io-controllers", []):
        print([c.get(k) for k in ("subsysnqn", "state", "tls", "tls-problem", "error")])
sys.exit(0 if eval(sys.argv[3]) else 1)' "$JSON" "$LAB_JSON_PRELUDE" "$1"
}

# io_tls SUB: exactly one I/O controller of SUB on stor0, live, over TLS (its tls_key).
io_tls() {
    local c
    c=$(lab_io_on stor0 "$PFX:$1")
    [ -n "$c" ] && lab_has_io stor0 "$PFX:$1" && lab_attr_is "/sys/class/nvme/$c/state" live &&
        lab_ctrl_tls "$c"
}

# io_plain SUB: exactly one I/O controller of SUB on stor0, live, without TLS.
io_plain() {
    local c
    c=$(lab_io_on stor0 "$PFX:$1")
    [ -n "$c" ] && lab_has_io stor0 "$PFX:$1" && lab_attr_is "/sys/class/nvme/$c/state" live &&
        ! lab_ctrl_tls "$c"
}

# tls_key_of SUB: the tls_key attribute (key serial) of SUB's controller on stor0.
tls_key_of() {
    lab_attr "/sys/class/nvme/$(lab_io_on stor0 "$PFX:$1")/tls_key"
}

# ctrl_has_key CTRL SERIAL: CTRL runs over TLS with the key SERIAL (both non-empty).
ctrl_has_key() {
    [ -n "$1" ] && [ -n "$2" ] && lab_ctrl_tls "$1" && lab_attr_is "/sys/class/nvme/$1/tls_key" "$2"
}

# attach ARGS...: nm-nvme attach stor0 ARGS (its output in the log).
attach() {
    "$cli" attach stor0 "$@"
}

# detach: nm-nvme detach stor0; waits until nothing is left on stor0.
detach() {
    "$cli" detach stor0 && lab_poll 20 lab_nothing_on stor0 && lab_poll 10 st_is "d == []"
}

# names_known KEY MESSAGE: MESSAGE names KEY as a known setting with a bad value (not an
# "unknown setting", not "not a secret": what a daemon without TLS settings answers).
names_known() {
    grep -qF "$1" <<<"$2" && ! grep -qE "unknown setting|is not a secret" <<<"$2"
}

# refused NAME OUT RC KEY: a refused attach: exit 2, the message names KEY, no session.
refused() {
    echo "$2"
    lab_check "$1: exit 2" test "$3" = 2
    lab_check "$1: the message names $4, a known setting" names_known "$4" "$2"
    lab_check "$1: no session" st_is "d == []"
}

# no_psk_in FILE...: none of the files (all readable) holds the PSK or its base64.
no_psk_in() {
    local rc=0
    grep -lF -f "$PATTERNS" -- "$@" || rc=$?
    [ "$rc" = 1 ]
}

# no_psk_in_listed LIST: none of the files in LIST (NUL-separated names) holds the PSK.
no_psk_in_listed() {
    local hits
    hits=$(xargs -0 -r grep -lF -f "$PATTERNS" -- <"$1")
    echo "files holding the PSK: ${hits:-none}"
    [ -z "$hits" ]
}

# key_gone SERIAL: SERIAL (non-empty) is no longer a live key of `.nvme`.
key_gone() {
    [ -n "$1" ] && ! lab_tls_keys | grep -q "^$1 "
}

# ---- the target ------------------------------------------------------------
lab_require "modules loaded" lab_modules_load 5
lab_require "storage net stor0" lab_storage_net stor0 192.168.80.1/24 tgt tgt0 "$A/24"
for s in tls tls2 opt plain cat; do nvmet_subsys_add "$PFX:$s" nullb || lab_fatal "subsystem $s"; done

# ---- host services (both branches) -------------------------------------------
start_services() {
    lab_require "udevd" lab_udevd_start
    lab_require "system bus" lab_system_bus_start
    lab_require "nm-nvme-daemon answers" lab_daemon_start
}

# bad_settings: nvme.tls and nvme.tls-key values that are refused, naming the key.
bad_settings() {
    local out rc bad
    out=$("$cli" attach stor0 nvme.tls=maybe "nvme.controllers=nvme+tcp://$A:4422/$PFX:plain" 2>&1)
    rc=$?
    refused "nvme.tls=maybe" "$out" "$rc" nvme.tls
    # a PSK whose CRC does not match: one character of the base64 changed
    bad=$(lab_tls_psk_gen)
    bad=${bad:0:20}$([ "${bad:20:1}" = A ] && echo B || echo A)${bad:21}
    (umask 077 && printf 'nvme.tls-key=%s\n' "$bad" >"$LAB_STATE/bad.secrets")
    out=$("$cli" attach stor0 nvme.tls=yes "nvme.controllers=nvme+tcp://$A:4422/$PFX:plain" \
        --secrets-file "$LAB_STATE/bad.secrets" 2>&1)
    rc=$?
    refused "nvme.tls-key with a bad CRC" "$out" "$rc" nvme.tls-key
    lab_check "nvme.tls-key with a bad CRC: the message does not quote the key" \
        lab_not grep -qF "${bad:16:32}" <<<"$out"
}

# ---- bookworm (6.1): no NVMe/TCP TLS in the kernel -----------------------------
if ! lab_tls_kernel; then
    lab_pass "the kernel has no NVMe/TCP TLS ($(uname -r)): the unsupported branch"
    lab_require "port 3 $A:4422 (plain)" nvmet_port_add 3 "$A" 4422 tgt
    nvmet_port_link 3 "$PFX:plain"
    lab_wait_for 5 "nvmet listens on 4422" lab_listening tgt 4422
    start_services
    bad_settings
    lab_check "attach: nvme.tls=yes, plain as a configured controller" \
        attach nvme.tls=yes "nvme.controllers=nvme+tcp://$A:4422/$PFX:plain"
    lab_wait_for 20 "status: plain's error says the kernel has no TLS" \
        st_is "'kernel' in err('plain') and 'tls' in err('plain')"
    st_is True # the status, for the log
    lab_check "nothing connected for it" lab_nothing_on stor0
    st "the controller is listed, not live" "[c.get('state') for c in ioc('plain')] != ['live'] and len(ioc('plain')) == 1"
    lab_check "detach" detach
    for mode in "nvme.tls=no" ""; do
        lab_check "attach ${mode:-without nvme.tls}: plain as a configured controller" \
            attach ${mode:+"$mode"} "nvme.controllers=nvme+tcp://$A:4422/$PFX:plain"
        lab_wait_for 30 "${mode:-no nvme.tls}: plain connected as before, no error" io_plain plain
        st "${mode:-no nvme.tls}: status without an error" "err('plain') == ''"
        lab_check "detach" detach
    done
    lab_check "kernel log clean" lab_dmesg_clean
    lab_summary
    exit
fi

# ---- a kernel with NVMe/TCP TLS --------------------------------------------------
lab_require "kTLS module and the .nvme keyring" lab_tls_modules
lab_require "port 1 $A:4420: TLS required" eval "nvmet_port_add 1 $A 4420 tgt && nvmet_port_tls 1 required"
lab_require "port 2 $A:4421: TLS not required" eval "nvmet_port_add 2 $A 4421 tgt && nvmet_port_tls 2 not-required"
lab_require "port 3 $A:4422: plain" nvmet_port_add 3 "$A" 4422 tgt
nvmet_port_link 1 "$PFX:tls"
nvmet_port_link 1 "$PFX:tls2"
nvmet_port_link 2 "$PFX:opt"
nvmet_port_link 2 "$PFX:cat"
nvmet_port_link 3 "$PFX:plain"
for p in 4420 4421 4422; do lab_wait_for 5 "nvmet listens on $p" lab_listening tgt "$p"; done
cat >"$LAB_STATE/ddc.json" <<JSON
[
{"subnqn": "$PFX:tls", "traddr": "$A", "trsvcid": "4420", "portid": 1, "treq": 1, "tsas": "tls1.3"},
{"subnqn": "$PFX:opt", "traddr": "$A", "trsvcid": "4421", "portid": 2, "treq": 2, "tsas": "tls1.3"},
{"subnqn": "$PFX:plain", "traddr": "$A", "trsvcid": "4422", "portid": 3, "treq": 0, "tsas": "none"}
]
JSON
ip netns exec tgt "$dcsim" --listen "$A" --port 8009 --role ddc --nqn "$PFX:ddc" \
    --entries "$LAB_STATE/ddc.json" >"$LAB_OUT/dcsim.log" 2>&1 &
lab_wait_for 10 "dcsim (ddc) listens on $A:8009" lab_listening tgt 8009
DISC="nvme.discovery=nvme+tcp://$A:8009"
lab_require "tlshd for the target (netns tgt)" lab_tlshd_start target tgt
lab_require "tlshd for the host" lab_tlshd_start host

# ---- the lab by hand: an administrator's key, nvme-cli ---------------------------
(umask 077 && lab_tls_psk_gen >"$LAB_STATE/admin.psk") || lab_fatal "nvme gen-tls-key"
lab_require "the administrator's PSK for tls inserted with nvme-cli" \
    lab_tls_psk_insert "$HOSTNQN" "$PFX:tls" "$LAB_STATE/admin.psk"
ADMIN_KEY=$(lab_tls_key_for "$HOSTNQN" "$PFX:tls")
lab_require "the same for opt (TLS offered, not required)" \
    lab_tls_psk_insert "$HOSTNQN" "$PFX:opt" "$LAB_STATE/admin.psk"
lab_tls_keys
lab_check "nvme-cli: a plain connect to the TLS-required port is refused" \
    lab_not lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:tls"
c=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:tls" --tls)
lab_check "nvme-cli: --tls connects over TLS with the administrator's key ($ADMIN_KEY)" \
    ctrl_has_key "$c" "$ADMIN_KEY"
[ -z "$c" ] || nvme disconnect -d "$c"
lab_poll 10 lab_dir_empty /sys/class/nvme

start_services
bad_settings

# ---- nvme.tls=no: the TLS-required entry is refused, saying why -------------------
lab_require "attach: nvme.tls=no, discovery from the ddc" attach nvme.tls=no "$DISC"
lab_wait_for 30 "tls=no: opt and plain connected without TLS" eval 'io_plain opt && io_plain plain'
lab_wait_for 20 "tls=no: status says tls needs a secure channel" \
    st_is "re.search('tls|secure channel', err('tls')) and 'requir' in err('tls')"
st_is True # the status, for the log
lab_check "tls=no: no controller for tls" lab_no_io stor0 "$PFX:tls"
lab_check "tls=no: tls was never tried (no connect in the daemon's log)" \
    lab_not grep -q "connecting $PFX:tls@" "$LAB_OUT/daemon.log"
lab_check "detach" detach

# ---- nvme.tls=auto, no configured PSK: the administrator's key from .nvme ---------
lab_require "attach: nvme.tls=auto, no key, discovery from the ddc" attach nvme.tls=auto "$DISC"
lab_wait_for 30 "auto: tls over TLS" io_tls tls
lab_check "auto: with the administrator's key ($ADMIN_KEY)" test "$(tls_key_of tls)" = "$ADMIN_KEY"
lab_wait_for 20 "auto: plain without TLS" io_plain plain
lab_wait_for 20 "auto: opt connected" lab_not lab_no_io stor0 "$PFX:opt"
st "auto: status: tls secure, plain not, no error on either" \
    "[secure(c) for c in ioc('tls')] == [True] and [secure(c) for c in ioc('plain')] == [False] and err('tls') + err('plain') == ''"
"$cli" controllers | tee "$LAB_OUT/controllers.txt"
lab_check "nm-nvme controllers: a SECURE column" grep -q "SECURE" "$LAB_OUT/controllers.txt"
lab_check "detach" detach
lab_check "the administrator's key is untouched" test "$(lab_tls_key_for "$HOSTNQN" "$PFX:tls")" = "$ADMIN_KEY"

# ---- nvme.tls=yes with a configured PSK (a secret) ----------------------------------
touch "$LAB_STATE/psk-made"
PSK=$(lab_tls_psk_gen) || lab_fatal "nvme gen-tls-key"
BODY=${PSK#NVMeTLSkey-1:01:}
BODY=${BODY%:}
SECRETS=$LAB_STATE/stor0.secrets
PATTERNS=$LAB_STATE/tls-patterns
(umask 077 && printf 'nvme.tls-key=%s\n' "$PSK" >"$SECRETS" && printf '%s\n%s\n' "$PSK" "$BODY" >"$PATTERNS") ||
    lab_fatal "cannot write the secrets file"

# argv_watch FILE: until killed, every 0.1 s, append the /proc/PID of any process whose
# argument list holds the PSK's base64 to FILE (bash only: no grep with the key in its own).
argv_watch() {
    local f a
    while :; do
        for f in /proc/[0-9]*/cmdline; do
            # (a process that ended since the glob: gone, nothing to read)
            mapfile -d '' -t a 2>/dev/null <"$f" || continue
            [[ "${a[*]}" != *"$BODY"* ]] || echo "${f%/cmdline}: ${a[0]}" >>"$1"
        done
        sleep 0.1
    done
}
: >"$LAB_STATE/argv-hits"
argv_watch "$LAB_STATE/argv-hits" &
watch_pid=$!

# ---- host tlshd stopped: the session waits, the status names it; started: it connects ---
daemon_pid=$(pgrep -x nm-nvme-daemon)
lab_require "host tlshd stopped" lab_tlshd_stop host
lab_require "attach: nvme.tls=yes, tls2 as a configured controller, nvme.tls-key from a 0600 file" \
    attach nvme.tls=yes "nvme.controllers=nvme+tcp://$A:4420/$PFX:tls2" --secrets-file "$SECRETS"
# waiting on a missing piece: a cheap re-check, no connect (the daemon's "connecting" lines
# and the kernel's TLS messages over 5 s); measured once the status names it
if lab_wait_for 30 "tlshd stopped: the status names tlshd" st_is "'tlshd' in err('tls2')"; then
    st_is True # the status, for the log
    c0=$(grep -c "connecting $PFX:tls2@" "$LAB_OUT/daemon.log")
    n0=$(dmesg | grep -c "TLS")
    sleep 5
    c1=$(grep -c "connecting $PFX:tls2@" "$LAB_OUT/daemon.log")
    n1=$(dmesg | grep -c "TLS")
    lab_check "tlshd stopped: no connect loop (5 s: $((c1 - c0)) connects, $((n1 - n0)) kernel TLS messages)" \
        test $((c1 - c0)) = 0 -a $((n1 - n0)) = 0
else
    lab_fail "tlshd stopped: no connect loop (not measured: the status never named tlshd)"
fi
lab_check "tlshd stopped: tls2 not connected" lab_no_io stor0 "$PFX:tls2"
lab_require "host tlshd started" lab_tlshd_start host
lab_wait_for 30 "tlshd started: tls2 over TLS" io_tls tls2
lab_check "tlshd started: the same daemon (pid $daemon_pid), not restarted" \
    test "$(pgrep -x nm-nvme-daemon)" = "$daemon_pid"
OUR_KEY=$(lab_tls_key_for "$HOSTNQN" "$PFX:tls2")
lab_tls_keys
lab_check "yes: the daemon inserted a key under NVMe0R01 host tls2 (${OUR_KEY:-none}), the one in use" \
    ctrl_has_key "$(lab_io_on stor0 "$PFX:tls2")" "$OUR_KEY"
lab_wait_for 10 "yes: status: tls2 secure, no error" st_is "err('tls2') == '' and [secure(c) for c in ioc('tls2')] == [True]"

# ---- the configured PSK is nowhere it must not be -------------------------------------
kill "$watch_pid"
wait "$watch_pid" 2>/dev/null
lab_check "the PSK was on no process's argument list (attach, connect, recovery)" \
    lab_not grep . "$LAB_STATE/argv-hits"
gdbus call --system --dest org.freedesktop.NetworkManager.Nvme \
    --object-path /org/freedesktop/NetworkManager/Nvme \
    --method org.freedesktop.NetworkManager.Nvme1.GetSessions >"$LAB_STATE/getsessions.txt"
setpriv --reuid=65534 --regid=65534 --clear-groups gdbus call --system \
    --dest org.freedesktop.NetworkManager.Nvme --object-path /org/freedesktop/NetworkManager/Nvme \
    --method org.freedesktop.NetworkManager.Nvme1.GetSessions >"$LAB_STATE/getsessions-nobody.txt"
"$cli" status --json >"$LAB_STATE/status-out.json"
"$cli" controllers --json >"$LAB_STATE/controllers-out.json"
dmesg >"$LAB_STATE/dmesg.txt"
lab_check "not in the D-Bus replies (GetSessions as root and as nobody) nor nm-nvme status/controllers" \
    no_psk_in "$LAB_STATE/getsessions.txt" "$LAB_STATE/getsessions-nobody.txt" \
    "$LAB_STATE/status-out.json" "$LAB_STATE/controllers-out.json"
lab_check "not in the daemon's log, tlshd's logs or the kernel log" \
    no_psk_in "$LAB_OUT/daemon.log" "$LAB_OUT"/tlshd-*.log "$LAB_STATE/dmesg.txt"
find /run /tmp /etc /var "$LAB_OUT" -xdev -type f -perm -o+r -newer "$LAB_STATE/psk-made" \
    -print0 >"$LAB_STATE/readable"
lab_check "not in any world-readable file written since ($(tr -cd '\0' <"$LAB_STATE/readable" | wc -c) under /run /tmp /etc /var and the results)" \
    no_psk_in_listed "$LAB_STATE/readable"

# ---- the daemon's key is the one nvme-cli derives (an independent implementation) -------
# (after the argument-list watch: nvme-cli 2 takes the key on its command line)
ours=$(lab_tls_key_digest "$OUR_KEY")
(umask 077 && printf '%s\n' "$PSK" >"$SECRETS.psk")
theirs=$(lab_tls_psk_digest "$HOSTNQN" "$PFX:tls2" "$SECRETS.psk")
rm -f "$SECRETS.psk"
lab_check "the daemon's TLS PSK for tls2 equals nvme-cli's derivation (SHA-256 ${ours:-none})" \
    test -n "$ours" -a "$ours" = "$theirs"

# ---- a failed handshake is a TLS failure, not an unreachable target ---------------------
# (the target's tlshd stopped: nvmet cannot answer the ClientHello; tls2's controller
# deleted by hand, the engine connects it again on its retry schedule)
lab_require "target tlshd stopped" lab_tlshd_stop target
lab_check "tls2's controller deleted by hand" \
    nvmet_write "/sys/class/nvme/$(lab_io_on stor0 "$PFX:tls2")/delete_controller" 1
lab_wait_for 30 "handshake failing: the status says the TLS handshake failed" \
    st_is "'handshake' in err('tls2') and 'unreachable' not in err('tls2')"
st_is True # the status, for the log
lab_require "target tlshd started" lab_tlshd_start target tgt
lab_wait_for 40 "target tlshd back: tls2 over TLS again, by itself" io_tls tls2

# ---- detach: our key revoked, the administrator's untouched --------------------------
lab_check "detach" detach
lab_wait_for 10 "detach: the daemon's key (${OUR_KEY:-none found}) is gone from .nvme" key_gone "$OUR_KEY"
lab_check "detach: the administrator's key is still there" \
    test "$(lab_tls_key_for "$HOSTNQN" "$PFX:tls")" = "$ADMIN_KEY"
lab_tls_keys

# ---- nvme.tls=concat: DH-HMAC-CHAP, then TLS with the PSK the kernel derives -------------
DHCHAP=$(nvme gen-dhchap-key --hmac=1 --nqn="$HOSTNQN") || lab_fatal "nvme gen-dhchap-key"
CAT_SECRETS=$LAB_STATE/cat.secrets
(umask 077 && printf '%s\n' "$DHCHAP" >"$LAB_STATE/cat.dhchap" &&
    printf 'nvme.dhchap-secret=%s\n' "$DHCHAP" >"$CAT_SECRETS" &&
    printf '%s\n' "$DHCHAP" "${DHCHAP:10:32}" >"$PATTERNS") || lab_fatal "cannot write the secrets file"
out=$("$cli" attach stor0 nvme.tls=concat "nvme.controllers=nvme+tcp://$A:4421/$PFX:cat" 2>&1)
rc=$?
refused "nvme.tls=concat without nvme.dhchap-secret" "$out" "$rc" nvme.tls
CAT="nvme.controllers=nvme+tcp://$A:4421/$PFX:cat"
if why=$(lab_tls_concat_kernel); then
    lab_require "cat admits this host only, DH-HMAC-CHAP hmac(sha256) ffdhe2048" \
        nvmet_host_dhchap "$PFX:cat" "$HOSTNQN" "$LAB_STATE/cat.dhchap" "hmac(sha256)" ffdhe2048
    lab_require "attach: nvme.tls=concat, cat as a configured controller, nvme.dhchap-secret from a 0600 file" \
        attach nvme.tls=concat "$CAT" --secrets-file "$CAT_SECRETS"
    if lab_wait_for 60 "concat: cat over TLS (a tls_key)" io_tls cat; then
        c=$(lab_io_on stor0 "$PFX:cat")
        lab_tls_keys
        lab_check "concat: its tls_key (${c:+$(lab_attr "/sys/class/nvme/$c/tls_key")}) is a generated PSK in .nvme (NVMe1G)" \
            eval "lab_tls_keys | awk -v k=\"\$(lab_attr /sys/class/nvme/$c/tls_key)\" '\$1 == k && \$3 ~ /^NVMe1G/ { f=1 } END { exit !f }'"
        if [ -e "/sys/class/nvme/$c/tls_mode" ]; then
            lab_check "concat: sysfs tls_mode is concat" lab_attr_is "/sys/class/nvme/$c/tls_mode" concat
        else
            lab_skip "concat: sysfs tls_mode" "this kernel has no tls_mode attribute"
        fi
        lab_wait_for 20 "concat: status: cat's tls is concat, no error" \
            st_is "[c.get('tls') for c in ioc('cat')] == ['concat'] and err('cat') == ''"
        "$cli" controllers | tee "$LAB_OUT/controllers-concat.txt"
        lab_check "nm-nvme controllers: SECURE concat" grep -qw concat "$LAB_OUT/controllers-concat.txt"
    else
        st_is True # the status, for the log
        dmesg | grep -iE "nvme|tls|auth|concat" | tail -40
    fi
    lab_check "concat: the daemon asked for concat beside the hidden secret" \
        grep -qE "connecting $PFX:cat@.*dhchap_secret=<hidden>(,[a-z_=0-9]+)*,concat" "$LAB_OUT/daemon.log"
    lab_check "concat: never with tls or tls_key (the kernel refuses them together)" \
        lab_not grep -qE "connecting $PFX:cat@.*,tls" "$LAB_OUT/daemon.log"
    dmesg >"$LAB_STATE/dmesg.txt"
    "$cli" status --json >"$LAB_STATE/status-out.json"
    lab_check "concat: the DH-HMAC-CHAP secret is not in the daemon's log, tlshd's logs, the kernel log or the status" \
        no_psk_in "$LAB_OUT/daemon.log" "$LAB_OUT"/tlshd-*.log "$LAB_STATE/dmesg.txt" "$LAB_STATE/status-out.json"
    lab_check "detach" detach
else
    echo "$why"
    lab_skip "nvme.tls=concat connects over TLS with a derived PSK" \
        "the kernel ($(uname -r)) has no secure concatenation: no 'concat' in /dev/nvme-fabrics"
    lab_check "attach: nvme.tls=concat with nvme.dhchap-secret" \
        attach nvme.tls=concat "$CAT" --secrets-file "$CAT_SECRETS"
    lab_wait_for 20 "no concat: the status says the kernel has no secure concatenation" \
        st_is "'concat-unsupported' in err('cat')"
    st_is True # the status, for the log
    lab_check "no concat: nothing connected for cat" lab_no_io stor0 "$PFX:cat"
    lab_check "detach" detach
fi

lab_check "kernel log clean" lab_dmesg_clean
lab_summary
