#!/usr/bin/env bash
# Builds the DocC documentation of the Tabreg library (the `import Tabreg` front door, which
# re-exports every library module) into .build/docs/Tabreg.doccarchive, with the toolchain's own
# docc: no plugin, no network.
#
# Usage: Scripts/build-docs.sh [--check]
#   --check  fail on any documentation warning (an unresolved symbol link, a bad topic).
#
# Why not `swift package generate-documentation`: that needs the swift-docc-plugin package, and
# a symbol graph of `Tabreg` alone would be empty, because its symbols come from re-exported
# modules; symbolgraph-extract includes them when told which modules to take.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
if [ "${1:-}" = "--check" ]; then check=1; fi

modules="TabregNumerics,TabregData,TabregNetwork,TabregLinear,TabregModel,TabregExperiment,TabregReport"
swift build --target Tabreg >&2
bin=$(swift build --show-bin-path)
triple=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
graphs=$(mktemp -d)
trap 'rm -rf "$graphs"' EXIT
swift symbolgraph-extract -module-name Tabreg -I "$bin/Modules" -I "$bin" -target "$triple" \
    -minimum-access-level public -experimental-allowed-reexported-modules="$modules" \
    -output-dir "$graphs"

docc=$(command -v docc || xcrun --find docc)
mkdir -p .build/docs
"$docc" convert Sources/Tabreg/Tabreg.docc --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name Tabreg --fallback-bundle-identifier org.tabreg.Tabreg \
    --output-path .build/docs/Tabreg.doccarchive --analyze >"$graphs/docc.log" 2>&1 || {
    cat "$graphs/docc.log" >&2
    exit 1
}
if [ -s "$graphs/docc.log" ]; then
    cat "$graphs/docc.log" >&2
    if [ "$check" -eq 1 ] && grep -q "warning" "$graphs/docc.log"; then
        echo "error: the documentation has warnings" >&2
        exit 1
    fi
fi
echo "Documentation: .build/docs/Tabreg.doccarchive"
