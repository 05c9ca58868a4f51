#!/usr/bin/env bash
# Regenerates the jextract packages of bindings/ from the curated headers in native-headers/.
#
# Usage: JEXTRACT_HOME=/path/to/jextract native-headers/generate-bindings.sh
#
# BINDINGS_OUT, when set, names another source folder to write to (the tests use it to compare a
# fresh generation with the committed files); by default the files go to bindings/src/main/java.
#
# JEXTRACT_HOME is a jextract image (the folder holding bin/jextract); JEXTRACT.md records the
# revision and libclang version the committed files were generated with. Each library becomes
# one package, dev.panamax.bindings.<lib>, holding exactly what jextract/<lib>.args lists. No
# --library option is given: the generated code looks symbols up with
# SymbolLookup.loaderLookup(), and dev.panamax.bindings.NativeLibraries decides which file is
# loaded. The output is deterministic: running this twice gives identical files.
set -euo pipefail

: "${JEXTRACT_HOME:?set JEXTRACT_HOME to a jextract image (the folder holding bin/jextract)}"
jextract="$JEXTRACT_HOME/bin/jextract"
[ -x "$jextract" ] || { echo "no executable $jextract" >&2; exit 1; }

headers=$(cd "$(dirname "$0")" && pwd)
out="${BINDINGS_OUT:-$headers/../bindings/src/main/java}"

# Relative paths keep machine-specific directories out of the generated files.
cd "$headers"
"$jextract" --version | sed -n '1,3p'
for lib in cudart cuda cublas cudnn nvrtc; do
  rm -rf "$out/dev/panamax/bindings/$lib"
  "$jextract" --output "$out" --target-package "dev.panamax.bindings.$lib" "@jextract/$lib.args" "$lib.h"
  echo "generated dev.panamax.bindings.$lib from native-headers/$lib.h"
done
