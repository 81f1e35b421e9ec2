// SPDX-License-Identifier: GPL-2.0-or-later
// dom.js: building the page's DOM. Every text goes in through textContent
// (never innerHTML): names and addresses come from the network (mDNS
// service names, discovery log entries).

/* h("td", { class: "x", "data-device": "nvme3" }, "text", child, ...):
 * an element; attributes whose value is null/undefined/false are left out,
 * `true` sets an empty one, functions become event listeners (onclick). */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false)
            continue;
        if (typeof value === "function")
            el.addEventListener(name.replace(/^on/, ""), value);
        else
            el.setAttribute(name, value === true ? "" : String(value));
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false)
            continue;
        el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

/* Replaces the children of @el. */
export function replace(el, ...children) {
    el.replaceChildren();
    append(el, children);
}

/* A table: @columns [{ title, cell(row) -> node|string, cls }], @rows. */
export function table(label, columns, rows, rowAttrs) {
    return h("table", { class: "nmnvme-table", "aria-label": label },
             h("thead", null, h("tr", null, columns.map(c => h("th", { scope: "col" }, c.title)))),
             h("tbody", null, rows.map(r => h("tr", rowAttrs ? rowAttrs(r) : null,
                                              columns.map(c => h("td", { class: c.cls, "data-label": c.title },
                                                                 c.cell(r)))))));
}
