#!/usr/bin/python3
"""Talks AT-SPI to the running window as a screen reader (Orca) would.

Started by scripts/atspi-test.sh, which provides Xvfb, the D-Bus session,
the accessibility bus, two saved projects (Staging, Production) and the
app (pid in ATSPI_APP_PID, binary in ATSPI_BIN). Each check prints
"atspi: ok: ..."; the first failure exits 1.

What is checked, on every screen (Generate, Generate with a date,
Inspect, Projects):
  - the frame is named "VideoSDK Token";
  - every focusable control has a name, unique on its screen;
  - checkboxes, radio-like buttons and tabs report their state;
  - keyboard only (Tab, Enter, Space): generate and copy a token, paste it
    into Inspect and read the verdict;
  - the verdict is readable text and the findings are read in their order.

No fixed sleeps: each action waits for its effect (the focus moving, a
control appearing, the clipboard's content) and fails when it does not
come; Enter on "Generate token" waits for the project's secret to be back
from the keyring (the badge "secret: OS keyring").
"""

import json
import os
import re
import subprocess
import sys
import time

import pyatspi

PID = int(os.environ["ATSPI_APP_PID"])
BIN = os.environ["ATSPI_BIN"]
CHECKS = 0


def fail(msg):
    print(f"atspi: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def ok(msg):
    global CHECKS
    CHECKS += 1
    print(f"atspi: ok: {msg}")


def walk(acc):
    """Every accessible under acc, depth first, in tree (reading) order."""
    if acc is None:
        return
    yield acc
    try:
        children = list(acc)
    except Exception:  # a node that vanished while we read it
        return
    for child in children:
        yield from walk(child)


def state(acc, s):
    try:
        return acc.getState().contains(s)
    except Exception:
        return False


def name(acc):
    try:
        return acc.name or ""
    except Exception:
        return ""


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ""


def find_app(timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        for app in pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.get_process_id() == PID and app.childCount > 0:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    fail("the app never showed up on the accessibility bus")


def frame_of(app):
    for child in app:
        if role(child) == "frame":
            return child
    fail(f"no frame under the app: {[role(c) for c in app]}")


def wait_for(what, check, timeout=15):
    """Polls check() until it returns something true; fails after timeout."""
    end = time.time() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.time() > end:
            fail(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def controls(frame):
    """Focusable, showing controls: what Tab and a screen reader reach."""
    return [
        a
        for a in walk(frame)
        if state(a, pyatspi.STATE_FOCUSABLE) and state(a, pyatspi.STATE_SHOWING)
    ]


def check_names(frame, screen):
    found = controls(frame)
    if len(found) < 5:
        fail(f"{screen}: only {len(found)} focusable controls: {[name(a) for a in found]}")
    names = [name(a) for a in found]
    unnamed = [role(a) for a in found if not name(a).strip()]
    if unnamed:
        fail(f"{screen}: {len(unnamed)} focusable control(s) without a name: {unnamed}")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        fail(f"{screen}: names used twice: {dupes}")
    ok(f"{screen}: {len(found)} focusable controls, each named, no name twice")
    return found


def by_name(frame, wanted, roles=None):
    for a in walk(frame):
        if name(a) == wanted and (roles is None or role(a) in roles):
            return a
    return None


def must(frame, wanted, roles=None):
    acc = by_name(frame, wanted, roles)
    if acc is None:
        fail(f"nothing called {wanted!r} ({roles or 'any role'})")
    return acc


def click(frame, wanted, then):
    """Clicks `wanted`, then waits until a control called `then` shows."""
    acc = must(frame, wanted)
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate", "default"):
            action.doAction(i)
            break
    else:
        action.doAction(0)
    shown(frame, then, f"{then!r} after clicking {wanted!r}")


def shown(frame, wanted, what=None):
    """Waits until the app has drawn something called `wanted`."""
    return wait_for(what or repr(wanted), lambda: by_name(frame, wanted))


def focused(frame):
    for a in walk(frame):
        if state(a, pyatspi.STATE_FOCUSED) and a is not frame:
            return a
    return None


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def key(wid, keys):
    xdotool("key", "--window", wid, "--clearmodifiers", keys)


def tab_to(frame, wid, wanted, limit=60):
    """Presses Tab until the control called `wanted` has the focus; the
    names and places Tab went through."""
    seen = []
    before = focused(frame)
    for _ in range(limit):
        key(wid, "Tab")
        # The focus moves on the app's next frame: wait for it to move.
        acc = wait_for(
            f"the focus to move on from {name(before)!r} after Tab",
            lambda: (lambda a: a if a is not None and name(a) != name(before) else None)(
                focused(frame)
            ),
            timeout=5,
        )
        before = acc
        ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        seen.append((name(acc), (ext.x, ext.y, ext.width, ext.height)))
        if name(acc) == wanted:
            return seen
    fail(f"Tab never reached {wanted!r}; went through {[n for n, _ in seen]}")


def reads_after(a, b):
    """b after a in reading order: same line further right, a lower line,
    or the next column to the right."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    same_line = by < ay + ah - 2 and ay < by + bh - 2
    if same_line:
        return bx >= ax + aw - 1
    return by >= ay or bx >= ax + aw - 1


def clipboard():
    r = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard"], capture_output=True, text=True, timeout=5
    )
    return r.stdout


def main():
    app = find_app()
    frame = frame_of(app)
    wait_for("the frame's name", lambda: name(frame), timeout=10)
    if name(frame) != "VideoSDK Token":
        fail(f"the frame is called {name(frame)!r}, not 'VideoSDK Token'")
    ok(f"the app '{name(app)}' has a frame named 'VideoSDK Token'")

    # ---- Generate: names, states.
    check_names(frame, "Generate")
    for box, checked in [("allow_join", True), ("ask_join", False), ("allow_mod", False)]:
        acc = must(frame, box, ["check box"])
        if state(acc, pyatspi.STATE_CHECKED) != checked:
            fail(f"check box {box} reports checked={not checked}")
    ok("check boxes report their state (allow_join checked, ask_join and allow_mod not)")
    for radio, checked in [("24 h", True), ("1 h", False), ("Date and time", False)]:
        acc = must(frame, radio, ["radio button"])
        if state(acc, pyatspi.STATE_CHECKED) != checked:
            fail(f"radio button {radio} reports checked={not checked}")
    ok("expiry choices are radio buttons that report their state (24 h checked)")
    tab = must(frame, "Generate", ["page tab"])
    if not state(tab, pyatspi.STATE_SELECTED):
        fail("the Generate tab is not reported selected")
    if state(must(frame, "Inspect", ["page tab"]), pyatspi.STATE_SELECTED):
        fail("the Inspect tab is reported selected")
    ok("tabs are page tabs; Generate is the selected one")

    # ---- The date: labelled fields instead of unnamed boxes.
    click(frame, "Date and time", then="Year")
    found = check_names(frame, "Generate, date and time")
    for field in ["Year", "Month", "Day", "Hour", "Minute"]:
        if not any(name(a) == field for a in found):
            fail(f"no focusable field called {field!r} for the date")
    if not any(name(a).startswith("Calendar, ") for a in found):
        fail("the calendar button has no name")
    ok("the expiry date has Year, Month, Day, Hour, Minute fields and a named calendar")
    must(frame, "24 h").queryAction().doAction(0)
    wait_for("the date fields to go after clicking '24 h'", lambda: by_name(frame, "Year") is None)

    # ---- Keyboard only: generate and copy.
    wid = subprocess.run(
        ["xdotool", "search", "--name", "^VideoSDK Token$"], capture_output=True, text=True
    ).stdout.split()[0]
    xdotool("windowfocus", "--sync", wid)
    wait_for(
        "the window to have the input focus",
        lambda: subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True)
        .stdout.strip() == wid,
    )
    # Enter before the secret is back from the keyring only says "still
    # being read": wait for the badge.
    shown(frame, "secret: OS keyring", "the project's secret to load from the keyring")
    seen = tab_to(frame, wid, "Generate token")
    order = [n for n, _ in seen]
    if order[:3] != ["Generate", "Inspect", "Projects"]:
        fail(f"Tab does not start at the top bar: {order}")
    for (a, ra), (b, rb) in zip(seen, seen[1:]):
        if not reads_after(ra, rb):
            fail(f"Tab goes from {a!r} {ra} back to {b!r} {rb}")
    ok(f"Tab follows the visual order: {' > '.join(order)}")
    key(wid, "Return")
    shown(frame, "Copy token", "the generated token's 'Copy token' after Enter")
    tab_to(frame, wid, "Copy token")
    key(wid, "space")
    jwt = re.compile(r"[\w-]+\.[\w-]+\.[\w-]+")
    token = ""
    end = time.time() + 10
    while time.time() < end and not jwt.fullmatch(token):
        token = clipboard()
        time.sleep(0.05)
    if not jwt.fullmatch(token):
        fail(f"10 s after Tab to Copy token and Space the clipboard holds {token[:40]!r}")
    if subprocess.run([BIN, "inspect", token], capture_output=True).returncode != 0:
        fail("the token copied with the keyboard does not verify")
    ok("keyboard only: Tab to Generate token, Enter; Tab to Copy token, Space: a valid token")

    # ---- Inspect by keyboard: the verdict and the findings, in order.
    long_lived = subprocess.run(
        [BIN, "generate", "--project", "Staging", "--expires", "60d"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    pasted = f"Bearer {long_lived}"
    subprocess.run(["xclip", "-selection", "clipboard"], input=pasted, text=True, check=True)
    wait_for("xclip to own the clipboard", lambda: clipboard() == pasted)
    report = json.loads(
        subprocess.run([BIN, "inspect", "--json", "-"], input=pasted, capture_output=True,
                       text=True).stdout
    )
    key(wid, "ctrl+2")
    wait_for(
        "the Inspect tab to be selected after Ctrl+2",
        lambda: state(must(frame, "Inspect", ["page tab"]), pyatspi.STATE_SELECTED),
    )
    tab_to(frame, wid, "Paste")
    key(wid, "Return")
    verdict = report["verdict"]
    # The verdict appears once the pasted token is inspected.
    end = time.time() + 10
    acc = None
    while acc is None and time.time() < end:
        acc = by_name(frame, verdict)
        time.sleep(0.05)
    if acc is None:
        texts = [name(a) for a in walk(frame) if role(a) == "label"][:40]
        fail(f"the verdict {verdict!r} is not readable; labels: {texts}")
    if role(acc) != "label":
        fail(f"the verdict is a {role(acc)}, not text")
    ok(f"keyboard only: Ctrl+2, Tab to Paste, Enter; the verdict is read as text: {verdict!r}")
    messages = [f["message"] for f in report["findings"]]
    if len(messages) < 2:
        fail(f"expected several findings for a long-lived pasted token: {messages}")
    texts = [name(a) for a in walk(frame)]
    where = []
    for m in messages:
        at = next((i for i, t in enumerate(texts) if m in t), None)
        if at is None:
            fail(f"the finding {m!r} is not readable")
        where.append(at)
    if where != sorted(where):
        fail(f"the findings are read out of order: {messages} at {where}")
    ok(f"{len(messages)} findings read in their order (worst first): "
       + "; ".join(f["code"] for f in report["findings"]))
    check_names(frame, "Inspect")

    # ---- Projects.
    click(frame, "Projects", then="Add project")
    click(frame, "Add project", then="Save project")
    found = check_names(frame, "Projects")
    for wanted in ["Edit project Staging", "Test project Staging", "Delete project Staging...",
                   "Edit project Production", "Delete project Production..."]:
        if not any(name(a) == wanted for a in found):
            fail(f"no control called {wanted!r}: {[name(a) for a in found]}")
    ok("project rows name their project: 'Edit project Staging', 'Test project Staging', ...")

    print(f"atspi: OK: {CHECKS} checks passed")


if __name__ == "__main__":
    main()
