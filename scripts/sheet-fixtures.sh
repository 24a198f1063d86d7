#!/usr/bin/env bash
# Makes the workbooks LibreOffice saved, for tests/sheets_official.rs: an official-style
# workbook (banner rows, Chinese headers) and one with a mistake, written by the test
# suite's own builder, then saved by LibreOffice as .xlsx, .xls and .ods. Needs Debian's
# libreoffice-calc-nogui; run it when the builder changes, and commit tests/data/sheets/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || {
  echo "needs LibreOffice: apt-get install -y libreoffice-calc-nogui" >&2
  exit 2
}
cargo test --quiet --test sheets_official -- --ignored make_fixtures
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for name in official mistake; do
  for fmt in xlsx xls ods; do
    soffice --headless --norestore --convert-to "$fmt" --outdir "$out" "tests/data/sheets/$name.xlsx" >/dev/null
    mv "$out/$name.$fmt" "tests/data/sheets/$name-lo.$fmt"
  done
done
# An exported built-in template (two header rows, drop-down lists) re-saved by LibreOffice,
# beside the template it was exported from (the built-in moves on; this pair does not).
cp templates/school-reopening.json tests/data/sheets/school-reopening-source.json
for fmt in xlsx ods; do
  soffice --headless --norestore --convert-to "$fmt" --outdir "$out" templates/school-reopening.xlsx >/dev/null
  mv "$out/school-reopening.$fmt" "tests/data/sheets/school-reopening-lo.$fmt"
done
ls -l tests/data/sheets
