//! The native half of the `integration-keys` npm package.
//!
//! This addon is a thin translation layer over the `integration-keys` Rust
//! core: it turns JavaScript values into core calls and core results back
//! into JavaScript values. It decides no policy of its own (validation,
//! retries, redaction and error classification all live in the core).
//!
//! The package's JavaScript layer (`index.js`) wraps what this addon exports;
//! users never call the addon directly.
//!
//! - Network calls run on Tokio's blocking thread pool through
//!   `spawn_blocking`, so the Promise they return never blocks Node's event
//!   loop, and many calls can be in flight at once.
//! - A failed call rejects (or throws) a plain `Error` whose message is
//!   [`ERROR_PREFIX`] followed by a JSON object holding the error's kind,
//!   message, status, code, title, request id and retry-after. The
//!   JavaScript layer turns it, in one place, into the matching
//!   `IntegrationKeysError` subclass.
//! - When `INTEGRATION_KEYS_LOG` names a level, the core's log records are
//!   written to standard error.

use integration_keys::{
    Client, ClientBuilder, Error as CoreError, ErrorKind, IntegrationKey, Secret,
};
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The text every error message from this addon starts with; a JSON object
/// with the error's fields follows it.
pub const ERROR_PREFIX: &str = "integration-keys-error:";

/// Turns a core error into the `Error` the JavaScript layer decodes.
fn to_napi(error: &CoreError) -> napi::Error {
    let fields = serde_json::json!({
        "kind": error.kind().as_str(),
        "message": error.message(),
        "status": error.status(),
        "code": error.code(),
        "title": error.title(),
        "requestId": error.request_id(),
        "retryAfter": error.retry_after().map(|d| d.as_secs_f64()),
    });
    napi::Error::new(Status::GenericFailure, format!("{ERROR_PREFIX}{fields}"))
}

/// The settings a `Client` is made from; every field may be left out.
#[napi(object)]
#[derive(Debug, Default)]
pub struct ClientOptions {
    /// A Zendesk subdomain: requests go to `https://{subdomain}.zendesk.com/sc`.
    pub subdomain: Option<String>,
    /// Any base URL; wins over `subdomain`.
    pub base_url: Option<String>,
    /// The API key id.
    pub key_id: Option<String>,
    /// The API key secret.
    pub secret: Option<String>,
    /// `"basic"` (the default) or `"jwt"`.
    pub auth: Option<String>,
    /// A JWT signed elsewhere, instead of a key id and secret.
    pub token: Option<String>,
    /// Seconds for one whole attempt (default 30).
    pub timeout: Option<f64>,
    /// Seconds for making a connection (default 10).
    pub connect_timeout: Option<f64>,
    /// How many times a failed request is tried again (0 to 10, default 2).
    pub max_retries: Option<f64>,
    /// Text appended to the `User-Agent` header.
    pub user_agent: Option<String>,
    /// Allows a plain `http` base URL to a host that is not loopback; the
    /// credentials then cross the network unencrypted.
    pub allow_insecure_http: Option<bool>,
}

/// An API key as the addon hands it to JavaScript.
#[napi(object)]
#[derive(Debug)]
pub struct NativeKey {
    /// The key's id.
    pub id: String,
    /// The key's display name, when the server sent one.
    pub display_name: Option<String>,
    /// The key's secret, when the server sent one (a create always does).
    pub secret: Option<String>,
}

impl From<IntegrationKey> for NativeKey {
    fn from(key: IntegrationKey) -> NativeKey {
        NativeKey {
            id: key.id,
            display_name: key.display_name,
            secret: key.secret.map(|s| s.expose().to_owned()),
        }
    }
}

impl From<ClientOptions> for integration_keys::ClientOptions {
    /// Copies every field across as it is; the core checks the values when
    /// the client is built.
    fn from(options: ClientOptions) -> integration_keys::ClientOptions {
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
        integration_keys::ClientOptions {
            subdomain,
            base_url,
            key_id,
            secret: secret.map(Secret::new),
            auth,
            token: token.map(Secret::new),
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            allow_insecure_http,
        }
    }
}

