//! Faults that tests queue through `POST /__sandbox/faults`, and the
//! misbehaving answers they produce.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Response, StatusCode, header};
use http_body_util::channel::Channel;
use serde::Deserialize;

use crate::respond;
use crate::state::{ApiKey, KeyEnvelope, new_key_id, new_secret};

/// Longest `delay_ms` or `interval_ms` accepted (five minutes).
const MAX_DELAY_MS: u64 = 300_000;

/// Default pause before each byte of a `trickle` body.
const DEFAULT_TRICKLE_INTERVAL_MS: u64 = 50;

/// Size of an `oversized` body: 2 MiB.
pub(crate) const OVERSIZED_LEN: usize = 2 * 1024 * 1024;

/// `content-length` announced by a `reset` answer.
const RESET_ANNOUNCED_LEN: usize = 1000;

/// Bytes of the body a `reset` answer sends before aborting.
const RESET_SENT_LEN: usize = 100;

/// What a fault does instead of (or on top of) the normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Action {
    /// Close the connection without answering.
    Drop,
    /// Answer with truncated JSON.
    Malformed,
    /// Answer with a valid-looking 2 MiB JSON body.
    Oversized,
    /// Announce 1000 body bytes, send 100, then abort the connection.
    Reset,
    /// Send a valid body one byte at a time.
    Trickle,
    /// Answer with a JSON body holding bytes that are not UTF-8.
    InvalidUtf8,
    /// Answer normally, as HTTP/1.0 with `connection: close`, then close.
    Http10Close,
}

/// One queued fault.
#[derive(Clone, Debug)]
pub(crate) struct Fault {
    /// How many more requests this fault applies to.
    pub(crate) count: u64,
    /// Upper-case method the fault is limited to, if any.
    method: Option<String>,
    status: Option<StatusCode>,
    code: Option<String>,
    title: Option<String>,
    retry_after: Option<HeaderValue>,
    /// Pause before anything else happens.
    pub(crate) delay: Duration,
    action: Option<Action>,
    /// Pause before each byte of a `trickle` body.
    interval: Duration,
}

/// The JSON body of `POST /__sandbox/faults`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSpec {
    count: Option<u64>,
    method: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    title: Option<String>,
    retry_after: Option<RetryAfter>,
    delay_ms: Option<u64>,
    action: Option<Action>,
    interval_ms: Option<u64>,
}

/// `retry_after` may be given as a string (`"1"`, an HTTP date) or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum RetryAfter {
    Text(String),
    Seconds(u64),
}

/// What to do with a request that a fault has taken over.
pub(crate) enum Outcome {
    /// Close the connection without writing anything.
    Drop,
    /// Send this answer instead of executing the request.
    Replace(Response<Body>),
    /// Execute the request normally, then adjust the answer.
    Normal,
}

impl Fault {
    /// Parses and checks the body of `POST /__sandbox/faults`.
    pub(crate) fn from_json(body: &[u8]) -> Result<Fault, String> {
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            &b"{}"[..]
        } else {
            body
        };
        let spec: FaultSpec =
            serde_json::from_slice(body).map_err(|e| format!("Invalid fault: {e}"))?;

