/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-engine.c: the engine and its sessions against a fake root (host
 * identity, state folder, sysfs class, registry in a temporary folder; no
 * fabrics device, so nothing connects): restore and teardown of a recycled
 * controller name, scans with an unreadable controller or none at all,
 * owner changes on the record, and an Attach during a teardown (issue 14,
 * defects 1 to 4); NBFT sessions and boot controllers (issue 15), with a
 * fake net class folder for MAC addresses and a regular file standing in
 * for /dev/nvme-fabrics where a connect must succeed (the device it names
 * put in sysfs first, as the kernel's is there before its reply); the
 * intent of a connect, saved before the write to the fabrics device (a
 * FIFO or a file here) and what a restarted engine makes of one left
 * behind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nmnvme-connect-intent.h"
#include "nmnvme-engine-tls.h"
#include "nmnvme-engine.h"
#include "nmnvme-fabrics.h"
#include "nmnvme-nbft.h"
#include "nmnvme-registry.h"
#include "nmnvme-state.h"
#include "test-util.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define HOSTID  "7e4a3b4e-8e51-4bd8-a4f7-e1f2cf5e2ad1"
#define VOL1    "nqn.2026-01.com.example:vol1"
#define VOL2    "nqn.2026-01.com.example:vol2"
#define URI     "nvme+tcp://192.168.77.100:4420/" VOL1
#define ADDRESS "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0,src_addr=192.168.77.1"

typedef struct {
    char              *root;
    char              *class_dir;
    char              *state_dir;
    NMNvmeRegistry    *registry;
    NMNvmeEngineConfig config;
    char              *paths[9];
    NMNvmeEngine      *engine;
} Fixture;

/*****************************************************************************/
/* Warnings, counted by pattern (the tests run with fatal warnings) */

static GPtrArray *warnings;

static GLogWriterOutput
writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    if (!(level & G_LOG_LEVEL_WARNING))
        return g_log_writer_default(level, fields, n_fields, user_data);
    for (gsize i = 0; i < n_fields; i++) {
        if (g_str_equal(fields[i].key, "MESSAGE"))
            g_ptr_array_add(warnings, g_strdup(fields[i].value));
    }
    return G_LOG_WRITER_HANDLED;
}

static guint
count_warnings(const char *pattern)
{
    guint n = 0;

    for (guint i = 0; i < warnings->len; i++)
        n += g_pattern_match_simple(pattern, warnings->pdata[i]);
    return n;
}

/*****************************************************************************/
/* The fake root */

static void
write_file(const char *dir, const char *name, const char *contents)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, contents, -1, NULL));
}

static char *
read_file(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char            *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

/* Writes a fabrics controller's attributes into @dir: @address its sysfs
 * `address`; of subsystem @nqn, connected as @hostnqn; @cntrltype "io" or
 * "discovery". `state` last: a scan meanwhile finds it incomplete. */
static void
fill_ctrl(const char *dir,
          const char *address,
          const char *nqn,
          const char *hostnqn,
          const char *cntrltype)
{
    g_autofree char *nqn_line  = g_strconcat(nqn, "\n", NULL);
    g_autofree char *host_line = g_strconcat(hostnqn, "\n", NULL);
    g_autofree char *type_line = g_strconcat(cntrltype, "\n", NULL);

    write_file(dir, "transport", "tcp\n");
    write_file(dir, "address", address);
    write_file(dir, "subsysnqn", nqn_line);
    write_file(dir, "hostnqn", host_line);
    write_file(dir, "cntrltype", type_line);
    write_file(dir, "delete_controller", "");
    write_file(dir, "state", "live\n");
}

/* A fabrics I/O controller @name in the fake class folder (replacing one of
 * that name by a new directory: what the kernel does with a recycled name);
 * @address: its sysfs `address`; of subsystem @nqn, connected as @hostnqn. */
static void
make_ctrl_full(Fixture *f, const char *name, const char *address, const char *nqn, const char *hostnqn)
{
    g_autofree char *dir = g_build_filename(f->class_dir, name, NULL);
    g_autofree char *tmp = g_strconcat(dir, ".new", NULL);

    /* made before the old one goes: another inode, as in sysfs */
    g_assert_cmpint(g_mkdir_with_parents(tmp, 0755), ==, 0);
    fill_ctrl(tmp, address, nqn, hostnqn, "io");
    nmnvme_test_rm_rf(dir);
    g_assert_cmpint(g_rename(tmp, dir), ==, 0);
}

/* @name, the device a fake connect will name (nvme5 for fake_fabrics()),
 * in sysfs before the connect, as the kernel's is there before its reply:
 * a scan that runs after the connect's registry entry is written must
 * find it, or it removes that entry as stale
 * (nmnvme_registry_remove_stale()). Its attributes are empty until
 * fill_ctrl() writes them in place (the same inode): meanwhile scans skip
 * it as unreadable, keeping what they knew. */
static void
make_ctrl_placeholder(Fixture *f, const char *name)
{
    g_autofree char *dir = g_build_filename(f->class_dir, name, NULL);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    write_file(dir, "transport", "");
    write_file(dir, "subsysnqn", "");
    write_file(dir, "state", "");
}

static void
make_ctrl(Fixture *f, const char *name, const char *address)
{
    make_ctrl_full(f, name, address, VOL1, HOSTNQN);
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
    g_autofree char *host    = NULL;
    g_autofree char *seqnum  = NULL;
    g_autofree char *regroot = NULL;

    g_ptr_array_set_size(warnings, 0);
    f->root      = g_dir_make_tmp("test-engine-XXXXXX", NULL);
    f->class_dir = g_build_filename(f->root, "class", "nvme", NULL);
    f->state_dir = g_build_filename(f->root, "run", "nm-nvme", NULL);
    host         = g_build_filename(f->root, "etc", "nvme", NULL);
    seqnum       = g_build_filename(f->root, "uevent_seqnum", NULL);
    regroot      = g_build_filename(f->root, "run", "nvme", "registry", NULL);
    g_assert_cmpint(g_mkdir_with_parents(f->class_dir, 0755), ==, 0);
    g_assert_cmpint(g_mkdir_with_parents(host, 0755), ==, 0);
    write_file(host, "hostnqn", HOSTNQN "\n");
    write_file(host, "hostid", HOSTID "\n");
    write_file(f->root, "uevent_seqnum", "100\n");
    f->registry = nmnvme_registry_new(regroot, seqnum);
    f->paths[0] = g_steal_pointer(&host);
    f->paths[1] = g_build_filename(f->root, "nvme-fabrics", NULL); /* none: no connects */
    f->paths[2] = g_steal_pointer(&seqnum);
    f->paths[3] = g_steal_pointer(&regroot);
    f->paths[4] = g_build_filename(f->root, "exclusions.conf", NULL);
    f->paths[5] = g_build_filename(f->root, "exclusions.conf.d", NULL);
    f->paths[6] = g_build_filename(f->root, "net", NULL);
    f->paths[7] = g_build_filename(f->root, "vlan", NULL);
    f->paths[8] = g_build_filename(f->root, "proc", NULL); /* the TLS probe's */
    f->config   = (NMNvmeEngineConfig){
          .host_dir          = f->paths[0],
          .state_dir         = f->state_dir,
          .fabrics_dev       = f->paths[1],
          .sysfs_class       = f->class_dir,
          .registry_dir      = f->paths[3],
          .seqnum_file       = f->paths[2],
          .exclusions_file   = f->paths[4],
          .exclusions_dropin = f->paths[5],
          .sysfs_net         = f->paths[6],
          .proc_vlan         = f->paths[7],
          .proc_dir          = f->paths[8],
    };
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
    g_clear_object(&f->engine);
    nmnvme_registry_free(f->registry);
    nmnvme_test_rm_rf(f->root);
    for (guint i = 0; i < G_N_ELEMENTS(f->paths); i++)
        g_free(f->paths[i]);
    g_free(f->root);
    g_free(f->class_dir);
    g_free(f->state_dir);
}

static void
start_engine(Fixture *f)
{
    g_autoptr(GError) error = NULL;

    g_clear_object(&f->engine);
    f->engine = nmnvme_engine_new(&f->config, &error);
    g_assert_no_error(error);
    nmnvme_engine_restore(f->engine);
}

static NMNvmeSettings *
settings_new(void)
{
    g_autoptr(GHashTable) data = nmnvme_test_dict("nvme.controllers", URI, NULL);
    g_autoptr(GError) error    = NULL;
    NMNvmeSettings *settings   = nmnvme_settings_new_from_data(data, &error);

    g_assert_no_error(error);
    return settings;
}

static void
attach(Fixture *f, const char *owner)
{
    g_autoptr(NMNvmeSettings) settings = settings_new();
    g_autoptr(GError) error            = NULL;

    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, owner, &error));
    g_assert_no_error(error);
}

/*****************************************************************************/
/* The session's view */

