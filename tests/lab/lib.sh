# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# lib.sh: helpers for VM-lab scenarios. Source it from a bash scenario that
# guest-init runs as root inside the guest:
#   . "$(dirname "$0")/../lib.sh"
# Conventions: checks print "LAB-CHECK PASS|FAIL NAME" and return the
# checked command's status; a scenario runs without `set -e`, continues after
# a failed check and ends with `lab_summary` (its exit status); lab_require
# is a check that ends the scenario when later steps depend on it; lab_skip
# names a check that cannot run on this platform (not a failure).
# Functions are prefixed lab_ (general) and nvmet_ (kernel target).

LAB_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_OUT=${LAB_OUT:-$PWD}
LAB_STATE=/run/lab
NVMET=/sys/kernel/config/nvmet
lab_passed=0
lab_failed=0
lab_skipped=0
lab_uevent_pid=""

# ---- reporting ---------------------------------------------------------

# lab_cs: guest uptime in centiseconds.
lab_cs() {
    local up _
    read -r up _ </proc/uptime
    echo $((${up%.*} * 100 + 10#${up#*.}))
}

# lab_log MSG...: a progress line, stamped with the guest's uptime.
lab_log() {
    local up _
    read -r up _ </proc/uptime
    printf '[%8s] %s\n' "$up" "$*"
}

# lab_pass NAME: count and print a passed check.
lab_pass() {
    lab_passed=$((lab_passed + 1))
    echo "LAB-CHECK PASS $*"
}

# lab_fail NAME: count and print a failed check.
lab_fail() {
    lab_failed=$((lab_failed + 1))
    echo "LAB-CHECK FAIL $*"
}

# lab_skip NAME REASON: a check this platform cannot run, with the reason (not a failure).
lab_skip() {
    lab_skipped=$((lab_skipped + 1))
    echo "LAB-CHECK SKIP $1 ($2)"
}

# lab_check NAME CMD...: run CMD (its output goes to the log); PASS if it succeeds.
lab_check() {
    local name=$1 rc=0
    shift
    "$@" || rc=$?
    if [ "$rc" = 0 ]; then lab_pass "$name"; else lab_fail "$name (exit $rc)"; fi
    return "$rc"
}

# lab_require NAME CMD...: lab_check that ends the scenario (lab_fatal) when it fails.
lab_require() {
    lab_check "$@" || lab_fatal "$1: later steps depend on it"
}

# lab_not CMD...: succeed when CMD fails (for use in checks).
lab_not() {
    ! "$@"
}

# lab_poll TIMEOUT_S CMD...: run CMD quietly every 0.2 s until it succeeds; 1 on timeout.
lab_poll() {
    local limit=$(($1 * 100)) t0
    shift
    t0=$(lab_cs)
    until "$@" >/dev/null 2>&1; do
        [ $(($(lab_cs) - t0)) -lt "$limit" ] || return 1
        sleep 0.2
    done
}

# lab_wait_for TIMEOUT_S DESCRIPTION CMD...: lab_poll as a check (FAIL names DESCRIPTION).
lab_wait_for() {
    local secs=$1 desc=$2 t0
    shift 2
    t0=$(lab_cs)
    if lab_poll "$secs" "$@"; then
        lab_pass "$desc ($((($(lab_cs) - t0) * 10)) ms)"
        return 0
    fi
    "$@" # once more, with its output, for the log
    lab_fail "$desc (not within $secs s)"
    return 1
}

# lab_dump_state: print what a failure report needs (controllers, links, target, dmesg).
lab_dump_state() {
    lab_log "state: nvme controllers:"
    lab_nvme_ctrls
    lab_log "state: addresses:"
    ip -br addr
    if [ -d "$NVMET" ]; then
        lab_log "state: nvmet (folders and links):"
        find "$NVMET" -mindepth 1 -maxdepth 5 \( -type d -o -type l \) -printf '%p %l\n'
    fi
    lab_log "state: last kernel messages:"
    dmesg | tail -n 20
}

# lab_dmesg_clean: succeed if the kernel logged no warning, BUG or oops.
lab_dmesg_clean() {
    local bad
    bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace:|general protection')
    [ -z "$bad" ] || { echo "$bad" && return 1; }
}

# lab_fatal MSG: count a failure, dump the state, print the summary and exit 1.
lab_fatal() {
    lab_fail "FATAL: $*"
    lab_dump_state
    lab_summary
    exit 1
}

# lab_summary: print "LAB-SUMMARY passed=N failed=M" (and " skipped=K" if any were);
# non-zero if any failed (or none ran).
lab_summary() {
    local skipped=""
    [ "$lab_skipped" = 0 ] || skipped=" skipped=$lab_skipped"
    echo "LAB-SUMMARY passed=$lab_passed failed=$lab_failed$skipped"
    [ "$lab_failed" = 0 ] && [ "$lab_passed" -gt 0 ]
}

# ---- files, attributes, binaries ---------------------------------------

# lab_attr FILE: print a sysfs/configfs attribute, "-" if unreadable (read by bash itself:
# scenarios read hundreds, and starting cat for each is slow under TCG).
lab_attr() {
    local v
    if { v=$(<"$1"); } 2>/dev/null; then printf '%s\n' "$v"; else echo -; fi
}

# lab_attr_is FILE VALUE: print the attribute; succeed if it equals VALUE.
lab_attr_is() {
    local v
    v=$(lab_attr "$1")
    echo "$1 = $v"
    [ "$v" = "$2" ]
}

# lab_attr_has FILE TEXT: print the attribute; succeed if it contains TEXT.
lab_attr_has() {
    local v
    v=$(lab_attr "$1")
    echo "$1 = $v"
    case $v in *"$2"*) return 0 ;; esac
    return 1
}

# lab_dir_empty DIR: succeed if DIR has no entries (or does not exist).
lab_dir_empty() {
    [ -z "$(ls -A "$1" 2>/dev/null)" ]
}

# lab_bin NAME: print the path of a program built by meson (LAB_BUILDDIR).
lab_bin() {
    local p
    for p in "${LAB_BUILDDIR:-}/tests/lab/$1" "${LAB_BUILDDIR:-}/$1"; do
        [ -x "$p" ] && echo "$p" && return 0
    done
    lab_log "$1 not found under LAB_BUILDDIR=${LAB_BUILDDIR:-} (build the project first)"
    return 1
}

# ---- kernel modules ----------------------------------------------------

# lab_modprobe MOD [PARAM=VALUE...]: load one module, logging a failure.
lab_modprobe() {
    modprobe "$@" || { lab_log "modprobe $* failed" && return 1; }
}

# lab_modules_load [NULLB_COUNT]: NVMe/TCP host and target, veth, null_blk; checks the result.
lab_modules_load() {
    local m
    for m in configfs nvmet nvmet-tcp nvme-fabrics nvme-tcp veth; do
        lab_modprobe "$m" || return 1
    done
    lab_modprobe null_blk nr_devices="${1:-2}" gb=1 || return 1
    grep -q ' /sys/kernel/config configfs ' /proc/mounts ||
        mount -t configfs configfs /sys/kernel/config || return 1
    [ -d "$NVMET/subsystems" ] && [ -c /dev/nvme-fabrics ] && [ -b /dev/nullb0 ]
}

# ---- storage network ---------------------------------------------------

# lab_ip NS ARGS...: `ip ARGS` in network namespace NS ("" = the VM's own).
lab_ip() {
    local ns=$1
    shift
    if [ -n "$ns" ]; then ip -n "$ns" "$@"; else ip "$@"; fi
}

# lab_ip_addr NS IF ADDR/PREFIX: add an address (IPv6 without DAD) and set IF up.
lab_ip_addr() {
    local nodad=""
    case $3 in *:*) nodad=nodad ;; esac
    # shellcheck disable=SC2086 # $nodad is one word or none
    lab_ip "$1" addr add "$3" dev "$2" $nodad && lab_ip "$1" link set "$2" up
}

