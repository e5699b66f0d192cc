//! Faults queued through the control endpoints, and the other control
//! endpoints.

mod common;

use std::io::Read as _;
use std::time::{Duration, Instant};

use common::{assert_error, authed, client, create, json, keys_url, queue_fault, request_log};
use integration_keys_sandbox::Sandbox;
use reqwest::Version;
use serde_json::json;

fn key_count(sandbox: &Sandbox, url: &str) -> usize {
    let list = json(authed(sandbox, client().get(url)).send().unwrap());
    list["keys"].as_array().unwrap().len()
}

#[test]
fn status_fault_with_retry_after_replaces_the_answer() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    assert_eq!(
        queue_fault(
            &client,
            &sandbox,
            json!({ "status": 503, "retry_after": "1" })
        ),
        1
    );

    let response = create(&client, &sandbox, &url, "never made");
    assert_eq!(response.headers()["retry-after"], "1");
    assert!(response.headers().contains_key("x-request-id"));
    assert_error(response, 503, "service_unavailable");
    assert_eq!(key_count(&sandbox, &url), 0, "the faulted create ran");

    // Custom code and title, numeric Retry-After, and no credentials needed
    // for a fault to answer.
    queue_fault(
        &client,
        &sandbox,
        json!({ "status": 429, "code": "slow_down", "title": "Too fast", "retry_after": 7 }),
    );
    let response = client.get(&url).send().unwrap();
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(assert_error(response, 429, "slow_down"), "Too fast");

    // Defaults derived from the status.
    for (status, code) in [
        (500, "internal_server_error"),
        (409, "conflict"),
        (403, "forbidden"),
    ] {
        queue_fault(&client, &sandbox, json!({ "status": status }));
        let response = authed(&sandbox, client.get(&url)).send().unwrap();
        assert!(!response.headers().contains_key("retry-after"));
        assert_error(response, status, code);
    }

    // The queue is empty again.
    assert_eq!(
        authed(&sandbox, client.get(&url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

#[test]
fn drop_closes_the_connection_without_an_answer() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "drop" }));
    let err = authed(&sandbox, client.get(&url)).send().unwrap_err();
    assert!(!err.is_status(), "{err}");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );

    // Only one request was dropped.
    assert_eq!(
        authed(&sandbox, client.get(&url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let log = request_log(&client, &sandbox);
    assert_eq!(log.len(), 2, "the dropped request is logged: {log:?}");
}

#[test]
fn a_dropped_create_is_logged_but_not_executed() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(
        &client,
        &sandbox,
        json!({ "action": "drop", "method": "POST" }),
    );
    let sent = authed(&sandbox, client.post(&url))
        .body(r#"{"displayName":"x"}"#)
        .send();
    assert!(sent.is_err());
    assert_eq!(key_count(&sandbox, &url), 0);
    let log = request_log(&client, &sandbox);
    assert_eq!(log[0].0, "POST");
}

#[test]
fn malformed_answers_truncated_json() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "malformed" }));
    let response = create(&client, &sandbox, &url, "x");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.headers().contains_key("x-request-id"));
    let body = response.bytes().unwrap();
    assert_eq!(&body[..], b"{\"key\": {\"id\": ");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
    assert_eq!(key_count(&sandbox, &url), 0);

    queue_fault(
        &client,
        &sandbox,
        json!({ "action": "malformed", "status": 201 }),
    );
    assert_eq!(create(&client, &sandbox, &url, "x").status().as_u16(), 201);
}

#[test]
fn oversized_answers_two_mib() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "oversized" }));
    let response = authed(&sandbox, client.get(&url)).send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.content_length(), Some(2 * 1024 * 1024));
    let body = response.bytes().unwrap();
    assert_eq!(body.len(), 2 * 1024 * 1024);
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["key"]["id"], "int_x");
}

#[test]
fn reset_breaks_the_body_midway() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "reset" }));
    let mut response = authed(&sandbox, client.get(&url)).send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.content_length(), Some(1000));
    let mut received = Vec::new();
    let err = response.read_to_end(&mut received).unwrap_err();
    assert!(
        !received.is_empty() && received.len() < 1000,
        "{}",
        received.len()
    );
    assert!(received.starts_with(b"{\"key\":{\"id\":\"int_"), "{err}");

    // The sandbox is fine afterwards.
    assert_eq!(
        authed(&sandbox, client.get(&url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

#[test]
fn trickle_sends_one_byte_per_interval() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");

    // Default pace: 50 ms a byte. Read a few bytes and hang up.
    queue_fault(&client, &sandbox, json!({ "action": "trickle" }));
    let start = Instant::now();
    let mut response = authed(&sandbox, client.get(&url)).send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let announced = response.content_length().expect("content-length");
    let mut first = [0u8; 6];
    response.read_exact(&mut first).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(&first, b"{\"key\"");
    assert!(elapsed >= Duration::from_millis(6 * 50 - 20), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(3000), "{elapsed:?}");
    drop(response);

    // A faster pace, read to the end: a valid key, in about N intervals.
    queue_fault(
        &client,
        &sandbox,
        json!({ "action": "trickle", "interval_ms": 4 }),
    );
    let start = Instant::now();
    let response = authed(&sandbox, client.get(&url)).send().unwrap();
    let body = response.bytes().unwrap();
    let elapsed = start.elapsed();
    assert_eq!(body.len() as u64, announced);
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["key"]["displayName"], "trickle");
    assert!(
        elapsed >= Duration::from_millis(4 * body.len() as u64 - 20),
        "{elapsed:?} for {} bytes",
        body.len()
    );
}

#[test]
fn invalid_utf8_answers_non_utf8_bytes() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "invalid_utf8" }));
    let response = authed(&sandbox, client.get(&url)).send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.bytes().unwrap();
    assert!(body.windows(2).any(|w| w == [0xff, 0xfe]));
    assert!(std::str::from_utf8(&body).is_err());
    assert!(body.starts_with(b"{\"key\":{\"id\":\"int_"));
}

