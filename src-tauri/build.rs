use std::path::Path;

fn main() {
    // tauri.conf.json lives at the workspace root (the product's fixed shape); the
    // src-tauri/tauri.conf.json symlink to it is where tauri-build, generate_context! and the Tauri
    // CLI (`make package`) all find it, so the paths inside it are relative to src-tauri/.
    tauri_build::build();
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    // rust-lld is this target's default linker; GNU ld has neither option below.
    let lld = std::env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu");
    if release && lld {
        pack_relative_relocations();
    }
    link_hot_code_together(release && lld);
    link_hot_data_together(release && lld);
}

/// The app is a position-independent executable: 18,842 pointers in it are fixed up at every
/// start. As RELA entries they take 452 KB, which the loader reads whole, every start, and
/// which stay resident; packed (DT_RELR) they take a few KB. glibc reads DT_RELR since 2.36
/// (Debian 12, Ubuntu 24.04: the package depends on libc6 >= 2.36, and lld marks the binary
/// with GLIBC_ABI_DT_RELR, so an older glibc refuses it with a clear message).
fn pack_relative_relocations() {
    println!("cargo:rustc-link-arg-bin=styrebord=-Wl,-z,pack-relative-relocs");
}

/// Places the functions a member's session runs next to each other in the release binary
/// (lld's `--symbol-ordering-file`), the rest after them. The kernel maps a binary's code in
/// 64–128 KiB runs around every page a process touches, so code that runs, scattered among code
/// that never does, kept 12 of the binary's 14 MB of code resident; packed, far fewer runs are
/// touched (issue 13, docs/BENCHMARKS.md "Code layout"). `make hot-code` writes the list from a
/// profile of a real session; a stale list costs only memory, never correctness: lld skips names
/// it does not find.
fn link_hot_code_together(release_with_lld: bool) {
    println!("cargo:rerun-if-changed=hot-code.txt");
    println!("cargo:rerun-if-env-changed=STYREBORD_LINK_MAP");
    // The linker's map, for `make hot-code` to name the code a profile ran. Only the final link
    // reads these arguments, so setting them recompiles nothing.
    if let Ok(map) = std::env::var("STYREBORD_LINK_MAP") {
        println!("cargo:rustc-link-arg-bin=styrebord=-Wl,-Map={map}");
    }
    let list = in_this_crate("hot-code.txt");
    if release_with_lld && list.exists() {
        println!(
            "cargo:rustc-link-arg-bin=styrebord=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        println!("cargo:rustc-link-arg-bin=styrebord=-Wl,--no-warn-symbol-ordering");
        warn_if_made_by_another_rustc(&list);
    }
}

/// Symbol names carry hashes that change with the compiler (and with a dependency's version):
/// say so when the list was made by another rustc, so it is remade rather than silently unused.
fn warn_if_made_by_another_rustc(list: &Path) {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("-V").output() else {
        return;
    };
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let header = std::fs::read_to_string(list)
        .ok()
        .and_then(|text| text.lines().next().map(str::to_string))
        .unwrap_or_default();
    if !header.contains(&version) {
        println!(
            "cargo:warning=src-tauri/hot-code.txt was made by another compiler ({header}); \
             this is {version}: run `make hot-code` to lay out the binary's code again"
        );
    }
}

/// The same for the binary's constant data (`.rodata`): the tables, strings and jump tables a
/// member's session reads go into an output section of their own, `.rodata.hot`, ahead of the
/// rest. lld's ordering file cannot name them (most are anonymous), so this is a linker script
/// (`INSERT BEFORE .rodata`, which keeps lld's own layout for everything else) listing their
/// input sections by name. `make hot-code` writes it from the pages a real session touched
/// (scripts/touched-pages.c); like the code's list, a stale one costs memory, never correctness.
/// `STYREBORD_RODATA_SCRIPT` links with another script instead: `make hot-code`'s profiling
/// build, which puts every input section on a page of its own, and scripts/build-app.sh's
/// working copy, rebased onto the constants' current numbers.
fn link_hot_data_together(release_with_lld: bool) {
    println!("cargo:rerun-if-changed=hot-rodata.ld");
    println!("cargo:rerun-if-env-changed=STYREBORD_RODATA_SCRIPT");
    let committed = in_this_crate("hot-rodata.ld");
    let script = std::env::var("STYREBORD_RODATA_SCRIPT")
        .map(std::path::PathBuf::from)
        .ok()
        .or_else(|| committed.exists().then_some(committed));
    if let (true, Some(script)) = (release_with_lld, script) {
        // The named script's contents, not only its name: scripts/build-app.sh rewrites its
        // working copy in place when it finds the constants renumbered, and links again.
        println!("cargo:rerun-if-changed={}", script.display());
        println!(
            "cargo:rustc-link-arg-bin=styrebord=-Wl,-T,{}",
            script.display()
        );
    }
}

/// A file beside this build script (src-tauri/).
fn in_this_crate(name: &str) -> std::path::PathBuf {
    Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join(name)
}
