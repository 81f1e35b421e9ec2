/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fake-libnvme.c: the libnvme adapter's functions over a page in memory
 * (fake-libnvme.h), for the fuzz target fuzz-disc-log and the unit test
 * test-fabrics-log. Reads run on GLib's worker threads: the page is set
 * before a read is started and not changed while it runs.
 */
#include "config.h"

#include "fake-libnvme.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "nmnvme-disc-log.h"
#include "nmnvme-libnvme.h"

struct _NMNvmeLibnvmeDev {
    char *name;
};

static const guint8      *served_page;
static gsize              served_len;
static FakeLibnvmeConduct conduct;
static guint              n_reads;
static guint              n_full_reads;
static guint              n_pleo_checks;

void
fake_libnvme_serve(const guint8 *page, gsize len, const FakeLibnvmeConduct *how)
{
    served_page   = page;
    served_len    = len;
    conduct       = *how;
    n_reads       = 0;
    n_full_reads  = 0;
    n_pleo_checks = 0;
}

guint
fake_libnvme_n_reads(void)
{
    return n_reads;
}

guint
fake_libnvme_n_pleo_checks(void)
{
    return n_pleo_checks;
}

NMNvmeLibnvmeDev *
nmnvme_libnvme_dev_open(const char *name, GError **error)
{
    NMNvmeLibnvmeDev *dev = g_new0(NMNvmeLibnvmeDev, 1);

    dev->name = g_strdup(name);
    return dev;
}

void
nmnvme_libnvme_dev_close(NMNvmeLibnvmeDev *dev)
{
    if (!dev)
        return;
    g_free(dev->name);
    g_free(dev);
}

gboolean
nmnvme_libnvme_dev_supports_pleo(NMNvmeLibnvmeDev *dev)
{
    n_pleo_checks++;
    return conduct.pleos;
}

gboolean
nmnvme_libnvme_dev_read_discovery_log(NMNvmeLibnvmeDev *dev,
                                      gboolean          pleo,
                                      gboolean          rae,
                                      void             *buf,
                                      guint32           len,
                                      GError          **error)
{
    gsize n = MIN((gsize) len, served_len);

    n_reads++;
    if (n_reads == conduct.fail_read) {
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(EIO), "%s: fake I/O error", dev->name);
        return FALSE;
    }
    memcpy(buf, served_page, n);
    memset((guint8 *) buf + n, 0, len - n);
    if (len > NMNVME_DISC_LOG_HEADER_SIZE && n_full_reads++ < conduct.n_unstable)
        ((NMNvmeDiscLogRaw *) buf)->genctr ^= GUINT64_TO_LE(n_full_reads);
    return TRUE;
}

gboolean
nmnvme_libnvme_register(const char   *name,
                        NMNvmeDimTask task,
                        const char   *hostnqn,
                        const char   *hostid,
                        const char   *symname,
                        GError      **error)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: no DIM in the fuzzer", name);
    return FALSE;
}

char *
nmnvme_libnvme_generate_hostnqn(void)
{
    return NULL;
}

gboolean
nmnvme_libnvme_can_read_nbft(GError **error)
{
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no NBFT in the fuzzer");
    return FALSE;
}

NMNvmeNbft *
nmnvme_libnvme_read_nbft(const char *path, GPtrArray *warnings, GError **error)
{
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: no NBFT in the fuzzer", path);
    return NULL;
}
