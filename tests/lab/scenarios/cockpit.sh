#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cockpit.sh: the Cockpit page (cockpit/, issue 19) in a real browser. In
# the guest: nvmet behind stor0, a real NetworkManager with a profile
# carrying nvme.* settings (the daemon D-Bus activated by our dispatcher),
# the page installed where meson puts it, and Debian's cockpit-ws twice
# with --local-session=cockpit-bridge: as root (port 9090, the
# administrator's view) and as nobody (9091, the read-only view). On this
# machine: Debian's chromium, headless, driven by chromedriver
# (cockpit/browser-test.py via "# lab-host:"), reaching both through qemu's
# port forwards. The browser asks the guest for target-side changes and
# sysfs readings through files in LAB_OUT (requests/N -> replies/N); its
# checks come back in browser.results and count here.
#
# Proves: the page lists exactly the controllers sysfs shows (device and
# subsystem), another orchestrator's (registered "stas") as not ours and a
# host-wide exclusion as applied; a subsystem added on the target (discovery log change AEN)
# appears without a reload; the target's link taken down shows the session
# suspended, and back up active; nvme.kato=0 typed into the editor names
# the key, marks the field and leaves the keyfile as it was, and 20 is saved
# to the keyfile through NetworkManager (the rest of the profile kept) and
# applied to the session; the read-only
# view has no enabled button and no secret in its DOM (a DH-HMAC-CHAP
# secret sits in another profile's user.data, which NetworkManager shows
# to every user). Detach and Attach from the page take ours down and back
# up, the stas-owned controller untouched. With an NBFT injected (lab.json;
# its HFI matches no interface here), administrators see its boot
# subsystems and the read-only view only its status. TLS (when the kernel
# and the root have it: trixie's 6.12 and ktls-utils): a second profile
# (storage1 on stor1, nvme.tls=yes, one I/O controller behind a port that
# requires TLS, the retained PSK in `.nvme` as an administrator puts it)
# brought up while the host has no tlshd: its controller waits (tls-wait),
# the page lists that problem first naming tlshd and its Secure column says
# "no: tlshd-not-running"; tlshd started: it connects over TLS and the
# column says "tls". Throughout, every controller's Secure cell is the word
# of `nm-nvme controllers`' SECURE column, and every device's is what sysfs
# says (tls_key: "tls", none: "-"). The editor offers nvme.tls (a choice of
# the daemon's schema) and no field for the PSK nvme.tls-key. Needs the
# platform trixie-cockpit (trixie with Debian's cockpit-ws and
# cockpit-bridge): lab-run --platform trixie-cockpit, with
# LAB_BUILDDIR=build-trixie.
#
# lab-nbft: ../nbft/lab.json
# lab-forward: 9090 9091
# lab-host: ../cockpit/browser-test.py
# lab-timeout: 300
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
B=192.168.78.100
HOSTNQN=$(cat /etc/nvme/hostnqn)
cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
KEYFILE=/etc/NetworkManager/system-connections/storage0.nmconnection
SECRET="DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:"
CHAN=$LAB_OUT/cockpit
WS=/usr/lib/cockpit/cockpit-ws

if [ ! -x "$WS" ]; then
    echo "cockpit-ws is not in this platform's root: run with --platform trixie-cockpit"
    touch "$LAB_OUT/cockpit-skipped"
    exit 77
fi

stor0_up() {
    lab_has_io stor0 "$PFX:sub1" && lab_has_io stor0 "$PFX:sub2"
}

# hostnet_up: the user-mode NIC qemu gave for "# lab-forward" (virtio_net),
# 10.0.2.15/24 as qemu's slirp expects; NetworkManager leaves it alone.
hostnet_up() {
    local dev d
    lab_modprobe virtio_net || return 1
    udevadm settle --timeout=10
    for d in /sys/class/net/*; do
        [ "$(basename "$(readlink -f "$d/device/driver" 2>/dev/null)")" = virtio_net ] && dev=${d##*/}
    done
    [ -n "${dev:-}" ] || return 1
    ip addr add 10.0.2.15/24 dev "$dev" && ip link set "$dev" up
}

# ws_start PORT [USER]: cockpit-ws without TLS on PORT, its session a
# cockpit-bridge of USER (default root); waits until it answers.
ws_start() {
    local port=$1 user=${2:-root} home=/tmp/home-$1
    mkdir -p "$home" && chown "$user" "$home"
    setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
        env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home" LANG=C.UTF-8 \
        "$WS" --no-tls --port "$port" --address 0.0.0.0 --local-session=cockpit-bridge \
        >>"$LAB_OUT/cockpit-ws-$port.log" 2>&1 &
    lab_poll 30 lab_listening "" "$port"
}

