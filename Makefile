# The two commands of the README. Each installs what it needs first (scripts/setup.sh).
.PHONY: run test screenshots setup-run setup-test types package setup-package bench hot-code hot-rodata-rebase

# -noreset: by default Xvfb resets when its last client disconnects, and a window that connects
# during the reset fails with "Failed to initialize GTK" (measured: 20 of 600 short-lived clients
# failed without it, 0 with it). The e2e tests open and close windows back to back, so they hit it.
XVFB := xvfb-run -a -s "-screen 0 1280x800x24 -noreset"

run: setup-run
	cargo run -p styrebord --locked -- --demo

test: setup-test
	cd ui && npm run check && npm run lint && npm test
	python3 -m unittest discover -s scripts -p 'test_*.py'
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	$(XVFB) cargo test --workspace --locked --no-fail-fast
	@git diff --quiet -- ui/src/lib/generated && test -z "$$(git ls-files --others --exclude-standard -- ui/src/lib/generated)" \
		|| { echo "generated TypeScript types are stale: run make types and commit ui/src/lib/generated"; exit 1; }

# Refreshes docs/screenshots (committed: the README shows them) on purpose, from the end-to-end
# tests that take them (every view; the desk's round). `make test` writes its screenshots to
# target/screenshots instead and leaves the working tree as it found it.
screenshots: setup-test
	cargo build --locked -p styrebord-hub
	STYREBORD_SCREENSHOTS=docs $(XVFB) cargo test --locked -p styrebord --test e2e -- views:: desk_round::

# The UI's TypeScript types (ui/src/lib/generated), generated from the Rust types by ts-rs: its
# export_bindings_* tests write them (TS_RS_EXPORT_DIR in .cargo/config.toml). Commit the result.
types:
	rm -rf ui/src/lib/generated
	cargo test --locked -p styrebord-core -p styrebord-protocol -p styrebord-store -p styrebord-sync -p styrebord --lib export_bindings

# Both Debian packages into target/packages/ (docs/RELEASING.md). One release build of the app and
# one of the hub (the UI is built first by setup.sh: the app embeds it), then the Tauri CLI bundles that
# very binary (`tauri bundle`, no second build) and cargo-deb the hub's (`--no-build`). Without
# TAURI_SIGNING_PRIVATE_KEY (a developer's machine, CI) no signed updater artifacts are made.
TARGET := $(or $(CARGO_TARGET_DIR),target)
PACKAGES := $(TARGET)/packages
HUB_TARGET := $(abspath $(TARGET))/hub-package
package: setup-package
	@# Two invocations, not one: in one, Cargo would unify the hub library's features and the app
	@# would carry the hub's server-ops (TLS, metrics, backup, CLI) that only the hub binary needs.
	@# The app with the release profile (panic = "abort"), the hub with release-hub (unwind: it
	@# answers a panicking request with a 500 and keeps serving); root Cargo.toml says why.
	@# The two profiles share no compiled crate, so the two builds run at once, the hub's in a
	@# target directory of its own (Cargo locks a target directory for a whole build): each
	@# ends in a single-threaded fat-LTO link, and the other build's work fills the idle core
	@# (docs/BENCHMARKS.md, "CI"). The app's build (scripts/build-app.sh) links it again if a code or
	@# UI change renumbered the constants its layout names (src-tauri/hot-rodata.ld).
	scripts/build-app.sh & app=$$!; \
		CARGO_TARGET_DIR=$(HUB_TARGET) cargo build --profile release-hub --locked -p styrebord-hub; \
		hub=$$?; wait $$app && test $$hub -eq 0
	rm -rf $(TARGET)/release/bundle/deb $(PACKAGES) && mkdir -p $(PACKAGES)
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --bundles deb \
		$(if $(TAURI_SIGNING_PRIVATE_KEY),,--config '{"bundle":{"createUpdaterArtifacts":false}}')
	CARGO_TARGET_DIR=$(HUB_TARGET) .tools/bin/cargo-deb -p styrebord-hub --no-build --profile release-hub \
		--output $(PACKAGES)/
	@# The Tauri CLI gzips the app's data; the same files packed with xz, as Debian's own packages
	@# are, make the .deb 30 % smaller (12.1 → 8.6 MB, docs/BENCHMARKS.md).
	rm -rf $(TARGET)/release/bundle/deb/repack && for deb in $(TARGET)/release/bundle/deb/*.deb; do \
		dpkg-deb -R "$$deb" $(TARGET)/release/bundle/deb/repack && \
		dpkg-deb -Zxz -z9 -Sextreme --root-owner-group -b $(TARGET)/release/bundle/deb/repack \
			$(PACKAGES)/$$(basename "$$deb") >/dev/null && rm -rf $(TARGET)/release/bundle/deb/repack; \
	done
	@# Both packages' data again with xz's x86 filter in front (BCJ: call targets made relative
	@# compress better; dpkg-deb cannot ask for it, dpkg's liblzma reads it): the app's .deb
	@# 8.02 → 7.55 MB (docs/BENCHMARKS.md). ar members in dpkg's order.
	set -e; for deb in $(abspath $(PACKAGES))/*.deb; do \
		rm -rf "$$deb.d" && mkdir "$$deb.d" && (cd "$$deb.d" && ar x "$$deb" && \
		test -f data.tar.xz && xz -dc data.tar.xz | xz -T1 --x86 --lzma2=preset=9e > data.tar.x86 && \
		mv data.tar.x86 data.tar.xz && rm "$$deb" && ar rc "$$deb" debian-binary control.tar.* data.tar.xz) && \
		rm -rf "$$deb.d" && dpkg-deb --fsys-tarfile "$$deb" >/dev/null; \
	done
	@# Repacked, so signed again (the updater's signature is over the file's bytes, bound to the version).
	$(if $(TAURI_SIGNING_PRIVATE_KEY),ui/node_modules/.bin/tauri signer sign \
		--app-version $$(node -p "require('./tauri.conf.json').version") $(PACKAGES)/Styrebord_*.deb)
	@ls -l $(PACKAGES)

# Every benchmark (release builds; about an hour here), one table of figure, goal, min / median /
# max, wall and CPU time and load average (docs/BENCHMARKS.md). `make bench ONLY=memory,startup`
# runs those named or tagged so (scripts/bench/run.sh --list).
bench: setup-test
	scripts/bench/run.sh $(if $(ONLY),--only $(ONLY))

# The release binary's code layout: the functions a member's session runs, profiled under
# valgrind and listed in src-tauri/hot-code.txt, and the constant data it reads, recorded page by
# page and listed in src-tauri/hot-rodata.ld; the release link places both first
# (src-tauri/build.rs; docs/BENCHMARKS.md, "Code layout"). Commit the two files it writes.
hot-code: setup-test
	scripts/hot-code.sh

# After a code or UI change renumbered the constants src-tauri/hot-rodata.ld names (make package
# finds them again itself, with one more link: scripts/build-app.sh): the same rebase, committed.
# The same build as make package's, then its rebased copy written back to the list; what it cannot
# find (a rebuilt UI chunk) it reports.
hot-rodata-rebase: setup-test
	npm --prefix ui run build >/dev/null
	scripts/build-app.sh --commit

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

setup-package:
	scripts/setup.sh package
