//! Every error kind, with the details it carries, against the sandbox.

mod common;

use common::Fixture;
use integration_keys::{Client, ErrorKind};
use serde_json::json;
use std::time::Duration;

#[test]
fn each_status_maps_to_its_kind() {
    let fx = Fixture::new();
    let client = fx.builder().max_retries(0).build().unwrap();
    let table = [
        (400, ErrorKind::BadRequest),
        (403, ErrorKind::PermissionDenied),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (422, ErrorKind::BadRequest),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (503, ErrorKind::Server),
        (302, ErrorKind::BadRequest),
    ];
    for (status, kind) in table {
        fx.fault(json!({"status": status, "code": "some_code", "title": "Some title"}));
        let e = client.list_integration_keys("a", "i").unwrap_err();
        assert_eq!(e.kind(), kind, "{status}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.code(), Some("some_code"));
        assert_eq!(e.title(), Some("Some title"));
        assert!(e.request_id().unwrap().starts_with("req_"), "{e:?}");
    }
}

#[test]
fn wrong_secret_is_authentication() {
    let fx = Fixture::new();
    let client = Client::builder()
        .base_url(fx.sandbox.url())
        .key_id(fx.sandbox.key_id())
        .secret("not-the-secret")
        .build()
        .unwrap();
    let e = client.create_integration_key("a", "i", "x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.code(), Some("unauthorized"));
    assert!(!e.to_string().contains("not-the-secret"));
}

#[test]
fn rate_limited_carries_retry_after() {
    let fx = Fixture::new();
    let client = fx.builder().max_retries(0).build().unwrap();
    fx.fault(json!({"status": 429, "retry_after": "7"}));
    let e = client.list_integration_keys("a", "i").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
}

#[test]
fn timeout_connection_and_decode() {
    let fx = Fixture::new();
    let client = fx
        .builder()
        .max_retries(0)
        .timeout_secs(0.3)
        .build()
        .unwrap();

    fx.fault(json!({"delay_ms": 1500}));
    let e = client.list_integration_keys("a", "i").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");

    let closed = Client::builder()
        .base_url("http://127.0.0.1:1")
        .key_id("k")
        .secret("s")
        .max_retries(0)
        .build()
        .unwrap();
    let e = closed.list_integration_keys("a", "i").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(e.status(), None);

    for action in ["malformed", "oversized", "invalid_utf8"] {
        fx.fault(json!({"action": action}));
        let e = client.get_integration_key("a", "i", "int_x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{action}: {e}");
    }

    fx.fault(json!({"action": "reset"}));
    let e = client.get_integration_key("a", "i", "int_x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
}

#[test]
fn a_create_without_secret_is_decode() {
    // The sandbox always sends the secret, so this is checked on the decoder.
    let e = integration_keys::decode_created_key(br#"{"key":{"id":"int_1"}}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
}

#[test]
fn invalid_arguments_send_nothing() {
    let fx = Fixture::new();
    let client = fx.client();
    let long = "x".repeat(257);
    let bad: Vec<Box<dyn Fn() -> integration_keys::Result<()>>> = vec![
        Box::new(|| client.create_integration_key("", "i", "n").map(drop)),
        Box::new(|| client.create_integration_key("a", "i", "").map(drop)),
        Box::new(|| {
            client
                .create_integration_key("a", "i", &"n".repeat(101))
                .map(drop)
        }),
        Box::new(|| client.list_integration_keys("a\n", "i").map(drop)),
        Box::new(|| client.get_integration_key("a", &long, "k").map(drop)),
        Box::new(|| client.delete_integration_key("a", "i", "..")),
        Box::new(|| client.delete_integration_key("a", "i", "k\u{0}")),
    ];
    for (n, call) in bad.iter().enumerate() {
        let e = call().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "case {n}: {e}");
    }
    assert!(fx.requests().is_empty());

    let e = Client::builder()
        .base_url("http://example.com")
        .key_id("k")
        .secret("s")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn redirects_are_not_followed() {
    let fx = Fixture::new();
    let client = fx.builder().max_retries(0).build().unwrap();
    fx.fault(json!({"status": 307}));
    let e = client.list_integration_keys("a", "i").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadRequest);
    assert_eq!(fx.count("GET"), 1);
}
