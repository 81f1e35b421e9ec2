// SPDX-License-Identifier: GPL-2.0-or-later
// index.js: the page's entry: decides whether the user may act
// (cockpit.permission: root, or an administrator with administrative
// access on; everyone else gets the read-only view), makes the two
// models and re-renders on their changes.

import { NvmeDaemon } from "./nvme-daemon.js";
import { NmProfiles } from "./nm-profiles.js";
import { render } from "./overview.js";
import { openEditor } from "./editor.js";

function start(privileged) {
    const ctx = {
        privileged,
        daemon: new NvmeDaemon(privileged),
        profiles: new NmProfiles(),
        status: null,
    };
    let queued = false;
    const update = () => {
        if (queued)
            return;
        queued = true;
        requestAnimationFrame(() => {
            queued = false;
            render(ctx);
        });
    };
    ctx.setStatus = text => {
        ctx.status = text;
        update();
    };
    ctx.run = (what, fn) => {
        ctx.setStatus(`${what}…`);
        fn().then(() => ctx.setStatus(`${what}: done.`),
                  ex => ctx.setStatus(`${what} failed: ${ex.message || ex}`));
    };
    ctx.edit = (profile, entry) => {
        if (privileged)
            openEditor(ctx, profile, entry).catch(ex => ctx.setStatus(`Editor: ${ex.message || ex}`));
    };
    ctx.daemon.addEventListener("changed", update);
    ctx.profiles.addEventListener("changed", update);
    update();
    document.body.setAttribute("data-privileged", privileged ? "yes" : "no");
    // For debugging in the browser's console (and the lab's browser test).
    window.nmnvme = ctx;
}

const permission = cockpit.permission({ admin: true });
let started = false;
const decide = () => {
    if (started || permission.allowed === null)
        return;
    started = true;
    start(permission.allowed === true);
};
permission.addEventListener("changed", decide);
decide();
