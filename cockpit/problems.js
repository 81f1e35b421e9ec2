// SPDX-License-Identifier: GPL-2.0-or-later
// problems.js: what in the daemon's state needs an administrator's eye,
// listed first on the page: failed or unreachable controllers with their
// reason, suspended sessions, unreachable or ignored mDNS services, an
// mDNS browser that is not running, a missing kernel or libnvme capability.

function controllerProblem(c) {
    if (c.state === "failed")
        return `${c.kind === "io" ? "I/O controller" : "Discovery controller"} ${c.subsysnqn} at ${c.traddr}:${c.trsvcid} failed: ${c.error || "gave up"}`;
    if (c.state === "retry-wait" || (c.error && c.state !== "live"))
        return `${c.kind === "io" ? "I/O controller" : "Discovery controller"} ${c.subsysnqn || ""} at ${c.traddr}:${c.trsvcid} unreachable: ${c.error || "retrying"}`;
    return null;
}

/* [{ iface, text }] of one session. */
export function sessionProblems(s) {
    const out = [];
    const add = text => out.push({ iface: s.interface, text });
    if (s.state === "suspended")
        add("link lost: session suspended, controllers left to the kernel to reconnect");
    for (const c of [...(s["discovery-controllers"] || []), ...(s["io-controllers"] || [])]) {
        const p = controllerProblem(c);
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

/* Every problem: the host's first (NBFT support), then per session. */
export function allProblems(daemon) {
    const out = [];
    if (daemon.error)
        out.push({ iface: "", text: `nm-nvme-daemon cannot be read: ${daemon.error}` });
    const nbft = daemon.props.Nbft || "";
    if (nbft.startsWith("unavailable:") && nbft !== "unavailable: not read yet")
        out.push({ iface: "", text: `Boot from SAN (NBFT) ${nbft}` });
    for (const s of daemon.sessions)
        out.push(...sessionProblems(s));
    return out;
}
