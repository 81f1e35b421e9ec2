#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# faults.sh: the fault suite (issue 14). Two interfaces with 16 I/O
# controllers each under a real NetworkManager (nm-nvme-daemon only D-Bus
# activated, our dispatcher installed): stor0 -> netns tgt, its discovery
# controller dcsim as a CDC on A:8009 (TP8010 DIM) whose log lists sub01..16
# on nvmet's A:4420; stor1 -> netns tgt2 with nvme.zeroconf=yes, its
# discovery controller nvmet's B:4420 announced by an avahi-daemon in tgt2.
# Present throughout: a foreign controller on stor2 (nvme connect by hand,
# registered 'lab-other') with an empty file bind-mounted over its sysfs
# `address` and a write-only attribute over its `transport` (unreadable), and
# one on stor0 for sub01 (by hand, registered 'nbft'), which the session uses.
# Faults, each a counted loop (counts below, or as arguments NAME=COUNT; the argument
# unreadable=no leaves the foreign transport attribute readable, for diagnosis):
#   run-full   /run full (its tmpfs shrunk to what it holds and filled) and a
#              corrupt /run/nm-nvme record when the profiles first come up;
#              then /run freed, both profiles down (nothing of ours left) and up
#   kill9      nm-nvme-daemon kill -9 and D-Bus activation again; every second
#              round in the middle of a connect burst (storage0 down and up,
#              killed once its first controllers are connected)
#   nm         NetworkManager stopped and started again
#   carrier    carrier loss and return on stor0 (NetworkManager deactivates and
#              reactivates it); stor1 idle and untouched
#   downup     `nmcli connection down; up` back to back, storage0 and storage1 in turn
#   port       nvmet port A:4420 removed (unlinked, rmdir) and restored
#   cdc        dcsim (the CDC) killed and started again: registered (DIM) again
#   avahi      avahi-daemon stopped and started again (zeroconf on stor1): nothing torn down
# After every round the invariants are checked and every failed one counted
# as a violation of that fault (LAB-CHECK FAIL names the fault, round and kind):
#   unsettled  every wanted controller live within SETTLE_S: on stor0 and
#              stor1 one I/O controller per subsystem, a live discovery
#              controller, nothing connecting, resetting or deleting
#   dup        no two controllers for one subsystem (or one DC) on one interface
#   foreign    the foreign controllers and their registry entries untouched (a change
#              counts once: the state after it is the reference from then on)
#   rss        the daemon's VmRSS within 2x of the first round's
#   fds        its open file descriptors within 2x of the first round's
#   wake       no unbounded timers: within IDLE_DEADLINE_S of settling, an
#              IDLE_WIN_S window in which the daemon's threads are woken at
#              most IDLE_MAX times (voluntary + involuntary context switches
#              of /proc/PID/task/*, as the bench's idle figure)
#   touched    (kill9 when idle, nm, avahi: every controller; carrier: stor1's)
#              the same controllers before and after (name, cntlid, address)
#   step       the fault's own step did not complete within its deadline
#              (e.g. NetworkManager never deactivated, no DIM again)
#   leftover   (run-full, final) after `nmcli connection down` of both profiles
#              nothing of ours is left: no controller on stor0/stor1 but the
#              foreign one, no registry entry owned by nm-nvme
# Every wait has a deadline; a round never hangs. The table (fault, rounds,
# violations, kinds, seconds) goes to the log and to $LAB_OUT/faults.md
# (rewritten after each fault, so a VM timeout still leaves the finished
# ones), each violation with the daemon's warnings since its round began to
# $LAB_OUT/violations.log. Exit non-zero when any violation was counted.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# ---- counts and deadlines (arguments NAME=COUNT override the counts) ----
declare -A COUNT=([run-full]=1 [kill9]=20 [nm]=10 [carrier]=50 [downup]=20 [port]=10 [cdc]=10 [avahi]=10)
FAULTS=(run-full kill9 nm carrier downup port cdc avahi)
SUBS=16          # I/O controllers per interface
SETTLE_S=45      # every wanted controller live after a round
STEP_S=60        # one step of a fault (NetworkManager (de)activation, DIM, ...)
IDLE_WIN_S=2     # the idle window
IDLE_MAX=4       # wake-ups allowed in it
IDLE_DEADLINE_S=20
RECONNECT_DELAY=2
UNREADABLE=yes # the foreign controller's transport attribute unreadable (unreadable=no: readable)
for arg in "$@"; do
    case $arg in
    unreadable=*) UNREADABLE=${arg#*=} ;;
    *=*) [ -n "${COUNT[${arg%%=*}]+x}" ] || lab_fatal "unknown argument $arg (faults: ${FAULTS[*]})"
        COUNT[${arg%%=*}]=${arg#*=} ;;
    *) lab_fatal "unknown argument $arg (NAME=COUNT; faults: ${FAULTS[*]})" ;;
    esac
