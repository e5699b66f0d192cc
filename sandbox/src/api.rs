//! The four custom integration API key endpoints and their authentication.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Response, StatusCode, header};
use axum::routing::{get, post};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use serde::Serialize;

use crate::respond;
use crate::state::{ApiKey, CreateError, KeyEnvelope, MAX_KEYS_PER_INTEGRATION, Shared};

/// Longest accepted `displayName`, in characters.
const MAX_DISPLAY_NAME_CHARS: usize = 100;

type IntegrationPath = Result<Path<(String, String)>, PathRejection>;
type KeyPath = Result<Path<(String, String, String)>, PathRejection>;

/// The router of the API endpoints; authentication and body limits are
/// applied before requests reach it.
pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/v2/apps/{app_id}/integrations/{integration_id}/keys",
            post(create_key).get(list_keys),
        )
        .route(
            "/v2/apps/{app_id}/integrations/{integration_id}/keys/{key_id}",
            get(get_key).delete(delete_key),
        )
        .fallback(|| async { respond::not_found("Resource not found") })
        .method_not_allowed_fallback(|| async { respond::method_not_allowed() })
        .with_state(state)
}

fn path_error(rejection: &PathRejection) -> Response<Body> {
    respond::bad_request(&format!("Invalid path: {}", rejection.body_text()))
}

async fn create_key(
    State(state): State<Arc<Shared>>,
    path: IntegrationPath,
    body: Bytes,
) -> Response<Body> {
    let (app_id, integration_id) = match path {
        Ok(Path(ids)) => ids,
        Err(rejection) => return path_error(&rejection),
    };
    let display_name = match parse_display_name(&body) {
        Ok(name) => name,
        Err(title) => return respond::bad_request(title),
    };
    match state.create_key(&app_id, &integration_id, &display_name) {
        Ok(key) => respond::json(StatusCode::CREATED, &KeyEnvelope { key: &key }),
        Err(CreateError::TooManyKeys) => respond::bad_request(&format!(
            "An integration can have a maximum of {MAX_KEYS_PER_INTEGRATION} keys"
        )),
    }
}

/// Checks a create body and returns its `displayName`.
fn parse_display_name(body: &[u8]) -> Result<String, &'static str> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "Request body must be valid JSON")?;
    let object = value
        .as_object()
        .ok_or("Request body must be a JSON object")?;
    let name = object
        .get("displayName")
        .ok_or("displayName is required")?
        .as_str()
        .ok_or("displayName must be a string")?;
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_DISPLAY_NAME_CHARS {
        return Err("displayName must be between 1 and 100 characters long");
    }
    Ok(name.to_owned())
}

#[derive(Serialize)]
struct KeyList {
    keys: Vec<ApiKey>,
}

async fn list_keys(State(state): State<Arc<Shared>>, path: IntegrationPath) -> Response<Body> {
    match path {
        Ok(Path((app_id, integration_id))) => respond::json(
            StatusCode::OK,
            &KeyList {
                keys: state.list_keys(&app_id, &integration_id),
            },
        ),
        Err(rejection) => path_error(&rejection),
    }
}

async fn get_key(State(state): State<Arc<Shared>>, path: KeyPath) -> Response<Body> {
    let (app_id, integration_id, key_id) = match path {
        Ok(Path(ids)) => ids,
        Err(rejection) => return path_error(&rejection),
    };
    match state.get_key(&app_id, &integration_id, &key_id) {
        Some(key) => respond::json(StatusCode::OK, &KeyEnvelope { key: &key }),
        None => respond::not_found("Key not found"),
    }
}

async fn delete_key(State(state): State<Arc<Shared>>, path: KeyPath) -> Response<Body> {
    let (app_id, integration_id, key_id) = match path {
        Ok(Path(ids)) => ids,
        Err(rejection) => return path_error(&rejection),
    };
    if state.delete_key(&app_id, &integration_id, &key_id) {
        respond::json(StatusCode::OK, &serde_json::json!({}))
    } else {
        respond::not_found("Key not found")
    }
}

