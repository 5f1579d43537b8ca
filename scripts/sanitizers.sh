#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer, each in its own build directory so the
# normal build is untouched, and prints one summary line per sanitizer.
#
#   scripts/sanitizers.sh [address|thread]...   default: both
#
# Logs go to .build-asan/test.log and .build-tsan/test.log. ThreadSanitizer reads its suppressions from
# scripts/tsan-suppressions.txt, which explains each one. Record the summary lines and the date in FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread)

status=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *)
            echo "invalid sanitizer '$sanitizer': expected address or thread" >&2
            exit 2
            ;;
    esac
    mkdir -p "$scratch"
    start=$(date +%s)
    result=0
    # detect_leaks=0: with Swift 6.3, LeakSanitizer fails the run on objects that XCTest's runner and
    # Foundation's Process keep until exit. Use-after-free, overflows and double frees are still reported.
    ASAN_OPTIONS=detect_leaks=0 \
        TSAN_OPTIONS="suppressions=$PWD/scripts/tsan-suppressions.txt halt_on_error=1" \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" >"$scratch/test.log" 2>&1 || result=$?
    seconds=$(($(date +%s) - start))
    summary=$(grep -E '^(✔|✘) Test run with|Executed [0-9]+ tests' "$scratch/test.log" | tail -2 | tr '\n' ' ')
    reports=$(grep -c -E 'ERROR: AddressSanitizer|WARNING: ThreadSanitizer' "$scratch/test.log" || true)
    echo "$sanitizer: exit $result after ${seconds} s, $reports sanitizer reports; $summary"
    if [ "$result" -ne 0 ]; then
        # The log is in the build directory, which CI does not keep, so show the end of it here.
        tail -n 60 "$scratch/test.log" >&2
        status=1
    fi
done
date -u
exit $status
