/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-zeroconf-service.c: one mDNS service's life without avahi, against a
 * real listener on the loopback interface: a usable announcement becomes
 * wanted once the probe answers; a bogus `p=` is ignored; an unreachable one
 * is reported and retried; a withdrawal keeps the controller for the grace
 * and drops it when the port no longer answers; an announcement during the
 * grace cancels the withdrawal; a kept controller behaves as withdrawn.
 * Binding to an interface needs root: skipped otherwise.
 */
#include "config.h"

#include "nmnvme-nqn.h"
#include "nmnvme-zeroconf-service.h"
#include "test-util.h"

typedef struct {
    GMainLoop                 *loop;
    NMNvmeZeroconfServiceState wait_for;
    guint                      notified;
} Watch;

static void
on_notify(NMNvmeZeroconfService *svc, gpointer user_data)
{
    Watch *w = user_data;

    w->notified++;
    if (nmnvme_zeroconf_service_get_state(svc) == w->wait_for)
        g_main_loop_quit(w->loop);
}

static gboolean
on_timeout(gpointer user_data)
{
    g_assert_not_reached();
    return G_SOURCE_REMOVE;
}

/* Runs the loop until the service reaches @state (10 s at most). */
static void
wait_state(Watch *w, NMNvmeZeroconfService *svc, NMNvmeZeroconfServiceState state)
{
    guint timeout;

    if (nmnvme_zeroconf_service_get_state(svc) == state)
        return;
    w->wait_for = state;
    timeout     = g_timeout_add_seconds(10, on_timeout, NULL);
    g_main_loop_run(w->loop);
    g_source_remove(timeout);
}

static GPtrArray *
txt(const char *record)
{
    GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);

    g_ptr_array_add(a, g_bytes_new(record, strlen(record)));
    return a;
}

static NMNvmeZeroconfServiceConfig
config(Watch *w, guint grace_s)
{
    return (NMNvmeZeroconfServiceConfig){
        .iface     = "lo",
        .grace_s   = grace_s,
        .notify    = on_notify,
        .user_data = w,
    };
}

/* Lets @ms pass, then runs what became due. */
static void
let_time_pass(guint ms)
{
    g_usleep(ms * 1000);
    while (g_main_context_pending(NULL))
        g_main_context_iteration(NULL, FALSE);
}

/* A `p=tcp` service "dc" resolved to a port that listens: reachable. */
static NMNvmeZeroconfService *
reachable_service(Watch *w, const NMNvmeZeroconfServiceConfig *c, GSocketListener **listener)
{
    g_autoptr(GPtrArray) records = txt("p=tcp");
    guint16                port  = nmnvme_test_listen_loopback(listener);
    NMNvmeZeroconfService *svc   = nmnvme_zeroconf_service_new(c, "dc", "_nvme-disc._tcp", "ipv4");

    g_assert_false(nmnvme_zeroconf_service_is_wanted(svc));
    nmnvme_zeroconf_service_resolved(svc, "127.0.0.1", port, records);
    wait_state(w, svc, NMNVME_ZEROCONF_SERVICE_REACHABLE);
    g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));
    return svc;
}

static void
test_reachable_then_withdrawn(void)
{
    Watch                       w       = { .loop = g_main_loop_new(NULL, FALSE) };
    NMNvmeZeroconfServiceConfig c       = config(&w, 1);
    g_autoptr(GSocketListener) listener = NULL;
    NMNvmeZeroconfService *svc;

    if (nmnvme_test_skip_unless_root())
        return;
    svc = reachable_service(&w, &c, &listener);
    g_assert_cmpstr(nmnvme_trid_get_transport(nmnvme_zeroconf_service_get_trid(svc)), ==, "tcp");
    g_assert_cmpstr(nmnvme_trid_get_host_iface(nmnvme_zeroconf_service_get_trid(svc)), ==, "lo");
    g_assert_cmpstr(nmnvme_trid_get_subsysnqn(nmnvme_zeroconf_service_get_trid(svc)),
                    ==,
                    NMNVME_NQN_DISCOVERY);

    /* withdrawn while still answering: kept past the grace */
    nmnvme_zeroconf_service_withdrawn(svc);
    g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));
    let_time_pass(1500);
    g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));

    /* the port goes away: the next probe (backoff, 3 s) drops it */
    g_socket_listener_close(listener);
    wait_state(&w, svc, NMNVME_ZEROCONF_SERVICE_GONE);
    g_assert_false(nmnvme_zeroconf_service_is_wanted(svc));
    nmnvme_zeroconf_service_free(svc);
    g_main_loop_unref(w.loop);
}

