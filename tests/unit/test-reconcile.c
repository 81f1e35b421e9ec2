/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-reconcile.c: the reconcile plan: adopt, connect, disconnect, and
 * what is left alone (controllers not owned, other types, controllers being
 * deleted, duplicates, host_iface mismatches, TP8013 unique NQNs).
 */
#include "config.h"

#include "nmnvme-nqn.h"
#include "nmnvme-reconcile.h"

#define HOSTNQN  "nqn.2014-08.org.nvmexpress:uuid:7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define OTHERNQN "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000000"
#define EX       "nqn.2026-01.com.example:"
#define IO_STOR0 "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1"
#define DC_STOR0 "traddr=192.168.77.100,trsvcid=8009,host_iface=stor0,src_addr=192.168.77.1"

/* The kernel controllers the rows pick from. */
static const struct {
    const char *name;
    const char *transport;
    const char *address;
    const char *subsysnqn;
    const char *hostnqn;
    const char *cntrltype;
    const char *state;
} cast[] = {
    { "nvme0", "pcie", "0000:01:00.0", EX "vol1", NULL, "io", "live" },
    { "nvme1", "tcp", IO_STOR0, EX "vol1", HOSTNQN, "io", "live" },
    { "nvme2", "tcp", IO_STOR0, EX "vol2", HOSTNQN, "io", "live" },
    /* a CDC that shows its unique NQN (TP8013) */
    { "nvme3", "tcp", DC_STOR0, EX "cdc", HOSTNQN, "discovery", "live" },
    /* connected without host_iface, e.g. by nvme connect-all */
    { "nvme4",
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,src_addr=192.168.77.1",
      EX "vol3",
      HOSTNQN,
      "io",
      "live" },
    { "nvme5", "tcp", IO_STOR0, EX "vol4", HOSTNQN, "io", "deleting" },
    /* a second connection to vol1 */
    { "nvme6", "tcp", IO_STOR0, EX "vol1", HOSTNQN, "io", "live" },
    { "nvme7", "tcp", IO_STOR0, EX "vol5", OTHERNQN, "io", "live" },
    { "nvme8",
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,host_iface=stor1",
      EX "vol6",
      HOSTNQN,
      "io",
      "live" },
    /* the kernel is reconnecting it */
    { "nvme9",
      "tcp",
      "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0",
      EX "vol7",
      HOSTNQN,
      "io",
      "connecting" },
    { "nvme10", "tcp", IO_STOR0, EX "vol8", HOSTNQN, "admin", "live" },
    { "nvme11", "tcp", DC_STOR0, EX "cdc", HOSTNQN, "discovery", "deleting (no IO)" },
};

static NMNvmeKernelCtrl *
cast_ctrl(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(cast); i++) {
        g_autoptr(GHashTable) attrs = NULL;

        if (strcmp(cast[i].name, name) != 0)
            continue;
        attrs = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_insert(attrs, (char *) "transport", (char *) cast[i].transport);
        g_hash_table_insert(attrs, (char *) "address", (char *) cast[i].address);
        g_hash_table_insert(attrs, (char *) "subsysnqn", (char *) cast[i].subsysnqn);
        g_hash_table_insert(attrs, (char *) "cntrltype", (char *) cast[i].cntrltype);
        g_hash_table_insert(attrs, (char *) "state", (char *) cast[i].state);
        if (cast[i].hostnqn)
            g_hash_table_insert(attrs, (char *) "hostnqn", (char *) cast[i].hostnqn);
        return nmnvme_kernel_ctrl_new(name, attrs, NULL);
    }
    g_assert_not_reached();
}

/* "volN" -> EX volN at 192.168.77.100:4420 via stor0; "volN-noif" the
 * same without host_iface; "dc" the well-known discovery NQN at :8009 via
 * stor0; "cdc-io" EX cdc at :8009 via stor0, wanted as an I/O controller. */
