#!/usr/bin/env bash
# Prepares a fresh Debian machine for NeuroRT: checks the .NET SDK, installs what the build and
# tests need, restores packages. Idempotent: run it as often as you like; the demo and test
# commands call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

need_dotnet_major=10
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK ${need_dotnet_major} is needed and 'dotnet' is not on PATH." >&2
  echo "       Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again." >&2
  exit 1
fi
major=$(dotnet --version | cut -d. -f1)
if [ "${major}" -lt "${need_dotnet_major}" ]; then
  echo "error: the .NET SDK ${need_dotnet_major} or later is needed; 'dotnet --version' says $(dotnet --version)." >&2
  exit 1
fi

# Debian packages the build or the tests use, installed only when missing.
apt_packages=()
wanted="${NEURORT_APT_PACKAGES:-}"
# npm fetches ONNX Runtime once (below) when it is not cached yet and no own build is named.
if [ ! -f .native/onnxruntime/libonnxruntime.so.1 ] && ! command -v npm >/dev/null 2>&1; then
  wanted="$wanted npm"
fi
# The dashboard's browser test drives Debian's headless chromium.
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  wanted="$wanted chromium"
fi
for p in $wanted; do
  dpkg -s "$p" >/dev/null 2>&1 || apt_packages+=("$p")
done
if [ "${#apt_packages[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${apt_packages[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}"
fi

# ONNX Runtime native library (the `onnx` decoder stage binds its C API; no node at run time).
# Fetched once from npm onnxruntime-node@1.30.0, checked against the sha256 the binding was verified
# with, cached in .native/onnxruntime/ (gitignored).
tools/setup-onnxruntime.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! out=$(dotnet restore NeuroRT.sln --nologo -v quiet 2>&1); then
  echo "$out" >&2
  echo "error: restoring the NuGet packages failed (see above)" >&2
  exit 1
fi
