#!/usr/bin/env bash
# Runs NeuroRT's filter-bank benchmark and SciPy's sosfilt on the same filter and data shape, one after the
# other in the same run, and prints the ratio. Needs the .NET SDK and Debian's python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/../.."
channels=${1:-64}
ours=$(dotnet run -c Release --project bench/NeuroRT.Bench -- sos-throughput --channels "$channels" 2>/dev/null)
theirs=$(/usr/bin/python3 tools/bench/sosfilt_scipy.py "$channels")
echo "$ours"
echo "$theirs"
a=$(echo "$ours" | awk -F': ' '/neurort channel-samples/ {print $2}')
b=$(echo "$theirs" | awk -F': ' '/scipy channel-samples/ {print $2}')
awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio: NeuroRT / SciPy = %.1f x\n", a / b }'