# install_page: the page's files where meson installs them (cockpit/meson.build).
install_page() {
    local src=$LAB_SRCDIR/cockpit
    mkdir -p /usr/share/cockpit/nm-nvme &&
        cp "$src"/*.js "$src"/*.json "$src"/*.html "$src"/*.css /usr/share/cockpit/nm-nvme/
}

# controllers_secure: one line per controller of `nm-nvme controllers --json`:
# SUBSYSNQN TRADDR:TRSVCID SECURE (its SECURE column's word, "-" for none).
controllers_secure() {
    "$cli" controllers --json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r.get("subsysnqn", ""), "%s:%s" % (r.get("traddr", ""), r.get("trsvcid", "")), r.get("secure") or "-")'
}

# sysfs_secure: one line per controller in sysfs: NAME WORD, WORD "tls" (or 7.x's
# tls_mode) when it runs over TLS (a tls_key serial), else "-".
sysfs_secure() {
    local c word
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        word=-
        if lab_ctrl_tls "${c##*/}" >/dev/null; then
            word=tls
            [ ! -e "$c/tls_mode" ] || word=$(lab_attr "$c/tls_mode")
        fi
        echo "${c##*/} $word"
    done
}

# tls_target: stor1 to B:4420 in netns tgt (port 2, TLS 1.3 required),
# subsystem tls1 behind it, the administrator's retained PSK for it in `.nvme`,
# the target's tlshd; the host's tlshd not yet (the browser asks for it).
tls_target() {
    lab_tls_modules && ip link add stor1 type veth peer name tgt1 netns tgt &&
        lab_ip_addr tgt tgt1 "$B/24" && ip link set stor1 up &&
        nvmet_subsys_add "$PFX:tls1" &&
        nvmet_port_add 2 "$B" 4420 tgt && nvmet_port_tls 2 required &&
        nvmet_port_link 2 "$PFX:tls1" || return 1
    (umask 077 && lab_tls_psk_gen >"$LAB_STATE/admin.psk") &&
        lab_tls_psk_insert "$HOSTNQN" "$PFX:tls1" "$LAB_STATE/admin.psk" &&
        lab_tlshd_start target tgt
}

# tls_waits: storage1's tls1 controller waits for TLS, naming tlshd.
tls_waits() {
    controllers_secure | grep -qx "$PFX:tls1 $B:4420 no: tlshd-not-running"
}

# serve_requests SECONDS: answer the browser's requests until it is done.
serve_requests() {
    local end=$(($(date +%s) + $1)) f n cmd
    mkdir -p "$CHAN/replies"
    while [ "$(date +%s)" -lt "$end" ]; do
        [ -e "$CHAN/done" ] && return 0
        for f in "$CHAN"/requests/*; do
            [ -e "$f" ] || continue
            n=${f##*/}
            [ -e "$CHAN/replies/$n" ] && continue
            cmd=$(cat "$f")
            lab_log "browser asks: $cmd"
            case $cmd in
            sysfs) lab_nvme_ctrls ;;
            foreign) echo "$FOREIGN" ;;
            add-subsystem)
                nvmet_subsys_add "$PFX:sub3" && nvmet_port_link 1 "$PFX:sub3" && echo added ;;
            link-down) lab_link_down tgt tgt0 && echo down ;;
            link-up) lab_link_up tgt tgt0 && echo up ;;
            keyfile) cat "$KEYFILE" ;;
            controllers) controllers_secure ;;
            sysfs-tls) sysfs_secure ;;
            tlshd-start) lab_tlshd_start host && echo started ;;
            session-settings)
                gdbus call --system --dest org.freedesktop.NetworkManager.Nvme \
                    --object-path /org/freedesktop/NetworkManager/Nvme \
                    --method org.freedesktop.NetworkManager.Nvme1.GetSessions | grep -o "'settings': <{[^}]*}>" ;;
            *) echo "unknown request" ;;
            esac >"$CHAN/replies/.$n" 2>&1
            mv "$CHAN/replies/.$n" "$CHAN/replies/$n"
        done
        sleep 0.3
    done
    return 1
}

