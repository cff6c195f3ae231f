#!/usr/bin/env bash
# The embed payload bench needs node's fetch (playwright-core does), so like board.sh it gets its
# own launcher. See embed.mjs for what it measures.
exec node "$(dirname "${BASH_SOURCE[0]}")/embed.mjs" "$@"
