#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 06-take-down.sh NAME: deactivate profile NAME. The dispatcher detaches its
# interface at pre-down, while the address is still there: registrations
# with discovery controllers are withdrawn, then that interface's
# controllers are disconnected (nvme.on-deactivate=keep keeps them).
# Controllers on other interfaces are not touched.
#   ./06-take-down.sh storage
set -eu
[ $# = 1 ] || { echo "usage: $0 NAME" >&2; exit 2; }

nmcli connection down "$1"
nm-nvme status
