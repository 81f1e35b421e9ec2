#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# browser-test.py: the host side of the lab scenario `cockpit`: Debian's
# chromium, headless, driven through chromedriver (python3-selenium), against
# the two cockpit-ws of the guest (root: the administrator's view; nobody:
# the read-only view), reached through qemu's port forwards (LAB_FORWARD).
# Target-side changes and sysfs readings are asked of the guest through
# files in the run's folder (LAB_RUN = the guest's LAB_OUT):
# cockpit/requests/N holds one word, cockpit/replies/N the answer. The
# checks go to cockpit/browser.results ("ok NAME" / "FAIL NAME"), counted
# by the scenario; cockpit/done ends its wait. Screenshots go to
# LAB_RUN/screenshots (docs/images/ holds the README's copies).
#
# Started by lab-run ("# lab-host:" in scenarios/cockpit.sh); not for
# running by hand.
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

RUN = os.environ["LAB_RUN"]
CHAN = os.path.join(RUN, "cockpit")
SHOTS = os.path.join(RUN, "screenshots")
PORTS = dict(p.split("=") for p in os.environ.get("LAB_FORWARD", "").split())
PAGE = "/cockpit/@localhost/nm-nvme/index.html"
PFX = "nqn.2026-11.io.nm-nvme.lab"
TLS_NQN = f"{PFX}:tls1"
SECRET = "DHHC-1:00:eaW4VARvS7azPU0DzUvcIqJgJX7svR7gNpHn85azrU42I5UV:"

results = []
request_no = 0
t_start = time.monotonic()


def log(*args):
    print(f"[{time.monotonic() - t_start:7.1f}]", *args, flush=True)


DRIVER = None
TLS = False  # the guest set up the TLS session (cockpit/tls)


def check(name, ok, detail=""):
    results.append(("ok" if ok else "FAIL", name))
    log("ok" if ok else "FAIL", name, "" if ok else detail)
    if not ok and DRIVER:
        try:
            shot(DRIVER, f"failure-{len(results)}.png")
            log("  page:", js(DRIVER, """
                const n = window.nmnvme;
                return JSON.stringify({
                    text: document.getElementById('sessions').innerText.slice(0, 600),
                    sessions: n?.daemon.sessions.map(s => [s.interface, s.state, s.owner]),
                    profiles: n ? [...n.profiles.profiles.values()].map(p => [p.id, p.uuid, n.profiles.interfaces(p)]) : null,
                    active: n ? [...n.profiles.active.entries()] : null,
                })"""))
        except Exception as ex:
            log("  (no page state:", repr(ex), ")")
    return ok


def ask(word, timeout=60):
    """One request to the guest; its reply's text."""
    global request_no
    request_no += 1
    n = str(request_no)
    tmp = os.path.join(CHAN, "requests", "." + n)
    with open(tmp, "w") as f:
        f.write(word + "\n")
    os.rename(tmp, os.path.join(CHAN, "requests", n))
    reply = os.path.join(CHAN, "replies", n)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if os.path.exists(reply):
            with open(reply) as f:
                return f.read()
        if os.path.exists(os.path.join(RUN, "rc")):
            raise RuntimeError(f"the guest ended before answering '{word}'")
        time.sleep(0.3)
    raise TimeoutError(f"no reply to '{word}' within {timeout} s")


def wait_until(what, fn, timeout):
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            last = fn()
            if last:
                return last
        except Exception as ex:  # the page is being rebuilt: try again
            last = ex
        time.sleep(0.5)
    log(f"gave up waiting for {what}: last {last!r}")
    return None


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1100", "--no-first-run", "--password-store=basic"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def js(drv, script, *args):
    return drv.execute_script(script, *args)


# The page's controllers: (device, subsysnqn) of each row with a device in
# the sessions' controller tables (the NBFT table lists the same devices).
PAGE_CTRLS = """
return [...document.querySelectorAll('#sessions tr[data-device]')].map(r =>
    [r.dataset.device, r.querySelector('.nmnvme-nqn')?.textContent || '']);
"""


