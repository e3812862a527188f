#!/usr/bin/env bash
# A long property-test run over inspect (not in CI): 1,000,000 cases per
# property by default. Prints the case count and the test summary.
# Usage: scripts/long-proptest.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-1000000}
echo "inspect property tests, $CASES cases each"
time PROPTEST_CASES=$CASES cargo test --release --test properties -- --test-threads 2 never_panics
