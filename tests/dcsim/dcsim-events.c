/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * dcsim-events.c: JSON-lines event stream.
 */
#include "config.h"

#include "dcsim-events.h"

#include <gio/gio.h>
#include <string.h>

struct _DcsimEvents {
    GOutputStream *out;   /* file stream, or NULL */
    GPtrArray     *lines; /* memory stream, or NULL */
};

DcsimEvents *
dcsim_events_new_for_path(const char *path, GError **error)
{
    g_autoptr(GFile) file = g_file_new_for_path(path);
    GFileOutputStream *out;
    DcsimEvents       *ev;

    out = g_file_append_to(file, G_FILE_CREATE_NONE, NULL, error);
    if (!out)
        return NULL;
    ev      = g_new0(DcsimEvents, 1);
    ev->out = G_OUTPUT_STREAM(out);
    return ev;
}

DcsimEvents *
dcsim_events_new_memory(void)
{
    DcsimEvents *ev = g_new0(DcsimEvents, 1);

    ev->lines = g_ptr_array_new_with_free_func(g_free);
    return ev;
}

void
dcsim_events_free(DcsimEvents *ev)
{
    if (!ev)
        return;
    if (ev->out)
        g_output_stream_close(ev->out, NULL, NULL);
    g_clear_object(&ev->out);
    g_clear_pointer(&ev->lines, g_ptr_array_unref);
    g_free(ev);
}

JsonBuilder *
dcsim_events_begin(const char *type)
{
    JsonBuilder *b           = json_builder_new();
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp   = g_date_time_format_iso8601(now);

    json_builder_begin_object(b);
    dcsim_events_add_string(b, "event", type);
    dcsim_events_add_string(b, "time", stamp);
    return b;
}

static void
write_line(DcsimEvents *ev, const char *line)
{
    g_autoptr(GError) error = NULL;

    if (ev->lines) {
        g_ptr_array_add(ev->lines, g_strdup(line));
        return;
    }
    if (!g_output_stream_write_all(ev->out, line, strlen(line), NULL, NULL, &error) ||
        !g_output_stream_write_all(ev->out, "\n", 1, NULL, NULL, &error) ||
        !g_output_stream_flush(ev->out, NULL, &error))
        g_message("dcsim: cannot write event: %s", error->message);
}

void
dcsim_events_commit(DcsimEvents *ev, JsonBuilder *b)
{
    g_autoptr(JsonBuilder) builder = b;
    g_autoptr(JsonNode) root       = NULL;
    g_autofree char *line          = NULL;

    json_builder_end_object(builder);
    if (!ev)
        return;
    root = json_builder_get_root(builder);
    line = json_to_string(root, FALSE);
    write_line(ev, line);
}

void
dcsim_events_add_string(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    if (value)
        json_builder_add_string_value(b, value);
    else
        json_builder_add_null_value(b);
}

void
dcsim_events_add_int(JsonBuilder *b, const char *name, gint64 value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, value);
}

void
dcsim_events_add_bool(JsonBuilder *b, const char *name, gboolean value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, value);
}

const GPtrArray *
dcsim_events_get_lines(const DcsimEvents *ev)
{
    return ev->lines;
}
