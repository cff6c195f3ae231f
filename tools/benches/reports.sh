#!/usr/bin/env bash
# tools/bench reports: every report.* op on a generated 100k-deal history (sample.generate,
# seed 1, ~850k stage events), natively: cold (first call) and warm (median) ms per report.
#   tools/bench reports [--deals N] [--runs N]
# Not yet here: the wasm (node) and sql.js columns of the issue's table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
deals=100000 runs=9
while [ $# -gt 0 ]; do
  case "$1" in --deals) deals=$2; shift 2;; --runs) runs=$2; shift 2;; *) echo "unknown $1" >&2; exit 2;; esac
done
B="$ROOT/build/reports-native"
cmake -S "$ROOT" -B "$B" -G Ninja -DLOUDOU_BIN_DIR="$B/bin" >/dev/null
ninja -C "$B" loudou-cli loudou-bench-reports >/dev/null
db="${TMPDIR:-/tmp}/loudou-bench-reports-$deals.db"
if [ ! -f "$db" ]; then
  start=$(date +%s.%N)
  LOUDOU_CLI="$B/bin/loudou-cli" "$ROOT/tools/gen" --db "$db" --deals "$deals" --seed 1 --now 2026-03-01T00:00:00Z >/dev/null
  echo "generated $deals deals in $(echo "$(date +%s.%N) - $start" | bc) s -> $db"
fi
"$B/bin/loudou-bench-reports" --db "$db" --requests "$ROOT/tools/benches/reports_requests.json" --runs "$runs" |
  node -e '
    const lines = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
    console.log("| report | native cold ms | native warm ms |\n|---|---:|---:|");
    for (const l of lines) console.log(`| ${l.name} | ${l.cold_ms.toFixed(1)} | ${l.ms.toFixed(1)} |`);'