# ---- target: sub1, sub2, sub4, sub5 behind A:4420 (discovery there too) ----
lab_require "modules loaded" lab_modules_load 4
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
for s in sub1 sub2 sub4 sub5; do
    nvmet_subsys_add "$PFX:$s" || lab_fatal "subsystem $s"
done
lab_require "port 1 $A:4420" nvmet_port_add 1 "$A" 4420 tgt
for s in sub1 sub2 sub4 sub5; do nvmet_port_link 1 "$PFX:$s"; done

# ---- another orchestrator's controller (sub4, registered "stas"), and sub5
# excluded host-wide: the page shows both, never as ours ----
seq=$(cat /sys/kernel/uevent_seqnum)
FOREIGN=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$PFX:sub4" --host-iface stor0)
lab_require "sub4 connected by hand ($FOREIGN)" test -n "$FOREIGN"
lab_require "$FOREIGN registered as owned by stas" lab_registry_write "$FOREIGN" stas "$seq"
EXCL_LINE=$(lab_exclusion_add /etc/nvme/exclusions.conf "nqn=$PFX:sub5")
lab_require "sub5 excluded host-wide (/etc/nvme/exclusions.conf:$EXCL_LINE)" test -n "$EXCL_LINE"

# ---- services: udevd, system bus, syslog, NetworkManager ----
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed: dispatcher script, D-Bus services, NetworkManager.conf" lab_nm_install
printf '[device-lab-forward]\nmatch-device=driver:virtio_net\nmanaged=0\n' \
    >/etc/NetworkManager/conf.d/90-lab-forward.conf
lab_require "the forwarded NIC at 10.0.2.15" hostnet_up
lab_require "NetworkManager started" lab_nm_start
lab_require "profile storage0 (stor0, autoconnect: back after a carrier loss) with [user] nvme.discovery" \
    lab_nm_keyfile storage0 stor0 192.168.77.1/24 yes "nvme.discovery=nvme+tcp://$A:4420"
lab_require "profile with a secret in user.data (never activated)" \
    lab_nm_keyfile withsecret stor9 192.168.99.1/24 no "nvme.discovery=nvme+tcp://192.168.99.100" "nvme.dhchap-secret=$SECRET"
lab_check "nmcli connection up storage0" nmcli connection up storage0
lab_wait_for 60 "up: sub1 and sub2 connected on stor0" stor0_up

# ---- TLS: storage1 on stor1 (nvme.tls=yes), up while the host has no tlshd ----
if lab_tls_kernel && command -v tlshd >/dev/null; then
    lab_require "TLS target: tls1 behind $B:4420 (TLS required), its PSK in .nvme, the target's tlshd" tls_target
    lab_require "profile storage1 (stor1) with [user] nvme.tls=yes and the TLS-required tls1" \
        lab_nm_keyfile storage1 stor1 192.168.78.1/24 no "nvme.tls=yes" "nvme.controllers=nvme+tcp://$B:4420/$PFX:tls1"
    lab_check "nmcli connection up storage1" nmcli connection up storage1
    lab_wait_for 30 "storage1: tls1 waits for TLS, naming tlshd (nm-nvme controllers)" tls_waits
    mkdir -p "$CHAN" && touch "$CHAN/tls"
else
    lab_skip "TLS in the Secure column" "no NVMe/TCP TLS here (kernel or ktls-utils)"
fi

# ---- the page, where meson installs it; cockpit-ws as root and as nobody ----
lab_require "page installed in /usr/share/cockpit/nm-nvme" install_page
lab_require "cockpit-ws as root on 9090" ws_start 9090 root
lab_require "cockpit-ws as nobody on 9091" ws_start 9091 nobody
mkdir -p "$CHAN/requests" && touch "$CHAN/ready"
lab_log "ready for the browser"

# ---- the browser's run ----
t0=$(date +%s)
lab_check "the browser finished within 300 s" serve_requests 300
lab_log "browser run: $(($(date +%s) - t0)) s"
if [ -s "$CHAN/browser.results" ]; then
    while read -r verdict what; do
        lab_check "browser: $what" test "$verdict" = ok
    done <"$CHAN/browser.results"
else
    lab_check "the browser wrote its results" false
fi
lab_check "the keyfile has the editor's nvme.kato=20, and its address" \
    eval "grep -qx 'nvme.kato=20' '$KEYFILE' && grep -qx 'address1=192.168.77.1/24' '$KEYFILE'"
lab_check "the daemon logged no secret" lab_not grep -qF "$SECRET" "$LAB_OUT/daemon.log"
lab_summary
