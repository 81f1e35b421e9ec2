// SPDX-License-Identifier: GPL-2.0-or-later
// overview.js: the page's view, rebuilt from the two models on every
// change: the daemon's facts, the problems first, one card per interface
// (its session, or an active nvme profile without one), and the NBFT.
// Actions are there for administrators only; in the read-only view every
// button is disabled, and no view shows a secret (the daemon never hands
// one out; profile values are shown only in the editor, secrets never).

import { h, replace, table } from "./dom.js";
import { allProblems, sessionProblems } from "./problems.js";
import * as col from "./columns.js";

/* Each interface with its session (or null) and its profile (or null). */
function interfaces(daemon, profiles) {
    const byIface = new Map();
    for (const s of daemon.sessions)
        byIface.set(s.interface, { iface: s.interface, session: s, profile: profiles.byOwner(s.owner) });
    for (const p of profiles.profiles.values())
        for (const iface of profiles.interfaces(p))
            if (!byIface.has(iface))
                byIface.set(iface, { iface, session: null, profile: p });
    // Problems first, then by name.
    const rank = e => e.session && sessionProblems(e.session).length ? 0 : 1;
    return [...byIface.values()].sort((a, b) => rank(a) - rank(b) || a.iface.localeCompare(b.iface));
}

function section(title, count, body) {
    return h("div", { class: "nmnvme-subsection" }, h("h3", null, `${title} (${count})`), body);
}

function ctrlRowAttrs(c) {
    return {
        class: c.ours || !c.device ? null : "nmnvme-foreign-row",
        "data-key": c.key,
        "data-device": c.device || null,
        "data-state": c.state,
        "data-owner": c.owner,
    };
}

/* @ctrls with `excludedBy` ("FILE:LINE") on those the exclusion list keeps out. */
function markExcluded(ctrls, excluded) {
    const same = (c, e) => c.kind === e.kind && c.subsysnqn === e.subsysnqn &&
                           c.traddr === e.traddr && c.trsvcid === e.trsvcid;
    return ctrls.map(c => {
        const e = (excluded || []).find(e => same(c, e));
        return e ? { ...c, excludedBy: e["excluded-by"] } : c;
    });
}

function sessionBody(s) {
    const dcs = markExcluded(s["discovery-controllers"] || [], s.excluded);
    const iocs = markExcluded(s["io-controllers"] || [], s.excluded);
    const parts = [
        section("Discovery controllers", dcs.length,
                table(`Discovery controllers of ${s.interface}`, col.dcColumns, dcs, ctrlRowAttrs)),
        section("I/O controllers", iocs.length,
                table(`I/O controllers of ${s.interface}`, col.ioColumns, iocs, ctrlRowAttrs)),
    ];
    if (s.zeroconf) {
        const svcs = s.zeroconf.services || [];
        parts.push(section(`mDNS services (avahi ${s.zeroconf.avahi})`, svcs.length,
                           table(`mDNS services of ${s.interface}`, col.serviceColumns, svcs)));
    }
    if ((s.excluded || []).length)
        parts.push(section("Excluded host-wide", s.excluded.length,
                           table(`Exclusions applied on ${s.interface}`, col.exclusionColumns, s.excluded)));
    return parts;
}

function actions(entry, ctx) {
    const { session, profile, iface } = entry;
    const ro = !ctx.privileged;
    const why = ro ? "Needs administrative access" : null;
    const buttons = [];
    if (session)
        buttons.push(h("button", {
            class: "nmnvme-btn nmnvme-detach", disabled: ro || session.state === "stopping", title: why,
            onclick: () => ctx.run(`Detach ${iface}`, () => ctx.daemon.detach(iface)),
        }, "Detach"));
    else
        buttons.push(h("button", {
            class: "nmnvme-btn nmnvme-attach", disabled: ro || !profile, title: why,
            onclick: () => ctx.run(`Attach ${iface}`,
                                   () => ctx.daemon.attach(iface, ctx.profiles.nvme(profile), ctx.profiles.owner(profile))),
        }, "Attach"));
    buttons.push(h("button", {
        class: "nmnvme-btn nmnvme-edit", disabled: ro || !profile, title: why || (!profile ? "No NetworkManager profile" : null),
        onclick: () => ctx.edit(profile, entry),
    }, "Edit settings"));
    return h("div", { class: "nmnvme-actions" }, buttons);
}

