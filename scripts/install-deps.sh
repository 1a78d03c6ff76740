#!/usr/bin/env bash
# Installs what heml needs on Debian and is not there yet: GMP, NTL and FFTW (system packages), and Open MPI for
# distributed training (`swift build --traits MPI`, found through pkg-config; a build without the trait does not
# need it).
# Idempotent and quiet when everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(libgmp-dev libntl-dev libfftw3-dev libopenmpi-dev openmpi-bin pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$dir/swift" ] && { echo "swift is at $dir; add it to PATH" >&2; exit 1; }
  done
  echo "heml needs a Swift 6 toolchain on PATH (swift.org); Debian does not ship one." >&2
  exit 1
fi
