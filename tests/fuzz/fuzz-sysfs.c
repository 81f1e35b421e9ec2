/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-sysfs.c: what sysfs says of a kernel controller
 * (nmnvme-ctrl-address.h, nmnvme-kernel-ctrl.h): the `address` attribute
 * (whose host_traddr, host_iface and src_addr another user's `nvme connect`
 * chose) and the snapshot built from all attributes. Input: NUL-separated
 * the device name, then transport, address, subsysnqn, hostnqn, hostid,
 * cntrltype, dctype and state (a missing one is absent). Properties: an
 * address field is NULL or a non-empty value without a comma or surrounding
 * whitespace; a snapshot has the instance its name says and a non-NULL
 * address; a transport ID made from it matches it.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fuzz-util.h"
#include "nmnvme-ctrl-address.h"
#include "nmnvme-kernel-ctrl.h"
#include "nmnvme-trid.h"

static const char *const attr_names[] = { "transport", "address",   "subsysnqn", "hostnqn",
                                          "hostid",    "cntrltype", "dctype",    "state" };

static void
check_field(const char *value, const char *what)
{
    if (!value)
        return;
    FUZZ_CHECK(*value && !strchr(value, ','),
               "address %s '%s' is empty or has a comma",
               what,
               value);
    FUZZ_CHECK(!g_ascii_isspace(value[0]) && !g_ascii_isspace(value[strlen(value) - 1]),
               "address %s '%s' has surrounding whitespace",
               what,
               value);
}

static void
check_address(const NMNvmeCtrlAddress *a)
{
    FUZZ_CHECK(a, "no address");
    check_field(a->traddr, "traddr");
    check_field(a->trsvcid, "trsvcid");
    check_field(a->host_traddr, "host_traddr");
    check_field(a->host_iface, "host_iface");
    check_field(a->src_addr, "src_addr");
}

static gboolean
is_ip(const char *text)
{
    g_autoptr(GInetAddress) address = text ? g_inet_address_new_from_string(text) : NULL;

    return address != NULL;
}

static void
check_ctrl(const NMNvmeKernelCtrl *ctrl)
{
    g_autoptr(NMNvmeTrid) trid = NULL;

    g_autofree char *canonical = g_strdup_printf("nvme%u", ctrl->instance);

    /* the name is the kernel's own spelling of the instance ("nvme05" is refused) */
    FUZZ_CHECK(g_str_equal(ctrl->name, canonical), "%s has instance %u", ctrl->name, ctrl->instance);
    FUZZ_CHECK(ctrl->transport && *ctrl->transport && ctrl->subsysnqn && *ctrl->subsysnqn &&
                   ctrl->state && *ctrl->state,
               "%s lacks a required attribute",
               ctrl->name);
    check_address(ctrl->address);
    (void) nmnvme_kernel_ctrl_get_type(ctrl);
    (void) nmnvme_kernel_ctrl_is_going_away(ctrl);
    trid = nmnvme_trid_new_from_kernel_ctrl(ctrl);
    FUZZ_CHECK(trid, "%s has no transport ID", ctrl->name);
    g_free(nmnvme_trid_to_string(trid));
    /* what a kernel prints: tcp with IP addresses */
    if (g_str_equal(ctrl->transport, "tcp") && ctrl->hostnqn && is_ip(ctrl->address->traddr) &&
        (!ctrl->address->host_traddr || is_ip(ctrl->address->host_traddr)))
        FUZZ_CHECK(nmnvme_trid_matches_kernel(trid, ctrl, ctrl->hostnqn),
                   "%s does not match its own transport ID",
                   ctrl->name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_auto(GStrv) fields              = fuzz_fields(data, size, 1, 1 + G_N_ELEMENTS(attr_names));
    g_autoptr(GHashTable) attrs       = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeCtrlAddress) addr = NULL;
    g_autoptr(NMNvmeKernelCtrl) ctrl  = NULL;
    g_autoptr(GError) error           = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(attr_names) && fields[i + 1]; i++)
        g_hash_table_insert(attrs, (gpointer) attr_names[i], fields[i + 1]);
    if (fields[1] && fields[2]) {
        addr = nmnvme_ctrl_address_parse(fields[2]);
        check_address(addr);
    }
    ctrl = nmnvme_kernel_ctrl_new(fields[0], attrs, &error);
    if (ctrl)
        check_ctrl(ctrl);
    else
        FUZZ_CHECK(error && error->message && *error->message, "failure without message");
    return 0;
}