static NMNvmeTrid *
desired_trid(const char *spec)
{
    g_autofree char *vol   = g_strndup(spec, strcspn(spec, "-"));
    g_autofree char *nqn   = g_strconcat(EX, vol, NULL);
    gboolean         noif  = g_str_has_suffix(spec, "-noif");
    const char      *iface = noif ? NULL : "stor0";

    if (strcmp(spec, "dc") == 0)
        return nmnvme_trid_new("tcp",
                               "192.168.77.100",
                               "8009",
                               NMNVME_NQN_DISCOVERY,
                               NULL,
                               "stor0");
    if (strcmp(spec, "cdc-io") == 0)
        return nmnvme_trid_new("tcp", "192.168.77.100", "8009", EX "cdc", NULL, "stor0");
    return nmnvme_trid_new("tcp", "192.168.77.100", "4420", nqn, NULL, iface);
}

/* The last ':'-separated part of an NQN: "vol1", or the whole NQN. */
static const char *
short_nqn(const NMNvmeTrid *trid)
{
    const char *nqn   = nmnvme_trid_get_subsysnqn(trid);
    const char *colon = strrchr(nqn, ':');

    return colon ? colon + 1 : nqn;
}

/* The plan as "adopt nvme1 vol1; connect vol2; disconnect nvme5". */
static char *
summarize(const NMNvmeReconcilePlan *plan)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < plan->actions->len; i++) {
        const NMNvmeReconcileAction *a = plan->actions->pdata[i];

        if (i > 0)
            g_string_append(s, "; ");
        g_string_append(s, nmnvme_reconcile_kind_to_string(a->kind));
        if (a->ctrl_name)
            g_string_append_printf(s, " %s", a->ctrl_name);
        if (a->kind != NMNVME_RECONCILE_DISCONNECT)
            g_string_append_printf(s, " %s", short_nqn(a->trid));
        g_assert_true((a->ctrl_name == NULL) == (a->kind == NMNVME_RECONCILE_CONNECT));
    }
    return g_string_free(s, FALSE);
}

typedef struct {
    const char    *what;
    NMNvmeCtrlType type;
    const char    *desired; /* space-separated desired_trid() specs */
    const char    *current; /* space-separated cast names, in kernel order */
    const char    *owned;   /* space-separated cast names */
    const char    *plan;    /* summarize() */
} Row;

#define IO NMNVME_CTRL_TYPE_IO
#define DC NMNVME_CTRL_TYPE_DISCOVERY

