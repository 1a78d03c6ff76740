#!/usr/bin/env bash
# heml against Microsoft SEAL (TenSEAL) and OpenFHE in one run, same machine, same parameters, one thread:
# builds heml-bench in release mode, installs the peers' wheels, runs both and prints medians and ratios.
# Usage: Benchmarks/compare-with-peers.sh [log N ...]   (default: 13 14 15 16; 16 takes several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-13 14 15 16}")
read -r -a sizes <<< "${sizes[*]}"
out=out/bench
mkdir -p "$out"
swift build -c release --product heml-bench
Benchmarks/peers/install.sh
.build/release/heml-bench ckks --log-n "${sizes[@]}" --json > "$out/heml-ckks.json"
python3 Benchmarks/peers/peers.py --log-n "${sizes[@]}" --json > "$out/peers-ckks.json"
python3 Benchmarks/peers/compare.py "$out/heml-ckks.json" "$out/peers-ckks.json"
