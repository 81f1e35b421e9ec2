/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-uevent.c: which nvme uevents mean what to the engine.
 */
#include "config.h"

#include "nmnvme-uevent.h"

static void
test_classify(void)
{
    static const struct {
        const char      *action;
        const char      *aen;
        const char      *event;
        NMNvmeUeventKind kind;
    } rows[] = {
        { "change", "0x70f002", NULL, NMNVME_UEVENT_LOG_CHANGED },
        { "change", "0x70F002", NULL, NMNVME_UEVENT_LOG_CHANGED },
        { "change", "0x00010002", NULL, NMNVME_UEVENT_OTHER },
        { "change", "70f002", NULL, NMNVME_UEVENT_OTHER },
        { "change", "0x70f002zz", NULL, NMNVME_UEVENT_OTHER },
        { "change", "0x", NULL, NMNVME_UEVENT_OTHER },
        { "change", NULL, "connected", NMNVME_UEVENT_CONNECTED },
        { "change", NULL, "rediscover", NMNVME_UEVENT_REDISCOVER },
        { "change", NULL, "disconnected", NMNVME_UEVENT_OTHER },
        { "change", NULL, NULL, NMNVME_UEVENT_OTHER },
        { "add", NULL, NULL, NMNVME_UEVENT_ADDED },
        { "remove", NULL, NULL, NMNVME_UEVENT_REMOVED },
        { "bind", NULL, NULL, NMNVME_UEVENT_OTHER },
        { NULL, NULL, NULL, NMNVME_UEVENT_OTHER },
    };

    for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
        g_assert_cmpint(nmnvme_uevent_classify(rows[i].action, rows[i].aen, rows[i].event),
                        ==,
                        rows[i].kind);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/uevent/classify", test_classify);
    return g_test_run();
}
