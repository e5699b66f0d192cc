//! The native half of the `integration_keys` Python package: the module
//! `integration_keys._native`.
//!
//! Everything here is a translation over the `integration-keys` core crate,
//! which decides validation, retries, redaction, error classification and
//! fork handling. This module only turns Python values into core values and
//! back:
//!
//! - every request runs with the GIL released ([`Python::detach`]), so
//!   Python threads make calls in parallel;
//! - every core error becomes an instance of one of the exception classes of
//!   the pure-Python module `integration_keys._errors`, in `to_py_err` and
//!   nowhere else (the table from error kind to class lives in that Python
//!   module);
//! - the core's log records go to Python's `logging`, under the logger
//!   `integration_keys`, through `pyo3-log`.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use integration_keys as ik;
use log::LevelFilter;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

/// The Python logger every log record of this package goes to.
const LOGGER_NAME: &str = "integration_keys";

/// The Python function that makes an exception object from a core error's
/// parts, imported on first use.
static ERROR_FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Turns a core error into the Python exception that reports it.
///
/// This is the only place where a core error crosses into Python. The
/// class is chosen by `integration_keys._errors._from_native` from the
/// error's kind; every detail the core has (status, code, title, request
/// id, retry-after in seconds) is passed along.
fn to_py_err(py: Python<'_>, error: &ik::Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let factory = ERROR_FACTORY.get_or_try_init(py, || {
            py.import("integration_keys._errors")?
                .getattr("_from_native")
                .map(Bound::unbind)
        })?;
        let value = factory.bind(py).call1((
            error.kind().as_str(),
            error.message(),
            error.status(),
            error.code(),
            error.title(),
            error.request_id(),
            error.retry_after().map(|d| d.as_secs_f64()),
        ))?;
        Ok(PyErr::from_value(value))
    };
    // If the exception cannot even be made, the reason for that is raised.
    build().unwrap_or_else(|failure| failure)
}

/// Makes the client from `start` (a fresh or an environment-filled core
/// builder) and the settings given as keyword arguments, which the core
/// checks when it builds.
fn build_client(
    py: Python<'_>,
    start: ik::ClientBuilder,
    options: ik::ClientOptions,
) -> PyResult<Client> {
    let client = start
        .front_end("python")
        .options(options)
        .build()
        .map_err(|e| to_py_err(py, &e))?;
    Ok(Client {
        base_url: client.base_url().to_owned(),
        inner: Mutex::new(Some(client)),
    })
}

