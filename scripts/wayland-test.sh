#!/usr/bin/env bash
# The real binary on a real Wayland compositor with no X server at all:
# sway headless (wlroots' pixman renderer), keys from wtype, the clipboard
# read and written by wl-paste/wl-copy (data-control), screenshots by grim.
#
#   scripts/wayland-test.sh BINARY [SCREENSHOT.png]
#
# Checks, in order (each prints "wayland: ok: ..."):
#   1. the window appears, titled "VideoSDK Token" with app id videosdk-token
#   2. it is painted (the screenshot has many colours)
#   3. once the secret is back from the keyring (the Generate page's badge
#      reads "secret: OS keyring" on the accessibility bus), Ctrl+Enter
#      generates and Ctrl+Shift+C copies: wl-paste reads the token,
#      offered with the "keep out of history" hint, and it verifies
#   4. a token put on the clipboard with wl-copy is pasted into Inspect
#      (Ctrl+Shift+V) and verified: Ctrl+Shift+R copies the report, which
#      names that token's jti and the project that signed it
#   5. auto-clear: a copied token is wiped after the delay (15 s here)
#   6. Ctrl+Q closes the window cleanly
# SCREENSHOT gets the Inspect screen (the README's Wayland picture).
#
# No step sleeps a fixed time or sends its keys twice: each waits for a
# state (a keyboard on the seat, the window focused, the secret loaded, the
# clipboard's content, the process gone), and fails when it does not come.
# The seat gets one virtual keyboard for the whole run (a wtype that only
# sleeps) before the app starts. Without it the headless seat has a keyboard
# only while a wtype runs, so every wtype made the app bind a new wl_keyboard
# (keys sent before that bind were lost: "sway dropped Ctrl+Q") and made
# smithay-clipboard (egui's Wayland clipboard) release and re-create its
# wl_data_device; a selection offer sent to the released device desyncs
# libwayland-client 1.21's object ids ("not a valid new object id ...
# data_offer") and the app died with "Io error: Invalid argument (os error 22)".
#
# sway refuses to run as root: run as root, the script copies the binary and
# itself to a world-readable temporary directory and runs again as the user
# WAYLAND_TEST_USER (default vtest, created by .ci/run with useradd -m).
# Needs: sway wtype wl-clipboard grim imagemagick dbus-daemon gnome-keyring
# at-spi2-core python3-pyatspi.
set -euo pipefail

fail() {
  echo "wayland: FAIL: $*" >&2
  # What the screen showed, for the log's reader.
  if [[ -n "${WAYLAND_DISPLAY:-}" ]] && grim /tmp/wayland-test-failure.png 2>/dev/null; then
    echo "wayland: the screen at the failure: /tmp/wayland-test-failure.png" >&2
  fi
  for log in app sway; do
    [[ -s "${WORK:-/nonexistent}/$log.log" ]] && { echo "--- $log.log (end)" >&2; tail -8 "$WORK/$log.log" >&2; }
  done
  exit 1
}
ok() { echo "wayland: ok: $*"; }