        let count = spec.count.unwrap_or(1);
        if count == 0 {
            return Err("Invalid fault: count must be at least 1".to_owned());
        }
        let method = match spec.method {
            None => None,
            Some(m) => {
                let m = m.to_ascii_uppercase();
                if m.is_empty() || !m.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(format!("Invalid fault: method {m:?} is not an HTTP method"));
                }
                Some(m)
            }
        };
        let status = match spec.status {
            None => None,
            Some(code) if (200..=599).contains(&code) => Some(
                StatusCode::from_u16(code)
                    .map_err(|_| format!("Invalid fault: status {code} is not valid"))?,
            ),
            Some(code) => {
                return Err(format!(
                    "Invalid fault: status must be between 200 and 599, not {code}"
                ));
            }
        };
        let retry_after = match spec.retry_after {
            None => None,
            Some(RetryAfter::Seconds(n)) => Some(HeaderValue::from(n)),
            Some(RetryAfter::Text(text)) => Some(HeaderValue::from_str(&text).map_err(|_| {
                format!("Invalid fault: retry_after {text:?} is not a valid header value")
            })?),
        };
        let delay_ms = spec.delay_ms.unwrap_or(0);
        let interval_ms = spec.interval_ms.unwrap_or(DEFAULT_TRICKLE_INTERVAL_MS);
        if delay_ms > MAX_DELAY_MS || interval_ms > MAX_DELAY_MS {
            return Err(format!(
                "Invalid fault: delay_ms and interval_ms must not exceed {MAX_DELAY_MS}"
            ));
        }
        Ok(Fault {
            count,
            method,
            status,
            code: spec.code,
            title: spec.title,
            retry_after,
            delay: Duration::from_millis(delay_ms),
            action: spec.action,
            interval: Duration::from_millis(interval_ms),
        })
    }

    /// Whether the fault applies to a request with this method.
    pub(crate) fn applies_to(&self, method: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// Whether the normal answer must be sent with `connection: close`.
    pub(crate) fn closes_connection(&self) -> bool {
        self.action == Some(Action::Http10Close)
    }

    /// Decides what happens to the request (the delay has already passed).
    pub(crate) fn outcome(&self) -> Outcome {
        let status = self.status.unwrap_or(StatusCode::OK);
        let mut response = match self.action {
            Some(Action::Drop) => return Outcome::Drop,
            Some(Action::Http10Close) => return Outcome::Normal,
            None => match self.status {
                None => return Outcome::Normal,
                Some(status) => respond::error(
                    status,
                    self.code
                        .clone()
                        .unwrap_or_else(|| default_code(status))
                        .as_str(),
                    self.title
                        .clone()
                        .unwrap_or_else(|| default_title(status))
                        .as_str(),
                ),
            },
            Some(Action::Malformed) => {
                respond::raw(status, Bytes::from_static(b"{\"key\": {\"id\": "))
            }
            Some(Action::Oversized) => respond::raw(status, oversized_body()),
            Some(Action::InvalidUtf8) => respond::raw(
                status,
                Bytes::from_static(b"{\"key\":{\"id\":\"int_\xff\xfe\",\"displayName\":\"x\"}}"),
            ),
            Some(Action::Trickle) => trickle(status, self.interval),
            Some(Action::Reset) => reset(status),
        };
        if let Some(value) = &self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, value.clone());
        }
        Outcome::Replace(response)
    }

    /// Adds the fault's `Retry-After` (if any) to a normal answer.
    pub(crate) fn decorate(&self, response: &mut Response<Body>) {
        if let Some(value) = &self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, value.clone());
        }
    }
}

/// The error code the sandbox uses for an injected status.
fn default_code(status: StatusCode) -> String {
    let known = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    match status.canonical_reason() {
        Some(reason) => reason
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect(),
        None if status.is_server_error() => "server_error".to_owned(),
        None => "error".to_owned(),
    }
}

/// The error title the sandbox uses for an injected status.
fn default_title(status: StatusCode) -> String {
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut chars = reason.chars();
    let sentence: String = chars
        .next()
        .into_iter()
        .chain(chars.flat_map(char::to_lowercase))
        .collect();
    format!("{sentence} (fault injected by the sandbox)")
}

/// A valid-looking key body of exactly [`OVERSIZED_LEN`] bytes.
fn oversized_body() -> Bytes {
    let prefix = b"{\"key\":{\"id\":\"int_x\",\"displayName\":\"";
    let suffix = b"\"}}";
    let mut body = Vec::with_capacity(OVERSIZED_LEN);
    body.extend_from_slice(prefix);
    body.resize(OVERSIZED_LEN - suffix.len(), b'a');
    body.extend_from_slice(suffix);
    Bytes::from(body)
}

/// A plausible key as a JSON body.
fn key_body(display_name: &str) -> Vec<u8> {
    let key = ApiKey {
        id: new_key_id(),
        display_name: display_name.to_owned(),
        secret: new_secret(),
    };
    serde_json::to_vec(&KeyEnvelope { key: &key }).unwrap_or_default()
}

