//! An offline HTTP server ("the sandbox") that implements the Sunshine
//! Conversations v2 custom integration API key endpoints.
//!
//! The sandbox exists so that the `integration-keys` client, its language
//! bindings, its command-line tool and their users can exercise real HTTP
//! traffic without a network or an account: every test suite of the project
//! starts one. It keeps everything in memory, listens on loopback by default
//! and can be told to misbehave on purpose (error statuses, `Retry-After`,
//! delays, dropped connections, malformed or oversized bodies, …) so that
//! clients can test their error handling.
//!
//! # Starting one
//!
//! ```
//! use integration_keys_sandbox::Sandbox;
//!
//! let sandbox = Sandbox::start()?; // binds 127.0.0.1 on a free port
//! println!("{} {} <secret>", sandbox.url(), sandbox.key_id());
//! // Point a client at `sandbox.url()` with `sandbox.key_id()` and
//! // `sandbox.secret()` as its account credentials.
//! drop(sandbox); // stops the server
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`Sandbox::start`] binds before it returns, so connections succeed at
//! once. The server runs on its own thread with its own Tokio runtime, so it
//! can be started from plain synchronous code and from `#[test]` functions.
//! Dropping the [`Sandbox`] (or calling [`Sandbox::stop`]) stops it.
//!
//! # API endpoints
//!
//! | Method   | Path                                                 | Answer |
//! |----------|------------------------------------------------------|--------|
//! | `POST`   | `/v2/apps/{appId}/integrations/{integrationId}/keys` | 201 `{"key":{"id","displayName","secret"}}` |
//! | `GET`    | `/v2/apps/{appId}/integrations/{integrationId}/keys` | 200 `{"keys":[...]}`, in creation order |
//! | `GET`    | `/v2/apps/{appId}/integrations/{integrationId}/keys/{keyId}` | 200 `{"key":{...}}` or 404 |
//! | `DELETE` | `/v2/apps/{appId}/integrations/{integrationId}/keys/{keyId}` | 200 `{}` or 404 |
//!
//! Any app id and integration id are accepted; an integration comes into
//! being on first use. Path segments are percent-decoded, so `a%2Fb` is the
//! single app id `a/b`. Key ids look like `int_` followed by 24 lowercase hex
//! digits; secrets are 43 URL-safe base64 characters.
//!
//! Every `/v2` request must be authenticated with the sandbox's credentials
//! ([`Sandbox::key_id`] and [`Sandbox::secret`]), either as
//! `Authorization: Basic base64(key_id:secret)` or as
//! `Authorization: Bearer <jwt>` where the JWT is signed with HS256 using the
//! secret, has `kid` equal to the key id in its header, has a `scope` claim of
//! `app` or `account`, and, if it has an `exp` claim, has not expired.
//!
//! Errors have the spec's shape, `{"errors":[{"code":"...","title":"..."}]}`:
//!
//! | Status | Code                 | When |
//! |--------|----------------------|------|
//! | 400    | `bad_request`        | body is not JSON; `displayName` missing, not a string, or not 1 to 100 characters; an 11th key for one integration |
//! | 401    | `unauthorized`       | missing, unknown or wrong credentials; bad JWT signature, `kid`, `scope` or expired JWT |
//! | 404    | `not_found`          | unknown key, or any other path |
//! | 405    | `method_not_allowed` | another method on an endpoint's path |
//! | 413    | `payload_too_large`  | request body over 100 kB (102 400 bytes) |
//!
//! Every API answer carries an `x-request-id: req_<hex>` header.
//!
//! # Control endpoints
//!
//! Tests drive the sandbox through unauthenticated JSON endpoints under
//! `/__sandbox/`. These requests are never logged and never hit by faults;
//! every other request (an "API request", whatever its path) is.
//!
//! * `GET /__sandbox/health` answers `{"ok":true}`.
//! * `GET /__sandbox/requests` answers
//!   `{"requests":[{"method":"POST","path":"/v2/apps/a%2Fb/integrations/i/keys"}]}`:
//!   every API request received, oldest first, with the request target
//!   exactly as sent (still percent-encoded, with any query string). A
//!   request is logged when it arrives, before any fault, so a dropped
//!   request is listed too.
//! * `POST /__sandbox/reset` forgets every key, queued fault and logged
//!   request, and answers `{}`.
//! * `POST /__sandbox/faults` queues a fault and answers
//!   `{"queued": <number of faults now queued>}`. Every field is optional:
//!
//!   ```json
//!   {"count": 1, "method": "POST", "status": 503, "code": "service_unavailable",
//!    "title": "Try later", "retry_after": "1", "delay_ms": 0,
//!    "action": null, "interval_ms": 50}
//!   ```
//!
//! Faults form a queue. Each API request takes one use of the first queued
//! fault whose `method` matches its own (case-insensitively) or is `null`;
//! a fault is removed once used `count` times (default 1). Applying a fault
//! first waits `delay_ms`, then:
//!
//! | `action`         | Effect |
//! |------------------|--------|
//! | `null` with `status` | answers `status` with an error body (`code` and `title` default from the status, e.g. 503 → `service_unavailable`) |
//! | `null` without `status` | answers normally, after the delay |
//! | `"drop"`         | closes the connection without sending a byte |
//! | `"malformed"`    | answers `{"key": {"id": ` (truncated JSON) |
//! | `"oversized"`    | answers a valid-looking 2 MiB JSON body, with `content-length` |
//! | `"reset"`        | announces `content-length: 1000`, sends 100 bytes, then aborts the connection |
//! | `"trickle"`      | sends a valid key body one byte every `interval_ms` (default 50) |
//! | `"invalid_utf8"` | answers a JSON body containing the bytes `0xFF 0xFE` |
//! | `"http10_close"` | answers normally, but as `HTTP/1.0` with `connection: close`, then closes |
//!
//! The `malformed`, `oversized`, `reset`, `trickle` and `invalid_utf8`
//! answers use status 200 unless `status` is given. Whenever a fault replaces
//! the answer (a `status`, or any action but `http10_close`) the request is
//! not executed: no key is created or deleted. `retry_after` (a string or a
//! number of seconds) becomes a `Retry-After` header on whatever is answered.
//!
//! For example, with `curl`:
//!
//! ```text
//! curl -X POST $URL/__sandbox/faults -d '{"status":503,"retry_after":"1"}'
//! curl -X POST $URL/__sandbox/faults -d '{"action":"drop","method":"DELETE","count":2}'
//! curl -X POST $URL/__sandbox/faults -d '{"delay_ms":1500}'
//! curl $URL/__sandbox/requests
//! curl -X POST $URL/__sandbox/reset
//! ```
//!
//! # Limits
//!
//! * HTTP/1.1 (and 1.0) only, plain text; no TLS, no HTTP/2.
//! * Only the four key endpoints exist. There is no app or integration
//!   management, and no check that an app or integration exists or is a
//!   custom integration.
//! * One set of credentials per sandbox. Keys the sandbox creates are not
//!   accepted as credentials themselves.
//! * State lives in memory and disappears when the sandbox stops. The request
//!   log keeps the 100 000 most recent requests.
//! * The control endpoints have no authentication: keep the sandbox on a
//!   loopback address.
//! * Stopping waits at most about a second for answers in progress (such as a
//!   trickle) before cutting them off.

