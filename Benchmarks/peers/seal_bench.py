"""Microsoft SEAL timings through the SEAL bindings that TenSEAL ships (`tenseal.sealapi`).

TenSEAL's high-level `CKKSVector` relinearizes and rescales inside `*` (the context's auto_relin and auto_rescale
flags only turn that off, they give no call to do it separately) and encodes its plain operand inside `mul`, so
relin, rescale and a ct × pre-encoded-plaintext product cannot be timed through it. `tenseal.sealapi` binds SEAL's
own Encryptor, Evaluator and KeyGenerator, so every row here times one SEAL call with no TenSEAL layer in between.
SEAL runs each call on one thread; TenSEAL's `n_threads` only sizes the pool of its tensor API, which is not used.
"""

import tenseal
import tenseal.sealapi as seal

from timing import HOISTED_STEPS, CkksParameters, Recorder, Schedule, precision_bits, random_slots

LIBRARY = f"SEAL (TenSEAL {tenseal.__version__})"
HOISTED_NOTE = "SEAL has no hoisted rotation: 8 separate rotate_vector calls"


def galois_elements(steps, ring_degree: int) -> list[int]:
    """SEAL's Galois elements for left rotations by `steps`: 3^step mod 2N (the bindings take elements, not steps)."""
    return [pow(3, step, 2 * ring_degree) for step in steps]


def make_context(params: CkksParameters) -> tuple[seal.SEALContext, str | None]:
    """A CKKS context checked against SEAL's 128-bit table, or unchecked (with a note) where the table has no entry."""
    parms = seal.EncryptionParameters(seal.SCHEME_TYPE.CKKS)
    parms.set_poly_modulus_degree(params.ring_degree)
    parms.set_coeff_modulus(seal.CoeffModulus.Create(params.ring_degree, params.coeff_mod_bit_sizes))
    context = seal.SEALContext(parms, True, seal.SEC_LEVEL_TYPE.TC128)
    if context.parameters_set():
        return context, None
    context = seal.SEALContext(parms, True, seal.SEC_LEVEL_TYPE.NONE)
    if not context.parameters_set():
        raise ValueError(f"SEAL rejects log N = {params.log_n}: {context.parameters_error_message()}")
    note = (f"sec_level NONE for every row at this N: SEAL's 128-bit table has no entry for N = 2^{params.log_n} "
            "(the HE standard allows log QP 1747 there)")
    return context, note


