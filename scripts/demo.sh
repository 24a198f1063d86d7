#!/usr/bin/env bash
# Sets up, builds and runs the demo end to end: `readycheck serve` on
# http://127.0.0.1:${PORT:-8080}/ with the page (the built-in school-reopening template; a
# picker switches to the others), its submissions stored in ${DB:-demo.sqlite}, and the
# district's roll-up at /district.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cargo build --quiet --release --bin readycheck
exec target/release/readycheck serve --addr "127.0.0.1:${PORT:-8080}" --db "${DB:-demo.sqlite}" --www www
