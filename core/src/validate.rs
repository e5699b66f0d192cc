//! Checks every argument before any request is made.

use crate::error::{Error, Result};

/// The longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 256;

/// The longest display name accepted, in characters (the API's limit).
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// Checks an app, integration or key id: not empty, at most
/// [`MAX_ID_BYTES`] bytes, no control characters.
pub fn id(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(format!("{name} must not be empty")));
    }
    if value.len() > MAX_ID_BYTES {
        return Err(Error::invalid(format!(
            "{name} is {} bytes long; the limit is {MAX_ID_BYTES}",
            value.len()
        )));
    }
    no_control_characters(name, value)
}

/// Checks a display name: 1 to [`MAX_DISPLAY_NAME_CHARS`] characters, no
/// control characters.
pub fn display_name(value: &str) -> Result<()> {
    let chars = value.chars().count();
    if chars == 0 {
        return Err(Error::invalid("display_name must not be empty"));
    }
    if chars > MAX_DISPLAY_NAME_CHARS {
        return Err(Error::invalid(format!(
            "display_name is {chars} characters long; the limit is {MAX_DISPLAY_NAME_CHARS}"
        )));
    }
    no_control_characters("display_name", value)
}

/// Checks a text setting or argument that must be present and printable,
/// such as a key id used for signing or a JWT scope.
pub fn text(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(format!("{name} must not be empty")));
    }
    no_control_characters(name, value)
}

fn no_control_characters(name: &str, value: &str) -> Result<()> {
    match value.chars().position(char::is_control) {
        Some(at) => Err(Error::invalid(format!(
            "{name} has a control character at position {at}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn ids() {
        assert!(id("app_id", "5d8cff3cd55b040010928b5b").is_ok());
        assert!(id("app_id", "a/../b?x#y").is_ok());
        assert!(id("app_id", &"x".repeat(256)).is_ok());
        for bad in ["", "a\nb", "a\0b", "tab\there", "\u{7f}", "\u{85}"] {
            let e = id("app_id", bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad:?}");
            assert!(e.message().starts_with("app_id "));
        }
        assert!(id("key_id", &"x".repeat(257)).is_err());
        // Length counts bytes: 129 two-byte characters are 258 bytes.
        assert!(id("key_id", &"é".repeat(129)).is_err());
    }

    #[test]
    fn display_names() {
        assert!(display_name("My custom key").is_ok());
        assert!(display_name(&"é".repeat(100)).is_ok());
        assert!(display_name(&"é".repeat(101)).is_err());
        assert!(display_name("").is_err());
        assert!(display_name("line\nbreak").is_err());
    }
}
