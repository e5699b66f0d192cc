//! No secret or Authorization value reaches Debug output, error messages or
//! log records, even at trace level. One test in its own binary, because it
//! installs the process-wide logger.

mod common;

use std::sync::Mutex;

use common::Fixture;
use integration_keys::{AuthMode, Client, Secret, sign_jwt};
use serde_json::json;

static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        RECORDS.lock().unwrap().push(format!(
            "{} {} {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture;

#[test]
fn secrets_never_show() {
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let fx = Fixture::new();
    let sandbox_secret = fx.sandbox.secret().to_owned();
    let basic = base64_of(&format!("{}:{}", fx.sandbox.key_id(), sandbox_secret));
    let mut shown = Vec::new();

    for auth in [AuthMode::Basic, AuthMode::Jwt] {
        let client = fx.builder().auth(auth).max_retries(1).build().unwrap();
        shown.push(format!("{client:?}"));
        let key = client.create_integration_key("a", "i", "k").unwrap();
        let key_secret = key.secret.clone().unwrap().expose().to_owned();
        shown.push(format!("{key:?}"));
        shown.push(format!(
            "{:?}",
            client.list_integration_keys("a", "i").unwrap()
        ));
        fx.fault(json!({"status": 503}));
        client.get_integration_key("a", "i", &key.id).unwrap();
        fx.fault(json!({"status": 401}));
        let e = client.get_integration_key("a", "i", &key.id).unwrap_err();
        shown.push(format!("{e} {e:?}"));
        check(&shown, &[&sandbox_secret, &key_secret, &basic]);
    }

    let wrong = Client::builder()
        .base_url(fx.sandbox.url())
        .key_id("app_x")
        .secret("wrong-secret-value")
        .build()
        .unwrap();
    let e = wrong.list_integration_keys("a", "i").unwrap_err();
    shown.push(format!("{e} {e:?}"));

    let token = sign_jwt("app_x", &Secret::new("jwt-secret-value"), "app", None).unwrap();
    shown.push(format!("{token:?} {token}"));

    let records = RECORDS.lock().unwrap().clone();
    assert!(
        records
            .iter()
            .any(|r| r.contains("GET /v2/apps/a/integrations/i/keys")),
        "the requests were logged: {records:#?}"
    );
    shown.extend(records);
    check(
        &shown,
        &[
            &sandbox_secret,
            &basic,
            "wrong-secret-value",
            "jwt-secret-value",
            token.expose(),
            "Basic ",
            "Bearer ",
        ],
    );
}

fn check(shown: &[String], secrets: &[&str]) {
    for text in shown {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret:?} shows in {text:?}");
        }
    }
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
