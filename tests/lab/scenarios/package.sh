#!/bin/bash
# shellcheck disable=SC2016 # the eval'd checks expand when they run
# SPDX-License-Identifier: GPL-2.0-or-later
#
# package.sh DEBS DEBS-UPGRADE: the Debian packages (issue 17) in the VM,
# installed with apt into the guest's root (the platform's root under the
# lab's throw-away overlay; apt resolves their dependencies from the root's
# Debian package lists and installed packages, as on a host), then the `nm`
# scenario's core against the installed package (nothing from the build
# tree: the daemon D-Bus-activated from /usr/lib/NetworkManager, the
# dispatcher program and the nm-nvme of the package), an upgrade to the
# higher version in DEBS-UPGRADE with controllers up (the same device names
# and sysfs cntlid before and after: none disconnected or reconnected; the
# daemon restarted and adopting; NetworkManager not restarted), removal
# (controllers kept, and said so) and purge (nothing of ours left,
# /etc/nvme/host* unchanged). DEBS and DEBS-UPGRADE are folders of .debs
# made by scripts/package for this platform (default: build-deb/PLATFORM
# and build-deb/PLATFORM-upgrade in the source tree; skipped, exit 77,
# when they are not there):
#   scripts/package --platform trixie
#   scripts/package --platform trixie --version 0.1.0+1 --out build-deb/trixie-upgrade
#   tests/lab/lab-run --platform trixie tests/lab/scenarios/package.sh network-manager-nvme-gnome is installed
# too when its folder has it and the root has GTK (bookworm: this
# machine's root; the trixie root has no GTK, and scripts/package installs
# it with apt in its build overlay instead).
#
# No systemd in the guest (guest-init is PID 1): the maintainer scripts
# take their non-systemd paths (deb-systemd-helper enables the unit, nothing
# is started; an upgrade restarts the daemon by SIGTERM and D-Bus
# activation), as on a sysvinit host or in a container.
# lab-timeout: 480
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

DEBS=${1:-$LAB_SRCDIR/build-deb/$LAB_PLATFORM}
DEBS2=${2:-$LAB_SRCDIR/build-deb/$LAB_PLATFORM-upgrade}
for d in "$DEBS" "$DEBS2"; do
    if [ -z "$(ls "$d"/network-manager-nvme_*.deb 2>/dev/null)" ]; then
        echo "LAB-SKIP no network-manager-nvme .deb in $d (make them with scripts/package, see the header)"
        exit 77
    fi
done
PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100
B=192.168.78.100
C=192.168.79.100
CLI=/usr/bin/nm-nvme
DAEMON=/usr/lib/NetworkManager/nm-nvme-daemon
UNIT_LINK=/etc/systemd/system/multi-user.target.wants/nm-nvme-daemon.service
export LAB_NM_NVME=$CLI

debs_of() { # DIR: the package files to install from DIR, as apt arguments
    local d
    for d in "$1"/network-manager-nvme_*.deb; do echo "$d"; done
    if [ -n "$(ls "$1"/network-manager-nvme-gnome_*.deb 2>/dev/null)" ] &&
        ldconfig -p | grep -q 'libgtk-4\.so'; then
        for d in "$1"/network-manager-nvme-gnome_*.deb; do echo "$d"; done
    fi
}

# apt_run LOG ARGS...: apt-get ARGS, output in $LAB_OUT/LOG (and on the console).
apt_run() {
    local log=$LAB_OUT/$1
    shift
    DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends "$@" >"$log" 2>&1
    local rc=$?
    sed 's/^/  apt| /' "$log"
    return $rc
}

daemon_pid() { pgrep -x nm-nvme-daemon; }

# daemon_is_installed: the running daemon is the package's binary, not a deleted one.
daemon_is_installed() {
    [ "$(readlink "/proc/$(daemon_pid)/exe")" = "$DAEMON" ]
}

# stor0_up: sub1 and sub2 each have one live I/O controller on stor0.
stor0_up() {
    lab_has_io stor0 "$PFX:sub1" && lab_has_io stor0 "$PFX:sub2"
}

