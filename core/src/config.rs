//! Client settings: the builder, its checks, and `from_env`.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use url::Url;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::validate;

/// The base URL used when neither a base URL nor a subdomain is set.
pub const DEFAULT_BASE_URL: &str = "https://api.smooch.io";

/// The default limit for one whole attempt: connect, send, and read the
/// answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default limit for making a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times a failed request is tried again by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The most retries a client may be set to.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// How long the tokens a client signs in [`AuthMode::Jwt`] are valid.
pub const JWT_LIFETIME: Duration = Duration::from_secs(300);

/// The environment variables [`ClientBuilder::from_env`] reads.
pub mod env {
    /// Any base URL; wins over the subdomain.
    pub const BASE_URL: &str = "INTEGRATION_KEYS_BASE_URL";
    /// A Zendesk subdomain.
    pub const SUBDOMAIN: &str = "INTEGRATION_KEYS_SUBDOMAIN";
    /// The API key id.
    pub const KEY_ID: &str = "INTEGRATION_KEYS_KEY_ID";
    /// The API key secret.
    pub const SECRET: &str = "INTEGRATION_KEYS_SECRET";
    /// A JWT signed elsewhere.
    pub const TOKEN: &str = "INTEGRATION_KEYS_TOKEN";
    /// `basic` or `jwt`.
    pub const AUTH: &str = "INTEGRATION_KEYS_AUTH";
    /// Seconds for a whole attempt.
    pub const TIMEOUT: &str = "INTEGRATION_KEYS_TIMEOUT";
    /// Seconds for connecting.
    pub const CONNECT_TIMEOUT: &str = "INTEGRATION_KEYS_CONNECT_TIMEOUT";
    /// How many retries.
    pub const MAX_RETRIES: &str = "INTEGRATION_KEYS_MAX_RETRIES";
    /// The log level: `off`, `error`, `warn`, `info`, `debug` or `trace`.
    pub const LOG: &str = "INTEGRATION_KEYS_LOG";
}

/// How a client proves who it is when it has a key id and secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// HTTP Basic with the key id as user and the secret as password.
    #[default]
    Basic,
    /// A short-lived HS256 JWT, signed by the client for each request and
    /// sent as `Bearer`. Its scope is `account` for key ids that start with
    /// `act_` or `svc_`, and `app` otherwise.
    Jwt,
}

impl AuthMode {
    /// The mode's name: `"basic"` or `"jwt"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Basic => "basic",
            AuthMode::Jwt => "jwt",
        }
    }
}

impl FromStr for AuthMode {
    type Err = Error;

    /// Reads `basic` or `jwt`, in any case.
    fn from_str(s: &str) -> Result<AuthMode> {
        match s.to_ascii_lowercase().as_str() {
            "basic" => Ok(AuthMode::Basic),
            "jwt" => Ok(AuthMode::Jwt),
            _ => Err(Error::invalid(format!(
                "auth must be \"basic\" or \"jwt\", not {s:?}"
            ))),
        }
    }
}

/// The credentials a built client sends.
#[derive(Clone, Debug)]
pub(crate) enum Credentials {
    Basic { key_id: String, secret: Secret },
    Jwt { key_id: String, secret: Secret },
    Bearer(Secret),
}

/// Everything a client needs, checked.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub base_url: String,
    pub credentials: Credentials,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_retries: u32,
    pub user_agent: String,
    pub loopback: bool,
}

/// Every client setting as a plain optional value: the shape in which the
/// front ends receive settings (Python keyword arguments, a JavaScript
/// object, a C struct, command-line options). [`ClientBuilder::options`]
/// applies the ones that are set; the builder checks them all at
/// [`build`](ClientBuilder::build) time, so a front end only copies values
/// across.
// Debug is derived: the secret fields are `Secret`s, which print as
// `<redacted>`.
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// See [`ClientBuilder::subdomain`].
    pub subdomain: Option<String>,
    /// See [`ClientBuilder::base_url`].
    pub base_url: Option<String>,
    /// See [`ClientBuilder::key_id`].
    pub key_id: Option<String>,
    /// See [`ClientBuilder::secret`].
    pub secret: Option<Secret>,
    /// `"basic"` or `"jwt"`; see [`ClientBuilder::auth_name`].
    pub auth: Option<String>,
    /// See [`ClientBuilder::token`].
    pub token: Option<Secret>,
    /// Seconds; see [`ClientBuilder::timeout_secs`].
    pub timeout: Option<f64>,
    /// Seconds; see [`ClientBuilder::connect_timeout_secs`].
    pub connect_timeout: Option<f64>,
    /// A whole number from 0 to 10; see [`ClientBuilder::max_retries`]. A
    /// float, because that is what JavaScript has: a fraction or a value out
    /// of range is reported by `build`.
    pub max_retries: Option<f64>,
    /// See [`ClientBuilder::user_agent`].
    pub user_agent: Option<String>,
    /// See [`ClientBuilder::allow_insecure_http`].
    pub allow_insecure_http: Option<bool>,
}

