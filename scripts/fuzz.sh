#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (address sanitizer, fuzzer coverage on Swift and the C kernels) and runs
# each for FUZZ_RUNS executions from its seeds: Tests/FuzzCorpus/<target> (small valid inputs written by the
# generator in Fuzz/, and inputs that once crashed a reader), and for the container targets the files of a key set
# the fuzzing process makes on the smallest test ring.
#
#   scripts/fuzz.sh [target ...]        run the given targets (default: all), one line each:
#                                       "<target>: <runs> runs, <crashes> crashes"; exit status 1 on any crash
#   scripts/fuzz.sh --list              list the targets
#   scripts/fuzz.sh --write-corpus      rewrite the generated seeds (seed-*) in Tests/FuzzCorpus
#
# Environment: FUZZ_RUNS (default 100000) executions per target; FUZZ_TIMEOUT (default 20) seconds one input may
# take; FUZZ_RSS_MB (default 2048) memory a run may use; FUZZ_SCRATCH (default .build-fuzz) the build and work
# folder. A crash, a timeout and an out-of-memory all count as crashes; the inputs are kept in
# <scratch>/artifacts/<target>/ and the logs in <scratch>/logs/. Leak detection is off: Swift's runtime caches and
# lazily built globals read as leaks at exit, and a leak is not what a hostile file can use. The binary is linked
# with lld (gold fails on the sanitized link on these machines).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"

runs=${FUZZ_RUNS:-100000}
timeout=${FUZZ_TIMEOUT:-20}
rss=${FUZZ_RSS_MB:-2048}
scratch=${FUZZ_SCRATCH:-.build-fuzz}

mkdir -p "$scratch"
swift build -c release --package-path Fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld -Xswiftc -enable-testing \
    -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/build.log" 2>&1 || {
    tail -40 "$scratch/build.log" >&2
    echo "fuzz build failed (log: $scratch/build.log)" >&2
    exit 2
}
binary="$scratch/release/heml-fuzz"

targets=()
case "${1:-}" in
    --list) grep -o 'case [a-zA-Z]* = "[a-z0-9-]*"' Fuzz/Sources/heml-fuzz/FuzzTarget.swift | cut -d'"' -f2; exit 0 ;;
    --write-corpus)
        HEML_FUZZ_WRITE_CORPUS=Tests/FuzzCorpus "$binary"
        du -sh Tests/FuzzCorpus
        exit 0 ;;
    "") mapfile -t targets < <("$0" --list) ;;
    *) targets=("$@") ;;
esac

status=0
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target" seeds="$scratch/seeds/$target" artifacts="$scratch/artifacts/$target"
    log="$scratch/logs/$target.log" tmp="$scratch/tmp/$target"
    # A fresh working corpus each run (container seeds belong to the key set each run makes); the key set's
    # files go to the scratch folder too (TMPDIR).
    rm -rf "$corpus" "$seeds" "$artifacts" "$tmp"
    mkdir -p "$corpus" "$seeds" "$artifacts" "$tmp" "$(dirname "$log")"
    dirs=("$corpus" "$seeds")
    [ -d "Tests/FuzzCorpus/$target" ] && dirs+=("Tests/FuzzCorpus/$target")
    TMPDIR="$(cd "$tmp" && pwd)" ASAN_OPTIONS=detect_leaks=0 HEML_FUZZ_TARGET="$target" HEML_FUZZ_SEEDS="$seeds" "$binary" -runs="$runs" -timeout="$timeout" \
        -rss_limit_mb="$rss" -malloc_limit_mb="$rss" -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "${dirs[@]}" >"$log" 2>&1 || true
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    crashes=$(find "$artifacts" -type f | wc -l)
    echo "$target: ${executed:-0} runs, $crashes crashes"
    if [ "$crashes" -gt 0 ] || [ -z "$executed" ]; then
        status=1
        find "$artifacts" -type f | sed 's/^/    /'
        [ -z "$executed" ] && tail -3 "$log" | sed 's/^/    /'
    fi
done
exit $status