# ours_files: files of the package (or made by it) still on the system.
ours_files() {
    ls -d /usr/bin/nm-nvme /usr/lib/NetworkManager/nm-nvme-* \
        /usr/lib/NetworkManager/VPN/nm-nvme-service.name \
        /usr/lib/NetworkManager/dispatcher.d/90-nm-nvme \
        /usr/lib/NetworkManager/dispatcher.d/pre-down.d/90-nm-nvme \
        /usr/lib/*/NetworkManager/libnm*-vpn-plugin-nvme*.so \
        /usr/share/dbus-1/system.d/org.freedesktop.NetworkManager.Nvme.conf \
        /usr/share/dbus-1/system.d/nm-nvme-service.conf \
        /usr/share/dbus-1/system-services/org.freedesktop.NetworkManager.Nvme.service \
        /lib/systemd/system/nm-nvme-daemon.service /usr/lib/systemd/system/nm-nvme-daemon.service \
        /usr/share/man/man*/nm-nvme* /usr/share/man/man5/nm-settings-nvme.5* \
        /usr/share/doc/network-manager-nvme* /var/lib/dpkg/info/network-manager-nvme* \
        "$UNIT_LINK" /var/lib/systemd/deb-systemd-helper-enabled/*nm-nvme* \
        /run/nm-nvme /run/udev/rules.d/70-nvmf-autoconnect.rules 2>/dev/null
    grep -l '^nm-nvme$' /run/nvme/registry/nvme*/owner 2>/dev/null
}

lab_log "packages: $(cd "$DEBS" && echo ./*.deb)"
lab_log "upgrade:  $(cd "$DEBS2" && echo ./*.deb)"
lab_check "nothing of ours on the platform's root before the install" eval '[ -z "$(ours_files)" ]'

# ---- a booted host: no policy-rc.d (the lab roots have one for their build) ----
rm -f /usr/sbin/policy-rc.d
# man-db's trigger re-indexes every manual page of the root at each dpkg run
# (minutes over 9p under TCG); its own switch turns that off, as in images.
rm -f /var/lib/man-db/auto-update
mkdir -p /etc/nvme
# The host NQN is kept; the host ID is made empty: the postinst must fill it only.
: >/etc/nvme/hostid
sha256sum /etc/nvme/hostnqn >"$LAB_OUT/hostnqn.before"

# ---- target: sub1, sub2 behind A:4420; sub1 behind B:4420; sub3 behind C:4420 ----
lab_require "modules loaded" lab_modules_load 4
lab_three_targets "$PFX" "$A" "$B" "$C"
nvmet_port_link 1 "$PFX:sub1"
nvmet_port_link 1 "$PFX:sub2"
nvmet_port_link 2 "$PFX:sub1"
nvmet_port_link 3 "$PFX:sub3"

# ---- services as on a host: udevd, Debian's system bus, syslog, NetworkManager ----
lab_require "udevd" lab_udevd_start
lab_require "system bus (Debian's configuration only)" \
    eval 'mkdir -p /run/dbus && dbus-daemon --system --fork --nopidfile'
lab_require "syslogd" lab_syslog_start
rm -f /etc/NetworkManager/dispatcher.d/01-ifupdown
cat >/etc/NetworkManager/NetworkManager.conf <<CONF
[main]
plugins=keyfile
dns=none
rc-manager=unmanaged
hostname-mode=none
no-auto-default=*
CONF
lab_require "a profile without nvme settings (stor2)" lab_nm_keyfile plain stor2 192.168.79.1/24
lab_require "NetworkManager started" lab_nm_start
nm_pid=$lab_nm_pid

# ---- install with apt ----
t0=$(lab_cs)
# shellcheck disable=SC2046 # one path a line, no spaces
lab_require "apt-get install $(debs_of "$DEBS" | xargs -n1 basename | tr '\n' ' ')" \
    apt_run apt-install.log install $(debs_of "$DEBS")
lab_log "install took $((($(lab_cs) - t0) * 10)) ms"
V1=$(dpkg-query -W -f='${Version}' network-manager-nvme)
lab_check "installed: network-manager-nvme $V1" \
    eval "dpkg-query -W -f='\${Status}' network-manager-nvme | grep -q 'install ok installed'"
lab_check "apt resolved every dependency from the root (nothing left broken)" apt-get check
lab_check "the daemon, CLI, dispatcher program (pre-down.d link), VPN service and .name, D-Bus files, unit, man pages" \
    eval "test -x $DAEMON && test -x $CLI && test -x /usr/lib/NetworkManager/dispatcher.d/90-nm-nvme &&
          test \"\$(readlink /usr/lib/NetworkManager/dispatcher.d/pre-down.d/90-nm-nvme)\" = ../90-nm-nvme &&
          test -x /usr/lib/NetworkManager/nm-nvme-service && test -f /usr/lib/NetworkManager/VPN/nm-nvme-service.name &&
          test -f /usr/share/dbus-1/system.d/org.freedesktop.NetworkManager.Nvme.conf &&
          grep -qx Exec=$DAEMON /usr/share/dbus-1/system-services/org.freedesktop.NetworkManager.Nvme.service &&
          test -f /lib/systemd/system/nm-nvme-daemon.service &&
          test -f /usr/share/man/man5/nm-settings-nvme.5.gz"
