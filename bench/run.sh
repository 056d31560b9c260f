#!/usr/bin/env bash
# Benchmarks aidcat against its peers on generated catalogues of 30, 100,000 and
# 1,000,000 rows, side by side with hyperfine (runs interleaved round by round), and
# checks every tool's sums.
# Usage: bash bench/run.sh [--runs N] [--sizes 30,100000,1000000] [--out FILE.md]
# Peers are installed from the package registries when missing (root needed for apt);
# a peer that cannot be installed is reported, not dropped.
set -uo pipefail
cd "$(dirname "$0")/.."
tools="${AIDCAT_BENCH_TOOLS:-$HOME/.cache/aidcat-bench}"
mkdir -p "$tools"

note() { printf '%s\n' "$*" >&2; }

apt_install() {
    command -v "$1" >/dev/null && return 0
    if [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >/dev/null 2>&1
    fi
    command -v "$1" >/dev/null || note "bench: could not install $2 (apt)"
}

apt_install hyperfine hyperfine
apt_install mlr miller
apt_install /usr/bin/time time
if [ ! -x "$tools/venv/bin/duckdb" ] || [ ! -x "$tools/venv/bin/python" ] || ! "$tools/venv/bin/python" -c 'import polars' 2>/dev/null; then
    python3 -m venv "$tools/venv" >/dev/null 2>&1 &&
        "$tools/venv/bin/pip" install -q duckdb-cli polars >/dev/null 2>&1 ||
        note "bench: could not install duckdb-cli and polars from PyPI"
fi
if ! command -v xan >/dev/null && [ ! -x "$HOME/.cargo/bin/xan" ]; then
    note "bench: installing xan from crates.io (a few minutes)"
    cargo install xan --locked >/dev/null 2>&1 || note "bench: could not install xan"
fi
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --quiet --bin aidcat --example gen_catalogue --example baseline_sums || exit 2
exec python3 bench/compare.py --tools "$tools" "$@"
