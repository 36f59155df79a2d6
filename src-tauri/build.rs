fn main() {
    // tauri.conf.json lives at the workspace root (the product's fixed shape); tauri-build only
    // uses the directory of this path, so the file must keep its standard name.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
