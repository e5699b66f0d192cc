//! Runs the shared cases of `tests/cases/` through one Rust-side front end.
//! Included by the core's and the command-line tool's test suites, which
//! each supply the way a call is made.

// Each suite that includes this file uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use integration_keys::{Client, ErrorKind, IntegrationKey};
use integration_keys_sandbox::Sandbox;
use serde_json::{Map, Value, json};

/// The client settings of one case.
pub struct Settings {
    pub base_url: String,
    pub key_id: String,
    pub secret: String,
    pub auth: Option<String>,
    pub timeout: Option<f64>,
    pub max_retries: Option<u32>,
}

/// One argument of a call.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Null,
    Bytes(Vec<u8>),
}

impl Arg {
    /// The argument as text; `None` for NULL and for bytes.
    pub fn text(&self) -> Option<&str> {
        match self {
            Arg::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// A front end that can make the calls of the cases.
pub trait FrontEnd {
    /// The name the cases' `only` field uses.
    const NAME: &'static str;

    /// Makes `op` with `args` and returns the outcome in the shared shape.
    fn call(&self, settings: &Settings, op: &str, args: &[Arg]) -> Value;
}

/// A key in the shared shape.
pub fn key_outcome(key: &IntegrationKey) -> Value {
    json!({"id": key.id, "display_name": key.display_name, "has_secret": key.secret.is_some()})
}

/// A list in the shared shape.
pub fn list_outcome(keys: &[IntegrationKey]) -> Value {
    let names: Vec<_> = keys.iter().map(|k| k.display_name.clone()).collect();
    json!({"count": keys.len(), "display_names": names})
}

/// An error in the shared shape.
pub fn error_outcome(
    kind: ErrorKind,
    status: Option<u16>,
    code: Option<&str>,
    retry_after: Option<u64>,
) -> Value {
    let mut e = Map::new();
    e.insert("kind".into(), json!(kind.as_str()));
    if let Some(s) = status {
        e.insert("status".into(), json!(s));
    }
    if let Some(c) = code {
        e.insert("code".into(), json!(c));
    }
    if let Some(r) = retry_after {
        e.insert("retry_after".into(), json!(r));
    }
    json!({ "error": e })
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

/// Runs every case; panics with every disagreement listed.
pub fn run_all<F: FrontEnd>(front_end: &F) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} cases found", files.len());

    let sandbox = Sandbox::start().unwrap();
    let control = reqwest::blocking::Client::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in &files {
        let case: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        if let Some(only) = case["only"].as_array()
            && !only.iter().any(|f| f == F::NAME)
        {
            continue;
        }
        ran += 1;
        if let Err(why) = run_case(front_end, &sandbox, &control, &case) {
            failures.push(format!("{}: {why}", case["name"]));
        }
    }
    eprintln!("{}: {ran} cases run, {} failed", F::NAME, failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn run_case<F: FrontEnd>(
    front_end: &F,
    sandbox: &Sandbox,
    control: &reqwest::blocking::Client,
    case: &Value,
) -> Result<(), String> {
    let url = sandbox.url();
    control
        .post(format!("{url}/__sandbox/reset"))
        .send()
        .map_err(|e| e.to_string())?;

    let setup_client = Client::builder()
        .base_url(url)
        .key_id(sandbox.key_id())
        .secret(sandbox.secret())
        .build()
        .unwrap();
    let mut setup = Vec::new();
    for step in case["setup"].as_array().into_iter().flatten() {
        let args: Vec<String> = step["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        let key = setup_client
            .create_integration_key(&args[0], &args[1], &args[2])
            .map_err(|e| format!("setup failed: {e}"))?;
        setup.push(key_outcome(&key));
    }
    for fault in case["faults"].as_array().into_iter().flatten() {
        control
            .post(format!("{url}/__sandbox/faults"))
            .json(fault)
            .send()
            .map_err(|e| e.to_string())?;
    }

    let c = &case["client"];
    let settings = Settings {
        base_url: match c["base_url"].as_str() {
            Some("closed") => "http://127.0.0.1:1".to_owned(),
            _ => url.to_owned(),
        },
        key_id: sandbox.key_id().to_owned(),
        secret: c["secret"].as_str().unwrap_or(sandbox.secret()).to_owned(),
        auth: c["auth"].as_str().map(str::to_owned),
        timeout: c["timeout"].as_f64(),
        max_retries: c["max_retries"].as_u64().map(|n| n as u32),
    };
    let args: Vec<Arg> = case["call"]["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| arg(a, &setup))
        .collect();
    let before = requests(control, url).len();
    let outcome = front_end.call(&settings, case["call"]["op"].as_str().unwrap(), &args);
    let made: Vec<(String, String)> = requests(control, url).split_off(before);

    let expect = resolve(&case["expect"], &setup);
    if !matches(&expect, &outcome) {
        return Err(format!("expected {expect}, got {outcome}"));
    }
    if let Some(counts) = case["requests"].as_object() {
        let mut seen = Map::new();
        for (method, _) in &made {
            let n = seen.get(method).and_then(Value::as_u64).unwrap_or(0);
            seen.insert(method.clone(), json!(n + 1));
        }
        if &seen != counts {
            return Err(format!("expected requests {counts:?}, saw {seen:?}"));
        }
    }
    if let Some(paths) = case["paths"].as_array() {
        let seen: Vec<&str> = made.iter().map(|(_, p)| p.as_str()).collect();
        let want: Vec<&str> = paths.iter().map(|p| p.as_str().unwrap()).collect();
        if seen != want {
            return Err(format!("expected paths {want:?}, saw {seen:?}"));
        }
    }
    Ok(())
}

fn requests(control: &reqwest::blocking::Client, url: &str) -> Vec<(String, String)> {
    let body: Value = control
        .get(format!("{url}/__sandbox/requests"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().into(),
                r["path"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn arg(value: &Value, setup: &[Value]) -> Arg {
    match value {
        Value::Null => Arg::Null,
        Value::String(s) => Arg::Text(s.clone()),
        Value::Object(o) if o.contains_key("repeat") => {
            let times = o["times"].as_u64().unwrap() as usize;
            Arg::Text(o["repeat"].as_str().unwrap().repeat(times))
        }
        Value::Object(o) if o.contains_key("bytes") => {
            let hex = o["bytes"].as_str().unwrap();
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            Arg::Bytes(bytes)
        }
        other => match resolve(other, setup) {
            Value::String(s) => Arg::Text(s),
            v => panic!("cannot use {v} as an argument"),
        },
    }
}

/// Replaces every `{"ref": "setup.N.field"}` with the value it names.
fn resolve(value: &Value, setup: &[Value]) -> Value {
    match value {
        Value::Object(o) if o.len() == 1 && o.contains_key("ref") => {
            let path: Vec<&str> = o["ref"].as_str().unwrap().split('.').collect();
            let n: usize = path[1].parse().unwrap();
            setup[n][path[2]].clone()
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), resolve(v, setup)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve(v, setup)).collect()),
        other => other.clone(),
    }
}

/// Whether every field `expect` names has the same value in `outcome`.
fn matches(expect: &Value, outcome: &Value) -> bool {
    match (expect, outcome) {
        (Value::Object(e), Value::Object(o)) => e
            .iter()
            .all(|(k, v)| o.get(k).is_some_and(|got| matches(v, got))),
        (e, o) => e == o,
    }
}