done

PFX=nqn.2026-11.io.nm-nvme.lab
A=192.168.77.100 # behind stor0: dcsim (CDC) on 8009, nvmet port 1 on 4420
B=192.168.78.100 # behind stor1: nvmet port 2 on 4420, announced by mDNS
C=192.168.79.100 # behind stor2: nvmet port 3 (the foreign controller)
CDC_NQN=$PFX:dc-cdc
LOG=${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log}
TABLE=$LAB_OUT/faults.md
VIOLATIONS=$LAB_OUT/violations.log
COMMON=("nvme.reconnect-delay=$RECONNECT_DELAY" "nvme.ctrl-loss-tmo=-1")

cli=$(lab_bin src/cli/nm-nvme) || lab_fatal "nm-nvme is not built"
dcsim=$(lab_bin tests/dcsim/dcsim) || lab_fatal "dcsim is not built"
: >"$VIOLATIONS"

sub() {
    printf '%s:sub%02d\n' "$PFX" "$1"
}

# ---- bookkeeping: violations per fault --------------------------------------
declare -A VIOL KINDS SECS ROUNDS
fault=""
round=0
round_mark=0
round_viol=0
round_t0=0

# round_begin FAULT N: a round starts (the daemon log's line count is its mark).
round_begin() {
    fault=$1
    round=$2
    round_viol=0
    round_t0=$(lab_cs)
    round_mark=0
    [ ! -e "$LOG" ] || round_mark=$(wc -l <"$LOG")
    lab_log "---- $fault round $round/${COUNT[$fault]:-1}"
}

# violate KIND DETAIL: count a violation of the current fault and round, with the
# daemon's warnings and criticals since the round began in $VIOLATIONS.
violate() {
    VIOL[$fault]=$((${VIOL[$fault]:-0} + 1))
    KINDS[$fault]="${KINDS[$fault]:-} $1"
    round_viol=$((round_viol + 1))
    lab_fail "$fault round $round: $1: $2"
    {
        echo "== $fault round $round: $1: $2 (daemon log from line $((round_mark + 1)))"
        tail -n +"$((round_mark + 1))" "$LOG" | grep -E -e '-(WARNING|CRITICAL) ' | head -n 12
    } >>"$VIOLATIONS"
}

# round_end: a round without violations passes (one check per round).
round_end() {
    ROUNDS[$fault]=$((${ROUNDS[$fault]:-0} + 1))
    [ "$round_viol" -gt 0 ] ||
        lab_pass "$fault round $round ($((($(lab_cs) - round_t0) * 10)) ms)"
}

# kinds_of FAULT: "unsettled=3 dup=1" from the kinds recorded for FAULT.
kinds_of() {
    local k
    for k in ${KINDS[$1]:-}; do echo "$k"; done | sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep = " " }'
}

# table: the markdown table of the faults run so far, to the log and $TABLE.
table() {
    local f total=0
    {
        echo "| fault | rounds | violations | kinds | seconds | s/round |"
        echo "|---|---|---|---|---|---|"
        for f in "${FAULTS[@]}" final; do
            [ -n "${ROUNDS[$f]+x}" ] || continue
            printf '| %s | %s | %s | %s | %s | %s |\n' "$f" "${ROUNDS[$f]}" "${VIOL[$f]:-0}" \
                "$(kinds_of "$f")" "${SECS[$f]:-}" "$((${SECS[$f]:-0} / ${ROUNDS[$f]}))"
            total=$((total + ${VIOL[$f]:-0}))
        done
        echo
        echo "Total violations: $total (platform ${LAB_PLATFORM:-bookworm}, kernel $(uname -r);" \
            "foreign transport unreadable: $UNREADABLE)"
    } >"$TABLE.new" && mv "$TABLE.new" "$TABLE"
}

