#!/usr/bin/env bash
# Builds the wasm module into www/pkg/: cargo (release, size-optimised) → wasm-bindgen
# (--target web) → wasm-opt -Oz from npm's binaryen (never Debian's: it corrupts
# wasm-bindgen output) → the JS glue minified by esbuild, and the built-in templates, minified, into www/pkg/templates/.
# Then instantiates the optimised module in node as a guard.
set -euo pipefail
cd "$(dirname "$0")/.."
# The standard library is rebuilt for the wasm so that a panic aborts at once: nothing in the
# module formats panic messages (no panic ever reaches a user: a trap and a message-less
# abort look the same from JS). 11 KiB gzipped less. Both flags are unstable, allowed on the
# stable toolchain by RUSTC_BOOTSTRAP for this one build; its own target folder keeps
# clippy's and the tests' wasm builds from rebuilding each other. READYCHECK_PLAIN_STD=1
# builds without (the size check then reports the difference).
wasm=target/wasm-std/wasm32-unknown-unknown/wasm-release/readycheck.wasm
if [ "${READYCHECK_PLAIN_STD:-}" = 1 ]; then
  cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown
  wasm=target/wasm32-unknown-unknown/wasm-release/readycheck.wasm
else
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/wasm-std \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo build --quiet --lib --profile wasm-release --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort
fi
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg "$wasm"
# The snippet that holds a jump's target (src/web/dom.rs) is minified like the element's
# modules; fetch-builtin.js is a three-line import, and builtin-files.js (below) keeps the magic
# comments bundlers read.
for f in www/pkg/snippets/*/www/hold.js; do
  node_modules/.bin/esbuild "$f" --minify --format=esm --log-level=warning --outfile="$f" --allow-overwrite
done
# The generated types declare `[Symbol.dispose]` (explicit resource management), which a
# portal's TypeScript without lib "esnext" refuses; `free()` stays, the one way to release.
sed -i '/\[Symbol\.dispose\]()/d' www/pkg/readycheck.d.ts
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg/readycheck_bg.wasm -o www/pkg/readycheck_bg.wasm
# The glue, minified (names, JSDoc and white space: 9.3 -> 5.7 KiB gzipped); its exports
# and the wasm's import names are kept, and readycheck.d.ts documents it.
node_modules/.bin/esbuild www/pkg/readycheck.js --minify --format=esm --log-level=warning \
  --outfile=www/pkg/readycheck.js --allow-overwrite
# The element's modules, minified one by one (not bundled: fieldkit.js, loaded on first use,
# shares store.js and the entry module with it): www/src/ is their source, www/ what is served
# and packed (10.2 + 1.9 -> 5.0 + 1.0 KiB gzipped for the entry module and store.js).
for src in www/src/*.js; do
  node_modules/.bin/esbuild "$src" --minify --format=esm --log-level=warning \
    --outfile="www/$(basename "$src")" --allow-overwrite
done
# The element's stylesheet, minified (3.2 -> 2.4 KiB gzipped); www/readycheck.css is its source.
node_modules/.bin/esbuild www/readycheck.css --minify --log-level=warning --outfile=www/pkg/readycheck.css
# Built-in templates are served beside the module (the wasm carries only their hashes), with
# the module that fetches them (fetch-builtin.js imports it from there).
# Its comment lines are dropped; the magic comments inside its code lines stay.
node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], fs.readFileSync(process.argv[1], "utf8").replace(/^\s*\/\*\*[\s\S]*?\*\/\n|^\s*\/\/.*\n/gm, ""))' \
  www/builtin-files.js www/pkg/builtin-files.js
mkdir -p www/pkg/templates
for f in templates/*.json; do
  node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8"))))' \
    "$f" "www/pkg/templates/$(basename "$f")"
done
# What the service worker precaches for offline use (the snippet folder name is a hash).
(cd www && find pkg -type f ! -name '*.d.ts' ! -name files.json | sort | node -e \
  'console.log(JSON.stringify(require("fs").readFileSync(0, "utf8").trim().split("\n")))' > pkg/files.json)
node scripts/check-wasm.mjs
bash scripts/package.sh
# Brotli and gzip copies beside the built files, for `readycheck serve` (last: neither the
# precache list nor the package holds them).
node scripts/precompress.mjs
