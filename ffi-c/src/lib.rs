//! The C ABI of the integration-keys client: `libintegration_keys.so`,
//! `libintegration_keys.a` and `include/integration_keys.h`.
//!
//! Every `extern "C"` function here is a thin translation into the
//! [`integration_keys`] core: it converts C arguments into Rust values, calls
//! the core, and converts the answer or the error back. Validation, retries,
//! redaction and error classification all happen in the core.
//!
//! The modules follow the C objects: [`client`] (`ik_client`,
//! `ik_client_options` and the four operations), [`key`] (`ik_key`,
//! `ik_key_list`), [`error`] (`ik_result`, `ik_error`), [`jwt`]
//! (`ik_sign_jwt`, `ik_string_free`). The shared plumbing (the panic guard
//! and the C string conversions) is in `plumbing`.

#![deny(missing_docs)]
#![allow(non_camel_case_types)]

pub mod client;
pub mod error;
pub mod jwt;
pub mod key;
mod plumbing;

use std::ffi::{CStr, c_char};

/// The version of the linked library, such as "0.1.0": a static string,
/// never freed. Compare it with IK_VERSION, the version of the header the
/// program was compiled with. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ik_version() -> *const c_char {
    // This crate shares the workspace version with the core; a unit test
    // checks that they agree.
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => panic!("the version holds a NUL byte"),
        };
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    /// The header cbindgen made in this build.
    const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/integration_keys.h"));
    /// The header in the repository.
    const COMMITTED: &str = include_str!("../../include/integration_keys.h");

    #[test]
    fn committed_header_is_current() {
        assert!(
            GENERATED == COMMITTED,
            "include/integration_keys.h differs from the header generated from ffi-c/src; \
             regenerate it with `IK_UPDATE_HEADER=1 cargo build -p integration-keys-ffi` \
             and commit the result"
        );
    }

    #[test]
    fn version_macros_match_the_workspace_version() {
        let manifest = include_str!("../../Cargo.toml");
        let workspace_version = manifest
            .lines()
            .skip_while(|l| l.trim() != "[workspace.package]")
            .find_map(|l| l.trim().strip_prefix("version = "))
            .map(|v| v.trim_matches('"'))
            .expect("[workspace.package] version in Cargo.toml");
        let mut parts = workspace_version.split('.');
        for name in ["IK_VERSION_MAJOR", "IK_VERSION_MINOR", "IK_VERSION_PATCH"] {
            let expected = parts.next().expect("three version parts");
            let line = format!("#define {name} {expected}\n");
            assert!(COMMITTED.contains(&line), "header lacks {line:?}");
        }
        let line = format!("#define IK_VERSION \"{workspace_version}\"\n");
        assert!(COMMITTED.contains(&line), "header lacks {line:?}");
        let linked = unsafe { CStr::from_ptr(super::ik_version()) };
        assert_eq!(linked.to_str().unwrap(), workspace_version);
        assert_eq!(integration_keys::VERSION, workspace_version);
    }
}