#![deny(missing_docs)]

mod api;
mod control;
mod faults;
mod respond;
mod server;
mod state;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::watch;

/// How a [`Sandbox`] is started.
///
/// ```
/// use integration_keys_sandbox::{Sandbox, SandboxConfig};
///
/// let sandbox = Sandbox::start_with(SandboxConfig {
///     key_id: "app_test".to_owned(),
///     secret: Some("not-really-secret".to_owned()),
///     ..SandboxConfig::default()
/// })?;
/// assert_eq!(sandbox.key_id(), "app_test");
/// assert_eq!(sandbox.secret(), "not-really-secret");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct SandboxConfig {
    /// Address to listen on. The default, `127.0.0.1:0`, picks a free port
    /// on loopback; [`Sandbox::addr`] tells which.
    pub addr: SocketAddr,
    /// Key id of the account credentials that clients must present
    /// (the Basic user name, or the JWT `kid`). Default `app_sandbox`.
    /// Must be non-empty and must not contain `:` or control characters.
    pub key_id: String,
    /// Secret of those credentials. `None` (the default) draws a random
    /// 43-character URL-safe secret. If given, must be non-empty.
    pub secret: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            key_id: "app_sandbox".to_owned(),
            secret: None,
        }
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("addr", &self.addr)
            .field("key_id", &self.key_id)
            .field("secret", &self.secret.as_ref().map(|_| Redacted))
            .finish()
    }
}

