#!/usr/bin/env bash
# Distributed training on one machine under mpirun (heml built with the MPI trait), on Taiwan credit (30000 × 23):
# the single-process server run, then `--workers mpi` with 1, 2 and 4 ranks (or the counts given as arguments):
# wall time, mean compute and communication per iteration of each rank, and whether the model's ciphertexts equal
# the single-process run's; then the allreduce of one top-level ciphertext over shared memory (btl vader) and over
# TCP (btl tcp, loopback), by each exchange (allreduce; reduce-scatter + allgather): heml's whole reduction, the part
# inside MPI and a raw MPI_Allreduce of as many words. Prints Markdown; the load average before and after, since the
# machine may be shared. ALLREDUCE_ONLY=1 skips the training runs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
ranks=("$@")
[ ${#ranks[@]} -gt 0 ] || ranks=(1 2 4)

swift build -c release --traits MPI --product heml -j 2 >&2
swift build -c release --traits MPI --product heml-bench -j 2 >&2
heml=$PWD/.build/release/heml
bench=$PWD/.build/release/heml-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --oversubscribe --bind-to none --mca btl_vader_single_copy_mechanism none)
[ "$(id -u)" -ne 0 ] || mpi+=(--allow-run-as-root)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
"$heml" keygen datasets/taiwan_credit_default.csv --label default_next_month --secret-key "$work/owner.hemlsk" \
  --public-bundle "$work/server.hemlpub" --quiet >/dev/null
"$heml" encrypt datasets/taiwan_credit_default.csv --label default_next_month --secret-key "$work/owner.hemlsk" \
  --public-bundle "$work/server.hemlpub" --out "$work/data.hemlenc" --quiet >/dev/null
server=(train --dataset "$work/data.hemlenc" --public-bundle "$work/server.hemlpub" --json --quiet)

[ -n "${ALLREDUCE_ONLY:-}" ] || {
"$heml" "${server[@]}" --out "$work/single.hemlenc" >"$work/single.json"
for n in "${ranks[@]}"; do
  "${mpi[@]}" -np "$n" "$heml" "${server[@]}" --out "$work/np$n.hemlenc" --workers mpi >"$work/np$n.json"
done

python3 - "$work" "${ranks[@]}" <<'PY'
import json, struct, sys
work, ranks = sys.argv[1], sys.argv[2:]
def ciphertexts(path):  # everything after the timestamped metadata: section table and sections
    data = open(path, "rb").read()
    return data[64 + struct.unpack("<Q", data[40:48])[0]:]
single = json.load(open(f"{work}/single.json"))
expected = ciphertexts(f"{work}/single.hemlenc")
print(f"\nTaiwan credit: {single['plan']['iterations']} iterations, "
      f"{single['workers']['ranks'][0]['row_blocks'][1]} row blocks\n")
print("| run | train (s) | rank: row blocks, compute / communication per iteration (s, mean) | model = single-process |")
print("|---|---:|---|---|")
def row(name, report, path):
    ranks = report["workers"]["ranks"]
    mean = lambda xs: sum(xs) / max(len(xs), 1)
    cells = "; ".join(f"{r['rank']}: {r['row_blocks'][0]}..<{r['row_blocks'][1]}, "
                      f"{mean(r['compute_seconds']):.2f} / {mean(r['communication_seconds']):.2f}" for r in ranks)
    same = "yes" if ciphertexts(path) == expected else "NO"
    print(f"| {name} | {report['timings']['train']:.1f} | {cells} | {same} |")
row("single process", single, f"{work}/single.hemlenc")
for n in ranks:
    row(f"mpirun -np {n}", json.load(open(f"{work}/np{n}.json")), f"{work}/np{n}.hemlenc")
PY
}

echo
echo "| one ciphertext | ranks | exchange | bytes | heml min / median (ms) | in MPI median (ms) | raw MPI_Allreduce min / median (ms) | exact |"
echo "|---|---:|---|---:|---:|---:|---:|---|"
for link in "shared memory:self,vader" "TCP loopback:self,tcp"; do
  for n in 2 4; do
    "${mpi[@]}" -np "$n" --mca btl "${link#*:}" "$bench" allreduce --public-bundle "$work/server.hemlpub" |
      python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print("| %s | %d | %s | %d | %.1f / %.1f | %.1f | %.1f / %.1f | %s |" % (sys.argv[1], r["ranks"], r["algorithm"],
          r["bytes"], r["heml_min_ms"], r["heml_median_ms"], r["in_mpi_median_ms"], r["raw_allreduce_min_ms"],
          r["raw_allreduce_median_ms"], "yes" if r["exact"] else "NO"))' "${link%%:*}"
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
