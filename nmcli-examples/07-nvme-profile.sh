#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 07-nvme-profile.sh NAME BASE DISCOVERY_URI: the nmcli-native way, an
# `nvme` VPN-style profile NAME (its settings in vpn.data, editable with
# `nmcli connection modify NAME +vpn.data nvme.KEY=VALUE` and in GNOME
# Settings), made a secondary of the interface's profile BASE so that it
# comes up and goes down with it. It carries no IP configuration: routes
# to its "gateway" are not wanted (auto-route-ext-gw no).
#   ./07-nvme-profile.sh storage-nvme storage nvme+tcp://192.168.77.100:4420
# A DH-HMAC-CHAP secret goes into vpn.secrets, never vpn.data, and never on
# a command line, which every local user can read: give it to nmcli's
# editor on standard input, here from a file only root can read (the editor
# echoes what it reads: keep its output out of logs):
#   nmcli connection modify storage-nvme +vpn.data nvme.dhchap-secret-flags=0
#   { printf 'set vpn.secrets nvme.dhchap-secret='; cat /etc/nvme/storage.secret
#     printf 'save persistent\nquit\n'; } | nmcli connection edit storage-nvme
set -eu
[ $# = 3 ] || { echo "usage: $0 NAME BASE DISCOVERY_URI" >&2; exit 2; }

nmcli connection add type vpn vpn-type nvme con-name "$1" autoconnect no \
    vpn.data "nvme.discovery=$3" \
    ipv4.auto-route-ext-gw no ipv6.auto-route-ext-gw no
nmcli connection modify "$2" +connection.secondaries "$(nmcli -g connection.uuid connection show "$1")"