# ---- the kernel's controllers, in one pass -----------------------------------
# scan: fills IOC[iface sub-index], IOCLIVE[...], DC[iface], DCLIVE[iface], BAD (controllers
# on stor0/stor1 neither live nor wanted there, one line each) and OTHER (name list).
declare -A IOC IOCLIVE DC DCLIVE
BAD=""
scan() {
    local c n typ st nqn addr iface key
    IOC=() IOCLIVE=() DC=() DCLIVE=()
    BAD=""
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        n=${c##*/}
        read -r typ <"$c/cntrltype" 2>/dev/null || typ=-
        read -r st <"$c/state" 2>/dev/null || st=-
        read -r nqn <"$c/subsysnqn" 2>/dev/null || nqn=-
        read -r addr <"$c/address" 2>/dev/null || addr=-
        case "$addr," in
        *host_iface=stor0,*) iface=stor0 ;;
        *host_iface=stor1,*) iface=stor1 ;;
        *) continue ;;
        esac
        if [ "$typ" = discovery ]; then
            DC[$iface]=$((${DC[$iface]:-0} + 1))
            [ "$st" != live ] || DCLIVE[$iface]=$((${DCLIVE[$iface]:-0} + 1))
            [ "$st" = live ] || BAD+="$n $iface discovery $st"$'\n'
            continue
        fi
        case $nqn in
        "$PFX":sub[0-9][0-9]) key="$iface ${nqn##*:sub}" ;;
        *) BAD+="$n $iface $typ $st $nqn (not wanted)"$'\n' && continue ;;
        esac
        IOC[$key]=$((${IOC[$key]:-0} + 1))
        if [ "$st" = live ]; then
            IOCLIVE[$key]=$((${IOCLIVE[$key]:-0} + 1))
        else
            BAD+="$n $iface io $st $nqn"$'\n'
        fi
    done
}

# settled: print what is missing; succeed when every wanted controller is live, alone.
settled() {
    local iface i key missing=""
    scan
    for iface in stor0 stor1; do
        [ "${DCLIVE[$iface]:-0}" -ge 1 ] || missing+=" $iface:dc"
        for ((i = 1; i <= SUBS; i++)); do
            key="$iface $(printf %02d "$i")"
            [ "${IOC[$key]:-0}" = 1 ] && [ "${IOCLIVE[$key]:-0}" = 1 ] ||
                missing+=" $iface:sub$(printf %02d "$i")=${IOCLIVE[$key]:-0}/${IOC[$key]:-0}"
        done
    done
    for iface in stor0 stor1; do
        [ "${DC[$iface]:-0}" -le 1 ] || missing+=" $iface:dcs=${DC[$iface]}"
    done
    echo "${missing:+missing (live/all):$missing}${BAD:+; not live or not wanted: ${BAD//$'\n'/; }}"
    [ -z "$missing" ] && [ -z "$BAD" ]
}

# duplicates: print every (interface, subsystem) with more than one I/O controller and
# every interface with more than one DC (each has one: stor1's announcement is IPv4 only).
duplicates() {
    local key iface out=""
    for key in "${!IOC[@]}"; do
        [ "${IOC[$key]}" -le 1 ] || out+=" ${key/ /:sub}=${IOC[$key]}"
    done
    for iface in stor0 stor1; do
        [ "${DC[$iface]:-0}" -le 1 ] || out+=" $iface:dc=${DC[$iface]}"
    done
    echo "$out"
    [ -z "$out" ]
}

# ---- the daemon's resources ----------------------------------------------------
RSS0=""
FDS0=""

daemon_pid() {
    pgrep -x nm-nvme-daemon | head -n 1
}

# ctxsw PID: voluntary + involuntary context switches of all of PID's threads.
ctxsw() {
    awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }' /proc/"$1"/task/*/status 2>/dev/null
}

