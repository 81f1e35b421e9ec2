#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-install.sh: `meson install` into a scratch DESTDIR puts every piece
# where NetworkManager, D-Bus and systemd look for it (relative to the
# configured prefix): the dispatcher program executable 0755 in
# dispatcher.d/ with its pre-down.d/ link, the daemon, the CLI, the D-Bus
# policy and activation file, the man pages, the editor plugins (each exporting only its
# factory; none when configured with -Deditor=false). TAP.
set -u
build=${NMNVME_BUILD_ROOT:?}
prefix=${NMNVME_PREFIX:?}
dispatcher_dir=${NMNVME_DISPATCHER_DIR:?}
libexecdir=${NMNVME_LIBEXECDIR:?}
editor_dir=${NMNVME_VPN_EDITOR_PLUGIN_DIR:?}
vpn_dir=${NMNVME_VPN_DIR:?}
mandir=${NMNVME_MANDIR:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0
failed=0

ok() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2" && failed=1; fi
}

if [ "${NMNVME_EDITOR:-true}" = false ]; then echo "1..12"; else echo "1..14"; fi
meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest.log" 2>&1
ok $? "meson install --destdir"
sed 's/^/# /' "$dest.log"
rm -f "$dest.log"

d=$dest$dispatcher_dir
[ -f "$d/90-nm-nvme" ] && [ "$(stat -c %a "$d/90-nm-nvme")" = 755 ]
ok $? "dispatcher program: $dispatcher_dir/90-nm-nvme, mode 0755"
[ "$(readlink "$d/pre-down.d/90-nm-nvme")" = ../90-nm-nvme ]
ok $? "pre-down.d/90-nm-nvme -> ../90-nm-nvme"
[ -x "$dest$libexecdir/nm-nvme-daemon" ]
ok $? "daemon in $libexecdir"
[ -x "$dest$prefix/bin/nm-nvme" ]
ok $? "nm-nvme in $prefix/bin"
[ -f "$dest$prefix/share/dbus-1/system.d/org.freedesktop.NetworkManager.Nvme.conf" ]
ok $? "D-Bus policy in share/dbus-1/system.d"
grep -qx "Exec=$libexecdir/nm-nvme-daemon" \
    "$dest$prefix/share/dbus-1/system-services/org.freedesktop.NetworkManager.Nvme.service"
ok $? "D-Bus activation file names the installed daemon"
[ -x "$dest$libexecdir/nm-nvme-service" ]
ok $? "VPN-style service nm-nvme-service in $libexecdir"
name=$dest$vpn_dir/nm-nvme-service.name
grep -qx "program=$libexecdir/nm-nvme-service" "$name" &&
    grep -qx "plugin=$editor_dir/libnm-vpn-plugin-nvme.so" "$name" &&
    grep -qx "service=org.freedesktop.NetworkManager.nvme" "$name" &&
    grep -qx "supports-multiple-connections=true" "$name"
ok $? "$vpn_dir/nm-nvme-service.name names the installed service and editor plugin"
grep -q 'own_prefix="org.freedesktop.NetworkManager.nvme"' \
    "$dest$prefix/share/dbus-1/system.d/nm-nvme-service.conf"
ok $? "the VPN service's D-Bus policy (own_prefix) in share/dbus-1/system.d"
[ -s "$dest$mandir/man1/nm-nvme.1" ] && [ -s "$dest$mandir/man8/nm-nvme-daemon.8" ] &&
    grep -q '^\.TP' "$dest$mandir/man5/nm-settings-nvme.5"
ok $? "man pages nm-nvme(1), nm-nvme-daemon(8), nm-settings-nvme(5) in $mandir"
# Built without the editors (-Deditor=false): nothing of theirs installed.
if [ "${NMNVME_EDITOR:-true}" = false ]; then
    ! ls "$dest$editor_dir"/libnm*-vpn-plugin-nvme*.so >/dev/null 2>&1
    ok $? "no editor plugin installed (-Deditor=false)"
    exit $failed
fi
for lib in libnm-vpn-plugin-nvme.so:nm_vpn_editor_plugin_factory \
    libnm-vpn-plugin-nvme-editor.so:nm_vpn_editor_factory_nvme \
    libnm-gtk4-vpn-plugin-nvme-editor.so:nm_vpn_editor_factory_nvme; do
    file=$dest$editor_dir/${lib%%:*}
    [ -f "$file" ] && [ "$(nm -D --defined-only "$file" | awk '$2 == "T" { print $3 }')" = "${lib#*:}" ]
    ok $? "${lib%%:*} in $editor_dir, exporting only ${lib#*:}"
done
exit $failed