static const Row rows[] = {
    { "nothing", IO, "", "", "", "" },
    { "nothing in the kernel: connect all", IO, "vol1 vol2", "", "", "connect vol1; connect vol2" },
    { "adopt an owned controller", IO, "vol1", "nvme1", "nvme1", "adopt nvme1 vol1" },
    { "adopt a matching controller not owned yet", IO, "vol1", "nvme1", "", "adopt nvme1 vol1" },
    { "disconnect owned, leave others alone", IO, "", "nvme1 nvme2", "nvme2", "disconnect nvme2" },
    { "not owned, not desired: not in the plan",
      IO,
      "vol1",
      "nvme1 nvme2",
      "",
      "adopt nvme1 vol1" },
    { "disconnects in kernel order",
      IO,
      "",
      "nvme1 nvme2 nvme9",
      "nvme9 nvme2 nvme1",
      "disconnect nvme1; disconnect nvme2; disconnect nvme9" },
    { "no host_iface in the kernel: connect", IO, "vol3", "nvme4", "", "connect vol3" },
    { "no host_iface, owned: connect and disconnect",
      IO,
      "vol3",
      "nvme4",
      "nvme4",
      "connect vol3; disconnect nvme4" },
    { "other interface: connect", IO, "vol6", "nvme8", "", "connect vol6" },
    { "other host NQN: connect", IO, "vol5", "nvme7", "", "connect vol5" },
    { "no host_iface wanted: any interface will do",
      IO,
      "vol6-noif",
      "nvme8",
      "",
      "adopt nvme8 vol6" },
    { "duplicate desires count once", IO, "vol1 vol1", "nvme1", "", "adopt nvme1 vol1" },
    { "duplicate desires, nothing in the kernel",
      IO,
      "vol1 vol2 vol1",
      "",
      "",
      "connect vol1; connect vol2" },
    { "two matches: the owned one", IO, "vol1", "nvme1 nvme6", "nvme6", "adopt nvme6 vol1" },
    { "two matches, both owned: the first, disconnect the other",
      IO,
      "vol1",
      "nvme1 nvme6",
      "nvme1 nvme6",
      "adopt nvme1 vol1; disconnect nvme6" },
    { "two matches, none owned: the first", IO, "vol1", "nvme6 nvme1", "", "adopt nvme6 vol1" },
    { "one controller is not adopted twice",
      IO,
      "vol1 vol1-noif",
      "nvme1",
      "",
      "adopt nvme1 vol1; connect vol1" },
    { "... but a second match is",
      IO,
      "vol1 vol1-noif",
      "nvme1 nvme6",
      "",
      "adopt nvme1 vol1; adopt nvme6 vol1" },
    { "I/O reconcile leaves owned DCs alone", IO, "", "nvme3", "nvme3", "" },
    { "I/O desires skip discovery controllers", IO, "cdc-io", "nvme3", "nvme3", "connect cdc" },
    { "DC with a unique NQN adopted for the well-known one (TP8013)",
      DC,
      "dc",
      "nvme3",
      "",
      "adopt nvme3 " NMNVME_NQN_DISCOVERY },
    { "DC reconcile leaves owned IOCs alone",
      DC,
      "dc",
      "nvme1 nvme3",
      "nvme1 nvme3",
      "adopt nvme3 " NMNVME_NQN_DISCOVERY },
    { "DC reconcile disconnects an owned DC",
      DC,
      "",
      "nvme1 nvme3",
      "nvme1 nvme3",
      "disconnect nvme3" },
    { "being deleted: neither adopted nor disconnected",
      IO,
      "vol4",
      "nvme5",
      "nvme5",
      "connect vol4" },
    { "a deleting DC is not adopted",
      DC,
      "dc",
      "nvme11",
      "nvme11",
      "connect " NMNVME_NQN_DISCOVERY },
    { "reconnecting: adopted", IO, "vol7", "nvme9", "nvme9", "adopt nvme9 vol7" },
    { "owned name no longer in the kernel", IO, "", "nvme1", "nvme42", "" },
    { "admin controllers: never", IO, "vol8", "nvme10", "nvme10", "connect vol8" },
    { "PCIe never matches", IO, "vol1", "nvme0", "", "connect vol1" },
    { "a realistic mix",
      IO,
      "vol1 vol2 vol3 vol7",
      "nvme0 nvme1 nvme2 nvme3 nvme4 nvme6 nvme9",
      "nvme2 nvme3 nvme6 nvme9",
      "adopt nvme6 vol1; adopt nvme2 vol2; connect vol3; adopt nvme9 vol7" },
    { "a realistic mix, vol2 and vol7 gone",
      IO,
      "vol1 vol3",
      "nvme0 nvme1 nvme2 nvme3 nvme4 nvme6 nvme9",
      "nvme2 nvme3 nvme6 nvme9",
      "adopt nvme6 vol1; connect vol3; disconnect nvme2; disconnect nvme9" },
};

static GPtrArray *
split_map(const char *list, GDestroyNotify free_func, gpointer (*make)(const char *))
{
    g_auto(GStrv) words = g_strsplit(list, " ", -1);
    GPtrArray *array    = g_ptr_array_new_with_free_func(free_func);

    for (char **w = words; *w; w++) {
        if (**w)
            g_ptr_array_add(array, make(*w));
    }
    return array;
}

static gpointer
make_trid(const char *spec)
{
    return desired_trid(spec);
}

static gpointer
make_ctrl(const char *name)
{
    return cast_ctrl(name);
}

static gpointer
make_name(const char *name)
{
    return g_strdup(name);
}

static GHashTable *
name_set(const char *list)
{
    g_autoptr(GPtrArray) names = split_map(list, NULL, make_name);
    GHashTable *set            = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < names->len; i++)
        g_hash_table_add(set, names->pdata[i]);
    return set;
}