# lab_three_targets PFX A B C: stor0, stor1 and stor2 wired to the target
# namespaces tgt, tgt2 and tgt3 (A/24, B/24, C/24), subsystems PFX:sub1..3
# and ports 1..3 on A, B and C:4420, each step a lab_require check; the
# caller links subsystems to ports (nvmet_port_link) as its scenario needs.
lab_three_targets() {
    lab_require "storage net stor0" lab_storage_net stor0 - tgt tgt0 "$2/24"
    lab_require "storage net stor1" lab_storage_net stor1 - tgt2 tgt1 "$3/24"
    lab_require "storage net stor2" lab_storage_net stor2 - tgt3 tgt2 "$4/24"
    for s in sub1 sub2 sub3; do nvmet_subsys_add "$1:$s" || lab_fatal "subsystem $s"; done
    lab_require "port 1 $2:4420" nvmet_port_add 1 "$2" 4420 tgt
    lab_require "port 2 $3:4420" nvmet_port_add 2 "$3" 4420 tgt2
    lab_require "port 3 $4:4420" nvmet_port_add 3 "$4" 4420 tgt3
}

# lab_storage_net HOSTIF HOSTADDR/PREFIX NS TGTIF TGTADDR/PREFIX: veth pair, target end in
# netns NS. HOSTADDR "-" leaves the host end alone (for NetworkManager to configure).
lab_storage_net() {
    ip netns add "$3" &&
        ip link add "$1" type veth peer name "$4" netns "$3" &&
        lab_ip "$3" link set lo up &&
        lab_ip_addr "$3" "$4" "$5" &&
        { [ "$2" = - ] || lab_ip_addr "" "$1" "$2"; }
}

# lab_link_down NS TGTIF: take the target end down (HOSTIF loses its carrier).
lab_link_down() {
    lab_ip "$1" link set "$2" down
}

# lab_link_up NS TGTIF: bring the target end back up.
lab_link_up() {
    lab_ip "$1" link set "$2" up
}

# lab_listening NS PORT: succeed if a TCP socket listens on PORT in netns NS ("" = VM's own).
lab_listening() {
    local out
    if [ -n "$1" ]; then
        out=$(nsenter --net="/run/netns/$1" ss -Hltn "sport = :$2")
    else
        out=$(ss -Hltn "sport = :$2")
    fi
    echo "listening on :$2 in netns '${1:-root}': ${out:-nothing}"
    [ -n "$out" ]
}

# ---- kernel NVMe target (nvmet, configfs) ------------------------------

# nvmet_write FILE VALUE: write one configfs attribute, naming it on failure.
nvmet_write() {
    printf '%s\n' "$2" >"$1" || { lab_log "nvmet: cannot write '$2' to $1" && return 1; }
}

# nvmet_free_nullb: print the first /dev/nullbN no nvmet namespace uses.
nvmet_free_nullb() {
    local d used
    used=$(cat "$NVMET"/subsystems/*/namespaces/*/device_path 2>/dev/null)
    for d in /dev/nullb*; do
        [ -b "$d" ] || continue
        printf '%s\n' "$used" | grep -qxF -- "$d" || { echo "$d" && return 0; }
    done
    lab_log "nvmet: no free null_blk device (lab_modules_load with a larger count)"
    return 1
}

# nvmet_ns_add NQN NSID nullb|file [SIZE_MB]: add and enable a namespace.
nvmet_ns_add() {
    local dir="$NVMET/subsystems/$1/namespaces/$2" dev
    case $3 in
    nullb) dev=$(nvmet_free_nullb) || return 1 ;;
    file)
        dev=$LAB_STATE/nvmet-$1-$2.img
        mkdir -p "$LAB_STATE" && truncate -s "${4:-64}M" "$dev" || return 1
        ;;
    *) lab_log "nvmet_ns_add: unknown backend '$3'" && return 1 ;;
    esac
    mkdir "$dir" && nvmet_write "$dir/device_path" "$dev" || return 1
    # tmpfs has no O_DIRECT
    [ "$3" != file ] || nvmet_write "$dir/buffered_io" 1 || return 1
    nvmet_write "$dir/enable" 1
}