static void
test_announced_again_during_grace(void)
{
    Watch                       w       = { .loop = g_main_loop_new(NULL, FALSE) };
    NMNvmeZeroconfServiceConfig c       = config(&w, 1);
    g_autoptr(GSocketListener) listener = NULL;
    g_autoptr(GVariant) view            = NULL;
    gboolean               withdrawn    = TRUE;
    NMNvmeZeroconfService *svc;

    if (nmnvme_test_skip_unless_root())
        return;
    svc = reachable_service(&w, &c, &listener);
    nmnvme_zeroconf_service_withdrawn(svc);
    nmnvme_zeroconf_service_announced(svc);
    g_socket_listener_close(listener);
    /* past the grace, and past a would-be probe: still wanted */
    let_time_pass(1500);
    g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));
    view = g_variant_ref_sink(nmnvme_zeroconf_service_to_variant(svc));
    g_assert_true(g_variant_lookup(view, "withdrawn", "b", &withdrawn));
    g_assert_false(withdrawn);
    nmnvme_zeroconf_service_free(svc);
    g_main_loop_unref(w.loop);
}

static void
test_ignored_and_unreachable(void)
{
    Watch                       w       = { .loop = g_main_loop_new(NULL, FALSE) };
    NMNvmeZeroconfServiceConfig c       = config(&w, 1);
    g_autoptr(GSocketListener) listener = NULL;
    g_autoptr(GPtrArray) bogus          = txt("p=bogus");
    g_autoptr(GPtrArray) tcp            = txt("p=tcp");
    g_autoptr(GVariant) view            = NULL;
    const char            *error        = NULL;
    NMNvmeZeroconfService *bad, *dead;
    guint16                port;

    if (nmnvme_test_skip_unless_root())
        return;
    port = nmnvme_test_listen_loopback(&listener);
    g_socket_listener_close(listener); /* nobody listens there */

    bad = nmnvme_zeroconf_service_new(&c, "bogus-dc", "_nvme-disc._tcp", "ipv4");
    nmnvme_zeroconf_service_resolved(bad, "127.0.0.1", port, bogus);
    nmnvme_test_assert_warned("*'bogus-dc'*p: unknown transport 'bogus'*ignoring");
    g_assert_cmpint(nmnvme_zeroconf_service_get_state(bad), ==, NMNVME_ZEROCONF_SERVICE_IGNORED);
    g_assert_null(nmnvme_zeroconf_service_get_trid(bad));

    dead = nmnvme_zeroconf_service_new(&c, "dead-dc", "_nvme-disc._tcp", "ipv4");
    nmnvme_zeroconf_service_resolved(dead, "127.0.0.1", port, tcp);
    wait_state(&w, dead, NMNVME_ZEROCONF_SERVICE_UNREACHABLE);
    nmnvme_test_assert_warned("*'dead-dc'*unreachable*will retry in 3 s");
    g_assert_false(nmnvme_zeroconf_service_is_wanted(dead));
    view = g_variant_ref_sink(nmnvme_zeroconf_service_to_variant(dead));
    g_assert_true(g_variant_lookup(view, "error", "&s", &error));
    g_assert_nonnull(strstr(error, "refused"));

    /* withdrawn without ever being reachable: gone at once */
    nmnvme_zeroconf_service_withdrawn(dead);
    g_assert_cmpint(nmnvme_zeroconf_service_get_state(dead), ==, NMNVME_ZEROCONF_SERVICE_GONE);
    nmnvme_zeroconf_service_free(dead);
    nmnvme_zeroconf_service_free(bad);
    g_main_loop_unref(w.loop);
}

