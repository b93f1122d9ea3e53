#!/usr/bin/env bash
# Provisions the ONNX Runtime shared library for NeuroRT.Onnx: extracts libonnxruntime.so.1 from the
# npm package onnxruntime-node@1.30.0 (npm is used only to fetch the tarball; nothing of node is
# needed at run time), verifies its sha256, and caches it with the MIT licence text in
# .native/onnxruntime/. Idempotent: quiet when the verified file is already there.
# Users with their own build (e.g. with the CUDA provider) set NEURORT_ONNXRUNTIME to its path instead.
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.30.0
member=package/bin/napi-v6/linux/x64/libonnxruntime.so.1
sha256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
dest=.native/onnxruntime
lib=$dest/libonnxruntime.so.1

write_licence() {
  # The npm tarball ships no LICENSE file; this is upstream's MIT licence (microsoft/onnxruntime, LICENSE).
  cat > "$dest/LICENSE" <<'LICENCE'
MIT License

Copyright (c) Microsoft Corporation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
  cat > "$dest/THIRD-PARTY-NOTICES.md" <<NOTICE
libonnxruntime.so.1 in this folder is ONNX Runtime ${version} (MIT, see LICENSE), taken unchanged
from the npm package onnxruntime-node@${version} (${member}).
ONNX Runtime bundles third-party components; their notices are in upstream's ThirdPartyNotices.txt:
https://github.com/microsoft/onnxruntime/blob/v${version}/ThirdPartyNotices.txt
(the npm tarball does not include that file). Ship both files with any redistribution of the library.
NOTICE
}

hash_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$lib" ] && [ "$(hash_of "$lib")" = "$sha256" ]; then
  [ -f "$dest/LICENSE" ] && [ -f "$dest/THIRD-PARTY-NOTICES.md" ] || write_licence
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: ONNX Runtime is missing ($lib) and 'npm' is not on PATH to fetch it." >&2
  echo "       Install npm (Debian: apt-get install npm) and run tools/setup.sh again," >&2
  echo "       or point NEURORT_ONNXRUNTIME at an existing libonnxruntime.so.1 (ONNX Runtime >= ${version})." >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "setup: fetching ONNX Runtime ${version} (npm onnxruntime-node@${version}, ~113 MB, once)" >&2
if ! (cd "$tmp" && npm pack "onnxruntime-node@${version}" --silent >/dev/null 2>"$tmp/npm.log"); then
  cat "$tmp/npm.log" >&2
  echo "error: 'npm pack onnxruntime-node@${version}' failed (see above)" >&2
  exit 1
fi
tar -xzf "$tmp"/onnxruntime-node-*.tgz -C "$tmp" "$member"
got=$(hash_of "$tmp/$member")
if [ "$got" != "$sha256" ]; then
  echo "error: $member from onnxruntime-node@${version} has sha256 $got," >&2
  echo "       expected $sha256; refusing to install it (corrupt download or a changed package)." >&2
  exit 1
fi
mkdir -p "$dest"
install -m 0644 "$tmp/$member" "$lib.tmp"
mv -f "$lib.tmp" "$lib"
write_licence
echo "setup: ONNX Runtime ${version} installed in $dest" >&2
