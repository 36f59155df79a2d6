fn main() {
    // tauri.conf.json lives at the workspace root (the product's fixed shape); the
    // src-tauri/tauri.conf.json symlink to it is where tauri-build, generate_context! and the Tauri
    // CLI (`make package`) all find it, so the paths inside it are relative to src-tauri/.
    tauri_build::build()
}
