//! Shared in-memory state of one running sandbox: keys, queued faults and
//! the request log.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use base64::Engine as _;
use serde::Serialize;

use crate::faults::Fault;

/// Most keys one integration may hold, as the real service enforces.
pub(crate) const MAX_KEYS_PER_INTEGRATION: usize = 10;

/// Most entries kept in the request log; older entries are dropped first.
pub(crate) const MAX_LOGGED_REQUESTS: usize = 100_000;

/// One API key as the endpoints return it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ApiKey {
    pub(crate) id: String,
    #[serde(rename = "displayName")]
    pub(crate) display_name: String,
    pub(crate) secret: String,
}

/// `{"key": {...}}`, the body of the single-key answers.
#[derive(Debug, Serialize)]
pub(crate) struct KeyEnvelope<'a> {
    pub(crate) key: &'a ApiKey,
}

/// One entry of the request log.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LoggedRequest {
    pub(crate) method: String,
    pub(crate) path: String,
}

/// Why a key could not be created.
#[derive(Debug)]
pub(crate) enum CreateError {
    /// The integration already holds [`MAX_KEYS_PER_INTEGRATION`] keys.
    TooManyKeys,
}

#[derive(Default)]
struct Inner {
    /// Keys of each `(appId, integrationId)`, in creation order.
    integrations: HashMap<(String, String), Vec<ApiKey>>,
    faults: VecDeque<Fault>,
    requests: VecDeque<LoggedRequest>,
}

/// State shared by every connection of one sandbox.
pub(crate) struct Shared {
    pub(crate) key_id: String,
    pub(crate) secret: String,
    inner: Mutex<Inner>,
}

impl Shared {
    pub(crate) fn new(key_id: String, secret: String) -> Self {
        Shared {
            key_id,
            secret,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the data consistent enough
        // for a test server; keep serving rather than poisoning every request.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a key for an integration, creating the integration if needed.
    pub(crate) fn create_key(
        &self,
        app_id: &str,
        integration_id: &str,
        display_name: &str,
    ) -> Result<ApiKey, CreateError> {
        let mut inner = self.lock();
        let keys = inner
            .integrations
            .entry((app_id.to_owned(), integration_id.to_owned()))
            .or_default();
        if keys.len() >= MAX_KEYS_PER_INTEGRATION {
            return Err(CreateError::TooManyKeys);
        }
        let key = ApiKey {
            id: new_key_id(),
            display_name: display_name.to_owned(),
            secret: new_secret(),
        };
        keys.push(key.clone());
        Ok(key)
    }

    /// The keys of an integration in creation order (empty if unknown).
    pub(crate) fn list_keys(&self, app_id: &str, integration_id: &str) -> Vec<ApiKey> {
        self.lock()
            .integrations
            .get(&(app_id.to_owned(), integration_id.to_owned()))
            .cloned()
            .unwrap_or_default()
    }

    /// One key of an integration.
    pub(crate) fn get_key(
        &self,
        app_id: &str,
        integration_id: &str,
        key_id: &str,
    ) -> Option<ApiKey> {
        self.lock()
            .integrations
            .get(&(app_id.to_owned(), integration_id.to_owned()))
            .and_then(|keys| keys.iter().find(|k| k.id == key_id).cloned())
    }

    /// Deletes one key; `false` if it did not exist.
    pub(crate) fn delete_key(&self, app_id: &str, integration_id: &str, key_id: &str) -> bool {
        let mut inner = self.lock();
        let Some(keys) = inner
            .integrations
            .get_mut(&(app_id.to_owned(), integration_id.to_owned()))
        else {
            return false;
        };
        let before = keys.len();
        keys.retain(|k| k.id != key_id);
        keys.len() != before
    }

    /// Appends a fault to the queue; returns how many faults are queued.
    pub(crate) fn queue_fault(&self, fault: Fault) -> usize {
        let mut inner = self.lock();
        inner.faults.push_back(fault);
        inner.faults.len()
    }

    /// Takes one use of the first queued fault that applies to `method`.
    pub(crate) fn take_fault(&self, method: &str) -> Option<Fault> {
        let mut inner = self.lock();
        let index = inner.faults.iter().position(|f| f.applies_to(method))?;
        let fault = &mut inner.faults[index];
        fault.count -= 1;
        if fault.count == 0 {
            inner.faults.remove(index)
        } else {
            Some(fault.clone())
        }
    }

    /// Records an API request in the log.
    pub(crate) fn record_request(&self, method: &str, path: &str) {
        let mut inner = self.lock();
        if inner.requests.len() >= MAX_LOGGED_REQUESTS {
            inner.requests.pop_front();
        }
        inner.requests.push_back(LoggedRequest {
            method: method.to_owned(),
            path: path.to_owned(),
        });
    }

    /// A copy of the request log, oldest first.
    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().requests.iter().cloned().collect()
    }

    /// Forgets every key, queued fault and logged request.
    pub(crate) fn reset(&self) {
        *self.lock() = Inner::default();
    }
}

/// A fresh key id: `int_` followed by 24 lowercase hex digits.
pub(crate) fn new_key_id() -> String {
    format!("int_{}", hex(&rand::random::<[u8; 12]>()))
}

/// A fresh request id: `req_` followed by 32 lowercase hex digits.
pub(crate) fn new_request_id() -> String {
    format!("req_{}", hex(&rand::random::<[u8; 16]>()))
}

/// A fresh secret: 32 random bytes as unpadded URL-safe base64 (43 chars).
pub(crate) fn new_secret() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_secrets_have_the_documented_shape() {
        let id = new_key_id();
        assert_eq!(id.len(), 4 + 24);
        assert!(id.starts_with("int_"));
        assert!(
            id[4..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );

        let secret = new_secret();
        assert_eq!(secret.len(), 43);
        assert!(
            secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(secret, new_secret());

        let rid = new_request_id();
        assert!(rid.starts_with("req_"));
        assert_eq!(rid.len(), 4 + 32);
    }

    #[test]
    fn keys_are_scoped_to_their_integration_and_capped() {
        let s = Shared::new("k".into(), "s".into());
        let a = s.create_key("app", "i1", "one").unwrap();
        assert!(s.get_key("app", "i2", &a.id).is_none());
        assert!(s.get_key("other", "i1", &a.id).is_none());
        assert_eq!(s.get_key("app", "i1", &a.id).unwrap().display_name, "one");
        for n in 1..MAX_KEYS_PER_INTEGRATION {
            s.create_key("app", "i1", &n.to_string()).unwrap();
        }
        assert!(matches!(
            s.create_key("app", "i1", "eleven"),
            Err(CreateError::TooManyKeys)
        ));
        assert!(s.create_key("app", "i2", "fine").is_ok());
        assert!(s.delete_key("app", "i1", &a.id));
        assert!(!s.delete_key("app", "i1", &a.id));
        assert!(s.create_key("app", "i1", "room again").is_ok());
    }

    #[test]
    fn request_log_is_bounded() {
        let s = Shared::new("k".into(), "s".into());
        for n in 0..MAX_LOGGED_REQUESTS + 3 {
            s.record_request("GET", &format!("/{n}"));
        }
        let log = s.requests();
        assert_eq!(log.len(), MAX_LOGGED_REQUESTS);
        assert_eq!(log[0].path, "/3");
    }
}
