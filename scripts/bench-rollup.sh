#!/usr/bin/env bash
# The roll-up benchmark (docs/performance.md): generated submissions of school-reopening
# ({assessment, result} per line, as the element submits them), 1,000 / 10,000 / 100,000
# entries, rolled up from standard input on every core and on one; wall time, CPU time and
# peak memory (GNU time's maximum resident set), three runs each; then one
# `readycheck score` for comparison. Usage: bash scripts/bench-rollup.sh [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --quiet --release --bin readycheck --example submissions
bin=target/release/readycheck
dir=${BENCH_DIR:-target/bench-rollup}
mkdir -p "$dir"
command -v /usr/bin/time > /dev/null || { echo "GNU time is needed: apt-get install -y time" >&2; exit 2; }
printf '%-8s %-8s %8s %8s %8s %10s %12s\n' entries threads wall_s user_s rss_MB per_s per_core_s
for n in "${sizes[@]}"; do
  file="$dir/submissions-$n.ndjson"
  [ -s "$file" ] || target/release/examples/submissions builtin:school-reopening "$n" > "$file"
  for threads in 0 1; do
    for run in 1 2 3; do
      args=(rollup builtin:school-reopening - -o /dev/null)
      [ "$threads" = 1 ] && args+=(--threads 1)
      /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$bin" "${args[@]}" < "$file" 2> /dev/null
      read -r wall user sys rss < "$dir/time"
      awk -v n="$n" -v t="$([ "$threads" = 1 ] && echo 1 || nproc)" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
        'BEGIN { printf "%-8d %-8d %8.2f %8.2f %8.1f %10.0f %12.0f\n", n, t, w, u, r / 1024, n / w, n / (u + s) }'
    done
  done
done
# One assessment through `readycheck score`, the way a portal re-scores one submission.
head -1 "$dir/submissions-${sizes[0]}.ndjson" | node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(0,"utf8")).assessment))' > "$dir/one.json" 2> /dev/null \
  || head -1 "$dir/submissions-${sizes[0]}.ndjson" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["assessment"]))' > "$dir/one.json"
for run in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" score builtin:school-reopening "$dir/one.json" > /dev/null
  read -r wall rss < "$dir/time"
  echo "score (one assessment, process start included): ${wall} s, ${rss} KB"
done
