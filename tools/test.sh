#!/usr/bin/env bash
# Sets up and runs every test project; ends with the plain totals line "N passed, N failed".
# Tests that read the shared recordings expect ../shared next to the repository and say so when it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh || exit 1
[ -d ../shared/data ] || echo "note: ../shared/data is missing: the tests that read the shared recordings will fail and say so." >&2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test NeuroRT.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test project prints "Passed!  - Failed: F, Passed: P, ..." (or "Failed!  - ...").
read -r passed failed < <(awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {f+=$2; p+=$4} END {print p+0, f+0}' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: dotnet test exited with $status without a failing test (a build or test-host error, see above)" >&2
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