static void
test_kept(void)
{
    Watch                       w       = { .loop = g_main_loop_new(NULL, FALSE) };
    NMNvmeZeroconfServiceConfig c       = config(&w, 1);
    g_autoptr(GSocketListener) listener = NULL;
    g_autoptr(NMNvmeTrid) trid          = NULL;
    g_autofree char       *port_text    = NULL;
    NMNvmeZeroconfService *svc;

    if (nmnvme_test_skip_unless_root())
        return;
    port_text = g_strdup_printf("%u", nmnvme_test_listen_loopback(&listener));
    g_socket_listener_close(listener);
    trid = nmnvme_trid_new("tcp", "127.0.0.1", port_text, NMNVME_NQN_DISCOVERY, NULL, "lo");
    svc  = nmnvme_zeroconf_service_new_kept(&c, trid);
    g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));
    g_assert_true(nmnvme_trid_equal(nmnvme_zeroconf_service_get_trid(svc), trid));
    /* not announced again, and not answering after the grace: gone */
    wait_state(&w, svc, NMNVME_ZEROCONF_SERVICE_GONE);
    nmnvme_zeroconf_service_free(svc);
    g_main_loop_unref(w.loop);
}

/* `nqn=` names the discovery controller only when the kernel supports
 * unique discovery NQNs (TP8013); RDMA services are wanted without a probe
 * and without host_iface. */
static void
test_nqn_and_rdma(void)
{
    static const char *const nqn = "nqn.2026-11.io.nm-nvme.lab:dc";
    Watch                    w   = { .loop = g_main_loop_new(NULL, FALSE) };
    g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);

    g_ptr_array_add(records, g_bytes_new_static("p=roce", 6));
    g_ptr_array_add(records, g_bytes_new_static("nqn=nqn.2026-11.io.nm-nvme.lab:dc", 33));
    for (guint unique = 0; unique < 2; unique++) {
        NMNvmeZeroconfServiceConfig c = config(&w, 1);
        NMNvmeZeroconfService      *svc;
        const NMNvmeTrid           *trid;

        c.unique_nqn = unique;
        svc          = nmnvme_zeroconf_service_new(&c, "dc", "_nvme-disc._udp", "ipv4");
        nmnvme_zeroconf_service_resolved(svc, "192.0.2.1", 4420, records);
        g_assert_true(nmnvme_zeroconf_service_is_wanted(svc));
        trid = nmnvme_zeroconf_service_get_trid(svc);
        g_assert_cmpstr(nmnvme_trid_get_transport(trid), ==, "rdma");
        g_assert_null(nmnvme_trid_get_host_iface(trid));
        g_assert_cmpstr(nmnvme_trid_get_subsysnqn(trid), ==, unique ? nqn : NMNVME_NQN_DISCOVERY);
        nmnvme_zeroconf_service_free(svc);
    }
    g_main_loop_unref(w.loop);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    nmnvme_test_capture_warnings();
    g_test_add_func("/zeroconf-service/reachable-then-withdrawn", test_reachable_then_withdrawn);
    g_test_add_func("/zeroconf-service/announced-again", test_announced_again_during_grace);
    g_test_add_func("/zeroconf-service/ignored-and-unreachable", test_ignored_and_unreachable);
    g_test_add_func("/zeroconf-service/kept", test_kept);
    g_test_add_func("/zeroconf-service/nqn-and-rdma", test_nqn_and_rdma);
    return g_test_run();
}
