#!/usr/bin/env bash
# Installs the Debian 12 packages DualityLab needs to build, test and run.
# Idempotent and non-interactive; works as root or through sudo.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
  libeigen3-dev libtbb-dev librandom123-dev nlohmann-json3-dev libmuparser-dev
  xvfb xauth fonts-dejavu-core file dpkg-dev
  clang-14 libclang-rt-14-dev
  libopenmpi-dev openmpi-bin
  poppler-utils
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600 -y -q --no-install-recommends)
echo "install-deps: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install "${missing[@]}"