/// A client of the Sunshine Conversations custom integration API keys
/// endpoints.
///
/// Every argument is keyword-only. Authenticate with `key_id` and `secret`
/// (HTTP Basic, or a short-lived JWT per request when `auth="jwt"`), or
/// with a `token` (a JWT signed elsewhere). Requests go to `base_url`, or
/// `https://{subdomain}.zendesk.com/sc`, or `https://api.smooch.io`.
/// `timeout` (whole attempt, default 30) and `connect_timeout` (default 10)
/// are in seconds; `max_retries` (a whole number, 0 to 10) defaults to 2;
/// `user_agent` is appended to the User-Agent header. Plain `http` is
/// refused except to loopback unless `allow_insecure_http=True`, with which
/// the credentials cross the network unencrypted.
///
/// A bad setting raises InvalidArgumentError (a ValueError); a value of
/// the wrong type raises TypeError.
///
/// A client holds a connection pool: make one and reuse it. It may be
/// shared by many threads (the GIL is released during every request), and
/// a client made before os.fork() keeps working in the child. Use it as a
/// context manager, or call close(), to drop the pool.
#[pyclass(frozen, module = "integration_keys", name = "Client")]
pub struct Client {
    base_url: String,
    inner: Mutex<Option<ik::Client>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The core client, or the error for a closed one.
    fn core(&self, py: Python<'_>) -> PyResult<ik::Client> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        match &*inner {
            Some(client) => Ok(client.clone()),
            None => Err(to_py_err(
                py,
                &ik::Error::new(ik::ErrorKind::InvalidArgument, "the client is closed"),
            )),
        }
    }

    /// Runs `op` on the core client with the GIL released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        op: impl FnOnce(&ik::Client) -> ik::Result<T> + Send,
    ) -> PyResult<T> {
        let client = self.core(py)?;
        py.detach(move || op(&client))
            .map_err(|e| to_py_err(py, &e))
    }
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        *,
        subdomain = None,
        base_url = None,
        key_id = None,
        secret = None,
        auth = None,
        token = None,
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        user_agent = None,
        allow_insecure_http = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        subdomain: Option<String>,
        base_url: Option<String>,
        key_id: Option<String>,
        secret: Option<String>,
        auth: Option<String>,
        token: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<f64>,
        user_agent: Option<String>,
        allow_insecure_http: Option<bool>,
    ) -> PyResult<Client> {
        let options = ik::ClientOptions {
            subdomain,
            base_url,
            key_id,
            secret: secret.map(ik::Secret::new),
            auth,
            token: token.map(ik::Secret::new),
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            allow_insecure_http,
        };
        build_client(py, ik::ClientBuilder::new(), options)
    }

    /// A client configured from the environment.
    ///
    /// Reads INTEGRATION_KEYS_BASE_URL, INTEGRATION_KEYS_SUBDOMAIN,
    /// INTEGRATION_KEYS_KEY_ID, INTEGRATION_KEYS_SECRET,
    /// INTEGRATION_KEYS_TOKEN, INTEGRATION_KEYS_AUTH,
    /// INTEGRATION_KEYS_TIMEOUT, INTEGRATION_KEYS_CONNECT_TIMEOUT and
    /// INTEGRATION_KEYS_MAX_RETRIES; an unset or empty variable leaves its
    /// setting at the default. Keyword arguments (the same as the
    /// constructor's) override what was read.
    ///
    /// Raises InvalidArgumentError when a variable or an argument cannot
    /// be used, or when no credentials were given.
    #[staticmethod]
    #[pyo3(signature = (
        *,
        subdomain = None,
        base_url = None,
        key_id = None,
        secret = None,
        auth = None,
        token = None,
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        user_agent = None,
        allow_insecure_http = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_env(
        py: Python<'_>,
        subdomain: Option<String>,
        base_url: Option<String>,
        key_id: Option<String>,
        secret: Option<String>,
        auth: Option<String>,
        token: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<f64>,
        user_agent: Option<String>,
        allow_insecure_http: Option<bool>,
    ) -> PyResult<Client> {
        let options = ik::ClientOptions {
            subdomain,
            base_url,
            key_id,
            secret: secret.map(ik::Secret::new),
            auth,
            token: token.map(ik::Secret::new),
            timeout,
            connect_timeout,
            max_retries,
            user_agent,
            allow_insecure_http,
        };
        build_client(py, ik::ClientBuilder::from_env(), options)
    }

    /// The base URL requests go to, without a trailing slash.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether close() was called.
    #[getter]
    fn closed(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// Creates an API key for a custom integration and returns it with its
    /// secret.
    ///
    /// The answer is the only time the API is sure to show the secret, so
    /// store it now. A create is never sent twice: after a timeout, a
    /// broken connection or a server error the key may exist even though
    /// an exception was raised; list the keys to find out.
    ///
    /// Raises InvalidArgumentError for an empty, over-long (ids: 256 bytes,
    /// display name: 100 characters) or control-character argument, and
    /// an IntegrationKeysError subclass for every other failure.
    fn create_integration_key(
        &self,
        py: Python<'_>,
        app_id: String,
        integration_id: String,
        display_name: String,
    ) -> PyResult<IntegrationKey> {
        self.run(py, move |c| {
            c.create_integration_key(&app_id, &integration_id, &display_name)
        })
        .map(IntegrationKey::from)
    }

    /// Lists the API keys of a custom integration, oldest first.
    ///
    /// The keys usually come without their secrets. Raises an
    /// IntegrationKeysError subclass on failure.
    fn list_integration_keys(
        &self,
        py: Python<'_>,
        app_id: String,
        integration_id: String,
    ) -> PyResult<Vec<IntegrationKey>> {
        self.run(py, move |c| {
            c.list_integration_keys(&app_id, &integration_id)
        })
        .map(|keys| keys.into_iter().map(IntegrationKey::from).collect())
    }

    /// Gets one API key of a custom integration.
    ///
    /// Raises NotFoundError when there is no such key, or another
    /// IntegrationKeysError subclass.
    fn get_integration_key(
        &self,
        py: Python<'_>,
        app_id: String,
        integration_id: String,
        key_id: String,
    ) -> PyResult<IntegrationKey> {
        self.run(py, move |c| {
            c.get_integration_key(&app_id, &integration_id, &key_id)
        })
        .map(IntegrationKey::from)
    }

    /// Deletes (revokes) an API key of a custom integration.
    ///
    /// Raises NotFoundError when there is no such key. A delete is retried
    /// after a timeout or a server error; if an earlier attempt did delete
    /// the key, the retry raises NotFoundError.
    fn delete_integration_key(
        &self,
        py: Python<'_>,
        app_id: String,
        integration_id: String,
        key_id: String,
    ) -> PyResult<()> {
        self.run(py, move |c| {
            c.delete_integration_key(&app_id, &integration_id, &key_id)
        })
    }

    /// Drops the client's connection pool. Later calls raise
    /// InvalidArgumentError. Calls already running in other threads finish
    /// first; the pool goes when the last of them returns. Closing twice
    /// does nothing.
    fn close(&self, py: Python<'_>) {
        let client = self
            .inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Dropping the pool joins its thread: do it without the GIL.
        py.detach(move || drop(client));
    }

    /// Returns the client itself.
    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Closes the client; exceptions are not suppressed.
    #[pyo3(signature = (_exc_type=None, _exc_value=None, _traceback=None))]
    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: Option<Bound<'_, PyAny>>,
        _exc_value: Option<Bound<'_, PyAny>>,
        _traceback: Option<Bound<'_, PyAny>>,
    ) {
        self.close(py);
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let url = PyString::new(py, &self.base_url).repr()?;
        let state = if self.closed() { " closed" } else { "" };
        Ok(format!("<integration_keys.Client base_url={url}{state}>"))
    }
}