# nvmet_subsys_add NQN [nullb | file SIZE_MB]: subsystem open to any host, optional namespace 1.
nvmet_subsys_add() {
    local nqn=$1
    shift
    mkdir "$NVMET/subsystems/$nqn" &&
        nvmet_write "$NVMET/subsystems/$nqn/attr_allow_any_host" 1 || return 1
    [ $# -eq 0 ] || nvmet_ns_add "$nqn" 1 "$@"
}

# nvmet_subsys_del NQN: unlink it from every port, drop its namespaces and itself.
nvmet_subsys_del() {
    local dir="$NVMET/subsystems/$1" f
    for f in "$NVMET"/ports/*/subsystems/"$1" "$dir"/allowed_hosts/*; do
        if [ -L "$f" ]; then rm "$f" || return 1; fi
    done
    for f in "$dir"/namespaces/*; do
        [ -d "$f" ] || continue
        nvmet_write "$f/enable" 0 && rmdir "$f" || return 1
    done
    rmdir "$dir" && rm -f "$LAB_STATE/nvmet-$1-"*.img
}

# nvmet_set_addr DIR ADDR SVCID: TCP address attributes of a port or a referral.
nvmet_set_addr() {
    local fam=ipv4
    case $2 in *:*) fam=ipv6 ;; esac
    nvmet_write "$1/addr_trtype" tcp &&
        nvmet_write "$1/addr_adrfam" "$fam" &&
        nvmet_write "$1/addr_traddr" "$2" &&
        nvmet_write "$1/addr_trsvcid" "$3"
}

# nvmet_port_add ID ADDR SVCID [NS]: a TCP port that will listen in netns NS once linked.
nvmet_port_add() {
    mkdir "$NVMET/ports/$1" && nvmet_set_addr "$NVMET/ports/$1" "$2" "$3" || return 1
    mkdir -p "$LAB_STATE" && printf '%s\n' "${4:-}" >"$LAB_STATE/port-$1.netns"
}

# nvmet_port_link PORT NQN: expose NQN on PORT. The first link enables the port and nvmet-tcp
# listens in the netns of the linking process: link via nsenter (`ip netns exec` remounts /sys).
nvmet_port_link() {
    local ns pre=()
    ns=$(cat "$LAB_STATE/port-$1.netns" 2>/dev/null)
    [ -z "$ns" ] || pre=(nsenter --net="/run/netns/$ns")
    "${pre[@]}" ln -s "$NVMET/subsystems/$2" "$NVMET/ports/$1/subsystems/$2"
}

# nvmet_port_unlink PORT NQN: withdraw NQN from PORT.
nvmet_port_unlink() {
    rm "$NVMET/ports/$1/subsystems/$2"
}

# nvmet_referral_add PORT NAME ADDR SVCID: a discovery referral on PORT to ADDR:SVCID.
nvmet_referral_add() {
    local dir="$NVMET/ports/$1/referrals/$2"
    mkdir "$dir" && nvmet_set_addr "$dir" "$3" "$4" && nvmet_write "$dir/enable" 1
}

# nvmet_referral_del PORT NAME: remove a referral.
nvmet_referral_del() {
    local dir="$NVMET/ports/$1/referrals/$2"
    nvmet_write "$dir/enable" 0 && rmdir "$dir"
}

# nvmet_clear: tear the whole target down (links, referrals, ports, subsystems, hosts).
nvmet_clear() {
    local p f
    [ -d "$NVMET" ] || return 0
    for p in "$NVMET"/ports/*; do
        [ -d "$p" ] || continue
        for f in "$p"/subsystems/*; do
            if [ -L "$f" ]; then rm "$f" || return 1; fi
        done
        for f in "$p"/referrals/*; do
            if [ -d "$f" ]; then nvmet_referral_del "${p##*/}" "${f##*/}" || return 1; fi
        done
        rmdir "$p" && rm -f "$LAB_STATE/port-${p##*/}.netns" || return 1
    done
    for f in "$NVMET"/subsystems/*; do
        if [ -d "$f" ]; then nvmet_subsys_del "${f##*/}" || return 1; fi
    done
    for f in "$NVMET"/hosts/*; do
        if [ -d "$f" ]; then rmdir "$f" || return 1; fi
    done
    lab_dir_empty "$NVMET/ports" && lab_dir_empty "$NVMET/subsystems"
}

# ---- NVMe/TCP over TLS: kernel support, PSKs, tlshd -----------------------
# The handshake is done in user space: the kernel hands each TLS socket to the tlshd
# listening in that socket's network namespace, so the target (netns NS) needs its own
# tlshd there and the host one in the VM's namespace. Keys live in the kernel-wide `.nvme`
# keyring (one for every namespace): an inserted PSK serves both ends in this one-kernel lab.

# lab_tls_kernel: the NVMe/TCP host offers TLS (`tls` in /dev/nvme-fabrics' option template).
lab_tls_kernel() {
    local t
    t=$(<"/dev/nvme-fabrics") || return 1
    case ,$t, in *,tls,*) return 0 ;; esac
    echo "no 'tls' in the option template: $t"
    return 1
}

# lab_tls_concat_kernel: the NVMe/TCP host offers secure channel concatenation (`concat`
# in the option template: 6.15 and later; 6.12 has none).
lab_tls_concat_kernel() {
    local t
    t=$(cat /dev/nvme-fabrics 2>&1) || { echo "cannot read /dev/nvme-fabrics: $t" && return 1; }
    case ,$t, in *,concat,*) return 0 ;; esac
    echo "no 'concat' in the option template: $t"
    return 1
}

# nvmet_host_dhchap SUBNQN HOSTNQN KEYFILE HASH DHGROUP: SUBNQN admits HOSTNQN only, which
# authenticates with DH-HMAC-CHAP with the secret in KEYFILE (read by the shell, never on a
# command line nor in a message), HASH (hmac(sha256)...) and DHGROUP (ffdhe2048...; secure
# concatenation needs a DH group).
nvmet_host_dhchap() {
    local h="$NVMET/hosts/$2" key
    [ -d "$h" ] || mkdir "$h" || return 1
    IFS= read -r key <"$3" || { lab_log "nvmet: cannot read the key file $3" && return 1; }
    printf '%s\n' "$key" >"$h/dhchap_key" || { lab_log "nvmet: cannot write $h/dhchap_key" && return 1; }
    nvmet_write "$h/dhchap_hash" "$4" && nvmet_write "$h/dhchap_dhgroup" "$5" &&
        nvmet_write "$NVMET/subsystems/$1/attr_allow_any_host" 0 &&
        ln -s "$h" "$NVMET/subsystems/$1/allowed_hosts/$2"
}

# lab_tls_modules: kTLS (`tls`) for tlshd's TCP_ULP; the `.nvme` keyring comes with nvme-keyring.
lab_tls_modules() {
    lab_modprobe tls && grep -q ' keyring *\.nvme: ' /proc/keys
}

# nvmet_port_tls PORT required|not-required: offer TLS 1.3 (TSAS) on PORT, a secure channel
# required or not (TREQ); before the port's first link (an enabled port refuses it). Writing
# addr_tsas makes TREQ "required" unless set after it.
nvmet_port_tls() {
    nvmet_write "$NVMET/ports/$1/addr_tsas" tls1.3 || return 1
    case $2 in
    required) nvmet_write "$NVMET/ports/$1/addr_treq" required ;;
    not-required) nvmet_write "$NVMET/ports/$1/addr_treq" "not required" ;;
    *) lab_log "nvmet_port_tls: '$2' is not required|not-required" && return 1 ;;
    esac
}

# lab_tls_psk_gen: print a new configured PSK in the interchange format (nvme-cli, SHA-256).
lab_tls_psk_gen() {
    nvme gen-tls-key --hmac=1
}

# lab_tls_psk_insert HOSTNQN SUBNQN FILE: what an administrator does with nvme-cli: derive the
# TLS PSK from the configured PSK in FILE and insert it into `.nvme` under identity version 0
# ("NVMe0R01 HOSTNQN SUBNQN", the one the kernel looks up; nvme-cli's default may be version
# 1). nvme-cli 3 (`nvme keys insert-tls-psk`) reads the key from standard input; nvme-cli 2's
# `check-tls-key --insert` only from its command line (for that moment: lab keys only).
# LAB_TLS_KEYRING names another keyring (one the caller possesses).
lab_tls_psk_insert() {
    local ring=--keyring=${LAB_TLS_KEYRING:-.nvme}
    if nvme keys --help 2>&1 | grep -q ' insert-tls-psk '; then
        nvme keys insert-tls-psk "$ring" --identity=0 --hostnqn="$1" --subsysnqn="$2" <"$3"
    else
        nvme check-tls-key "$ring" --insert --identity=0 --hostnqn="$1" --subsysnqn="$2" \
            --keydata="$(<"$3")"
    fi
}

# lab_tls_psk_digest HOSTNQN SUBNQN FILE: print the SHA-256 of the TLS PSK nvme-cli derives
# from the configured PSK in FILE for HOSTNQN and SUBNQN (inserted into a throw-away keyring
# of a throw-away session: `.nvme` is not touched), to compare with lab_tls_key_digest.
lab_tls_psk_digest() {
    # shellcheck disable=SC2016 # the inner bash expands its arguments
    keyctl session - bash -o pipefail -c '. "$1" && keyctl newring lab-derive @s >/dev/null &&
        out=$(LAB_TLS_KEYRING=lab-derive lab_tls_psk_insert "$2" "$3" "$4") && echo "$out" >&2 &&
        k=$(keyctl rlist %:lab-derive) && [ -n "$k" ] && keyctl pipe "$k" | sha256sum | cut -d" " -f1' \
        bash "$LAB_LIBDIR/lib.sh" "$@"
}

# lab_tls_ring: print the `.nvme` keyring's serial (hex, as /proc/keys shows it).
lab_tls_ring() {
    awk '$8 == "keyring" && $9 == ".nvme:" { print $1; f = 1 } END { exit !f }' /proc/keys
}

# lab_tls_keys: the `.nvme` keyring's live keys, one line each: "SERIAL TYPE DESCRIPTION"
# (serials in hex, as /proc/keys and the controllers' tls_key attribute show them); a revoked
# key, still linked until the kernel's key GC runs, fails rdescribe and is left out.
lab_tls_keys() {
    local ring k
    ring=$(lab_tls_ring) || { lab_log "no .nvme keyring in /proc/keys" && return 1; }
    for k in $(keyctl rlist "0x$ring"); do
        keyctl rdescribe "$k" 2>/dev/null |
            awk -F';' -v k="$(printf '%08x' "$k")" '{ d = $5; for (i = 6; i <= NF; i++) d = d ";" $i; print k, $1, d }'
    done
}

# lab_tls_key_digest SERIAL: print the SHA-256 of key SERIAL's payload (never the payload),
# read from a throw-away session keyring with `.nvme` linked in (the PSKs are readable by
# their possessor only, as tlshd possesses them).
lab_tls_key_digest() {
    local ring
    ring=$(lab_tls_ring) && [ -n "$1" ] || return 1
    # shellcheck disable=SC2016 # the inner bash expands $1 and $2
    keyctl session - bash -o pipefail -c 'keyctl link "0x$1" @s >/dev/null &&
        keyctl pipe "0x$2" | sha256sum | cut -d" " -f1' bash "$ring" "$1"
}

# lab_tls_key_for HOSTNQN SUBNQN: print the serial of the `.nvme` key with identity
# "NVMe0R0? HOSTNQN SUBNQN" (none: fails).
lab_tls_key_for() {
    lab_tls_keys | awk -v h="$1" -v s="$2" '$3 ~ /^NVMe0R0[12]$/ && $4 == h && $5 == s { print $1; f=1 } END { exit !f }'
}

# lab_tlshd_start NAME [NETNS]: tlshd in netns NETNS ("" = the VM's own) with its own config
# (keyring .nvme, handshake debug; ktls-utils 1.0 reads /etc/tlshd.conf, 1.4
# /etc/tlshd/config: -c names it), its log in $LAB_OUT/tlshd-NAME.log; waits until it runs.
lab_tlshd_start() {
    local conf=$LAB_STATE/tlshd-$1.conf pre=()
    mkdir -p "$LAB_STATE" &&
        printf '[debug]\nloglevel=7\ntls=0\nnl=0\n\n[authenticate]\nkeyrings=.nvme\n' >"$conf" ||
        return 1
    [ -z "${2:-}" ] || pre=(nsenter --net="/run/netns/$2")
    "${pre[@]}" tlshd -s -c "$conf" >>"$LAB_OUT/tlshd-$1.log" 2>&1 &
    echo $! >"$LAB_STATE/tlshd-$1.pid"
    lab_poll 5 lab_tlshd_running "$1"
}

# lab_tlshd_running NAME: lab_tlshd_start's tlshd NAME runs.
lab_tlshd_running() {
    local pid
    pid=$(cat "$LAB_STATE/tlshd-$1.pid" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# lab_tlshd_stop NAME: SIGTERM to tlshd NAME; waits until it is gone.
lab_tlshd_stop() {
    local pid
    pid=$(cat "$LAB_STATE/tlshd-$1.pid") || return 1
    kill "$pid" && lab_poll 10 lab_not kill -0 "$pid" && rm -f "$LAB_STATE/tlshd-$1.pid"
}

# lab_ctrl_tls CTRL: print CTRL's TLS attributes (those the kernel shows: tls_key, the PSK's
# serial; tls_configured_key, tls_keyring, and from 7.x tls_mode); succeed if it runs over TLS
# (a tls_key serial).
lab_ctrl_tls() {
    local a v=""
    for a in tls_key tls_configured_key tls_keyring tls_mode; do
        [ ! -e "/sys/class/nvme/$1/$a" ] || echo "$1/$a = $(lab_attr "/sys/class/nvme/$1/$a")"
    done
    v=$(lab_attr "/sys/class/nvme/$1/tls_key")
    [ "$v" != - ] && [ -n "$v" ] && [ "$v" != none ]
}

# ---- uevents -----------------------------------------------------------

# lab_uevent_listen FILE: log raw kernel uevents to FILE (one line each, see uevent-line)
# in the background; returns once the listener demonstrably receives events.
lab_uevent_listen() {
    local i
    : >>"$1"
    env -i PATH="$PATH" busybox uevent /bin/sh "$LAB_LIBDIR/uevent-line" >>"$1" 2>&1 &
    lab_uevent_pid=$!
    for i in $(seq 50); do
        # a synthetic "change" of /dev/null shows the netlink socket is bound
        echo change >/sys/devices/virtual/mem/null/uevent
        sleep 0.1
        grep -q ' change /devices/virtual/mem/null ' "$1" && return 0
    done
    lab_log "uevent listener on $1 receives nothing after $i tries"
    return 1
}

# lab_uevent_stop: stop the listener lab_uevent_listen started.
lab_uevent_stop() {
    [ -z "$lab_uevent_pid" ] || kill "$lab_uevent_pid"
    lab_uevent_pid=""
}

# lab_uevent_mark FILE: print the current line count, to wait for events after it.
lab_uevent_mark() {
    wc -l <"$1"
}

# lab_uevent_grep PATTERN FILE [AFTER_LINE]: print logged events matching PATTERN, an ERE
# anchored at the ACTION field ("change /devices/.../nvme0 .*NVME_AEN=0x70f002").
lab_uevent_grep() {
    tail -n +"$((${3:-0} + 1))" "$2" | grep -E -- "^[^ ]+ ($1)"
}

# lab_uevent_wait TIMEOUT PATTERN FILE [AFTER_LINE]: wait for a matching event and log it; a check.
lab_uevent_wait() {
    lab_wait_for "$1" "uevent $2" lab_uevent_grep "$2" "$3" "${4:-0}" || return 1
    lab_log "uevent: $(lab_uevent_grep "$2" "$3" "${4:-0}" | head -n 1)"
}

# ---- NVMe host (sysfs) -------------------------------------------------

# lab_nvme_ctrls: one line per controller: name transport address state cntrltype subsysnqn.
lab_nvme_ctrls() {
    local c a line
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        line=${c##*/}
        for a in transport address state cntrltype subsysnqn; do
            line="$line $(lab_attr "$c/$a")"
        done
        echo "$line"
    done
}

