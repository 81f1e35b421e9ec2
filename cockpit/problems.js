// SPDX-License-Identifier: GPL-2.0-or-later
// problems.js: what in the daemon's state needs an administrator's eye,
// listed first on the page: TLS problems first (a controller waiting for
// what TLS needs, a failed handshake, one refused by the TLS policy), then
// failed or unreachable controllers with their reason, suspended sessions,
// unreachable or ignored mDNS services, an mDNS browser that is not
// running, a missing kernel or libnvme capability.

const kindName = c => c.kind === "io" ? "I/O controller" : "Discovery controller";
const where = c => `${kindName(c)} ${c.subsysnqn || ""} at ${c.traddr}:${c.trsvcid}`;

/* A TLS problem of @c in words, or null: its `tls-problem` (the word of
 * `nm-nvme controllers`' SECURE column) and the daemon's sentence naming
 * what is missing. "checking" is the daemon's first look a moment after
 * its start, not a problem yet. */
function tlsProblem(c) {
    const problem = c["tls-problem"];
    if (!problem || problem === "checking")
        return null;
    const how = c.state === "tls-wait" ? "waits for TLS" : "not connected securely";
    return `${where(c)} ${how} (${problem}): ${c.error || problem}`;
}

function controllerProblem(c) {
    if (c.state === "failed")
        return `${where(c)} failed: ${c.error || "gave up"}`;
    if (c.state === "retry-wait" || (c.error && c.state !== "live"))
        return `${where(c)} unreachable: ${c.error || "retrying"}`;
    return null;
}

const controllers = s => [...(s["discovery-controllers"] || []), ...(s["io-controllers"] || [])];

/* [{ iface, text }] of one session's TLS problems. */
function sessionTlsProblems(s) {
    return controllers(s).map(tlsProblem).filter(Boolean).map(text => ({ iface: s.interface, text }));
}

/* [{ iface, text }] of one session's other problems (a controller with a
 * TLS problem is listed there, not again here; one in its first "checking"
 * moment not at all). */
function sessionOtherProblems(s) {
    const out = [];
    const add = text => out.push({ iface: s.interface, text });
    if (s.state === "suspended")
        add("link lost: session suspended, controllers left to the kernel to reconnect");
    for (const c of controllers(s)) {
        const p = c["tls-problem"] ? null : controllerProblem(c);
        if (p)
            add(p);
    }
    const zc = s.zeroconf;
    if (zc && zc.avahi && zc.avahi !== "running")
        add(`mDNS browser ${zc.avahi}: avahi-daemon not reachable`);
    for (const svc of zc?.services || [])
        if (svc.state === "unreachable" || svc.state === "ignored")
            add(`mDNS service ${svc.name} ${svc.state}: ${svc.error || ""}`);
    return out;
}

/* [{ iface, text }] of one session, its TLS problems first. */
export function sessionProblems(s) {
    return [...sessionTlsProblems(s), ...sessionOtherProblems(s)];
}

/* Every problem: every session's TLS problems first, then the host's
 * (NBFT support), then the sessions' others. */
export function allProblems(daemon) {
    const out = [];
    if (daemon.error)
        out.push({ iface: "", text: `nm-nvme-daemon cannot be read: ${daemon.error}` });
    for (const s of daemon.sessions)
        out.push(...sessionTlsProblems(s));
    const nbft = daemon.props.Nbft || "";
    if (nbft.startsWith("unavailable:") && nbft !== "unavailable: not read yet")
        out.push({ iface: "", text: `Boot from SAN (NBFT) ${nbft}` });
    for (const s of daemon.sessions)
        out.push(...sessionOtherProblems(s));
    return out;
}