/* (transfer full) (nullable): stor0's session in the status. */
static GVariant *
lookup_session(Fixture *f)
{
    g_autoptr(GVariant) all = nmnvme_engine_get_sessions(f->engine);
    GVariantIter iter;
    GVariant    *s;

    g_variant_iter_init(&iter, all);
    while ((s = g_variant_iter_next_value(&iter))) {
        const char *iface = NULL;

        if (g_variant_lookup(s, "interface", "&s", &iface) && g_strcmp0(iface, "stor0") == 0)
            return s;
        g_variant_unref(s);
    }
    return NULL;
}

/* (transfer full): the device of stor0's I/O controller and whether it is
 * ours, "nvme1 ours" / "nvme1 not-ours" / "" (none). */
static char *
io_device(Fixture *f)
{
    g_autoptr(GVariant) s    = lookup_session(f);
    g_autoptr(GVariant) iocs = s ? g_variant_lookup_value(s, "io-controllers", NULL) : NULL;
    g_autoptr(GVariant) ioc  = NULL;
    const char *device       = "";
    gboolean    ours         = FALSE;

    if (!iocs || g_variant_n_children(iocs) == 0)
        return g_strdup("");
    ioc = g_variant_get_child_value(iocs, 0);
    g_variant_lookup(ioc, "device", "&s", &device);
    g_variant_lookup(ioc, "ours", "b", &ours);
    return *device ? g_strdup_printf("%s %s", device, ours ? "ours" : "not-ours") : g_strdup("");
}

static char *
session_string(Fixture *f, const char *key)
{
    g_autoptr(GVariant) s = lookup_session(f);
    const char *value     = NULL;

    if (!s || !g_variant_lookup(s, key, "&s", &value))
        return NULL;
    return g_strdup(value);
}

/* The owner the ownership record on disk names for stor0 (front ends read it). */
static char *
recorded_owner(Fixture *f)
{
    g_autoptr(GError) error    = NULL;
    g_autoptr(GVariant) record = nmnvme_state_load(f->state_dir, &error);

    g_assert_no_error(error);
    return g_strdup(nmnvme_state_lookup_owner(record, "stor0"));
}

/*****************************************************************************/
/* The main loop */

typedef gboolean (*Condition)(Fixture *f);

static gboolean
on_tick(gpointer user_data)
{
    return G_SOURCE_CONTINUE;
}

/* One main loop iteration, at most 50 ms of waiting; fails after 10 s from
 * @start. */
static void
iterate_until(gint64 start)
{
    guint tick = g_timeout_add(50, on_tick, NULL);

    g_assert_cmpint(g_get_monotonic_time() - start, <, 10 * G_USEC_PER_SEC);
    g_main_context_iteration(NULL, TRUE);
    g_source_remove(tick);
}

static void
wait_for(Fixture *f, Condition done)
{
    gint64 start = g_get_monotonic_time();

    while (!done(f))
        iterate_until(start);
}

static gboolean
nvme1_ours(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return g_strcmp0(device, "nvme1 ours") == 0;
}

static gboolean
nvme1_not_ours(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return g_strcmp0(device, "nvme1 not-ours") == 0;
}

/* Lets the workers and timers run for @ms. */
static void
run_for(guint ms)
{
    gint64 end = g_get_monotonic_time() + ms * 1000;

    while (g_get_monotonic_time() < end)
        g_main_context_iteration(NULL, FALSE);
}

typedef struct {
    gboolean done;
    gboolean ok;
} Detached;

static void
on_detached(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Detached *d             = user_data;
    g_autoptr(GError) error = NULL;

    d->ok   = nmnvme_engine_detach_finish(NMNVME_ENGINE(source), result, &error);
    d->done = TRUE;
    g_assert_no_error(error);
}

static void
wait_detached(Detached *d)
{
    gint64 start = g_get_monotonic_time();

    while (!d->done)
        iterate_until(start);
    g_assert_true(d->ok);
}

static void
detach(Fixture *f, NMNvmeDetachReason reason, Detached *d)
{
    nmnvme_engine_detach_async(f->engine, "stor0", reason, NULL, on_detached, d);
}

/* A session of stor0 that adopted our nvme1 (registry: nm-nvme). */
static void
attach_with_nvme1(Fixture *f)
{
    make_ctrl(f, "nvme1", ADDRESS "\n");
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, 90, NULL));
    start_engine(f);
    attach(f, "dispatcher:A");
    wait_for(f, nvme1_ours);
}

/*****************************************************************************/
/* Defect 1: a recycled controller name */

/* Link lost, the daemon killed (the record says suspended, nvme1 ours),
 * nvme1 removed and its name reused by a hand-made controller, the daemon
 * restarted, then deactivate. With @same_trid the new controller has our
 * transport ID (host_iface included) and our registry entry outlived the
 * old one (no libnvme3 udev rule, no scan since: the session is
 * suspended): only its sysfs node tells it apart. */
static void
restore_recycled_then_deactivate(Fixture *f, const char *address)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;

    attach_with_nvme1(f);
    detach(f, NMNVME_DETACH_LINK_LOST, &d);
    wait_detached(&d);
    g_clear_object(&f->engine); /* "kill -9": records kept, nothing disconnected */

    if (address)
        make_ctrl(f, "nvme1", address); /* removed, then the name reused */
    start_engine(f);
    {
        g_autofree char *state = session_string(f, "state");

        g_assert_cmpstr(state, ==, "suspended");
    }
    d = (Detached){ 0 };
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    if (address) {
        g_assert_cmpstr(deleted, ==, ""); /* the hand-made controller is left alone */
        g_assert_cmpuint(count_warnings("*nvme1 is no longer *(the name was reused): not deleted*"),
                         ==,
                         1);
    } else {
        g_assert_cmpstr(deleted, ==, "1"); /* still ours: deleted */
    }
}

static void
test_recycled_same_trid(Fixture *f, gconstpointer data)
{
    restore_recycled_then_deactivate(f, ADDRESS "\n");
}

static void
test_recycled_other_trid(Fixture *f, gconstpointer data)
{
    /* `nvme connect` without --host-iface: refused by the transport ID */
    restore_recycled_then_deactivate(f, "traddr=192.168.77.100,trsvcid=4420\n");
}

static void
test_not_recycled(Fixture *f, gconstpointer data)
{
    restore_recycled_then_deactivate(f, NULL);
}

/* The same without the link loss: the restored session scans, sees another
 * controller under nvme1 with our transport ID and our registry entry, and
 * uses it without taking it for ours; deactivate leaves it connected. */
static void
test_recycled_restored_active(Fixture *f, gconstpointer data)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;
    g_autofree char *device  = NULL;

    attach_with_nvme1(f);
    g_clear_object(&f->engine); /* the record is written as the engine goes */
    make_ctrl(f, "nvme1", ADDRESS "\n");
    start_engine(f);
    for (guint i = 0; i < 30 && !nvme1_not_ours(f); i++)
        run_for(100);
    device = io_device(f);
    g_assert_cmpstr(device, ==, "nvme1 not-ours");
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
}

/*****************************************************************************/
/* Defect 2: scans */

static gboolean
warned_unreadable(Fixture *f)
{
    return count_warnings("*nvme2 left out of scans*") > 0;
}

static gboolean
warned_scan_failed(Fixture *f)
{
    return count_warnings("*scanning controllers: *keeping what was known, will retry in 3 s*") > 0;
}

/* Another tool's half-made controller (an empty required attribute) does
 * not make the session forget its own: skipped, logged once. */
static void
test_scan_skips_unreadable(Fixture *f, gconstpointer data)
{
    g_autofree char *bad    = g_build_filename(f->class_dir, "nvme2", NULL);
    g_autofree char *device = NULL;

    attach_with_nvme1(f);
    make_ctrl(f, "nvme2", "traddr=192.168.77.101,trsvcid=4420\n");
    write_file(bad, "state", "\n");
    for (guint i = 0; i < 3; i++) {
        g_assert_true(nmnvme_engine_reload(f->engine, NULL)); /* a rescan each */
        run_for(300);
    }
    device = io_device(f);
    g_assert_cmpstr(device, ==, "nvme1 ours");
    wait_for(f, warned_unreadable);
    g_assert_cmpuint(count_warnings("*nvme2 left out of scans while it cannot be read:*"), ==, 1);
    g_assert_cmpuint(count_warnings("*is gone or no longer*"), ==, 0);
}

/* A scan that fails as a whole keeps the previous view and is retried
 * after a delay. */
static void
test_scan_failure_keeps_view(Fixture *f, gconstpointer data)
{
    g_autofree char *moved  = g_strconcat(f->class_dir, ".away", NULL);
    g_autofree char *device = NULL;

    attach_with_nvme1(f);
    g_assert_cmpint(g_rename(f->class_dir, moved), ==, 0);
    write_file(f->root, "class/nvme", "not a folder\n");
    g_assert_true(nmnvme_engine_reload(f->engine, NULL));
    run_for(500);
    device = io_device(f);
    g_assert_cmpstr(device, ==, "nvme1 ours");
    wait_for(f, warned_scan_failed);
    /* no tight loop: one failed scan, the retry waits its 3 s */
    g_assert_cmpuint(count_warnings("*scanning controllers:*"), ==, 1);
}

