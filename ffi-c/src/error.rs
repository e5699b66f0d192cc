//! `ik_result` and `ik_error`: how failures reach C.

use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;

use integration_keys::{Error, ErrorKind};

use crate::plumbing;

/// The result of every fallible function: IK_OK (0) on success, otherwise
/// the kind of error. The values are stable: new kinds are only ever
/// appended, so a program may store or compare the numbers.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ik_result {
    /// Success.
    IK_OK = 0,
    /// Rejected before any request was made: a NULL pointer, a string that
    /// is not UTF-8, an empty, over-long or malformed argument, or a client
    /// setting that cannot be used.
    IK_ERROR_INVALID_ARGUMENT = 1,
    /// The server answered 401: the credentials are missing or wrong.
    IK_ERROR_AUTHENTICATION = 2,
    /// The server answered 403: the credentials may not do this.
    IK_ERROR_PERMISSION_DENIED = 3,
    /// The server answered 404.
    IK_ERROR_NOT_FOUND = 4,
    /// The server answered 409.
    IK_ERROR_CONFLICT = 5,
    /// The server answered 429, and kept answering it through every retry;
    /// see ik_error_retry_after().
    IK_ERROR_RATE_LIMITED = 6,
    /// The server answered 400, 422, another 4xx, or an unexpected 3xx.
    IK_ERROR_BAD_REQUEST = 7,
    /// The server answered 5xx.
    IK_ERROR_SERVER = 8,
    /// Connecting or waiting for the answer took longer than allowed.
    IK_ERROR_TIMEOUT = 9,
    /// The connection could not be made or broke: DNS, refused, reset, TLS.
    IK_ERROR_CONNECTION = 10,
    /// The answer is not what the API promises: bad JSON, a missing field,
    /// a create without a secret, a body over the size cap, or a string
    /// with a NUL byte that a C string cannot carry.
    IK_ERROR_DECODE = 11,
    /// A bug in this library, including a panic caught at the C boundary.
    IK_ERROR_INTERNAL = 12,
}

impl ik_result {
    /// The code for a core error kind.
    pub(crate) fn from_kind(kind: ErrorKind) -> ik_result {
        use ik_result::*;
        match kind.number() {
            1 => IK_ERROR_INVALID_ARGUMENT,
            2 => IK_ERROR_AUTHENTICATION,
            3 => IK_ERROR_PERMISSION_DENIED,
            4 => IK_ERROR_NOT_FOUND,
            5 => IK_ERROR_CONFLICT,
            6 => IK_ERROR_RATE_LIMITED,
            7 => IK_ERROR_BAD_REQUEST,
            8 => IK_ERROR_SERVER,
            9 => IK_ERROR_TIMEOUT,
            10 => IK_ERROR_CONNECTION,
            11 => IK_ERROR_DECODE,
            _ => IK_ERROR_INTERNAL,
        }
    }
}

/// The details of one failure. Made by the library and handed to the caller
/// through an `ik_error **error_out` argument; the caller frees it with
/// ik_error_free(). An ik_error is never changed after it is made, so its
/// getters may be called from any thread.
#[derive(Debug)]
pub struct ik_error {
    kind: ik_result,
    message: CString,
    status: c_int,
    code: Option<CString>,
    title: Option<CString>,
    request_id: Option<CString>,
    retry_after: f64,
}

impl ik_error {
    /// The C copy of a core error.
    pub(crate) fn from_core(error: &Error) -> ik_error {
        let text = |t: Option<&str>| t.map(plumbing::c_text_lossy);
        ik_error {
            kind: ik_result::from_kind(error.kind()),
            message: plumbing::c_text_lossy(error.message()),
            status: error.status().map_or(0, c_int::from),
            code: text(error.code()),
            title: text(error.title()),
            request_id: text(error.request_id()),
            retry_after: error.retry_after().map_or(-1.0, |d| d.as_secs_f64()),
        }
    }
}

fn ptr_or_null(text: Option<&CString>) -> *const c_char {
    text.map_or(ptr::null(), |t| t.as_ptr())
}

