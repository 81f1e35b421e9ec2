// SPDX-License-Identifier: GPL-2.0-or-later
// nm-profiles.js: the NetworkManager profiles that carry nvme.* settings
// (user.data of a base profile, vpn.data of an `nvme` VPN-style profile;
// docs/settings.md) and the interfaces they are active on, from
// NetworkManager's D-Bus API. Live through NetworkManager's signals
// (NewConnection, ConnectionRemoved, Updated; ActiveConnections changed,
// an active connection's StateChanged), never by polling. Saving goes through Update2, to disk.

import { plain } from "./dbus-values.js";

const NM = "org.freedesktop.NetworkManager";
const SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings";
const SETTINGS = "org.freedesktop.NetworkManager.Settings";
const CONNECTION = "org.freedesktop.NetworkManager.Settings.Connection";
const NM_PATH = "/org/freedesktop/NetworkManager";
const PROPERTIES = "org.freedesktop.DBus.Properties";
const ACTIVE = "org.freedesktop.NetworkManager.Connection.Active";
const ACTIVE_PATHS = "/org/freedesktop/NetworkManager/ActiveConnection";
const DEVICE = "org.freedesktop.NetworkManager.Device";
export const VPN_SERVICE = "org.freedesktop.NetworkManager.nvme";
const UPDATE2_TO_DISK = 0x1;

/* The carrier of a profile's nvme.* keys: ["user", "data"] or ["vpn", "data"]. */
function carrier(settings) {
    const conn = settings.connection || {};
    if (conn.type && conn.type.v === "vpn" && settings.vpn?.["service-type"]?.v === VPN_SERVICE)
        return "vpn";
    return "user";
}

function nvmeKeys(data) {
    return Object.fromEntries(Object.entries(data || {}).filter(([k]) => k.startsWith("nvme.")));
}

export class NmProfiles extends EventTarget {
    constructor() {
        super();
        this.profiles = new Map(); // path -> { path, uuid, id, kind, data (all of the carrier), raw }
        this.error = null;
        this._client = cockpit.dbus(NM, { bus: "system", superuser: "try" });
        this.active = new Map(); // profile UUID -> [interface]
        this._activeInFlight = false;
        this._activeAgain = false;
        // The active connections: NetworkManager's ActiveConnections property
        // and each one's StateChanged say when to read them again.
        this._client.subscribe({ interface: PROPERTIES, path: NM_PATH, member: "PropertiesChanged" },
                               (path, iface, signal, args) => {
                                   if (args[0] === NM && "ActiveConnections" in (args[1] || {}))
                                       this._refreshActive();
                               });
        this._client.subscribe({ interface: ACTIVE, path_namespace: ACTIVE_PATHS, member: "StateChanged" },
                               () => this._refreshActive());
        this._client.addEventListener("owner", () => this._refreshActive());
        this._refreshActive();
        this._client.subscribe({ interface: SETTINGS, path: SETTINGS_PATH, member: "NewConnection" },
                               (path, iface, signal, args) => this._load(args[0]));
        this._client.subscribe({ interface: SETTINGS, path: SETTINGS_PATH, member: "ConnectionRemoved" },
                               (path, iface, signal, args) => {
                                   this.profiles.delete(args[0]);
                                   this._emit();
                               });
        this._client.subscribe({ interface: CONNECTION, path_namespace: SETTINGS_PATH, member: "Updated" },
                               path => this._load(path));
        this._client.call(SETTINGS_PATH, SETTINGS, "ListConnections", [])
                .then(r => Promise.all(r[0].map(p => this._load(p))))
                .catch(ex => {
                    this.error = ex.message;
                    this._emit();
                });
    }

    _emit() {
        this.dispatchEvent(new Event("changed"));
    }

    _get(path, iface, prop) {
        return this._client.call(path, PROPERTIES, "Get", [iface, prop]).then(r => plain(r[0]));
    }

    /* The UUID -> interfaces map read again now, or once more after the
     * read in flight (signals come in bursts during an activation). */
    _refreshActive() {
        if (this._activeInFlight) {
            this._activeAgain = true;
            return;
        }
        this._activeInFlight = true;
        this._activeAgain = false;
        const one = path => Promise.all([this._get(path, ACTIVE, "Uuid"), this._get(path, ACTIVE, "Devices")])
                .then(([uuid, devices]) => Promise.all(devices.map(d => this._get(d, DEVICE, "Interface")))
                        .then(ifaces => [uuid, ifaces]))
                .catch(() => null); // gone meanwhile
        this._get(NM_PATH, NM, "ActiveConnections")
                .then(paths => Promise.all(paths.map(one)))
                .then(pairs => {
                    this.active = new Map();
                    for (const [uuid, ifaces] of pairs.filter(Boolean))
                        this.active.set(uuid, [...(this.active.get(uuid) || []), ...ifaces]);
                })
                .catch(ex => {
                    this.error = ex.message;
                })
                .finally(() => {
                    this._activeInFlight = false;
                    this._emit();
                    if (this._activeAgain)
                        this._refreshActive();
                });
    }

    _load(path) {
        return this._client.call(path, CONNECTION, "GetSettings", [])
                .then(r => {
                    const raw = r[0];
                    const kind = carrier(raw);
                    const data = raw[kind]?.data ? plain(raw[kind].data) : {};
                    if (Object.keys(nvmeKeys(data)).length === 0 && kind !== "vpn") {
                        this.profiles.delete(path);
                    } else {
                        this.profiles.set(path, {
                            path, raw, kind, data,
                            uuid: raw.connection.uuid.v,
                            id: raw.connection.id.v,
                        });
                    }
                    this._emit();
                })
                .catch(() => {
                    // Gone meanwhile, or not visible to this user.
                    this.profiles.delete(path);
                    this._emit();
                });
    }

    /* The interfaces @profile is active on now. */
    interfaces(profile) {
        return this.active.get(profile.uuid) || [];
    }

    /* The owner tag the daemon's sessions of @profile carry. */
    owner(profile) {
        return (profile.kind === "vpn" ? "vpn:" : "dispatcher:") + profile.uuid;
    }

    /* The profile whose owner tag @owner is, or null. */
    byOwner(owner) {
        const uuid = String(owner).replace(/^[a-z]+:/, "");
        for (const p of this.profiles.values())
            if (p.uuid === uuid)
                return p;
        return null;
    }

    /* The nvme.* keys of @profile. */
    nvme(profile) {
        return nvmeKeys(profile.data);
    }

    /* Saves @nvme (the nvme.* keys, complete) into @profile, its other
     * keys kept; to disk. Secrets NetworkManager keeps apart stay as they
     * are (a new connection without secrets keeps the old ones). */
    save(profile, nvme) {
        const data = Object.fromEntries(Object.entries(profile.data).filter(([k]) => !k.startsWith("nvme.")));
        Object.assign(data, nvme);
        const settings = { ...profile.raw };
        settings[profile.kind] = { ...(settings[profile.kind] || {}), data: cockpit.variant("a{ss}", data) };
        return this._client.call(profile.path, CONNECTION, "Update2",
                                 [settings, UPDATE2_TO_DISK, {}]);
    }
}
