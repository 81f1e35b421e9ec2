/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * fuzz-util.h: what the libFuzzer targets of tests/fuzz share: cutting an
 * input into NUL-separated fields, a scratch folder for the parsers that
 * read files, and the abort that reports a broken property.
 */
#ifndef NMNVME_FUZZ_UTIL_H
#define NMNVME_FUZZ_UTIL_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry point, declared here for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* (transfer full): the input as one NUL-terminated string (cut at its first
 * NUL, as a C parser would see it). */
char *fuzz_string(const uint8_t *data, size_t size);

/* (transfer full): the input cut at each NUL byte into at most @max_fields
 * fields (the last one keeps the rest, NULs included up to its first);
 * never fewer than @min_fields ("" for the missing ones). */
char **fuzz_fields(const uint8_t *data, size_t size, guint min_fields, guint max_fields);

/* (transfer full) (element-type utf8 utf8): a dictionary from @fields taken
 * as key, value, key, value...; a key without value gets "". */
GHashTable *fuzz_dict(char **fields);

/* A folder of this process under $NMNVME_FUZZ_SCRATCH (run-fuzz-target.sh
 * sets it), else /dev/shm or $TMPDIR, made on the first call and removed
 * at exit (not after a crash: abort() skips that). */
const char *fuzz_scratch_dir(void);

/* Writes @len bytes to @path (in the scratch folder); aborts on failure. */
void fuzz_write_file(const char *path, const void *contents, gsize len);

/* (nullable): a GLib warning that starts with this is printed, not fatal
 * (a known defect outside the project; the target that sets it says which).
 * Every other warning or critical aborts. */
extern const char *fuzz_tolerated_warning;

/* Reports a broken property on stderr and aborts (libFuzzer then saves the
 * input as crash-*). */
#define FUZZ_CHECK(cond, ...)                        \
    G_STMT_START                                     \
    {                                                \
        if (G_UNLIKELY(!(cond)))                     \
            fuzz_fail(G_STRLOC, #cond, __VA_ARGS__); \
    }                                                \
    G_STMT_END

G_NORETURN void fuzz_fail(const char *where, const char *cond, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

G_END_DECLS

#endif /* NMNVME_FUZZ_UTIL_H */
