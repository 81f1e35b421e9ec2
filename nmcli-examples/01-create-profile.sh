#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 01-create-profile.sh NAME IFACE ADDR/PREFIX: an Ethernet profile for a
# storage interface, with a static IPv4 address and no IPv6, brought up.
# Plain nmcli: nothing NVMe-specific yet.
#   ./01-create-profile.sh storage stor0 192.168.77.1/24
set -eu
[ $# = 3 ] || { echo "usage: $0 NAME IFACE ADDR/PREFIX" >&2; exit 2; }

nmcli connection add type ethernet con-name "$1" ifname "$2" \
    ipv4.method manual ipv4.addresses "$3" ipv6.method disabled
nmcli connection up "$1"
