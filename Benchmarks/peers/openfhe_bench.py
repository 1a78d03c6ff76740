"""OpenFHE timings through its PyPI package `openfhe`, on one OpenMP thread.

CKKSRNS with FIXEDMANUAL scaling (rescale is an explicit call, as in SEAL) and HYBRID key switching with, by
default, one ciphertext prime per digit (dnum = L + 1, SEAL's decomposition); `primes_per_digit` groups more.
OpenFHE picks the special primes itself: ceil((bits of the largest digit + 1) / 60) of them, so two 60-bit primes
where SEAL has one, for one or two primes per digit alike; `log_qp` counts the primes OpenFHE actually generated.
"""

import json
import math
import os

os.environ["OMP_NUM_THREADS"] = "1"  # before openfhe loads: its OpenMP runtime sizes the thread pool at start-up

import openfhe  # noqa: E402  (must follow the OMP_NUM_THREADS assignment)

from timing import HOISTED_STEPS, CkksParameters, Recorder, Schedule, precision_bits, random_slots  # noqa: E402

LIBRARY = f"OpenFHE {'.'.join(openfhe.__version__.split('.')[:3])}"
FEATURES = (openfhe.PKESchemeFeature.PKE, openfhe.PKESchemeFeature.KEYSWITCH, openfhe.PKESchemeFeature.LEVELEDSHE)


