// SPDX-License-Identifier: GPL-2.0-or-later
// nvme-daemon.js: the page's model of nm-nvme-daemon
// (org.freedesktop.NetworkManager.Nvme1, docs/dbus-api.md). Live through
// the SessionChanged signal and the properties' PropertiesChanged, never
// by polling: a signal asks for one GetSessions; signals arriving while it
// is in flight ask for one more after it, not one each.

import { plain } from "./dbus-values.js";

const NAME = "org.freedesktop.NetworkManager.Nvme";
const PATH = "/org/freedesktop/NetworkManager/Nvme";
const IFACE = "org.freedesktop.NetworkManager.Nvme1";

export class NvmeDaemon extends EventTarget {
    /* @privileged: whether the page may call root's methods (GetNbft,
     * Attach, Detach); everything else is open to every user. */
    constructor(privileged) {
        super();
        this.privileged = privileged;
        this.sessions = [];
        this.nbft = null;          // GetNbft's table, for root only
        this.props = {};           // Version, HostNqn, Nbft
        this.error = null;         // why the daemon cannot be read, or null
        this.loaded = false;
        this._inFlight = false;
        this._again = false;
        this._client = cockpit.dbus(NAME, { bus: "system", superuser: "try" });
        this._proxy = this._client.proxy(IFACE, PATH);
        this._proxy.addEventListener("changed", () => {
            const nbftBefore = this.props.Nbft;
            this.props = { Version: this._proxy.Version, HostNqn: this._proxy.HostNqn, Nbft: this._proxy.Nbft };
            if (this.props.Nbft !== nbftBefore)
                this.refresh();
            this._emit();
        });
        this._client.subscribe({ interface: IFACE, path: PATH, member: "SessionChanged" }, () => this.refresh());
        // The daemon started again (or for the first time): all new.
        this._client.addEventListener("owner", () => this.refresh());
        this.refresh();
    }

    _emit() {
        this.dispatchEvent(new Event("changed"));
    }

    _call(method, args) {
        return this._client.call(PATH, IFACE, method, args);
    }

    /* One GetSessions (and GetNbft for root) now, or one more after the
     * one in flight. */
    refresh() {
        if (this._inFlight) {
            this._again = true;
            return;
        }
        this._inFlight = true;
        this._again = false;
        const nbft = this.privileged && this.props.Nbft === "available"
            ? this._call("GetNbft", []).then(r => plain(r[0]), () => null)
            : Promise.resolve(null);
        Promise.all([this._call("GetSessions", []), nbft])
                .then(([reply, table]) => {
                    this.sessions = plain(reply[0]);
                    this.nbft = table;
                    this.error = null;
                })
                .catch(ex => {
                    this.sessions = [];
                    this.error = ex.message || String(ex);
                })
                .finally(() => {
                    this.loaded = true;
                    this._inFlight = false;
                    this._emit();
                    if (this._again)
                        this.refresh();
                });
    }

    session(iface) {
        return this.sessions.find(s => s.interface === iface) || null;
    }

    attach(iface, settings, owner) {
        return this._call("Attach", [iface, settings, owner]);
    }

    detach(iface) {
        return this._call("Detach", [iface, "deactivate"]);
    }

    /* { key, message }: key "" when @settings are valid; the daemon's
     * schema decides, the same that Attach applies. */
    validate(settings) {
        return this._call("ValidateSettings", [settings]).then(r => ({ key: r[0], message: r[1] }));
    }

    /* [{ name, values, default, help, type, choices }] */
    schema() {
        if (!this._schema)
            this._schema = this._call("GetSchema", []).then(r => plain(r[0]));
        return this._schema;
    }
}