# lab_ctrl_find ATTR VALUE [ATTR VALUE...]: print the controllers whose attributes all match.
lab_ctrl_find() {
    local c i args
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        args=("$@")
        for ((i = 0; i < ${#args[@]}; i += 2)); do
            [ "$(lab_attr "$c/${args[i]}")" = "${args[i + 1]}" ] || continue 2
        done
        echo "${c##*/}"
    done
}

# lab_io_on IFACE NQN: the live I/O controllers of NQN bound to IFACE.
lab_io_on() {
    local c
    for c in $(lab_ctrl_find cntrltype io subsysnqn "$2"); do
        case $(lab_attr "/sys/class/nvme/$c/address") in
        *"host_iface=$1,"* | *"host_iface=$1") echo "$c" ;;
        esac
    done
}

# lab_has_io IFACE NQN: exactly one I/O controller of NQN on IFACE.
lab_has_io() {
    [ "$(lab_io_on "$1" "$2" | wc -l)" = 1 ]
}

# lab_no_io IFACE NQN: no I/O controller of NQN on IFACE.
lab_no_io() {
    [ -z "$(lab_io_on "$1" "$2")" ]
}

# lab_live_iocs_are N: exactly N I/O controllers are live.
lab_live_iocs_are() {
    [ "$(lab_ctrl_find state live cntrltype io | wc -l)" = "$1" ]
}

# lab_dc_on PORT: the discovery controllers connected to target port PORT.
lab_dc_on() {
    local c
    for c in $(lab_ctrl_find cntrltype discovery); do
        case $(lab_attr "/sys/class/nvme/$c/address") in *"trsvcid=$1,"*) echo "$c" ;; esac
    done
}

# lab_snapshot [IFACE]: "name cntlid address" of every controller (only those bound to IFACE
# if given), sorted (equal snapshots: nothing was disconnected, reconnected or added).
lab_snapshot() {
    local c a iface=${1:-}
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        a=$(lab_attr "$c/address")
        [ -z "$iface" ] || case $a, in *"host_iface=$iface,"*) ;; *) continue ;; esac
        echo "${c##*/} $(lab_attr "$c/cntlid") $a"
    done | sort
}

