#!/usr/bin/env bash
# The board bench needs node's fetch (playwright-core does), which tools/bench turns off for the
# wasm benches; so it gets its own launcher. See board.mjs for what it measures.
exec node "$(dirname "${BASH_SOURCE[0]}")/board.mjs" "$@"
