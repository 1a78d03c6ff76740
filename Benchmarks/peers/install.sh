#!/usr/bin/env bash
# Installs the peer libraries that peers.py times, from PyPI wheels only (never from source), and prints their
# versions. TenSEAL goes into python3 (or $PYTHON). OpenFHE's wheel is tagged py3-none-any but carries a CPython 3.10
# extension, so it is kept only in an interpreter that can import it: python3 if that works, else a Python 3.10
# found under pyenv or on PATH (peers.py finds the same one). No Python 3.10: OpenFHE is skipped, with a message.
set -euo pipefail

PYTHON=${PYTHON:-python3}
TENSEAL=tenseal==0.3.18
OPENFHE=openfhe==1.6.1.0.22.4

pip_install() {
    "$1" -m pip install --quiet --only-binary=:all: "${@:2}"
}

# Installs openfhe into interpreter $1 and keeps it only if it imports there.
try_openfhe() {
    pip_install "$1" "$OPENFHE" numpy || return 1
    if "$1" -c 'import openfhe' 2>/dev/null; then
        return 0
    fi
    "$1" -m pip uninstall --quiet --yes openfhe
    return 1
}

python310_candidates() {
    ls -1 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 2>/dev/null || true
    command -v python3.10 || true
}

pip_install "$PYTHON" "$TENSEAL" numpy
"$PYTHON" -c 'import tenseal; print("TenSEAL", tenseal.__version__, "in", __import__("sys").executable)'

openfhe_python=""
if try_openfhe "$PYTHON"; then
    openfhe_python=$PYTHON
else
    echo "openfhe does not import in $("$PYTHON" --version); trying a Python 3.10" >&2
    for candidate in $(python310_candidates); do
        if "$candidate" --version >/dev/null 2>&1 && try_openfhe "$candidate"; then
            openfhe_python=$candidate
            break
        fi
    done
fi
if [ -n "$openfhe_python" ]; then
    "$openfhe_python" -c 'import sys, openfhe; print("openfhe", openfhe.__version__, "in", sys.executable)'
else
    echo "OpenFHE skipped: no interpreter here imports the openfhe wheel (it needs CPython 3.10)" >&2
fi
