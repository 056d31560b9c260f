#!/usr/bin/env bash
# Counts the instructions aidcat executes on a generated catalogue of 100,000 rows, tidy
# and published (one thread, valgrind's cachegrind), for this checkout and for a git
# revision to compare it with. Unlike a wall time, the count does not move with the
# machine's load: a change of 1% shows, where timings only show one of 5 to 10%. (Twelve
# sessions each timed "within the noise" added up to 12% more instructions a row.)
# Usage: bash bench/instructions.sh [REV] [ROWS]   (REV defaults to HEAD, ROWS to 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-HEAD}"
rows="${2:-100000}"
if ! command -v valgrind >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind) >/dev/null 2>&1
    fi
    command -v valgrind >/dev/null || { echo "bench: valgrind is needed (apt install valgrind)" >&2; exit 2; }
fi
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/rev" >/dev/null 2>&1; rm -rf "$work"' EXIT

cargo build --release --quiet --bin aidcat --example gen_catalogue
./target/release/examples/gen_catalogue --rows "$rows" --seed 42 --out "$work/tidy.csv"
(cd bench && python3 -c "import sys, compare; compare.published_copy(sys.argv[1], sys.argv[2])" \
    "$work/tidy.csv" "$work/published.csv")
cp target/release/aidcat "$work/aidcat-this"

git worktree add --detach --quiet "$work/rev" "$rev"
(cd "$work/rev" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet --bin aidcat)
cp "$work/target/release/aidcat" "$work/aidcat-rev"

# valgrind exits as the program does (`check` with 1 on findings): the count is read all
# the same.
count() {
    { AIDCAT_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$@" 2>&1 >/dev/null || true; } | sed -n 's/.*I *refs: *//p' | tr -d ,
}

printf '| command (%s rows, one thread) | %s | this checkout | change |\n|---|---:|---:|---:|\n' \
    "$rows" "$(git rev-parse --short "$rev")"
for run in "tidy summary:summary tidy" "tidy check:check tidy" \
    "published summary:summary published" "published check:check published"; do
    label="${run%%:*}"
    set -- ${run#*:}
    before="$(count "$work/aidcat-rev" "$1" "$work/$2.csv")"
    after="$(count "$work/aidcat-this" "$1" "$work/$2.csv")"
    awk -v l="$label" -v b="$before" -v a="$after" \
        'BEGIN { printf "| %s | %.1f M | %.1f M | %+.1f%% |\n", l, b / 1e6, a / 1e6, (a - b) * 100 / b }'
done
