//! Which failures are retried, how often, and that a create is never sent
//! twice once the server may have seen it.

mod common;

use common::Fixture;
use integration_keys::{Client, ErrorKind};
use serde_json::json;
use std::time::{Duration, Instant};

#[test]
fn a_create_answered_by_500_is_sent_once() {
    let fx = Fixture::new();
    let client = fx.builder().max_retries(3).build().unwrap();
    fx.fault(json!({"method": "POST", "status": 500, "count": 5}));
    let e = client.create_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(fx.count("POST"), 1);
}

#[test]
fn a_create_that_times_out_is_sent_once() {
    let fx = Fixture::new();
    let client = fx
        .builder()
        .max_retries(3)
        .timeout_secs(0.3)
        .build()
        .unwrap();
    fx.fault(json!({"method": "POST", "delay_ms": 1000, "count": 5}));
    let e = client.create_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(fx.count("POST"), 1);
}

#[test]
fn a_create_whose_connection_drops_is_sent_once() {
    let fx = Fixture::new();
    let client = fx.builder().max_retries(3).build().unwrap();
    fx.fault(json!({"method": "POST", "action": "drop", "count": 5}));
    let e = client.create_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert_eq!(fx.count("POST"), 1);
}

#[test]
fn a_429_waits_for_retry_after_then_succeeds() {
    let fx = Fixture::new();
    let client = fx.client();
    fx.fault(json!({"method": "POST", "status": 429, "retry_after": "1"}));
    let started = Instant::now();
    let key = client.create_integration_key("a", "i", "k").unwrap();
    let waited = started.elapsed();
    assert!(key.secret.is_some());
    assert_eq!(fx.count("POST"), 2);
    // The wait is the server's, not a guess: at least the second it asked for.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[test]
fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let fx = Fixture::new();
    let client = fx.client();
    fx.fault(json!({"status": 429, "retry_after": "3600"}));
    let e = client.list_integration_keys("a", "i").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(fx.count("GET"), 1);
}

#[test]
fn a_get_answered_by_503_is_retried_max_retries_times() {
    let fx = Fixture::new();
    for max_retries in [0, 1, 3] {
        fx.reset();
        let client = fx.builder().max_retries(max_retries).build().unwrap();
        fx.fault(json!({"method": "GET", "status": 503, "count": 100}));
        let e = client.list_integration_keys("a", "i").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(fx.count("GET"), max_retries as usize + 1);
    }
}

#[test]
fn gets_and_deletes_recover_from_transient_failures() {
    let fx = Fixture::new();
    let client = fx.builder().timeout_secs(0.5).build().unwrap();
    let key = client.create_integration_key("a", "i", "k").unwrap();

    fx.fault(json!({"method": "GET", "action": "drop"}));
    fx.fault(json!({"method": "GET", "delay_ms": 1000}));
    client.get_integration_key("a", "i", &key.id).unwrap();
    assert_eq!(fx.count("GET"), 3);

    fx.fault(json!({"method": "DELETE", "status": 502}));
    client.delete_integration_key("a", "i", &key.id).unwrap();
    assert_eq!(fx.count("DELETE"), 2);
}

#[test]
fn a_failed_connect_is_retried_even_for_a_create() {
    // Nothing listens on the port, so every attempt fails to connect.
    let client = Client::builder()
        .base_url("http://127.0.0.1:1")
        .key_id("k")
        .secret("s")
        .max_retries(2)
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.create_integration_key("a", "i", "k").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection);
    // Two backoff waits of at least 125 ms and 250 ms show two retries.
    assert!(started.elapsed() >= Duration::from_millis(375));
}