# idle_check PID: an IDLE_WIN_S window with at most IDLE_MAX wake-ups within IDLE_DEADLINE_S;
# prints the last window's count.
idle_check() {
    local t0 c0 c1
    t0=$(lab_cs)
    while :; do
        c0=$(ctxsw "$1")
        sleep "$IDLE_WIN_S"
        c1=$(ctxsw "$1")
        [ -d "/proc/$1" ] || { echo "daemon $1 gone" && return 1; }
        echo "$((c1 - c0)) wake-ups in ${IDLE_WIN_S} s"
        [ $((c1 - c0)) -gt "$IDLE_MAX" ] || return 0
        [ $(($(lab_cs) - t0)) -lt $((IDLE_DEADLINE_S * 100)) ] || return 1
    done
}

# ---- the foreign controllers ---------------------------------------------------
FOREIGN1=""      # on stor2, owner lab-other, attributes bound over
FOREIGN2=""      # on stor0 (sub01), owner nbft
FOREIGN_STAMP="" # their registry entries and subsystems

foreign_stamp() {
    local d
    for d in $FOREIGN1 $FOREIGN2; do
        echo "$d $(lab_attr "/sys/class/nvme/$d/subsysnqn") $(lab_registry_stamp "$d")"
    done
}

# foreign_ok: both foreign controllers exist, same subsystem, registry entry untouched.
foreign_ok() {
    local now
    now=$(foreign_stamp)
    [ "$now" = "$FOREIGN_STAMP" ] || { echo "was: $FOREIGN_STAMP; now: $now" && return 1; }
}

# foreign_check: a violation 'foreign' when foreign_ok fails; the new state is then the
# reference (a foreign controller lost once counts once, not in every later round).
foreign_check() {
    local out
    out=$(foreign_ok) && return 0
    violate foreign "${out//$'\n'/ }"
    FOREIGN_STAMP=$(foreign_stamp)
}

# ---- the invariants ---------------------------------------------------------------
# invariants: settle, then every invariant; each failure is a violation of the round.
invariants() {
    local out pid rss fds t0
    t0=$(lab_cs)
    if lab_poll "$SETTLE_S" settled; then
        lab_log "settled in $((($(lab_cs) - t0) * 10)) ms"
    else
        out=$(settled)
        violate unsettled "not within $SETTLE_S s: $out"
    fi
    scan
    out=$(duplicates) || violate dup "$out"
    foreign_check
    pid=$(daemon_pid)
    if [ -z "$pid" ]; then
        violate step "nm-nvme-daemon not running after the round"
        return
    fi
    out=$(idle_check "$pid") || violate wake "not idle within $IDLE_DEADLINE_S s: ${out//$'\n'/, }"
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
    [ -n "$RSS0" ] || { RSS0=$rss && FDS0=$fds && lab_log "first round: VmRSS $rss kB, $fds fds"; }
    lab_log "daemon $pid: VmRSS $rss kB, $fds fds, ${out##*$'\n'}"
    [ "$rss" -le $((2 * RSS0)) ] || violate rss "VmRSS $rss kB > 2 x $RSS0 kB"
    [ "$fds" -le $((2 * FDS0)) ] || violate fds "$fds fds > 2 x $FDS0"
}

# touched_check FILE [IFACE]: the controllers (of IFACE) are those of lab_snapshot FILE, else
# a violation 'touched'.
touched_check() {
    local out
    out=$(lab_same_as "$@") || violate touched "${out//$'\n'/ }"
}

# step_wait SECS WHAT CMD...: wait for CMD; a violation 'step' when it never succeeds.
step_wait() {
    local secs=$1 what=$2 t0
    shift 2
    t0=$(lab_cs)
    if lab_poll "$secs" "$@"; then
        lab_log "$what ($((($(lab_cs) - t0) * 10)) ms)"
        return 0
    fi
    violate step "$what: not within $secs s"
    return 1
}

# step CMD...: run CMD (a function, or a program bounded by `timeout`); a violation 'step'
# when it fails.
step() {
    local rc=0
    "$@" || rc=$?
    [ "$rc" = 0 ] || violate step "$* (exit $rc)"
    return "$rc"
}

