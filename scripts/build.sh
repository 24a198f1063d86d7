#!/usr/bin/env bash
# Builds the wasm module into www/pkg/: cargo (release, size-optimised) → wasm-bindgen
# (--target web) → wasm-opt -Oz from npm's binaryen (never Debian's: it corrupts
# wasm-bindgen output). Then instantiates the optimised module in node as a guard.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/wasm-release/readycheck.wasm
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg/readycheck_bg.wasm -o www/pkg/readycheck_bg.wasm
node scripts/check-wasm.mjs
