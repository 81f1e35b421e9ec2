/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-tls-probe.c: the `.nvme` keyring and the PSK identities from
 * /proc/keys, tlshd found only in our own network namespace, with a fake
 * /proc.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "nmnvme-tls-probe.h"
#include "test-util.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define SUBNQN  "nqn.2026-01.io.example:lab"

/* As Linux 6.12 prints them (security/keys/proc.c, the psk type's
 * describe: description, ": ", data length). */
#define KEYS                                                                               \
    "0a1b2c3d I--Q---     1 perm 1f3f0000     0 65534 keyring   _uid.0: empty\n"           \
    "1f2e3d4c I------     1 perm 3f010000     0     0 keyring   .nvme: 2\n"                \
    "2a3b4c5d I--Q---     1 perm 3f010000     0     0 psk       NVMe0R01 " HOSTNQN " " SUBNQN \
    ": 32\n"                                                                               \
    "3a3b4c5d I--Q---     1 perm 3f010000     0     0 psk       NVMe1R02 " HOSTNQN           \
    " nqn.2026-01.io.example:other AbCdEf==: 48\n"                                        \
    "4a3b4c5d I--Q---     1 perm 3f010000     0     0 user      NVMe0R01 not a psk: 5\n"

static void
test_keys(void)
{
    g_autoptr(NMNvmeTlsProbe) p = nmnvme_tls_probe_new();
    g_autoptr(NMNvmeTlsProbe) empty = nmnvme_tls_probe_new();

    nmnvme_tls_probe_parse_keys(p, KEYS);
    g_assert_true(p->keyring);
    g_assert_cmpuint(p->identities->len, ==, 2);
    g_assert_cmpstr(p->identities->pdata[0], ==, "NVMe0R01 " HOSTNQN " " SUBNQN);
    g_assert_true(nmnvme_tls_probe_has_key_for(p, HOSTNQN, SUBNQN));
    /* version 1 identities carry a digest after the NQNs */
    g_assert_true(nmnvme_tls_probe_has_key_for(p, HOSTNQN, "nqn.2026-01.io.example:other"));
    /* a prefix of an NQN is not that NQN */
    g_assert_false(nmnvme_tls_probe_has_key_for(p, HOSTNQN, "nqn.2026-01.io.example:la"));
    g_assert_false(nmnvme_tls_probe_has_key_for(p, "nqn.2014-08.org.nvmexpress:uuid:other", SUBNQN));

    nmnvme_tls_probe_parse_keys(empty, "0a1b2c3d I--Q--- 1 perm 1f3f0000 0 0 keyring .nvmex: 1\n");
    g_assert_false(empty->keyring);
    g_assert_false(nmnvme_tls_probe_equal(p, empty));
}

static void
add_process(const char *proc, const char *pid, const char *comm, const char *net)
{
    g_autofree char *dir  = g_build_filename(proc, pid, "ns", NULL);
    g_autofree char *file = g_build_filename(proc, pid, "comm", NULL);
    g_autofree char *link = g_build_filename(dir, "net", NULL);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    if (comm)
        g_assert_true(g_file_set_contents(file, comm, -1, NULL));
    g_assert_cmpint(symlink(net, link), ==, 0);
}

/* The target's tlshd in another namespace is not ours: the kernel would
 * find no handshake listener for our connects (ESRCH). */
static void
test_tlshd_in_our_namespace(void)
{
    g_autofree char *proc = g_dir_make_tmp("tls-probe-XXXXXX", NULL);
    g_autofree char *keys = g_build_filename(proc, "keys", NULL);
    g_autoptr(NMNvmeTlsProbe) before = NULL;
    g_autoptr(NMNvmeTlsProbe) after  = NULL;

    add_process(proc, "self", NULL, "net:[4026531840]");
    add_process(proc, "100", "bash\n", "net:[4026531840]");
    add_process(proc, "200", "tlshd\n", "net:[4026532999]");
    g_assert_true(g_file_set_contents(keys, KEYS, -1, NULL));
    before = nmnvme_tls_probe_read(proc);
    g_assert_false(before->tlshd);
    g_assert_true(before->keyring);

    add_process(proc, "300", "tlshd\n", "net:[4026531840]");
    after = nmnvme_tls_probe_read(proc);
    g_assert_true(after->tlshd);
    g_assert_false(nmnvme_tls_probe_equal(before, after));
    nmnvme_test_rm_rf(proc);
}

/* Under the hardened unit the daemon may not read a root tlshd's ns/net
 * link (no CAP_SYS_PTRACE): a tlshd whose generic netlink socket (libnl's
 * port: its PID in the low 22 bits) is in our /proc/net/netlink is ours. */
static void
test_tlshd_by_netlink(void)
{
    g_autofree char *proc    = g_dir_make_tmp("tls-probe-XXXXXX", NULL);
    g_autofree char *other   = g_build_filename(proc, "500", NULL);
    g_autofree char *ours    = g_build_filename(proc, "400", NULL);
    g_autofree char *net     = g_build_filename(proc, "net", NULL);
    g_autofree char *comm5   = g_build_filename(other, "comm", NULL);
    g_autofree char *comm4   = g_build_filename(ours, "comm", NULL);
    g_autofree char *netlink = g_build_filename(net, "netlink", NULL);
    g_autoptr(NMNvmeTlsProbe) without = NULL;
    g_autoptr(NMNvmeTlsProbe) with    = NULL;

    add_process(proc, "self", NULL, "net:[4026531840]");
    g_assert_cmpint(g_mkdir_with_parents(other, 0700), ==, 0);
    g_assert_cmpint(g_mkdir_with_parents(net, 0700), ==, 0);
    g_assert_true(g_file_set_contents(comm5, "tlshd\n", -1, NULL));
    g_assert_true(g_file_set_contents(netlink,
                                      "sk               Eth Pid        Groups   Rmem     Wmem\n"
                                      "ffff8880 0   1          00000000 0        0\n"
                                      "ffff8881 16  12583312   00000000 0        0\n",
                                      -1,
                                      NULL));
    without = nmnvme_tls_probe_read(proc);
    g_assert_false(without->tlshd); /* 12583312 & 0x3fffff = 400: not 500 */

    g_assert_cmpint(g_mkdir_with_parents(ours, 0700), ==, 0);
    g_assert_true(g_file_set_contents(comm4, "tlshd\n", -1, NULL));
    with = nmnvme_tls_probe_read(proc);
    g_assert_true(with->tlshd);
    nmnvme_test_rm_rf(proc);
}

/* No /proc/keys (no CONFIG_KEYS): no keyring, no identities. */
static void
test_nothing(void)
{
    g_autofree char *proc = g_dir_make_tmp("tls-probe-XXXXXX", NULL);
    g_autoptr(NMNvmeTlsProbe) p = nmnvme_tls_probe_read(proc);

    g_assert_false(p->keyring);
    g_assert_false(p->tlshd);
    g_assert_cmpuint(p->identities->len, ==, 0);
    nmnvme_test_rm_rf(proc);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tls-probe/keys", test_keys);
    g_test_add_func("/tls-probe/tlshd-in-our-namespace", test_tlshd_in_our_namespace);
    g_test_add_func("/tls-probe/tlshd-by-netlink", test_tlshd_by_netlink);
    g_test_add_func("/tls-probe/nothing", test_nothing);
    return g_test_run();
}
