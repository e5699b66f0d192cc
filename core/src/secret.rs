//! A string that never shows itself by accident.

use std::fmt;

use zeroize::Zeroizing;

/// The text every front end prints in place of a secret.
pub const REDACTED: &str = "<redacted>";

/// A secret string: an API key secret or a signed token.
///
/// `Debug` and `Display` print `<redacted>`; the value is read only through
/// [`Secret::expose`]. The bytes are overwritten with zeros when the value is
/// dropped. Copies the caller makes with `expose().to_owned()` are the
/// caller's to protect.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a string as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret's text. Everything that prints the returned `&str` prints
    /// the secret, so use it only where the secret is meant to go.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl serde::Serialize for Secret {
    /// Serializes the real value: serialization is how a secret reaches the
    /// wire or the caller's own storage, never a log.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let secret = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(<redacted>)");
        assert_eq!(secret.expose(), "hunter2-very-secret");
    }

    #[test]
    fn serializes_the_value() {
        let secret = Secret::new("s3cr3t");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"s3cr3t\"");
        let back: Secret = serde_json::from_str("\"s3cr3t\"").unwrap();
        assert_eq!(back, secret);
    }
}
