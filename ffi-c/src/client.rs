//! `ik_client_options`, `ik_client` and the four operations.

use std::ffi::c_char;

use integration_keys::{Client, ClientBuilder, ClientOptions, Secret};

use crate::error::{ik_error, ik_result};
use crate::key::{ik_key, ik_key_list};
use crate::plumbing;

/// The settings of a client to be made: every setting starts at its default
/// (or at what the environment says, with
/// ik_client_options_new_from_env()), the ik_client_options_set_*()
/// functions change them, and ik_client_new() checks them all and makes the
/// client. A setter never rejects a value it can read; ik_client_new()
/// reports a value that cannot be used. Made by ik_client_options_new*(),
/// freed with ik_client_options_free(). Not thread-safe: use one options
/// object from one thread at a time.
#[derive(Debug)]
pub struct ik_client_options {
    /// The defaults or the environment, read when the object was made.
    base: ClientBuilder,
    /// What the setters stored; applied over `base` by ik_client_new(),
    /// where the core checks every value.
    options: ClientOptions,
}

impl ik_client_options {
    fn with_base(base: ClientBuilder) -> ik_client_options {
        ik_client_options {
            base,
            options: ClientOptions::default(),
        }
    }

    /// The builder ik_client_new() builds: the base, then the stored
    /// settings.
    fn builder(&self) -> ClientBuilder {
        self.base
            .clone()
            .front_end("c")
            .options(self.options.clone())
    }
}

/// A client of the integration API keys endpoints: it holds the settings
/// and the connection pool. Make one with ik_client_new() or
/// ik_client_new_from_env(), reuse it, and free it with ik_client_free().
/// Thread-safe: one client may be used by many threads at once (but freed
/// only once no other thread uses it). A client made before fork() may be
/// used in the child, which gets its own connection pool.
#[derive(Debug)]
pub struct ik_client {
    client: Client,
}

/// Makes an options object with every setting at its default: base URL
/// `https://api.smooch.io`, Basic auth, timeout 30 s, connect timeout 10 s,
/// 2 retries, no credentials. The caller owns *options_out and frees it with
/// ik_client_options_free(); it is NULL after a failure. Thread-safe.
///
/// # Safety
///
/// options_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_new(
    options_out: *mut *mut ik_client_options,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options_out = plumbing::out("options_out", options_out)?;
            plumbing::give(
                options_out,
                ik_client_options::with_base(ClientBuilder::new()),
            );
            Ok(())
        })
    }
}

/// Makes an options object filled from the environment:
/// INTEGRATION_KEYS_BASE_URL, _SUBDOMAIN, _KEY_ID, _SECRET, _TOKEN, _AUTH,
/// _TIMEOUT, _CONNECT_TIMEOUT and _MAX_RETRIES; an unset or empty variable
/// leaves its default. Setters called afterwards override what was read. A
/// variable that cannot be read (such as a timeout that is not a number) is
/// reported by ik_client_new(). The caller owns *options_out and frees it
/// with ik_client_options_free(); it is NULL after a failure. Thread-safe,
/// as long as no other thread changes the environment.
///
/// # Safety
///
/// options_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_new_from_env(
    options_out: *mut *mut ik_client_options,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options_out = plumbing::out("options_out", options_out)?;
            plumbing::give(
                options_out,
                ik_client_options::with_base(ClientBuilder::from_env()),
            );
            Ok(())
        })
    }
}

/// Frees an options object. NULL is ignored. Clients made from it are not
/// affected.
///
/// # Safety
///
/// options is NULL or an ik_client_options that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_free(options: *mut ik_client_options) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::take_back(options) });
}

/// The body of every setter that takes a string.
///
/// # Safety
///
/// As for the setters: options is NULL or live, value is NULL or
/// NUL-terminated, error_out is NULL or writable.
unsafe fn set_text(
    options: *mut ik_client_options,
    name: &str,
    value: *const c_char,
    error_out: *mut *mut ik_error,
    set: fn(&mut ClientOptions, &str),
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options = plumbing::object_mut("options", options)?;
            let value = plumbing::text(name, value)?;
            set(&mut options.options, value);
            Ok(())
        })
    }
}

