#!/usr/bin/env bash
# tools/bench reports: every report.* op on a generated 100k-deal history (sample.generate, seed 1,
# ~850k stage events), on ONE database file: natively (reports_native.cc), in wasm under node
# (reports_wasm.mjs copies the file into the in-memory VFS), in wasm in headless Chromium
# (reports_chromium.mjs, the engine users run) and with the sql.js peer (reports_sqljs.mjs);
# reports_table.mjs checks the outputs agree and prints the table.
#   tools/bench reports [--deals N] [--runs N] [--rounds N]
# --rounds N runs the native, node, sql.js and Chromium halves N times in turn and keeps each
# side's best median: on a shared machine one side's bad minute otherwise decides a ratio.
# Build dirs: build/reports-native, build/reports-wasm (LOUDOU_BENCH_NATIVE / LOUDOU_BENCH_WASM).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
deals=100000 runs=9 rounds=1
while [ $# -gt 0 ]; do
  case "$1" in --deals) deals=$2; shift 2;; --runs) runs=$2; shift 2;; --rounds) rounds=$2; shift 2;; *) echo "unknown $1" >&2; exit 2;; esac
done
B=${LOUDOU_BENCH_NATIVE:-$ROOT/build/reports-native}
W=${LOUDOU_BENCH_WASM:-$ROOT/build/reports-wasm}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
[ -f "$B/build.ninja" ] || cmake -S "$ROOT" -B "$B" -G Ninja -DLOUDOU_BIN_DIR="$B/bin" >/dev/null
ninja -C "$B" loudou-cli loudou-bench-reports >/dev/null
[ -f "$W/build.ninja" ] || emcmake cmake -S "$ROOT" -B "$W" -G Ninja -DLOUDOU_WASM_OUT="$W/out" >/dev/null
ninja -C "$W" loudou >/dev/null
db="${TMPDIR:-/tmp}/loudou-bench-reports-$deals.db"
if [ ! -f "$db" ]; then
  start=$(date +%s.%N)
  LOUDOU_CLI="$B/bin/loudou-cli" "$ROOT/tools/gen" --db "$db" --deals "$deals" --seed 1 --now 2026-03-01T00:00:00Z >/dev/null
  echo "generated $deals deals in $(echo "$(date +%s.%N) - $start" | bc) s -> $db"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
req="$ROOT/tools/benches/reports_requests.json"
# Native first: opening the file migrates it, so the wasm and sql.js runs see the same schema.
# Both wasm runs compile every function with V8's optimising tier up front (--no-liftoff): the
# steady state, as Chromium runs a module whose optimised code it cached on an earlier visit.
# Without it the first report measured ran partly in the baseline tier while the 800 KB module
# tiered up in the background (snapshot: 130 ms for the first calls, 8 ms once optimised).
# reports_chromium.mjs passes the same flag to Chromium.
for round in $(seq "$rounds"); do
  "$B/bin/loudou-bench-reports" --db "$db" --requests "$req" --runs "$runs" >>"$out/native.jsonl"
  node --no-liftoff --no-experimental-fetch "$ROOT/tools/benches/reports_wasm.mjs" "$W/out" "$db" "$req" "$runs" >>"$out/wasm.jsonl"
  node --no-liftoff "$ROOT/tools/benches/reports_sqljs.mjs" "$db" "$req" "$runs" >>"$out/sqljs.jsonl"
  node "$ROOT/tools/benches/reports_chromium.mjs" "$W/out" "$db" "$req" "$runs" >>"$out/chromium.jsonl"
done
echo "$deals deals, $(du -m "$db" | cut -f1) MB; $rounds round(s) of $runs warm runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
node "$ROOT/tools/benches/reports_table.mjs" "$out/native.jsonl" "$out/wasm.jsonl" "$out/sqljs.jsonl" "$out/chromium.jsonl"
