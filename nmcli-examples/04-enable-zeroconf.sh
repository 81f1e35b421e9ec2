#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 04-enable-zeroconf.sh NAME [GRACE]: on profile NAME, also take the
# discovery controllers that announce themselves by mDNS (_nvme-disc._tcp,
# through the host's avahi-daemon) on the profile's interface, and only
# there. A withdrawn announcement's controller is kept GRACE seconds
# (default 60) and dropped once it does not answer either.
# `nm-nvme zeroconf` lists what was seen and its state.
#   ./04-enable-zeroconf.sh storage 30
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 NAME [GRACE]" >&2; exit 2; }

if [ $# = 2 ]; then
    nm-nvme connection modify "$1" nvme.zeroconf yes nvme.zeroconf-grace "$2"
else
    nm-nvme connection modify "$1" nvme.zeroconf yes
fi
