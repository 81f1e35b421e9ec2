#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 05-watch-status.sh [COUNT [INTERVAL]]: the NVMe sessions (one per
# interface), their controllers and the mDNS services that zeroconf
# sessions see, every INTERVAL seconds (default 2), COUNT times (default 0:
# until interrupted). Any user may run it; no secret is ever shown.
#   ./05-watch-status.sh 1
set -eu
count=${1:-0}
interval=${2:-2}

i=0
while :; do
    nm-nvme status
    echo
    nm-nvme controllers
    echo
    nm-nvme zeroconf
    i=$((i + 1))
    [ "$count" = 0 ] || [ "$i" -lt "$count" ] || break
    sleep "$interval"
    echo
done