class SealCkks:
    """SEAL objects for one parameter set: keys (rotation keys for steps 1…8), encoder, encryptor, evaluator."""

    def __init__(self, params: CkksParameters):
        self.params = params
        self.context, self.security_note = make_context(params)
        self.keygen = seal.KeyGenerator(self.context)
        self.public_key = self.make_public_key(self.keygen)
        self.relin_keys = self.make_relin_keys()
        self.galois_keys = self.make_galois_keys(HOISTED_STEPS)
        self.encoder = seal.CKKSEncoder(self.context)
        self.encryptor = seal.Encryptor(self.context, self.public_key)
        self.decryptor = seal.Decryptor(self.context, self.keygen.secret_key())
        self.evaluator = seal.Evaluator(self.context)

    @property
    def log_qp(self) -> int:
        return self.context.key_context_data().total_coeff_modulus_bit_count()

    def generate_keys(self) -> seal.PublicKey:
        """A new secret key and its public key."""
        return self.make_public_key(seal.KeyGenerator(self.context))

    @staticmethod
    def make_public_key(keygen: seal.KeyGenerator) -> seal.PublicKey:
        public_key = seal.PublicKey()
        keygen.create_public_key(public_key)
        return public_key

    def make_relin_keys(self) -> seal.RelinKeys:
        relin_keys = seal.RelinKeys()
        self.keygen.create_relin_keys(relin_keys)
        return relin_keys

    def make_galois_keys(self, steps) -> seal.GaloisKeys:
        galois_keys = seal.GaloisKeys()
        self.keygen.create_galois_keys(galois_elements(steps, self.params.ring_degree), galois_keys)
        return galois_keys

    def encode(self, values: list[float]) -> seal.Plaintext:
        plain = seal.Plaintext()
        self.encoder.encode(values, self.params.scale, plain)
        return plain

    def encrypt(self, plain: seal.Plaintext) -> seal.Ciphertext:
        cipher = seal.Ciphertext()
        self.encryptor.encrypt(plain, cipher)
        return cipher

    def decrypt(self, cipher: seal.Ciphertext) -> list[float]:
        plain = seal.Plaintext()
        self.decryptor.decrypt(cipher, plain)
        return self.encoder.decode_double(plain)

    def binary(self, operation, a, b) -> seal.Ciphertext:
        """`operation(a, b, result)` for an out-of-place Evaluator method."""
        result = seal.Ciphertext()
        operation(a, b, result)
        return result

    def mul_relin(self, a: seal.Ciphertext, b: seal.Ciphertext) -> seal.Ciphertext:
        product = self.binary(self.evaluator.multiply, a, b)
        self.evaluator.relinearize_inplace(product, self.relin_keys)
        return product

    def mul_relin_rescale(self, a: seal.Ciphertext, b: seal.Ciphertext) -> seal.Ciphertext:
        product = self.mul_relin(a, b)
        self.evaluator.rescale_to_next_inplace(product)
        return product

    def relin(self, cipher: seal.Ciphertext) -> seal.Ciphertext:
        return self.binary(self.evaluator.relinearize, cipher, self.relin_keys)

    def rescale(self, cipher: seal.Ciphertext) -> seal.Ciphertext:
        result = seal.Ciphertext()
        self.evaluator.rescale_to_next(cipher, result)
        return result

    def rotate(self, cipher: seal.Ciphertext, step: int) -> seal.Ciphertext:
        result = seal.Ciphertext()
        self.evaluator.rotate_vector(cipher, step, self.galois_keys, result)
        return result


def run(params: CkksParameters, schedule: Schedule) -> list[dict]:
    """Times every op at one parameter set and returns its rows."""
    ckks = SealCkks(params)
    recorder = Recorder(LIBRARY, params.log_n, ckks.log_qp, schedule)
    recorder.time("keygen", ckks.generate_keys, note=ckks.security_note)
    recorder.time("relin_keygen", ckks.make_relin_keys)
    recorder.time("galois_keygen", lambda: ckks.make_galois_keys([1]))

    x, y = random_slots(params.slots, 1), random_slots(params.slots, 2)
    x_values = x.tolist()
    plain_x, plain_y = ckks.encode(x_values), ckks.encode(y.tolist())
    cipher_x, cipher_y = ckks.encrypt(plain_x), ckks.encrypt(plain_y)
    fresh_bits = precision_bits(ckks.decrypt(cipher_x), x)
    square_bits = precision_bits(ckks.decrypt(ckks.mul_relin_rescale(cipher_x, cipher_x)), x * x)
    unrelinearized = ckks.binary(ckks.evaluator.multiply, cipher_x, cipher_y)
    product = ckks.mul_relin(cipher_x, cipher_y)

    recorder.time("encode", lambda: ckks.encode(x_values))
    recorder.time("encrypt", lambda: ckks.encrypt(plain_x), fresh_bits)
    recorder.time("decrypt", lambda: ckks.decrypt(cipher_x), fresh_bits)
    recorder.time("add", lambda: ckks.binary(ckks.evaluator.add, cipher_x, cipher_y))
    recorder.time("mul_relin", lambda: ckks.mul_relin(cipher_x, cipher_y))
    recorder.time("relin", lambda: ckks.relin(unrelinearized))
    recorder.time("rescale", lambda: ckks.rescale(product))
    recorder.time("mul_relin_rescale", lambda: ckks.mul_relin_rescale(cipher_x, cipher_y), square_bits)
    recorder.time("mul_plain", lambda: ckks.binary(ckks.evaluator.multiply_plain, cipher_x, plain_y))
    recorder.time("rotate", lambda: ckks.rotate(cipher_x, 1))
    recorder.time("rotate_hoisted_8", lambda: [ckks.rotate(cipher_x, step) for step in HOISTED_STEPS],
                  note=HOISTED_NOTE)
    return recorder.rows
