//! Any bytes as a response body: decoding returns a key, a list or a decode
//! error, never panics, and a decoded secret prints only as `<redacted>`.
#![no_main]

use integration_keys::{ErrorKind, decode_created_key, decode_key, decode_keys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    for result in [decode_key(body), decode_created_key(body)] {
        match result {
            Ok(key) => {
                if let Some(secret) = &key.secret {
                    assert_eq!(format!("{secret:?}"), "<redacted>");
                    assert!(format!("{key:?}").contains("secret: Some(<redacted>)"));
                }
            }
            Err(e) => assert_eq!(e.kind(), ErrorKind::Decode),
        }
    }
    if let Err(e) = decode_keys(body) {
        assert_eq!(e.kind(), ErrorKind::Decode);
    }
});