def digits(params: CkksParameters, primes_per_digit: int) -> int:
    """dnum: the number of key-switching digits the L + 1 ciphertext primes fall into."""
    return -(-(params.depth + 1) // primes_per_digit)


def ckks_parameters(params: CkksParameters, dnum: int, security: openfhe.SecurityLevel) -> openfhe.CCParamsCKKSRNS:
    """The issue's parameter set in OpenFHE's terms."""
    parameters = openfhe.CCParamsCKKSRNS()
    parameters.SetRingDim(params.ring_degree)
    parameters.SetBatchSize(params.slots)
    parameters.SetMultiplicativeDepth(params.depth)
    parameters.SetFirstModSize(params.coeff_mod_bit_sizes[0])
    parameters.SetScalingModSize(params.coeff_mod_bit_sizes[1])
    parameters.SetScalingTechnique(openfhe.ScalingTechnique.FIXEDMANUAL)
    parameters.SetKeySwitchTechnique(openfhe.KeySwitchTechnique.HYBRID)
    parameters.SetNumLargeDigits(dnum)
    parameters.SetSecurityLevel(security)
    return parameters


def make_context(params: CkksParameters, dnum: int) -> tuple[openfhe.CryptoContext, str | None]:
    """A context at HEStd_128_classic, or at HEStd_NotSet (with a note) where OpenFHE refuses N at this log QP."""
    try:
        context = openfhe.GenCryptoContext(ckks_parameters(params, dnum, openfhe.SecurityLevel.HEStd_128_classic))
        note = None
    except RuntimeError:
        context = openfhe.GenCryptoContext(ckks_parameters(params, dnum, openfhe.SecurityLevel.HEStd_NotSet))
        note = f"HEStd_NotSet for every row at this N: HEStd_128_classic refuses N = 2^{params.log_n} at this log QP"
    for feature in FEATURES:
        context.Enable(feature)
    return context, note


def tower_moduli(serialized: str) -> set[int]:
    """The RNS primes named in an object serialized as JSON (OpenFHE's Python API does not return them)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("m", "cm") and isinstance(value, dict) and isinstance(value.get("v"), int):
                    found.add(value["v"])
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(serialized))
    return found


def log_qp(context: openfhe.CryptoContext, cipher: openfhe.Ciphertext, depth: int) -> tuple[int, int]:
    """log2(Q·P) and the number of special primes: Q from the context, P from a ciphertext lifted to basis Q_0·P."""
    moduli_q = tower_moduli(openfhe.Serialize(context, openfhe.JSON))
    lowest = context.LevelReduce(cipher, None, depth)
    moduli_p = tower_moduli(openfhe.Serialize(context.KeySwitchExt(lowest, True), openfhe.JSON)) - moduli_q
    return round(sum(math.log2(prime) for prime in moduli_q | moduli_p)), len(moduli_p)


class OpenFheCkks:
    """OpenFHE objects for one parameter set: context, key pair, and the ops that take several calls."""

    def __init__(self, params: CkksParameters, dnum: int):
        self.params = params
        self.context, self.security_note = make_context(params, dnum)
        self.keys = self.context.KeyGen()

    def generate_evaluation_keys(self) -> None:
        """The relinearization key and the rotation keys for steps 1…8, into OpenFHE's key maps."""
        self.context.EvalMultKeyGen(self.keys.secretKey)
        self.context.EvalRotateKeyGen(self.keys.secretKey, list(HOISTED_STEPS))

    def encode(self, values: list[float]) -> openfhe.Plaintext:
        return self.context.MakeCKKSPackedPlaintext(values)

    def encrypt(self, plain: openfhe.Plaintext) -> openfhe.Ciphertext:
        return self.context.Encrypt(self.keys.publicKey, plain)

    def decrypt(self, cipher: openfhe.Ciphertext) -> list[float]:
        """Decrypt (OpenFHE decodes inside Decrypt) and read the real slot values."""
        return self.context.Decrypt(self.keys.secretKey, cipher).GetRealPackedValue()

    def mul_relin_rescale(self, a: openfhe.Ciphertext, b: openfhe.Ciphertext) -> openfhe.Ciphertext:
        return self.context.Rescale(self.context.EvalMult(a, b))

    def rotate_hoisted(self, cipher: openfhe.Ciphertext) -> list[openfhe.Ciphertext]:
        """One shared decomposition (EvalFastRotationPrecompute), then EvalFastRotation by each hoisted step."""
        precomputed = self.context.EvalFastRotationPrecompute(cipher)
        order = self.context.GetCyclotomicOrder()
        return [self.context.EvalFastRotation(cipher, step, order, precomputed) for step in HOISTED_STEPS]


def run(params: CkksParameters, schedule: Schedule, primes_per_digit: int = 1) -> list[dict]:
    """Times every op at one parameter set and returns its rows."""
    dnum = digits(params, primes_per_digit)
    ckks = OpenFheCkks(params, dnum)
    context, secret_key = ckks.context, ckks.keys.secretKey
    x, y = random_slots(params.slots, 1), random_slots(params.slots, 2)
    x_values = x.tolist()
    plain_x, plain_y = ckks.encode(x_values), ckks.encode(y.tolist())
    cipher_x, cipher_y = ckks.encrypt(plain_x), ckks.encrypt(plain_y)
    qp_bits, special_primes = log_qp(context, cipher_x, params.depth)
    key_note = "; ".join(filter(None, [ckks.security_note,
                                       f"dnum {dnum}, {special_primes} special primes of 60 bits"]))

    recorder = Recorder(LIBRARY, params.log_n, qp_bits, schedule)
    recorder.time("keygen", context.KeyGen, note=key_note)
    # OpenFHE keeps evaluation keys in static maps and skips generating one it holds: drop it before each run.
    recorder.time("relin_keygen", lambda: context.EvalMultKeyGen(secret_key), setup=openfhe.ClearEvalMultKeys)
    recorder.time("galois_keygen", lambda: context.EvalRotateKeyGen(secret_key, [1]),
                  setup=context.ClearEvalAutomorphismKeys)
    ckks.generate_evaluation_keys()

    fresh_bits = precision_bits(ckks.decrypt(cipher_x), x)
    square_bits = precision_bits(ckks.decrypt(ckks.mul_relin_rescale(cipher_x, cipher_x)), x * x)
    unrelinearized = context.EvalMultNoRelin(cipher_x, cipher_y)
    product = context.EvalMult(cipher_x, cipher_y)

    recorder.time("encode", lambda: ckks.encode(x_values))
    recorder.time("encrypt", lambda: ckks.encrypt(plain_x), fresh_bits)
    recorder.time("decrypt", lambda: ckks.decrypt(cipher_x), fresh_bits)
    recorder.time("add", lambda: context.EvalAdd(cipher_x, cipher_y))
    recorder.time("mul_relin", lambda: context.EvalMult(cipher_x, cipher_y))
    recorder.time("relin", lambda: context.Relinearize(unrelinearized))
    recorder.time("rescale", lambda: context.Rescale(product))
    recorder.time("mul_relin_rescale", lambda: ckks.mul_relin_rescale(cipher_x, cipher_y), square_bits)
    recorder.time("mul_plain", lambda: context.EvalMult(cipher_x, plain_y))
    recorder.time("rotate", lambda: context.EvalRotate(cipher_x, 1))
    recorder.time("rotate_hoisted_8", lambda: ckks.rotate_hoisted(cipher_x),
                  note="EvalFastRotationPrecompute once, then 8 EvalFastRotation")
    return recorder.rows