/// Sets the Zendesk subdomain: requests go to
/// `https://{subdomain}.zendesk.com/sc`. A base URL wins over it.
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; subdomain is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_subdomain(
    options: *mut ik_client_options,
    subdomain: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "subdomain", subdomain, error_out, |o, v| {
            o.subdomain = Some(v.to_owned())
        })
    }
}

/// Sets any base URL, such as `https://api.eu-1.smooch.io`. It must be
/// https, or http to a loopback address unless
/// ik_client_options_set_allow_insecure_http() allows otherwise.
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; base_url is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_base_url(
    options: *mut ik_client_options,
    base_url: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "base_url", base_url, error_out, |o, v| {
            o.base_url = Some(v.to_owned())
        })
    }
}

/// Sets the API key id ("app_...", "act_...", "svc_..." or "int_...").
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; key_id is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_key_id(
    options: *mut ik_client_options,
    key_id: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "key_id", key_id, error_out, |o, v| {
            o.key_id = Some(v.to_owned())
        })
    }
}

/// Sets the API key secret. The library's copy is zeroed when the
/// options (and the clients made from them) are freed.
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; secret is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_secret(
    options: *mut ik_client_options,
    secret: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "secret", secret, error_out, |o, v| {
            o.secret = Some(Secret::new(v))
        })
    }
}

/// Sets how the key id and secret are used: "basic" (HTTP Basic, the
/// default) or "jwt" (a short-lived JWT signed for each request), in
/// any case. Another name is reported by ik_client_new().
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; auth is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_auth(
    options: *mut ik_client_options,
    auth: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "auth", auth, error_out, |o, v| {
            o.auth = Some(v.to_owned())
        })
    }
}

/// Sets a JWT signed elsewhere, sent as Bearer, instead of a key id and
/// secret. The library's copy is zeroed when the options (and the
/// clients made from them) are freed.
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; token is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_token(
    options: *mut ik_client_options,
    token: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "token", token, error_out, |o, v| {
            o.token = Some(Secret::new(v))
        })
    }
}

/// Sets text appended to the User-Agent header, which always starts with
/// `integration-keys/<version> (c)`.
///
/// The string is copied; the caller keeps ownership of it. Not thread-safe
/// for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; user_agent is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_user_agent(
    options: *mut ik_client_options,
    user_agent: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        set_text(options, "user_agent", user_agent, error_out, |o, v| {
            o.user_agent = Some(v.to_owned())
        })
    }
}

/// Sets the limit for one whole attempt (connect, send, read the answer),
/// in seconds: more than 0 and at most 86400; 30 by default. A value out of
/// range is reported by ik_client_new(). Not thread-safe for the same
/// options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; error_out is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_timeout(
    options: *mut ik_client_options,
    seconds: f64,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options = plumbing::object_mut("options", options)?;
            options.options.timeout = Some(seconds);
            Ok(())
        })
    }
}

/// Sets the limit for making a connection, in seconds: more than 0 and at
/// most 86400; 10 by default. A value out of range is reported by
/// ik_client_new(). Not thread-safe for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; error_out is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_connect_timeout(
    options: *mut ik_client_options,
    seconds: f64,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options = plumbing::object_mut("options", options)?;
            options.options.connect_timeout = Some(seconds);
            Ok(())
        })
    }
}

/// Sets how many times a failed request is tried again: 0 to 10, 2 by
/// default. A 429 and a failure to connect are retried for every
/// operation; timeouts, broken connections and 5xx answers only for list,
/// get and delete; a create is never sent twice. A value over 10 is
/// reported by ik_client_new(). Not thread-safe for the same options
/// object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; error_out is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_max_retries(
    options: *mut ik_client_options,
    max_retries: u32,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options = plumbing::object_mut("options", options)?;
            options.options.max_retries = Some(f64::from(max_retries));
            Ok(())
        })
    }
}

/// Allows (true) a plain http base URL to a host that is not loopback;
/// credentials then cross the network unencrypted. false by default. Not
/// thread-safe for the same options object.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; error_out is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_options_set_allow_insecure_http(
    options: *mut ik_client_options,
    allow: bool,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let options = plumbing::object_mut("options", options)?;
            options.options.allow_insecure_http = Some(allow);
            Ok(())
        })
    }
}

