/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-engine.c: the engine and its sessions against a fake root (host
 * identity, state folder, sysfs class, registry in a temporary folder; no
 * fabrics device, so nothing connects): restore and teardown of a recycled
 * controller name, scans with an unreadable controller or none at all,
 * owner changes on the record, and an Attach during a teardown (issue 14,
 * defects 1 to 4); the intent of a connect, saved before the write to the
 * fabrics device (a FIFO or a file here) and what a restarted engine makes
 * of one left behind.
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
#include "nmnvme-engine.h"
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
    char              *paths[7];
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

/* A fabrics I/O controller @name in the fake class folder (replacing one of
 * that name by a new directory: what the kernel does with a recycled name);
 * @address: its sysfs `address`. */
static void
make_ctrl(Fixture *f, const char *name, const char *address)
{
    g_autofree char *dir = g_build_filename(f->class_dir, name, NULL);
    g_autofree char *tmp = g_strconcat(dir, ".new", NULL);

    /* made before the old one goes: another inode, as in sysfs */
    g_assert_cmpint(g_mkdir_with_parents(tmp, 0755), ==, 0);
    write_file(tmp, "transport", "tcp\n");
    write_file(tmp, "address", address);
    write_file(tmp, "subsysnqn", VOL1 "\n");
    write_file(tmp, "hostnqn", HOSTNQN "\n");
    write_file(tmp, "cntrltype", "io\n");
    write_file(tmp, "state", "live\n");
    write_file(tmp, "delete_controller", "");
    nmnvme_test_rm_rf(dir);
    g_assert_cmpint(g_rename(tmp, dir), ==, 0);
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
    f->config   = (NMNvmeEngineConfig){
          .host_dir          = f->paths[0],
          .state_dir         = f->state_dir,
          .fabrics_dev       = f->paths[1],
          .sysfs_class       = f->class_dir,
          .registry_dir      = f->paths[3],
          .seqnum_file       = f->paths[2],
          .exclusions_file   = f->paths[4],
          .exclusions_dropin = f->paths[5],
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
    add("/engine/intent/saved-before-write", test_intent_saved_before_write);
    add("/engine/intent/cleared-after-success", test_intent_cleared_after_success);
    add("/engine/intent/kept-until-registered", test_intent_kept_until_registered);
    add_intent_case("/engine/intent/restore-adopts", INTENT_MATCHES);
    add_intent_case("/engine/intent/restore-other-trid", INTENT_OTHER_TRID);
    add_intent_case("/engine/intent/restore-other-hostnqn", INTENT_OTHER_HOST);
    add_intent_case("/engine/intent/restore-foreign", INTENT_FOREIGN);
    add_intent_case("/engine/intent/restore-was-there", INTENT_WAS_THERE);
    return g_test_run();
}
