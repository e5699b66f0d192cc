//! Small helpers that build the sandbox's JSON responses.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde::Serialize;

/// The `content-type` of every JSON answer.
pub(crate) const APPLICATION_JSON: &str = "application/json";

/// A response with a JSON body.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response<Body> {
    // Serializing plain structs and `serde_json::Value`s cannot fail.
    let body = serde_json::to_vec(value).unwrap_or_default();
    raw(status, Bytes::from(body))
}

/// A response whose body is the given bytes, labelled as JSON whatever they are.
pub(crate) fn raw(status: StatusCode, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(Body::from(body.into()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(APPLICATION_JSON),
    );
    response
}

/// An error in the spec's shape: `{"errors":[{"code":..,"title":..}]}`.
pub(crate) fn error(status: StatusCode, code: &str, title: &str) -> Response<Body> {
    json(
        status,
        &serde_json::json!({ "errors": [ { "code": code, "title": title } ] }),
    )
}

/// 400 `bad_request` with the given title.
pub(crate) fn bad_request(title: &str) -> Response<Body> {
    error(StatusCode::BAD_REQUEST, "bad_request", title)
}

/// 404 `not_found` with the given title.
pub(crate) fn not_found(title: &str) -> Response<Body> {
    error(StatusCode::NOT_FOUND, "not_found", title)
}

/// 405 `method_not_allowed`.
pub(crate) fn method_not_allowed() -> Response<Body> {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Method not allowed",
    )
}

/// 413 `payload_too_large`.
pub(crate) fn payload_too_large(limit: usize) -> Response<Body> {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        &format!("Request body must not exceed {limit} bytes"),
    )
}