/// A valid key body streamed one byte per `interval`.
fn trickle(status: StatusCode, interval: Duration) -> Response<Body> {
    let body = key_body("trickle");
    let len = body.len();
    let (mut sender, channel) = Channel::<Bytes, std::io::Error>::new(1);
    tokio::spawn(async move {
        for byte in body {
            tokio::time::sleep(interval).await;
            if sender.send_data(Bytes::from(vec![byte])).await.is_err() {
                // The client went away; nothing left to do.
                return;
            }
        }
    });
    let mut response = respond::raw(status, Bytes::new());
    *response.body_mut() = Body::new(channel);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    response
}

/// Announces [`RESET_ANNOUNCED_LEN`] bytes, sends [`RESET_SENT_LEN`], then
/// fails the body so that the connection is aborted.
fn reset(status: StatusCode) -> Response<Body> {
    let mut body = key_body("");
    // Pad the display name so the announced length is that of a real body.
    let pad_at = body
        .windows(3)
        .position(|w| w == b"\"\",")
        .map_or(body.len(), |p| p + 1);
    let padding = RESET_ANNOUNCED_LEN.saturating_sub(body.len());
    body.splice(pad_at..pad_at, std::iter::repeat_n(b'a', padding));
    body.truncate(RESET_SENT_LEN);

    let (mut sender, channel) = Channel::<Bytes, std::io::Error>::new(1);
    tokio::spawn(async move {
        if sender.send_data(Bytes::from(body)).await.is_err() {
            return;
        }
        // Give the connection time to flush what was sent before failing it.
        tokio::time::sleep(Duration::from_millis(50)).await;
        sender.abort(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: connection reset mid-body",
        ));
    });
    let mut response = respond::raw(status, Bytes::new());
    *response.body_mut() = Body::new(channel);
    response.headers_mut().insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(RESET_ANNOUNCED_LEN),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_defaults() {
        let f = Fault::from_json(b"").unwrap();
        assert_eq!(f.count, 1);
        assert!(f.applies_to("GET"));
        assert!(matches!(f.outcome(), Outcome::Normal));

        let f = Fault::from_json(br#"{"method":"delete","count":3,"delay_ms":5}"#).unwrap();
        assert_eq!(f.count, 3);
        assert!(f.applies_to("DELETE"));
        assert!(!f.applies_to("GET"));
        assert_eq!(f.delay, Duration::from_millis(5));
    }

    #[test]
    fn rejects_bad_faults() {
        for body in [
            &br#"{"count":0}"#[..],
            br#"{"status":99}"#,
            br#"{"status":600}"#,
            br#"{"action":"explode"}"#,
            br#"{"retry_after":"a\nb"}"#,
            br#"{"colour":"red"}"#,
            br#"{"method":"GE T"}"#,
            br#"{"delay_ms":300001}"#,
            b"not json",
        ] {
            assert!(
                Fault::from_json(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(Fault::from_json(br#"{"retry_after":7,"method":null,"action":null}"#).is_ok());
    }

    #[test]
    fn default_codes_and_titles() {
        assert_eq!(
            default_code(StatusCode::SERVICE_UNAVAILABLE),
            "service_unavailable"
        );
        assert_eq!(
            default_code(StatusCode::INTERNAL_SERVER_ERROR),
            "internal_server_error"
        );
        assert_eq!(
            default_code(StatusCode::TOO_MANY_REQUESTS),
            "too_many_requests"
        );
        assert_eq!(default_code(StatusCode::CONFLICT), "conflict");
        assert_eq!(default_code(StatusCode::FORBIDDEN), "forbidden");
        assert_eq!(default_code(StatusCode::IM_A_TEAPOT), "i_m_a_teapot");
        assert_eq!(
            default_code(StatusCode::from_u16(599).unwrap()),
            "server_error"
        );
        assert_eq!(
            default_title(StatusCode::SERVICE_UNAVAILABLE),
            "Service unavailable (fault injected by the sandbox)"
        );
    }

    #[test]
    fn oversized_body_is_two_mib_of_json() {
        let body = oversized_body();
        assert_eq!(body.len(), OVERSIZED_LEN);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["key"]["id"], "int_x");
    }
}
