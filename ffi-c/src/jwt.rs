//! `ik_sign_jwt` and `ik_string_free`.

use std::ffi::c_char;
use std::time::Duration;

use integration_keys::{Secret, sign_jwt};

use crate::error::{ik_error, ik_result};
use crate::plumbing::{self, SecretText};

/// Signs an HS256 JWT with an API key: header
/// {"alg":"HS256","typ":"JWT","kid":key_id}, payload {"scope":scope} plus
/// "exp" (now + expires_in_seconds) unless expires_in_seconds is 0, which
/// means a token that never expires. The scopes the API knows are "app",
/// "account" and "integration".
///
/// On success *token_out is a new string the caller owns and frees with
/// ik_string_free(), which zeroes it: the token is a credential. It is NULL
/// after a failure. key_id, secret and scope are only read during the call.
/// Thread-safe: needs no client.
///
/// # Errors
///
/// IK_ERROR_INVALID_ARGUMENT for a NULL or non-UTF-8 argument, a NULL
/// token_out, or an empty key id, secret or scope.
///
/// # Safety
///
/// Each string is NULL or NUL-terminated; token_out and error_out are NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_sign_jwt(
    key_id: *const c_char,
    secret: *const c_char,
    scope: *const c_char,
    expires_in_seconds: u64,
    token_out: *mut *mut c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let token_out = plumbing::out("token_out", token_out)?;
            let key_id = plumbing::text("key_id", key_id)?;
            let secret = Secret::new(plumbing::text("secret", secret)?);
            let scope = plumbing::text("scope", scope)?;
            let expires_in =
                (expires_in_seconds != 0).then(|| Duration::from_secs(expires_in_seconds));
            let token = sign_jwt(key_id, &secret, scope, expires_in)?;
            *token_out = SecretText::new("token", token.expose())?.into_raw();
            Ok(())
        })
    }
}

/// Zeroes and frees a string this library handed out: a token from
/// ik_sign_jwt() or JSON from ik_key_to_json(). NULL is ignored. Call it
/// once per string, from any thread.
///
/// # Safety
///
/// text is NULL or a string from this library, unchanged (in particular no
/// NUL written into it) and not freed before. Strings returned by getters
/// such as ik_key_id() are owned by their object: never pass them here.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_string_free(text: *mut c_char) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::free_secret_string(text) });
}
