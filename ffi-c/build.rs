//! Generates the C header with cbindgen and limits the shared library's
//! exported symbols to the `ik_` prefix.
//!
//! The header is written to `$OUT_DIR/integration_keys.h` on every build; a
//! test compares it with the committed `include/integration_keys.h`. Set
//! `IK_UPDATE_HEADER=1` to overwrite the committed copy instead.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=IK_UPDATE_HEADER");

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("ffi-c/cbindgen.toml is readable");
    let major = env::var("CARGO_PKG_VERSION_MAJOR").expect("version");
    let minor = env::var("CARGO_PKG_VERSION_MINOR").expect("version");
    let patch = env::var("CARGO_PKG_VERSION_PATCH").expect("version");
    let version = env::var("CARGO_PKG_VERSION").expect("version");
    let macros = format!(
        "\n/** The major version of this header (semantic versioning). */\n\
         #define IK_VERSION_MAJOR {major}\n\
         /** The minor version of this header. */\n\
         #define IK_VERSION_MINOR {minor}\n\
         /** The patch version of this header. */\n\
         #define IK_VERSION_PATCH {patch}\n\
         /**\n * The version of this header as a string; compare it with ik_version(),\n\
         \x20* the version of the library actually linked.\n */\n\
         #define IK_VERSION \"{version}\"\n"
    );
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src/lib.rs"))
        .with_after_include(macros)
        .generate()
        .expect("cbindgen could not generate the header");
    let generated = out_dir.join("integration_keys.h");
    bindings.write_to_file(&generated);
    if env::var_os("IK_UPDATE_HEADER").is_some_and(|v| v == "1") {
        let committed = crate_dir.join("../include/integration_keys.h");
        fs::copy(&generated, &committed).expect("could not update include/integration_keys.h");
    }

    // Export only the ik_ functions from the shared library.
    let script = out_dir.join("integration_keys.map");
    fs::write(&script, "{\n  global: ik_*;\n  local: *;\n};\n").expect("write version script");
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        script.display()
    );
}