/// Makes a client from `builder` with `options` applied over it.
fn build(builder: ClientBuilder, options: Option<ClientOptions>) -> Result<NativeClient> {
    integration_keys::log_to_stderr();
    let options = options.unwrap_or_default().into();
    let client = builder
        .front_end("node")
        .options(options)
        .build()
        .map_err(|e| to_napi(&e))?;
    Ok(NativeClient { client })
}

/// The client the JavaScript `Client` class wraps.
#[napi]
#[derive(Debug)]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    /// Makes a client from explicit settings.
    #[napi(constructor)]
    pub fn new(options: Option<ClientOptions>) -> Result<NativeClient> {
        build(ClientBuilder::new(), options)
    }

    /// Makes a client from the `INTEGRATION_KEYS_*` environment variables,
    /// as the core reads them; `options` override what was read.
    #[napi(factory)]
    pub fn from_env(options: Option<ClientOptions>) -> Result<NativeClient> {
        build(ClientBuilder::from_env(), options)
    }

    /// The base URL requests go to, without a trailing slash.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// Creates an API key; the answer holds its secret.
    #[napi]
    pub async fn create_integration_key(
        &self,
        app_id: String,
        integration_id: String,
        display_name: String,
    ) -> Result<NativeKey> {
        let client = self.client.clone();
        off_thread(move || {
            client
                .create_integration_key(&app_id, &integration_id, &display_name)
                .map(NativeKey::from)
        })
        .await
    }

    /// Lists the API keys of an integration.
    #[napi]
    pub async fn list_integration_keys(
        &self,
        app_id: String,
        integration_id: String,
    ) -> Result<Vec<NativeKey>> {
        let client = self.client.clone();
        off_thread(move || {
            client
                .list_integration_keys(&app_id, &integration_id)
                .map(|keys| keys.into_iter().map(NativeKey::from).collect())
        })
        .await
    }

    /// Gets one API key.
    #[napi]
    pub async fn get_integration_key(
        &self,
        app_id: String,
        integration_id: String,
        key_id: String,
    ) -> Result<NativeKey> {
        let client = self.client.clone();
        off_thread(move || {
            client
                .get_integration_key(&app_id, &integration_id, &key_id)
                .map(NativeKey::from)
        })
        .await
    }

    /// Deletes (revokes) an API key.
    #[napi]
    pub async fn delete_integration_key(
        &self,
        app_id: String,
        integration_id: String,
        key_id: String,
    ) -> Result<()> {
        let client = self.client.clone();
        off_thread(move || client.delete_integration_key(&app_id, &integration_id, &key_id)).await
    }
}

/// Runs a blocking core call on Tokio's blocking pool, so that neither the
/// event loop nor a runtime worker waits on the network.
async fn off_thread<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> integration_keys::Result<T> + Send + 'static,
{
    match napi::tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(|e| to_napi(&e)),
        Err(_) => Err(to_napi(&CoreError::new(
            ErrorKind::Internal,
            "the worker thread running the request failed",
        ))),
    }
}

/// Signs an HS256 JWT with an API key, locally. `expiresIn` is in seconds;
/// without it the token has no `exp` claim.
#[napi]
pub fn sign_jwt(
    key_id: String,
    secret: String,
    scope: String,
    expires_in: Option<f64>,
) -> Result<String> {
    let expires_in = expires_in
        .map(integration_keys::expires_in_secs)
        .transpose()
        .map_err(|e| to_napi(&e))?;
    let token = integration_keys::sign_jwt(&key_id, &Secret::new(secret), &scope, expires_in)
        .map_err(|e| to_napi(&e))?;
    Ok(token.expose().to_owned())
}

/// The version of the core this addon was built with.
#[napi]
pub fn core_version() -> String {
    integration_keys::VERSION.to_owned()
}

/// Every error kind the core knows, in the order of their numbers.
#[napi]
pub fn error_kinds() -> Vec<String> {
    ErrorKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect()
}
