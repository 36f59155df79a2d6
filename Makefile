# The two commands of the README. Each installs what it needs first (scripts/setup.sh).
.PHONY: run test setup-run setup-test lint

XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

run: setup-run
	cargo run -p styrebord --locked -- --demo

test: setup-test
	cd ui && npm run check && npm run lint && npm test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	$(XVFB) cargo test --workspace --locked --no-fail-fast

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test