/// Collects a client's settings; [`build`](ClientBuilder::build) checks them
/// all and makes the [`Client`].
///
/// Setters never fail: a value that cannot be used is reported by `build`,
/// as [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
#[derive(Clone, Debug, Default)]
pub struct ClientBuilder {
    subdomain: Option<String>,
    base_url: Option<String>,
    key_id: Option<String>,
    secret: Option<Secret>,
    auth: AuthMode,
    token: Option<Secret>,
    timeout: Option<Seconds>,
    connect_timeout: Option<Seconds>,
    max_retries: Option<u32>,
    user_agent: Option<String>,
    front_end: Option<String>,
    allow_insecure_http: bool,
    problem: Option<String>,
}

/// A duration given as seconds, checked at build time.
#[derive(Clone, Copy, Debug)]
enum Seconds {
    Exact(Duration),
    Float(f64),
}

impl Seconds {
    fn check(self, name: &str) -> Result<Duration> {
        let d = match self {
            Seconds::Exact(d) => d,
            Seconds::Float(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => {
                Duration::from_secs_f64(s)
            }
            Seconds::Float(s) => {
                return Err(Error::invalid(format!(
                    "{name} must be more than 0 and at most 86400 seconds, not {s}"
                )));
            }
        };
        if d.is_zero() {
            return Err(Error::invalid(format!("{name} must be more than 0")));
        }
        Ok(d)
    }
}

impl ClientBuilder {
    /// A builder with every setting at its default.
    pub fn new() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A builder filled from the `INTEGRATION_KEYS_*` variables (see
    /// [`env`](mod@env)); an unset or empty variable leaves its setting alone. Later
    /// setters override what it read.
    pub fn from_env() -> ClientBuilder {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Like [`from_env`](ClientBuilder::from_env), reading each variable
    /// through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ClientBuilder {
        let mut b = ClientBuilder::new();
        let mut number = |name: &str| {
            let text = lookup(name)?;
            let parsed = text.trim().parse::<f64>();
            if parsed.is_err() {
                b.fail(format!("{name} must be a number, not {text:?}"));
            }
            parsed.ok()
        };
        let timeout = number(env::TIMEOUT);
        let connect_timeout = number(env::CONNECT_TIMEOUT);
        let max_retries = number(env::MAX_RETRIES);
        b.options(ClientOptions {
            subdomain: lookup(env::SUBDOMAIN),
            base_url: lookup(env::BASE_URL),
            key_id: lookup(env::KEY_ID),
            secret: lookup(env::SECRET).map(Secret::new),
            auth: lookup(env::AUTH),
            token: lookup(env::TOKEN).map(Secret::new),
            timeout,
            connect_timeout,
            max_retries,
            user_agent: None,
            allow_insecure_http: None,
        })
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// The Zendesk subdomain: requests go to
    /// `https://{subdomain}.zendesk.com/sc`.
    pub fn subdomain(mut self, subdomain: impl Into<String>) -> Self {
        self.subdomain = Some(subdomain.into());
        self
    }

    /// Any base URL, such as `https://api.eu-1.smooch.io` or a sandbox's URL.
    /// Wins over [`subdomain`](ClientBuilder::subdomain). It must be `https`,
    /// or `http` to a loopback address (`127.0.0.0/8`, `::1`, `localhost`)
    /// unless [`allow_insecure_http`](ClientBuilder::allow_insecure_http) is
    /// set.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The API key id (`app_...`, `act_...`, `svc_...` or `int_...`).
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }

    /// The API key secret.
    pub fn secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// How the key id and secret are used; [`AuthMode::Basic`] by default.
    pub fn auth(mut self, auth: AuthMode) -> Self {
        self.auth = auth;
        self
    }

    /// Like [`auth`](ClientBuilder::auth), by name: `"basic"` or `"jwt"`.
    pub fn auth_name(mut self, auth: &str) -> Self {
        match auth.parse() {
            Ok(mode) => self.auth = mode,
            Err(e) => self.fail(e.message().to_owned()),
        }
        self
    }

    /// A JWT signed elsewhere, sent as `Bearer`, instead of a key id and
    /// secret.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The limit for one whole attempt; 30 seconds by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Seconds::Exact(timeout));
        self
    }