/// Checks every setting of options and makes a client. The first client a
/// process makes installs a logger that writes the library's debug records
/// (method, path, status, time, request id; never a secret) to stderr when
/// INTEGRATION_KEYS_LOG names a level (off, error, warn, info, debug,
/// trace). options is only
/// read: it may be freed or reused afterwards. The caller owns *client_out
/// and frees it with ik_client_free(); it is NULL after a failure.
/// Thread-safe as long as no other thread changes options.
///
/// # Errors
///
/// IK_ERROR_INVALID_ARGUMENT for a NULL argument or a setting that cannot be
/// used: a malformed or insecure base URL, a subdomain that is not a DNS
/// label, missing or conflicting credentials, a timeout out of range, too
/// many retries, an unknown auth name.
///
/// # Safety
///
/// options is NULL or a live ik_client_options; client_out and error_out
/// are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_new(
    options: *const ik_client_options,
    client_out: *mut *mut ik_client,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let client_out = plumbing::out("client_out", client_out)?;
            let options = plumbing::object("options", options)?;
            integration_keys::log_to_stderr();
            let client = options.builder().build()?;
            plumbing::give(client_out, ik_client { client });
            Ok(())
        })
    }
}

/// Makes a client from the environment alone, as
/// ik_client_options_new_from_env() followed by ik_client_new() (which
/// describes INTEGRATION_KEYS_LOG). The caller
/// owns *client_out and frees it with ik_client_free(); it is NULL after a
/// failure. Thread-safe, as long as no other thread changes the
/// environment.
///
/// # Errors
///
/// IK_ERROR_INVALID_ARGUMENT for a NULL client_out or a variable that
/// cannot be used, as for ik_client_new().
///
/// # Safety
///
/// client_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_new_from_env(
    client_out: *mut *mut ik_client,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let client_out = plumbing::out("client_out", client_out)?;
            integration_keys::log_to_stderr();
            let client = ik_client_options::with_base(ClientBuilder::from_env())
                .builder()
                .build()?;
            plumbing::give(client_out, ik_client { client });
            Ok(())
        })
    }
}

/// Frees a client and its connection pool, zeroing its credentials. NULL is
/// ignored. Call it once, after every thread has finished using the client.
///
/// # Safety
///
/// client is NULL or an ik_client that was not freed before and that no
/// other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_client_free(client: *mut ik_client) {
    // SAFETY: the caller's promise.
    plumbing::quietly(|| unsafe { plumbing::take_back(client) });
}

/// Creates an API key for the custom integration integration_id of the app
/// app_id, named display_name (1 to 100 characters), with
/// POST /v2/apps/{app_id}/integrations/{integration_id}/keys. The answer
/// holds the key's secret: this is the only time the API is sure to show
/// it. A create is never sent twice: after a timeout, a broken connection or
/// a 5xx the server may have made the key, so the error is returned (list
/// the keys to find out).
///
/// The caller owns *key_out and frees it with ik_key_free(); it is NULL
/// after a failure. The strings are only read during the call. Thread-safe:
/// the client may be shared.
///
/// # Errors
///
/// Any ik_result; IK_ERROR_INVALID_ARGUMENT before anything is sent for a
/// NULL or non-UTF-8 argument, a NULL key_out, a bad id or display name;
/// IK_ERROR_DECODE when the answer has no secret.
///
/// # Safety
///
/// client is NULL or a live ik_client; each string is NULL or
/// NUL-terminated; key_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_create_integration_key(
    client: *const ik_client,
    app_id: *const c_char,
    integration_id: *const c_char,
    display_name: *const c_char,
    key_out: *mut *mut ik_key,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let key_out = plumbing::out("key_out", key_out)?;
            let client = plumbing::object("client", client)?;
            let app_id = plumbing::text("app_id", app_id)?;
            let integration_id = plumbing::text("integration_id", integration_id)?;
            let display_name = plumbing::text("display_name", display_name)?;
            let key = client
                .client
                .create_integration_key(app_id, integration_id, display_name)?;
            plumbing::give(key_out, ik_key::from_core(key)?);
            Ok(())
        })
    }
}