def sysfs_ctrls():
    out = set()
    for line in ask("sysfs").splitlines():
        w = line.split()
        if len(w) >= 6 and w[0].startswith("nvme"):
            out.add((w[0], w[-1]))
    return out


def same_as_sysfs(drv):
    page = {tuple(x) for x in js(drv, PAGE_CTRLS)}
    sysfs = sysfs_ctrls()
    log("page", sorted(page), "sysfs", sorted(sysfs))
    return page == sysfs and len(page) > 0 and (page, sysfs)


# Every controller row of the sessions' tables (those with a Secure cell):
# [subsysnqn, address, Secure word, device].
PAGE_SECURE = """
return [...document.querySelectorAll('#sessions tr')].filter(r => r.querySelector('td.nmnvme-secure-cell')).map(r =>
    [r.querySelector('.nmnvme-nqn')?.textContent || '', r.querySelector("td[data-label='Address']")?.textContent || '',
     r.querySelector('td.nmnvme-secure-cell').textContent, r.dataset.device || '']);
"""


def secure_matches(drv):
    """Every controller's Secure cell says what `nm-nvme controllers`' SECURE
    column says, and every device's what sysfs says; (page, sysfs) if so."""
    rows = js(drv, PAGE_SECURE)
    page = {(n, a, w) for n, a, w, _ in rows}
    cli = {tuple(line.split(" ", 2)) for line in ask("controllers").splitlines() if line.count(" ") >= 2}
    sysfs = dict(line.split(" ", 1) for line in ask("sysfs-tls").splitlines() if line.startswith("nvme"))
    devs = {d: w for _, _, w, d in rows if d}
    log("secure: page", sorted(page), "cli", sorted(cli), "sysfs", sysfs)
    return (page == cli and len(page) > 0 and set(devs) == set(sysfs) and
            all(sysfs[d] == w for d, w in devs.items()) and (page, sysfs))


def tls_row(drv):
    """[device, Secure word] of tls1's row on stor1, or None."""
    return js(drv, """
        const r = [...document.querySelectorAll("article[data-interface='stor1'] tr")].find(r =>
            r.querySelector('.nmnvme-nqn')?.textContent === arguments[0]);
        return r ? [r.dataset.device || '', r.querySelector('td.nmnvme-secure-cell')?.textContent] : null""", TLS_NQN)


def tls_steps(drv):
    """storage1 (nvme.tls=yes) up while the host has no tlshd: tls-wait,
    listed first naming tlshd; tlshd started: over TLS."""
    check("TLS: tls1 waits for TLS, its Secure cell says 'no: tlshd-not-running'",
          wait_until("tls-wait", lambda: tls_row(drv) == ["", "no: tlshd-not-running"], 60), tls_row(drv))
    first = js(drv, "const p = document.querySelector('#problems li'); return p ? [p.dataset.interface, p.textContent] : null")
    check("TLS: the first problem listed is tls1's on stor1, waiting for tlshd",
          bool(first) and first[0] == "stor1" and "waits for TLS (tlshd-not-running)" in first[1]
          and "tlshd is not running" in first[1], first)
    check("TLS waiting: every Secure cell says what nm-nvme controllers and sysfs say",
          wait_until("secure == cli, sysfs", lambda: secure_matches(drv), 30))
    shot(drv, "cockpit-tls-wait.png")
    ask("tlshd-start")
    got = wait_until("tls1 over TLS", lambda: (r := tls_row(drv)) and r[0] and r[1] == "tls" and r, 90)
    check("TLS: tlshd started: tls1 connected, its Secure cell says 'tls'", got, tls_row(drv))
    check("TLS: no TLS problem listed any more", js(drv, """
        return ![...document.querySelectorAll('#problems li')].some(p => p.textContent.includes('TLS'))"""))
    check("TLS up: every Secure cell says what nm-nvme controllers and sysfs say (tls1 'tls', the others '-')",
          wait_until("secure == cli, sysfs", lambda: (m := secure_matches(drv)) and got and m[1].get(got[0]) == "tls", 30))


