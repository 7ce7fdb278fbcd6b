#!/usr/bin/env bash
# Wall time of one duality sweep as one TBB process and as `mpirun -n 2`
# (one thread per rank) on the same machine, interleaved, and the CSVs
# compared apart from the timing column. Prints the load average: quote it.
#
#   tests/bench/sweep_mpi_vs_tbb.sh [BUILD_DIR] [REPEATS] [SEEDS]
#
# SEEDS (default 2) sets the sweep's size: 5 β × SEEDS points.
set -euo pipefail
build=${1:-build}
repeats=${2:-2}
seeds=${3:-2}
cli="$build/app/cli/dualitylab-cli"
sweep=(sweep-duality --L 8 --betas 0.15:0.35:0.05 --seeds "$seeds" --steps 400 --json)
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The column to ignore when comparing: sweep.csv's wall time, found by name.
seconds_column=$("$cli" sweep-duality --L 4 --betas 0.3 --seeds 1 --steps 2 --out "$work/header" > /dev/null 2>&1 &&
  head -1 "$work/header/sweep.csv" | tr , '\n' | grep -nx seconds | cut -d: -f1)
[ -n "$seconds_column" ] || { echo "no 'seconds' column in sweep.csv" >&2; exit 1; }
wall() { local s; s=$(date +%s.%N); "$@" > /dev/null 2>&1; awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$repeats"); do
  one=$(wall "$cli" "${sweep[@]}" --out "$work/one$i")
  two=$(wall mpirun "${root[@]}" -n 2 "$cli" "${sweep[@]}" --out "$work/two$i")
  printf 'one process (TBB, 2 threads) %6.1f s   mpirun -n 2 %6.1f s   ratio %.3f\n' "$one" "$two" "$(awk -v a="$one" -v b="$two" 'BEGIN { print b / a }')"
  diff <(cut -d, -f"$seconds_column" --complement "$work/one$i/sweep.csv") <(cut -d, -f"$seconds_column" --complement "$work/two$i/sweep.csv") > /dev/null \
    && echo "  sweep.csv identical apart from the seconds column" || echo "  sweep.csv DIFFERS"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