# lab_same_as FILE [IFACE]: the controllers (bound to IFACE) are exactly those of an earlier
# lab_snapshot [IFACE] in FILE.
lab_same_as() {
    lab_snapshot "${2:-}" | diff -u "$1" -
}

# lab_devices: one line per controller: its name, the inode of its sysfs directory and its
# address without src_addr, sorted. What a kernel reconnect keeps (after a connection loss
# the kernel reconnects the same device, with a new cntlid and no src_addr until it is
# connected) and a delete and a new connect do not (a reused name has another inode).
lab_devices() {
    local c
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] || continue
        echo "${c##*/} $(stat -L -c %i "$c") $(lab_attr "$c/address" | sed 's/,src_addr=[^,]*//')"
    done | sort
}

# lab_same_devices FILE: the controller devices of an earlier lab_devices in FILE, none
# deleted or added, whatever the kernel's reconnects did meanwhile.
lab_same_devices() {
    lab_devices | diff -u "$1" -
}

# lab_all_live_as FILE: the controllers of an earlier lab_snapshot in FILE (same names and
# addresses; a reconnect gets a new cntlid from the target), every one live again.
lab_all_live_as() {
    cut -d' ' -f1,3 "$1" >"$1.names"
    lab_snapshot | cut -d' ' -f1,3 | diff -u "$1.names" - &&
        [ -z "$(lab_ctrl_find state connecting)" ] && [ -z "$(lab_ctrl_find state resetting)" ]
}

# lab_nothing_on IFACE: no controller of any kind is bound to IFACE.
lab_nothing_on() {
    ! grep -q "host_iface=$1\b" /sys/class/nvme/nvme*/address 2>/dev/null
}

# lab_dcs_on IFACE: the discovery controllers bound to IFACE.
lab_dcs_on() {
    local c
    for c in $(lab_ctrl_find cntrltype discovery); do
        case $(lab_attr "/sys/class/nvme/$c/address"), in *"host_iface=$1,"*) echo "$c" ;; esac
    done
}

