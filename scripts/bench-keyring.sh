#!/usr/bin/env bash
# What `inspect` costs with the real Secret Service as saved projects grow:
# a token whose `apikey` matches a saved project, inspected with 1 and with
# N saved projects (default 200). Issue 18's target: N costs at most 1.3x 1.
#
#   scripts/bench-keyring.sh [BINARY] [N]
#
# Runs its own D-Bus session and gnome-keyring (unlocked, in a temp dir), and
# its own config dir, so the user's keyring and projects are never touched.
# Needs: dbus-daemon, gnome-keyring (see .ci/run). Prints the median of 15
# runs of each, in milliseconds.
set -euo pipefail
BIN=${1:-target/release/videosdk-token}
N=${2:-200}
BIN=$(readlink -f "$BIN")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" KEYRING_DATA="$WORK/data"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$KEYRING_DATA"
chmod 700 "$XDG_RUNTIME_DIR"
export BIN N
dbus-run-session -- bash -c '
  set -euo pipefail
  printf pw | XDG_DATA_HOME="$KEYRING_DATA" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  secret() { printf "bench-secret-%04d-0123456789abcdef0123456789abcdef" "$1"; }
  add() { secret "$1" | "$BIN" project add "p$1" --api-key "key-$1" >/dev/null; }
  median_ms() {
    local token=$1 times=()
    for _ in $(seq 15); do
      local t0 t1
      t0=$(date +%s%N)
      "$BIN" inspect "$token" >/dev/null || true
      t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    printf "%s\n" "${times[@]}" | sort -n | sed -n 8p | awk "{printf \"%.1f\", \$1 / 1000}"
  }
  add 1
  TOKEN=$(secret 1 | "$BIN" generate --secret-stdin --api-key key-1)
  one=$(median_ms "$TOKEN")
  for i in $(seq 2 "$N"); do add "$i"; done
  many=$(median_ms "$TOKEN")
  echo "inspect, apikey matches a saved project: 1 project ${one} ms, $N projects ${many} ms (median of 15)"
  awk -v a="$one" -v b="$many" "BEGIN { printf \"ratio %.2f\n\", b / a }"
'