/// The kind of the error, the same value the failed call returned.
/// IK_ERROR_INVALID_ARGUMENT when error is NULL. Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_kind(error: *const ik_error) -> ik_result {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(ik_result::IK_ERROR_INVALID_ARGUMENT, |e| e.kind)
}

/// A sentence for people that says what went wrong; it never holds a
/// secret. Owned by error: valid until ik_error_free(error). NULL when error
/// is NULL. Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_message(error: *const ik_error) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(ptr::null(), |e| e.message.as_ptr())
}

/// The HTTP status the server answered, or 0 when the failure happened
/// before or without an answer (or error is NULL). Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_status(error: *const ik_error) -> c_int {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(0, |e| e.status)
}

/// The API's error code from the answer's body, such as "not_found", or
/// NULL when the server sent none (or error is NULL). Owned by error: valid
/// until ik_error_free(error). Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_code(error: *const ik_error) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(ptr::null(), |e| ptr_or_null(e.code.as_ref()))
}

/// The API's error title from the answer's body, or NULL when the server
/// sent none (or error is NULL). Owned by error: valid until
/// ik_error_free(error). Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_title(error: *const ik_error) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(ptr::null(), |e| ptr_or_null(e.title.as_ref()))
}

/// The request id the server sent (x-request-id), for support tickets, or
/// NULL when there is none (or error is NULL). Owned by error: valid until
/// ik_error_free(error). Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_request_id(error: *const ik_error) -> *const c_char {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(ptr::null(), |e| ptr_or_null(e.request_id.as_ref()))
}

/// How many seconds a 429 answer asked the caller to wait (Retry-After), or
/// -1 when the answer gave no such time, for every other error, and when
/// error is NULL. 0 is a real answer: retry at once. Thread-safe.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_retry_after(error: *const ik_error) -> f64 {
    // SAFETY: the caller's promise.
    unsafe { error.as_ref() }.map_or(-1.0, |e| e.retry_after)
}

/// Frees an error handed out through an error_out argument. NULL is
/// ignored. The strings its getters returned become invalid. Call it once
/// per error, from any thread.
///
/// # Safety
///
/// error is NULL or an ik_error that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_error_free(error: *mut ik_error) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::take_back(error) });
}

/// The name of a result code as every front end spells it: "ok",
/// "invalid_argument", "authentication", "permission_denied", "not_found",
/// "conflict", "rate_limited", "bad_request", "server", "timeout",
/// "connection", "decode", "internal", and "unknown" for any other number.
/// It takes an int, not an ik_result, so that any number (for example one
/// from a newer library) is safe to pass. The string is static: never free
/// it. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ik_result_name(result: c_int) -> *const c_char {
    // Static strings, so that nothing is allocated; a unit test checks them
    // against the core's names.
    const NAMES: [&CStr; 13] = [
        c"ok",
        c"invalid_argument",
        c"authentication",
        c"permission_denied",
        c"not_found",
        c"conflict",
        c"rate_limited",
        c"bad_request",
        c"server",
        c"timeout",
        c"connection",
        c"decode",
        c"internal",
    ];
    usize::try_from(result)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or(c"unknown".as_ptr(), |name| name.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(code: c_int) -> &'static str {
        unsafe { CStr::from_ptr(ik_result_name(code)) }
            .to_str()
            .unwrap()
    }

    #[test]
    fn codes_and_names_follow_the_core() {
        assert_eq!(name(0), "ok");
        for kind in ErrorKind::ALL {
            let code = ik_result::from_kind(kind);
            assert_eq!(code as c_int, c_int::from(kind.number()));
            assert_eq!(name(code as c_int), kind.as_str());
        }
        assert_eq!(name(13), "unknown");
        assert_eq!(name(-1), "unknown");
    }

    #[test]
    fn null_errors_are_safe() {
        unsafe {
            assert_eq!(
                ik_error_kind(ptr::null()),
                ik_result::IK_ERROR_INVALID_ARGUMENT
            );
            assert!(ik_error_message(ptr::null()).is_null());
            assert_eq!(ik_error_status(ptr::null()), 0);
            assert_eq!(ik_error_retry_after(ptr::null()), -1.0);
            ik_error_free(ptr::null_mut());
        }
    }
}
