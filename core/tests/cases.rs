//! The shared cases of `tests/cases/`, through the Rust crate.

#[path = "../../tests/rust/runner.rs"]
mod runner;

use std::time::Duration;

use integration_keys::{Client, Error, Secret, sign_jwt};
use runner::{Arg, FrontEnd, Settings};
use serde_json::{Value, json};

struct Rust;

impl Rust {
    fn client(settings: &Settings) -> Result<Client, Error> {
        let mut b = Client::builder()
            .base_url(&settings.base_url)
            .key_id(&settings.key_id)
            .secret(settings.secret.as_str());
        if let Some(auth) = &settings.auth {
            b = b.auth_name(auth);
        }
        if let Some(t) = settings.timeout {
            b = b.timeout_secs(t);
        }
        if let Some(n) = settings.max_retries {
            b = b.max_retries(n);
        }
        b.build()
    }

    fn make(
        settings: &Settings,
        op: &str,
        a: &[&str],
        expires_in: Option<u64>,
    ) -> Result<Value, Error> {
        if op == "sign_jwt" {
            let token = sign_jwt(
                a[0],
                &Secret::new(a[1]),
                a[2],
                expires_in.map(Duration::from_secs),
            )?;
            return Ok(json!({"token": token.expose()}));
        }
        let client = Rust::client(settings)?;
        Ok(match op {
            "create_integration_key" => {
                runner::key_outcome(&client.create_integration_key(a[0], a[1], a[2])?)
            }
            "list_integration_keys" => {
                runner::list_outcome(&client.list_integration_keys(a[0], a[1])?)
            }
            "get_integration_key" => {
                runner::key_outcome(&client.get_integration_key(a[0], a[1], a[2])?)
            }
            "delete_integration_key" => {
                client.delete_integration_key(a[0], a[1], a[2])?;
                json!({})
            }
            other => panic!("unknown op {other}"),
        })
    }
}

impl FrontEnd for Rust {
    const NAME: &'static str = "rust";

    fn call(&self, settings: &Settings, op: &str, args: &[Arg]) -> Value {
        let (texts, rest): (Vec<&Arg>, Vec<&Arg>) = if op == "sign_jwt" {
            (args[..3].iter().collect(), args[3..].iter().collect())
        } else {
            (args.iter().collect(), Vec::new())
        };
        let texts: Vec<&str> = texts
            .iter()
            .map(|a| a.text().expect("the Rust crate takes only text"))
            .collect();
        let expires_in = rest
            .first()
            .and_then(|a| a.text())
            .map(|t| t.parse().unwrap());
        match Rust::make(settings, op, &texts, expires_in) {
            Ok(value) => json!({ "ok": value }),
            Err(e) => runner::error_outcome(
                e.kind(),
                e.status(),
                e.code(),
                e.retry_after().map(|d| d.as_secs()),
            ),
        }
    }
}

#[test]
fn shared_cases() {
    runner::run_all(&Rust);
}
