//! The one error type of every front end, and the table that sorts HTTP
//! answers into its kinds.

use std::fmt;
use std::time::Duration;

/// What went wrong, in the words every front end shares.
///
/// The C library numbers these kinds, the Python module turns each into an
/// exception class and the Node addon into an `Error` subclass; all of them
/// take the kind from here. New kinds are only ever added at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Rejected before any request was made: an empty, over-long or
    /// malformed argument, or a bad client setting.
    InvalidArgument,
    /// The server answered 401: the credentials are missing or wrong.
    Authentication,
    /// The server answered 403: the credentials may not do this.
    PermissionDenied,
    /// The server answered 404.
    NotFound,
    /// The server answered 409.
    Conflict,
    /// The server answered 429, and kept answering it through every retry.
    RateLimited,
    /// The server answered 400, 422, any other 4xx, or an unexpected 3xx.
    BadRequest,
    /// The server answered 5xx.
    Server,
    /// Connecting or waiting for the answer took longer than allowed.
    Timeout,
    /// The connection could not be made or broke: DNS, refused, reset, TLS.
    Connection,
    /// The answer is not what the API promises: bad JSON, a missing field,
    /// a create without a secret, or a body over the size cap.
    Decode,
    /// A bug in this library.
    Internal,
}

impl ErrorKind {
    /// Every kind, in the order of their C codes (`IK_ERROR_*` = index + 1).
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::InvalidArgument,
        ErrorKind::Authentication,
        ErrorKind::PermissionDenied,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::RateLimited,
        ErrorKind::BadRequest,
        ErrorKind::Server,
        ErrorKind::Timeout,
        ErrorKind::Connection,
        ErrorKind::Decode,
        ErrorKind::Internal,
    ];

    /// The kind's name as every front end spells it, for example
    /// `"not_found"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Authentication => "authentication",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Server => "server",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connection => "connection",
            ErrorKind::Decode => "decode",
            ErrorKind::Internal => "internal",
        }
    }

    /// The kind's stable number, 1 to 12, as in the C library's
    /// `IK_ERROR_*` codes and the command-line tool's exit codes.
    pub fn number(self) -> u8 {
        let index = ErrorKind::ALL.iter().position(|k| *k == self);
        // Every kind is in ALL, so the index is always found.
        index.map_or(0, |i| i as u8 + 1)
    }

    /// The kind for an HTTP status that is not a success.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::BadRequest,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from any operation of this library.
///
/// Besides its [`kind`](Error::kind) and message it carries, where the server
/// answered, the HTTP status, the API's error `code` and `title` (the first
/// entry of the body's `errors` array), the request id the server sent, and
/// for a 429 how long the server asked to wait. Messages never hold a
/// secret, a header value or a request body.
#[derive(Debug)]
pub struct Error(Box<Details>);

#[derive(Debug)]
struct Details {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    code: Option<String>,
    title: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error of `kind` with `message` and no other detail.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(Details {
            kind,
            message: message.into(),
            status: None,
            code: None,
            title: None,
            request_id: None,
            retry_after: None,
            source: None,
        }))
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn decode(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Decode, message)
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.0.source = Some(Box::new(source));
        self
    }

    /// The error for a server answer with a status that is not a success.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Error {
        let kind = ErrorKind::from_status(status);
        let (code, title) = first_api_error(body);
        let message = match (&code, &title) {
            (Some(code), Some(title)) => format!("HTTP {status} ({code}): {title}"),
            (Some(code), None) => format!("HTTP {status} ({code})"),
            (None, Some(title)) => format!("HTTP {status}: {title}"),
            (None, None) => format!("HTTP {status}"),
        };
        let mut error = Error::new(kind, message);
        let details = &mut error.0;
        details.status = Some(status);
        details.code = code;
        details.title = title;
        details.request_id = request_id;
        details.retry_after = retry_after;
        error
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// A sentence for people; it names no secret.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status, where the server answered.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The API's error code (for example `"not_found"`), where the server
    /// sent one.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The API's error title, where the server sent one.
    pub fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The request id the server sent in `x-request-id` (or
    /// `x-zendesk-request-id`), for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// How long a 429 answer asked the caller to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.kind, self.0.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The result of every operation of this library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
}

#[derive(serde::Deserialize)]
struct ApiError {
    code: Option<String>,
    title: Option<String>,
}

/// The code and title of the first entry of a `{"errors":[...]}` body; both
/// `None` when the body has some other shape.
pub fn first_api_error(body: &[u8]) -> (Option<String>, Option<String>) {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => match parsed.errors.into_iter().next() {
            Some(first) => (clip(first.code), clip(first.title)),
            None => (None, None),
        },
        Err(_) => (None, None),
    }
}

/// Keeps a server-sent string to a length fit for a message.
fn clip(text: Option<String>) -> Option<String> {
    const MAX: usize = 512;
    text.map(|mut t| {
        if t.len() > MAX {
            let mut end = MAX;
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            t.truncate(end);
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        let table = [
            (400, "bad_request"),
            (401, "authentication"),
            (403, "permission_denied"),
            (404, "not_found"),
            (409, "conflict"),
            (413, "bad_request"),
            (422, "bad_request"),
            (429, "rate_limited"),
            (302, "bad_request"),
            (500, "server"),
            (503, "server"),
        ];
        for (status, kind) in table {
            assert_eq!(ErrorKind::from_status(status).as_str(), kind, "{status}");
        }
    }

    #[test]
    fn numbers_are_stable() {
        assert_eq!(ErrorKind::InvalidArgument.number(), 1);
        assert_eq!(ErrorKind::Internal.number(), 12);
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(kind.number() as usize, i + 1);
        }
    }

    #[test]
    fn reads_the_first_api_error() {
        let body = br#"{"errors":[{"code":"not_found","title":"Key not found"},{"code":"x"}]}"#;
        let e = Error::from_response(404, body, Some("req_1".into()), None);
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.code(), Some("not_found"));
        assert_eq!(e.title(), Some("Key not found"));
        assert_eq!(e.request_id(), Some("req_1"));
        assert_eq!(
            e.to_string(),
            "not_found: HTTP 404 (not_found): Key not found"
        );
    }

    #[test]
    fn tolerates_other_bodies() {
        for body in [&b"<html>"[..], b"", b"{}", b"{\"errors\":[]}", b"\xff\xfe"] {
            let e = Error::from_response(502, body, None, None);
            assert_eq!(e.kind(), ErrorKind::Server);
            assert_eq!(e.code(), None);
            assert_eq!(e.message(), "HTTP 502");
        }
    }
}
