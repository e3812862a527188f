#!/usr/bin/env bash
# Batch generation side by side: our `generate --count N` against Node
# jsonwebtoken signing N tokens the way VideoSDK's documented example does.
# Then the criterion benchmarks of the core (inspect in microseconds).
# Usage: scripts/bench.sh [N]   (default 100000; needs `npm ci --prefix tests/node`)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
cargo build --release --quiet
BIN=target/release/videosdk-token
export VIDEOSDK_API_KEY=bench-api-key-0000
export VIDEOSDK_SECRET_KEY=bench-secret-0123456789abcdef0123456789abcdef

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
times=()
for run in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$BIN" generate --count "$N" --participant-id 'qa-{n}' > /tmp/videosdk-token-bench.out
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  lines=$(wc -l < /tmp/videosdk-token-bench.out)
  [ "$lines" -eq "$N" ] || { echo "expected $N tokens, got $lines"; exit 1; }
  echo "videosdk-token run $run: $N tokens in ${secs} s"
  times+=("$secs")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
ours=$(echo "$N / $median" | bc)
echo "videosdk-token median of 5: $median s = $ours tokens/s (whole process: start, sign, write)"

if [ -d tests/node/node_modules/jsonwebtoken ]; then
  node_line=$(node tests/node/bench.js "$N")
  echo "$node_line"
  node_rate=$(echo "$node_line" | sed -E 's/.*= ([0-9]+) tokens\/s.*/\1/')
  echo "ratio: $(echo "scale=1; $ours / $node_rate" | bc)x Node jsonwebtoken"
else
  echo "Node comparison skipped: run npm ci --prefix tests/node"
fi
rm -f /tmp/videosdk-token-bench.out

if [ "${SKIP_CRITERION:-}" != 1 ]; then
  cargo bench --bench token -- --warm-up-time 1 --measurement-time 3 2>/dev/null | grep -E "^[a-z].*|time:"
fi
