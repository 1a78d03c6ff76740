"""Shared harness of the peer benchmarks: the CKKS parameter sets, the timing loop, precision and the row format."""

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

#: Number of 40-bit scaling primes (the multiplicative depth L) per log2 of the ring degree, fixed by the issue.
SCALING_PRIMES = {13: 2, 14: 7, 15: 15, 16: 30}
FIRST_PRIME_BITS = 60
SCALING_PRIME_BITS = 40
SPECIAL_PRIME_BITS = 60
LOG_SCALE = 40

#: Every op a peer row may carry, in table order (the names heml-bench ckks uses).
OPS = (
    "keygen", "relin_keygen", "galois_keygen", "encode", "encrypt", "decrypt", "add", "mul_relin", "relin",
    "rescale", "mul_relin_rescale", "mul_plain", "rotate", "rotate_hoisted_8",
)

#: Ops that generate keys or switch keys: at N = 2^16 they run with at most 5 repetitions and 1 warm-up.
EXPENSIVE_OPS = frozenset(
    {"keygen", "relin_keygen", "galois_keygen", "mul_relin", "relin", "mul_relin_rescale", "rotate", "rotate_hoisted_8"}
)

#: Rotation steps of the hoisted-rotation row.
HOISTED_STEPS = tuple(range(1, 9))


@dataclass(frozen=True)
class CkksParameters:
    """One parameter set: N = 2^log_n, primes [60] + [40] * depth + one 60-bit special prime, scale 2^40."""

    log_n: int

    @property
    def ring_degree(self) -> int:
        return 1 << self.log_n

    @property
    def slots(self) -> int:
        return self.ring_degree // 2

    @property
    def depth(self) -> int:
        return SCALING_PRIMES[self.log_n]

    @property
    def coeff_mod_bit_sizes(self) -> list[int]:
        """Bit sizes of the ciphertext primes followed by the special prime, as SEAL takes them."""
        return [FIRST_PRIME_BITS] + [SCALING_PRIME_BITS] * self.depth + [SPECIAL_PRIME_BITS]

    @property
    def scale(self) -> float:
        return float(2**LOG_SCALE)


@dataclass(frozen=True)
class Schedule:
    """How often an op runs: untimed warm-up runs, then timed repetitions."""

    warmup: int
    repetitions: int

    def for_op(self, op: str, log_n: int) -> "Schedule":
        """The schedule for `op` at N = 2^log_n: expensive ops at N = 2^16 are capped at 1 warm-up, 5 repetitions."""
        if log_n >= 16 and op in EXPENSIVE_OPS:
            return Schedule(min(self.warmup, 1), min(self.repetitions, 5))
        return self


@dataclass(frozen=True)
class Timing:
    """Median and minimum wall time of the timed repetitions, in milliseconds."""

    median_ms: float
    min_ms: float


def measure(body: Callable[[], object], schedule: Schedule, setup: Callable[[], object] | None = None) -> Timing:
    """Runs `body` `schedule.warmup` times untimed, then times each of `schedule.repetitions` runs.

    `setup`, when given, runs untimed before every run (to drop a key a library would otherwise reuse); what `body`
    returns is freed after the clock stops.
    """
    def run_once() -> int:
        if setup is not None:
            setup()
        start = time.perf_counter_ns()
        result = body()
        elapsed = time.perf_counter_ns() - start
        del result
        return elapsed

    for _ in range(schedule.warmup):
        run_once()
    samples = [run_once() for _ in range(schedule.repetitions)]
    return Timing(statistics.median(samples) / 1e6, min(samples) / 1e6)


def random_slots(slots: int, seed: int) -> np.ndarray:
    """`slots` reproducible values drawn uniformly from [-1, 1]."""
    return np.random.default_rng(seed).uniform(-1.0, 1.0, slots)


def precision_bits(actual, expected: np.ndarray) -> float:
    """-log2 of the largest absolute error over all slots, to 0.1 bit."""
    error = float(np.max(np.abs(np.asarray(actual, dtype=float)[: len(expected)] - expected)))
    return round(-math.log2(error), 1)


@dataclass
class Recorder:
    """Times the ops of one library at one parameter set and collects rows in the format of `heml-bench ckks`."""

    library: str
    log_n: int
    log_qp: int
    schedule: Schedule
    rows: list[dict] = field(default_factory=list)

    def time(self, op: str, body: Callable[[], object], precision: float | None = None, note: str | None = None,
             setup: Callable[[], object] | None = None) -> None:
        """Measures `body` as `op` and appends its row; optional fields are left out when absent."""
        timing = measure(body, self.schedule.for_op(op, self.log_n), setup)
        row = {
            "library": self.library,
            "op": op,
            "log_n": self.log_n,
            "log_qp": self.log_qp,
            "threads": 1,
            "median_ms": round(timing.median_ms, 4),
            "min_ms": round(timing.min_ms, 4),
        }
        if precision is not None:
            row["precision_bits"] = precision
        if note:
            row["note"] = note
        self.rows.append(row)
