# heml: the two set-up commands of the README, and the benchmark runs behind the README's tables.
.PHONY: demo test bench bench-peers deps

deps:
	@./scripts/install-deps.sh

# Main job: build in release mode and run it.
demo: deps
	swift build -c release --product heml-bench
	.build/release/heml-bench ntt

# All tests (debug build, Swift Testing).
test: deps
	swift test

bench: deps
	swift build -c release --product heml-bench
	.build/release/heml-bench ntt --path all

# heml against SEAL (TenSEAL) and OpenFHE, same run, same parameters; LOG_N="13 14" to choose sizes.
bench-peers: deps
	Benchmarks/compare-with-peers.sh $(LOG_N)
