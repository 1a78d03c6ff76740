#!/usr/bin/env bash
# heml's bootstrapping against OpenFHE's EvalBootstrap in one run, same machine, one thread, 128-bit security:
# builds heml-bench in release mode, installs OpenFHE's wheel, runs heml-bench bootstrap and
# Benchmarks/peers/openfhe_bootstrap.py at the same slot counts and prints both tables and the time ratio.
# Usage: Benchmarks/compare-bootstrap.sh [slots ...]   (default: 64; OpenFHE picks N = 2^17 and needs ~12 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
slots=("${@:-64}")
read -r -a slots <<< "${slots[*]}"
out=out/bench
mkdir -p "$out"
swift build -c release --product heml-bench
Benchmarks/peers/install.sh
.build/release/heml-bench bootstrap --slots "${slots[@]}" --repetitions 3 --warmup 1 --json > "$out/heml-bootstrap.json"
python=$(ls -1 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 2>/dev/null | head -1 || true)
python=${python:-python3}
(cd Benchmarks/peers && "$python" openfhe_bootstrap.py --slots "${slots[@]}" --levels-after 10 --repetitions 2 \
    --warmup 0 --json) > "$out/openfhe-bootstrap.json"
python3 - "$out/heml-bootstrap.json" "$out/openfhe-bootstrap.json" <<'PY'
import json, sys
heml = {row["slots"]: row for row in json.load(open(sys.argv[1]))}
peer = {row["slots"]: row for row in json.load(open(sys.argv[2]))}
print("| slots | library | log N | median | precision (bits) | levels left | keygen | keys | OpenFHE / heml |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted(heml):
    h, p = heml[n], peer.get(n)
    print(f"| {n} | heml | {h['log_n']} | {h['median_ms'] / 1e3:.2f} s | {h['precision_bits']:.1f} | {h['levels_left']} "
          f"| {h['keygen_ms'] / 1e3:.1f} s | {h['key_bytes'] / 2**30:.2f} GiB | |")
    if p:
        print(f"| {n} | {p['library']} | {p['log_n']} | {p['median_ms'] / 1e3:.2f} s | {p['precision_bits']:.1f} "
              f"| {p['levels_left']} | {p['keygen_ms'] / 1e3:.1f} s | | {p['median_ms'] / h['median_ms']:.2f} |")
PY
