#!/bin/sh
# Reproduces every figure of docs/performance.md: end-to-end latency of pipelines (a), (b), (c) against the
# relay floor, the runtime-settings comparison on (a), the channels x rate scale runs and the soak.
# Usage: tools/bench/e2e.sh [full|short] [OUT] [PARTS]   (default: full = the durations of the issue, short = about
# 11 minutes in all; PARTS: a comma-separated subset of latency,settings,scale,soak, default all four)
set -eu
cd "$(dirname "$0")/../.."
MODE=${1:-full}
OUT=${2:-e2e-report}
PARTS=${3:-latency,settings,scale,soak}
part() { case ",$PARTS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
case "$MODE" in
  full)  LAT=60; SET=60; WARM=5; SCALE=60; SOAK=3600; INTERVAL=600 ;;
  short) LAT=15; SET=10; WARM=3; SCALE=10; SOAK=120; INTERVAL=20 ;;
  *) echo "usage: $0 [full|short] [OUT] [latency,settings,scale,soak]" >&2; exit 2 ;;
esac
dotnet build -c Release bench/NeuroRT.Bench >/dev/null
BENCH="dotnet bench/NeuroRT.Bench/bin/Release/net10.0/NeuroRT.Bench.dll"
uptime
if part latency; then
$BENCH e2e --seconds $LAT --warmup $WARM --out "$OUT/latency" || true
fi
if part settings; then
# Runtime settings, each on pipeline (a) against its own relay floor (the knob applies to both children). The
# default is the CLI's: workstation GC, not concurrent, tiered PGO on (the bench node uses the same runtimeconfig).
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --out "$OUT/settings-default" || true
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --env DOTNET_gcServer=1 --out "$OUT/settings-server-gc" || true
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --env DOTNET_gcConcurrent=1 --out "$OUT/settings-concurrent-gc" || true
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --latency-mode sustained --out "$OUT/settings-sustained-low-latency" || true
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --env DOTNET_TieredPGO=0 --out "$OUT/settings-no-tiered-pgo" || true
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --env DOTNET_TieredCompilation=0 --out "$OUT/settings-no-tiering" || true
# Thread priority: nice -10 for the node's acquisition and pipeline threads and the relay's thread (needs root or
# CAP_SYS_NICE; without it the node says so on stderr and runs at normal priority).
$BENCH e2e --pipelines a --seconds $SET --warmup $WARM --priority -10 --out "$OUT/settings-nice-10" || true
# ReadyToRun: neurort published with precompiled code, running the same harness as `neurort bench latency` (the node
# and the relay are children of it, so they run precompiled too).
dotnet publish -c Release src/NeuroRT.Cli -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/neurort-r2r >/dev/null
dotnet artifacts/neurort-r2r/neurort.dll bench latency --pipelines a --seconds $SET --warmup $WARM --out "$OUT/settings-ready-to-run" || true
fi
if part scale; then
# The issue's three cases, then 1024 ch at lower rates to find where this machine's limit lies.
$BENCH e2e-scale --seconds $SCALE --warmup $WARM --cases 64x1000,306x5000,1024x30000,1024x20000,1024x10000,1024x5000 --out "$OUT/scale" || true
fi
if part soak; then
$BENCH e2e-soak --seconds $SOAK --interval $INTERVAL --warmup $WARM --out "$OUT/soak" || true
fi
uptime
echo "reports under $OUT/"