lab_check "postinst: the unit enabled (deb-systemd-helper), without systemd running" test -L "$UNIT_LINK"
lab_check "postinst: nothing started (no systemd: D-Bus activation only)" lab_not lab_daemon_running
lab_check "postinst: the empty /etc/nvme/hostid filled" \
    eval 'grep -q "^[0-9a-f-]\{36\}$" /etc/nvme/hostid'
lab_check "postinst: /etc/nvme/hostnqn (present) left unchanged" sha256sum -c --quiet "$LAB_OUT/hostnqn.before"
lab_check "postinst: NetworkManager not restarted" test "$(pgrep -x NetworkManager)" = "$nm_pid"
sha256sum /etc/nvme/hostnqn /etc/nvme/hostid >"$LAB_OUT/host-files.installed"
if debs_of "$DEBS" | grep -q gnome; then
    lab_check "network-manager-nvme-gnome: the GTK 3 and 4 editors" \
        eval 'ls /usr/lib/*/NetworkManager/libnm-vpn-plugin-nvme-editor.so /usr/lib/*/NetworkManager/libnm-gtk4-vpn-plugin-nvme-editor.so'
else
    lab_skip "network-manager-nvme-gnome installed" "no GTK in this root (scripts/package installs it with apt in its build overlay)"
fi

# ---- the nm scenario's core, against the installed package ----
lab_check "plain profile up, reapply, down, up" \
    eval 'nmcli connection up plain && nmcli device reapply stor2 && nmcli connection down plain && nmcli connection up plain'
sleep 2
lab_check "no nvme.* keys: nm-nvme-daemon was not started" lab_not lab_daemon_running
lab_require "profile storage0 (stor0) with [user] nvme.discovery" \
    lab_nm_keyfile storage0 stor0 192.168.77.1/24 no "nvme.discovery=nvme+tcp://$A:4420"
UUID0=$(lab_nm_uuid storage0)
lab_check "nmcli connection up storage0" nmcli connection up storage0
lab_wait_for 60 "up: sub1 and sub2 connected on stor0" stor0_up
lab_check "the daemon is the package's, started by D-Bus activation" daemon_is_installed
lab_check "status: stor0 owned by dispatcher:$UUID0 (the installed dispatcher program)" \
    lab_status "[s['owner'] for s in d if s['interface']=='stor0'] == ['dispatcher:$UUID0']"
"$CLI" connection show storage0 >"$LAB_OUT/show.txt"
lab_check "connection show: the discovery URI" grep -q "^nvme.discovery: *nvme+tcp://$A:4420\$" "$LAB_OUT/show.txt"
lab_check "modify: +nvme.exclude sub2, reapplied" \
    eval "'$CLI' connection modify storage0 +nvme.exclude 'subsysnqn=$PFX:sub2' | grep -q 'reapplied on stor0'"
lab_wait_for 20 "reapply: sub2 disconnected from stor0" lab_no_io stor0 "$PFX:sub2"
lab_check "modify: -nvme.exclude again" "$CLI" connection modify storage0 -nvme.exclude "subsysnqn=$PFX:sub2"
lab_wait_for 30 "sub2 back on stor0" stor0_up
lab_check "nmcli connection add storage1 (stor1)" \
    nmcli connection add type ethernet ifname stor1 con-name storage1 autoconnect no \
    ipv4.method manual ipv4.addresses 192.168.78.1/24 ipv6.method disabled
lab_check "nm-nvme connection modify storage1" \
    "$CLI" connection modify storage1 nvme.discovery "nvme+tcp://$B:4420" nvme.kato 20
UUID1=$(lab_nm_uuid storage1)
lab_check "nmcli connection up storage1" nmcli connection up storage1
lab_wait_for 60 "storage1: sub1 connected on stor1" lab_has_io stor1 "$PFX:sub1"
lab_check "two sessions" \
    lab_status "sorted((s['interface'], s['owner']) for s in d) == [('stor0', 'dispatcher:$UUID0'), ('stor1', 'dispatcher:$UUID1')]"