/*****************************************************************************/
/* Defect 3: owner changes reach the record before Attach returns */

static void
test_owner_on_record(Fixture *f, gconstpointer data)
{
    g_autofree char *first  = NULL;
    g_autofree char *second = NULL;

    start_engine(f);
    attach(f, "dispatcher:A");
    first = recorded_owner(f);
    g_assert_cmpstr(first, ==, "dispatcher:A");
    attach(f, "vpn:B"); /* same settings, another owner */
    second = recorded_owner(f);
    g_assert_cmpstr(second, ==, "vpn:B");
}

/*****************************************************************************/
/* Defect 4: an Attach during a teardown */

static void
test_attach_during_teardown(Fixture *f, gconstpointer data)
{
    Detached         d     = { 0 };
    g_autofree char *state = NULL;
    g_autofree char *pend  = NULL;
    g_autofree char *rec   = NULL;
    g_autofree char *owner = NULL;
    g_autofree char *after = NULL;

    attach_with_nvme1(f);
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    g_assert_false(d.done);    /* the disconnect runs on a worker */
    attach(f, "dispatcher:B"); /* accepted, queued */
    state = session_string(f, "state");
    pend  = session_string(f, "attach-pending");
    rec   = recorded_owner(f);
    g_assert_cmpstr(state, ==, "stopping");
    g_assert_cmpstr(pend, ==, "dispatcher:B");
    g_assert_cmpstr(rec, ==, "dispatcher:B");
    wait_detached(&d);
    owner = session_string(f, "owner");
    after = session_string(f, "state");
    g_assert_cmpstr(owner, ==, "dispatcher:B");
    g_assert_cmpstr(after, ==, "active");
    g_clear_pointer(&pend, g_free);
    pend = session_string(f, "attach-pending");
    g_assert_null(pend);
}

/* Attach, then Detach, during a teardown: the latest call wins. */
static void
test_detach_after_queued_attach(Fixture *f, gconstpointer data)
{
    Detached d1 = { 0 }, d2 = { 0 };
    g_autoptr(GVariant) s = NULL;
    g_autofree char *rec  = NULL;

    attach_with_nvme1(f);
    detach(f, NMNVME_DETACH_DEACTIVATE, &d1);
    attach(f, "dispatcher:B");
    detach(f, NMNVME_DETACH_DEACTIVATE, &d2);
    rec = recorded_owner(f);
    g_assert_null(rec);
    wait_detached(&d1);
    wait_detached(&d2);
    s = lookup_session(f);
    g_assert_null(s);
}

/*****************************************************************************/
/* /run full (ENOSPC): the lab fault 'run-full'. A file where the registry
 * folder (or the record's) should be makes the writes fail for real. */

/* Makes the writes under @dir fail (a file in its place), or with @full
 * FALSE, work again. */
static void
set_full(const char *dir, gboolean full)
{
    g_autofree char *parent = g_path_get_dirname(dir);

    nmnvme_test_rm_rf(dir);
    if (full) {
        g_assert_cmpint(g_mkdir_with_parents(parent, 0755), ==, 0);
        g_assert_true(g_file_set_contents(dir, "", -1, NULL));
    }
}

static gboolean
nvme1_registered(Fixture *f)
{
    g_autofree char *owner = nmnvme_registry_get_owner(f->registry, "nvme1");

    return g_strcmp0(owner, NMNVME_REGISTRY_OWNER) == 0;
}

/* Our nvme1 on our record, its registry entry lost and not writable: the
 * restored session keeps it as ours (the same sysfs inode), warns once
 * while the writes fail, writes the entry once /run has room, and
 * deactivate deletes it. */
static void
test_registry_full_stays_ours(Fixture *f, gconstpointer data)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *device  = NULL;
    g_autofree char *deleted = NULL;

    attach_with_nvme1(f);
    g_clear_object(&f->engine); /* the record is written as the engine goes */
    set_full(f->paths[3], TRUE);
    start_engine(f);
    run_for(2500); /* the scan, and failed writes at 1 and 2 s */
    device = io_device(f);
    g_assert_cmpstr(device, ==, "nvme1 ours");
    g_assert_cmpuint(count_warnings("*nvme1 has no entry in the ownership registry*"), ==, 1);
    g_assert_false(nvme1_registered(f));
    set_full(f->paths[3], FALSE);
    wait_for(f, nvme1_registered);
    g_clear_pointer(&device, g_free);
    device = io_device(f);
    g_assert_cmpstr(device, ==, "nvme1 ours");
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "1");
}

/* The same, but deactivated while the registry is still full: ours all the
 * same, deleted. */
static void
test_registry_full_deactivate(Fixture *f, gconstpointer data)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;

    attach_with_nvme1(f);
    g_clear_object(&f->engine);
    set_full(f->paths[3], TRUE);
    start_engine(f);
    run_for(500);
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "1");
}

/* While our entry is missing, another owner registers nvme1: never claimed
 * back, never deleted. */
static void
test_registry_full_other_owner(Fixture *f, gconstpointer data)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;
    g_autofree char *owner   = NULL;

    attach_with_nvme1(f);
    g_clear_object(&f->engine);
    set_full(f->paths[3], TRUE);
    start_engine(f);
    run_for(1500);
    g_assert_true(nvme1_ours(f));
    set_full(f->paths[3], FALSE);
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", "someone", 200, NULL));
    wait_for(f, nvme1_not_ours);
    owner = nmnvme_registry_get_owner(f->registry, "nvme1");
    g_assert_cmpstr(owner, ==, "someone");
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
}

static gboolean
record_saved(Fixture *f)
{
    g_autoptr(GVariant) record = nmnvme_state_load(f->state_dir, NULL);

    return record && g_strcmp0(nmnvme_state_lookup_owner(record, "stor0"), "dispatcher:A") == 0;
}

/* The record cannot be saved: one warning, retried until it is (the
 * dispatcher's pre-down decides on Detach by it). Nothing changes in the
 * session meanwhile: only the retry writes it. */
static void
test_record_full_retried(Fixture *f, gconstpointer data)
{
    make_ctrl(f, "nvme1", ADDRESS "\n");
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, 90, NULL));
    set_full(f->state_dir, TRUE);
    start_engine(f);
    attach(f, "dispatcher:A");
    wait_for(f, nvme1_ours);
    run_for(2500);
    g_assert_cmpuint(count_warnings("*saving ownership records*"), ==, 1);
    g_assert_false(record_saved(f));
    set_full(f->state_dir, FALSE);
    wait_for(f, record_saved);
}


/*****************************************************************************/
/* Connect intents: a daemon killed during a connect write (issue 14, the
 * leaked nvme43 of the fault suite) */

static GPtrArray *
load_intents(Fixture *f)
{
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *intents            = nmnvme_connect_intent_load_all(f->state_dir, problems);

    g_assert_cmpuint(problems->len, ==, 0);
    return intents;
}

static gboolean
one_intent(Fixture *f)
{
    g_autoptr(GPtrArray) intents = load_intents(f);

    return intents->len == 1;
}

static gboolean
no_intent(Fixture *f)
{
    g_autoptr(GPtrArray) intents = load_intents(f);

    return intents->len == 0;
}

/* The fabrics device as a FIFO kept full: the worker's write blocks in it. */
static int
fabrics_fifo_full(Fixture *f, gsize *out_filled)
{
    char  chunk[4096];
    gsize filled = 0;
    int   fd;

    memset(chunk, 'x', sizeof(chunk));
    g_assert_cmpint(mkfifo(f->paths[1], 0600), ==, 0);
    fd = open(f->paths[1], O_RDWR | O_NONBLOCK | O_CLOEXEC);
    g_assert_cmpint(fd, >=, 0);
    for (;;) {
        ssize_t n = write(fd, chunk, sizeof(chunk));

        if (n < 0) {
            g_assert_cmpint(errno, ==, EAGAIN);
            break;
        }
        filled += n;
    }
    *out_filled = filled;
    return fd;
}

/* Reads @len bytes (0: all there is) from the front of the FIFO. */
static void
fifo_read(int fd, gsize len)
{
    char   buf[4096];
    gint64 start = g_get_monotonic_time();
    gsize  want  = len ? len : G_MAXSIZE;

    while (want > 0) {
        ssize_t n = read(fd, buf, MIN(want, sizeof(buf)));

        if (n < 0 && errno == EAGAIN && !len)
            return;
        if (n < 0) {
            g_assert_cmpint(errno, ==, EAGAIN);
            iterate_until(start);
            continue;
        }
        want -= n;
    }
}

/* The intent is on disk, whole, while the write to the fabrics device has
 * not happened yet (it blocks in the full FIFO); a connect that fails
 * removes it. */
