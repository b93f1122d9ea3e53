#!/usr/bin/env bash
# Runs NeuroRT's filter-bank benchmark and SciPy's sosfilt on the same filter and data shape, one after the
# other in the same run, and prints the ratio of the median passes (and of the best ones). Needs the .NET SDK and Debian's python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/../.."
channels=${1:-64}
ours=$(dotnet run -c Release --project bench/NeuroRT.Bench -- sos-throughput --channels "$channels" 2>/dev/null)
theirs=$(/usr/bin/python3 tools/bench/sosfilt_scipy.py "$channels")
echo "$ours"
echo "$theirs"
a=$(echo "$ours" | awk -F': ' '/neurort channel-samples/ {print $2}')
b=$(echo "$theirs" | awk -F': ' '/scipy channel-samples/ {print $2}')
c=$(echo "$ours" | awk '/^best pass:/ {print $3}')
d=$(echo "$theirs" | awk -F': ' '/scipy best pass/ {print $2}')
awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN { printf "ratio: NeuroRT / SciPy = %.1f x (medians), %.1f x (best passes)\n", a / b, c / d }'
