#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# import.sh: `nm-nvme import` on the configuration files the platform's own
# nvme-stas and nvme-cli packages installed (trixie: nvme-stas 2.4.1 in
# /etc/stas, nvme-cli 2.13's /etc/nvme/discovery.conf; next: nvme-stas 3.1's
# /etc/nvme/{nvme-stas,stafd,stacd}.conf), then on edited copies of those
# same files with every key set (tests/unit/migrate/every-key.sed) plus
# controllers of the lab's targets: a discovery controller with host-iface
# (stor0), one without (stor1: the plan says it was assigned by route
# lookup), an I/O controller with a DH-HMAC-CHAP secret (stor2: an nvme
# VPN-style profile, the secret in vpn.secrets); and, plan only, a
# config.json whose two ports of stor2 differ in TLS, one with a PSK (nvme.tls
# yes, the PSK a hidden secret). Proves: the shipped files give an
# empty plan and exit 0; the edited plan names every interface, its profile,
# the nvme.* keys and every key not mapped; bad input names the file, line
# and key and saves nothing; --apply with an interface that has no profile
# saves nothing; --apply with every profile saves them through
# NetworkManager, which reapplies them: the imported profiles are up and
# their controllers live.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
B=192.168.78.100
C=192.168.79.100
ROOT=$LAB_STATE/import
BAD=$LAB_STATE/import-bad
SED=$LAB_SRCDIR/tests/unit/migrate/every-key.sed
KF=/etc/NetworkManager/system-connections
# made by `nvme gen-dhchap-key`; nvmet asks for no authentication here
SECRET="DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"
# a TLS PSK (well-formed, CRC included) for a plan only: the lab's nvmet
# ports have no TLS
TLS=$LAB_STATE/import-tls
PSK="NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN2LVN4L:"

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
if [ ! -f /etc/stas/stafd.conf ] && [ ! -f /etc/nvme/nvme-stas.conf ]; then
    echo "import: the platform has no nvme-stas (bookworm): skipped"
    exit 77
fi

# import ARGS...: nm-nvme import, its output in $LAB_OUT/import-N.txt (N counts up)
# and on the log; sets $out to the file and $irc to the exit code.
n=0
import() {
    n=$((n + 1))
    out=$LAB_OUT/import-$n.txt
    "$cli" import "$@" >"$out" 2>&1
    irc=$?
    echo "---- nm-nvme import $* (exit $irc)"
    cat "$out"
}

# has TEXT: the last import's output has TEXT (a fixed string).
has() {
    grep -qF -- "$1" "$out"
}