# ours_left: print what of ours is left on stor0/stor1 (controllers but the foreign one,
# registry entries owned by nm-nvme); succeed when nothing is.
ours_left() {
    local c addr left=""
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        case ${c##*/} in "$FOREIGN1" | "$FOREIGN2") continue ;; esac
        read -r addr <"$c/address" 2>/dev/null || addr=-
        case "$addr," in *host_iface=stor0,* | *host_iface=stor1,*) left+=" ${c##*/}" ;; esac
    done
    local reg
    reg=$(lab_registry_owned_by nm-nvme | tr '\n' ' ')
    echo "${left:+controllers:$left}${reg:+ registry nm-nvme: $reg}"
    [ -z "$left" ] && [ -z "$reg" ]
}

# clean_leftovers: delete what ours_left names by hand (and its registry entries), so that
# the next fault starts clean.
clean_leftovers() {
    local c addr e
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        case ${c##*/} in "$FOREIGN1" | "$FOREIGN2") continue ;; esac
        read -r addr <"$c/address" 2>/dev/null || addr=-
        case "$addr," in
        *host_iface=stor0,* | *host_iface=stor1,*) echo 1 >"$c/delete_controller" ;;
        esac
    done
    for e in $(lab_registry_owned_by nm-nvme); do rm -rf "${LAB_REGISTRY:?}/$e"; done
    lab_poll 30 ours_left
}

# both_down_nothing_left: both profiles down; nothing of ours left within SETTLE_S (else a
# violation, and the leftovers deleted by hand).
both_down_nothing_left() {
    local out
    step timeout 100 nmcli -w 90 connection down storage0
    step timeout 100 nmcli -w 90 connection down storage1
    if lab_poll "$SETTLE_S" ours_left; then
        lab_log "down: nothing of ours left"
    else
        out=$(ours_left)
        violate leftover "$out"
        lab_check "leftovers deleted by hand, to start the next fault clean" clean_leftovers
    fi
}

both_up() {
    step timeout 100 nmcli -w 90 connection up storage0
    step timeout 100 nmcli -w 90 connection up storage1
}

# dim_count: DIM registrations dcsim has recorded.
dim_count() {
    grep -cE '"tas": *"register"' "$LAB_OUT/cdc.events"
}

# dims_above N: more than N DIM registrations recorded.
dims_above() {
    [ "$(dim_count)" -gt "$1" ]
}

dcsim_pid=""
# dcsim_start: the CDC in netns tgt on A:8009 (events appended to $LAB_OUT/cdc.events).
dcsim_start() {
    ip netns exec tgt "$dcsim" --listen "$A" --port 8009 --role cdc --nqn "$CDC_NQN" \
        --entries "$LAB_STATE/cdc.json" --events "$LAB_OUT/cdc.events" >>"$LAB_OUT/cdc.log" 2>&1 &
    dcsim_pid=$!
    lab_poll 10 lab_listening tgt 8009
}

# port1_links add|del: link sub01..16 to port 1 or unlink them (and remove the port), in
# one process in tgt while tgt's packets to the host are dropped (a blackhole route). The
# first link makes the port listen, and the last unlink leaves it listening until rmdir:
# a reconnect of the host that meets the port without its subsystem gets "subsystem not
# found" with DNR, on which the kernel deletes that controller even with ctrl_loss_tmo -1
# (timing-dependent; nm-nvme-daemon then waits for the next log change to connect it
# again: found by this scenario, reported apart). The host retransmits its SYN once the
# route is gone.
port1_links() {
    local i subs=() rc=0
    for ((i = 1; i <= SUBS; i++)); do subs+=("$(sub "$i")"); done
    ip -n tgt route add blackhole 192.168.77.1/32 || return 1
    nsenter --net=/run/netns/tgt python3 -c '
import os, sys
op, nvmet = sys.argv[1], sys.argv[2]
for s in sys.argv[3:]:
    if op == "add":
        os.symlink(nvmet + "/subsystems/" + s, nvmet + "/ports/1/subsystems/" + s)
    else:
        os.unlink(nvmet + "/ports/1/subsystems/" + s)
if op == "del":
    os.rmdir(nvmet + "/ports/1")
' "$1" "$NVMET" "${subs[@]}" || rc=$?
    ip -n tgt route del blackhole 192.168.77.1/32 || rc=$?
    return "$rc"
}

# port1_add: nvmet port 1 (A:4420 in tgt) with sub01..16.
port1_add() {
    nvmet_port_add 1 "$A" 4420 tgt && port1_links add
}

