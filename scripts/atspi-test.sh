#!/usr/bin/env bash
# The real binary as a screen reader sees it: AT-SPI (the Linux
# accessibility bus, what Orca reads) under Xvfb, with a private D-Bus
# session, keyring and config. The checks are in scripts/atspi-test.py.
#
#   scripts/atspi-test.sh BINARY
#
# Needs: xvfb xdotool xclip at-spi2-core python3-pyatspi dbus-daemon
# gnome-keyring (Debian names).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "atspi: FAIL: $*" >&2; exit 1; }
[[ $# -ge 1 ]] || fail "usage: $0 BINARY"
BIN=$(realpath "$1")
for tool in Xvfb xdotool xclip dbus-run-session gnome-keyring-daemon dbus-send; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
LAUNCHER=/usr/libexec/at-spi-bus-launcher
[[ -x $LAUNCHER ]] || fail "at-spi2-core is not installed ($LAUNCHER)"
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || fail "python3-pyatspi is not installed"

if [[ "${ATSPI_INNER:-}" != 1 ]]; then
  WORK=$(mktemp -d)
  export ATSPI_INNER=1 WORK
  export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
  export HOME="$WORK/home" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
  mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$WORK/home"
  chmod 700 "$XDG_RUNTIME_DIR"
  unset WAYLAND_DISPLAY
  set +e
  dbus-run-session -- sh -c \
    'printf atspi | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' \
    "$0" "$BIN"
  rc=$?
  set -e
  rm -rf "$WORK"
  exit $rc
fi

XPID=""
APID=""
BPID=""
cleanup() {
  [[ -n "$APID" ]] && kill "$APID" 2>/dev/null || true
  [[ -n "$BPID" ]] && kill "$BPID" 2>/dev/null || true
  [[ -n "$XPID" ]] && kill "$XPID" 2>/dev/null || true
}
trap cleanup EXIT

DISP=""
for n in $(seq 141 190); do
  if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then DISP=":$n"; break; fi
done
[[ -n "$DISP" ]] || fail "no free X display number"
# -displayfd: Xvfb writes the display number to fd 3 once it accepts
# connections (on a loaded machine that took more than the 5 s this script
# used to poll for, and the app then failed to open the display).
: >"$WORK/xvfb.ready"
Xvfb "$DISP" -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$WORK/xvfb.ready" >/dev/null 2>&1 &
XPID=$!
export DISPLAY=$DISP
for _ in $(seq 600); do
  [[ -s "$WORK/xvfb.ready" ]] && break
  kill -0 "$XPID" 2>/dev/null || fail "Xvfb $DISP exited at start"
  sleep 0.1
done
[[ -s "$WORK/xvfb.ready" ]] || fail "Xvfb $DISP did not accept connections within 60 s"

# The accessibility bus, switched on as a running screen reader does.
"$LAUNCHER" --launch-immediately >"$WORK/atspi.log" 2>&1 &
BPID=$!
for prop in IsEnabled ScreenReaderEnabled; do
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
      org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:$prop \
      variant:boolean:true >/dev/null 2>&1 && break
    sleep 0.1
  done
done

SECRET=a3f1c9e07b5d4e2f8c6a1b0d9e7f3c5a2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f
printf '%s' "$SECRET" |
  "$BIN" project add Staging --api-key 8a1f6c2e-4b7d-4e19-9c3a-5d2f0e7b1a64 >/dev/null ||
  fail "could not store the demo project"
printf '%s' "another-secret-that-is-long-enough-0123" |
  "$BIN" project add Production --api-key prod-api-key >/dev/null ||
  fail "could not store the second project"

"$BIN" >"$WORK/app.log" 2>&1 &
APID=$!
export ATSPI_APP_PID=$APID ATSPI_BIN=$BIN
set +e
/usr/bin/python3 scripts/atspi-test.py
rc=$?
set -e
if [[ $rc != 0 ]]; then
  echo "--- app.log (end)" >&2
  tail -8 "$WORK/app.log" >&2
fi
exit $rc
