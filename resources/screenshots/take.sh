#!/usr/bin/env bash
# Screenshots of every page in presentation mode at 1280×720 and 1920×1080
# (the sizes a lecture-hall projector shows), written next to this script:
#   bash resources/screenshots/take.sh [build dir]
# Each page runs its preset for a few seconds first. Needs the GUI build and
# QT_QPA_PLATFORM=offscreen or an X server (xvfb-run -a).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
app="$build/app/gui/dualitylab"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# page id : preset that shows it at its best
shots=(
  "montecarlo:critical"
  "montecarlo:beta-scan"
  "duality:kw-in-a-minute"
  "symmetry:so2-symmetry"
  "autoregressive:learned-hamiltonian"
  "dualframes:dual-frames-spin-chain"
  "fieldtheory:rbm-spectrum"
  "fieldtheory:phi4-critical"
)
for size in 1280x720 1920x1080; do
  for shot in "${shots[@]}"; do
    page="${shot%%:*}" preset="${shot##*:}"
    out="$here/presentation-$preset-$size.png"
    seconds=8
    [ "$preset" = so2-symmetry ] && seconds=20 # training, t-SNE and the generator search
    [ "$preset" = beta-scan ] && seconds=30    # let the scan fill its curves
    [ "$preset" = dual-frames-spin-chain ] && seconds=30 # the first training sizes finish
    "$app" --preset "$preset" --page "$page" --presentation --size "$size" --run-for "$seconds" --screenshot "$out" --quit
    echo "wrote $out"
  done
done
