#!/usr/bin/env bash
# `inspect --file` on a large HAR: time and peak RSS of the release binary.
# Builds a HAR 1.2 file of about SIZE_MB megabytes (default 200): mostly
# noise (big response bodies, some base64, cookies, Chrome's _initiator
# stacks), with a few VideoSDK requests carrying tokens; then reads it three
# times under /usr/bin/time -v. Target (issue 20): under 3 s and 200 MB.
# Usage: scripts/bench-evidence.sh [SIZE_MB]   (BIN=… to use another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-200}
BIN=${BIN:-target/release/videosdk-token}
[ -x "$BIN" ] || cargo build --release --quiet --bin videosdk-token
export VIDEOSDK_API_KEY=bench-api-key-0000
export VIDEOSDK_SECRET_KEY=bench-secret-0123456789abcdef0123456789abcdef
HAR=${TMPDIR:-/tmp}/videosdk-token-bench.har
trap 'rm -f "$HAR"' EXIT

# Ten tokens: five expire in an hour, five were valid an hour ago only.
tokens=$("$BIN" generate --count 5 --expires 1h)
tokens="$tokens"$'\n'$("$BIN" generate --count 5 --expires 10m)

python3 - "$HAR" "$SIZE_MB" <<PY
import base64, datetime, json, os, random, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
tokens = """$tokens""".split()
random.seed(20)
now = datetime.datetime.now(datetime.timezone.utc)
words = [("lorem%d" % i) for i in range(500)]
def body(n):
    return " ".join(random.choice(words) for _ in range(n // 8))[:n]
stack = {"type": "script", "stack": {"callFrames": [
    {"functionName": "f%d" % i, "scriptId": str(i), "url": "https://app.example/chunk-%d.js" % i,
     "lineNumber": i, "columnNumber": i * 3} for i in range(40)]}}
target = size_mb * 1024 * 1024
with open(path, "w") as f:
    f.write('{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [], "entries": [\n')
    written, i = 0, 0
    blob = body(200_000)
    b64 = base64.b64encode(os.urandom(150_000)).decode()
    while written < target:
        at = (now - datetime.timedelta(seconds=3600 - i)).isoformat()
        if i % 100 == 7:
            t = tokens[(i // 100) % len(tokens)]
            e = {"startedDateTime": at, "_initiator": stack, "_resourceType": "fetch",
                 "request": {"method": "POST", "url": "https://api.videosdk.live/v2/rooms?x=%d" % i,
                             "headers": [{"name": "Authorization", "value": t},
                                         {"name": "Cookie", "value": "sid=bench-cookie-%d" % i}],
                             "queryString": [{"name": "x", "value": str(i)}], "cookies": []},
                 "response": {"status": 401 if i % 200 == 7 else 200,
                              "content": {"size": 60, "mimeType": "application/json",
                                          "text": '{"message":"Token is invalid or expired"}' if i % 200 == 7 else '{"roomId":"r-%d"}' % i}}}
        else:
            content = ({"size": 150_000, "mimeType": "image/png", "text": b64, "encoding": "base64"}
                       if i % 3 == 0 else {"size": 200_000, "mimeType": "text/html", "text": blob})
            e = {"startedDateTime": at, "_initiator": stack, "_resourceType": "document",
                 "request": {"method": "GET", "url": "https://cdn.example/asset-%d?v=1" % i,
                             "headers": [{"name": "Cookie", "value": "sid=bench-cookie-%d; theme=dark" % i},
                                         {"name": "User-Agent", "value": "Mozilla/5.0 (bench)"}],
                             "queryString": [{"name": "v", "value": "1"}], "cookies": [],
                             "headersSize": -1, "bodySize": 0},
                 "response": {"status": 200, "headers": [{"name": "content-type", "value": "text/html"}],
                              "cookies": [], "content": content, "redirectURL": ""},
                 "cache": {}, "timings": {"send": 0.1, "wait": 20.5, "receive": 3.2}}
        line = ("," if i else "") + json.dumps(e) + "\n"
        f.write(line)
        written += len(line)
        i += 1
    f.write("]}}\n")
print("entries:", i)
PY
size=$(stat -c %s "$HAR")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $HAR, $((size / 1024 / 1024)) MB"
for run in 1 2 3; do
  # The file from the page cache, as a support engineer's second look; the
  # first run also shows the cold read.
  /usr/bin/time -v "$BIN" inspect --file "$HAR" --json > /tmp/videosdk-token-bench.json 2> /tmp/videosdk-token-bench.time || true
  secs=$(grep 'Elapsed (wall clock)' /tmp/videosdk-token-bench.time | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' /tmp/videosdk-token-bench.time | awk '{print $NF}')
  found=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(len(v["tokens"]), sum(len(t["seen"]) for t in v["tokens"]))' /tmp/videosdk-token-bench.json)
  echo "run $run: ${secs} (m:ss) wall, peak RSS $((rss / 1024)) MB; tokens, sightings: $found"
done
rm -f /tmp/videosdk-token-bench.json /tmp/videosdk-token-bench.time
