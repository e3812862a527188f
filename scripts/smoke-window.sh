#!/usr/bin/env bash
# Real-window smoke test: starts the built binary under Xvfb, waits for its
# window, checks the title, generates a token with the keyboard, copies it,
# pastes it into Inspect (a real clipboard round trip), screenshots each
# screen, checks the screenshots are not blank, and closes the window in an
# orderly way (Ctrl+Q) so its remembered settings are written.
#
#   scripts/smoke-window.sh [BINARY] [SCREENSHOT_DIR]
#
# BINARY defaults to target/release/videosdk-token, SCREENSHOT_DIR to
# assets/screenshots (the README's images). Needs: xvfb xdotool imagemagick
# xclip, plus the runtime libraries listed in the README. If dbus-run-session
# and gnome-keyring-daemon exist, a real Secret Service is used and a demo
# project is stored in it; otherwise (or with SMOKE_NO_KEYRING=1) the window
# shows its keyring banner.
#
# MEASURE=1 also prints time to first painted frame, resident memory and
# idle CPU (used to choose the renderer).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(realpath "${1:-target/release/videosdk-token}")
OUT=$(realpath -m "${2:-assets/screenshots}")
mkdir -p "$OUT"

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

# A private home, config and keyring, so the user's are never touched.
if [[ -z "${SMOKE_WORK:-}" ]]; then
  SMOKE_WORK=$(mktemp -d)
  export SMOKE_WORK
  OWN_WORK=1
fi
WORK=$SMOKE_WORK
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

if [[ "${SMOKE_INNER:-}" != 1 && "${SMOKE_NO_KEYRING:-}" != 1 ]] \
  && command -v dbus-run-session >/dev/null \
  && command -v gnome-keyring-daemon >/dev/null; then
  export SMOKE_INNER=1
  export XDG_RUNTIME_DIR="$WORK/run"
  mkdir -p "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  set +e
  dbus-run-session -- sh -c \
    'printf smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' \
    "$0" "$BIN" "$OUT"
  rc=$?
  rm -rf "$WORK"
  exit $rc
fi

XPID=""
APID=""
cleanup() {
  [[ -n "$APID" ]] && kill "$APID" 2>/dev/null || true
  [[ -n "$XPID" ]] && kill "$XPID" 2>/dev/null || true
  if [[ -n "${OWN_WORK:-}" ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A display number of our own.
DISP=""
for n in $(seq 90 140); do
  if [[ ! -e /tmp/.X11-unix/X$n && ! -e /tmp/.X$n-lock ]]; then DISP=":$n"; break; fi
done
[[ -n "$DISP" ]] || fail "no free X display number"
Xvfb "$DISP" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
export DISPLAY="$DISP"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

if [[ "${SMOKE_INNER:-}" == 1 ]]; then
  printf 'a3f1c9e07b5d4e2f8c6a1b0d9e7f3c5a2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f' |
    "$BIN" project add Staging --api-key 8a1f6c2e-4b7d-4e19-9c3a-5d2f0e7b1a64 >/dev/null ||
    echo "smoke: note: could not store a demo project in the keyring"
fi

START=$(date +%s.%N)
"$BIN" >"$WORK/app.log" 2>&1 &
APID=$!

# Poll every 20 ms (xdotool's own --sync polls only twice a second).
WID=""
for _ in $(seq 1000); do
  WID=$(xdotool search --onlyvisible --name '^VideoSDK Token$' 2>/dev/null | head -1) &&
    [[ -n "$WID" ]] && break
  sleep 0.02
done
[[ -n "$WID" ]] || fail "no window titled 'VideoSDK Token' within 20 s ($(cat "$WORK/app.log"))"
MAPPED=$(date +%s.%N)
TITLE=$(xdotool getwindowname "$WID")
[[ "$TITLE" == "VideoSDK Token" ]] || fail "title is '$TITLE'"

# Not blank: many distinct colours (a blank or black window has one or two).
colours() { convert "$1" -format '%k' info:; }
shot() {
  import -window "$WID" "$1"
  local k
  k=$(colours "$1")
  [[ "$k" -gt 50 ]] || return 1
}
PAINTED=""
for _ in $(seq 100); do
  if shot "$WORK/first.png" 2>/dev/null; then PAINTED=$(date +%s.%N); break; fi
  sleep 0.02
done
[[ -n "$PAINTED" ]] || fail "the window stayed blank"

if [[ "${MEASURE:-}" == 1 ]]; then
  sleep 3
  RSS=$(awk '/VmRSS/ {print $2}' "/proc/$APID/status")
  T0=$(awk '{print $14+$15}' "/proc/$APID/stat")
  sleep 10
  T1=$(awk '{print $14+$15}' "/proc/$APID/stat")
  TICKS=$(getconf CLK_TCK)
  awk -v a="$START" -v m="$MAPPED" -v b="$PAINTED" \
    'BEGIN { printf "measure: window after %.2f s, first painted frame seen after %.2f s\n", m - a, b - a }'
  echo "measure: resident memory $((RSS / 1024)) MB"
  awk -v d="$((T1 - T0))" -v t="$TICKS" 'BEGIN { printf "measure: idle CPU over 10 s: %.2f %%\n", d * 100 / t / 10 }' 
fi

xdotool windowfocus --sync "$WID" 2>/dev/null || true
key() {
  kill -0 "$APID" 2>/dev/null || fail "the app exited before '$1': $(tail -5 "$WORK/app.log")"
  xdotool key --window "$WID" --clearmodifiers "$1" || fail "could not send '$1' to the window"
  sleep 0.6
}

# Generate, copy, check the clipboard holds a JWT.
key ctrl+Return
key ctrl+shift+c
CLIP=$(timeout 5 xclip -o -selection clipboard 2>/dev/null || true)
if [[ "${SMOKE_INNER:-}" == 1 ]]; then
  [[ "$CLIP" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] ||
    fail "the clipboard does not hold a token after Ctrl+Shift+C: '${CLIP:0:40}'"
fi
shot "$OUT/generate.png" || fail "Generate screenshot is blank"

# Paste and inspect.
key ctrl+shift+v
shot "$OUT/inspect.png" || fail "Inspect screenshot is blank"

key ctrl+3
shot "$OUT/projects.png" || fail "Projects screenshot is blank"

# Orderly close: Ctrl+Q; eframe writes the remembered settings on the way out.
key ctrl+q
for _ in $(seq 50); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$APID" 2>/dev/null; then fail "the window did not close on Ctrl+Q"; fi
wait "$APID" || fail "exit status $? ($(cat "$WORK/app.log"))"
APID=""
[[ -s "$XDG_CONFIG_HOME/videosdk-token/window.ron" ]] ||
  fail "no remembered settings were written on close"
if grep -q "$CLIP" "$XDG_CONFIG_HOME/videosdk-token/window.ron" 2>/dev/null && [[ -n "$CLIP" ]]; then
  fail "the token was written to disk"
fi

echo "smoke: OK: window '$TITLE' painted, token copied and inspected, screenshots in $OUT, closed cleanly"
