/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * test-libnvme.c: the libnvme adapter's contract where no NVMe device is
 * needed, the same on libnvme 1.x and libnvme3: a controller that does not
 * exist gives an error naming it, and the host NQN generator's output. The
 * discovery log layout is checked at compile time (nmnvme-disc-log.h,
 * nmnvme-libnvme.c); reads and registrations run in the VM lab.
 */
#include "config.h"

#include <gio/gio.h>

#include "nmnvme-libnvme.h"
#include "nmnvme-nqn.h"

/* No system has this many controllers. */
#define MISSING "nvme4242"

#define NQN "nqn.2014-08.org.nvmexpress:uuid:5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"
#define ID  "5b1a6ad0-8b1d-4d57-9e2c-2b6c0c3f6a11"

static void
test_open_missing(void)
{
    g_autoptr(GError) error         = NULL;
    g_autoptr(NMNvmeLibnvmeDev) dev = nmnvme_libnvme_dev_open(MISSING, &error);

    g_assert_null(dev);
    g_assert_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_true(g_str_has_prefix(error->message, "/dev/" MISSING ": cannot open: "));
}

static void
test_register_missing(void)
{
    g_autoptr(GError) error = NULL;

    g_assert_false(
        nmnvme_libnvme_register(MISSING, NMNVME_DIM_REGISTER, NQN, ID, "testhost", &error));
    g_assert_nonnull(error);
    g_assert_true(g_str_has_prefix(error->message, MISSING ": cannot open controller: "));
}

static void
test_generate_hostnqn(void)
{
    g_autofree char *nqn = nmnvme_libnvme_generate_hostnqn();

    /* NULL is allowed (libnvme built without fabrics support) */
    if (!nqn)
        return;
    g_assert_true(g_str_has_prefix(nqn, "nqn.2014-08.org.nvmexpress:uuid:"));
    g_assert_true(nmnvme_nqn_validate(nqn, NULL));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/libnvme/open-missing", test_open_missing);
    g_test_add_func("/libnvme/register-missing", test_register_missing);
    g_test_add_func("/libnvme/generate-hostnqn", test_generate_hostnqn);
    return g_test_run();
}