/// Prints `<redacted>` in place of a secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A running sandbox server.
///
/// It serves on its own thread until it is dropped or [`stop`](Self::stop)ped
/// (both stop it gracefully and wait for its thread), or forever if
/// [`wait`](Self::wait) is called. Stopping blocks the calling thread until
/// the server has ended, which takes at most about a second.
pub struct Sandbox {
    url: String,
    addr: SocketAddr,
    key_id: String,
    secret: String,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox with the default [`SandboxConfig`]: loopback, a free
    /// port, key id `app_sandbox` and a random secret.
    ///
    /// # Errors
    ///
    /// Fails if the address cannot be bound or the runtime or thread cannot
    /// be created.
    pub fn start() -> io::Result<Sandbox> {
        Sandbox::start_with(SandboxConfig::default())
    }

    /// Starts a sandbox with the given configuration. The listening socket is
    /// bound before this returns.
    ///
    /// # Errors
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] if the key id or secret is
    /// unusable (see [`SandboxConfig`]), or with the underlying error if the
    /// address cannot be bound or the runtime or thread cannot be created.
    pub fn start_with(config: SandboxConfig) -> io::Result<Sandbox> {
        let SandboxConfig {
            addr,
            key_id,
            secret,
        } = config;
        if key_id.is_empty() || key_id.contains(':') || key_id.chars().any(char::is_control) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "sandbox key id must be non-empty without ':' or control characters",
            ));
        }
        let secret = match secret {
            Some(s) if s.is_empty() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "sandbox secret must be non-empty",
                ));
            }
            Some(s) => s,
            None => state::new_secret(),
        };

        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("integration-keys-sandbox")
            .enable_all()
            .build()?;

        let shared = Arc::new(state::Shared::new(key_id.clone(), secret.clone()));
        let (shutdown, shutdown_rx) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("integration-keys-sandbox".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => server::serve(listener, shared, shutdown_rx).await,
                        Err(e) => log::error!("sandbox: cannot use the listening socket: {e}"),
                    }
                });
                runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            })?;

        log::info!("sandbox: listening on http://{addr} with key id {key_id}");
        Ok(Sandbox {
            url: format!("http://{addr}"),
            addr,
            key_id,
            secret,
            shutdown,
            thread: Some(thread),
        })
    }

    /// Base URL of the server, such as `http://127.0.0.1:43117`, without a
    /// trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Key id of the account credentials that clients must use.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Secret of the account credentials that clients must use.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Stops the server and waits for its thread; the same as dropping it.
    pub fn stop(self) {
        drop(self);
    }

    /// Blocks until the server ends. Nothing ends it from inside, so in
    /// practice this blocks until the process is killed; it is meant for
    /// running the sandbox in the foreground.
    pub fn wait(mut self) {
        self.join();
    }

    fn join(&mut self) {
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::error!("sandbox: the server thread panicked");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        self.join();
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .field("key_id", &self.key_id)
            .field("secret", &Redacted)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let config = SandboxConfig {
            secret: Some("hunter2-very-secret".to_owned()),
            ..SandboxConfig::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");

        let sandbox = Sandbox::start_with(config).unwrap();
        let printed = format!("{sandbox:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }

    #[test]
    fn defaults() {
        let config = SandboxConfig::default();
        assert_eq!(config.addr, "127.0.0.1:0".parse().unwrap());
        assert_eq!(config.key_id, "app_sandbox");
        assert!(config.secret.is_none());

        let sandbox = Sandbox::start().unwrap();
        assert_eq!(sandbox.key_id(), "app_sandbox");
        assert!(sandbox.secret().len() >= 43);
        assert_ne!(sandbox.addr().port(), 0);
        assert_eq!(
            sandbox.url(),
            format!("http://127.0.0.1:{}", sandbox.addr().port())
        );
        // Bound before `start` returned.
        std::net::TcpStream::connect(sandbox.addr()).unwrap();
        sandbox.stop();
    }

    #[test]
    fn rejects_unusable_credentials() {
        for (key_id, secret) in [("", None), ("a:b", None), ("a\n", None), ("ok", Some(""))] {
            let err = Sandbox::start_with(SandboxConfig {
                key_id: key_id.to_owned(),
                secret: secret.map(str::to_owned),
                ..SandboxConfig::default()
            })
            .unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        }
    }

    #[test]
    fn stop_frees_the_port() {
        let sandbox = Sandbox::start().unwrap();
        let addr = sandbox.addr();
        sandbox.stop();
        assert!(std::net::TcpStream::connect(addr).is_err());
    }
}