/// Checks the `Authorization` header against the sandbox's credentials.
///
/// Returns the title of the 401 answer when the request is not allowed.
/// Neither the header nor the secret ever appears in a title or a log.
pub(crate) fn authorize(headers: &HeaderMap, key_id: &str, secret: &str) -> Result<(), String> {
    const REQUIRED: &str = "Authorization is required";
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(REQUIRED.to_owned());
    };
    let value = value
        .to_str()
        .map_err(|_| "Authorization header is not valid".to_owned())?
        .trim();
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        authorize_basic(credentials, key_id, secret)
    } else if scheme.eq_ignore_ascii_case("bearer") {
        authorize_jwt(credentials, key_id, secret)
    } else {
        Err(REQUIRED.to_owned())
    }
}

fn authorize_basic(credentials: &str, key_id: &str, secret: &str) -> Result<(), String> {
    let invalid = || "Invalid Basic authorization header".to_owned();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(credentials)
        .map_err(|_| invalid())?;
    let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
    let (user, password) = decoded.split_once(':').ok_or_else(invalid)?;
    // Compare both parts fully so timing does not tell which one is wrong.
    let user_ok = constant_time_eq(user.as_bytes(), key_id.as_bytes());
    let password_ok = constant_time_eq(password.as_bytes(), secret.as_bytes());
    if user_ok & password_ok {
        Ok(())
    } else {
        Err("Invalid key id or secret".to_owned())
    }
}

fn authorize_jwt(token: &str, key_id: &str, secret: &str) -> Result<(), String> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|_| "Invalid JWT: malformed token".to_owned())?;
    if header.alg != Algorithm::HS256 {
        return Err("Invalid JWT: the algorithm must be HS256".to_owned());
    }
    match header.kid.as_deref() {
        None => return Err("Invalid JWT: the header must have a kid".to_owned()),
        Some(kid) if kid != key_id => return Err("Invalid JWT: unknown kid".to_owned()),
        Some(_) => {}
    }

    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims::<&str>(&[]);
    validation.validate_exp = true;
    validation.leeway = 0;
    validation.validate_aud = false;
    // The secret is never empty (the sandbox refuses to start with one).
    let key = DecodingKey::from_secret(secret.as_bytes())
        .map_err(|_| "Invalid JWT: the sandbox has no usable secret".to_owned())?;
    let data =
        jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation).map_err(|e| match e
            .kind()
        {
            ErrorKind::InvalidSignature => "Invalid JWT: bad signature".to_owned(),
            ErrorKind::ExpiredSignature => "Invalid JWT: the token has expired".to_owned(),
            ErrorKind::InvalidClaimFormat(claim) => format!("Invalid JWT: malformed {claim} claim"),
            _ => "Invalid JWT: malformed token".to_owned(),
        })?;

    match data.claims.get("scope").and_then(|s| s.as_str()) {
        Some("app" | "account") => Ok(()),
        _ => Err("Invalid JWT: the scope must be app or account".to_owned()),
    }
}

/// Equality whose running time depends only on the lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    fn basic(user: &str, pass: &str) -> String {
        let raw = format!("{user}:{pass}");
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }

    #[test]
    fn basic_auth() {
        assert!(authorize(&headers(&basic("kid", "sec")), "kid", "sec").is_ok());
        assert!(authorize(&headers(&basic("kid", "sec")).clone(), "kid", "other").is_err());
        assert!(authorize(&headers(&basic("other", "sec")), "kid", "sec").is_err());
        assert!(authorize(&headers("Basic !!!"), "kid", "sec").is_err());
        assert_eq!(
            authorize(&HeaderMap::new(), "kid", "sec").unwrap_err(),
            "Authorization is required"
        );
        assert!(authorize(&headers("Digest abc"), "kid", "sec").is_err());
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(parse_display_name(br#"{"displayName":"x"}"#).unwrap(), "x");
        let hundred = "é".repeat(100);
        assert!(parse_display_name(format!(r#"{{"displayName":"{hundred}"}}"#).as_bytes()).is_ok());
        for bad in [
            &b"nope"[..],
            b"[]",
            b"{}",
            br#"{"displayName":7}"#,
            br#"{"displayName":null}"#,
            br#"{"displayName":""}"#,
        ] {
            assert!(parse_display_name(bad).is_err());
        }
        let long = "a".repeat(101);
        assert!(parse_display_name(format!(r#"{{"displayName":"{long}"}}"#).as_bytes()).is_err());
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