# port1_del: withdraw every subsystem from port 1 and remove it.
port1_del() {
    port1_links del && rm -f "$LAB_STATE/port-1.netns"
}

# stor0_not_all_live: some I/O controller of ours on stor0 is not live (the port is gone).
stor0_not_all_live() {
    scan
    grep -q ' stor0 io ' <<<"$BAD"
}

# zeroconf_is STATE: `nm-nvme status` shows stor1's ZEROCONF column as STATE.
zeroconf_is() {
    "$cli" status | grep -Eq "^stor1 .* $1\$"
}

# stor0_iocs_at_least N: at least N I/O controllers of ours on stor0 (any state).
stor0_iocs_at_least() {
    local n=0 i
    scan
    for ((i = 1; i <= SUBS; i++)); do n=$((n + ${IOC[stor0 $(printf %02d "$i")]:-0})); done
    [ "$n" -ge "$1" ]
}

# stor0_dc_down: stor0's discovery controller is not live.
stor0_dc_down() {
    scan
    [ "${DCLIVE[stor0]:-0}" = 0 ]
}

daemon_gone() {
    [ -z "$(daemon_pid)" ]
}

# ================================================================================
# ---- target ----
lab_log "---- target"
lab_require "modules loaded" lab_modules_load 1
lab_require "storage net stor0" lab_storage_net stor0 192.168.77.1/24 tgt tgt0 "$A/24"
lab_require "storage net stor1" lab_storage_net stor1 - tgt2 tgt1 "$B/24"
lab_require "storage net stor2" lab_storage_net stor2 192.168.79.1/24 tgt3 tgt2 "$C/24"
for ((i = 1; i <= SUBS; i++)); do nvmet_subsys_add "$(sub "$i")" || lab_fatal "subsystem $i"; done
nvmet_subsys_add "$PFX:foreign" || lab_fatal "subsystem foreign"
lab_require "port 1 $A:4420 with sub01..$SUBS" port1_add
lab_require "port 2 $B:4420" nvmet_port_add 2 "$B" 4420 tgt2
lab_require "port 3 $C:4420" nvmet_port_add 3 "$C" 4420 tgt3
for ((i = 1; i <= SUBS; i++)); do nvmet_port_link 2 "$(sub "$i")" || lab_fatal "link $i"; done
nvmet_port_link 3 "$PFX:foreign" || lab_fatal "link foreign"
lab_wait_for 5 "nvmet listens on 4420 in tgt" lab_listening tgt 4420
mkdir -p "$LAB_STATE"
{
    echo "["
    for ((i = 1; i <= SUBS; i++)); do
        [ "$i" = 1 ] || echo ","
        printf '{"subnqn": "%s", "traddr": "%s", "trsvcid": "4420", "portid": 1}\n' "$(sub "$i")" "$A"
    done
    echo "]"
} >"$LAB_STATE/cdc.json"
lab_require "dcsim (cdc) on $A:8009" dcsim_start

# ---- host services ----
lab_log "---- host services"
lab_require "udevd" lab_udevd_start
lab_require "system bus" lab_system_bus_start
lab_require "syslogd" lab_syslog_start
lab_require "installed: dispatcher script, D-Bus services, NetworkManager.conf" lab_nm_install
lab_require "profile storage0 (stor0, the CDC)" lab_nm_keyfile storage0 stor0 192.168.77.1/24 yes \
    "nvme.discovery=nvme+tcp://$A:8009/$CDC_NQN" "${COMMON[@]}"
lab_require "profile storage1 (stor1, zeroconf)" lab_nm_keyfile storage1 stor1 192.168.78.1/24 yes \
    nvme.zeroconf=yes "${COMMON[@]}"
lab_announce tgt2 nvme-dc-b 4420 p=tcp
lab_require "announcer in tgt2" lab_announcer_start tgt2 tgt2 tgt1
lab_require "host avahi-daemon" lab_host_avahi_start

