//! Signing JWTs with an integration key, as the API expects them.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use crate::validate;

#[derive(Serialize)]
struct Claims<'a> {
    scope: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<u64>,
}

/// Signs an HS256 JWT with an API key.
///
/// The header is `{"alg":"HS256","typ":"JWT","kid":key_id}` and the payload
/// `{"scope":scope}`, plus `exp` (now + `expires_in`, in whole seconds since
/// the Unix epoch) when `expires_in` is given. The scopes the API knows are
/// `app`, `account` and `integration`; any non-empty scope is signed.
///
/// The returned token is a credential in its own right: whoever holds it may
/// call the API until it expires.
///
/// # Errors
///
/// [`ErrorKind::InvalidArgument`] when `key_id`, `secret` or `scope` is
/// empty or holds control characters, or `expires_in` is zero.
pub fn sign_jwt(
    key_id: &str,
    secret: &Secret,
    scope: &str,
    expires_in: Option<Duration>,
) -> Result<Secret> {
    validate::text("key_id", key_id)?;
    validate::text("scope", scope)?;
    if secret.is_empty() {
        return Err(Error::invalid("secret must not be empty"));
    }
    let exp = match expires_in {
        Some(d) if d.is_zero() => {
            return Err(Error::invalid("expires_in must be at least one second"));
        }
        Some(d) => Some(unix_now().saturating_add(d.as_secs().max(1))),
        None => None,
    };

    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key_id.to_owned());
    let claims = Claims { scope, exp };
    let failed = |e| Error::new(ErrorKind::Internal, "could not sign the JWT").with_source(e);
    let key = EncodingKey::from_secret(secret.expose().as_bytes()).map_err(failed)?;
    jsonwebtoken::encode(&header, &claims, &key)
        .map(Secret::new)
        .map_err(failed)
}

/// The longest lifetime [`expires_in_secs`] accepts: ten years.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

/// Reads a JWT lifetime given as a number of seconds, as the front ends
/// receive it, for [`sign_jwt`]. A fraction is rounded up to whole seconds.
///
/// # Errors
///
/// [`ErrorKind::InvalidArgument`] for zero, a negative number, NaN, an
/// infinity, or more than [`MAX_EXPIRES_IN`].
pub fn expires_in_secs(seconds: f64) -> Result<Duration> {
    if !(seconds > 0.0 && seconds <= MAX_EXPIRES_IN.as_secs_f64()) {
        return Err(Error::invalid(format!(
            "expires_in must be more than 0 and at most {} seconds, not {seconds}",
            MAX_EXPIRES_IN.as_secs()
        )));
    }
    Ok(Duration::from_secs(seconds.ceil() as u64))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn part(token: &str, i: usize) -> serde_json::Value {
        let raw = URL_SAFE_NO_PAD
            .decode(token.split('.').nth(i).unwrap())
            .unwrap();
        serde_json::from_slice(&raw).unwrap()
    }

    #[test]
    fn header_and_claims() {
        let secret = Secret::new("s3cr3t");
        let token = sign_jwt("app_123", &secret, "app", None).unwrap();
        let token = token.expose();
        assert_eq!(
            part(token, 0),
            serde_json::json!({"alg":"HS256","typ":"JWT","kid":"app_123"})
        );
        assert_eq!(part(token, 1), serde_json::json!({"scope":"app"}));

        let token = sign_jwt("app_123", &secret, "account", Some(Duration::from_secs(60))).unwrap();
        let exp = part(token.expose(), 1)["exp"].as_u64().unwrap();
        let now = unix_now();
        assert!(exp >= now + 59 && exp <= now + 61, "{exp} vs {now}");
    }

    #[test]
    fn known_signature() {
        // The signature was computed independently, with Python's hmac module
        // over the same header and payload.
        let token = sign_jwt("kid1", &Secret::new("secret"), "app", None).unwrap();
        assert_eq!(
            token.expose(),
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6ImtpZDEifQ\
             .eyJzY29wZSI6ImFwcCJ9\
             .U-fVUNeLYdN6GGdoVw_wY_N8Ic6E5GaL0p8P3pPILB8"
        );
    }

    #[test]
    fn expiry_in_seconds() {
        assert_eq!(expires_in_secs(60.0).unwrap(), Duration::from_secs(60));
        assert_eq!(expires_in_secs(0.2).unwrap(), Duration::from_secs(1));
        assert_eq!(expires_in_secs(1.5).unwrap(), Duration::from_secs(2));
        for bad in [
            0.0,
            -0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e12,
        ] {
            let e = expires_in_secs(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        let s = Secret::new("x");
        assert!(sign_jwt("", &s, "app", None).is_err());
        assert!(sign_jwt("k", &Secret::new(""), "app", None).is_err());
        assert!(sign_jwt("k", &s, "", None).is_err());
        assert!(sign_jwt("k\n", &s, "app", None).is_err());
        assert!(sign_jwt("k", &s, "app", Some(Duration::ZERO)).is_err());
    }
}