static void
test_plans(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
        const Row *r = &rows[i];
        g_autoptr(GPtrArray) desired =
            split_map(r->desired, (GDestroyNotify) nmnvme_trid_free, make_trid);
        g_autoptr(GPtrArray) current =
            split_map(r->current, (GDestroyNotify) nmnvme_kernel_ctrl_free, make_ctrl);
        g_autoptr(GHashTable) owned = name_set(r->owned);
        g_autoptr(NMNvmeReconcilePlan) plan =
            nmnvme_reconcile_plan_new(r->type, desired, current, owned, HOSTNQN);
        g_autofree char *summary = summarize(plan);

        g_test_message("%s: %s", r->what, summary);
        g_assert_cmpstr(summary, ==, r->plan);
    }
}

static void
test_no_owned_set(void)
{
    g_autoptr(GPtrArray) desired = split_map("vol1", (GDestroyNotify) nmnvme_trid_free, make_trid);
    g_autoptr(GPtrArray) current =
        split_map("nvme1 nvme2", (GDestroyNotify) nmnvme_kernel_ctrl_free, make_ctrl);
    g_autoptr(NMNvmeReconcilePlan) plan =
        nmnvme_reconcile_plan_new(IO, desired, current, NULL, HOSTNQN);
    g_autofree char *summary = summarize(plan);

    g_assert_cmpstr(summary, ==, "adopt nvme1 vol1");
}

/* The host NQN is the one given, not whatever the kernel controllers have. */
static void
test_host_nqn(void)
{
    g_autoptr(GPtrArray) desired = split_map("vol1", (GDestroyNotify) nmnvme_trid_free, make_trid);
    g_autoptr(GPtrArray) current =
        split_map("nvme1", (GDestroyNotify) nmnvme_kernel_ctrl_free, make_ctrl);
    g_autoptr(GHashTable) owned = name_set("nvme1");
    g_autoptr(NMNvmeReconcilePlan) plan =
        nmnvme_reconcile_plan_new(IO, desired, current, owned, OTHERNQN);
    g_autofree char *summary = summarize(plan);

    g_assert_cmpstr(summary, ==, "connect vol1; disconnect nvme1");
}

static void
test_to_string(void)
{
    g_autoptr(GPtrArray) desired =
        split_map("vol1 vol3", (GDestroyNotify) nmnvme_trid_free, make_trid);
    g_autoptr(GPtrArray) current =
        split_map("nvme1 nvme2", (GDestroyNotify) nmnvme_kernel_ctrl_free, make_ctrl);
    g_autoptr(GPtrArray) none   = g_ptr_array_new();
    g_autoptr(GHashTable) owned = name_set("nvme1 nvme2");
    g_autoptr(NMNvmeReconcilePlan) plan =
        nmnvme_reconcile_plan_new(IO, desired, current, owned, HOSTNQN);
    g_autoptr(NMNvmeReconcilePlan) empty = nmnvme_reconcile_plan_new(IO, none, none, NULL, HOSTNQN);
    g_autofree char *text                = nmnvme_reconcile_plan_to_string(plan);
    g_autofree char *empty_text          = nmnvme_reconcile_plan_to_string(empty);

    g_assert_cmpstr(text,
                    ==,
                    "adopt nvme1 (" EX "vol1@192.168.77.100:4420 via stor0); "
                    "connect " EX "vol3@192.168.77.100:4420 via stor0; "
                    "disconnect nvme2 (" EX "vol2@192.168.77.100:4420 via stor0)");
    g_assert_cmpstr(empty_text, ==, "nothing to do");
    g_assert_cmpuint(nmnvme_reconcile_plan_count(plan, NMNVME_RECONCILE_ADOPT), ==, 1);
    g_assert_cmpuint(nmnvme_reconcile_plan_count(plan, NMNVME_RECONCILE_CONNECT), ==, 1);
    g_assert_cmpuint(nmnvme_reconcile_plan_count(plan, NMNVME_RECONCILE_DISCONNECT), ==, 1);
    g_assert_cmpuint(nmnvme_reconcile_plan_count(empty, NMNVME_RECONCILE_CONNECT), ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/reconcile/plans", test_plans);
    g_test_add_func("/reconcile/no-owned-set", test_no_owned_set);
    g_test_add_func("/reconcile/host-nqn", test_host_nqn);
    g_test_add_func("/reconcile/to-string", test_to_string);
    return g_test_run();
}