# ---- the foreign controllers, present throughout ----
lab_log "---- the foreign controllers"
seq=$(cat /sys/kernel/uevent_seqnum)
FOREIGN1=$(lab_nvme_connect -t tcp -a "$C" -s 4420 -n "$PFX:foreign" --host-iface stor2)
lab_require "foreign controller on stor2 ($FOREIGN1)" test -n "$FOREIGN1"
lab_require "$FOREIGN1 registered as owned by lab-other" lab_registry_write "$FOREIGN1" lab-other "$seq"
seq=$(cat /sys/kernel/uevent_seqnum)
FOREIGN2=$(lab_nvme_connect -t tcp -a "$A" -s 4420 -n "$(sub 1)" --host-iface stor0 \
    --reconnect-delay "$RECONNECT_DELAY" --ctrl-loss-tmo -1)
lab_require "foreign controller for sub01 on stor0 ($FOREIGN2)" test -n "$FOREIGN2"
lab_require "$FOREIGN2 registered as owned by nbft" lab_registry_write "$FOREIGN2" nbft "$seq"
: >/tmp/empty
lab_require "an empty file bind-mounted over $FOREIGN1's address" \
    mount --bind /tmp/empty "/sys/class/nvme/$FOREIGN1/address"
lab_check "$FOREIGN1's address reads empty" test -z "$(cat "/sys/class/nvme/$FOREIGN1/address")"
if [ "$UNREADABLE" = yes ]; then
    lab_require "a write-only attribute bind-mounted over $FOREIGN1's transport" \
        mount --bind "/sys/class/nvme/$FOREIGN1/rescan_controller" "/sys/class/nvme/$FOREIGN1/transport"
    rc=0
    out=$(cat "/sys/class/nvme/$FOREIGN1/transport" 2>&1) || rc=$?
    lab_check "$FOREIGN1's transport is unreadable (cat: exit $rc, '$out')" test "$rc" != 0
else
    lab_log "unreadable=no: $FOREIGN1's transport left readable"
fi
FOREIGN_STAMP=$(foreign_stamp)
echo "$FOREIGN_STAMP"

lab_require "NetworkManager started" lab_nm_start

# ---- run-full: /run full and a corrupt record when the profiles first come up ----
scenario_t0=$(lab_cs)
f_t0=$(lab_cs)
round_begin run-full 1
mkdir -p /run/nm-nvme && chmod 0700 /run/nm-nvme
head -c 700 /dev/urandom >/run/nm-nvme/sessions.state
run_kb=$(df -k --output=size /run | tail -n 1 | tr -d ' ')
used_kb=$(df -k --output=used /run | tail -n 1 | tr -d ' ')
lab_check "run-full: /run shrunk to ${used_kb} kB + 64 kB" mount -o "remount,size=$((used_kb + 64))k" /run
dd if=/dev/zero of=/run/filler bs=4k >"$LAB_OUT/dd-filler.log" 2>&1
cat "$LAB_OUT/dd-filler.log"
lab_check "run-full: /run is full" eval '! echo x >/run/.probe'
df -k /run
both_up
invariants
lab_log "run-full: /run freed"
rm -f /run/filler /run/.probe
lab_check "run-full: /run back to ${run_kb} kB" mount -o "remount,size=${run_kb}k" /run
both_down_nothing_left
both_up
invariants
round_end
SECS[run-full]=$((($(lab_cs) - f_t0) / 100))
table

# ---- kill9 ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[kill9]; r++)); do
    round_begin kill9 "$r"
    if [ $((r % 2)) = 1 ]; then
        lab_snapshot >"$LAB_STATE/before"
        pid=$(daemon_pid)
        [ -n "$pid" ] && kill -9 "$pid"
        step_wait 10 "daemon $pid gone" daemon_gone
        step_wait 30 "daemon D-Bus activated again (nm-nvme status)" "$cli" status
        invariants
        touched_check "$LAB_STATE/before"
    else
        step timeout 100 nmcli -w 90 connection down storage0
        step timeout 100 nmcli -w 90 connection up storage0
        step_wait 30 "burst: the first controllers of storage0 connected" stor0_iocs_at_least 3
        pid=$(daemon_pid)
        stor0_iocs_at_least 0
        n=0
        for ((i = 1; i <= SUBS; i++)); do n=$((n + ${IOC[stor0 $(printf %02d "$i")]:-0})); done
        [ -n "$pid" ] && kill -9 "$pid"
        lab_log "killed $pid in the burst with $n of $SUBS I/O controllers on stor0"
        step_wait 10 "daemon $pid gone" daemon_gone
        step_wait 30 "daemon D-Bus activated again (nm-nvme status)" "$cli" status
        invariants
    fi
    round_end