function card(entry, ctx) {
    const s = entry.session;
    const state = s ? s.state : "no session";
    const facts = h("dl", { class: "nmnvme-facts" },
                    h("dt", null, "State"), h("dd", { class: "nmnvme-session-state" }, state + (s?.["attach-pending"] ? ` (attach pending: ${s["attach-pending"]})` : "")),
                    h("dt", null, "Owner"), h("dd", null, s ? s.owner : "—"),
                    h("dt", null, "Profile"), h("dd", { class: "nmnvme-profile" }, entry.profile ? entry.profile.id : "—"),
                    s?.["used-not-owned"] ? [h("dt", null, "Used, not owned"), h("dd", null, String(s["used-not-owned"]))] : null,
                    s?.["nbft-hfi"] ? [h("dt", null, "NBFT HFI"), h("dd", null, String(s["nbft-hfi"]))] : null);
    return h("article", { class: "nmnvme-card", "data-interface": entry.iface, "data-state": state },
             h("header", null, h("h2", null, entry.iface), actions(entry, ctx)),
             facts,
             s ? sessionBody(s) : h("p", { class: "nmnvme-muted" }, "Detached: the profile is active, nm-nvme manages nothing on this interface."));
}

function nbftSection(daemon) {
    const status = daemon.props.Nbft;
    if (!status || status === "none")
        return [];
    const out = [h("h2", null, "Boot from SAN (NBFT)"), h("p", null, `NBFT: ${status}`)];
    const t = daemon.nbft;
    if (status === "available" && !t)
        out.push(h("p", { class: "nmnvme-muted" }, "The table's details are for administrators (the kernel shows it to root only)."));
    if (t?.available) {
        out.push(h("p", { class: "nmnvme-muted" }, "Boot controllers belong to the boot: shown, never changed here."));
        out.push(section("Boot subsystems", (t.subsystems || []).length,
                         table("NBFT subsystems", col.nbftSubsystemColumns, t.subsystems || [],
                               r => ({ "data-device": r.device || null }))));
        if ((t.discovery || []).length)
            out.push(section("Discovery records", t.discovery.length,
                             table("NBFT discovery records", col.nbftDiscoveryColumns, t.discovery)));
    }
    return out;
}

/* Renders everything into the page's sections. */
export function render(ctx) {
    const { daemon, profiles } = ctx;
    const p = daemon.props;
    replace(document.getElementById("daemon"),
            h("dt", null, "Daemon"), h("dd", null, daemon.error ? "not reachable" : (p.Version || "…")),
            h("dt", null, "Host NQN"), h("dd", { class: "nmnvme-nqn" }, p.HostNqn || "—"));
    const access = document.getElementById("access");
    access.hidden = ctx.privileged;
    access.textContent = "Read-only: changing sessions and profiles needs administrative access.";

    const problems = allProblems(daemon);
    replace(document.getElementById("problems"),
            problems.length
                ? [h("h2", null, `Problems (${problems.length})`),
                    h("ul", { class: "nmnvme-problems" },
                      problems.map(pr => h("li", { "data-interface": pr.iface || null },
                                           pr.iface ? h("strong", null, `${pr.iface}: `) : null, pr.text)))]
                : []);

    const entries = interfaces(daemon, profiles);
    replace(document.getElementById("sessions"),
            entries.length
                ? entries.map(e => card(e, ctx))
                : h("p", { class: "nmnvme-muted" }, daemon.loaded ? "No NVMe over Fabrics session on any interface." : "Loading…"));
    replace(document.getElementById("nbft"), nbftSection(daemon));
    if (ctx.status)
        document.getElementById("problems").prepend(h("p", { class: "nmnvme-status", role: "status" }, ctx.status));
}
