//! Times `get_integration_key` through the integration-keys Rust core,
//! through raw `reqwest::blocking` (the floor of the core's stack), through
//! `ureq` (a blocking client that does its I/O on the calling thread, where
//! reqwest hands every request to a runtime thread and back) and through a
//! hand-written HTTP/1.1 exchange on a plain `TcpStream` (the floor of the
//! machine: the sandbox and loopback, with no HTTP library), against the
//! sandbox that bench/run.sh started.
//!
//! Usage: `integration-keys-bench core|reqwest|ureq|tcp`. The connection settings
//! come from the `BENCH_*` environment variables; the measurements are asked
//! for on standard input, one command a line, and each is answered with one
//! JSON line on standard output (the protocol of bench/driver.py, described
//! in bench/README.md).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

/// Where to send the call.
struct Setup {
    url: String,
    key_id: String,
    secret: String,
    app_id: String,
    integration_id: String,
    target_key: String,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("{name} is not set")))
}

fn fail(message: &str) -> ! {
    eprintln!("integration-keys-bench: {message}");
    std::process::exit(1);
}

impl Setup {
    fn from_env() -> Setup {
        Setup {
            url: var("BENCH_URL"),
            key_id: var("BENCH_KEY_ID"),
            secret: var("BENCH_SECRET"),
            app_id: var("BENCH_APP_ID"),
            integration_id: var("BENCH_INTEGRATION_ID"),
            target_key: var("BENCH_TARGET_KEY"),
        }
    }
}

/// One way of making the call: returns the id of the key it got.
trait Get: Sync {
    fn get(&self, setup: &Setup) -> String;
}

struct Core(integration_keys::Client);

impl Get for Core {
    fn get(&self, s: &Setup) -> String {
        match self
            .0
            .get_integration_key(&s.app_id, &s.integration_id, &s.target_key)
        {
            Ok(key) => key.id,
            Err(e) => fail(&format!("core call failed: {e}")),
        }
    }
}

/// Raw reqwest: the same GET, the same headers, the same decode into a
/// struct, and nothing else (no retries, no deadline checks, no logging).
struct Raw {
    http: reqwest::blocking::Client,
    url: String,
    authorization: String,
}

#[derive(Deserialize)]
struct Envelope {
    key: RawKey,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct RawKey {
    id: String,
    display_name: Option<String>,
    secret: Option<String>,
}

impl Get for Raw {
    fn get(&self, _: &Setup) -> String {
        let response = self
            .http
            .get(&self.url)
            .header(reqwest::header::AUTHORIZATION, &self.authorization)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .unwrap_or_else(|e| fail(&format!("reqwest call failed: {e}")));
        if !response.status().is_success() {
            fail(&format!("reqwest call answered {}", response.status()));
        }
        let body = response
            .bytes()
            .unwrap_or_else(|e| fail(&format!("reqwest body failed: {e}")));
        let envelope: Envelope = serde_json::from_slice(&body)
            .unwrap_or_else(|e| fail(&format!("reqwest decode failed: {e}")));
        envelope.key.id
    }
}

/// The same GET through ureq: I/O on the calling thread, pooled
/// connections (as many idle ones as calls in flight), no redirects.
struct Ureq {
    agent: ureq::Agent,
    url: String,
    authorization: String,
}

impl Get for Ureq {
    fn get(&self, _: &Setup) -> String {
        let mut response = self
            .agent
            .get(&self.url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .call()
            .unwrap_or_else(|e| fail(&format!("ureq call failed: {e}")));
        let body = response
            .body_mut()
            .read_to_vec()
            .unwrap_or_else(|e| fail(&format!("ureq body failed: {e}")));
        let envelope: Envelope = serde_json::from_slice(&body)
            .unwrap_or_else(|e| fail(&format!("ureq decode failed: {e}")));
        envelope.key.id
    }
}

/// The same GET written by hand on a kept-alive `TcpStream` (one per
/// thread in flight), the answer read by its `content-length` and decoded
/// with serde_json: what is left is the sandbox, loopback and the kernel.
struct Tcp {
    addr: String,
    request: Vec<u8>,
    idle: Mutex<Vec<BufReader<TcpStream>>>,
}

impl Tcp {
    fn exchange(&self, stream: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
        stream.get_mut().write_all(&self.request)?;
        let mut line = String::new();
        stream.read_line(&mut line)?;
        if !line.starts_with("HTTP/1.1 200") {
            fail(&format!("tcp call answered {:?}", line.trim_end()));
        }
        let mut length = None;
        loop {
            line.clear();
            if stream.read_line(&mut line)? == 0 {
                fail("tcp connection closed in the headers");
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.unwrap_or_else(|| fail("tcp answer has no content-length"))];
        stream.read_exact(&mut body)?;
        Ok(body)
    }
}

impl Get for Tcp {
    fn get(&self, _: &Setup) -> String {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut stream = match idle {
            Some(stream) => stream,
            None => {
                let stream = TcpStream::connect(&self.addr)
                    .unwrap_or_else(|e| fail(&format!("tcp connect failed: {e}")));
                let _ = stream.set_nodelay(true);
                BufReader::new(stream)
            }
        };
        let body = self
            .exchange(&mut stream)
            .unwrap_or_else(|e| fail(&format!("tcp call failed: {e}")));
        let envelope: Envelope = serde_json::from_slice(&body)
            .unwrap_or_else(|e| fail(&format!("tcp decode failed: {e}")));
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(stream);
        envelope.key.id
    }
}

fn check(setup: &Setup, id: String) {
    if id != setup.target_key {
        fail(&format!("got key {id}, expected {}", setup.target_key));
    }
}

/// Makes `total` calls one after the other; returns the seconds taken and
/// the median and 99th percentile call in microseconds.
fn sequential(client: &dyn Get, setup: &Setup, total: usize) -> (f64, f64, f64) {
    let mut latencies = Vec::with_capacity(total);
    let started = Instant::now();
    for _ in 0..total {
        let call = Instant::now();
        check(setup, client.get(setup));
        latencies.push(call.elapsed());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(index).map_or(0.0, |d| d.as_secs_f64() * 1e6)
    };
    (elapsed, percentile(0.5), percentile(0.99))
}

/// Makes `total` calls with `in_flight` threads sharing the client, each
/// taking the next call until none is left. Returns the elapsed time.
fn concurrent(client: &dyn Get, setup: &Setup, total: usize, in_flight: usize) -> Duration {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..in_flight.max(1) {
            scope.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    check(setup, client.get(setup));
                }
            });
        }
    });
    started.elapsed()
}