    /// Like [`timeout`](ClientBuilder::timeout), in seconds.
    pub fn timeout_secs(mut self, seconds: f64) -> Self {
        self.timeout = Some(Seconds::Float(seconds));
        self
    }

    /// The limit for making a connection; 10 seconds by default.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(Seconds::Exact(timeout));
        self
    }

    /// Like [`connect_timeout`](ClientBuilder::connect_timeout), in seconds.
    pub fn connect_timeout_secs(mut self, seconds: f64) -> Self {
        self.connect_timeout = Some(Seconds::Float(seconds));
        self
    }

    /// How many times a failed request is tried again (0 to 10; 2 by
    /// default). See the [`retry`](crate::retry) module for which failures
    /// are retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Text appended to the `User-Agent` header, which always starts with
    /// `integration-keys/<version> (<front end>)`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The front end named in the `User-Agent` header (`rust` unless a
    /// binding says otherwise).
    pub fn front_end(mut self, front_end: impl Into<String>) -> Self {
        self.front_end = Some(front_end.into());
        self
    }

    /// Applies every setting that `options` has; the others keep their
    /// current values.
    pub fn options(mut self, options: ClientOptions) -> Self {
        let ClientOptions {
            subdomain,
            base_url,
            key_id,
            secret,
            auth,
            token,
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            allow_insecure_http,
        } = options;
        if let Some(v) = subdomain {
            self = self.subdomain(v);
        }
        if let Some(v) = base_url {
            self = self.base_url(v);
        }
        if let Some(v) = key_id {
            self = self.key_id(v);
        }
        if let Some(v) = secret {
            self = self.secret(v);
        }
        if let Some(v) = auth {
            self = self.auth_name(&v);
        }
        if let Some(v) = token {
            self = self.token(v);
        }
        if let Some(v) = timeout {
            self = self.timeout_secs(v);
        }
        if let Some(v) = connect_timeout {
            self = self.connect_timeout_secs(v);
        }
        if let Some(v) = max_retries {
            if v.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES_LIMIT)).contains(&v) {
                self = self.max_retries(v as u32);
            } else {
                self.fail(format!(
                    "max_retries must be a whole number from 0 to {MAX_RETRIES_LIMIT}, not {v}"
                ));
            }
        }
        if let Some(v) = user_agent {
            self = self.user_agent(v);
        }
        if let Some(v) = allow_insecure_http {
            self = self.allow_insecure_http(v);
        }
        self
    }

    /// Allows a plain `http` base URL to a host that is not loopback.
    /// Credentials then cross the network unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks every setting and makes the client.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) for
    /// a setting that cannot be used: a malformed or insecure base URL, a
    /// subdomain that is not a DNS label, missing or conflicting credentials,
    /// a timeout that is not positive, too many retries.
    pub fn build(self) -> Result<Client> {
        let settings = self.check()?;
        Client::from_settings(settings)
    }

    pub(crate) fn check(self) -> Result<Settings> {
        if let Some(problem) = self.problem {
            return Err(Error::invalid(problem));
        }
        let (base_url, loopback) = self.resolve_base_url()?;
        let credentials = self.resolve_credentials()?;
        let timeout = self
            .timeout
            .map_or(Ok(DEFAULT_TIMEOUT), |t| t.check("timeout"))?;
        let connect_timeout = self
            .connect_timeout
            .map_or(Ok(DEFAULT_CONNECT_TIMEOUT), |t| t.check("connect_timeout"))?;
        let max_retries = self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES);
        if max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid(format!(
                "max_retries must be at most {MAX_RETRIES_LIMIT}, not {max_retries}"
            )));
        }
        let front_end = self.front_end.as_deref().unwrap_or("rust");
        validate::text("front_end", front_end)?;
        let mut user_agent = format!(
            "integration-keys/{} ({front_end})",
            env!("CARGO_PKG_VERSION")
        );
        if let Some(extra) = &self.user_agent {
            validate::text("user_agent", extra)?;
            user_agent.push(' ');
            user_agent.push_str(extra);
        }
        Ok(Settings {
            base_url,
            credentials,
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            loopback,
        })
    }

    fn resolve_base_url(&self) -> Result<(String, bool)> {
        let raw = match (&self.base_url, &self.subdomain) {
            (Some(url), _) => url.clone(),
            (None, Some(sub)) => {
                let label_ok = !sub.is_empty()
                    && sub.len() <= 63
                    && sub.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !sub.starts_with('-')
                    && !sub.ends_with('-');
                if !label_ok {
                    return Err(Error::invalid(format!(
                        "subdomain must be a DNS label (letters, digits, '-'), not {sub:?}"
                    )));
                }
                format!("https://{}.zendesk.com/sc", sub.to_ascii_lowercase())
            }
            (None, None) => DEFAULT_BASE_URL.to_owned(),
        };
        let url =
            Url::parse(&raw).map_err(|e| Error::invalid(format!("base_url is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(
                "base_url must not hold credentials; set key_id and secret instead",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid("base_url must not have a query or fragment"));
        }
        let host = url
            .host_str()
            .ok_or_else(|| Error::invalid("base_url has no host"))?;
        let loopback = is_loopback(host);
        match url.scheme() {
            "https" => {}
            "http" if loopback || self.allow_insecure_http => {}
            "http" => {
                return Err(Error::invalid(format!(
                    "base_url uses plain http to {host}, which is not loopback; \
                     use https, or allow insecure http explicitly"
                )));
            }
            other => {
                return Err(Error::invalid(format!(
                    "base_url must be https, not {other}"
                )));
            }
        }
        Ok((url.as_str().trim_end_matches('/').to_owned(), loopback))
    }

    fn resolve_credentials(&self) -> Result<Credentials> {
        let pair = match (&self.key_id, &self.secret) {
            (Some(id), Some(secret)) => {
                validate::text("key_id", id)?;
                if secret.is_empty() {
                    return Err(Error::invalid("secret must not be empty"));
                }
                if id.contains(':') {
                    return Err(Error::invalid("key_id must not contain ':'"));
                }
                Some((id.clone(), secret.clone()))
            }
            (Some(_), None) => return Err(Error::invalid("key_id is set but secret is not")),
            (None, Some(_)) => return Err(Error::invalid("secret is set but key_id is not")),
            (None, None) => None,
        };
        match (pair, &self.token, self.auth) {
            (Some(_), Some(_), _) => Err(Error::invalid(
                "set either token or key_id and secret, not both",
            )),
            (None, Some(token), AuthMode::Basic) => {
                if token.is_empty() || token.expose().chars().any(char::is_control) {
                    return Err(Error::invalid("token must be non-empty printable text"));
                }
                Ok(Credentials::Bearer(token.clone()))
            }
            (None, Some(_), AuthMode::Jwt) => Err(Error::invalid(
                "auth \"jwt\" signs tokens from key_id and secret; a ready token needs auth \"basic\"",
            )),
            (Some((key_id, secret)), None, AuthMode::Basic) => {
                Ok(Credentials::Basic { key_id, secret })
            }
            (Some((key_id, secret)), None, AuthMode::Jwt) => {
                Ok(Credentials::Jwt { key_id, secret })
            }
            (None, None, _) => Err(Error::invalid(
                "no credentials: set key_id and secret, or token",
            )),
        }
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn base() -> ClientBuilder {
        ClientBuilder::new().key_id("app_1").secret("s")
    }

    #[test]
    fn base_urls() {
        let url = |b: ClientBuilder| b.check().map(|s| s.base_url);
        assert_eq!(url(base()).unwrap(), "https://api.smooch.io");
        assert_eq!(
            url(base().subdomain("Acme")).unwrap(),
            "https://acme.zendesk.com/sc"
        );
        assert_eq!(
            url(base().subdomain("acme").base_url("https://x.example/sc/")).unwrap(),
            "https://x.example/sc"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.3.4.5",
            "http://localhost:1",
            "http://[::1]:9",
        ] {
            assert!(url(base().base_url(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "ftp://x",
            "https://u:p@x.example",
            "https://x.example?q=1",
            "not a url",
        ] {
            let e = url(base().base_url(bad)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
        }
        assert!(
            url(base()
                .base_url("http://example.com")
                .allow_insecure_http(true))
            .is_ok()
        );
        assert!(url(base().subdomain("a.b")).is_err());
        assert!(url(base().subdomain("")).is_err());
    }

    #[test]
    fn credentials() {
        assert!(ClientBuilder::new().check().is_err());
        assert!(ClientBuilder::new().key_id("a").check().is_err());
        assert!(ClientBuilder::new().secret("a").check().is_err());
        assert!(ClientBuilder::new().token("t").check().is_ok());
        assert!(base().token("t").check().is_err());
        assert!(
            ClientBuilder::new()
                .token("t")
                .auth(AuthMode::Jwt)
                .check()
                .is_err()
        );
        assert!(base().auth_name("JWT").check().is_ok());
        let e = base().auth_name("digest").check().unwrap_err();
        assert!(e.message().contains("digest"));
    }

    #[test]
    fn numbers() {
        assert!(base().timeout_secs(0.5).check().is_ok());
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
            assert!(base().timeout_secs(bad).check().is_err(), "{bad}");
            assert!(base().connect_timeout_secs(bad).check().is_err(), "{bad}");
        }
        assert!(base().timeout(Duration::ZERO).check().is_err());
        assert!(base().max_retries(10).check().is_ok());
        assert!(base().max_retries(11).check().is_err());
    }

    #[test]
    fn from_lookup_reads_every_variable() {
        let vars = [
            (env::BASE_URL, "http://127.0.0.1:9"),
            (env::KEY_ID, "app_env"),
            (env::SECRET, "env-secret"),
            (env::AUTH, "jwt"),
            (env::TIMEOUT, "2.5"),
            (env::CONNECT_TIMEOUT, "1"),
            (env::MAX_RETRIES, "4"),
        ];
        let lookup = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        let s = ClientBuilder::from_lookup(lookup).check().unwrap();
        assert_eq!(s.base_url, "http://127.0.0.1:9");
        assert!(
            matches!(s.credentials, Credentials::Jwt { ref key_id, .. } if key_id == "app_env")
        );
        assert_eq!(s.timeout, Duration::from_millis(2500));
        assert_eq!(s.connect_timeout, Duration::from_secs(1));
        assert_eq!(s.max_retries, 4);

        let bad = |name: &'static str, value: &'static str| {
            ClientBuilder::from_lookup(move |n| (n == name).then(|| value.to_string()))
                .token("t")
                .check()
                .unwrap_err()
        };
        assert!(
            bad(env::MAX_RETRIES, "many")
                .message()
                .contains("MAX_RETRIES")
        );
        assert!(bad(env::TIMEOUT, "soon").message().contains("TIMEOUT"));
    }

    #[test]
    fn debug_hides_secrets() {
        let b = base().token("tok-123").secret("sec-456");
        let text = format!("{b:?}");
        assert!(
            !text.contains("tok-123") && !text.contains("sec-456"),
            "{text}"
        );
    }

    #[test]
    fn options_apply_what_is_set() {
        let options = ClientOptions {
            base_url: Some("http://127.0.0.1:9".into()),
            key_id: Some("app_o".into()),
            secret: Some("s".into()),
            auth: Some("jwt".into()),
            timeout: Some(1.5),
            max_retries: Some(3.0),
            ..ClientOptions::default()
        };
        let s = ClientBuilder::new()
            .connect_timeout_secs(2.0)
            .options(options.clone())
            .check()
            .unwrap();
        assert_eq!(s.base_url, "http://127.0.0.1:9");
        assert!(matches!(s.credentials, Credentials::Jwt { .. }));
        assert_eq!(s.timeout, Duration::from_millis(1500));
        assert_eq!(s.connect_timeout, Duration::from_secs(2));
        assert_eq!(s.max_retries, 3);
        assert!(!format!("{options:?}").contains("\"s\""));
        for bad in [0.5, -1.0, 11.0, f64::NAN] {
            let o = ClientOptions {
                max_retries: Some(bad),
                ..options.clone()
            };
            let e = ClientBuilder::new().options(o).check().unwrap_err();
            assert!(e.message().contains("max_retries"), "{bad}: {e}");
        }
    }

    #[test]
    fn user_agent() {
        let s = base()
            .front_end("python")
            .user_agent("my-app/1")
            .check()
            .unwrap();
        assert_eq!(
            s.user_agent,
            format!(
                "integration-keys/{} (python) my-app/1",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