def click(drv, selector, timeout=30):
    """Clicks the enabled button @selector, found and clicked in one go: the
    page rebuilds its cards on every change, so an element found in one
    call may be gone by the next."""
    return wait_until(f"click {selector}", lambda: js(drv, """
        const b = document.querySelector(arguments[0]);
        if (!b || b.disabled)
            return false;
        b.click();
        return true""", selector), timeout)


def card_state(drv, iface):
    return js(drv, "return document.querySelector(`article[data-interface='${arguments[0]}']`)?.dataset.state || null", iface)


def shot(drv, name):
    os.makedirs(SHOTS, exist_ok=True)
    drv.save_screenshot(os.path.join(SHOTS, name))


def admin_view(drv):
    url = f"http://127.0.0.1:{PORTS['9090']}{PAGE}"
    drv.get(url)
    check("admin view: stor0 active", wait_until("stor0 active", lambda: card_state(drv, "stor0") == "active", 90))
    check("admin view: privileged", js(drv, "return document.body.dataset.privileged") == "yes")
    if TLS:
        tls_steps(drv)
    else:
        check("plain controllers: every Secure cell says '-', as nm-nvme controllers and sysfs do",
              wait_until("secure == cli, sysfs", lambda: (m := secure_matches(drv)) and
                         all(w == "-" for _, _, w in m[0]), 60))
    check("the page lists exactly the controllers sysfs shows",
          wait_until("page == sysfs", lambda: same_as_sysfs(drv), 60))
    foreign = ask("foreign").strip()
    check(f"another orchestrator's controller ({foreign}) shown as not ours, no action on it", js(drv, """
        const r = document.querySelector(`#sessions tr[data-device='${arguments[0]}']`);
        return !!r && r.dataset.owner === 'stas' && r.classList.contains('nmnvme-foreign-row') &&
               r.textContent.includes('stas (not ours)') && r.querySelectorAll('button').length === 0""", foreign))
    check("the host-wide exclusion of sub5 is shown", js(drv, """
        const t = document.querySelector("#sessions table[aria-label='Exclusions applied on stor0']");
        return !!t && t.textContent.includes(arguments[0]) && t.textContent.includes('exclusions.conf:')""", f"{PFX}:sub5"))
    shot(drv, "cockpit-overview.png")

    # No reload from here on: a mark on the window must survive.
    js(drv, "window.nmnvmeMark = 'kept'")
    ask("add-subsystem")
    got = wait_until("sub3 on the page", lambda: js(drv, """
        return [...document.querySelectorAll('#sessions tr[data-device]')].some(r =>
            r.querySelector('.nmnvme-nqn')?.textContent === arguments[0])""", f"{PFX}:sub3"), 90)
    check("a subsystem added on the target appears without a reload",
          got and js(drv, "return window.nmnvmeMark") == "kept")
    check("after the AEN: still exactly the controllers sysfs shows",
          wait_until("page == sysfs", lambda: same_as_sysfs(drv), 60))

    ask("link-down")
    check("link down: the session shows suspended",
          wait_until("suspended", lambda: card_state(drv, "stor0") == "suspended", 90))
    check("link down: a problem listed first", js(drv, """
        const p = document.querySelector('#problems li[data-interface=stor0]');
        return !!p && p.textContent.includes('link lost')"""))
    shot(drv, "cockpit-link-lost.png")
    ask("link-up")
    check("link up: active again, no reload",
          wait_until("active", lambda: card_state(drv, "stor0") == "active", 90)
          and js(drv, "return window.nmnvmeMark") == "kept")

    # Detach and Attach from the page: ours go and come back, the stas-owned
    # controller stays throughout.
    click(drv, "article[data-interface='stor0'] button.nmnvme-detach")
    check("Detach: stor0 shows no session and offers Attach",
          wait_until("detached", lambda: card_state(drv, "stor0") == "no session" and js(drv, """
              const b = document.querySelector("article[data-interface='stor0'] button.nmnvme-attach");
              return !!b && !b.disabled"""), 60))
    check(f"Detach: only the stas-owned {foreign} is left in sysfs, and the page lists no controller",
          wait_until("ours gone", lambda: {d for d, n in sysfs_ctrls() if n != TLS_NQN} == {foreign} and
                     js(drv, "return document.querySelectorAll(\"#sessions article[data-interface='stor0'] tr[data-device]\").length") == 0, 60))
    click(drv, "article[data-interface='stor0'] button.nmnvme-attach")
    check("Attach: stor0 active again, owned by its profile's dispatcher tag",
          wait_until("attached", lambda: card_state(drv, "stor0") == "active" and
                     js(drv, "return document.querySelector(\"article[data-interface='stor0'] dd\") && "
                             "[...document.querySelectorAll(\"article[data-interface='stor0'] dd\")][1].textContent")
                     .startswith("dispatcher:"), 60))
    check("Attach: sub1, sub2, sub3 back; the page lists exactly the controllers sysfs shows",
          wait_until("all back", lambda: len({d for d, n in sysfs_ctrls() if n != TLS_NQN}) == 5 and same_as_sysfs(drv), 90))
    check("after Detach and Attach: every Secure cell says what nm-nvme controllers and sysfs say",
          wait_until("secure == cli, sysfs", lambda: secure_matches(drv), 30))
    check("no reload through Detach and Attach", js(drv, "return window.nmnvmeMark") == "kept")

    # The editor: nvme.kato=0 names the key, marks the field, saves nothing.
    before = ask("keyfile")
    click(drv, "article[data-interface='stor0'] button.nmnvme-edit")
    field = wait_until("editor", lambda: drv.find_element(By.ID, "field-nvme.kato"), 30)
    if not check("editor opens with a nvme.kato field", field):
        return
    check("editor: nvme.tls is the schema's choice (no, yes, auto); the PSK nvme.tls-key has no field", js(drv, """
        const f = document.getElementById('field-nvme.tls');
        const opts = f ? [...f.options].map(o => o.value) : [];
        return !!f && f.tagName === 'SELECT' && ['no', 'yes', 'auto'].every(v => opts.includes(v)) &&
               !document.getElementById('field-nvme.tls-key') &&
               !document.querySelector("#editor [data-key='nvme.tls-key']")"""))
    field.clear()
    field.send_keys("0")
    drv.find_element(By.CSS_SELECTOR, "#editor button.nmnvme-save").click()
    err = wait_until("the error", lambda: js(drv, """
        const e = document.querySelector('#editor .nmnvme-editor-error');
        return e && !e.hidden && e.textContent"""), 30)
    check("a bad nvme.kato: the error names the key", bool(err) and err.startswith("nvme.kato:"), err)
    check("a bad nvme.kato: its field is marked", js(drv, """
        const f = document.querySelector('.nmnvme-field[data-key="nvme.kato"]');
        return f.classList.contains('nmnvme-invalid') &&
               document.getElementById('field-nvme.kato').getAttribute('aria-invalid') === 'true' &&
               document.querySelectorAll('.nmnvme-invalid').length === 1"""))
    check("a bad nvme.kato: the dialog stays open", js(drv, "return document.getElementById('editor').open"))
    shot(drv, "cockpit-editor.png")
    time.sleep(2)
    check("a bad nvme.kato: the keyfile is unchanged", ask("keyfile") == before)

    # A good value: saved through NetworkManager, applied to the session.
    field.clear()
    field.send_keys("20")
    drv.find_element(By.CSS_SELECTOR, "#editor button.nmnvme-save").click()
    check("nvme.kato=20: the dialog closes, the page says saved and applied",
          wait_until("closed", lambda: not js(drv, "return document.getElementById('editor').open") and
                     "applied them on stor0" in js(drv, "return document.querySelector('.nmnvme-status')?.textContent || ''"), 30))
    after = wait_until("keyfile saved", lambda: (k := ask("keyfile")) != before and k, 30) or ""
    # NetworkManager writes the keyfile its own way (sections it adds);
    # what the profile said is all still there.
    kept = [l for l in before.splitlines()
            if l.startswith(("id=", "uuid=", "type=", "interface-name=", "address1=", "method=", "nvme.discovery="))]
    check("nvme.kato=20: in the keyfile, the rest of the profile kept",
          "nvme.kato=20" in after.splitlines() and len(kept) >= 7 and all(l in after.splitlines() for l in kept), after)
    check("nvme.kato=20: the session has it",
          wait_until("session kato", lambda: "'nvme.kato': '20'" in ask("session-settings"), 30))
    check("admin view: no secret in the DOM", SECRET not in drv.page_source)
    check("admin view: the NBFT's boot subsystems (GetNbft, root's)", js(drv, """
        const t = document.querySelector("#nbft table[aria-label='NBFT subsystems']");
        return !!t && t.querySelectorAll('tbody tr').length === 2 && t.textContent.includes(arguments[0])""",
        f"{PFX}:boot"))