# keyfiles_sum: checksums of every profile's keyfile.
keyfiles_sum() {
    cat "$KF"/*.nmconnection | md5sum
}

# edit_copy SRC DST: DST is SRC with every key set.
edit_copy() {
    mkdir -p "$(dirname "$2")" && sed -f "$SED" "$1" >"$2"
}

# ---- targets: sub1 behind A (stor0), sub2 behind B (stor1), sub3 behind C (stor2) ----
lab_require "modules loaded" lab_modules_load 3
lab_three_targets "$PFX" "$A" "$B" "$C"
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 2 "$PFX:sub2"
nvmet_port_link 3 "$PFX:sub3"

lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed: dispatcher script, D-Bus services, NetworkManager.conf" lab_nm_install
lab_require "profiles storage0 (stor0), storage1 (stor1), no nvme keys" \
    eval 'lab_nm_keyfile storage0 stor0 192.168.77.1/24 && lab_nm_keyfile storage1 stor1 192.168.78.1/24'
lab_require "NetworkManager started" lab_nm_start
lab_require "storage0 and storage1 up" eval 'nmcli connection up storage0 && nmcli connection up storage1'

# ---- the files the packages shipped ----
echo "platform files:"
ls -l /etc/stas /etc/nvme 2>&1
if [ -f /etc/stas/stafd.conf ]; then STAS=2; else STAS=3; fi
import --from stas
lab_check "shipped nvme-stas $STAS.x files: exit 0, all read, nothing to import" \
    eval '[ $irc = 0 ] && { [ $STAS = 3 ] || has "Read: /etc/stas/stafd.conf /etc/stas/stacd.conf"; } &&
          { [ $STAS = 2 ] || has "/etc/nvme/nvme-stas.conf /etc/nvme/stafd.conf /etc/nvme/stacd.conf"; } &&
          has "No controller to import"'
lab_check "shipped nvme-stas files: its zeroconf default (enabled) is listed as host-wide" \
    has "zeroconf -> nvme.zeroconf: not set: nvme-stas's default (enabled) is host-wide"
import --from nvme-cli
lab_check "shipped nvme-cli files: exit 0, nothing to import" \
    eval '[ $irc = 0 ] && has "No controller to import"'
[ ! -f /etc/nvme/discovery.conf ] || lab_check "nvme-cli's discovery.conf read" has "/etc/nvme/discovery.conf"

# ---- edited copies with every key set, plus the lab's controllers ----
rm -rf "$ROOT" "$BAD"
if [ "$STAS" = 2 ]; then
    for f in stafd stacd; do edit_copy "/etc/stas/$f.conf" "$ROOT/etc/stas/$f.conf"; done
    sed -i 's/^zeroconf=enabled$/zeroconf=disabled/' "$ROOT/etc/stas/stafd.conf"
    cat >>"$ROOT/etc/stas/stafd.conf" <<CONF

[Controllers]
controller = transport=tcp;traddr=$A;trsvcid=4420;host-iface=stor0;kato=20
controller = transport=tcp;traddr=$B;trsvcid=4420
CONF
    cat >>"$ROOT/etc/stas/stacd.conf" <<CONF

[Controllers]
controller = transport=tcp;traddr=$C;trsvcid=4420;nqn=$PFX:sub3;host-iface=stor2;dhchap-secret=$SECRET
CONF
    KATO_LINE=/etc/stas/stafd.conf
else
    # 3.x: the daemon files with every key; the connections in nvme-stas.conf,
    # its defaults sections uncommented (its example controllers are not)
    for f in stafd stacd; do edit_copy "/etc/nvme/$f.conf" "$ROOT/etc/nvme/$f.conf"; done
    sed -i 's/^zeroconf=enabled$/zeroconf=disabled/' "$ROOT/etc/nvme/stafd.conf"
    sed '/^#\[Discovery Controller\]$/,$d' /etc/nvme/nvme-stas.conf | sed -f "$SED" >"$ROOT/etc/nvme/nvme-stas.conf"
    cat >>"$ROOT/etc/nvme/nvme-stas.conf" <<CONF

[Discovery Controller]
keep-alive-tmo = 20
controller = transport=tcp;traddr=$A;trsvcid=4420;host-iface=stor0

[Discovery Controller]
controller = transport=tcp;traddr=$B;trsvcid=4420

[Subsystem]
nqn = $PFX:sub3
kxchap-secret = $SECRET
controller = transport=tcp;traddr=$C;trsvcid=4420;host-iface=stor2
CONF
    KATO_LINE=/etc/nvme/nvme-stas.conf
fi
if [ -f /etc/nvme/discovery.conf ]; then
    edit_copy /etc/nvme/discovery.conf "$ROOT/etc/nvme/discovery.conf"
    echo "--transport=tcp --traddr=$A --trsvcid=4420 --host-iface=stor0" >>"$ROOT/etc/nvme/discovery.conf"
fi
echo "edited copies:"
find "$ROOT" -type f -exec sh -c 'echo "== $1"; grep -v "^#" "$1" | grep -v "^$" | sed "s|DHHC-1:[^;]*|<secret>|"' sh {} \;

before=$(keyfiles_sum)
import --root "$ROOT"
lab_check "edited files: exit 0; stor0, stor1, stor2 in the plan" \
    eval '[ $irc = 0 ] && has "stor0: user.data of profile \"storage0\"" && has "stor1: user.data of profile \"storage1\"" &&
          has "stor2: no NetworkManager profile"'
lab_check "plan: stor0's discovery controller and its kato 20" \
    eval 'has "nvme+tcp://$A:4420" && grep -A1 "^  nvme.kato  *20$" "$out" | grep -qF "$KATO_LINE"'
lab_check "plan: stor1's discovery controller was assigned by route lookup" \
    eval 'grep -A1 "nvme+tcp://$B:4420" "$out" | grep -q "no host-iface: interface by route lookup"'
lab_check "plan: stor2's I/O controller (port 4420 is the default: not written)" has "nvme+tcp://$C/$PFX:sub3"
lab_check "plan: stor2's secret shown as <hidden> only" \
    eval 'grep -q "^  nvme.dhchap-secret  *<hidden>$" "$out" && ! grep -qF "${SECRET:10:20}" "$out"'
lab_check "plan: keys not mapped are listed with the reason (tron, ignore-iface)" \
    eval 'has "tron: nvme-stas" && has "ignore-iface: nm-nvme always binds"'
lab_check "plan only: no profile changed" test "$(keyfiles_sum)" = "$before"

# ---- bad input: the file, the line and the key; nothing saved ----
cp -a "$ROOT" "$BAD"
sed -i 's/^ip-family=.*/ip-family=ipv5/' "$BAD"/etc/*/stafd.conf
bad_line=$(grep -n '^ip-family=ipv5' "$BAD"/etc/*/stafd.conf | cut -d: -f1)
import --root "$BAD" --apply
lab_check "a bad value: exit 2, the error names the file, line $bad_line and the key" \
    eval '[ $irc = 2 ] && grep -q "stafd.conf:$bad_line: ip-family: .*ipv5" "$out"'
lab_check "a bad value: no profile changed" test "$(keyfiles_sum)" = "$before"

# ---- --apply with stor2 without a profile: nothing saved ----
import --root "$ROOT" --apply
lab_check "stor2 has no profile: --apply fails, nothing saved" \
    eval '[ $irc != 0 ] && has "nothing saved" && test "$(keyfiles_sum)" = "$before"'
lab_check "nothing attached" lab_not lab_daemon_running

# ---- --apply ----
lab_require "profile storage2 (stor2) up" \
    eval 'lab_nm_keyfile storage2 stor2 192.168.79.1/24 && nmcli connection up storage2'
import --root "$ROOT"
lab_check "plan: stor2 has a secret: a new nvme VPN-style profile nvme-stor2, a secondary of storage2" \
    has "stor2: a new nvme VPN-style profile \"nvme-stor2\" (secrets in vpn.secrets, root only), a secondary of profile \"storage2\""
# ---- TLS (plan only): config.json, two ports of stor2, one with TLS and its PSK ----
rm -rf "$TLS" && mkdir -p "$TLS/etc/nvme"
cat >"$TLS/etc/nvme/config.json" <<JSON
[{"subsystems": [{"nqn": "$PFX:sub3", "ports": [
  {"transport": "tcp", "traddr": "$C", "host_iface": "stor2", "tls": false},
  {"transport": "tcp", "traddr": "$C", "trsvcid": "4421", "host_iface": "stor2",
   "tls": true, "tls_key": "$PSK", "keyring": ".nvme", "concat": false}]}]}]
JSON
before=$(keyfiles_sum)
import --from nvme-cli --root "$TLS"
lab_check "TLS plan: exit 0; stor2 a new nvme VPN-style profile (the PSK is a secret)" \
    eval '[ $irc = 0 ] && has "stor2: a new nvme VPN-style profile \"nvme-stor2\" (secrets in vpn.secrets, root only)"'
lab_check "TLS plan: nvme.tls yes (TLS on one of stor2's controllers, the other's no listed), nvme.tls-key <hidden>" \
    eval 'grep -q "^  nvme.tls  *yes$" "$out" && grep -q "^  nvme.tls-key  *<hidden>$" "$out" &&
          has "stor2 takes yes from /etc/nvme/config.json [0].subsystems[0].ports[1].tls"'
lab_check "TLS plan: keyring and concat listed as not mapped, the PSK in no output" \
    eval 'has "ports[1].keyring: nm-nvme inserts" && has "ports[1].concat: secure concatenation" &&
          ! grep -qF "${PSK:16:20}" "$out"'
lab_check "TLS plan only: no profile changed" test "$(keyfiles_sum)" = "$before"

import --root "$ROOT" --apply
lab_check "--apply: exit 0, two profiles saved and reapplied, nvme-stor2 saved as storage2's secondary and activated" \
    eval '[ $irc = 0 ] && has "stor0: saved user.data of \"storage0\", reapplied on stor0" &&
          has "stor1: saved user.data of \"storage1\", reapplied on stor1" &&
          has "stor2: saved \"nvme-stor2\", a secondary of \"storage2\", activated"'
for f in "$KF"/*.nmconnection; do echo "== $f"; sed "s|DHHC-1:[^ ]*|<secret>|" "$f"; done
lab_check "storage0's keyfile has the imported keys" \
    eval 'grep -q "^nvme.discovery=nvme+tcp://$A:4420" $KF/storage0.nmconnection && grep -q "^nvme.kato=20" $KF/storage0.nmconnection'
lab_check "nvme-stor2's keyfile: the I/O controller in [vpn], the secret in [vpn-secrets] only" \
    eval 'grep -q "^nvme.controllers=nvme+tcp://$C/" $KF/nvme-stor2.nmconnection &&
          sed -n "/^\[vpn-secrets\]/,/^\[/p" $KF/nvme-stor2.nmconnection | grep -qF "nvme.dhchap-secret=$SECRET" &&
          ! sed -n "/^\[vpn\]/,/^\[/p" $KF/nvme-stor2.nmconnection | grep -q DHHC &&
          ! grep -q "^nvme" $KF/storage2.nmconnection && grep -q "^secondaries=" $KF/storage2.nmconnection'
lab_wait_for 90 "imported: sub1 live on stor0 (discovery controller with host-iface)" lab_has_io stor0 "$PFX:sub1"
lab_wait_for 90 "imported: sub2 live on stor1 (discovery controller by route lookup)" lab_has_io stor1 "$PFX:sub2"
lab_wait_for 90 "imported: sub3 live on stor2 (I/O controller)" lab_has_io stor2 "$PFX:sub3"
lab_check "the three profiles are up" \
    eval 'lab_nm_activated stor0 && lab_nm_activated stor1 && lab_nm_activated stor2'
"$cli" status
lab_check "nm-nvme status: stor0 and stor1 owned by their profiles' dispatcher, stor2 by the nvme profile" \
    lab_status '[(s["interface"], s["owner"][:4]) for s in d] == [("stor0", "disp"), ("stor1", "disp"), ("stor2", "vpn:")]'
lab_check "the secrets are in no log" \
    eval '! grep -rqF "${SECRET:10:20}" "$LAB_OUT"/*.log "$LAB_OUT"/*.txt && ! grep -rqF "${PSK:16:20}" "$LAB_OUT"/*.log "$LAB_OUT"/*.txt'
"$cli" connection show storage0

# ---- again: nothing changes ----
import --root "$ROOT" --apply
lab_snapshot >"$LAB_STATE/second.snap"
import --root "$ROOT" --apply
lab_check "a second --apply: exit 0, nvme-stor2 updated, not activated again" \
    eval '[ $irc = 0 ] && has "stor2: saved \"nvme-stor2\", a secondary of \"storage2\"" && ! has "activated"'
sleep 5
lab_check "a second --apply: no controller disconnected, reconnected or added" lab_same_as "$LAB_STATE/second.snap"

lab_check "down: storage0, storage1, storage2" \
    eval 'nmcli connection down storage0 && nmcli connection down storage1 && nmcli connection down storage2'
lab_wait_for 30 "down: nothing left on stor0, stor1, stor2" \
    eval 'lab_nothing_on stor0 && lab_nothing_on stor1 && lab_nothing_on stor2'
lab_check "kernel log clean" lab_dmesg_clean
lab_nm_stop
lab_summary
