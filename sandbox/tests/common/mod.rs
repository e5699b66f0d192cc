//! Helpers shared by the sandbox's integration tests.

#![allow(dead_code)]

use std::time::Duration;

use integration_keys_sandbox::Sandbox;
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::Value;

/// A client that never goes through a proxy and never hangs a test.
pub fn client() -> Client {
    Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("build client")
}

/// `…/v2/apps/{app}/integrations/{integration}/keys`, with both ids used as given.
pub fn keys_url(sandbox: &Sandbox, app: &str, integration: &str) -> String {
    format!(
        "{}/v2/apps/{app}/integrations/{integration}/keys",
        sandbox.url()
    )
}

/// Adds the sandbox's Basic credentials.
pub fn authed(sandbox: &Sandbox, request: RequestBuilder) -> RequestBuilder {
    request.basic_auth(sandbox.key_id(), Some(sandbox.secret()))
}

/// Creates a key and returns the answer.
pub fn create(client: &Client, sandbox: &Sandbox, url: &str, name: &str) -> Response {
    authed(sandbox, client.post(url))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "displayName": name }).to_string())
        .send()
        .expect("send create")
}

/// Reads a JSON body.
pub fn json(response: Response) -> Value {
    let bytes = response.bytes().expect("read body");
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    })
}

/// Asserts that `response` is an error in the spec's shape and returns its title.
pub fn assert_error(response: Response, status: u16, code: &str) -> String {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let body = json(response);
    let errors = body["errors"].as_array().expect("errors array");
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["code"], code, "{body}");
    let title = errors[0]["title"].as_str().expect("title string");
    assert!(!title.is_empty());
    title.to_owned()
}

/// Queues a fault and returns the number of queued faults.
pub fn queue_fault(client: &Client, sandbox: &Sandbox, fault: Value) -> u64 {
    let response = client
        .post(format!("{}/__sandbox/faults", sandbox.url()))
        .body(fault.to_string())
        .send()
        .expect("queue fault");
    assert_eq!(response.status().as_u16(), 200);
    json(response)["queued"].as_u64().expect("queued count")
}

/// The request log as `(method, path)` pairs.
pub fn request_log(client: &Client, sandbox: &Sandbox) -> Vec<(String, String)> {
    let body = json(
        client
            .get(format!("{}/__sandbox/requests", sandbox.url()))
            .send()
            .expect("get request log"),
    );
    body["requests"]
        .as_array()
        .expect("requests array")
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
