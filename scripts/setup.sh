#!/usr/bin/env bash
# Installs what building and testing readycheck needs, idempotently: a second run takes a
# second. Nothing here downloads a binary from the web; everything comes from crates.io,
# npm and Debian.
#   scripts/setup.sh           toolchain + npm packages
#   scripts/setup.sh --browser also Debian chromium (end-to-end tests and the benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup: wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the shipped wasm is built with a standard library that
# aborts on panic without formatting a message (scripts/build.sh; 11 KiB gzipped less).
if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  step "rustup: rust-src"
  rustup component add rust-src
fi

# The wasm-bindgen CLI must match the crate version pinned in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  step "cargo install wasm-bindgen-cli $want (about 3 minutes, once)"
  # Without --locked: the CLI's own lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci (binaryen's wasm-opt, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ]; then
  # PostgreSQL for the collect service's second engine (§10.5): the tests start their own
  # throwaway cluster with Debian's binaries (scripts/postgres.sh).
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    step "apt-get: postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
  # grep reads fc-list to the end (no -q): with pipefail, an early exit would make fc-list
  # die of SIGPIPE and the font look missing, and apt would run again on every set-up.
  if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -i 'wenquanyi\|noto.*cjk' >/dev/null; then
    step "apt-get: chromium and a CJK font"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  fi
fi
