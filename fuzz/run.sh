#!/bin/sh
# Runs fuzz targets one after another, each for SECONDS (default 600), one process each,
# with the stable toolchain (RUSTC_BOOTSTRAP lets cargo-fuzz use the flags it needs).
# Usage: fuzz/run.sh [SECONDS] TARGET...   Logs: fuzz/logs/TARGET.log
set -u
cd "$(dirname "$0")"
secs=600
case "${1:-}" in [0-9]*) secs=$1; shift ;; esac
mkdir -p logs
for t in "$@"; do
    mkdir -p "corpus/$t"
    echo "== $t: $(date -u +%FT%TZ), ${secs}s" > "logs/$t.log"
    RUSTC_BOOTSTRAP=1 nice -n 5 cargo fuzz run -s none -a "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 >> "logs/$t.log" 2>&1
    echo "== exit $? $(date -u +%FT%TZ)" >> "logs/$t.log"
    [ -f fuzz-0.log ] && cat fuzz-0.log >> "logs/$t.log" && rm -f fuzz-0.log
done
