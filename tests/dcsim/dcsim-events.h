/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-events.h: the machine-readable event stream of the simulator: one
 * JSON object per line, appended to the --events file and flushed line by
 * line, or kept in memory for unit tests. Every object has "event" (its
 * type) and "time" (UTC, ISO 8601); the other members depend on the type
 * (README.md lists them).
 */
#ifndef DCSIM_EVENTS_H
#define DCSIM_EVENTS_H

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _DcsimEvents DcsimEvents;

/* Appends to @path (created if needed). */
DcsimEvents *dcsim_events_new_for_path(const char *path, GError **error);

/* Keeps the lines in memory: see dcsim_events_get_lines(). */
DcsimEvents *dcsim_events_new_memory(void);

void dcsim_events_free(DcsimEvents *ev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DcsimEvents, dcsim_events_free)

/* Starts an event of @type: a builder inside an open object, to which the
 * caller adds members, then passes to dcsim_events_commit(). */
JsonBuilder *dcsim_events_begin(const char *type);

/* Ends the event and writes it; @ev may be NULL (no event stream): the
 * event is dropped. Consumes @b. A write error is logged, never fatal. */
void dcsim_events_commit(DcsimEvents *ev, JsonBuilder *b);

/* Member helpers: @value NULL adds JSON null. */
void dcsim_events_add_string(JsonBuilder *b, const char *name, const char *value);
void dcsim_events_add_int(JsonBuilder *b, const char *name, gint64 value);
void dcsim_events_add_bool(JsonBuilder *b, const char *name, gboolean value);

/* The lines written so far by a memory stream (NULL otherwise). */
const GPtrArray *dcsim_events_get_lines(const DcsimEvents *ev);

G_END_DECLS

#endif /* DCSIM_EVENTS_H */
