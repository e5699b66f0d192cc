//! The shared cases of `tests/cases/`, through the command-line tool: each
//! call is one run of the binary, its outcome read back from stdout, the
//! exit code and the error line.

#[path = "../../tests/rust/runner.rs"]
mod runner;

use std::process::Command;

use integration_keys::ErrorKind;
use runner::{Arg, FrontEnd, Settings};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_integration-keys");

struct Cli;

impl FrontEnd for Cli {
    const NAME: &'static str = "cli";

    fn call(&self, settings: &Settings, op: &str, args: &[Arg]) -> Value {
        let texts: Vec<String> = args
            .iter()
            .filter_map(|a| a.text().map(str::to_owned))
            .collect();
        let mut cmd = Command::new(BIN);
        for var in [
            "BASE_URL",
            "SUBDOMAIN",
            "KEY_ID",
            "SECRET",
            "TOKEN",
            "AUTH",
            "LOG",
        ] {
            cmd.env_remove(format!("INTEGRATION_KEYS_{var}"));
        }
        if op == "sign_jwt" {
            cmd.args([
                "jwt", "--key-id", &texts[0], "--secret", &texts[1], "--scope", &texts[2],
            ]);
            if let Some(seconds) = texts.get(3) {
                cmd.args(["--expires-in", seconds]);
            }
        } else {
            cmd.args([
                "--base-url",
                &settings.base_url,
                "--key-id",
                &settings.key_id,
            ]);
            cmd.env("INTEGRATION_KEYS_SECRET", &settings.secret);
            if let Some(auth) = &settings.auth {
                cmd.args(["--auth", auth]);
            }
            if let Some(t) = settings.timeout {
                cmd.args(["--timeout", &t.to_string()]);
            }
            if let Some(n) = settings.max_retries {
                cmd.args(["--max-retries", &n.to_string()]);
            }
            let sub = op.split('_').next().unwrap();
            cmd.arg(sub).arg("--").args(&texts);
        }
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        if code == 0 {
            return json!({ "ok": ok_outcome(op, &stdout) });
        }
        assert!((11..=22).contains(&code), "exit code {code}: {stderr}");
        let kind = ErrorKind::ALL[(code - 11) as usize];
        runner::error_outcome(
            kind,
            between(&stderr, "HTTP ", |c: char| !c.is_ascii_digit()).and_then(|s| s.parse().ok()),
            between(&stderr, &format!("HTTP {} (", status_text(&stderr)), |c| {
                c == ')'
            })
            .as_deref(),
            between(&stderr, "[retry after ", |c| c == 's').and_then(|s| s.parse().ok()),
        )
    }
}

/// The outcome of a successful run, from the JSON it printed.
fn ok_outcome(op: &str, stdout: &str) -> Value {
    if op == "sign_jwt" {
        return json!({"token": stdout.trim()});
    }
    let v: Value = serde_json::from_str(stdout).unwrap();
    let key = |k: &Value| json!({"id": k["id"], "display_name": k["displayName"], "has_secret": k.get("secret").is_some()});
    match op {
        "list_integration_keys" => {
            let keys = v["keys"].as_array().unwrap();
            let names: Vec<&Value> = keys.iter().map(|k| &k["displayName"]).collect();
            json!({"count": keys.len(), "display_names": names})
        }
        "delete_integration_key" => v,
        _ => key(&v["key"]),
    }
}

fn status_text(stderr: &str) -> String {
    between(stderr, "HTTP ", |c: char| !c.is_ascii_digit()).unwrap_or_default()
}

/// The text after `start` up to the first character that `end` accepts.
fn between(text: &str, start: &str, end: impl Fn(char) -> bool) -> Option<String> {
    let from = text.find(start)? + start.len();
    let rest = &text[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    Some(rest[..to].to_owned()).filter(|s| !s.is_empty())
}

#[test]
fn shared_cases() {
    runner::run_all(&Cli);
}