/// CPU seconds (user + system) and context switches of this process so far.
fn usage() -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF and a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        seconds(usage.ru_utime) + seconds(usage.ru_stime),
        (usage.ru_nvcsw + usage.ru_nivcsw) as f64,
    )
}

/// Resident and peak resident memory of this process, in MB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let setup = Setup::from_env();
    let (client, name, version): (Box<dyn Get>, &str, String) = match which.as_str() {
        "core" => {
            let client = integration_keys::Client::builder()
                .base_url(&setup.url)
                .key_id(&setup.key_id)
                .secret(setup.secret.clone())
                .build()
                .unwrap_or_else(|e| fail(&format!("could not build the client: {e}")));
            let version = integration_keys::VERSION.to_owned();
            (Box::new(Core(client)), "integration-keys (core)", version)
        }
        "reqwest" => {
            let http = reqwest::blocking::Client::builder()
                .no_proxy()
                .build()
                .unwrap_or_else(|e| fail(&format!("could not build reqwest: {e}")));
            let pair = format!("{}:{}", setup.key_id, setup.secret);
            let raw = Raw {
                http,
                url: format!(
                    "{}/v2/apps/{}/integrations/{}/keys/{}",
                    setup.url, setup.app_id, setup.integration_id, setup.target_key
                ),
                authorization: format!("Basic {}", STANDARD.encode(pair)),
            };
            let version = std::env::var("BENCH_REQWEST_VERSION").unwrap_or_default();
            (Box::new(raw), "reqwest::blocking (raw)", version)
        }
        "ureq" => {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .max_redirects(0)
                .proxy(None)
                .max_idle_connections(64)
                .max_idle_connections_per_host(64)
                .build()
                .into();
            let pair = format!("{}:{}", setup.key_id, setup.secret);
            let ureq = Ureq {
                agent,
                url: format!(
                    "{}/v2/apps/{}/integrations/{}/keys/{}",
                    setup.url, setup.app_id, setup.integration_id, setup.target_key
                ),
                authorization: format!("Basic {}", STANDARD.encode(pair)),
            };
            let version = std::env::var("BENCH_UREQ_VERSION").unwrap_or_default();
            (Box::new(ureq), "ureq (raw)", version)
        }
        "tcp" => {
            let addr = setup
                .url
                .strip_prefix("http://")
                .unwrap_or_else(|| fail("the tcp client needs an http:// URL"))
                .trim_end_matches('/')
                .to_owned();
            let pair = format!("{}:{}", setup.key_id, setup.secret);
            let request = format!(
                "GET /v2/apps/{}/integrations/{}/keys/{} HTTP/1.1\r\nhost: {addr}\r\n\
                 authorization: Basic {}\r\naccept: application/json\r\n\r\n",
                setup.app_id,
                setup.integration_id,
                setup.target_key,
                STANDARD.encode(pair)
            );
            let tcp = Tcp {
                addr,
                request: request.into_bytes(),
                idle: Mutex::new(Vec::new()),
            };
            (
                Box::new(tcp),
                "hand-written HTTP/1.1 on TcpStream",
                String::new(),
            )
        }
        _ => fail("usage: integration-keys-bench core|reqwest|ureq|tcp"),
    };
    let client = client.as_ref();

    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap_or_else(|e| fail(&format!("cannot read a command: {e}")));
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| -> usize {
            words
                .get(i)
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| fail(&format!("bad command: {line}")))
        };
        let answer = match words.first().copied() {
            Some("info") => format!(
                "{{\"front_end\":\"Rust\",\"client\":\"{name}\",\"version\":\"{version}\"}}"
            ),
            Some("warmup") => {
                let (calls, in_flight) = (number(1), number(2));
                sequential(client, &setup, calls);
                concurrent(client, &setup, calls.max(in_flight), in_flight);
                "{}".to_owned()
            }
            Some("seq") => {
                let (seconds, p50, p99) = sequential(client, &setup, number(1));
                format!("{{\"seconds\":{seconds},\"p50_us\":{p50:.2},\"p99_us\":{p99:.2}}}")
            }
            Some("conc") => {
                let (cpu0, switches0) = usage();
                let elapsed = concurrent(client, &setup, number(1), number(2));
                let (cpu1, switches1) = usage();
                format!(
                    "{{\"seconds\":{},\"cpu_seconds\":{},\"context_switches\":{}}}",
                    elapsed.as_secs_f64(),
                    cpu1 - cpu0,
                    switches1 - switches0
                )
            }
            Some("mem") => {
                concurrent(client, &setup, number(1), number(2));
                let (rss, peak) = memory();
                format!("{{\"rss_mb\":{rss:.1},\"peak_rss_mb\":{peak:.1}}}")
            }
            _ => fail(&format!("unknown command: {line}")),
        };
        let _ = writeln!(out, "{answer}");
        let _ = out.flush();
    }
}
