#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 02-enable-nvme.sh NAME DISCOVERY_URI: NVMe over Fabrics on profile NAME,
# with one discovery controller. nm-nvme validates the value, saves it in
# the profile's user.data (keyfile group [user]) and, when the profile is
# active, reapplies it: discovery and connects start on its interface at
# once, without a link bounce. From then on, `nmcli connection up/down NAME`
# brings the controllers up and down with the interface.
#   ./02-enable-nvme.sh storage nvme+tcp://192.168.77.100:4420
set -eu
[ $# = 2 ] || { echo "usage: $0 NAME DISCOVERY_URI" >&2; exit 2; }

nm-nvme connection modify "$1" nvme.discovery "$2"
nm-nvme connection show "$1"
