#!/usr/bin/env python3
"""Prints a Markdown table of heml's medians beside SEAL's and OpenFHE's, with the speed-up peer / heml.

    python3 compare.py heml.json peers.json

Both files hold JSON arrays of rows in the format of `heml-bench ckks --json` / `peers.py --json` (`op`, `log_n`,
`median_ms`, and for peers `library`). Every row of the first file counts as heml's; a peer row is SEAL's or
OpenFHE's by the start of its `library`. A ratio above 1 means heml is faster. Standard library only.
"""

import argparse
import json
import sys

PEERS = ("SEAL", "OpenFHE")


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def medians(rows: list[dict]) -> dict[tuple[int, str], float]:
    """median_ms by (log_n, op)."""
    return {(row["log_n"], row["op"]): row["median_ms"] for row in rows}


def peer_medians(rows: list[dict]) -> dict[str, dict[tuple[int, str], float]]:
    """median_ms by (log_n, op) for each peer, told apart by the start of `library`."""
    return {peer: medians([row for row in rows if row["library"].startswith(peer)]) for peer in PEERS}


def ordered_keys(*tables: dict[tuple[int, str], float]) -> list[tuple[int, str]]:
    """Every (log_n, op) present, by log_n, ops in the order they first appear (heml's order first)."""
    op_order: dict[str, int] = {}
    keys = set()
    for table in tables:
        for log_n, op in table:
            op_order.setdefault(op, len(op_order))
            keys.add((log_n, op))
    return sorted(keys, key=lambda key: (key[0], op_order[key[1]]))


def cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def ratio(peer: float | None, heml: float | None) -> str:
    return "—" if peer is None or not heml else f"{peer / heml:.2f}×"


def table(heml_rows: list[dict], peer_rows: list[dict]) -> str:
    heml = medians(heml_rows)
    peers = peer_medians(peer_rows)
    lines = ["| op | log N | heml (ms) | " + " | ".join(f"{peer} (ms)" for peer in PEERS) + " | "
             + " | ".join(f"{peer} / heml" for peer in PEERS) + " |",
             "|---|---:|" + "---:|" * (1 + 2 * len(PEERS))]
    for key in ordered_keys(heml, *peers.values()):
        times = [peers[peer].get(key) for peer in PEERS]
        lines.append(f"| {key[1]} | {key[0]} | {cell(heml.get(key))} | " + " | ".join(map(cell, times)) + " | "
                     + " | ".join(ratio(time, heml.get(key)) for time in times) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("heml", help="JSON rows from heml-bench ckks --json")
    parser.add_argument("peers", help="JSON rows from peers.py --json")
    arguments = parser.parse_args(argv)
    print(table(load(arguments.heml), load(arguments.peers)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
