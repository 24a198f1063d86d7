#!/usr/bin/env bash
# Sets up (idempotently) and runs every test of readycheck: formatting and clippy, the
# native suite (unit, golden, lint, expression, property and command-line tests; the collect
# service's suites twice, on SQLite and on a PostgreSQL server started here), the wasm
# build with its guard, and the JS tests (golden cases through wasm, byte-identical to
# native; then the browser end-to-end tests in headless Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
# The profiling export (scripts/profile/wasm-core.mjs) is never shipped; keep it compiling.
cargo clippy --quiet --lib --target wasm32-unknown-unknown --features profile -- -D warnings
echo "== the library without the command line's stacks (features cli, serve, sheet)"
cargo clippy --quiet --lib --no-default-features -- -D warnings
if cargo tree --no-default-features -e normal --prefix none | grep -qE '^(axum|tokio|rusqlite|postgres|calamine|rust_xlsxwriter) '; then
  echo "the library pulls a server or spreadsheet crate without its feature" >&2
  exit 1
fi
echo "== cargo test"
cargo test --quiet
echo "== the collect service's suites again, on PostgreSQL (§10.5)"
pg=$(bash scripts/postgres.sh start)
pg_url=${pg% *}
pg_dir=${pg#* }
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
READYCHECK_TEST_POSTGRES=$pg_url cargo test --quiet --test serve --test serve_attacks --test serve_storage --test serve_accounts
bash scripts/postgres.sh stop "$pg_dir"
trap - EXIT
echo "== wasm build"
bash scripts/build.sh
cargo build --quiet
echo "== node --test"
node --test --test-timeout=120000 tests/js/