/// An API key of a custom integration.
///
/// Immutable. `secret` is the key's secret when the server sent it (a
/// create always does, a list or get usually does not). repr() and str()
/// show the secret as `<redacted>`; read it only through the `secret`
/// property or to_dict(). Keys compare equal when id, display name and
/// secret are all equal.
#[pyclass(frozen, eq, module = "integration_keys", name = "IntegrationKey")]
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationKey {
    key: ik::IntegrationKey,
}

impl From<ik::IntegrationKey> for IntegrationKey {
    fn from(key: ik::IntegrationKey) -> Self {
        IntegrationKey { key }
    }
}

#[pymethods]
impl IntegrationKey {
    #[new]
    #[pyo3(signature = (id, display_name = None, secret = None))]
    fn new(id: String, display_name: Option<String>, secret: Option<String>) -> Self {
        IntegrationKey {
            key: ik::IntegrationKey {
                id,
                display_name,
                secret: secret.map(ik::Secret::new),
            },
        }
    }

    /// The key's id, such as "int_5e4b0f225aca01092928f917".
    #[getter]
    fn id(&self) -> &str {
        &self.key.id
    }

    /// The name given when the key was created, or None when the server
    /// sent none.
    #[getter]
    fn display_name(&self) -> Option<&str> {
        self.key.display_name.as_deref()
    }

    /// The key's secret, or None when the server did not send it.
    ///
    /// This returns the real secret: whatever prints it, shows it.
    #[getter]
    fn secret(&self) -> Option<&str> {
        self.key.secret.as_ref().map(ik::Secret::expose)
    }

