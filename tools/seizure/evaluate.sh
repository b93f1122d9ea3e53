#!/usr/bin/env bash
# The seizure alarm's held-out evaluation, in one command (from the repository root):
#   tools/seizure/evaluate.sh [--train] [WORK_DIR]
# (--train: the same on the training streams bonn-train-1..4 and bonn-train-healthy instead; in-sample numbers.)
# 1. builds the CLI (Release) unless built, 2. generates the Bonn test streams (tools/seizure/make_bonn_streams.py,
# seeded; only the held-out ones, segments 041-050, are used here: bonn-eval-1, bonn-eval-2, bonn-eval-healthy),
# 3. runs pipelines/seizure-alarm.yaml on each as fast as possible (a per-stream copy from tools/seizure/instantiate.py),
# 4. scores each alarm log with `neurort score` (SzCORE) against the stream's TSV, 5. prints the totals over the
# seizure streams, the healthy stream's false alarms, and all three together (tools/seizure/summarize.py);
# 6. runs pipelines/seizure-alarm-multichannel.yaml on the EEGMMIDB runs in ../shared/data/eegmmidb (no seizures)
# and prints its false alarms per hour. Everything is written under WORK_DIR (default: a new temporary folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
CLI=src/NeuroRT.Cli/bin/Release/net10.0/neurort.dll
DATA=../shared/data
STREAMS="bonn-eval-1 bonn-eval-2 bonn-eval-healthy" SPLIT=held-out
if [ "${1:-}" = --train ]; then STREAMS="bonn-train-1 bonn-train-2 bonn-train-3 bonn-train-4 bonn-train-healthy" SPLIT=training; shift; fi
WORK=${1:-$(mktemp -d -t seizure-eval-XXXXXX)}
mkdir -p "$WORK"
[ -d "$DATA/bonn" ] || { echo "error: $DATA/bonn is missing (the Bonn segments; see $DATA/README.md)" >&2; exit 2; }
[ -f "$CLI" ] || dotnet build src/NeuroRT.Cli -c Release -v quiet
neurort() { dotnet "$CLI" "$@"; }
# A run without any alarm leaves no alarm log; neurort score reads an empty hypothesis as a TSV without seizure rows.
hypothesis() { if [ -s "$1" ]; then echo "$1"; else printf 'onset\tduration\teventType\n' > "${1%.jsonl}-none.tsv"; echo "${1%.jsonl}-none.tsv"; fi; }

$PY tools/seizure/make_bonn_streams.py --data "$DATA/bonn" --out "$WORK/streams" > "$WORK/streams.txt"
seizure_reports=() all_reports=()
for name in $STREAMS; do
  log="$WORK/$name-alarms.jsonl"
  rm -f "$log"
  $PY tools/seizure/instantiate.py pipelines/seizure-alarm.yaml "$WORK/streams/$name.edf" "$WORK/$name.yaml" --log "alarm=$log"
  neurort run "$WORK/$name.yaml" --speed 0 --quiet > "$WORK/$name-run.txt" 2>&1 || { cat "$WORK/$name-run.txt" >&2; exit 1; }
  touch "$log"
  neurort score --reference "$WORK/streams/$name.tsv" --hypothesis "$(hypothesis "$log")" --json "$WORK/$name-score.json" > "$WORK/$name-score.txt"
  echo "== $name: $(grep -c '"event":"alarm"' "$log" || true) alarm(s); $(grep -E '^│ event' "$WORK/$name-score.txt" | tr -s ' ' || true)"
  [[ "$name" = *-healthy ]] || seizure_reports+=("$WORK/$name-score.json:$log")
  all_reports+=("$WORK/$name-score.json:$log")
done
echo
healthy=${all_reports[-1]}
$PY tools/seizure/summarize.py --label "$SPLIT seizure streams" --json "$WORK/totals-seizure.json" "${seizure_reports[@]}"
$PY tools/seizure/summarize.py --label "$SPLIT healthy stream" "$healthy"
$PY tools/seizure/summarize.py --label "all $SPLIT streams" --json "$WORK/totals-all.json" "${all_reports[@]}"
[ "$SPLIT" = held-out ] || { echo "(reports, alarm logs and run logs in $WORK)"; exit 0; }

# Multichannel: no seizure in these recordings, so the reference is empty (a TSV with only a background row).
echo
multi_reports=()
for edf in "$DATA"/eegmmidb/S001R*.edf; do
  name=$(basename "$edf" .edf)
  log="$WORK/$name-alarms.jsonl"
  rm -f "$log"
  $PY tools/seizure/instantiate.py pipelines/seizure-alarm-multichannel.yaml "$edf" "$WORK/$name.yaml" --log "alarm=$log"
  neurort run "$WORK/$name.yaml" --speed 0 --quiet > "$WORK/$name-run.txt" 2>&1 || { cat "$WORK/$name-run.txt" >&2; exit 1; }
  touch "$log"
  printf 'onset\tduration\teventType\n0\t0\tbckg\n' > "$WORK/$name-empty.tsv"
  neurort score --reference "$WORK/$name-empty.tsv" --hypothesis "$(hypothesis "$log")" --recording "$edf" --json "$WORK/$name-score.json" > "$WORK/$name-score.txt"
  multi_reports+=("$WORK/$name-score.json")
done
$PY tools/seizure/summarize.py --label "multichannel (19 ch) on EEGMMIDB S001, no seizures" --json "$WORK/totals-multichannel.json" "${multi_reports[@]}"
echo "(reports, alarm logs and run logs in $WORK)"
