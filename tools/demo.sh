#!/usr/bin/env bash
# Sets up and runs the NeuroRT demo: the motor-imagery pipeline on the EEG recording shipped in
# samples/. Extra arguments go to `neurort demo` (e.g. --speed 1 for real time).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
dotnet build src/NeuroRT.Cli -c Release --nologo -v quiet -clp:ErrorsOnly 1>&2
exec dotnet src/NeuroRT.Cli/bin/Release/net10.0/neurort.dll demo "$@"
