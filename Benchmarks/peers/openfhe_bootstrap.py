"""OpenFHE's CKKS bootstrapping (EvalBootstrap) through its PyPI package, one OpenMP thread, as `heml-bench
bootstrap` measures heml's: 128-bit security (HEStd_128_classic, OpenFHE picks N), a given number of levels left
after bootstrapping, sparse slots, inputs uniform in [-1, 1] encrypted at the last level, precision as the largest
error over the slots. The settings are those of OpenFHE's own simple-ckks-bootstrapping example (uniform ternary
secret, FLEXIBLEAUTO, 59-bit scaling primes, 60-bit first prime, level budget [4, 4]); --sparse-encapsulated uses
SPARSE_ENCAPSULATED instead, OpenFHE's recommended secret distribution for bootstrapping.

    python3.10 openfhe_bootstrap.py --slots 64 --levels-after 10 --json
"""

import argparse
import json
import math
import os
import resource
import time

os.environ["OMP_NUM_THREADS"] = "1"  # before openfhe loads: its OpenMP runtime sizes the thread pool at start-up

import openfhe  # noqa: E402

from timing import Schedule, measure, precision_bits, random_slots  # noqa: E402

LIBRARY = f"OpenFHE {'.'.join(openfhe.__version__.split('.')[:3])}"
LEVEL_BUDGET = [4, 4]


def run(slots: int, levels_after: int, schedule: Schedule, sparse_encapsulated: bool) -> dict:
    """One row: key generation once, then timed bootstraps of one ciphertext."""
    distribution = (openfhe.SecretKeyDist.SPARSE_ENCAPSULATED if sparse_encapsulated
                    else openfhe.SecretKeyDist.UNIFORM_TERNARY)
    parameters = openfhe.CCParamsCKKSRNS()
    parameters.SetSecretKeyDist(distribution)
    parameters.SetSecurityLevel(openfhe.SecurityLevel.HEStd_128_classic)
    parameters.SetScalingModSize(59)
    parameters.SetFirstModSize(60)
    parameters.SetScalingTechnique(openfhe.ScalingTechnique.FLEXIBLEAUTO)
    depth = levels_after + openfhe.CryptoContext.GetBootstrapDepth(LEVEL_BUDGET, distribution)
    parameters.SetMultiplicativeDepth(depth)
    context = openfhe.GenCryptoContext(parameters)
    for feature in (openfhe.PKESchemeFeature.PKE, openfhe.PKESchemeFeature.KEYSWITCH,
                    openfhe.PKESchemeFeature.LEVELEDSHE, openfhe.PKESchemeFeature.ADVANCEDSHE,
                    openfhe.PKESchemeFeature.FHE):
        context.Enable(feature)
    context.EvalBootstrapSetup(LEVEL_BUDGET, [0, 0], slots)
    start = time.perf_counter()
    keys = context.KeyGen()
    context.EvalMultKeyGen(keys.secretKey)
    context.EvalBootstrapKeyGen(keys.secretKey, slots)
    keygen_ms = (time.perf_counter() - start) * 1e3
    values = random_slots(slots, seed=7)
    plaintext = context.MakeCKKSPackedPlaintext(list(values), 1, depth - 1, None, slots)
    plaintext.SetLength(slots)
    ciphertext = context.Encrypt(keys.publicKey, plaintext)
    outputs = []
    timing = measure(lambda: outputs.append(context.EvalBootstrap(ciphertext)) or outputs[-1], schedule)
    decrypted = context.Decrypt(outputs[-1], keys.secretKey)
    decrypted.SetLength(slots)
    levels_left = depth - outputs[-1].GetLevel()
    ring_degree = context.GetRingDimension()
    return {
        "library": LIBRARY,
        "op": "bootstrap",
        "log_n": int(math.log2(ring_degree)),
        "slots": slots,
        "threads": 1,
        "median_ms": round(timing.median_ms, 1),
        "min_ms": round(timing.min_ms, 1),
        "precision_bits": precision_bits(decrypted.GetRealPackedValue(), values),
        "levels_left": levels_left,
        "security_bits": 128,
        "keygen_ms": round(keygen_ms, 1),
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "secret": "sparse-encapsulated" if sparse_encapsulated else "uniform-ternary",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slots", type=int, nargs="+", default=[64])
    parser.add_argument("--levels-after", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--sparse-encapsulated", action="store_true")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    schedule = Schedule(arguments.warmup, arguments.repetitions)
    rows = [run(n, arguments.levels_after, schedule, arguments.sparse_encapsulated) for n in arguments.slots]
    if arguments.json:
        print(json.dumps(rows, indent=2))
        return
    print("| library | log N | slots | median | precision (bits) | levels left | keygen |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['library']} | {row['log_n']} | {row['slots']} | {row['median_ms'] / 1e3:.2f} s "
              f"| {row['precision_bits']} | {row['levels_left']} | {row['keygen_ms'] / 1e3:.1f} s |")


if __name__ == "__main__":
    main()