static void
test_intent_saved_before_write(Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) intents   = NULL;
    const NMNvmeConnectIntent *got = NULL;
    gsize                      filled;
    int                        fd, queued = -1;

    start_engine(f); /* its fabrics options: none, every option passed */
    fd = fabrics_fifo_full(f, &filled);
    attach(f, "dispatcher:A");
    wait_for(f, one_intent);
    g_assert_cmpint(ioctl(fd, FIONREAD, &queued), ==, 0);
    g_assert_cmpint(queued, ==, (int) filled); /* nothing written yet */
    intents = load_intents(f);
    got     = intents->pdata[0];
    g_assert_cmpstr(got->iface, ==, "stor0");
    g_assert_cmpstr(got->hostnqn, ==, HOSTNQN);
    g_assert_cmpstr(nmnvme_trid_get_subsysnqn(got->trid), ==, VOL1);
    g_assert_cmpstr(nmnvme_trid_get_traddr(got->trid), ==, "192.168.77.100");
    g_assert_cmpstr(nmnvme_trid_get_host_iface(got->trid), ==, "stor0");
    g_assert_cmpuint(got->seqnum, ==, 100);
    /* room for the write (at most PIPE_BUF bytes: written whole); the
     * worker then reads filler, not "instance=N": the connect fails, and
     * its intent goes */
    fifo_read(fd, 4096);
    wait_for(f, no_intent);
    fifo_read(fd, 0); /* room for the retries */
    close(fd);
}

#define N_PLANNED 5

/* How many of stor0's I/O controllers are in @state. */
static guint
iocs_in_state(Fixture *f, const char *state)
{
    g_autoptr(GVariant) s    = lookup_session(f);
    g_autoptr(GVariant) iocs = s ? g_variant_lookup_value(s, "io-controllers", NULL) : NULL;
    guint n                  = 0;

    for (gsize i = 0; iocs && i < g_variant_n_children(iocs); i++) {
        g_autoptr(GVariant) ioc = g_variant_get_child_value(iocs, i);
        const char *value       = NULL;

        if (g_variant_lookup(ioc, "state", "&s", &value) && g_strcmp0(value, state) == 0)
            n++;
    }
    return n;
}

static gboolean
all_planned_tried(Fixture *f)
{
    return iocs_in_state(f, "retry-wait") == N_PLANNED;
}

/* A plan's connects are started two ahead of the kernel, not all at once:
 * while the first write blocks (the FIFO is full), one more is connecting
 * (queued on the worker) and the rest wait, idle; each connect that ends
 * starts the next, until every one was tried. */
static void
test_connects_paced(Fixture *f, gconstpointer data)
{
    g_autoptr(GString) uris = g_string_new(NULL);
    g_autoptr(GHashTable) settings_data = NULL;
    g_autoptr(NMNvmeSettings) settings  = NULL;
    g_autoptr(GError) error             = NULL;
    gsize filled;
    int   fd;

    for (guint i = 1; i <= N_PLANNED; i++)
        g_string_append_printf(uris, "%snvme+tcp://192.168.77.100:4420/nqn.2026-01.com.example:vol%u",
                               i > 1 ? " " : "", i);
    settings_data = nmnvme_test_dict("nvme.controllers", uris->str, NULL);
    settings      = nmnvme_settings_new_from_data(settings_data, &error);
    g_assert_no_error(error);
    start_engine(f);
    fd = fabrics_fifo_full(f, &filled);
    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, "cli", &error));
    g_assert_no_error(error);
    wait_for(f, one_intent);
    run_for(300);
    g_assert_cmpuint(iocs_in_state(f, "connecting"), ==, 2);
    g_assert_cmpuint(iocs_in_state(f, "idle"), ==, N_PLANNED - 2);
    /* the next connects find no fabrics device; the blocked one gets room
     * and reads back filler, not "instance=N": each of them fails */
    g_assert_cmpint(g_unlink(f->paths[1]), ==, 0);
    fifo_read(fd, 4096);
    wait_for(f, all_planned_tried);
    close(fd);
}

static gboolean
nvme7_ours(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return g_strcmp0(device, "nvme7 ours") == 0;
}

/* A connect that works (the fake device answers "instance=7") is
 * registered as ours and leaves no intent. */
static void
test_intent_cleared_after_success(Fixture *f, gconstpointer data)
{
    g_autoptr(GString) reply = g_string_new(NULL);
    g_autofree char *owner   = NULL;

    start_engine(f);
    /* whatever the option string's length, the next read finds a reply */
    for (guint i = 0; i < 100; i++)
        g_string_append(reply, "instance=7,cntlid=1\n");
    g_assert_true(g_file_set_contents(f->paths[1], reply->str, -1, NULL));
    make_ctrl_placeholder(f, "nvme7");
    attach(f, "dispatcher:A");
    wait_for(f, nvme7_ours);
    owner = nmnvme_registry_get_owner(f->registry, "nvme7");
    g_assert_cmpstr(owner, ==, NMNVME_REGISTRY_OWNER);
    g_assert_true(no_intent(f));
}

static gboolean
nvme7_registered(Fixture *f)
{
    g_autofree char *owner = nmnvme_registry_get_owner(f->registry, "nvme7");

    return g_strcmp0(owner, NMNVME_REGISTRY_OWNER) == 0;
}

/* Our registry entry cannot be written after the connect (/run full): the
 * intent stays, the only proof the controller is ours should the daemon
 * die now; once the entry's retry writes it, the intent goes. (The fake
 * kernel answers "instance=7" and nvme7 is in sysfs, for its inode: under
 * another subsystem, so that the first scan does not take it for vol1.) */
static void
test_intent_kept_until_registered(Fixture *f, gconstpointer data)
{
    g_autoptr(GString) reply = g_string_new(NULL);

    make_ctrl(f, "nvme7", "traddr=192.168.77.101,trsvcid=4420\n");
    start_engine(f);
    for (guint i = 0; i < 100; i++)
        g_string_append(reply, "instance=7,cntlid=1\n");
    g_assert_true(g_file_set_contents(f->paths[1], reply->str, -1, NULL));
    set_full(f->paths[3], TRUE);
    attach(f, "dispatcher:A");
    wait_for(f, nvme7_ours);
    g_assert_false(nvme7_registered(f));
    g_assert_true(one_intent(f));
    set_full(f->paths[3], FALSE);
    wait_for(f, nvme7_registered);
    wait_for(f, no_intent);
}

typedef enum {
    INTENT_MATCHES,      /* the controller its write made: adopted */
    INTENT_OTHER_TRID,   /* an intent for another subsystem */
    INTENT_OTHER_HOST,   /* the same transport ID, another host NQN */
    INTENT_FOREIGN,      /* the controller registered by another owner */
    INTENT_WAS_THERE,    /* the controller was there before the intent */
} IntentCase;

/* The restored session's stor0, with an intent left for @subsysnqn and
 * @hostnqn (noting what is in sysfs now). */
static void
save_intent(Fixture *f, const char *subsysnqn, const char *hostnqn)
{
    g_autoptr(NMNvmeTrid) trid =
        nmnvme_trid_new("tcp", "192.168.77.100", "4420", subsysnqn, NULL, "stor0");
    g_autoptr(NMNvmeConnectIntent) intent = nmnvme_connect_intent_new(trid, hostnqn, "stor0");
    g_autoptr(GError) error               = NULL;

    intent->seqnum = 95;
    nmnvme_connect_intent_note_present(intent, f->class_dir);
    g_assert_true(nmnvme_connect_intent_save(f->state_dir, intent, &error));
    g_assert_no_error(error);
}

/* A session of stor0 wanting vol1, on the record; then "kill -9" during a
 * connect write: an intent on disk, nvme1 in sysfs with no registry entry
 * (by @c, another intent, another owner, or there before); then the
 * restart and a deactivate. */
static void
restore_with_intent(Fixture *f, IntentCase c)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;
    g_autofree char *owner   = NULL;

    start_engine(f);
    attach(f, "dispatcher:A"); /* no fabrics device: its connects fail */
    g_clear_object(&f->engine);
    g_assert_true(no_intent(f));

    if (c == INTENT_WAS_THERE)
        make_ctrl(f, "nvme1", ADDRESS "\n");
    save_intent(f,
                c == INTENT_OTHER_TRID ? VOL2 : VOL1,
                c == INTENT_OTHER_HOST ? "nqn.2014-08.org.nvmexpress:uuid:other" : HOSTNQN);
    if (c != INTENT_WAS_THERE)
        make_ctrl(f, "nvme1", ADDRESS "\n"); /* what the write made */
    if (c == INTENT_FOREIGN)
        g_assert_true(nmnvme_registry_add(f->registry, "nvme1", "someone", 96, NULL));

    start_engine(f);
    if (c == INTENT_MATCHES) {
        wait_for(f, nvme1_ours);
        wait_for(f, nvme1_registered);
    } else {
        wait_for(f, nvme1_not_ours);
        run_for(300);
        g_assert_true(nvme1_not_ours(f));
    }
    wait_for(f, no_intent); /* resolved either way */
    owner = nmnvme_registry_get_owner(f->registry, "nvme1");
    g_assert_cmpstr(owner,
                    ==,
                    c == INTENT_MATCHES ? NMNVME_REGISTRY_OWNER
                    : c == INTENT_FOREIGN ? "someone"
                                          : "");
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, c == INTENT_MATCHES ? "1" : "");
}

