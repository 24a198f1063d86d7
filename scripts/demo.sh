#!/usr/bin/env bash
# Sets up, builds and serves the demo: http://127.0.0.1:${PORT:-8080}/ with the built-in
# school-reopening template (a picker switches to the others).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8080}"