def readonly_view(drv):
    url = f"http://127.0.0.1:{PORTS['9091']}{PAGE}"
    drv.get(url)
    check("read-only view: stor0 and its controllers shown",
          wait_until("stor0", lambda: card_state(drv, "stor0") == "active" and
                     js(drv, "return document.querySelectorAll('#sessions tr[data-device]').length > 0"), 90))
    check("read-only view: marked unprivileged", js(drv, "return document.body.dataset.privileged") == "no")
    buttons = js(drv, "return [...document.querySelectorAll('button')].map(b => [b.textContent, b.disabled])")
    check("read-only view: no enabled action", len(buttons) > 0 and all(d for _, d in buttons), buttons)
    check("read-only view: no secret in the DOM", SECRET not in drv.page_source
          and "DHHC-1" not in drv.page_source)
    check("read-only view: the NBFT's status, not its table (root's)", js(drv, """
        const n = document.getElementById('nbft');
        return n.textContent.includes('NBFT: available') && !n.querySelector('table')"""))
    if TLS:
        check("read-only view: tls1's Secure cell says 'tls'",
              wait_until("tls", lambda: (r := tls_row(drv)) and r[1] == "tls", 30), tls_row(drv))
    shot(drv, "cockpit-readonly.png")


def main():
    if not wait_until("the guest", lambda: os.path.exists(os.path.join(CHAN, "ready")), 300):
        log("the guest never got ready")
        return 1
    global TLS
    TLS = os.path.exists(os.path.join(CHAN, "tls"))
    log("guest ready; forwards", PORTS, "TLS" if TLS else "no TLS")
    global DRIVER
    drv = DRIVER = browser()
    try:
        for step in (admin_view, readonly_view):
            try:
                step(drv)
            except Exception as ex:
                check(f"{step.__name__} ran to its end", False, repr(ex))
                shot(drv, f"failure-{step.__name__}.png")
                log("console:", drv.get_log("browser") if hasattr(drv, "get_log") else "")
    finally:
        drv.quit()
        with open(os.path.join(CHAN, "browser.results"), "w") as f:
            for verdict, name in results:
                f.write(f"{verdict} {name}\n")
        open(os.path.join(CHAN, "done"), "w").close()
    log(f"browser run done in {time.monotonic() - t_start:.1f} s")
    return 0 if all(v == "ok" for v, _ in results) else 1


sys.exit(main())
