//! What every C function shares: the guard that catches panics and fills
//! `error_out`, and the conversions between C strings and Rust strings.

use std::ffi::{CStr, CString, c_char};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use integration_keys::{Error, ErrorKind};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{ik_error, ik_result};

/// Runs the body of a C function: catches a panic (reported as
/// `IK_ERROR_INTERNAL`), turns an error into its `ik_result` and, when the
/// caller asked for details, into an `ik_error` in `*error_out`.
///
/// # Safety
///
/// `error_out` is NULL or points to writable storage for a pointer.
pub(crate) unsafe fn guard(
    error_out: *mut *mut ik_error,
    body: impl FnOnce() -> Result<(), Error>,
) -> ik_result {
    // SAFETY: the caller promises error_out is NULL or writable.
    if let Some(slot) = unsafe { error_out.as_mut() } {
        *slot = ptr::null_mut();
    }
    let error = match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return ik_result::IK_OK,
        Ok(Err(error)) => error,
        Err(_) => Error::new(
            ErrorKind::Internal,
            "a bug in integration-keys: the call panicked",
        ),
    };
    let code = ik_result::from_kind(error.kind());
    // SAFETY: as above.
    if let Some(slot) = unsafe { error_out.as_mut() }
        && let Ok(details) = panic::catch_unwind(AssertUnwindSafe(|| ik_error::from_core(&error)))
    {
        *slot = Box::into_raw(Box::new(details));
    }
    code
}

/// Like [`guard`] for a function without `error_out`, such as a `_free`.
pub(crate) fn quietly(body: impl FnOnce()) {
    // A panic cannot be reported here; the guard only keeps it from
    // unwinding into C.
    let _ = panic::catch_unwind(AssertUnwindSafe(body));
}

/// An `IK_ERROR_INVALID_ARGUMENT` error.
pub(crate) fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidArgument, message)
}

/// Reads a required C string argument.
///
/// # Safety
///
/// `text` is NULL or a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(name: &str, text: *const c_char) -> Result<&'a str, Error> {
    if text.is_null() {
        return Err(invalid(format!("{name} is NULL")));
    }
    // SAFETY: not NULL, and NUL-terminated by the caller's promise.
    let bytes = unsafe { CStr::from_ptr(text) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|_| invalid(format!("{name} is not valid UTF-8")))
}

/// Checks a required pointer argument and borrows what it points to.
///
/// # Safety
///
/// `object` is NULL or points to a live `T` for `'a`.
pub(crate) unsafe fn object<'a, T>(name: &str, object: *const T) -> Result<&'a T, Error> {
    // SAFETY: the caller's promise.
    unsafe { object.as_ref() }.ok_or_else(|| invalid(format!("{name} is NULL")))
}

/// Like [`object`], mutably.
///
/// # Safety
///
/// `object` is NULL or points to a live `T` for `'a` that nothing else uses.
pub(crate) unsafe fn object_mut<'a, T>(name: &str, object: *mut T) -> Result<&'a mut T, Error> {
    // SAFETY: the caller's promise.
    unsafe { object.as_mut() }.ok_or_else(|| invalid(format!("{name} is NULL")))
}

/// Checks a required output pointer and sets what it points to to NULL, so
/// the caller never reads a stale value after a failure.
///
/// # Safety
///
/// `out` is NULL or points to writable storage for a pointer.
pub(crate) unsafe fn out<'a, T>(name: &str, out: *mut *mut T) -> Result<&'a mut *mut T, Error> {
    // SAFETY: the caller's promise.
    match unsafe { out.as_mut() } {
        Some(slot) => {
            *slot = ptr::null_mut();
            Ok(slot)
        }
        None => Err(invalid(format!("{name} is NULL"))),
    }
}

/// Hands a Rust value to C as an owned pointer.
pub(crate) fn give<T>(slot: &mut *mut T, value: T) {
    *slot = Box::into_raw(Box::new(value));
}

/// Takes back and drops a value handed to C by [`give`]; NULL is ignored.
///
/// # Safety
///
/// `value` is NULL or came from [`give`] and was not freed before.
pub(crate) unsafe fn take_back<T>(value: *mut T) {
    if !value.is_null() {
        // SAFETY: the caller's promise.
        drop(unsafe { Box::from_raw(value) });
    }
}

