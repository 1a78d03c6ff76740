#!/usr/bin/env bash
# Load test of `heml serve` on loopback: builds heml in release mode, trains a model on the German credit data
# (or takes MODEL=…), starts the server, draws one scoring key set per client with `heml score-client keys`,
# encrypts a batch of ROWS rows, and drives the server with 1, 4 and 16 concurrent clients for DURATION seconds each
# (Benchmarks/serve-load.py): requests and rows per second, p50/p99 latency, errors, the server's peak memory.
# Then it checks one answer against plaintext scoring and sends a stream of malformed bodies, after which
# /health must still answer 200. Any error makes the exit status non-zero.
#
# Usage: Benchmarks/serve-load.sh            (environment: ROWS=100 DURATION=20 CLIENTS="1 4 16" PORT=18089)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && export PATH="/opt/swift/usr/bin:$PATH"
rows=${ROWS:-100} seconds=${DURATION:-20} port=${PORT:-18089}
clients=(${CLIENTS:-1 4 16})
work=out/serve-load
mkdir -p "$work"
swift build -c release --product heml -j 2 >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 2; }
heml=.build/release/heml
model=${MODEL:-$work/model.json}
if [ ! -f "$model" ]; then
    "$heml" train --encrypted datasets/german_credit_onehot.csv --label bad_credit --model-out "$model" --quiet >/dev/null
fi
head -n $((rows + 1)) datasets/german_credit_onehot.csv >"$work/rows.csv"

max=${clients[-1]}
"$heml" serve --model "$model" --port "$port" --max-sessions "$max" 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

for i in $(seq "$max"); do
    rm -f "$work/client$i.hemlscore" "$work/client$i.hemlsk"
    "$heml" score-client keys --model "$model" --keys "$work/client$i.hemlscore" \
        --secret-key "$work/client$i.hemlsk" >/dev/null
    "$heml" score-client encrypt "$work/rows.csv" --model "$model" --keys "$work/client$i.hemlscore" \
        --secret-key "$work/client$i.hemlsk" --out "$work/client$i.hemlrows" >/dev/null
done

python3 Benchmarks/serve-load.py --url "http://127.0.0.1:$port" --work "$work" --rows "$rows" \
    --seconds "$seconds" --server-pid "$server" --clients "${clients[@]}"

# One answer decrypted and compared with plaintext scoring.
"$heml" score-client decrypt "$work/answer1.hemlscores" --model "$model" --keys "$work/client1.hemlscore" \
    --secret-key "$work/client1.hemlsk" --request "$work/client1.hemlrows" --out "$work/encrypted-scores.csv"
"$heml" score "$work/rows.csv" --model "$model" --out "$work/plain-scores.csv" --quiet >/dev/null
python3 - "$work/encrypted-scores.csv" "$work/plain-scores.csv" <<'PY'
import csv, sys
enc = [float(r["logit"]) for r in csv.DictReader(open(sys.argv[1]))]
plain = [float(r["logit"]) for r in csv.DictReader(open(sys.argv[2]))]
assert len(enc) == len(plain), "row counts differ"
diff = max(abs(a - b) for a, b in zip(enc, plain))
print(f"decrypted answer vs plaintext scoring: {len(enc)} rows, largest logit difference {diff:.1e}")
sys.exit(0 if diff < 1e-4 else 1)
PY

# Malformed bodies: each must get a 4xx, and the server must still be healthy.
session=$(curl -sf --data-binary @"$work/client1.hemlscore" "http://127.0.0.1:$port/v1/sessions" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["session"])')
bad=0
for i in $(seq 200); do
    head -c $((RANDOM * 8)) "$work/client1.hemlrows" >"$work/bad.bin"
    printf "\\x$(printf %02x $((i % 256)))" | dd of="$work/bad.bin" bs=1 seek=$((i * 37 % 4096)) conv=notrunc 2>/dev/null
    for path in /v1/sessions "/v1/sessions/$session/scores" /v1/sessions/unknown/scores; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$work/bad.bin" "http://127.0.0.1:$port$path")
        case $code in 4??) ;; *) bad=$((bad + 1)); echo "unexpected $code for $path" >&2 ;; esac
    done
done
health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")
echo "malformed bodies: 600 sent, $bad without a 4xx; /health afterwards: $health"
[ "$bad" -eq 0 ] && [ "$health" = 200 ]
