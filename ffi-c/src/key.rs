//! `ik_key` and `ik_key_list`: API keys as C sees them.

use std::ffi::{CString, c_char};
use std::ptr;

use integration_keys::{Error, ErrorKind, IntegrationKey};
use zeroize::Zeroizing;

use crate::error::ik_error;
use crate::error::ik_result;
use crate::plumbing::{self, SecretText};

/// An API key of a custom integration, as the server described it. Made by
/// ik_create_integration_key() and ik_get_integration_key() (freed with
/// ik_key_free()) or borrowed from an ik_key_list. It never changes, so its
/// getters may be called from any thread.
#[derive(Debug)]
pub struct ik_key {
    key: IntegrationKey,
    id: CString,
    display_name: Option<CString>,
    secret: Option<SecretText>,
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(integration_keys::REDACTED)
    }
}

impl ik_key {
    /// The C copy of a core key.
    pub(crate) fn from_core(key: IntegrationKey) -> Result<ik_key, Error> {
        let id = plumbing::c_text("key id", &key.id)?;
        let display_name = match &key.display_name {
            Some(name) => Some(plumbing::c_text("display name", name)?),
            None => None,
        };
        let secret = match &key.secret {
            Some(secret) => Some(SecretText::new("secret", secret.expose())?),
            None => None,
        };
        Ok(ik_key {
            key,
            id,
            display_name,
            secret,
        })
    }
}

/// The keys of one integration, in the order the server listed them. Made
/// by ik_list_integration_keys() and freed with ik_key_list_free(), which
/// also frees every key in it. It never changes, so its functions may be
/// called from any thread.
#[derive(Debug)]
pub struct ik_key_list {
    keys: Vec<ik_key>,
}

impl ik_key_list {
    /// The C copy of a list of core keys.
    pub(crate) fn from_core(keys: Vec<IntegrationKey>) -> Result<ik_key_list, Error> {
        let keys = keys
            .into_iter()
            .map(ik_key::from_core)
            .collect::<Result<_, _>>()?;
        Ok(ik_key_list { keys })
    }
}

/// The key's id, such as "int_5e4b0f225aca01092928f917": the kid of the
/// JWTs it signs and the user name of Basic authentication. Owned by key:
/// valid until the key (or the list it came from) is freed. NULL when key is
/// NULL. Thread-safe.
///
/// # Safety
///
/// key is NULL or an ik_key that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_id(key: *const ik_key) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { key.as_ref() }.map_or(ptr::null(), |k| k.id.as_ptr())
}

/// The name given when the key was created, or NULL when the server sent
/// none (or key is NULL). Owned by key: valid until the key (or the list it
/// came from) is freed. Thread-safe.
///
/// # Safety
///
/// key is NULL or an ik_key that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_display_name(key: *const ik_key) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { key.as_ref() }.map_or(ptr::null(), |k| {
        k.display_name.as_ref().map_or(ptr::null(), |n| n.as_ptr())
    })
}

/// The key's secret, or NULL when the server sent none (or key is NULL).
/// A created key always has one; the API may leave it out of lists and
/// gets. Owned by key and zeroed when the key (or the list it came from) is
/// freed; copies the caller makes are the caller's to protect. Thread-safe.
///
/// # Safety
///
/// key is NULL or an ik_key that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_secret(key: *const ik_key) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { key.as_ref() }.map_or(ptr::null(), |k| {
        k.secret.as_ref().map_or(ptr::null(), SecretText::as_ptr)
    })
}

/// Writes the key as the API's JSON object, such as
/// {"id":"int_...","displayName":"My key","secret":"..."} (fields the server
/// did not send are left out) to *json_out. The string holds the secret: the
/// caller owns it and frees it with ik_string_free(), which zeroes it.
/// *json_out is NULL after a failure. Thread-safe.
///
/// # Safety
///
/// key is NULL or an ik_key that was not freed; json_out and error_out are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_to_json(
    key: *const ik_key,
    json_out: *mut *mut c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let json_out = plumbing::out("json_out", json_out)?;
            let key = plumbing::object("key", key)?;
            *json_out = to_json(&key.key)?.into_raw();
            Ok(())
        })
    }
}

