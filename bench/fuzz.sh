#!/bin/sh
# The long fuzzing profile (tests/test_fuzz.py, `-m fuzz`): 100,000 examples by default, split over
# PROCESSES pytest processes (default 1; each salts its seeds with its number), at the lowest priority.
# Usage: bench/fuzz.sh [EXAMPLES] [PROCESSES]
# Prints each process's figures (examples, refused pairs, the slowest pair, the example running) every
# minute and at the end; a pair still running after 60 s ends its process with every thread's stack.
set -u
cd "$(dirname "$0")/.."
examples=${1:-100000}
processes=${2:-1}
reports=$(mktemp -d)
pids=""
for n in $(seq "$processes"); do
    share=$((examples / processes + (n <= examples % processes)))
    TRANSMARK_FUZZ_EXAMPLES=$share TRANSMARK_FUZZ_REPORT=$reports/$n.json TRANSMARK_FUZZ_SHARD=$n \
        nice -n 19 "${PYTHON:-.venv/bin/python}" -m pytest -m fuzz -x -p no:cacheprovider tests/test_fuzz.py &
    pids="$pids $!"
done
running() {
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}
while running; do
    sleep 60
    cat "$reports"/*.json 2>/dev/null
done
status=0
for pid in $pids; do wait "$pid" || status=1; done
cat "$reports"/*.json
rm -rf "$reports"
exit "$status"
