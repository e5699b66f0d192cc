//! What the API sends and receives.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// An API key of a custom integration.
///
/// `Debug` shows the secret as `<redacted>`; read it with
/// [`Secret::expose`]. Serializing the key (for example with `serde_json`)
/// writes the real secret, in the API's camelCase field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationKey {
    /// The key's id, such as `int_5e4b0f225aca01092928f917`: the `kid` of the
    /// JWTs it signs and the user name of Basic authentication.
    pub id: String,
    /// The name given when the key was created, when the server sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The key's secret, when the server sends it. A create always does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateBody<'a> {
    pub display_name: &'a str,
}

#[derive(Deserialize)]
struct KeyEnvelope {
    key: Option<IntegrationKey>,
}

#[derive(Deserialize)]
struct KeysEnvelope {
    keys: Option<Vec<IntegrationKey>>,
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        // serde_json's message names a line and column, never the input.
        Error::decode(format!(
            "the response is not the JSON the API promises: {e}"
        ))
    })
}

/// Decodes a `{"key": {...}}` body.
pub fn decode_key(body: &[u8]) -> Result<IntegrationKey> {
    parse::<KeyEnvelope>(body)?
        .key
        .ok_or_else(|| Error::decode("the response has no \"key\""))
}

/// Decodes the body of a create: a key that must carry its secret.
pub fn decode_created_key(body: &[u8]) -> Result<IntegrationKey> {
    let key = decode_key(body)?;
    match &key.secret {
        Some(secret) if !secret.is_empty() => Ok(key),
        _ => Err(Error::decode("the created key came back without a secret")),
    }
}

/// Decodes a `{"keys": [...]}` body.
pub fn decode_keys(body: &[u8]) -> Result<Vec<IntegrationKey>> {
    parse::<KeysEnvelope>(body)?
        .keys
        .ok_or_else(|| Error::decode("the response has no \"keys\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn decodes_the_spec_example() {
        let body = br#"{"key":{"id":"int_67a1110ef0305f4a391e9f01","displayName":"My Test Key","secret":"JWSooRf7","extra":1}}"#;
        let key = decode_created_key(body).unwrap();
        assert_eq!(key.id, "int_67a1110ef0305f4a391e9f01");
        assert_eq!(key.display_name.as_deref(), Some("My Test Key"));
        assert_eq!(key.secret.as_ref().unwrap().expose(), "JWSooRf7");
        assert!(!format!("{key:?}").contains("JWSooRf7"));
    }

    #[test]
    fn rejects_what_the_spec_does_not_promise() {
        for body in [
            &b"{"[..],
            b"[]",
            b"{}",
            b"{\"key\":{}}",
            b"{\"key\":null}",
            b"\xff",
        ] {
            assert_eq!(decode_key(body).unwrap_err().kind(), ErrorKind::Decode);
        }
        let no_secret = br#"{"key":{"id":"int_1"}}"#;
        assert!(decode_key(no_secret).is_ok());
        assert_eq!(
            decode_created_key(no_secret).unwrap_err().kind(),
            ErrorKind::Decode
        );
        assert_eq!(decode_keys(b"{}").unwrap_err().kind(), ErrorKind::Decode);
        assert_eq!(decode_keys(br#"{"keys":[]}"#).unwrap(), vec![]);
    }
}