# lab_nvme_connect NVME-CONNECT-ARGS...: `nvme connect ARGS` (nvme-cli, as an administrator
# would); prints the name of the controller it made (nvme-cli 2.x prints it, 3.x does not).
lab_nvme_connect() {
    local before c rc=0
    before=" $(ls /sys/class/nvme 2>/dev/null | tr '\n' ' ')"
    nvme connect "$@" >&2 || rc=$?
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c" ] && [ "${before/ ${c##*/} /}" = "$before" ] && echo "${c##*/}"
    done
    [ "$rc" = 0 ]
}

# lab_ctrl_has_ns CTRL NSID: succeed if CTRL shows a (per-path) disk for namespace NSID.
lab_ctrl_has_ns() {
    compgen -G "/sys/class/nvme/$1/nvme*n$2" >/dev/null
}

# lab_disconnect_all: delete every NVMe-oF controller and wait until sysfs shows none.
lab_disconnect_all() {
    local c
    for c in /sys/class/nvme/nvme*/delete_controller; do
        if [ -e "$c" ]; then echo 1 >"$c"; fi
    done
    lab_poll 10 lab_dir_empty /sys/class/nvme || { lab_nvme_ctrls && return 1; }
}

# ---- host-wide protocols: ownership registry, exclusion list -----------
# Formats: docs of nvme-cli 3 / libnvme3 (see the cooperate scenario). The registry is
# /run/nvme/registry/nvmeN/{owner,seqnum}; the exclusion list /etc/nvme/exclusions.conf and
# /etc/nvme/exclusions.conf.d/*.conf, "exclusion = key=value;..." lines in [exclusions].

LAB_REGISTRY=/run/nvme/registry

# lab_nvme_cli3: succeed if nvme-cli has the registry commands (nvme-cli 3).
lab_nvme_cli3() {
    nvme registry --help >/dev/null 2>&1
}

# lab_registry_write DEV OWNER SEQNUM: register DEV as owned by OWNER the way libnvme3 does:
# the whole entry built in a hidden temporary folder (0755, files 0644, synced), then renamed
# into place. SEQNUM: /sys/kernel/uevent_seqnum read before the connect.
lab_registry_write() {
    local tmp
    mkdir -p "$LAB_REGISTRY" && chmod 0755 /run/nvme "$LAB_REGISTRY" &&
        tmp=$(mktemp -d "$LAB_REGISTRY/.lab-$1.XXXXXX") && chmod 0755 "$tmp" &&
        printf '%s\n' "$2" >"$tmp/owner" && printf '%s\n' "$3" >"$tmp/seqnum" &&
        chmod 0644 "$tmp/owner" "$tmp/seqnum" && sync "$tmp/owner" "$tmp/seqnum" "$tmp" &&
        mv -T "$tmp" "$LAB_REGISTRY/$1"
}

# lab_registry_owner DEV: print DEV's registered owner ("" when it has no entry).
lab_registry_owner() {
    local o=""
    [ ! -r "$LAB_REGISTRY/$1/owner" ] || o=$(cat "$LAB_REGISTRY/$1/owner")
    printf '%s\n' "$o"
}

# lab_registry_is DEV OWNER: print DEV's entry; succeed if its owner is OWNER with a numeric
# seqnum, folder 0755 and files 0644 (OWNER "": DEV has no entry at all).
lab_registry_is() {
    local e=$LAB_REGISTRY/$1 seq
    find "$e" -printf '%m %p\n' 2>/dev/null
    echo "$1: owner '$(lab_registry_owner "$1")', seqnum '$(lab_attr "$e/seqnum")'"
    if [ -z "$2" ]; then
        [ ! -e "$e" ]
        return
    fi
    seq=$(lab_attr "$e/seqnum")
    [ "$(lab_registry_owner "$1")" = "$2" ] && [ -n "$seq" ] && [ -z "${seq//[0-9]/}" ] &&
        [ "$(stat -c %a "$e" "$e/owner" "$e/seqnum" | tr '\n' ' ')" = "755 644 644 " ]
}

# lab_registry_stamp DEV: one line naming DEV's entry exactly (folder inode, owner, seqnum,
# files' inodes and mtimes): equal stamps mean nobody rewrote or re-registered it.
lab_registry_stamp() {
    local e=$LAB_REGISTRY/$1
    echo "$1 $(stat -c '%i' "$e" 2>/dev/null) owner=$(lab_registry_owner "$1")" \
        "seqnum=$(lab_attr "$e/seqnum") $(stat -c '%n:%i:%Y' "$e"/* 2>/dev/null | tr '\n' ' ')"
}

# lab_registry_owned_by OWNER: the devices whose entry names OWNER.
lab_registry_owned_by() {
    local e
    for e in "$LAB_REGISTRY"/nvme*; do
        [ -d "$e" ] && [ "$(lab_registry_owner "${e##*/}")" = "$1" ] && echo "${e##*/}"
    done
    return 0
}

# lab_exclusion_add FILE ENTRY: append "exclusion = ENTRY" to the exclusion list FILE (made
# with an [exclusions] section, as `nvme exclusion create` does, if missing; FILE's last
# section must be [exclusions]); prints the entry's line number.
lab_exclusion_add() {
    mkdir -p "$(dirname "$1")" || return 1
    [ -e "$1" ] || printf '# NVMe-oF exclusion list (lab)\n\n[exclusions]\n' >"$1" || return 1
    printf 'exclusion = %s\n' "$2" >>"$1" && grep -nxF "exclusion = $2" "$1" | tail -n 1 | cut -d: -f1
}

# lab_exclusion_del FILE ENTRY: drop the "exclusion = ENTRY" lines from FILE, the way an
# editor saves (a new file renamed over it).
lab_exclusion_del() {
    grep -vxF "exclusion = $2" "$1" >"$1.lab-new"
    mv -f "$1.lab-new" "$1"
}

# ---- services: udevd, system bus, nm-nvme-daemon ------------------------

# lab_systemd: succeed if systemd is PID 1 (a scenario with "# lab-init: systemd").
lab_systemd() {
    [ "$(cat /proc/1/comm)" = systemd ]
}

# lab_udevd_start: systemd-udevd, as a real host has it (libgudev only sees the events
# udevd re-broadcasts); waits until it has processed the coldplug. Under systemd
# (lab_systemd) its own units (systemd-udevd, systemd-udev-trigger) are started.
lab_udevd_start() {
    if lab_systemd; then
        systemctl start systemd-udevd.service systemd-udev-trigger.service &&
            udevadm settle --timeout=30
        return
    fi
    /lib/systemd/systemd-udevd --daemon >"$LAB_OUT/udevd.log" 2>&1 &&
        udevadm trigger --action=add --subsystem-match=nvme --subsystem-match=net &&
        udevadm settle --timeout=10
}

# lab_system_bus_start: a system dbus-daemon with the project's D-Bus policies (the daemon's
# and the VPN-style service's, from the source tree) added to Debian's, on the standard socket.
# Under systemd (lab_systemd) it is dbus.service (a drop-in giving it this configuration), so
# that systemd itself is on the bus (org.freedesktop.systemd1, for transient units); starting
# it pulls in sysinit.target as on any systemd host (journald, udevd, tmpfiles).
lab_system_bus_start() {
    mkdir -p /run/dbus "$LAB_STATE" &&
        cat >"$LAB_STATE/system-bus.conf" <<CONF || return 1
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <include>/usr/share/dbus-1/system.conf</include>
  <include>$LAB_SRCDIR/data/org.freedesktop.NetworkManager.Nvme.conf</include>
  <include>$LAB_SRCDIR/plugin/nm-nvme-service.conf</include>
</busconfig>
CONF
    if lab_systemd; then
        mkdir -p /run/systemd/system/dbus.service.d &&
            printf '[Service]\nExecStart=\nExecStart=/usr/bin/dbus-daemon --config-file=%s --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only\n' \
                "$LAB_STATE/system-bus.conf" >/run/systemd/system/dbus.service.d/lab.conf &&
            systemctl daemon-reload && systemctl start dbus.socket dbus.service &&
            lab_poll 10 busctl --system status org.freedesktop.systemd1 >/dev/null
        return
    fi
    dbus-daemon --config-file="$LAB_STATE/system-bus.conf" --fork --nopidfile
}

# lab_daemon_start: nm-nvme-daemon --debug in the background, its log in $LAB_DAEMON_LOG
# (default $LAB_OUT/daemon.log); waits until its bus name answers. Sets lab_daemon_pid.
lab_daemon_start() {
    local bin
    bin=$(lab_bin src/daemon/nm-nvme-daemon) || return 1
    "$bin" --debug >>"${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log}" 2>&1 &
    lab_daemon_pid=$!
    lab_poll 10 "$(lab_bin src/cli/nm-nvme)" status >/dev/null
}

# lab_controllers_json: `nm-nvme controllers --json` into $LAB_OUT/controllers.json (the
# nm-nvme of the build tree, or $LAB_NM_NVME: the `package` scenario's installed one).
lab_controllers_json() {
    "${LAB_NM_NVME:-$(lab_bin src/cli/nm-nvme)}" controllers --json >"$LAB_OUT/controllers.json"
}

# lab_controllers EXPR: EXPR (Python, over the list `d`) holds for `nm-nvme controllers --json`.
lab_controllers() {
    lab_controllers_json && lab_json "$LAB_OUT/controllers.json" "$1"
}

# lab_status_json: `nm-nvme status --json` into $LAB_OUT/status.json.
lab_status_json() {
    "${LAB_NM_NVME:-$(lab_bin src/cli/nm-nvme)}" status --json >"$LAB_OUT/status.json"
}

# lab_status EXPR: EXPR (Python, over `d`) holds for `nm-nvme status --json`.
lab_status() {
    lab_status_json && lab_json "$LAB_OUT/status.json" "$1"
}

# lab_json_checks FILE NAME EXPR [NAME EXPR...]: several checks over the JSON in FILE
# (bound to `d`) in one Python run (Python starts slowly under TCG): NAME passes if its EXPR
# is true, fails if false or raising. $LAB_JSON_PRELUDE, if set, is Python run first (helpers
# for the expressions).
lab_json_checks() {
    local file=$1 out=$LAB_STATE/json-checks.out line
    shift
    mkdir -p "$LAB_STATE"
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
a = sys.argv[3:]
for name, expr in zip(a[::2], a[1::2]):
    try:
        v = eval(expr)
        print(expr, "->", v)
    except Exception as e:
        v = False
        print(expr, "->", type(e).__name__, e)
    print("LAB-JSON", "PASS" if v else "FAIL", name)
' "$file" "${LAB_JSON_PRELUDE:-}" "$@" >"$out" 2>&1
    local names=("$@") i=0
    while IFS= read -r line; do
        case $line in
        "LAB-JSON PASS "*) lab_pass "${line#LAB-JSON PASS }" && i=$((i + 2)) ;;
        "LAB-JSON FAIL "*) lab_fail "${line#LAB-JSON FAIL }" && i=$((i + 2)) ;;
        *) printf '%s\n' "$line" ;;
        esac
    done <"$out"
    # a file Python could not read: the remaining checks fail
    for (( ; i < ${#names[@]}; i += 2)); do lab_fail "${names[i]} (not evaluated: $file)"; done
}

# lab_json FILE EXPR: evaluate a Python expression over the JSON in FILE (bound to `d`);
# prints the value and succeeds if it is true. For `nm-nvme ... --json` output.
lab_json() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print(sys.argv[2], "->", v); sys.exit(0 if v else 1)' "$1" "$2"
}

# ---- nvme-stas (stafd, stacd) ----------------------------------------------

# lab_stas_major: the installed nvme-stas's major version (2: /etc/stas; 3: /etc/nvme).
lab_stas_major() {
    dpkg-query -W -f '${Version}' nvme-stas 2>/dev/null | cut -d. -f1
}

# lab_stas_configure IFACE TRADDR TRSVCID: nvme-stas configured for one discovery controller
# TRADDR:TRSVCID on IFACE held persistently, mDNS off, where the installed version reads it:
# 3.x /etc/nvme/nvme-stas.conf ([Discovery Controller], persistent = force) and
# /etc/nvme/stafd.conf; 2.x /etc/stas/stafd.conf ([Controllers]). Prints the folder of
# stafd.conf and stacd.conf.
lab_stas_configure() {
    local dc="transport=tcp;traddr=$2;trsvcid=$3;host-iface=$1"
    case $(lab_stas_major) in
    2)
        printf '[Service Discovery]\nzeroconf=disabled\n\n[Controllers]\ncontroller=%s\n' "$dc" \
            >/etc/stas/stafd.conf && echo /etc/stas
        ;;
    3)
        printf '[Service Discovery]\nzeroconf=disabled\n' >/etc/nvme/stafd.conf &&
            printf '[Discovery Controller Defaults]\nkeep-alive-tmo = 30\n\n[Discovery Controller]\npersistent = force\ncontroller = %s\n' \
                "$dc" >/etc/nvme/nvme-stas.conf && echo /etc/nvme
        ;;
    *) lab_log "nvme-stas: no known version installed" && return 1 ;;
    esac
}

