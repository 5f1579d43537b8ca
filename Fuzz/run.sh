#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a set time.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]   run every target (or the named ones) for SECONDS each, default 600
#   Fuzz/run.sh --seeds                 regenerate the seed corpus in Fuzz/Corpus/ from SecAggFuzzTargets
#   Fuzz/run.sh --replay                replay Fuzz/Corpus and Fuzz/Crashes through the instrumented targets
#
# Inputs that crash a target are written to Fuzz/Crashes/<target>/. Keep each one, after the fix, as a
# regression input: the test suite replays every file there. The corpus the fuzzer grows goes to
# Fuzz/.build/corpus/<target>/, which is not committed, and the log of each run to Fuzz/.build/logs/<target>.log.
# FUZZ_JOBS=N runs N targets at a time (default 1). Extra libFuzzer flags can be passed in FUZZ_FLAGS.
set -euo pipefail
cd "$(dirname "$0")"

all_targets=(messages sessions transcript shamir paillier keys vectors datasets)
# lld, because gold fails with an internal error on the fuzzer-instrumented objects.
build_flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)

build() {
    swift build "${build_flags[@]}" >&2
    swift build "${build_flags[@]}" --show-bin-path
}

mode=${1:-600}
case "$mode" in
    --seeds)
        bin=$(build)
        rm -f Corpus/*/seed-*
        ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-seeds" Corpus
        exit 0
        ;;
    --replay)
        bin=$(build)
        status=0
        for target in "${all_targets[@]}"; do
            inputs=()
            for folder in Corpus Crashes; do
                if [ -d "$folder/$target" ]; then
                    while IFS= read -r -d '' file; do inputs+=("$file"); done \
                        < <(find "$folder/$target" -type f -print0)
                fi
            done
            [ ${#inputs[@]} -eq 0 ] && continue
            echo "replaying ${#inputs[@]} inputs of $target"
            SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$target" -runs=0 "${inputs[@]}" >".build/replay-$target.log" 2>&1 || {
                echo "FAILED: $target (see Fuzz/.build/replay-$target.log)"
                status=1
            }
        done
        exit $status
        ;;
esac

seconds=$mode
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
jobs=${FUZZ_JOBS:-1}
bin=$(build)
mkdir -p .build/logs

run_target() {
    local target=$1
    mkdir -p "Crashes/$target" ".build/corpus/$target" "Corpus/$target"
    # The grown corpus comes first, so libFuzzer writes new inputs there and never into the committed seeds.
    # detect_leaks=0: LeakSanitizer reports the process-lifetime fixtures (keys, caches) of every target.
    local status=0
    ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="Crashes/$target/" ${FUZZ_FLAGS:-} \
        ".build/corpus/$target" "Corpus/$target" >".build/logs/$target.log" 2>&1 || status=$?
    local executions
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".build/logs/$target.log" | grep -o '[0-9]*$' || true)
    local coverage
    coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' ".build/logs/$target.log" | tail -1 || true)
    echo "$target: exit $status, ${executions:-?} executions in ${seconds} s, ${coverage:-no coverage line}"
    return $status
}

status=0
running=0
for target in "${targets[@]}"; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || status=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
done
date -u
exit $status
