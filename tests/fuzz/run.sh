#!/usr/bin/env bash
# Runs every fuzz harness for SECONDS each (default 30) with clang-14's
# libFuzzer, ASan and UBSan, starting from and adding to the checked-in corpus.
#   tests/fuzz/run.sh [SECONDS] [BUILD_DIR] [HARNESS...]
# New coverage-increasing inputs are merged into tests/fuzz/corpus/NAME; a
# crash is saved as tests/fuzz/corpus/NAME/crash-* (then replayed by the
# normal ctest as a regression input once fixed) and fails the script.
# Prints executions and seconds per harness (from libFuzzer's stats).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-30}
BUILD=${2:-build-fuzz}
shift $(( $# > 2 ? 2 : $# )) || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(npy csv session potential cli_args)

if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDLAB_FUZZ=ON -DDLAB_ASAN=ON \
    -DDLAB_BUILD_GUI=OFF ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
fi
cmake --build "$BUILD" --target $(printf 'fuzz_%s ' "${HARNESSES[@]}")

status=0
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for h in "${HARNESSES[@]}"; do
  corpus=tests/fuzz/corpus/$h
  work=$(mktemp -d)
  log=$work/log
  # New inputs go to a scratch folder first; -merge=1 then keeps only those
  # that add coverage, so the checked-in corpus stays small.
  if ! "$BUILD/tests/fuzz/fuzz_$h" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -max_len=4096 \
       -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$corpus/crash-" "$work" "$corpus" >"$log" 2>&1; then
    echo "fuzz $h: FOUND A CRASH (input saved in $corpus/crash-*)"; tail -40 "$log"; status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  "$BUILD/tests/fuzz/fuzz_$h" -merge=1 "$corpus" "$work" >/dev/null 2>&1 || true
  echo "fuzz $h: ${runs} executions in ${SECONDS_EACH} s, corpus $(ls "$corpus" | wc -l) inputs"
  rm -rf "$work"
done
exit $status
