#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 03-add-discovery-controller.sh NAME URI: one more discovery controller on
# profile NAME ('+' appends to a list setting, '-' removes from it).
#   ./03-add-discovery-controller.sh storage nvme+tcp://192.168.77.100:4421
set -eu
[ $# = 2 ] || { echo "usage: $0 NAME URI" >&2; exit 2; }

nm-nvme connection modify "$1" +nvme.discovery "$2"
