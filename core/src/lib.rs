//! A client for the Sunshine Conversations v2 endpoints that manage the API
//! keys of a custom integration, and a signer for the JWTs those keys make.
//!
//! ```no_run
//! use integration_keys::Client;
//!
//! # fn main() -> Result<(), integration_keys::Error> {
//! let client = Client::builder()
//!     .subdomain("acme")
//!     .key_id("app_5d8cff3cd55b040010928b5b")
//!     .secret(std::env::var("KEY_SECRET").unwrap_or_default())
//!     .build()?;
//! let key = client.create_integration_key("5d8cff3c", "029c31f2", "My custom key")?;
//! println!("{} {:?}", key.id, key.secret); // the secret prints as <redacted>
//! # Ok(())
//! # }
//! ```
//!
//! This crate is the core of the `integration-keys` project: the C library,
//! the Python module, the Node addon and the command-line tool are thin
//! layers over it and inherit everything below.
//!
//! # Defaults
//!
//! | setting | default |
//! |---|---|
//! | base URL | `https://api.smooch.io`, or `https://{subdomain}.zendesk.com/sc` |
//! | auth | HTTP Basic from the key id and secret |
//! | timeout for one whole attempt | 30 s |
//! | connect timeout | 10 s |
//! | retries | 2 |
//! | largest response body read | 1 MiB |
//!
//! # Behaviour and hazards
//!
//! - **Validation first.** Ids must be 1 to 256 bytes without control
//!   characters and may not be `.` or `..`; a display name is 1 to 100
//!   characters. A bad argument fails with
//!   [`ErrorKind::InvalidArgument`] before anything is sent. Ids are
//!   percent-encoded, so an id can never change which path is requested.
//! - **https only**, except plain `http` to a loopback address, unless
//!   [`ClientBuilder::allow_insecure_http`] is set.
//! - **Redirects are not followed**: a 3xx answer is an
//!   [`ErrorKind::BadRequest`] error, so credentials never go to a host that
//!   was not configured.
//! - **Retries** (see [`retry`]): a 429 and a failure to connect are retried
//!   for every operation, after the `Retry-After` the server sent (up to
//!   60 s; a longer wait is returned as the error instead) or an exponential
//!   backoff with jitter. Timeouts, broken connections and 5xx answers are
//!   retried only for gets, lists and deletes. **A create is never sent
//!   again once the server may have seen it**, so a retry can never make a
//!   second key; after such a failure, list the keys to see whether the
//!   create happened.
//! - **Secrets** are [`Secret`] values: `<redacted>` in `Debug` and
//!   `Display`, zeroed when dropped. Error messages and log records never
//!   hold a secret, a header value or a body.
//! - **Logging** goes through the [`log`](https://docs.rs/log) crate at
//!   debug level: method, path, status, elapsed time, attempt and request
//!   id. [`log_level_from_env`] reads `INTEGRATION_KEYS_LOG`, and
//!   [`log_to_stderr`] writes this crate's records to standard error at
//!   that level.
//! - **Blocking.** Calls block the calling thread; run them on a worker
//!   thread from async code.
//!
//! # Known shortcomings
//!
//! - Proxies named in `HTTPS_PROXY` and friends are used for remote hosts,
//!   never for loopback; there is no setting to name a proxy directly.
//! - The JWTs the client signs in [`AuthMode::Jwt`] carry scope `account`
//!   for key ids starting with `act_` or `svc_` and `app` for all others;
//!   the scope cannot be chosen.

#![deny(missing_docs)]

mod client;
mod config;
mod error;
mod jwt;
mod logging;
mod model;
pub mod retry;
mod secret;
pub mod validate;

pub use client::{Client, MAX_RESPONSE_BYTES};
pub use config::{
    AuthMode, ClientBuilder, ClientOptions, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, JWT_LIFETIME, MAX_RETRIES_LIMIT, env,
};
pub use error::{Error, ErrorKind, Result, first_api_error};
pub use jwt::{MAX_EXPIRES_IN, expires_in_secs, sign_jwt};
pub use logging::{log_level_from_env, log_to_stderr};
pub use model::{IntegrationKey, decode_created_key, decode_key, decode_keys};
pub use secret::{REDACTED, Secret};

/// The version of this library, as in every front end.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