done
SECS[kill9]=$((($(lab_cs) - f_t0) / 100))
table

# ---- nm: NetworkManager stopped and started again ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[nm]; r++)); do
    round_begin nm "$r"
    lab_snapshot >"$LAB_STATE/before"
    step lab_nm_stop
    step lab_nm_start
    step_wait "$STEP_S" "NM restarted: stor0 and stor1 activated" \
        eval 'lab_nm_activated stor0 && lab_nm_activated stor1'
    invariants
    touched_check "$LAB_STATE/before"
    round_end
done
SECS[nm]=$((($(lab_cs) - f_t0) / 100))
table

# ---- carrier: loss and return on stor0, stor1 idle ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[carrier]; r++)); do
    round_begin carrier "$r"
    lab_snapshot stor1 >"$LAB_STATE/before"
    lab_link_down tgt tgt0
    step_wait "$STEP_S" "carrier lost: NM deactivated stor0" lab_not lab_nm_activated stor0
    lab_link_up tgt tgt0
    step_wait "$STEP_S" "carrier back: NM activated stor0" lab_nm_activated stor0
    invariants
    touched_check "$LAB_STATE/before" stor1
    round_end
done
SECS[carrier]=$((($(lab_cs) - f_t0) / 100))
table

# ---- downup: nmcli connection down; up back to back ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[downup]; r++)); do
    round_begin downup "$r"
    p=storage$(((r + 1) % 2))
    step timeout 100 nmcli -w 90 connection down "$p"
    step timeout 100 nmcli -w 90 connection up "$p"
    invariants
    round_end
done
SECS[downup]=$((($(lab_cs) - f_t0) / 100))
table

# ---- port: nvmet port A:4420 removed and restored ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[port]; r++)); do
    round_begin port "$r"
    step port1_del
    step_wait 30 "port removed: stor0's I/O controllers not live" stor0_not_all_live
    step port1_add
    invariants
    round_end
done
SECS[port]=$((($(lab_cs) - f_t0) / 100))
table

# ---- cdc: dcsim killed and started again, DIM again ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[cdc]; r++)); do
    round_begin cdc "$r"
    dims=$(dim_count)
    kill -9 "$dcsim_pid"
    wait "$dcsim_pid"
    step_wait 30 "CDC gone: stor0's DC not live" stor0_dc_down
    step dcsim_start
    step_wait "$STEP_S" "CDC back: registered again (DIM, > $dims)" dims_above "$dims"
    invariants
    round_end
done
SECS[cdc]=$((($(lab_cs) - f_t0) / 100))
table

# ---- avahi: avahi-daemon stopped and started again ----
f_t0=$(lab_cs)
for ((r = 1; r <= COUNT[avahi]; r++)); do
    round_begin avahi "$r"
    lab_snapshot >"$LAB_STATE/before"
    step lab_host_avahi_stop
    step_wait 20 "avahi-daemon stopped: stor1 zeroconf waiting" zeroconf_is waiting
    step lab_host_avahi_start
    step_wait "$STEP_S" "avahi-daemon back: stor1 zeroconf running" zeroconf_is running
    invariants
    touched_check "$LAB_STATE/before"
    round_end
done
SECS[avahi]=$((($(lab_cs) - f_t0) / 100))
table

# ---- final: both down, nothing of ours left ----
f_t0=$(lab_cs)
round_begin final 1
both_down_nothing_left
foreign_check
round_end
SECS[final]=$((($(lab_cs) - f_t0) / 100))
table
lab_log "faults: $((($(lab_cs) - scenario_t0) / 100)) s from the first fault to the end"

# ---- the end ----
lab_log "---- the table ($TABLE)"
cat "$TABLE"
lab_check "kernel log clean" lab_dmesg_clean
lab_check "daemon log has no GLib critical" lab_not grep -E -e "-CRITICAL " "$LOG"
[ "$UNREADABLE" != yes ] || umount "/sys/class/nvme/$FOREIGN1/transport"
umount "/sys/class/nvme/$FOREIGN1/address"
lab_nm_stop
kill "$dcsim_pid"
avahi-daemon -k
lab_summary