static void
test_intent_restore(Fixture *f, gconstpointer data)
{
    restore_with_intent(f, GPOINTER_TO_INT(data));
}

/*****************************************************************************/
/* NBFT (issue 15): sessions of HFIs, boot controllers never disconnected */

#define NBFT_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:0b0b0b0b-0000-4000-8000-000000000001"
#define NBFT_HOSTID  "0b0b0b0b-0000-4000-8000-000000000001"
#define BOOT_NQN     "nqn.2026-01.com.example:boot"
#define BOOT_URI     "nvme+tcp://192.168.77.100:4420/" BOOT_NQN
#define HFI_MAC      "52:54:00:12:34:56"
/* what `nvme connect-all --nbft` in the initramfs makes: no host_iface */
#define INITRAMFS_ADDRESS "traddr=192.168.77.100,trsvcid=4420,host_traddr=192.168.77.1\n"
#define BOOT_ADDRESS      "traddr=192.168.77.100,trsvcid=4420,host_iface=stor0\n"

/* A table with HFI 1 (HFI_MAC on @vlan) and the boot subsystem through it,
 * or instead, with @discovery, a discovery record through it. */
static void
set_nbft_full(Fixture *f, guint16 vlan, gboolean discovery)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NBFT_HOSTNQN, NBFT_HOSTID);
    NMNvmeNbftHfi    *hfi      = nmnvme_nbft_hfi_new();
    NMNvmeNbftSubsys *subsys   = nmnvme_nbft_subsys_new();
    const guint       one      = 1;

    hfi->index     = 1;
    hfi->transport = g_strdup("tcp");
    hfi->vlan      = vlan;
    g_assert_true(nmnvme_nbft_parse_mac(HFI_MAC, hfi->mac));
    nmnvme_nbft_add_hfi(nbft, hfi);
    subsys->index     = 1;
    subsys->transport = g_strdup("tcp");
    subsys->traddr    = g_strdup("192.168.77.100");
    subsys->trsvcid   = g_strdup("4420");
    subsys->subsysnqn = g_strdup(BOOT_NQN);
    subsys->hdr_digest = TRUE; /* the firmware's digest flags reach the connect */
    g_array_append_val(subsys->hfis, one);
    if (discovery) {
        NMNvmeNbftDiscovery *disc = nmnvme_nbft_discovery_new();

        disc->index     = 1;
        disc->hfi_index = 1;
        disc->uri       = g_strdup("nvme+tcp://192.168.77.100:8009/");
        nmnvme_nbft_add_discovery(nbft, disc);
        nmnvme_nbft_subsys_free(subsys);
    } else {
        nmnvme_nbft_add_subsys(nbft, subsys);
    }
    nmnvme_engine_set_nbft(f->engine, nbft);
}

static void
set_nbft(Fixture *f, guint16 vlan)
{
    set_nbft_full(f, vlan, FALSE);
}

/* stor0's MAC address (sysfs) and, when @vlan, its /proc/net/vlan file. */
static void
set_stor0(Fixture *f, const char *mac, guint16 vlan)
{
    g_autofree char *dir   = g_build_filename(f->paths[6], "stor0", NULL);
    g_autofree char *line  = g_strconcat(mac, "\n", NULL);
    g_autofree char *vfile = NULL;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    g_assert_cmpint(g_mkdir_with_parents(f->paths[7], 0755), ==, 0);
    write_file(dir, "address", line);
    if (vlan) {
        vfile = g_strdup_printf("stor0  VID: %u\t REORDER_HDR: 1  dev->priv_flags: 1001\n", vlan);
        write_file(f->paths[7], "stor0", vfile);
    }
}

/* A regular file as /dev/nvme-fabrics, written after the engine read the
 * kernel's options from it (none: every option passed): a connect writes
 * its options over the start and reads on from there, where it finds
 * "instance=5": every connect makes nvme5, and the file's start shows the
 * last options written. */
static void
fake_fabrics(Fixture *f)
{
    g_autoptr(GString) text = g_string_new(NULL);

    for (guint i = 0; i < 400; i++)
        g_string_append(text, "instance=5,cntlid=1,");
    g_assert_true(g_file_set_contents(f->paths[1], text->str, -1, NULL));
}

static char *
fabrics_written(Fixture *f)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(f->paths[1], &text, NULL, NULL));
    return text;
}

static void
attach_empty(Fixture *f, const char *owner)
{
    g_autoptr(GHashTable) data         = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, NULL);
    g_autoptr(GError) error            = NULL;

    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, owner, &error));
    g_assert_no_error(error);
}

static void
attach_with(Fixture *f, const char *key, const char *value, const char *key2, const char *value2)
{
    g_autoptr(GHashTable) data         = nmnvme_test_dict(key, value, key2, value2, NULL);
    g_autoptr(GError) error            = NULL;
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, &error);

    g_assert_no_error(error);
    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, "dispatcher:A", &error));
    g_assert_no_error(error);
}

static gboolean
nvme5_registered_nbft(Fixture *f)
{
    g_autofree char *owner = nmnvme_registry_get_owner(f->registry, "nvme5");

    return g_strcmp0(owner, NMNVME_NBFT_OWNER) == 0;
}

static gboolean
nvme5_not_ours(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return g_strcmp0(device, "nvme5 not-ours") == 0;
}

static guint
session_hfi(Fixture *f)
{
    g_autoptr(GVariant) s = lookup_session(f);
    guint hfi             = 0;

    g_assert_nonnull(s);
    g_assert_true(g_variant_lookup(s, "nbft-hfi", "u", &hfi));
    return hfi;
}

static gboolean
has_session(Fixture *f)
{
    g_autoptr(GVariant) s = lookup_session(f);

    return s != NULL;
}

/* An Attach without nvme.* keys on an HFI: a session that connects the
 * missing boot controller with the NBFT's host identity and host_iface,
 * registered as nvme-cli does ("nbft"), never ours: deactivate leaves it. */
static void
test_nbft_connects_missing(Fixture *f, gconstpointer data)
{
    Detached         d       = { 0 };
    g_autofree char *written = NULL;
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme5", NULL);
    g_autofree char *deleted = NULL;

    set_stor0(f, HFI_MAC, 0);
    start_engine(f);
    set_nbft(f, 0);
    fake_fabrics(f);
    attach_empty(f, "dispatcher:A");
    wait_for(f, has_session);
    g_assert_cmpuint(session_hfi(f), ==, 1);
    wait_for(f, nvme5_registered_nbft);
    written = fabrics_written(f);
    g_assert_nonnull(strstr(written, "nqn=" BOOT_NQN ",hostnqn=" NBFT_HOSTNQN ",hostid=" NBFT_HOSTID
                                     ",host_iface=stor0,"));
    g_assert_null(strstr(written, HOSTNQN));
    g_assert_nonnull(strstr(written, ",hdr_digest,"));
    g_assert_null(strstr(written, "data_digest"));
    make_ctrl_full(f, "nvme5", BOOT_ADDRESS, BOOT_NQN, NBFT_HOSTNQN);
    wait_for(f, nvme5_not_ours);
    detach(f, NMNVME_DETACH_DEACTIVATE, &d);
    wait_detached(&d);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
    g_assert_true(nvme5_registered_nbft(f));
}

/* The boot controller the initramfs connected (no host_iface, another host
 * NQN, registered "nbft") is used, not connected a second time. */
static void
test_nbft_uses_existing(Fixture *f, gconstpointer data)
{
    g_autofree char *written = NULL;

    make_ctrl_full(f, "nvme1", INITRAMFS_ADDRESS, BOOT_NQN, HOSTNQN);
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", NMNVME_NBFT_OWNER, 90, NULL));
    set_stor0(f, HFI_MAC, 0);
    start_engine(f);
    set_nbft(f, 0);
    fake_fabrics(f);
    attach_empty(f, "dispatcher:A");
    wait_for(f, nvme1_not_ours);
    run_for(300);
    written = fabrics_written(f);
    g_assert_true(g_str_has_prefix(written, "instance=5,")); /* no connect written */
    g_assert_cmpuint(session_hfi(f), ==, 1);
}

/* The same through a VLAN: the HFI's VLAN ID is the interface's. */
static void
test_nbft_vlan(Fixture *f, gconstpointer data)
{
    make_ctrl_full(f, "nvme1", INITRAMFS_ADDRESS, BOOT_NQN, HOSTNQN);
    set_stor0(f, HFI_MAC, 20);
    start_engine(f);
    set_nbft(f, 20);
    attach_empty(f, "dispatcher:A");
    wait_for(f, nvme1_not_ours);
    g_assert_cmpuint(session_hfi(f), ==, 1);
}