    /// A dict with "id", "display_name" and "secret".
    ///
    /// The dict holds the REAL secret (or None), so it is fit for storing
    /// the key, not for logging it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", &self.key.id)?;
        dict.set_item("display_name", self.key.display_name.as_deref())?;
        dict.set_item("secret", self.secret())?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = PyString::new(py, &self.key.id).repr()?;
        let display_name = match &self.key.display_name {
            Some(name) => PyString::new(py, name).repr()?.to_string(),
            None => "None".to_owned(),
        };
        let secret = match &self.key.secret {
            Some(_) => format!("'{}'", ik::REDACTED),
            None => "None".to_owned(),
        };
        Ok(format!(
            "IntegrationKey(id={id}, display_name={display_name}, secret={secret})"
        ))
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        self.__repr__(py)
    }

    /// Pickles the key with its real secret, like to_dict().
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (
        Bound<'py, pyo3::types::PyType>,
        (String, Option<String>, Option<String>),
    ) {
        let key = &slf.get().key;
        (
            slf.get_type(),
            (
                key.id.clone(),
                key.display_name.clone(),
                key.secret.as_ref().map(|s| s.expose().to_owned()),
            ),
        )
    }
}

/// Signs an HS256 JWT with an API key and returns it.
///
/// The header is {"alg": "HS256", "typ": "JWT", "kid": key_id} and the
/// payload {"scope": scope}, plus "exp" (now + expires_in, in whole
/// seconds) when expires_in is given. The API knows the scopes "app",
/// "account" and "integration".
///
/// The token is a credential: whoever holds it may call the API until it
/// expires. Raises InvalidArgumentError for an empty or control-character
/// key_id, secret or scope, or an expires_in that is not more than 0, is
/// NaN or infinite, or is over ten years (a fraction is rounded up to whole
/// seconds).
#[pyfunction]
#[pyo3(signature = (key_id, secret, scope, expires_in = None))]
fn sign_jwt(
    py: Python<'_>,
    key_id: String,
    secret: String,
    scope: String,
    expires_in: Option<f64>,
) -> PyResult<String> {
    let expires_in = expires_in
        .map(ik::expires_in_secs)
        .transpose()
        .map_err(|e| to_py_err(py, &e))?;
    ik::sign_jwt(&key_id, &ik::Secret::new(secret), &scope, expires_in)
        .map(|token| token.expose().to_owned())
        .map_err(|e| to_py_err(py, &e))
}

/// The Python logging level for a `log` level filter.
fn python_level(filter: LevelFilter) -> u32 {
    match filter {
        LevelFilter::Off => 100,
        LevelFilter::Error => 40,
        LevelFilter::Warn => 30,
        LevelFilter::Info => 20,
        LevelFilter::Debug => 10,
        LevelFilter::Trace => 5,
    }
}

/// Sends the core's log records to Python's `logging`.
///
/// Records of the core go to the logger `integration_keys` (and its child
/// `integration_keys.client`); records of the HTTP libraries are dropped
/// before they reach Python. When INTEGRATION_KEYS_LOG names a level, the
/// `integration_keys` logger is set to it; otherwise Python's own logging
/// configuration decides. Levels are looked up on every record, so
/// changing them at run time takes effect at once.
fn install_logger(py: Python<'_>) -> PyResult<()> {
    let level = ik::log_level_from_env();
    if let Some(level) = level {
        py.import("logging")?
            .call_method1("getLogger", (LOGGER_NAME,))?
            .call_method1("setLevel", (python_level(level),))?;
    }
    let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::Loggers)?
        .filter(LevelFilter::Off)
        .filter_target(LOGGER_NAME.to_owned(), level.unwrap_or(LevelFilter::Trace));
    // Each extension module has its own copy of the `log` crate, so no
    // other logger can have been installed in this one.
    logger
        .install()
        .map(|_| ())
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
}

/// The native part of the integration_keys package. Import
/// `integration_keys` instead of this module.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Client>()?;
    m.add_class::<IntegrationKey>()?;
    m.add_function(wrap_pyfunction!(sign_jwt, m)?)?;
    m.add("__version__", ik::VERSION)?;
    install_logger(m.py())?;
    Ok(())
}