#[test]
fn delay_then_answer_normally() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "delay_ms": 300 }));
    let start = Instant::now();
    let response = create(&client, &sandbox, &url, "late");
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(key_count(&sandbox, &url), 1, "a delayed create still runs");

    // A delay before an injected status.
    queue_fault(&client, &sandbox, json!({ "delay_ms": 200, "status": 502 }));
    let start = Instant::now();
    let response = authed(&sandbox, client.get(&url)).send().unwrap();
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert_error(response, 502, "bad_gateway");
}

#[test]
fn http10_close_answers_normally_then_closes() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "http10_close" }));
    let response = create(&client, &sandbox, &url, "made");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.version(), Version::HTTP_10);
    assert_eq!(response.headers()["connection"], "close");
    assert_eq!(json(response)["key"]["displayName"], "made");
    assert_eq!(key_count(&sandbox, &url), 1);
    // The next request on the same client gets a fresh connection and works.
    assert_eq!(
        create(&client, &sandbox, &url, "next").status().as_u16(),
        201
    );
}

#[test]
fn method_filter_and_count() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    assert_eq!(
        queue_fault(
            &client,
            &sandbox,
            json!({ "method": "delete", "status": 500, "count": 2 })
        ),
        1
    );
    assert_eq!(
        queue_fault(&client, &sandbox, json!({ "method": "GET", "status": 418 })),
        2
    );

    // POSTs pass untouched; the first GET takes the GET fault.
    let key = json(create(&client, &sandbox, &url, "k"))["key"].clone();
    let key_url = format!("{url}/{}", key["id"].as_str().unwrap());
    assert_error(
        authed(&sandbox, client.get(&key_url)).send().unwrap(),
        418,
        "i_m_a_teapot",
    );
    assert_eq!(
        authed(&sandbox, client.get(&key_url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    // Two DELETEs fail without deleting, the third deletes.
    for _ in 0..2 {
        let response = authed(&sandbox, client.delete(&key_url)).send().unwrap();
        assert_error(response, 500, "internal_server_error");
        assert_eq!(key_count(&sandbox, &url), 1);
    }
    assert_eq!(
        authed(&sandbox, client.delete(&key_url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    assert_eq!(key_count(&sandbox, &url), 0);
}

#[test]
fn faults_apply_in_queue_order() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "status": 500 }));
    queue_fault(&client, &sandbox, json!({ "status": 502 }));
    assert_error(
        authed(&sandbox, client.get(&url)).send().unwrap(),
        500,
        "internal_server_error",
    );
    assert_error(
        authed(&sandbox, client.get(&url)).send().unwrap(),
        502,
        "bad_gateway",
    );
    assert_eq!(
        authed(&sandbox, client.get(&url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

#[test]
fn invalid_faults_are_refused() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    for fault in [
        json!({ "action": "explode" }),
        json!({ "count": 0 }),
        json!({ "status": 42 }),
        json!({ "stauts": 500 }),
    ] {
        let response = client
            .post(format!("{}/__sandbox/faults", sandbox.url()))
            .body(fault.to_string())
            .send()
            .unwrap();
        assert_error(response, 400, "bad_request");
    }
    // Nothing was queued.
    let url = keys_url(&sandbox, "a", "i");
    assert_eq!(
        authed(&sandbox, client.get(&url))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

#[test]
fn control_endpoints() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let base = sandbox.url();
    let url = keys_url(&sandbox, "a", "i");

    let health = client
        .get(format!("{base}/__sandbox/health"))
        .send()
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    assert_eq!(json(health), json!({ "ok": true }));

    create(&client, &sandbox, &url, "k");
    queue_fault(&client, &sandbox, json!({ "status": 500, "count": 5 }));
    assert_eq!(
        request_log(&client, &sandbox).len(),
        1,
        "control requests are not logged"
    );

    let reset = client
        .post(format!("{base}/__sandbox/reset"))
        .send()
        .unwrap();
    assert_eq!(reset.status().as_u16(), 200);
    assert_eq!(json(reset), json!({}));

    assert!(request_log(&client, &sandbox).is_empty());
    // Keys and faults are gone: this list is answered normally and empty.
    let list = authed(&sandbox, client.get(&url)).send().unwrap();
    assert_eq!(list.status().as_u16(), 200);
    assert_eq!(json(list), json!({ "keys": [] }));

    let wrong_method = client
        .get(format!("{base}/__sandbox/reset"))
        .send()
        .unwrap();
    assert_error(wrong_method, 405, "method_not_allowed");
    let unknown = client
        .get(format!("{base}/__sandbox/nothing"))
        .send()
        .unwrap();
    assert_error(unknown, 404, "not_found");
}

#[test]
fn stopping_with_a_slow_answer_in_progress_is_prompt() {
    let sandbox = Sandbox::start().unwrap();
    let client = client();
    let url = keys_url(&sandbox, "a", "i");
    queue_fault(&client, &sandbox, json!({ "action": "trickle" }));
    let mut response = authed(&sandbox, client.get(&url)).send().unwrap();
    let mut byte = [0u8; 1];
    response.read_exact(&mut byte).unwrap();
    let start = Instant::now();
    sandbox.stop();
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    let mut rest = Vec::new();
    assert!(response.read_to_end(&mut rest).is_err());
}