/* Not an HFI (another MAC, or the right MAC on another VLAN), or no NBFT at
 * all: an Attach without nvme.* keys succeeds and makes no session. */
static void
no_session_for(Fixture *f, const char *mac, guint16 vlan, gboolean with_nbft)
{
    set_stor0(f, mac, vlan);
    start_engine(f);
    if (with_nbft)
        set_nbft(f, 0);
    attach_empty(f, "dispatcher:A");
    run_for(300);
    g_assert_false(has_session(f));
}

static void
test_nbft_not_hfi(Fixture *f, gconstpointer data)
{
    no_session_for(f, "52:54:00:12:34:99", 0, TRUE);
}

static void
test_nbft_other_vlan(Fixture *f, gconstpointer data)
{
    no_session_for(f, HFI_MAC, 30, TRUE);
}

static void
test_nbft_none(Fixture *f, gconstpointer data)
{
    no_session_for(f, HFI_MAC, 0, FALSE);
}

/* An interface with settings of its own is matched too: it also wants the
 * HFI's subsystems, next to its configured controllers. */
static void
test_nbft_with_settings(Fixture *f, gconstpointer data)
{
    make_ctrl_full(f, "nvme1", INITRAMFS_ADDRESS, BOOT_NQN, HOSTNQN);
    set_stor0(f, HFI_MAC, 0);
    start_engine(f);
    set_nbft(f, 0);
    attach_with(f, "nvme.kato", "30", NULL, NULL);
    wait_for(f, nvme1_not_ours);
    g_assert_cmpuint(session_hfi(f), ==, 1);
}

static gboolean
nvme5_registered_ours(Fixture *f)
{
    g_autofree char *owner = nmnvme_registry_get_owner(f->registry, "nvme5");

    return g_strcmp0(owner, NMNVME_REGISTRY_OWNER) == 0;
}

/* (transfer full): the device of stor0's first discovery controller. */
static char *
dc_device(Fixture *f)
{
    g_autoptr(GVariant) s   = lookup_session(f);
    g_autoptr(GVariant) dcs = s ? g_variant_lookup_value(s, "discovery-controllers", NULL) : NULL;
    g_autoptr(GVariant) dc  = NULL;
    const char *device      = "";

    if (!dcs || g_variant_n_children(dcs) == 0)
        return g_strdup("");
    dc = g_variant_get_child_value(dcs, 0);
    g_variant_lookup(dc, "device", "&s", &device);
    return g_strdup(device);
}

/* The engine has taken in the connect that made nvme5 (its registry entry,
 * written by the connect's worker, comes before this). */
static gboolean
dc_is_nvme5(Fixture *f)
{
    g_autofree char *device = dc_device(f);

    return g_strcmp0(device, "nvme5") == 0;
}

/* An NBFT discovery record is a discovery controller like `nvme.discovery`
 * ones, with the NBFT's host NQN, ours; a daemon restart before the table
 * is read again (the session not told its HFI yet) keeps it: no
 * disconnect, no second connect. */
static void
test_nbft_discovery_restart(Fixture *f, gconstpointer data)
{
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme5", NULL);
    g_autofree char *written = NULL;
    g_autofree char *deleted = NULL;
    g_autofree char *device  = NULL;

    set_stor0(f, HFI_MAC, 0);
    start_engine(f);
    set_nbft_full(f, 0, TRUE);
    fake_fabrics(f);
    make_ctrl_placeholder(f, "nvme5");
    attach_empty(f, "dispatcher:A");
    /* the session's view, not the registry: the worker writes the entry
     * before the main loop hears of the connect, and the record written as
     * the engine goes below is the session's */
    wait_for(f, dc_is_nvme5);
    g_assert_true(nvme5_registered_ours(f));
    written = fabrics_written(f);
    g_assert_nonnull(strstr(written,
                            "traddr=192.168.77.100,trsvcid=8009,nqn=nqn.2014-08.org.nvmexpress.discovery,"
                            "hostnqn=" NBFT_HOSTNQN ",hostid=" NBFT_HOSTID ",host_iface=stor0,"));
    fill_ctrl(dir,
              "traddr=192.168.77.100,trsvcid=8009,host_iface=stor0\n",
              "nqn.2014-08.org.nvmexpress.discovery",
              NBFT_HOSTNQN,
              "discovery");
    g_clear_object(&f->engine); /* the record is written as the engine goes */
    fake_fabrics(f);
    start_engine(f); /* no table yet */
    run_for(1000);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
    device = dc_device(f);
    g_assert_cmpstr(device, ==, "nvme5");
    set_nbft_full(f, 0, TRUE);
    run_for(500);
    g_clear_pointer(&deleted, g_free);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
    g_clear_pointer(&written, g_free);
    written = fabrics_written(f);
    g_assert_true(g_str_has_prefix(written, "instance=5,")); /* not connected again */
}

/* Boot controllers are never disconnected, for any reason. nvme1 is the
 * boot subsystem's controller, connected by us (registry nm-nvme) for a
 * configured `nvme.controllers` entry before the NBFT was known: without
 * the NBFT it would be ours and go (test_not_recycled). */
typedef enum {
    EVENT_DEACTIVATE,
    EVENT_LINK_LOST,    /* with nvme.on-link-loss=disconnect */
    EVENT_NOT_WANTED,   /* new settings without it: a log change's path */
    EVENT_EXCLUDED,     /* the host-wide exclusion list names it */
    EVENT_DAEMON_STOP,  /* the engine goes, then comes back */
} BootEvent;

static gboolean
nvme1_used(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return g_str_has_prefix(device, "nvme1 ");
}

static gboolean
no_io_device(Fixture *f)
{
    g_autofree char *device = io_device(f);

    return !*device;
}

static void
boot_survives(Fixture *f, BootEvent event)
{
    Detached         d       = { 0 };
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;
    g_autofree char *owner   = NULL;

    make_ctrl_full(f, "nvme1", BOOT_ADDRESS, BOOT_NQN, HOSTNQN);
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, 90, NULL));
    set_stor0(f, "52:54:00:12:34:99", 0); /* no HFI: no session of the NBFT's */
    start_engine(f);
    set_nbft(f, 0);
    attach_with(f, "nvme.controllers", BOOT_URI, "nvme.on-link-loss", "disconnect");
    wait_for(f, nvme1_used);
    switch (event) {
    case EVENT_DEACTIVATE:
        detach(f, NMNVME_DETACH_DEACTIVATE, &d);
        wait_detached(&d);
        break;
    case EVENT_LINK_LOST:
        detach(f, NMNVME_DETACH_LINK_LOST, &d);
        wait_detached(&d);
        break;
    case EVENT_NOT_WANTED:
        attach_with(f, "nvme.kato", "30", NULL, NULL);
        wait_for(f, no_io_device); /* retired */
        run_for(300);
        break;
    case EVENT_EXCLUDED:
        write_file(f->root, "exclusions.conf", "[exclusions]\nexclusion = nqn=" BOOT_NQN "\n");
        g_assert_true(nmnvme_engine_reload(f->engine, NULL));
        run_for(500);
        break;
    case EVENT_DAEMON_STOP:
        g_clear_object(&f->engine);
        start_engine(f);
        set_nbft(f, 0);
        run_for(500);
        detach(f, NMNVME_DETACH_DEACTIVATE, &d);
        wait_detached(&d);
        break;
    }
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");
    owner = nmnvme_registry_get_owner(f->registry, "nvme1");
    g_assert_cmpstr(owner, ==, NMNVME_REGISTRY_OWNER);
    if (event == EVENT_EXCLUDED)
        g_assert_true(nvme1_not_ours(f)); /* used, shown, never ours */
}

static void
test_boot_deactivate(Fixture *f, gconstpointer data)
{
    boot_survives(f, EVENT_DEACTIVATE);
}

static void
test_boot_link_lost(Fixture *f, gconstpointer data)
{
    boot_survives(f, EVENT_LINK_LOST);
}

static void
test_boot_not_wanted(Fixture *f, gconstpointer data)
{
    boot_survives(f, EVENT_NOT_WANTED);
}

static void
test_boot_excluded(Fixture *f, gconstpointer data)
{
    boot_survives(f, EVENT_EXCLUDED);
}

static void
test_boot_daemon_stop(Fixture *f, gconstpointer data)
{
    boot_survives(f, EVENT_DAEMON_STOP);
}

typedef struct {
    gboolean done;
    GError  *error;
} Deleted;

static void
on_deleted(GObject *source, GAsyncResult *result, gpointer user_data)
{
    Deleted *d = user_data;

    nmnvme_fabrics_disconnect_finish(NULL, result, &d->error);
    d->done = TRUE;
}

