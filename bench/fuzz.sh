#!/bin/sh
# The long fuzzing profile (tests/test_fuzz.py, `-m fuzz`): 100,000 examples by default,
# at the lowest priority. Usage: bench/fuzz.sh [EXAMPLES]
# Prints the figures (examples, refused pairs, the slowest pair) every minute and at the end.
set -u
cd "$(dirname "$0")/.."
report=$(mktemp)
TRANSMARK_FUZZ_EXAMPLES=${1:-100000} TRANSMARK_FUZZ_REPORT=$report \
    nice -n 19 "${PYTHON:-.venv/bin/python}" -m pytest -m fuzz -x -p no:cacheprovider tests/test_fuzz.py &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    sleep 60
    cat "$report"
done
wait "$pid"
status=$?
cat "$report"
rm -f "$report"
exit "$status"
