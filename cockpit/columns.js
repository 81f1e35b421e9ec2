// SPDX-License-Identifier: GPL-2.0-or-later
// columns.js: the columns of the page's tables, one list per table. A new
// column is one entry here.

import { h } from "./dom.js";

const addr = c => c.traddr ? `${c.traddr}:${c.trsvcid}` : "";
const yesNo = b => b ? "yes" : "no";

/* The registry's owner: ours, another orchestrator's (never actionable
 * here), or unowned. */
export function ownerCell(c) {
    if (!c.device)
        return "";
    if (c.ours)
        return h("span", { class: "nmnvme-owner nmnvme-ours" }, "nm-nvme (this session)");
    return h("span", { class: "nmnvme-owner nmnvme-foreign", title: "Owned elsewhere: shown, never changed here" },
             c.owner ? `${c.owner} (not ours)` : "unowned (used, not ours)");
}

/* How the controller is secured, in the words of `nm-nvme controllers`'
 * SECURE column: the device's TLS from sysfs ("tls", "concat"), else
 * "no: PROBLEM" when a TLS problem keeps it from connecting securely
 * (docs/dbus-api.md, `tls-problem`), else "-" (in the clear). */
export function secureCell(c) {
    if (c.tls)
        return h("span", { class: "nmnvme-secure nmnvme-secure-yes" }, c.tls);
    if (c["tls-problem"])
        return h("span", { class: "nmnvme-secure nmnvme-secure-problem" }, `no: ${c["tls-problem"]}`);
    return "-";
}

/* The controller's state; one the host-wide exclusion list keeps out
 * (overview.js sets `excludedBy`) says so. */
function stateCell(c) {
    if (c.excludedBy && !c.device)
        return h("span", { class: "nmnvme-state nmnvme-state-excluded" }, `excluded (${c.excludedBy})`);
    return h("span", { class: `nmnvme-state nmnvme-state-${c.state}` }, c.state);
}

export const ioColumns = [
    { title: "Subsystem", cell: c => c.subsysnqn, cls: "nmnvme-nqn" },
    { title: "Address", cell: addr },
    { title: "Device", cell: c => c.device || "—" },
    { title: "State", cell: stateCell },
    { title: "Owner", cell: ownerCell },
    { title: "Host interface", cell: c => c["host-iface"] },
    { title: "Secure", cell: secureCell, cls: "nmnvme-secure-cell" },
    { title: "Error", cell: c => c.error, cls: "nmnvme-error" },
];

export const dcColumns = [
    { title: "Address", cell: addr },
    { title: "NQN", cell: c => c.subsysnqn, cls: "nmnvme-nqn" },
    { title: "Type", cell: c => c.dctype || "unknown" },
    { title: "Registered", cell: c => yesNo(c.registered) },
    { title: "Log generation", cell: c => String(c.genctr ?? 0) },
    { title: "Entries", cell: c => String(c["log-entry-count"] ?? 0) },
    { title: "Device", cell: c => c.device || "—" },
    { title: "State", cell: stateCell },
    { title: "Owner", cell: ownerCell },
    { title: "Secure", cell: secureCell, cls: "nmnvme-secure-cell" },
    { title: "Error", cell: c => c.error, cls: "nmnvme-error" },
];

export const serviceColumns = [
    { title: "Service", cell: s => s.name },
    { title: "Type", cell: s => s.type },
    { title: "Family", cell: s => s.protocol },
    { title: "Address", cell: s => s.address ? `${s.address}:${s.port}` : "" },
    { title: "State", cell: s => s.withdrawn ? `${s.state} (withdrawn)` : s.state },
    { title: "Error", cell: s => s.error, cls: "nmnvme-error" },
];

export const exclusionColumns = [
    { title: "Kind", cell: e => e.kind },
    { title: "Address", cell: addr },
    { title: "Subsystem", cell: e => e.subsysnqn, cls: "nmnvme-nqn" },
    { title: "Excluded by", cell: e => e["excluded-by"] },
];

const bootState = r => r.connected ? "connected" : "not connected";

export const nbftSubsystemColumns = [
    { title: "SSNS", cell: r => String(r.index) },
    { title: "Address", cell: r => `${r.traddr}:${r.trsvcid || "4420"}` },
    { title: "Subsystem", cell: r => r.nqn, cls: "nmnvme-nqn" },
    { title: "State", cell: bootState },
    { title: "Device", cell: r => r.device || "—" },
    { title: "Owner", cell: r => r.owner || "unowned" },
];

export const nbftDiscoveryColumns = [
    { title: "Record", cell: r => String(r.index) },
    { title: "URI", cell: r => r.uri },
    { title: "State", cell: bootState },
    { title: "Device", cell: r => r.device || "—" },
    { title: "Owner", cell: r => r.owner || "unowned" },
];