# lab_stas_start IFACE TRADDR TRSVCID: nvme-stas's stafd and stacd in the background, as a
# host without systemd runs them (system bus and udevd needed), configured by
# lab_stas_configure. Logs (--tron) in $LAB_OUT/stafd.log and stacd.log. Returns once both
# run (they take a while to start under TCG: wait for their controllers, or
# lab_bus_name_owned org.nvmexpress.staf / .stac). Sets lab_stafd_pid and lab_stacd_pid.
lab_stas_start() {
    local conf
    conf=$(lab_stas_configure "$@") || return 1
    mkdir -p /run/stafd /run/stacd
    stafd -f "$conf/stafd.conf" --tron >>"$LAB_OUT/stafd.log" 2>&1 &
    lab_stafd_pid=$!
    stacd -f "$conf/stacd.conf" --tron >>"$LAB_OUT/stacd.log" 2>&1 &
    lab_stacd_pid=$!
    sleep 1
    kill -0 "$lab_stafd_pid" && kill -0 "$lab_stacd_pid"
}

# lab_stas_stop: SIGTERM to stafd and stacd; waits until both are gone.
lab_stas_stop() {
    kill "$lab_stafd_pid" "$lab_stacd_pid" &&
        lab_poll 20 eval "! kill -0 $lab_stafd_pid 2>/dev/null && ! kill -0 $lab_stacd_pid 2>/dev/null"
}

# ---- NetworkManager --------------------------------------------------------

# lab_syslog_start: busybox syslogd on /dev/log, into $LAB_OUT/syslog.log (the dispatcher
# logs there when there is no journal).
lab_syslog_start() {
    busybox syslogd -O "$LAB_OUT/syslog.log"
}

# lab_nm_install: the project where its package puts it, in the guest's throw-away root:
# the dispatcher program as dispatcher.d/90-nm-nvme (root, 0755) linked from pre-down.d,
# D-Bus activation of nm-nvme-daemon (from the build tree, --debug, log in $LAB_DAEMON_LOG
# or $LAB_OUT/daemon.log) and of nm-dispatcher (--debug, log in $LAB_OUT/nm-dispatcher.log),
# (from where the installed package puts it), the `nvme` VPN-style service's .name file (its program a wrapper logging to
# $LAB_OUT/nm-nvme-service.log) and a keyfile-only NetworkManager.conf. Debian's 01-ifupdown
# script is removed.
lab_nm_install() {
    local disp daemon service nmd dir=/usr/lib/NetworkManager/dispatcher.d svc=/usr/share/dbus-1/system-services
    disp=$(lab_bin dispatcher/90-nm-nvme) && daemon=$(lab_bin src/daemon/nm-nvme-daemon) &&
        service=$(lab_bin plugin/nm-nvme-service) || return 1
    # nm-dispatcher: /usr/lib/NetworkManager (1.42) or /usr/libexec (1.52 and later).
    for nmd in /usr/libexec/nm-dispatcher /usr/lib/NetworkManager/nm-dispatcher ""; do
        [ ! -x "$nmd" ] || break
    done
    [ -n "$nmd" ] || { lab_log "nm-dispatcher not found" && return 1; }
    mkdir -p "$LAB_STATE" &&
        printf '#!/bin/sh\nexec %s --debug "$@" >>%s 2>&1\n' "$service" "$LAB_OUT/nm-nvme-service.log" \
            >"$LAB_STATE/nm-nvme-service" && chmod 0755 "$LAB_STATE/nm-nvme-service" &&
        sed "s|^program=.*|program=$LAB_STATE/nm-nvme-service|" \
            "$(dirname "$service")/nm-nvme-service.name" >/usr/lib/NetworkManager/VPN/nm-nvme-service.name ||
        return 1
    rm -f /etc/NetworkManager/dispatcher.d/01-ifupdown &&
        install -m 0755 -o root -g root "$disp" "$dir/90-nm-nvme" &&
        mkdir -p "$dir/pre-down.d" && ln -sf ../90-nm-nvme "$dir/pre-down.d/90-nm-nvme" &&
        cat >"$svc/org.freedesktop.NetworkManager.Nvme.service" <<SVC &&
[D-BUS Service]
Name=org.freedesktop.NetworkManager.Nvme
Exec=/bin/sh -c 'exec $daemon --debug >>${LAB_DAEMON_LOG:-$LAB_OUT/daemon.log} 2>&1'
User=root
SVC
        cat >"$svc/org.freedesktop.nm_dispatcher.service" <<SVC &&
[D-BUS Service]
Name=org.freedesktop.nm_dispatcher
Exec=/bin/sh -c 'exec $nmd --debug >>$LAB_OUT/nm-dispatcher.log 2>&1'
User=root
SVC
        cat >/etc/NetworkManager/NetworkManager.conf <<CONF
[main]
plugins=keyfile
dns=none
rc-manager=unmanaged
hostname-mode=none
no-auto-default=*

[keyfile]
path=/etc/NetworkManager/system-connections

[connectivity]
enabled=false

[logging]
level=INFO
CONF
}

