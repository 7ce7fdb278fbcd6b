#!/usr/bin/env bash
# Multi-spin Metropolis at L = 1024, β_c, one thread: ours (`bench --only
# multispin`) against the reference kernel msc256 of ising_bench.cpp, built
# with -march=native (and for AVX2 only, to compare with our AVX2 kernel),
# interleaved so both see the same machine. Prints the load average first:
# quote it with the figures.
#
#   tests/bench/multispin_vs_reference.sh [BUILD_DIR] [REFERENCE.cpp] [REPEATS]
set -euo pipefail
build=${1:-build}
reference=${2:-../shared/reference/ising_bench.cpp}
repeats=${3:-3}
cli="$build/app/cli/dualitylab-cli"
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 1; }
[ -f "$reference" ] || { echo "no reference source $reference" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O3 -march=native -std=c++17 "$reference" -o "$work/ref_native"
g++ -O3 -mavx2 -mbmi2 -mfma -std=c++17 "$reference" -o "$work/ref_avx2"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$repeats"); do
  "$cli" bench --only multispin | tr -d ' ,"' | awk -F: '
    /^multispin_kernel:/ { kernel = $2 }
    /^multispin_L1024_flips_per_ns_1thread:/ { ours = $2 }
    /^multispin_L1024_avx2_kernel_flips_per_ns_1thread:/ { avx2 = $2 }
    END { printf "ours   %-14s %6.2f flips/ns", kernel " kernel", ours; if (avx2 != "") printf "   (AVX2 kernel %.2f)", avx2; print "" }'
  "$work/ref_native" msc256 1024 0.4406868 2000 200 | awk '{ printf "msc256 -march=native  %6.2f flips/ns\n", $7 }'
  "$work/ref_avx2" msc256 1024 0.4406868 2000 200 | awk '{ printf "msc256 -mavx2         %6.2f flips/ns\n", $7 }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