[[ $# -ge 1 ]] || fail "usage: $0 BINARY [SCREENSHOT.png]"
BIN=$(realpath "$1")
SHOT=${2:+$(realpath -m "$2")}
RUN_AS=${WAYLAND_TEST_USER:-vtest}

if [[ $(id -u) == 0 ]]; then
  id "$RUN_AS" >/dev/null 2>&1 ||
    fail "no user '$RUN_AS' to run sway as (sway refuses root): useradd -m $RUN_AS"
  WORK=$(mktemp -d)
  chmod 755 "$WORK"
  install -m 755 "$BIN" "$WORK/videosdk-token"
  install -m 755 "$0" "$WORK/wayland-test.sh"
  install -m 755 "$(dirname "$0")/atspi-wait.py" "$WORK/atspi-wait.py"
  chown -R "$RUN_AS" "$WORK"
  set +e
  runuser -u "$RUN_AS" -- env -i PATH=/usr/local/bin:/usr/bin:/bin \
    HOME="$WORK" LANG=C.UTF-8 CI="${CI:-}" \
    "$WORK/wayland-test.sh" "$WORK/videosdk-token" "$WORK/inspect.png"
  rc=$?
  set -e
  if [[ $rc == 0 && -n "$SHOT" ]]; then cp "$WORK/inspect.png" "$SHOT"; fi
  rm -rf "$WORK"
  exit $rc
fi

for tool in sway swaymsg wtype wl-copy wl-paste grim convert dbus-run-session gnome-keyring-daemon dbus-send; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
LAUNCHER=/usr/libexec/at-spi-bus-launcher
[[ -x $LAUNCHER ]] || fail "at-spi2-core is not installed ($LAUNCHER)"
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || fail "python3-pyatspi is not installed"
WAIT_ATSPI="$(dirname "$(realpath "$0")")/atspi-wait.py"
[[ -x $WAIT_ATSPI ]] || fail "$WAIT_ATSPI is missing"

# Everything private: runtime dir, config, keyring, compositor.
if [[ "${WAYLAND_INNER:-}" != 1 ]]; then
  WORK=$(mktemp -d)
  export WAYLAND_INNER=1 WORK
  export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
  mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
  chmod 700 "$XDG_RUNTIME_DIR"
  set +e
  dbus-run-session -- sh -c \
    'printf wayland | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' \
    "$0" "$BIN" "$SHOT"
  rc=$?
  set -e
  rm -rf "$WORK"
  exit $rc
fi

# No X server anywhere: the app must do everything over Wayland.
unset DISPLAY
SPID=""
APID=""
KPID=""
BPID=""
cleanup() {
  [[ -n "$APID" ]] && kill "$APID" 2>/dev/null || true
  [[ -n "$KPID" ]] && kill "$KPID" 2>/dev/null || true
  [[ -n "$BPID" ]] && kill "$BPID" 2>/dev/null || true
  [[ -n "$SPID" ]] && kill "$SPID" 2>/dev/null || true
}
trap cleanup EXIT

cat >"$WORK/sway.conf" <<'EOF'
output HEADLESS-1 resolution 1280x900
default_border none
EOF
WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
  sway -c "$WORK/sway.conf" >"$WORK/sway.log" 2>&1 &
SPID=$!
SOCK=""
for _ in $(seq 100); do
  SOCK=$(cd "$XDG_RUNTIME_DIR" && ls wayland-[0-9]* 2>/dev/null | grep -v '\.lock$' | head -1) || true
  [[ -n "$SOCK" ]] && break
  sleep 0.1
done
[[ -n "$SOCK" ]] || fail "sway did not start: $(tail -5 "$WORK/sway.log")"
export WAYLAND_DISPLAY=$SOCK
export SWAYSOCK
SWAYSOCK=$(ls "$XDG_RUNTIME_DIR"/sway-ipc.*.sock 2>/dev/null | head -1)
for _ in $(seq 50); do swaymsg -t get_version >/dev/null 2>&1 && break; sleep 0.1; done

# A keyboard on the seat for the whole run (see the top): a wtype that only
# sleeps. The app then binds its wl_keyboard once, at start, and each later
# wtype's keys reach it after a keymap switch on that same keyboard.
wtype -s 86400000 &
KPID=$!
for _ in $(seq 100); do
  swaymsg -t get_inputs 2>/dev/null | grep -q '"type": "keyboard"' && break
  kill -0 "$KPID" 2>/dev/null || fail "the seat's virtual keyboard (wtype -s) exited"
  sleep 0.1
done
swaymsg -t get_inputs | grep -q '"type": "keyboard"' || fail "no keyboard on the seat after starting wtype -s"

# The accessibility bus, switched on as a screen reader does: the app's
# state (its secret loaded) is read there instead of waited for blindly.
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

# A project whose secret is in the (private) keyring.
SECRET=a3f1c9e07b5d4e2f8c6a1b0d9e7f3c5a2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f
printf '%s' "$SECRET" |
  "$BIN" project add Staging --api-key 8a1f6c2e-4b7d-4e19-9c3a-5d2f0e7b1a64 >/dev/null ||
  fail "could not store the demo project"
# A short auto-clear, as remembered settings (eframe's RON storage).
mkdir -p "$XDG_CONFIG_HOME/videosdk-token"
printf '{"app":"(clipboard_clear_secs:Some(15))"}' >"$XDG_CONFIG_HOME/videosdk-token/window.ron"

"$BIN" >"$WORK/app.log" 2>&1 &
APID=$!

# 1. The window, by app id and title.
TREE=""
for _ in $(seq 200); do
  TREE=$(swaymsg -t get_tree 2>/dev/null || true)
  grep -q '"app_id": "videosdk-token"' <<<"$TREE" && break
  kill -0 "$APID" 2>/dev/null || fail "the app exited: $(tail -5 "$WORK/app.log")"
  sleep 0.1
done
grep -q '"app_id": "videosdk-token"' <<<"$TREE" || fail "no window with app id videosdk-token: $(tail -5 "$WORK/app.log")"
grep -q '"name": "VideoSDK Token"' <<<"$TREE" || fail "the window is not titled 'VideoSDK Token'"
ok "window 'VideoSDK Token', app id videosdk-token, no X server"

# Keys go to the focused window: wait until sway has focused the app's.
focused_app() {
  swaymsg -t get_tree 2>/dev/null | /usr/bin/python3 -c '
import json, sys
def walk(n):
    yield n
    for c in n.get("nodes", []) + n.get("floating_nodes", []):
        yield from walk(c)
sys.exit(0 if any(n.get("focused") and n.get("app_id") == "videosdk-token" for n in walk(json.load(sys.stdin))) else 1)'
}
FOCUSED=""
for _ in $(seq 100); do focused_app && { FOCUSED=1; break; }; sleep 0.1; done
[[ -n "$FOCUSED" ]] || fail "sway did not focus the window within 10 s"

# 2. Painted.
colours() { convert "$1" -format '%k' info:; }
PAINTED=""
for _ in $(seq 50); do
  grim "$WORK/first.png" 2>/dev/null && [[ $(colours "$WORK/first.png") -gt 50 ]] && { PAINTED=1; break; }
  sleep 0.2
done
[[ -n "$PAINTED" ]] || fail "the screenshot stays blank"
ok "painted ($(colours "$WORK/first.png") colours)"

key() {
  kill -0 "$APID" 2>/dev/null || fail "the app exited before $*: $(tail -5 "$WORK/app.log")"
  wtype "$@" || fail "wtype $*"
}
clip() { timeout 5 wl-paste --no-newline 2>/dev/null || true; }
# Waits up to SECONDS for CHECK (a shell condition) to hold.
wait_until() {
  local seconds=$1 check=$2
  for _ in $(seq $((seconds * 10))); do
    eval "$check" && return 0
    kill -0 "$APID" 2>/dev/null || fail "the app exited: $(tail -5 "$WORK/app.log")"
    sleep 0.1
  done
  eval "$check"
}
JWT='^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'

# 3. Generate and copy with the keyboard; the token is on the Wayland clipboard.
# Ctrl+Enter before the secret is back from the keyring only says "still
# being read": wait for the Generate page's badge to say it is loaded.
"$WAIT_ATSPI" "$APID" "secret: OS keyring" 30 2>>"$WORK/atspi-wait.log" ||
  fail "the secret did not load from the keyring: $(tail -1 "$WORK/atspi-wait.log")"
key -M ctrl -k Return -m ctrl -M ctrl -M shift -k c -m shift -m ctrl
wait_until 10 '[[ "$(clip)" =~ $JWT ]]' || true
TOKEN=$(clip)
[[ "$TOKEN" =~ $JWT ]] || fail "wl-paste does not read a token after Ctrl+Shift+C: '${TOKEN:0:40}' ($(tail -3 "$WORK/app.log"))"
timeout 5 wl-paste --list-types | grep -qx 'x-kde-passwordManagerHint' ||
  fail "the copy is not marked to stay out of clipboard history"
"$BIN" inspect "$TOKEN" >/dev/null || fail "the copied token does not verify"
ok "Ctrl+Enter, Ctrl+Shift+C: wl-paste reads a token that verifies, marked secret for clipboard managers"

# 4. A token from elsewhere, pasted into Inspect.
OTHER=$("$BIN" generate --project Staging --expires 10m)
JTI=$("$BIN" inspect "$OTHER" --json | sed -n 's/.*"jti": "\([^"]*\)".*/\1/p' | head -1)
[[ -n "$JTI" ]] || fail "no jti in the CLI's token"
printf '%s' "$OTHER" | wl-copy
wait_until 5 '[[ "$(clip)" == "$OTHER" ]]' || fail "wl-copy did not put the CLI's token on the clipboard"
key -M ctrl -M shift -k v -m shift -m ctrl -M ctrl -M shift -k r -m shift -m ctrl
wait_until 10 'grep -q "$JTI" <<<"$(clip)"' || true
REPORT=$(clip)
grep -q "$JTI" <<<"$REPORT" || fail "Inspect did not get the wl-copy'd token: '${REPORT:0:200}'"
grep -q "signed by project Staging" <<<"$REPORT" || fail "the report does not say who signed it: '${REPORT:0:200}'"
grep -q "expires in 10 min" <<<"$REPORT" || fail "a fresh 10-minute token does not say 'expires in 10 min': '${REPORT:0:200}'"
ok "wl-copy'd token pasted into Inspect with Ctrl+Shift+V and verified: $(head -1 <<<"$REPORT")"
grim "$WORK/inspect.png" || fail "grim"
[[ $(colours "$WORK/inspect.png") -gt 50 ]] || fail "the Inspect screenshot is blank"
[[ -n "$SHOT" ]] && cp "$WORK/inspect.png" "$SHOT"

# 5. Auto-clear: copy the generated token again; 15 s later it is gone
# (not before 13 s, by 20 s: the app counts whole seconds, and the copy is
# seen here a little after it was made).
key -M ctrl -M shift -k c -m shift -m ctrl
wait_until 10 '[[ "$(clip)" == "$TOKEN" ]]' || fail "the second copy did not reach the clipboard"
COPIED=$(date +%s.%N)
wait_until 20 '[[ -z "$(clip)" ]]' || fail "the clipboard still holds '$(clip | head -c 20)...' 20 s after the copy (auto-clear: 15 s)"
AFTER=$(awk -v a="$COPIED" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
awk -v t="$AFTER" 'BEGIN { exit !(t >= 13) }' || fail "the clipboard was wiped after $AFTER s, before the 15 s auto-clear"
ok "auto-clear wiped the token after $AFTER s (delay 15 s)"

# 6. Orderly close.
key -M ctrl -k q -m ctrl
for _ in $(seq 100); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APID" 2>/dev/null && fail "the window did not close within 10 s of Ctrl+Q"
wait "$APID" || fail "exit status $? ($(tail -5 "$WORK/app.log"))"
APID=""
ok "closed cleanly with Ctrl+Q"
echo "wayland: OK: 6 checks passed on sway $(swaymsg -t get_version -r 2>/dev/null | sed -n 's/.*"human_readable": "\([^"]*\)".*/\1/p')"
