#!/usr/bin/env python3
"""Times CKKS operations in Microsoft SEAL (via TenSEAL) and OpenFHE at heml's benchmark parameters, one thread.

Prints rows in the format of `heml-bench ckks`: a Markdown table, or a JSON array with --json. A library that is not
installed is skipped with a message on stderr. OpenFHE's PyPI wheels hold a CPython 3.10 extension: when this
interpreter cannot import `openfhe`, the OpenFHE rows are run by this script under a Python 3.10 that can
(--openfhe-python, default: found under pyenv or on PATH).

    python3 peers.py --log-n 13 14 --json
"""

import argparse
import glob
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from timing import OPS, SCALING_PRIMES, CkksParameters, Schedule

LIBRARIES = ("seal", "openfhe")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log-n", type=int, nargs="+", default=sorted(SCALING_PRIMES), choices=sorted(SCALING_PRIMES),
                        help="log2 of the ring degree (default: 13 14 15 16)")
    parser.add_argument("--library", choices=(*LIBRARIES, "all"), default="all")
    parser.add_argument("--repetitions", type=int, default=20,
                        help="timed runs per row (key generation and key switching at N = 2^16: at most 5)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs per row (at most 1 where capped above)")
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a Markdown table")
    parser.add_argument("--openfhe-primes-per-digit", type=int, default=1,
                        help="ciphertext primes per OpenFHE key-switching digit (default 1: dnum = L + 1, as SEAL)")
    parser.add_argument("--openfhe-python", default="auto",
                        help="interpreter for the OpenFHE rows when this one cannot import openfhe "
                             "(a path, 'auto', or 'none')")
    arguments = parser.parse_args(argv)
    if arguments.repetitions < 1 or arguments.warmup < 0 or arguments.openfhe_primes_per_digit < 1:
        parser.error("--repetitions and --openfhe-primes-per-digit must be at least 1, --warmup at least 0")
    return arguments


def warn(message: str) -> None:
    print(f"peers.py: {message}", file=sys.stderr)


def run_in_process(module_name: str, arguments: argparse.Namespace, **options) -> list[dict]:
    """Imports seal_bench or openfhe_bench and runs it at every requested log N with its own `options`."""
    module = importlib.import_module(module_name)
    schedule = Schedule(arguments.warmup, arguments.repetitions)
    rows = []
    for log_n in arguments.log_n:
        print(f"peers.py: {module.LIBRARY}, log N = {log_n} …", file=sys.stderr, flush=True)
        rows += module.run(CkksParameters(log_n), schedule, **options)
    return rows


def seal_rows(arguments: argparse.Namespace) -> list[dict]:
    """SEAL rows, or none (with a message) when tenseal is not installed."""
    try:
        return run_in_process("seal_bench", arguments)
    except ImportError as error:
        warn(f"skipping SEAL: cannot import tenseal ({error}); run install.sh")
        return []


def openfhe_interpreter(choice: str) -> str | None:
    """The interpreter named by --openfhe-python, or for 'auto' the first Python 3.10 that can import openfhe."""
    if choice == "none":
        return None
    if choice != "auto":
        return choice
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(os.path.join(pyenv_root, "versions", "3.10*", "bin", "python3.10")))
    candidates += filter(None, [shutil.which("python3.10")])
    for candidate in candidates:
        check = subprocess.run([candidate, "-c", "import openfhe"], capture_output=True)
        if check.returncode == 0:
            return candidate
    return None


def openfhe_rows(arguments: argparse.Namespace) -> list[dict]:
    """OpenFHE rows, from this interpreter if it can import openfhe, else from this script under another one."""
    try:
        return run_in_process("openfhe_bench", arguments, primes_per_digit=arguments.openfhe_primes_per_digit)
    except ImportError as error:
        python = openfhe_interpreter(arguments.openfhe_python)
        if python is None:
            warn(f"skipping OpenFHE: cannot import openfhe in Python {sys.version.split()[0]} ({error}) and no "
                 "other interpreter that can was given or found; run install.sh")
            return []
    warn(f"openfhe does not import in Python {sys.version.split()[0]}; running the OpenFHE rows under {python}")
    return openfhe_rows_under(python, arguments)


def openfhe_rows_under(python: str, arguments: argparse.Namespace) -> list[dict]:
    """Runs this script under `python` for the OpenFHE rows only and reads its JSON; none if that run fails."""
    command = [python, str(Path(__file__).resolve()), "--library", "openfhe", "--json", "--openfhe-python", "none",
               "--repetitions", str(arguments.repetitions), "--warmup", str(arguments.warmup),
               "--openfhe-primes-per-digit", str(arguments.openfhe_primes_per_digit),
               "--log-n", *map(str, arguments.log_n)]
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    except OSError as error:
        warn(f"skipping OpenFHE: cannot run {python} ({error})")
        return []
    if completed.returncode != 0:
        warn(f"skipping OpenFHE: its run under {python} failed with exit code {completed.returncode}")
        return []
    return json.loads(completed.stdout)


def markdown(rows: list[dict]) -> str:
    """The rows as a Markdown table, times in milliseconds."""
    lines = ["| library | op | log N | log QP | threads | median (ms) | min (ms) | precision (bits) | note |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        precision = row.get("precision_bits", "")
        lines.append(f"| {row['library']} | {row['op']} | {row['log_n']} | {row['log_qp']} | {row['threads']} "
                     f"| {row['median_ms']:.3f} | {row['min_ms']:.3f} | {precision} | {row.get('note', '')} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    # OpenFHE first: SEAL's memory pool keeps what it allocated, and N = 2^16 rotation keys take several GB.
    rows = []
    if arguments.library in ("openfhe", "all"):
        rows += openfhe_rows(arguments)
    if arguments.library in ("seal", "all"):
        rows += seal_rows(arguments)
    rows.sort(key=lambda row: (row["log_n"], OPS.index(row["op"]), row["library"]))
    print(json.dumps(rows, indent=2, sort_keys=True) if arguments.json else markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
