#!/usr/bin/env bash
# Several banks train one model by exchanging files, each role as its own process: the shipped German credit data
# split by rows into 2 banks (first 500 rows: bank-a, the rest: bank-b), the session, every party step, every
# aggregator step and the unchanged server. Prints each role's time per step (the `total` of each command's
# --json timings, so it includes reading the files) and the model's AUC on the union.
#
#   scripts/multiparty-files.sh [work-directory]
#
# $SESSION_OPTIONS adds `heml session` options, e.g. SESSION_OPTIONS="--dp-epsilon 1 --iterations 1" for a
# differentially private run (then there are no gram and gram-share steps).
#
# Uses $HEML if set, else .build/release/heml (built when missing).
set -euo pipefail

heml=${HEML:-.build/release/heml}
[ -x "$heml" ] || swift build -c release --product heml
heml=$(cd "$(dirname "$heml")" && pwd)/$(basename "$heml")
data=$(pwd)/datasets/german_credit_onehot.csv
work=${1:-$(mktemp -d)}
mkdir -p "$work/exchange"
cd "$work"

head -n 501 "$data" > bank-a.csv
(head -n 1 "$data"; tail -n +502 "$data") > bank-b.csv

times=()
step() { # role, step, command…
    local role=$1 name=$2
    shift 2
    local seconds
    seconds=$("$heml" "$@" --json --quiet | jq -r '.timings.total')
    times+=("$role|$name|$seconds")
    printf '%-10s %-18s %8.2f s\n' "$role" "$name" "$seconds" >&2
}
party() { # bank, step, extra…
    local bank=$1 name=$2
    shift 2
    step "$bank" "$name" party "$name" --session exchange/session.hemlsession --party "$bank" \
        --secret-share "$bank.hemlsk" "$@"
}

read -r -a session_options <<< "${SESSION_OPTIONS:-}"
"$heml" session bank-a.csv --parties bank-a,bank-b --rows 500,500 --label bad_credit \
    --out exchange/session.hemlsession ${session_options[@]+"${session_options[@]}"} --json --quiet > session.json
private=$(jq -r '.differential_privacy != null' session.json)
for bank in bank-a bank-b; do party $bank keys; done
step aggregator keys aggregate keys --session exchange/session.hemlsession
for bank in bank-a bank-b; do party $bank round2 --data $bank.csv; done
step aggregator bundle aggregate bundle --session exchange/session.hemlsession --out server.hemlpub
for bank in bank-a bank-b; do party $bank statistics-share; done
if [ "$private" != true ]; then
    for bank in bank-a bank-b; do party $bank gram --data $bank.csv; done
    for bank in bank-a bank-b; do party $bank gram-share; done
fi
for bank in bank-a bank-b; do party $bank encrypt --data $bank.csv; done
step aggregator dataset aggregate dataset --session exchange/session.hemlsession --out data.hemlenc
step server train train --dataset data.hemlenc --public-bundle server.hemlpub --out model.hemlenc
for bank in bank-a bank-b; do party $bank release --model model.hemlenc; done
step aggregator model aggregate model --session exchange/session.hemlsession --model model.hemlenc --out model.json

(head -n 1 "$data"; tail -n +2 bank-a.csv; tail -n +2 bank-b.csv) > union.csv
auc=$("$heml" score union.csv --model model.json --out scores.csv --json | jq -r '.metrics.auc')
echo "AUC on the 1000 rows: $auc" >&2
ls -l exchange server.hemlpub data.hemlenc model.hemlenc >&2