# lab_nm_start: NetworkManager (needs the system bus and udevd), its log appended to
# $LAB_OUT/nm.log; waits for its startup to complete. Sets lab_nm_pid.
lab_nm_start() {
    NetworkManager --debug >>"$LAB_OUT/nm.log" 2>&1 &
    lab_nm_pid=$!
    lab_poll 30 nm-online -s -q -t 1
}

# lab_nm_stop: SIGTERM to NetworkManager; waits until it is gone.
lab_nm_stop() {
    kill "$lab_nm_pid" && lab_poll 20 lab_not kill -0 "$lab_nm_pid"
}

# lab_nm_keyfile NAME IFACE ADDR/PREFIX [AUTOCONNECT [USER_LINES...]]: write the keyfile
# of an Ethernet profile NAME bound to IFACE with a static IPv4 address and no IPv6,
# [user] lines (e.g. "nvme.kato=20") included; loaded into NetworkManager if it runs.
lab_nm_keyfile() {
    local name=$1 iface=$2 addr=$3 auto=false file
    [ "${4:-no}" = yes ] && auto=true
    shift 4 2>/dev/null || shift $#
    file=/etc/NetworkManager/system-connections/$name.nmconnection
    {
        printf '[connection]\nid=%s\nuuid=%s\ntype=ethernet\ninterface-name=%s\nautoconnect=%s\n\n' \
            "$name" "$(cat /proc/sys/kernel/random/uuid)" "$iface" "$auto"
        printf '[ipv4]\nmethod=manual\naddress1=%s\n\n[ipv6]\nmethod=disabled\n' "$addr"
        if [ $# -gt 0 ]; then printf '\n[user]\n' && printf '%s\n' "$@"; fi
    } >"$file" && chmod 0600 "$file" &&
        { ! pgrep -x NetworkManager >/dev/null || nmcli connection load "$file"; }
}

# lab_nm_activated IFACE: NetworkManager reports IFACE connected (state 100).
lab_nm_activated() {
    [ "$(nmcli -g GENERAL.STATE device show "$1" 2>/dev/null)" = "100 (connected)" ]
}

# lab_nm_uuid NAME: the UUID of profile NAME.
lab_nm_uuid() {
    nmcli -g connection.uuid connection show "$1"
}

# lab_bus_name_owned NAME: someone owns NAME on the system bus (asked without activating it).
lab_bus_name_owned() {
    dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" | grep -q 'boolean true'
}

# lab_daemon_running: nm-nvme-daemon owns its bus name (asked without starting it).
lab_daemon_running() {
    lab_bus_name_owned org.freedesktop.NetworkManager.Nvme
}

# ---- avahi (mDNS) ----------------------------------------------------------

# lab_avahi_conf FILE HOSTNAME IPV4 IPV6 EXTRA...: an avahi-daemon config (IPV4, IPV6: yes|no).
lab_avahi_conf() {
    local file=$1 host=$2 v4=$3 v6=$4
    shift 4
    {
        printf '[server]\nhost-name=%s\nuse-ipv4=%s\nuse-ipv6=%s\n' "$host" "$v4" "$v6"
        printf '%s\n' "$@"
        printf '[publish]\npublish-hinfo=no\npublish-workstation=no\n'
    } >"$file"
}

# lab_host_avahi_start: the host's avahi-daemon on the system bus (all interfaces).
lab_host_avahi_start() {
    mkdir -p "$LAB_STATE/avahi" /run/avahi-daemon &&
        lab_avahi_conf "$LAB_STATE/avahi/avahi.conf" lab-host yes yes enable-dbus=yes &&
        avahi-daemon --daemonize --no-chroot --no-drop-root -f "$LAB_STATE/avahi/avahi.conf"
}

# lab_host_avahi_stop: stop it (as a package upgrade or a crash would).
lab_host_avahi_stop() {
    avahi-daemon -k && lab_poll 10 lab_not avahi-daemon -c
}

# lab_announcer_start NAME NETNS IFACE [IPV4 IPV6]: an avahi-daemon announcing the service files
# in $LAB_STATE/ann-NAME/services from inside NETNS, in its own mount namespace (IPv4 only
# by default).
# shellcheck disable=SC2016 # the inner sh expands $1 and $2
lab_announcer_start() {
    local dir=$LAB_STATE/ann-$1
    mkdir -p "$dir/services" "$dir/run" /run/avahi-daemon &&
        lab_avahi_conf "$dir/avahi.conf" "lab-$1" "${4:-yes}" "${5:-no}" enable-dbus=no \
            "allow-interfaces=$3" &&
        unshare -m sh -c 'mount --bind "$1/services" /etc/avahi/services &&
            mount --bind "$1/run" /run/avahi-daemon &&
            exec nsenter --net="/run/netns/$2" avahi-daemon -D -f "$1/avahi.conf" --no-chroot --no-drop-root' \
            sh "$dir" "$2"
}

# lab_announce NAME SERVICE PORT TXT: publish (or replace) SERVICE from announcer NAME.
lab_announce() {
    mkdir -p "$LAB_STATE/ann-$1/services" &&
        cat >"$LAB_STATE/ann-$1/services/$2.service" <<XML
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group>
  <name>$2</name>
  <service><type>_nvme-disc._tcp</type><port>$3</port><txt-record>$4</txt-record></service>
</service-group>
XML
}

# lab_withdraw NAME SERVICE: remove SERVICE's file (the reload below sends the goodbye).
lab_withdraw() {
    rm "$LAB_STATE/ann-$1/services/$2.service"
}

# lab_announcer_reload NAME: make announcer NAME re-read its service files.
lab_announcer_reload() {
    kill -HUP "$(cat "$LAB_STATE/ann-$1/run/pid")"
}
