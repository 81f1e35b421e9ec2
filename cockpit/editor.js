// SPDX-License-Identifier: GPL-2.0-or-later
// editor.js: the editor of one profile's nvme.* settings, for
// administrators. One field per key of the daemon's schema (GetSchema),
// so the page knows no rule of its own: on Save the whole set is checked
// by the daemon's ValidateSettings, the same schema Attach applies; a bad
// value names the key, marks its field and nothing is saved. Secrets (the
// schema's type "secret": DH-HMAC-CHAP secrets, the TLS PSK nvme.tls-key)
// have no field: user.data is readable by every user, so `nm-nvme
// connection modify` refuses them there and this page neither shows nor
// writes them (one already stored is kept as it is). nvme.tls is a choice
// of the schema like any other.

import { h, replace } from "./dom.js";

function fieldFor(info, value) {
    const id = `field-${info.name}`;
    const common = { id, name: info.name, "data-key": info.name, "aria-describedby": `help-${info.name}` };
    if (info.type === "bool" || info.type === "choice") {
        const words = info.type === "bool" ? ["yes", "no"] : info.choices;
        return h("select", common,
                 h("option", { value: "", selected: !value }, `default${info.default ? ` (${info.default})` : ""}`),
                 words.map(w => h("option", { value: w, selected: value === w }, w)));
    }
    const unset = info.type === "int" ? "kernel default" : "none";
    const input = h("input", { ...common, type: "text", placeholder: info.default ? `default: ${info.default}` : unset });
    input.value = value || "";
    return input;
}

/* Shows the editor of @profile on @ctx's daemon and profiles; @entry the
 * interface it was opened from (its session is updated after a save). */
export async function openEditor(ctx, profile, entry) {
    const dialog = document.getElementById("editor");
    const schema = await ctx.daemon.schema();
    const current = ctx.profiles.nvme(profile);
    const fields = new Map();
    const editable = schema.filter(info => info.type !== "secret");
    const rows = editable.map(info => {
        const field = fieldFor(info, current[info.name]);
        fields.set(info.name, field);
        return h("div", { class: "nmnvme-field", "data-key": info.name },
                 h("label", { for: field.id }, info.name),
                 field,
                 h("small", { id: `help-${info.name}` }, `${info.help} — ${info.values}`));
    });
    const error = h("p", { class: "nmnvme-editor-error", role: "alert", hidden: true });
    const save = h("button", { class: "nmnvme-btn nmnvme-save", type: "submit" }, "Save");
    const cancel = h("button", { class: "nmnvme-btn nmnvme-cancel", type: "button", onclick: () => dialog.close() }, "Cancel");
    const form = h("form", { class: "nmnvme-editor", method: "dialog" },
                   h("h2", null, `NVMe settings of “${profile.id}”`),
                   h("p", { class: "nmnvme-muted" }, profile.kind === "vpn" ? "vpn.data of an nvme VPN profile" : "user.data of the profile"),
                   rows,
                   h("p", { class: "nmnvme-muted" }, "Secrets (DH-HMAC-CHAP, the TLS PSK nvme.tls-key) are not edited here: keep them in an nvme VPN profile's secrets (docs/settings.md)."),
                   error, h("div", { class: "nmnvme-actions" }, save, cancel));

    /* The daemon's @message, at the end of the form and, when it names
     * @key, under that key's field, which is marked invalid. */
    function showError(key, message) {
        for (const f of fields.values()) {
            f.removeAttribute("aria-invalid");
            f.parentElement.classList.remove("nmnvme-invalid");
        }
        form.querySelectorAll(".nmnvme-field-error").forEach(e => e.remove());
        error.hidden = !message;
        error.textContent = message || "";
        const f = fields.get(key);
        if (f) {
            f.setAttribute("aria-invalid", "true");
            f.parentElement.classList.add("nmnvme-invalid");
            f.parentElement.append(h("small", { class: "nmnvme-field-error" }, message));
            f.scrollIntoView({ block: "center" });
            f.focus();
        }
    }

    function collect() {
        const nvme = {};
        for (const info of schema) {
            const field = fields.get(info.name);
            const value = field ? field.value.trim() : current[info.name];
            if (value)
                nvme[info.name] = value;
        }
        return nvme;
    }

    form.addEventListener("submit", async ev => {
        ev.preventDefault();
        const nvme = collect();
        save.disabled = true;
        try {
            const v = await ctx.daemon.validate(nvme);
            if (v.key || v.message) {
                showError(v.key, v.message);
                return;
            }
            showError(null, null);
            await ctx.profiles.save(profile, nvme);
            const s = entry?.session;
            if (s && s.state === "active")
                await ctx.daemon.attach(entry.iface, nvme, s.owner);
            dialog.close();
            ctx.setStatus(`Saved the NVMe settings of “${profile.id}”${s && s.state === "active" ? ` and applied them on ${entry.iface}` : ""}.`);
        } catch (ex) {
            showError(null, ex.message || String(ex));
        } finally {
            save.disabled = false;
        }
    });
    replace(dialog, form);
    dialog.showModal();
}
