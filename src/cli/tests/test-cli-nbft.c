/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-cli-nbft.c: `nm-nvme nbft` and the NBFT line of `nm-nvme status`,
 * from hand-built GetNbft dictionaries with the daemon's keys
 * (docs/dbus-api.md, "NBFT").
 */
#include "config.h"

#include "nmnvme-cli-nbft.h"

#define NBFT_VIEW                                                                                \
    "{'available': <true>, 'source': <'/sys/firmware/acpi/tables/NBFT'>,"                        \
    " 'host-nqn': <'nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0'>, 'host-id': <''>,"                \
    " 'hfis': <[{'index': <uint32 1>, 'mac': <'52:54:00:12:34:56'>, 'vlan': <uint16 0>,"         \
    "   'ip': <'192.168.77.10'>, 'prefix': <uint32 24>, 'gateway': <''>, 'dhcp': <false>,"       \
    "   'interface': <'ens3'>},"                                                                 \
    "  {'index': <uint32 2>, 'mac': <'52:54:00:12:34:57'>, 'vlan': <uint16 100>,"                \
    "   'ip': <''>, 'prefix': <uint32 0>, 'gateway': <''>, 'dhcp': <true>,"                      \
    "   'interface': <''>}]>,"                                                                   \
    " 'subsystems': <[{'index': <uint32 1>, 'transport': <'tcp'>, 'traddr': <'192.168.77.100'>," \
    "   'trsvcid': <''>, 'nqn': <'nqn.2026-01.io.example:boot'>, 'nsid': <uint32 1>,"            \
    "   'hfis': <[uint32 1, 2]>, 'discovery': <uint32 0>, 'connected': <true>,"                  \
    "   'device': <'nvme0'>, 'owner': <'nbft'>}]>,"                                              \
    " 'discovery': <@aa{sv} []>}"

static void
test_format(void)
{
    g_autoptr(GVariant) view = g_variant_ref_sink(g_variant_new_parsed(NBFT_VIEW));
    g_autofree char *text    = nmnvme_cli_nbft_format(view);

    g_assert_cmpstr(text,
                    ==,
                    "NBFT:     /sys/firmware/acpi/tables/NBFT\n"
                    "Host NQN: nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0\n"
                    "Host ID:  --\n"
                    "\n"
                    "Host fabric interfaces:\n"
                    "INDEX  MAC                VLAN  IP                GATEWAY  DHCP  INTERFACE\n"
                    "1      52:54:00:12:34:56  --    192.168.77.10/24  --       no    ens3\n"
                    "2      52:54:00:12:34:57  100   --                --       yes   (none)\n"
                    "\n"
                    "Subsystems:\n"
                    "INDEX  HFI  TRANSPORT  TRADDR          TRSVCID  NQN                          "
                    "NSID  CONNECTED  DEVICE  OWNER\n"
                    "1      1,2  tcp        192.168.77.100  4420     nqn.2026-01.io.example:boot  "
                    "1     yes        nvme0   nbft\n"
                    "\n"
                    "Discovery records:\n"
                    "(none)\n");
}

static void
test_format_unavailable(void)
{
    g_autoptr(GVariant) view = g_variant_ref_sink(
        g_variant_new_parsed("{'available': <false>, 'reason': <'NBFT support needs libnvme >= 1.5 "
                             "(this build has libnvme 1.3)'>}"));
    g_autofree char *text = nmnvme_cli_nbft_format(view);

    g_assert_cmpstr(
        text,
        ==,
        "NBFT not available: NBFT support needs libnvme >= 1.5 (this build has libnvme 1.3)\n");
}

static void
test_status_line(void)
{
    g_autofree char *available = nmnvme_cli_nbft_status_line("available");
    g_autofree char *unknown   = nmnvme_cli_nbft_status_line(NULL);

    g_assert_cmpstr(available, ==, "NBFT: available\n");
    g_assert_cmpstr(unknown, ==, "NBFT: unknown\n");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli-nbft/format", test_format);
    g_test_add_func("/cli-nbft/format-unavailable", test_format_unavailable);
    g_test_add_func("/cli-nbft/status-line", test_status_line);
    return g_test_run();
}
