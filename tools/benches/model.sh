#!/usr/bin/env bash
# tools/bench model [deals] [split_at]: builds loudou-model-bench in build/model-native and runs it —
# a full retrain on ~100k closed deals and the evaluation table against both baselines.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B="$ROOT/build/model-native"
[ -f "$B/build.ninja" ] || cmake -S "$ROOT" -B "$B" -G Ninja -DLOUDOU_BIN_DIR="$B/bin" >/dev/null
ninja -C "$B" -j "${LOUDOU_JOBS:-2}" loudou-model-bench >/dev/null
exec "$B/bin/loudou-model-bench" "$@"
