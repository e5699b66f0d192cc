//! A sandbox per test, and helpers to drive its control endpoints.

#![allow(dead_code)]

use integration_keys::{Client, ClientBuilder};
use integration_keys_sandbox::Sandbox;
use serde_json::{Value, json};

pub struct Fixture {
    pub sandbox: Sandbox,
    control: reqwest::blocking::Client,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            sandbox: Sandbox::start().expect("sandbox starts"),
            control: reqwest::blocking::Client::new(),
        }
    }

    /// A builder pointed at the sandbox with its credentials.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.sandbox.url())
            .key_id(self.sandbox.key_id())
            .secret(self.sandbox.secret())
    }

    pub fn client(&self) -> Client {
        self.builder().build().expect("client builds")
    }

    /// Queues a fault (see the sandbox's control endpoints).
    pub fn fault(&self, fault: Value) {
        let url = format!("{}/__sandbox/faults", self.sandbox.url());
        let status = self.control.post(url).json(&fault).send().unwrap().status();
        assert!(status.is_success(), "queueing {fault} answered {status}");
    }

    /// `(method, raw path)` of every API request the sandbox received.
    pub fn requests(&self) -> Vec<(String, String)> {
        let url = format!("{}/__sandbox/requests", self.sandbox.url());
        let body: Value = self.control.get(url).send().unwrap().json().unwrap();
        body["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["method"].as_str().unwrap().to_owned(),
                    r["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    pub fn count(&self, method: &str) -> usize {
        self.requests().iter().filter(|(m, _)| m == method).count()
    }

    pub fn reset(&self) {
        let url = format!("{}/__sandbox/reset", self.sandbox.url());
        self.control.post(url).json(&json!({})).send().unwrap();
    }
}
