#!/usr/bin/env bash
# Fuzzes aidcat: each target runs SECONDS (default 600) from the seed corpus in seeds/.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_check number_roundtrip stream_vs_memory report_rollup plan workbook_xlsx workbook_ods workbook_xls workbook_docx workbook_odt workbook_doc)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo fuzz passes nightly-only flags; this lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    # The workbook library can ask for gigabytes on a damaged file; the command line parses
    # workbooks in a memory-bounded child process for that, so here such an input is no
    # finding: fork mode goes on past it (-ignore_ooms) and keeps looking for panics and hangs.
    extra=()
    case "$target" in workbook_*) extra=(-fork=1 -ignore_ooms=1 -malloc_limit_mb=1024) ;; esac
    # -detect_leaks=0: LeakSanitizer reports the 32 bytes glibc allocates once per thread
    # to register thread-local destructors (__cxa_thread_atexit_impl), not a leak of ours.
    cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -detect_leaks=0 -print_final_stats=1 \
        "${extra[@]}"
done
