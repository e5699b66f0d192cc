# The test command of the README is `make test`: every suite of every front
# end, against the built-in sandbox. Each front end's suite lives beside its
# code and is started by its own script.

# The fuzz targets run briefly as part of the tests; fuzz/run.sh says how to
# run them long.

.PHONY: test test-rust test-c test-python test-node test-fuzz lint

test: test-rust test-c test-python test-node test-fuzz

test-rust:
	cargo test --workspace --exclude integration-keys-python --exclude integration-keys-node

test-c:
	bash ffi-c/tests/run.sh

test-python:
	bash py/tests/run.sh

test-node:
	bash node/tests/run.sh

test-fuzz:
	bash fuzz/run.sh

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
