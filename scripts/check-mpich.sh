#!/usr/bin/env bash
# Checks heml's MPI shim (CMPIShim/) against MPICH without installing it, so the system's Open MPI (what
# `swift build --traits MPI` finds through pkg-config, and `mpirun`) stays as it is: downloads Debian's MPICH
# packages (apt-get download), unpacks them into a temporary folder, compiles the shim with scripts/mpi-shim-check.c
# against them, and runs it under MPICH's mpiexec with 1 to 4 ranks (both exchanges, 7 limbs, and a broadcast),
# then the same under Open MPI. Prints one line per run; exit status 1 on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download libmpich-dev libmpich12 mpich libslurm38 >/dev/null 2>&1)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
lib="$work/root/usr/lib/x86_64-linux-gnu"
gcc -std=c11 -O2 -Wall -I"$work/root/usr/include/x86_64-linux-gnu/mpich" -ICMPIShim/include \
    scripts/mpi-shim-check.c CMPIShim/src/heml_mpi.c -L"$lib" -lmpich -Wl,-rpath,"$lib" -o "$work/check-mpich"
mpicc -std=c11 -O2 -Wall -ICMPIShim/include scripts/mpi-shim-check.c CMPIShim/src/heml_mpi.c -o "$work/check-openmpi"
echo "MPICH $(LD_LIBRARY_PATH="$lib" "$work/root/usr/bin/mpichversion" | sed -n 's/MPICH Version:[[:space:]]*//p')"
status=0
for n in 1 2 3 4; do
    LD_LIBRARY_PATH="$lib" "$work/root/usr/bin/mpiexec.hydra" -launcher fork \
        -bootstrap-exec "$work/root/usr/bin/hydra_pmi_proxy" -np "$n" "$work/check-mpich" || status=1
done
echo "$(mpirun --version | head -1)"
root=()
[ "$(id -u)" -ne 0 ] || root=(--allow-run-as-root)
for n in 1 2 3 4; do
    mpirun "${root[@]}" --oversubscribe --mca btl_vader_single_copy_mechanism none -np "$n" "$work/check-openmpi" ||
        status=1
done
exit $status
