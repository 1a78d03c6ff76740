# heml: the two set-up commands of the README, and the benchmark runs behind the README's tables.
.PHONY: demo test test-fast bench bench-peers bench-bootstrap bench-mpi deps fuzz format lint

deps:
	@./scripts/install-deps.sh

# Main job: build in release mode, then train on the encrypted German credit data (keys, encryption, training on
# ciphertexts, decryption, comparison with the plaintext twins).
demo: deps
	swift build -c release --product heml
	.build/release/heml train --encrypted datasets/german_credit_onehot.csv --label bad_credit

# All tests (debug build, Swift Testing), built with the MPI trait so the `mpirun` tests run too (install-deps
# installs Open MPI); `make test TRAITS=` builds without MPI.
TRAITS ?= MPI
TRAIT_FLAGS = $(if $(TRAITS),--traits $(TRAITS))
test: deps
	swift test $(TRAIT_FLAGS)

# All but the tests at N >= 2^14 (tagged .slow, in suites named Slow: swift test cannot filter by tag).
test-fast: deps
	swift test --skip /Slow/

bench: deps
	swift build -c release --product heml-bench
	.build/release/heml-bench ntt --path all

# Distributed training under mpirun on Taiwan credit: 1, 2 and 4 ranks, and one ciphertext's allreduce over shared
# memory and TCP (Benchmarks/mpi-scaling.sh; RANKS="1 2" to choose).
bench-mpi: deps
	Benchmarks/mpi-scaling.sh $(RANKS)

# heml against SEAL (TenSEAL) and OpenFHE, same run, same parameters; LOG_N="13 14" to choose sizes.
bench-peers: deps
	Benchmarks/compare-with-peers.sh $(LOG_N)

# heml's bootstrapping against OpenFHE's EvalBootstrap, same run (SLOTS="64 1024" to choose slot counts).
bench-bootstrap: deps
	Benchmarks/compare-bootstrap.sh $(SLOTS)

# libFuzzer targets for every reader (Fuzz/, seeds in Tests/FuzzCorpus/): FUZZ_RUNS executions each, one line per
# target "<target>: <runs> runs, <crashes> crashes", non-zero exit on any crash (scripts/fuzz.sh).
FUZZ_RUNS ?= 100000
fuzz: deps
	FUZZ_RUNS=$(FUZZ_RUNS) scripts/fuzz.sh

# Swift sources in the house style (.swift-format): `make format` rewrites them, `make lint` checks (CI runs it).
SWIFT_SOURCES = Sources Tests Benchmarks Fuzz Examples
format:
	swift format format -i -r $(SWIFT_SOURCES)

lint:
	swift format lint --strict -r $(SWIFT_SOURCES)