/// A C copy of a string that came from the server or the core. A NUL byte,
/// which a C string cannot hold, is an `IK_ERROR_DECODE` error.
pub(crate) fn c_text(name: &str, text: &str) -> Result<CString, Error> {
    CString::new(text).map_err(|_| nul_error(name))
}

/// The error for a server string with a NUL byte in it.
fn nul_error(name: &str) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("the {name} holds a NUL byte, which a C string cannot carry"),
    )
}

/// A C copy of a message: NUL bytes, which a C string cannot hold, are
/// left out.
pub(crate) fn c_text_lossy(text: &str) -> CString {
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != 0).collect();
    CString::new(bytes).unwrap_or_default()
}

/// A NUL-terminated copy of a secret, zeroed when dropped.
pub(crate) struct SecretText(Zeroizing<Vec<u8>>);

impl SecretText {
    /// Copies a secret without leaving unzeroed copies behind.
    pub(crate) fn new(name: &str, secret: &str) -> Result<SecretText, Error> {
        let mut bytes = Zeroizing::new(Vec::with_capacity(secret.len() + 1));
        bytes.extend_from_slice(secret.as_bytes());
        SecretText::from_bytes(name, bytes)
    }

    /// Takes text made elsewhere (without its terminating NUL), such as
    /// JSON that holds a secret.
    pub(crate) fn from_bytes(
        name: &str,
        mut bytes: Zeroizing<Vec<u8>>,
    ) -> Result<SecretText, Error> {
        if bytes.contains(&0) {
            return Err(nul_error(name));
        }
        bytes.push(0);
        Ok(SecretText(bytes))
    }

    /// The secret as a C string, valid while `self` lives.
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// Hands the secret to C as a `char *` that `ik_string_free` zeroes and
    /// frees.
    pub(crate) fn into_raw(self) -> *mut c_char {
        // A CString owns a boxed slice: a Vec with spare capacity would be
        // reallocated on the way, leaving an unzeroed copy behind. Copy into
        // an exact allocation instead; `self` is zeroed when it drops here.
        let mut exact = Vec::with_capacity(self.0.len());
        exact.extend_from_slice(&self.0);
        match CString::from_vec_with_nul(exact) {
            Ok(c) => c.into_raw(),
            // Unreachable: `from_bytes` refused inner NUL bytes and added
            // the terminating one.
            Err(e) => {
                e.into_bytes().zeroize();
                ptr::null_mut()
            }
        }
    }
}

/// Zeroes and frees a string made by [`SecretText::into_raw`].
///
/// # Safety
///
/// `text` is NULL or came from [`SecretText::into_raw`], unchanged and not
/// freed before.
pub(crate) unsafe fn free_secret_string(text: *mut c_char) {
    if text.is_null() {
        return;
    }
    // SAFETY: the caller's promise.
    let owned = unsafe { CString::from_raw(text) };
    owned.into_bytes_with_nul().zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_internal() {
        let mut error: *mut ik_error = ptr::null_mut();
        let code = unsafe { guard(&mut error, || panic!("deliberate")) };
        assert_eq!(code, ik_result::IK_ERROR_INTERNAL);
        assert!(!error.is_null());
        let kind = unsafe { crate::error::ik_error_kind(error) };
        assert_eq!(kind, ik_result::IK_ERROR_INTERNAL);
        unsafe { crate::error::ik_error_free(error) };
        let code = unsafe { guard(ptr::null_mut(), || panic!("deliberate")) };
        assert_eq!(code, ik_result::IK_ERROR_INTERNAL);
    }

    #[test]
    fn secret_text_round_trip() {
        let s = SecretText::new("secret", "abc").unwrap();
        let raw = s.into_raw();
        assert_eq!(unsafe { CStr::from_ptr(raw) }.to_str().unwrap(), "abc");
        unsafe { free_secret_string(raw) };
        assert!(SecretText::new("secret", "a\0b").is_err());
    }
}
