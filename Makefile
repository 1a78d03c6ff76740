# heml: the two set-up commands of the README, and the benchmark runs behind the README's tables.
.PHONY: demo test bench deps

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
