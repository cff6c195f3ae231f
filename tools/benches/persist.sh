#!/usr/bin/env bash
# tools/bench persist: builds the IDBFS peer module (once) and runs persist.mjs in headless Chromium
# against the built site ($LOUDOU_SITE_DIR, default build/site) and wasm ($LOUDOU_WASM_DIR).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PEER=${LOUDOU_PEER_DIR:-$ROOT/build/bench-idbfs}
if [ ! -f "$PEER/idbfs.wasm" ] || [ "$ROOT/tools/benches/persist_idbfs.c" -nt "$PEER/idbfs.wasm" ]; then
  mkdir -p "$PEER"
  NODE_PATH=/usr/share/nodejs emcc -O2 "$ROOT/tools/benches/persist_idbfs.c" -o "$PEER/idbfs.mjs" \
    -lidbfs.js -sFORCE_FILESYSTEM=1 -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web \
    -sALLOW_MEMORY_GROWTH=1 -sDYNAMIC_EXECUTION=0 '-sEXPORTED_RUNTIME_METHODS=["FS","IDBFS"]'
fi
exec node "$ROOT/tools/benches/persist.mjs" "$PEER" "$@"
