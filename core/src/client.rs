//! The client: one connection pool, four operations, and the loop that
//! sends, retries and decodes.

use std::fmt;
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use ureq::http::header::{self, HeaderMap, HeaderValue};
use ureq::http::{Method, Request, Response};
use ureq::tls::{RootCerts, TlsConfig};

use crate::config::{ClientBuilder, Credentials, JWT_LIFETIME, Settings};
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::sign_jwt;
use crate::model::{self, CreateBody, IntegrationKey};
use crate::retry::{self, Failure};
use crate::validate;

/// The most bytes read from one response body.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The headers a request id may arrive in, in order of preference.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "x-zendesk-request-id"];

/// Everything but the URL-safe unreserved characters is encoded, so no id can
/// add a path segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A client of the integration API keys endpoints.
///
/// Build one with [`Client::builder`] or [`Client::from_env`] and reuse it:
/// it holds the connection pool. It is cheap to clone (clones share the
/// pool) and may be used from many threads at once.
///
/// Every call blocks the calling thread until the answer is read. A client
/// made before `fork()` may be used in the child process: the child gets a
/// new connection pool on its first call.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    transport: Mutex<Transport>,
}

/// The HTTP agent of one process. Its pooled connections are sockets that a
/// forked child shares with its parent, so a child makes its own agent and
/// never touches the parent's (closing a TLS connection there would write to
/// the parent's socket).
struct Transport {
    pid: u32,
    http: Option<ureq::Agent>,
}

impl Drop for Transport {
    fn drop(&mut self) {
        if self.pid != std::process::id() {
            std::mem::forget(self.http.take());
        }
    }
}

/// One request as the retry loop sees it.
struct Call {
    method: Method,
    path: String,
    body: Option<Vec<u8>>,
    /// Whether sending it twice does no more than sending it once.
    idempotent: bool,
}

impl Client {
    /// A builder with every setting at its default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the `INTEGRATION_KEYS_*` environment
    /// variables; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    pub(crate) fn from_settings(settings: Settings) -> Result<Client> {
        let http = make_http(&settings);
        Ok(Client {
            inner: Arc::new(Inner {
                settings,
                transport: Mutex::new(Transport {
                    pid: std::process::id(),
                    http: Some(http),
                }),
            }),
        })
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// Creates an API key for a custom integration.
    ///
    /// The answer holds the key's secret: this is the only time the API is
    /// sure to show it. A create is never sent twice: after a timeout, a
    /// broken connection or a 5xx the server may have made the key, so the
    /// error is returned instead of retrying (list the keys to find out).
    ///
    /// # Errors
    ///
    /// Any [`ErrorKind`]; [`ErrorKind::Decode`] if the answer has no secret.
    pub fn create_integration_key(
        &self,
        app_id: &str,
        integration_id: &str,
        display_name: &str,
    ) -> Result<IntegrationKey> {
        let path = keys_path(app_id, integration_id)?;
        validate::display_name(display_name)?;
        let body = serde_json::to_vec(&CreateBody { display_name }).map_err(|e| {
            Error::new(ErrorKind::Internal, "could not encode the body").with_source(e)
        })?;

        let bytes = self.execute(Call {
            method: Method::POST,
            path,
            body: Some(body),
            idempotent: false,
        })?;
        model::decode_created_key(&bytes)
    }

    /// Lists the API keys of a custom integration.
    ///
    /// # Errors
    ///
    /// Any [`ErrorKind`] but [`ErrorKind::Conflict`] in practice.
    pub fn list_integration_keys(
        &self,
        app_id: &str,
        integration_id: &str,
    ) -> Result<Vec<IntegrationKey>> {
        let path = keys_path(app_id, integration_id)?;

        let bytes = self.execute(Call {
            method: Method::GET,
            path,
            body: None,
            idempotent: true,
        })?;
        model::decode_keys(&bytes)
    }