/// The key as JSON, written straight into memory that is zeroed when
/// dropped; the buffer is large enough from the start, so growing it leaves
/// no copy of the secret behind.
fn to_json(key: &IntegrationKey) -> Result<SecretText, Error> {
    let text_len = key.id.len()
        + key.display_name.as_ref().map_or(0, String::len)
        + key.secret.as_ref().map_or(0, |s| s.expose().len());
    // JSON escapes a byte as at most six ("\u00XX"); 64 covers the names.
    let mut bytes = Zeroizing::new(Vec::with_capacity(64 + 6 * text_len));
    serde_json::to_writer(&mut *bytes, key).map_err(|e| {
        Error::new(
            ErrorKind::Internal,
            format!("could not write the key as JSON: {e}"),
        )
    })?;
    SecretText::from_bytes("JSON", bytes)
}

/// Frees a key and zeroes its secret. NULL is ignored. Never pass a key
/// borrowed from an ik_key_list. Call it once per key, from any thread.
///
/// # Safety
///
/// key is NULL or an ik_key from ik_create_integration_key() or
/// ik_get_integration_key() that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_free(key: *mut ik_key) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::take_back(key) });
}

/// How many keys the list holds; 0 when list is NULL. Thread-safe.
///
/// # Safety
///
/// list is NULL or an ik_key_list that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_list_count(list: *const ik_key_list) -> usize {
    // SAFETY: the caller's promise.
    unsafe { list.as_ref() }.map_or(0, |l| l.keys.len())
}

/// The key at index (0 to count - 1), or NULL when index is out of range or
/// list is NULL. The key is borrowed: owned by the list, valid until
/// ik_key_list_free(list); never pass it to ik_key_free(). Thread-safe.
///
/// # Safety
///
/// list is NULL or an ik_key_list that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_list_get(list: *const ik_key_list, index: usize) -> *const ik_key {
    // SAFETY: the caller's promise.
    unsafe { list.as_ref() }
        .and_then(|l| l.keys.get(index))
        .map_or(ptr::null(), |k| k as *const ik_key)
}

/// Frees a list and every key in it, zeroing their secrets. NULL is
/// ignored. Call it once per list, from any thread.
///
/// # Safety
///
/// list is NULL or an ik_key_list from ik_list_integration_keys() that was
/// not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_key_list_free(list: *mut ik_key_list) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::take_back(list) });
}

#[cfg(test)]
mod tests {
    use super::*;
    use integration_keys::{ErrorKind, Secret};
    use std::ffi::CStr;

    fn key(id: &str, secret: Option<&str>) -> IntegrationKey {
        IntegrationKey {
            id: id.to_owned(),
            display_name: None,
            secret: secret.map(Secret::new),
        }
    }

    #[test]
    fn getters_and_json() {
        let k = ik_key::from_core(key("int_1", Some("s3cr3t"))).unwrap();
        let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap();
        unsafe {
            assert_eq!(text(ik_key_id(&k)), "int_1");
            assert!(ik_key_display_name(&k).is_null());
            assert_eq!(text(ik_key_secret(&k)), "s3cr3t");
            let mut json = ptr::null_mut();
            let r = ik_key_to_json(&k, &mut json, ptr::null_mut());
            assert_eq!(r, ik_result::IK_OK);
            assert_eq!(text(json), r#"{"id":"int_1","secret":"s3cr3t"}"#);
            crate::jwt::ik_string_free(json);
        }
    }

    #[test]
    fn a_nul_byte_from_the_server_is_decode() {
        let e = ik_key::from_core(key("int\u{0}1", None)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let e = ik_key::from_core(key("int_1", Some("a\u{0}b"))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
    }
}
