#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# test-editor-install.sh: `meson install` into a scratch DESTDIR puts the
# three editor libraries in nm_vpn_editor_plugin_dir (Debian:
# $libdir/NetworkManager, as network-manager-openvpn), each exporting only
# its factory. TAP.
set -u
build=${NMNVME_BUILD_ROOT:?}
plugin_dir=${NMNVME_VPN_EDITOR_PLUGIN_DIR:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0
failed=0

ok() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2" && failed=1; fi
}

echo "1..4"
meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >/dev/null 2>&1
ok $? "meson install --destdir"
for lib in libnm-vpn-plugin-nvme.so:nm_vpn_editor_plugin_factory \
    libnm-vpn-plugin-nvme-editor.so:nm_vpn_editor_factory_nvme \
    libnm-gtk4-vpn-plugin-nvme-editor.so:nm_vpn_editor_factory_nvme; do
    file=$dest$plugin_dir/${lib%%:*}
    [ -f "$file" ] && [ "$(nm -D --defined-only "$file" | awk '$2 == "T" { print $3 }')" = "${lib#*:}" ]
    ok $? "${lib%%:*} in $plugin_dir, exporting only ${lib#*:}"
done
exit $failed