    /// Gets one API key of a custom integration.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`] when there is no such key, or any other kind.
    pub fn get_integration_key(
        &self,
        app_id: &str,
        integration_id: &str,
        key_id: &str,
    ) -> Result<IntegrationKey> {
        let path = key_path(app_id, integration_id, key_id)?;

        let bytes = self.execute(Call {
            method: Method::GET,
            path,
            body: None,
            idempotent: true,
        })?;
        model::decode_key(&bytes)
    }

    /// Deletes (revokes) an API key of a custom integration.
    ///
    /// A delete is retried after a timeout or a 5xx; if an earlier attempt
    /// did delete the key, the retry answers [`ErrorKind::NotFound`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`] when there is no such key, or any other kind.
    pub fn delete_integration_key(
        &self,
        app_id: &str,
        integration_id: &str,
        key_id: &str,
    ) -> Result<()> {
        let path = key_path(app_id, integration_id, key_id)?;

        self.execute(Call {
            method: Method::DELETE,
            path,
            body: None,
            idempotent: true,
        })?;
        Ok(())
    }

    fn http(&self) -> Result<ureq::Agent> {
        let mut transport = self
            .inner
            .transport
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let pid = std::process::id();
        if transport.pid != pid || transport.http.is_none() {
            // A forked child: leave the parent's client alone, make our own.
            std::mem::forget(transport.http.take());
            transport.http = Some(make_http(&self.inner.settings));
            transport.pid = pid;
        }
        match &transport.http {
            Some(http) => Ok(http.clone()),
            None => Err(Error::new(ErrorKind::Internal, "no HTTP client")),
        }
    }

    fn authorization(&self) -> Result<HeaderValue> {
        let text = match &self.inner.settings.credentials {
            Credentials::Basic { key_id, secret } => {
                let pair = format!("{key_id}:{}", secret.expose());
                format!("Basic {}", STANDARD.encode(pair.as_bytes()))
            }
            Credentials::Jwt { key_id, secret } => {
                let scope = if key_id.starts_with("act_") || key_id.starts_with("svc_") {
                    "account"
                } else {
                    "app"
                };
                let token = sign_jwt(key_id, secret, scope, Some(JWT_LIFETIME))?;
                format!("Bearer {}", token.expose())
            }
            Credentials::Bearer(token) => format!("Bearer {}", token.expose()),
        };
        let mut value = HeaderValue::from_str(&text)
            .map_err(|_| Error::invalid("the credentials are not valid in an HTTP header"))?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Sends `call`, retrying as the [`retry`](crate::retry) rules allow,
    /// and returns the body of the successful answer.
    fn execute(&self, call: Call) -> Result<Vec<u8>> {
        let settings = &self.inner.settings;
        let url = format!("{}{}", settings.base_url, call.path);
        let http = self.http()?;
        let mut attempt: u32 = 0;
        loop {
            let started = Instant::now();
            let outcome = self.attempt(&http, &call, &url, attempt + 1);
            let elapsed = started.elapsed();
            let (error, failure) = match outcome {
                Ok(body) => return Ok(body),
                Err(pair) => pair,
            };
            log::debug!(
                "{} {} failed on attempt {} after {elapsed:?}: {}",
                call.method,
                call.path,
                attempt + 1,
                error.kind()
            );
            if attempt >= settings.max_retries || !retry::may_retry(failure, call.idempotent) {
                return Err(error);
            }
            let wait = match error.retry_after() {
                Some(asked) if asked > retry::MAX_RETRY_AFTER => return Err(error),
                Some(asked) => asked,
                None => retry::backoff(attempt),
            };
            log::debug!("{} {}: retrying in {wait:?}", call.method, call.path);
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One attempt: the body of a 2xx answer, or the error with what it
    /// means for retrying.
    fn attempt(
        &self,
        http: &ureq::Agent,
        call: &Call,
        url: &str,
        number: u32,
    ) -> std::result::Result<Vec<u8>, (Error, Failure)> {
        let settings = &self.inner.settings;
        let deadline = Instant::now() + settings.timeout;
        let authorization = self.authorization().map_err(|e| (e, Failure::Final))?;
        let request = Request::builder()
            .method(call.method.clone())
            .uri(url)
            .header(header::AUTHORIZATION, authorization)
            .header(header::ACCEPT, "application/json");

        let started = Instant::now();
        let sent = match &call.body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.as_slice())
                .map(|r| http.run(r)),
            None => request.body(()).map(|r| http.run(r)),
        };
        let response = sent
            .map_err(|e| {
                let e = Error::invalid("the request could not be built").with_source(e);
                (e, Failure::Final)
            })?
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let request_id = request_id(response.headers());
        let retry_after = (status == 429)
            .then(|| {
                response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::parse_retry_after(v, SystemTime::now()))
            })
            .flatten();
        let body = read_capped(response, deadline);
        log::debug!(
            "{} {} -> {status} in {:?} (attempt {number}){}",
            call.method,
            call.path,
            started.elapsed(),
            request_id
                .as_deref()
                .map(|id| format!(" (request id {id})"))
                .unwrap_or_default()
        );
        let body = body?;

        if (200..300).contains(&status) {
            return Ok(body);
        }
        let error = Error::from_response(status, &body, request_id, retry_after);
        let failure = match status {
            429 => Failure::RateLimited,
            500..=599 => Failure::AfterSend,
            _ => Failure::Final,
        };
        Err((error, failure))
    }
}

