// SPDX-License-Identifier: GPL-2.0-or-later
// dbus-values.js: cockpit.dbus hands variants as { t: TYPE, v: VALUE };
// the page's models work on plain values.

/* The plain value of @value: variants unwrapped, arrays and dictionaries
 * walked. */
export function plain(value) {
    if (Array.isArray(value))
        return value.map(plain);
    if (value && typeof value === "object") {
        const keys = Object.keys(value);
        if (keys.length === 2 && "t" in value && "v" in value)
            return plain(value.v);
        const out = {};
        for (const k of keys)
            out[k] = plain(value[k]);
        return out;
    }
    return value;
}
