/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-ctrl-address.c: parsing the sysfs `address` attribute as 5.x and 6.1
 * kernels print it for tcp, rdma, fc and loop controllers.
 */
#include "config.h"

#include "nmnvme-ctrl-address.h"

typedef struct {
    const char *text;
    const char *traddr;
    const char *trsvcid;
    const char *host_traddr;
    const char *host_iface;
    const char *src_addr;
} Row;

static const Row rows[] = {
    /* 6.1 tcp with host_iface, connected */
    { "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1\n",
      "192.168.77.100",
      "4420",
      NULL,
      "stor0",
      "192.168.77.1" },
    /* 6.1 tcp with host_traddr and host_iface */
    { "traddr=192.168.77.100,trsvcid=8009,host_traddr=192.168.77.1,host_iface=stor0,"
      "src_addr=192.168.77.1\n",
      "192.168.77.100",
      "8009",
      "192.168.77.1",
      "stor0",
      "192.168.77.1" },
    /* 6.1 tcp while reconnecting: no socket, so no src_addr */
    { "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0\n",
      "192.168.77.100",
      "4420",
      NULL,
      "stor0",
      NULL },
    /* connected without host_iface (e.g. by an old nvme-cli) */
    { "traddr=10.0.0.5,trsvcid=4420,src_addr=10.0.0.1\n",
      "10.0.0.5",
      "4420",
      NULL,
      NULL,
      "10.0.0.1" },
    /* IPv6 link-local */
    { "traddr=fe80::1,trsvcid=8009,host_iface=stor0,src_addr=fe80::2\n",
      "fe80::1",
      "8009",
      NULL,
      "stor0",
      "fe80::2" },
    /* fc: colons inside values, no trsvcid */
    { "traddr=nn-0x20000090fac7e0a1:pn-0x10000090fac7e0a1,"
      "host_traddr=nn-0x20000090fa942779:pn-0x10000090fa942779\n",
      "nn-0x20000090fac7e0a1:pn-0x10000090fac7e0a1",
      NULL,
      "nn-0x20000090fa942779:pn-0x10000090fa942779",
      NULL,
      NULL },
    /* loop prints nothing */
    { "\n", NULL, NULL, NULL, NULL, NULL },
    { "", NULL, NULL, NULL, NULL, NULL },
    /* PCIe: a bus address, no KEY=VALUE at all */
    { "0000:01:00.0\n", NULL, NULL, NULL, NULL, NULL },
    /* unknown keys ignored, whitespace trimmed, empty values unset */
    { "  traddr=10.0.0.5 , tos=3,future_key=x, trsvcid = 4420 ,host_iface=\t\n",
      "10.0.0.5",
      "4420",
      NULL,
      NULL,
      NULL },
    /* the first occurrence counts; junk items ignored */
    { "traddr=10.0.0.5,traddr=10.0.0.6,,=x,junk,trsvcid=4420",
      "10.0.0.5",
      "4420",
      NULL,
      NULL,
      NULL },
    /* prefix of a known key is not that key */
    { "traddr_x=1,host=stor0,src=1.2.3.4", NULL, NULL, NULL, NULL, NULL },
};

static void
test_parse(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(NMNvmeCtrlAddress) a = nmnvme_ctrl_address_parse(rows[i].text);

        g_test_message("row %u: %s", i, rows[i].text);
        g_assert_nonnull(a);
        g_assert_cmpstr(a->traddr, ==, rows[i].traddr);
        g_assert_cmpstr(a->trsvcid, ==, rows[i].trsvcid);
        g_assert_cmpstr(a->host_traddr, ==, rows[i].host_traddr);
        g_assert_cmpstr(a->host_iface, ==, rows[i].host_iface);
        g_assert_cmpstr(a->src_addr, ==, rows[i].src_addr);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ctrl-address/parse", test_parse);
    return g_test_run();
}