fn make_http(settings: &Settings) -> ureq::Agent {
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    let mut config = ureq::Agent::config_builder()
        .user_agent(settings.user_agent.as_str())
        .timeout_global(Some(settings.timeout))
        .timeout_connect(Some(settings.connect_timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .max_idle_connections(64)
        .max_idle_connections_per_host(64)
        .max_idle_age(Duration::from_secs(60))
        .tls_config(tls);
    if settings.loopback {
        // A proxy named in the environment is never wanted for loopback.
        config = config.proxy(None);
    }
    let connector = ureq::unversioned::transport::DefaultConnector::new();
    ureq::Agent::with_parts(config.build(), connector, Resolver::default())
}

/// ureq's own resolver, except that an IP address in the URL is answered at
/// once: under a timeout, ureq's resolver starts a thread for every lookup,
/// even of an address, which costs more than a whole call on loopback.
#[derive(Debug, Default)]
struct Resolver(ureq::unversioned::resolver::DefaultResolver);

impl ureq::unversioned::resolver::Resolver for Resolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> std::result::Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            let https = uri.scheme_str() == Some("https");
            let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
            let mut addrs = self.empty();
            addrs.push(std::net::SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        self.0.resolve(uri, config, timeout)
    }
}

fn keys_path(app_id: &str, integration_id: &str) -> Result<String> {
    Ok(format!(
        "/v2/apps/{}/integrations/{}/keys",
        segment("app_id", app_id)?,
        segment("integration_id", integration_id)?
    ))
}

fn key_path(app_id: &str, integration_id: &str, key_id: &str) -> Result<String> {
    Ok(format!(
        "{}/{}",
        keys_path(app_id, integration_id)?,
        segment("key_id", key_id)?
    ))
}

/// Checks an id and encodes it as one path segment. `.` and `..` are
/// refused: URL parsers treat them (even percent-encoded) as moves in the
/// path, so they cannot be sent as ids.
fn segment(name: &str, value: &str) -> Result<String> {
    validate::id(name, value)?;
    if value == "." || value == ".." {
        return Err(Error::invalid(format!("{name} must not be {value:?}")));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 200)
            .map(str::to_owned)
    })
}