/* The choke point: the worker's re-check before every delete refuses a
 * boot controller even when the caller takes it for ours (registry
 * nm-nvme, same transport ID): whatever path asks. */
static void
test_boot_delete_refused(Fixture *f, gconstpointer data)
{
    g_autoptr(NMNvmeNbft) nbft = nmnvme_nbft_new("NBFT", NBFT_HOSTNQN, NULL);
    NMNvmeNbftSubsys *subsys   = nmnvme_nbft_subsys_new();
    g_autoptr(NMNvmeTrid) trid =
        nmnvme_trid_new("tcp", "192.168.77.100", "4420", BOOT_NQN, NULL, "stor0");
    NMNvmeFabrics   *fabrics = nmnvme_fabrics_new(f->paths[1], f->class_dir, f->registry, NULL);
    g_autofree char *dir     = g_build_filename(f->class_dir, "nvme1", NULL);
    g_autofree char *deleted = NULL;
    Deleted          d       = { 0 };
    gint64           start   = g_get_monotonic_time();

    subsys->transport = g_strdup("tcp");
    subsys->traddr    = g_strdup("192.168.77.100");
    subsys->subsysnqn = g_strdup(BOOT_NQN); /* no port: 4420 */
    nmnvme_nbft_add_subsys(nbft, subsys);
    make_ctrl_full(f, "nvme1", BOOT_ADDRESS, BOOT_NQN, HOSTNQN);
    g_assert_true(nmnvme_registry_add(f->registry, "nvme1", NMNVME_REGISTRY_OWNER, 90, NULL));
    nmnvme_fabrics_set_nbft(fabrics, nbft);
    nmnvme_fabrics_disconnect_async(fabrics, "nvme1", trid, 0, FALSE, HOSTNQN, NULL, on_deleted, &d);
    while (!d.done)
        iterate_until(start);
    g_assert_error(d.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_assert_cmpstr(d.error->message, ==, "nvme1 is a boot controller (NBFT NBFT): never disconnected");
    g_clear_error(&d.error);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "");

    /* without the table, the same controller is ours to delete */
    d = (Deleted){ 0 };
    nmnvme_fabrics_set_nbft(fabrics, NULL);
    nmnvme_fabrics_disconnect_async(fabrics, "nvme1", trid, 0, FALSE, HOSTNQN, NULL, on_deleted, &d);
    while (!d.done)
        iterate_until(start);
    g_assert_no_error(d.error);
    g_clear_pointer(&deleted, g_free);
    deleted = read_file(dir, "delete_controller");
    g_assert_cmpstr(deleted, ==, "1");
    nmnvme_fabrics_free(fabrics);
}


/*****************************************************************************/
/* TLS (issue 16): the engine against a fake /proc (the `.nvme` keyring and
 * its PSK identities in proc/keys, tlshd among the processes) and a fake
 * fabrics device whose template lists `tls` */

#define TEMPLATE_TLS                                                                         \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"           \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,"       \
    "host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,"     \
    "data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,keyring=%d,tls_key=%d,"          \
    "fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s,tls\n"
#define TEMPLATE_CONCAT                                                                      \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,"           \
    "nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,"       \
    "host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,"     \
    "data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,keyring=%d,tls_key=%d,"          \
    "fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s,tls,concat\n"
#define TEMPLATE_NO_TLS                                                                      \
    "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,hostid=%s,"    \
    "host_iface=%s,discovery,dhchap_secret=%s\n"

/* A fake /proc: ourselves in one network namespace; @tlshd: a tlshd in it
 * (another one always runs elsewhere, as the lab target's does). */
static void
fake_proc(Fixture *f, gboolean tlshd, gboolean keyring, gboolean key)
{
    static const char *const pids[][3] = {
        { "self", NULL, "net:[4026531840]" },
        { "900", "tlshd\n", "net:[4026532999]" },
        { "901", "tlshd\n", "net:[4026531840]" },
    };
    g_autofree char *keys = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(pids); i++) {
        g_autofree char *dir  = g_build_filename(f->paths[8], pids[i][0], "ns", NULL);
        g_autofree char *net  = g_build_filename(dir, "net", NULL);
        g_autofree char *comm = g_build_filename(f->paths[8], pids[i][0], "comm", NULL);

        if (i == 2 && !tlshd) {
            g_autofree char *pid = g_build_filename(f->paths[8], pids[i][0], NULL);

            nmnvme_test_rm_rf(pid);
            continue;
        }
        g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
        if (pids[i][1])
            g_assert_true(g_file_set_contents(comm, pids[i][1], -1, NULL));
        unlink(net);
        g_assert_cmpint(symlink(pids[i][2], net), ==, 0);
    }
    keys = g_strconcat(keyring ? "1f2e3d4c I------ 1 perm 3f010000 0 0 keyring   .nvme: 1\n" : "",
                       key ? "2a3b4c5d I--Q--- 1 perm 3f010000 0 0 psk       NVMe0R01 " HOSTNQN
                             " " VOL1 ": 32\n"
                           : "",
                       NULL);
    write_file(f->paths[8], "keys", keys);
}

static void
attach_tls(Fixture *f, const char *tls, const char *tls_key)
{
    g_autoptr(GHashTable) data = nmnvme_test_dict("nvme.controllers",
                                                  URI,
                                                  "nvme.tls",
                                                  tls,
                                                  tls_key ? "nvme.tls-key" : NULL,
                                                  tls_key,
                                                  NULL);
    g_autoptr(GError) error            = NULL;
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, &error);

    g_assert_no_error(error);
    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, "cli", &error));
    g_assert_no_error(error);
}

/* (transfer full): "STATE TLS-PROBLEM" of stor0's I/O controller. */
static char *
io_tls(Fixture *f)
{
    g_autoptr(GVariant) s    = lookup_session(f);
    g_autoptr(GVariant) iocs = s ? g_variant_lookup_value(s, "io-controllers", NULL) : NULL;
    g_autoptr(GVariant) ioc  = NULL;
    const char *state = "", *problem = "";

    if (!iocs || g_variant_n_children(iocs) == 0)
        return g_strdup("");
    ioc = g_variant_get_child_value(iocs, 0);
    g_variant_lookup(ioc, "state", "&s", &state);
    g_variant_lookup(ioc, "tls-problem", "&s", &problem);
    return g_strdup_printf("%s %s", state, problem);
}

static gboolean
waits_for_tlshd(Fixture *f)
{
    g_autofree char *t = io_tls(f);

    return g_strcmp0(t, "tls-wait tlshd-not-running") == 0;
}

static gboolean
tls_written(Fixture *f)
{
    g_autofree char *text = fabrics_written(f);

    return g_str_has_prefix(text, "transport=tcp,") && strstr(text, ",tls") != NULL;
}

static gboolean
unsupported(Fixture *f)
{
    g_autofree char *t = io_tls(f);

    return g_strcmp0(t, "idle tls-unsupported") == 0;
}

/* nvme.tls=yes with a key an administrator loaded: while tlshd is not
 * running in our namespace (the target's, in another, does not count)
 * the controller waits, named in the status, and the fabrics device is
 * not written (no connect, no retry timer); once tlshd runs, the
 * re-check connects it with `tls` and no key material. */
/* The record of the keys we inserted (run/nm-nvme/tls-keys): a line that
 * is not one, or a file that cannot be read, is said, not passed over. */
static void
test_tls_keys_file_errors(Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_build_filename(f->state_dir, "tls-keys", NULL);

    g_assert_cmpint(g_mkdir_with_parents(f->state_dir, 0700), ==, 0);
    write_file(f->state_dir, "tls-keys", "12345 stor0 NVMe0R01 " HOSTNQN " nqn.x\nnot a key line\n");
    start_engine(f);
    g_assert_cmpuint(count_warnings("*tls-keys: a line that is not 'SERIAL USERS IDENTITY' is skipped*"), ==, 1);
    g_assert_cmpuint(count_warnings("*cannot read the keys*"), ==, 0);
    g_clear_object(&f->engine);
    g_assert_cmpint(g_unlink(path), ==, 0);
    g_assert_cmpint(g_mkdir(path, 0700), ==, 0); /* unreadable as a file */
    start_engine(f);
    g_assert_cmpuint(count_warnings("*cannot read the keys nm-nvme inserted:*"), ==, 1);
}

static void
test_tls_waits_for_tlshd(Fixture *f, gconstpointer data)
{
    g_autofree char *waiting = NULL;
    g_autofree char *written = NULL;

    write_file(f->root, "nvme-fabrics", TEMPLATE_TLS);
    fake_proc(f, FALSE, TRUE, TRUE);
    start_engine(f);
    fake_fabrics(f);
    attach_tls(f, "yes", NULL);
    wait_for(f, waits_for_tlshd);
    run_for(NMNVME_ENGINE_TLS_RECHECK_MS + 500); /* a re-check or two */
    waiting = fabrics_written(f);
    g_assert_true(g_str_has_prefix(waiting, "instance=5,")); /* never written */
    g_assert_true(waits_for_tlshd(f));

    fake_proc(f, TRUE, TRUE, TRUE);
    wait_for(f, tls_written);
    written = fabrics_written(f);
    g_assert_null(strstr(written, "tls_key="));
    g_assert_null(strstr(written, "NVMeTLSkey"));
}

