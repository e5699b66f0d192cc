//! The command-line tool against a sandbox: output, error lines, exit codes.

use std::process::{Command, Output};

use integration_keys_sandbox::Sandbox;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_integration-keys");

struct Fixture {
    sandbox: Sandbox,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            sandbox: Sandbox::start().unwrap(),
        }
    }

    /// Runs the tool with the sandbox's settings in the environment, the way
    /// a user would set them.
    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env_remove("INTEGRATION_KEYS_LOG")
            .env("INTEGRATION_KEYS_BASE_URL", self.sandbox.url())
            .env("INTEGRATION_KEYS_KEY_ID", self.sandbox.key_id())
            .env("INTEGRATION_KEYS_SECRET", self.sandbox.secret());
        cmd
    }

    fn fault(&self, fault: Value) {
        reqwest::blocking::Client::new()
            .post(format!("{}/__sandbox/faults", self.sandbox.url()))
            .json(&fault)
            .send()
            .unwrap();
    }
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_operation() {
    let fx = Fixture::new();
    let created = stdout_json(&fx.run(&["create", "app", "int", "My custom key"]));
    let id = created["key"]["id"].as_str().unwrap().to_owned();
    let secret = created["key"]["secret"].as_str().unwrap().to_owned();
    assert_eq!(created["key"]["displayName"], "My custom key");
    assert!(secret.len() >= 20);

    let listed = stdout_json(&fx.run(&["list", "app", "int"]));
    assert_eq!(listed["keys"][0]["id"], id.as_str());
    assert_eq!(listed["keys"][0]["secret"], "<redacted>");

    let got = stdout_json(&fx.run(&["get", "app", "int", &id]));
    assert_eq!(got["key"]["id"], id.as_str());
    assert!(
        !String::from_utf8_lossy(&fx.run(&["get", "app", "int", &id]).stdout).contains(&secret)
    );

    // A key id argument must not be taken for the --key-id option.
    let out = fx.run(&["get", "app", "int", &id, "--key-id", fx.sandbox.key_id()]);
    assert_eq!(stdout_json(&out)["key"]["id"], id.as_str());

    assert_eq!(
        stdout_json(&fx.run(&["delete", "app", "int", &id])),
        json!({})
    );
    let out = fx.run(&["get", "app", "int", &id]);
    assert_eq!(out.status.code(), Some(14));
    assert!(
        stderr(&out).starts_with("error (not_found): HTTP 404"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn global_options_work_before_and_after_the_subcommand() {
    let fx = Fixture::new();
    let url = fx.sandbox.url().to_owned();
    let key_id = fx.sandbox.key_id().to_owned();
    let secret = fx.sandbox.secret().to_owned();
    for args in [
        vec![
            "--base-url",
            &url,
            "--key-id",
            &key_id,
            "--secret",
            &secret,
            "--auth",
            "jwt",
            "list",
            "a",
            "i",
        ],
        vec![
            "list",
            "a",
            "i",
            "--base-url",
            &url,
            "--key-id",
            &key_id,
            "--secret",
            &secret,
            "--max-retries",
            "0",
        ],
    ] {
        let out = Command::new(BIN)
            .args(&args)
            .env_remove("INTEGRATION_KEYS_BASE_URL")
            .env_remove("INTEGRATION_KEYS_KEY_ID")
            .env_remove("INTEGRATION_KEYS_SECRET")
            .output()
            .unwrap();
        assert_eq!(stdout_json(&out), json!({"keys": []}));
    }
}

#[test]
fn the_embedded_sandbox_runs_the_readme_command() {
    let out = Command::new(BIN)
        .args([
            "--sandbox",
            "create",
            "demo_app",
            "demo_integration",
            "My custom key",
        ])
        .output()
        .unwrap();
    let key = stdout_json(&out);
    assert!(key["key"]["id"].as_str().unwrap().starts_with("int_"));
    assert!(key["key"]["secret"].as_str().is_some());
}

#[test]
fn each_error_kind_has_its_exit_code_and_line() {
    let fx = Fixture::new();
    let cases: Vec<(Option<Value>, Vec<&str>, i32, &str)> = vec![
        (
            None,
            vec!["create", "a", "i", ""],
            11,
            "error (invalid_argument): display_name",
        ),
        (
            Some(json!({"status": 401})),
            vec!["list", "a", "i"],
            12,
            "error (authentication): HTTP 401",
        ),
        (
            Some(json!({"status": 403, "code": "forbidden"})),
            vec!["list", "a", "i"],
            13,
            "error (permission_denied): HTTP 403 (forbidden)",
        ),
        (
            None,
            vec!["get", "a", "i", "int_missing"],
            14,
            "error (not_found): HTTP 404 (not_found)",
        ),
        (
            Some(json!({"status": 409})),
            vec!["list", "a", "i"],
            15,
            "error (conflict): HTTP 409",
        ),
        (
            Some(json!({"status": 429, "retry_after": "9"})),
            vec!["list", "a", "i", "--max-retries", "0"],
            16,
            "error (rate_limited): HTTP 429",
        ),
        (
            Some(json!({"status": 422})),
            vec!["list", "a", "i"],
            17,
            "error (bad_request): HTTP 422",
        ),
        (
            Some(json!({"status": 500, "count": 3})),
            vec!["list", "a", "i"],
            18,
            "error (server): HTTP 500",
        ),
        (
            Some(json!({"delay_ms": 1000})),
            vec!["list", "a", "i", "--timeout", "0.2", "--max-retries", "0"],
            19,
            "error (timeout): ",
        ),
        (
            None,
            vec![
                "list",
                "a",
                "i",
                "--base-url",
                "http://127.0.0.1:1",
                "--max-retries",
                "0",
            ],
            20,
            "error (connection): ",
        ),
        (
            Some(json!({"action": "malformed"})),
            vec!["list", "a", "i"],
            21,
            "error (decode): ",
        ),
    ];
    for (fault, args, code, line) in cases {
        if let Some(fault) = fault {
            fx.fault(fault);
        }
        let out = fx.run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.starts_with(line), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = fx.run(&["list", "a", "i", "--max-retries", "0"]);
    assert!(out.status.success());

    fx.fault(json!({"status": 429, "retry_after": "9"}));
    let err = stderr(&fx.run(&["list", "a", "i", "--max-retries", "0"]));
    assert!(
        err.contains("[retry after 9s]") && err.contains("[request id req_"),
        "{err}"
    );
}

#[test]
fn jwt_signs_with_the_given_key() {
    let out = Command::new(BIN)
        .args([
            "jwt",
            "--key-id",
            "app_1",
            "--secret",
            "secret",
            "--scope",
            "account",
            "--expires-in",
            "60",
        ])
        .env_remove("INTEGRATION_KEYS_KEY_ID")
        .env_remove("INTEGRATION_KEYS_SECRET")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let token = String::from_utf8(out.stdout).unwrap();
    assert_eq!(token.trim().split('.').count(), 3);

    let out = Command::new(BIN)
        .args(["jwt", "--key-id", "app_1"])
        .env_remove("INTEGRATION_KEYS_SECRET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(11));
}

#[test]
fn trace_logs_hold_no_secret() {
    let fx = Fixture::new();
    let out = fx
        .command(&["create", "a", "i", "k"])
        .env("INTEGRATION_KEYS_LOG", "trace")
        .output()
        .unwrap();
    let created = stdout_json(&out);
    let key_secret = created["key"]["secret"].as_str().unwrap();
    let log = stderr(&out);
    assert!(
        log.contains("POST /v2/apps/a/integrations/i/keys -> 201"),
        "{log}"
    );
    assert!(
        !log.contains(fx.sandbox.secret()) && !log.contains(key_secret),
        "{log}"
    );
    assert!(!log.contains("Basic ") && !log.contains("Bearer "), "{log}");
}

#[test]
fn the_sandbox_command_prints_its_settings() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(BIN)
        .args(["sandbox", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let out = Command::new(BIN)
        .args(["list", "a", "i"])
        .env("INTEGRATION_KEYS_BASE_URL", info["url"].as_str().unwrap())
        .env("INTEGRATION_KEYS_KEY_ID", info["key_id"].as_str().unwrap())
        .env("INTEGRATION_KEYS_SECRET", info["secret"].as_str().unwrap())
        .output()
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(stdout_json(&out), json!({"keys": []}));
}
