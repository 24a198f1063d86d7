#!/usr/bin/env bash
# Publishes every built-in template as a workbook, templates/<id>.xlsx, for a bureau to
# start its own checklist from (docs/authoring.md). The test suite checks that each one
# imports to its template (tests/sheets.rs), so run this after changing a template.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin readycheck
for f in templates/*.json; do
  id=$(basename "$f" .json)
  target/debug/readycheck sheet export "builtin:$id" -o "templates/$id.xlsx"
  echo "templates/$id.xlsx"
done