/* No retained PSK for (host NQN, subsystem NQN) in `.nvme`: the
 * controller waits for one ("no-key"); the key added, it connects. */
static gboolean
waits_for_key(Fixture *f)
{
    g_autofree char *t = io_tls(f);

    return g_strcmp0(t, "tls-wait no-key") == 0;
}

static void
test_tls_waits_for_key(Fixture *f, gconstpointer data)
{
    write_file(f->root, "nvme-fabrics", TEMPLATE_TLS);
    fake_proc(f, TRUE, TRUE, FALSE);
    start_engine(f);
    fake_fabrics(f);
    attach_tls(f, "yes", NULL);
    wait_for(f, waits_for_key);
    fake_proc(f, TRUE, TRUE, TRUE);
    wait_for(f, tls_written);
}

/* Debian 12's kernel has no `tls`: TLS is reported unsupported, the
 * controller is not connected plain, and nothing is re-checked. */
static void
test_tls_unsupported_kernel(Fixture *f, gconstpointer data)
{
    g_autofree char *text = NULL;

    write_file(f->root, "nvme-fabrics", TEMPLATE_NO_TLS);
    fake_proc(f, TRUE, TRUE, TRUE);
    start_engine(f);
    fake_fabrics(f);
    attach_tls(f, "yes", NULL);
    wait_for(f, unsupported);
    run_for(300);
    text = fabrics_written(f);
    g_assert_true(g_str_has_prefix(text, "instance=5,"));
}

/* nvme.tls=no changes nothing: the connect is the plain one. */
static gboolean
plain_written(Fixture *f)
{
    g_autofree char *text = fabrics_written(f);

    return g_str_has_prefix(text, "transport=tcp,") && !strstr(text, "tls");
}

static void
test_tls_no_is_plain(Fixture *f, gconstpointer data)
{
    write_file(f->root, "nvme-fabrics", TEMPLATE_TLS);
    fake_proc(f, FALSE, FALSE, FALSE);
    start_engine(f);
    fake_fabrics(f);
    attach_tls(f, "no", NULL);
    wait_for(f, plain_written);
}

/* nvme.tls=concat (secure channel concatenation). */
#define DHCHAP_SECRET "DHHC-1:01:CO/iKrdz8K0bNAR2NevV/w5jJrkgRCwqCKVdcID23gE2bJy4:"

static void
attach_concat(Fixture *f)
{
    g_autoptr(GHashTable) data = nmnvme_test_dict("nvme.controllers",
                                                  URI,
                                                  "nvme.tls",
                                                  "concat",
                                                  "nvme.dhchap-secret",
                                                  DHCHAP_SECRET,
                                                  NULL);
    g_autoptr(GError) error            = NULL;
    g_autoptr(NMNvmeSettings) settings = nmnvme_settings_new_from_data(data, &error);

    g_assert_no_error(error);
    g_assert_true(nmnvme_engine_attach(f->engine, "stor0", settings, "cli", &error));
    g_assert_no_error(error);
}

static gboolean
concat_written(Fixture *f)
{
    g_autofree char *text = fabrics_written(f);

    /* (the fake device appends its answers) */
    return g_str_has_prefix(text, "transport=tcp,") && strstr(text, ",concatinstance=") != NULL;
}

/* A kernel with `concat` (7.x): the controller is connected with
 * `dhchap_secret=…,concat`, never `tls` or `tls_key`, without waiting for
 * a PSK in `.nvme` (the kernel derives it; none is there). */
static void
test_tls_concat(Fixture *f, gconstpointer data)
{
    g_autofree char *written = NULL;

    write_file(f->root, "nvme-fabrics", TEMPLATE_CONCAT);
    fake_proc(f, TRUE, TRUE, FALSE);
    start_engine(f);
    fake_fabrics(f);
    attach_concat(f);
    wait_for(f, concat_written);
    written = fabrics_written(f);
    g_assert_nonnull(strstr(written, ",dhchap_secret=" DHCHAP_SECRET ","));
    g_assert_null(strstr(written, ",tls"));
    g_assert_null(strstr(written, "keyring="));
}

static gboolean
concat_unsupported(Fixture *f)
{
    g_autofree char *t = io_tls(f);

    return g_strcmp0(t, "idle concat-unsupported") == 0;
}

/* Debian 13's 6.12 has `tls` but no `concat`: the status says so, and
 * nothing is written (no plain connect, no TLS one). */
static void
test_tls_concat_unsupported_kernel(Fixture *f, gconstpointer data)
{
    g_autofree char *text = NULL;

    write_file(f->root, "nvme-fabrics", TEMPLATE_TLS);
    fake_proc(f, TRUE, TRUE, TRUE);
    start_engine(f);
    fake_fabrics(f);
    attach_concat(f);
    wait_for(f, concat_unsupported);
    run_for(300);
    text = fabrics_written(f);
    g_assert_true(g_str_has_prefix(text, "instance=5,"));
}

/*****************************************************************************/

static void
add(const char *path, void (*fn)(Fixture *, gconstpointer))
{
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown);
}

static void
add_intent_case(const char *path, IntentCase c)
{
    g_test_add(path, Fixture, GINT_TO_POINTER(c), fixture_setup, test_intent_restore, fixture_teardown);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    warnings = g_ptr_array_new_with_free_func(g_free);
    g_log_set_writer_func(writer, NULL, NULL);
    add("/engine/restore/recycled-same-trid", test_recycled_same_trid);
    add("/engine/connect/paced", test_connects_paced);
    add("/engine/restore/recycled-other-trid", test_recycled_other_trid);
    add("/engine/restore/not-recycled", test_not_recycled);
    add("/engine/restore/recycled-active", test_recycled_restored_active);
    add("/engine/scan/skips-unreadable", test_scan_skips_unreadable);
    add("/engine/scan/failure-keeps-view", test_scan_failure_keeps_view);
    add("/engine/attach/owner-on-record", test_owner_on_record);
    add("/engine/attach/during-teardown", test_attach_during_teardown);
    add("/engine/attach/detach-after-queued-attach", test_detach_after_queued_attach);
    add("/engine/run-full/registry-stays-ours", test_registry_full_stays_ours);
    add("/engine/run-full/registry-deactivate", test_registry_full_deactivate);
    add("/engine/run-full/registry-other-owner", test_registry_full_other_owner);
    add("/engine/run-full/record-retried", test_record_full_retried);
    add("/engine/nbft/connects-missing", test_nbft_connects_missing);
    add("/engine/nbft/uses-existing", test_nbft_uses_existing);
    add("/engine/nbft/vlan", test_nbft_vlan);
    add("/engine/nbft/not-hfi", test_nbft_not_hfi);
    add("/engine/nbft/other-vlan", test_nbft_other_vlan);
    add("/engine/nbft/no-table", test_nbft_none);
    add("/engine/nbft/with-settings", test_nbft_with_settings);
    add("/engine/nbft/discovery-restart", test_nbft_discovery_restart);
    add("/engine/boot/deactivate", test_boot_deactivate);
    add("/engine/boot/link-lost", test_boot_link_lost);
    add("/engine/boot/not-wanted", test_boot_not_wanted);
    add("/engine/boot/excluded", test_boot_excluded);
    add("/engine/boot/daemon-stop", test_boot_daemon_stop);
    add("/engine/boot/delete-refused", test_boot_delete_refused);
    add("/engine/intent/saved-before-write", test_intent_saved_before_write);
    add("/engine/intent/cleared-after-success", test_intent_cleared_after_success);
    add("/engine/intent/kept-until-registered", test_intent_kept_until_registered);
    add("/engine/tls/keys-file-errors", test_tls_keys_file_errors);
    add("/engine/tls/waits-for-tlshd", test_tls_waits_for_tlshd);
    add("/engine/tls/waits-for-key", test_tls_waits_for_key);
    add("/engine/tls/unsupported-kernel", test_tls_unsupported_kernel);
    add("/engine/tls/no-is-plain", test_tls_no_is_plain);
    add("/engine/tls/concat", test_tls_concat);
    add("/engine/tls/concat-unsupported-kernel", test_tls_concat_unsupported_kernel);
    add_intent_case("/engine/intent/restore-adopts", INTENT_MATCHES);
    add_intent_case("/engine/intent/restore-other-trid", INTENT_OTHER_TRID);
    add_intent_case("/engine/intent/restore-other-hostnqn", INTENT_OTHER_HOST);
    add_intent_case("/engine/intent/restore-foreign", INTENT_FOREIGN);
    add_intent_case("/engine/intent/restore-was-there", INTENT_WAS_THERE);
    return g_test_run();
}
