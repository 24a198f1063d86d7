#!/usr/bin/env bash
# Replaces www/pkg/readycheck_bg.wasm with the same build keeping its function names, so
# that CPU profiles of the page (change-profile.mjs) name wasm frames. Run scripts/build.sh
# again afterwards: the shipped module is stripped and budgeted.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown
out=$(mktemp -d)
wasm-bindgen --target web --keep-debug --out-dir "$out" target/wasm32-unknown-unknown/wasm-release/readycheck.wasm
node_modules/.bin/esbuild "$out/readycheck.js" --minify --format=esm --log-level=warning --outfile="$out/glue.js"
cmp -s "$out/glue.js" www/pkg/readycheck.js || { echo "www/pkg is from another build: run scripts/build.sh first" >&2; exit 1; }
node_modules/.bin/wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$out/readycheck_bg.wasm" -o www/pkg/readycheck_bg.wasm
rm -rf "$out"
echo "www/pkg/readycheck_bg.wasm now keeps function names ($(wc -c < www/pkg/readycheck_bg.wasm) bytes)"
