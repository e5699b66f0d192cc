//! Any bytes as an error body: reading its first `{code, title}` never
//! panics and keeps each to a bounded length.
#![no_main]

use integration_keys::first_api_error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let (code, title) = first_api_error(body);
    assert!(code.is_none_or(|c| c.len() <= 512));
    assert!(title.is_none_or(|t| t.len() <= 512));
});