# ---- upgrade with controllers up ----
sleep 2
lab_snapshot >"$LAB_OUT/before-upgrade"
lab_snapshot stor0 >"$LAB_OUT/before-upgrade.stor0"
lab_log "controllers before the upgrade (name cntlid address):"
sed 's/^/  /' "$LAB_OUT/before-upgrade"
old_daemon=$(daemon_pid)
t0=$(lab_cs)
# shellcheck disable=SC2046
lab_require "apt-get install (upgrade) $(debs_of "$DEBS2" | xargs -n1 basename | tr '\n' ' ')" \
    apt_run apt-upgrade.log install $(debs_of "$DEBS2")
lab_log "upgrade took $((($(lab_cs) - t0) * 10)) ms"
V2=$(dpkg-query -W -f='${Version}' network-manager-nvme)
lab_check "upgraded: $V1 -> $V2" dpkg --compare-versions "$V2" gt "$V1"
lab_check "upgrade: the postinst said it restarted the daemon" \
    grep -q "restarting nm-nvme-daemon (pid $old_daemon); its controllers stay connected" "$LAB_OUT/apt-upgrade.log"
lab_wait_for 20 "upgrade: a new daemon runs, the upgraded binary" \
    eval '[ -n "$(daemon_pid)" ] && [ "$(daemon_pid)" != "$old_daemon" ] && daemon_is_installed'
lab_check "upgrade: NetworkManager not restarted" test "$(pgrep -x NetworkManager)" = "$nm_pid"
lab_check "upgrade: both sessions adopted with their owners" \
    lab_status "sorted((s['interface'], s['owner'], s['state']) for s in d) == [('stor0', 'dispatcher:$UUID0', 'active'), ('stor1', 'dispatcher:$UUID1', 'active')]"
sleep 3
lab_check "upgrade: the same controllers, names and cntlid (0 disconnected, 0 reconnected)" \
    lab_same_as "$LAB_OUT/before-upgrade"
n_ctrls=$(wc -l <"$LAB_OUT/before-upgrade")
lab_log "upgrade: $n_ctrls controllers before, $(lab_snapshot | wc -l) after, $(lab_snapshot | diff "$LAB_OUT/before-upgrade" - | grep -c '^[<>]') lines differ"
lab_check "upgrade: /etc/nvme/host* unchanged" sha256sum -c --quiet "$LAB_OUT/host-files.installed"
lab_check "after the upgrade: nmcli connection down storage1 (the new daemon detaches)" \
    nmcli connection down storage1
lab_wait_for 20 "down: nothing left on stor1" lab_nothing_on stor1
lab_check "down: stor0 untouched" lab_same_as "$LAB_OUT/before-upgrade.stor0" stor0

# ---- remove: controllers stay, and the package says so ----
lab_snapshot >"$LAB_OUT/before-remove"
lab_require "apt-get remove" apt_run apt-remove.log remove network-manager-nvme network-manager-nvme-gnome
lab_check "remove: the prerm names the controllers that stay connected" \
    eval "grep -q 'stay connected: .*$(lab_io_on stor0 "$PFX:sub1")' '$LAB_OUT/apt-remove.log'"
lab_wait_for 10 "remove: the daemon stopped" lab_not daemon_pid
lab_check "remove: every controller still there (names and cntlid)" lab_same_as "$LAB_OUT/before-remove"
lab_check "remove: the programs are gone" eval "! test -e $CLI && ! test -e $DAEMON"
lab_check "remove: NetworkManager still up, profile storage0 still active" lab_nm_activated stor0

# ---- purge: nothing of ours left, /etc/nvme/host* unchanged ----
lab_require "apt-get purge" apt_run apt-purge.log purge network-manager-nvme network-manager-nvme-gnome
ours_files >"$LAB_OUT/ours-after-purge"
lab_check "purge: nothing of ours left (files, unit link, /run/nm-nvme, registry entries)" \
    eval '[ ! -s "$LAB_OUT/ours-after-purge" ] || { cat "$LAB_OUT/ours-after-purge"; false; }'
lab_check "purge: dpkg knows nothing of network-manager-nvme" \
    eval "! dpkg-query -W -f='\${Status}' network-manager-nvme 2>/dev/null | grep -q installed"
lab_check "purge: /etc/nvme/hostnqn and hostid unchanged" sha256sum -c --quiet "$LAB_OUT/host-files.installed"
lab_check "purge: the controllers are still there (purge disconnects nothing)" \
    lab_same_as "$LAB_OUT/before-remove"
lab_check "purge: the NetworkManager profiles (the settings) are the administrator's, kept" \
    grep -q '^nvme.discovery=' /etc/NetworkManager/system-connections/storage0.nmconnection

lab_check "kernel log clean" lab_dmesg_clean
lab_disconnect_all
lab_nm_stop
lab_summary