/// Lists the API keys of the custom integration integration_id of the app
/// app_id, with GET /v2/apps/{app_id}/integrations/{integration_id}/keys.
/// The caller owns *list_out and frees it with ik_key_list_free(); it is
/// NULL after a failure. The strings are only read during the call.
/// Thread-safe: the client may be shared.
///
/// # Errors
///
/// Any ik_result; IK_ERROR_INVALID_ARGUMENT before anything is sent for a
/// NULL or non-UTF-8 argument, a NULL list_out, or a bad id.
///
/// # Safety
///
/// client is NULL or a live ik_client; each string is NULL or
/// NUL-terminated; list_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_list_integration_keys(
    client: *const ik_client,
    app_id: *const c_char,
    integration_id: *const c_char,
    list_out: *mut *mut ik_key_list,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let list_out = plumbing::out("list_out", list_out)?;
            let client = plumbing::object("client", client)?;
            let app_id = plumbing::text("app_id", app_id)?;
            let integration_id = plumbing::text("integration_id", integration_id)?;
            let keys = client
                .client
                .list_integration_keys(app_id, integration_id)?;
            plumbing::give(list_out, ik_key_list::from_core(keys)?);
            Ok(())
        })
    }
}

/// Gets the API key key_id of the custom integration integration_id of the
/// app app_id, with
/// GET /v2/apps/{app_id}/integrations/{integration_id}/keys/{key_id}. The
/// caller owns *key_out and frees it with ik_key_free(); it is NULL after a
/// failure. The strings are only read during the call. Thread-safe: the
/// client may be shared.
///
/// # Errors
///
/// IK_ERROR_NOT_FOUND when there is no such key, or any other ik_result;
/// IK_ERROR_INVALID_ARGUMENT before anything is sent for a NULL or
/// non-UTF-8 argument, a NULL key_out, or a bad id.
///
/// # Safety
///
/// client is NULL or a live ik_client; each string is NULL or
/// NUL-terminated; key_out and error_out are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_get_integration_key(
    client: *const ik_client,
    app_id: *const c_char,
    integration_id: *const c_char,
    key_id: *const c_char,
    key_out: *mut *mut ik_key,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let key_out = plumbing::out("key_out", key_out)?;
            let client = plumbing::object("client", client)?;
            let app_id = plumbing::text("app_id", app_id)?;
            let integration_id = plumbing::text("integration_id", integration_id)?;
            let key_id = plumbing::text("key_id", key_id)?;
            let key = client
                .client
                .get_integration_key(app_id, integration_id, key_id)?;
            plumbing::give(key_out, ik_key::from_core(key)?);
            Ok(())
        })
    }
}

/// Deletes (revokes) the API key key_id of the custom integration
/// integration_id of the app app_id, with
/// DELETE /v2/apps/{app_id}/integrations/{integration_id}/keys/{key_id}.
/// A delete is retried after a timeout or a 5xx; if an earlier attempt did
/// delete the key, the retry answers IK_ERROR_NOT_FOUND. The strings are
/// only read during the call. Thread-safe: the client may be shared.
///
/// # Errors
///
/// IK_ERROR_NOT_FOUND when there is no such key, or any other ik_result;
/// IK_ERROR_INVALID_ARGUMENT before anything is sent for a NULL or
/// non-UTF-8 argument or a bad id.
///
/// # Safety
///
/// client is NULL or a live ik_client; each string is NULL or
/// NUL-terminated; error_out is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ik_delete_integration_key(
    client: *const ik_client,
    app_id: *const c_char,
    integration_id: *const c_char,
    key_id: *const c_char,
    error_out: *mut *mut ik_error,
) -> ik_result {
    unsafe {
        plumbing::guard(error_out, || {
            let client = plumbing::object("client", client)?;
            let app_id = plumbing::text("app_id", app_id)?;
            let integration_id = plumbing::text("integration_id", integration_id)?;
            let key_id = plumbing::text("key_id", key_id)?;
            client
                .client
                .delete_integration_key(app_id, integration_id, key_id)?;
            Ok(())
        })
    }
}