/// Classifies an error from sending a request: whether the request can
/// have reached the server decides whether it may be sent again.
fn transport_error(e: ureq::Error) -> (Error, Failure) {
    use ureq::Timeout;
    let (kind, failure, what) = match &e {
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => {
            (ErrorKind::Timeout, Failure::Connect, "connecting timed out")
        }
        ureq::Error::Timeout(_) => (
            ErrorKind::Timeout,
            Failure::AfterSend,
            "the request timed out",
        ),
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => {
            (ErrorKind::Connection, Failure::Connect, "could not connect")
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            (ErrorKind::Connection, Failure::Connect, "could not connect")
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => (
            ErrorKind::Timeout,
            Failure::AfterSend,
            "the request timed out",
        ),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => (
            ErrorKind::Connection,
            Failure::Final,
            "the TLS handshake failed",
        ),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => (
            ErrorKind::InvalidArgument,
            Failure::Final,
            "the request could not be built",
        ),
        _ => (
            ErrorKind::Connection,
            Failure::AfterSend,
            "the connection failed",
        ),
    };
    let message = format!("{what}: {}", describe(&e));
    (Error::new(kind, message).with_source(e), failure)
}

/// The innermost cause of an error, which says the most.
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// Reads a body up to [`MAX_RESPONSE_BYTES`], within the attempt's deadline.
fn read_capped(
    response: Response<ureq::Body>,
    deadline: Instant,
) -> std::result::Result<Vec<u8>, (Error, Failure)> {
    let too_big = || {
        (
            Error::decode(format!(
                "the response body is larger than {MAX_RESPONSE_BYTES} bytes"
            )),
            Failure::Final,
        )
    };
    let declared = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
        return Err(too_big());
    }
    let mut response = response.into_body().into_reader();
    let mut body = Vec::new();
    // Answers are small; a small buffer keeps each call's cost down.
    let mut chunk = [0u8; 4 * 1024];
    loop {
        if Instant::now() >= deadline {
            let e = Error::new(ErrorKind::Timeout, "reading the response timed out");
            return Err((e, Failure::AfterSend));
        }
        match response.read(&mut chunk) {
            Ok(0) => return Ok(body),
            Ok(n) => {
                body.extend_from_slice(&chunk[..n]);
                if body.len() > MAX_RESPONSE_BYTES {
                    return Err(too_big());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                    || e.get_ref()
                        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                        .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)));
                let (kind, what) = if timed_out {
                    (ErrorKind::Timeout, "reading the response timed out")
                } else {
                    (
                        ErrorKind::Connection,
                        "the connection broke while reading the response",
                    )
                };
                let message = format!("{what}: {}", describe(&e));
                return Err((Error::new(kind, message).with_source(e), Failure::AfterSend));
            }
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner.settings;
        let auth = match &settings.credentials {
            Credentials::Basic { key_id, .. } => format!("basic ({key_id})"),
            Credentials::Jwt { key_id, .. } => format!("jwt ({key_id})"),
            Credentials::Bearer(_) => "bearer token".to_owned(),
        };
        f.debug_struct("Client")
            .field("base_url", &settings.base_url)
            .field("auth", &auth)
            .field("timeout", &settings.timeout)
            .field("connect_timeout", &settings.connect_timeout)
            .field("max_retries", &settings.max_retries)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_inside_their_segment() {
        assert_eq!(
            keys_path("a/../b?x#y", "i d%").unwrap(),
            "/v2/apps/a%2F..%2Fb%3Fx%23y/integrations/i%20d%25/keys"
        );
        assert_eq!(
            key_path("app", "int", "ké").unwrap(),
            "/v2/apps/app/integrations/int/keys/k%C3%A9"
        );
        for dots in [".", ".."] {
            assert!(key_path("app", "int", dots).is_err());
        }
        assert!(key_path("app", "int", "...").is_ok());
    }

    #[test]
    fn client_is_send_sync_and_debug_hides_secrets() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
        let client = Client::builder()
            .base_url("http://127.0.0.1:1")
            .key_id("app_k")
            .secret("hidden-secret-value")
            .build()
            .unwrap();
        let text = format!("{client:?}");
        assert!(
            text.contains("app_k") && !text.contains("hidden-secret-value"),
            "{text}"
        );
    }
}
