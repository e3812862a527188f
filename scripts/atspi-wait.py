#!/usr/bin/python3
"""Waits until the running app shows something, as a screen reader reads it.

    atspi-wait.py PID NAME [TIMEOUT_SECONDS]

Exits 0 once the app with process id PID has, on the accessibility bus
(AT-SPI), a node called exactly NAME (drawn this frame; it may be scrolled
out of view); exits 1 after TIMEOUT (default
30 s), listing the labels it saw. The desktop scripts use it to wait for a
state instead of sleeping: e.g. "secret: OS keyring" (the Generate page's
badge) says the project's secret has come back from the keyring, so
Ctrl+Enter will sign a token rather than say "still being read".

Needs the accessibility bus switched on before the app started
(org.a11y.Status IsEnabled, as the scripts do) and python3-pyatspi.
"""

import sys
import time

import pyatspi


def walk(acc):
    if acc is None:
        return
    yield acc
    try:
        children = list(acc)
    except Exception:  # a node that vanished while we read it
        return
    for child in children:
        yield from walk(child)


def names(pid):
    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is None or app.get_process_id() != pid:
                continue
        except Exception:
            continue
        for acc in walk(app):
            try:
                yield acc.name or ""
            except Exception:
                pass


def main():
    pid, wanted = int(sys.argv[1]), sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    end = time.time() + timeout
    seen = []
    while time.time() < end:
        seen = list(names(pid))
        if wanted in seen:
            return 0
        time.sleep(0.1)
    labels = [n for n in seen if n.strip()][:40]
    print(f"atspi-wait: no {wanted!r} after {timeout:g} s; showing: {labels}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
