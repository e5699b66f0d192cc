//! Any text as an id or a display name: validation accepts it or says
//! invalid_argument, and what it accepts fits the documented rules.
#![no_main]

use integration_keys::{ErrorKind, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    match validate::id("app_id", input) {
        Ok(()) => {
            assert!(!input.is_empty() && input.len() <= validate::MAX_ID_BYTES);
            assert!(!input.chars().any(char::is_control));
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidArgument),
    }
    match validate::display_name(input) {
        Ok(()) => {
            let n = input.chars().count();
            assert!((1..=validate::MAX_DISPLAY_NAME_CHARS).contains(&n));
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidArgument),
    }
});
