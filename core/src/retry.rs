//! When a failed attempt is tried again, and after how long.
//!
//! The rule that matters most: a request that may have reached the server is
//! tried again only if repeating it cannot do anything twice. Creating a key
//! is not such a request, so a create is retried only after a 429 (the server
//! says it did nothing) or a failure to connect (nothing was sent). Gets and
//! deletes are also retried after a timeout, a broken connection or a 5xx.

use std::time::{Duration, SystemTime};

use rand::Rng;

/// The longest wait a `Retry-After` header can buy. A server asking for
/// longer gets its error returned at once, with the wait in
/// [`Error::retry_after`](crate::Error::retry_after).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The first backoff step; each further attempt doubles it.
pub const BACKOFF_BASE: Duration = Duration::from_millis(250);

/// The largest backoff step.
pub const BACKOFF_MAX: Duration = Duration::from_secs(8);

/// What a failed attempt was, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection was never made: nothing was sent.
    Connect,
    /// The server answered 429.
    RateLimited,
    /// The request was sent and then timed out, broke, or got a 5xx: the
    /// server may have acted on it.
    AfterSend,
    /// Anything else: retrying cannot help.
    Final,
}

/// Whether a failure may be retried, given whether the request is safe to
/// repeat.
pub(crate) fn may_retry(failure: Failure, idempotent: bool) -> bool {
    match failure {
        Failure::Connect | Failure::RateLimited => true,
        Failure::AfterSend => idempotent,
        Failure::Final => false,
    }
}

/// The wait before retry number `attempt` (0 for the first retry): half the
/// exponential step plus a random part of the other half.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let step = BACKOFF_BASE
        .saturating_mul(1u32 << attempt.min(16))
        .min(BACKOFF_MAX);
    let half = step / 2;
    half + half.mul_f64(rand::rng().random::<f64>())
}

/// Reads a `Retry-After` value: whole seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_are_never_repeated_after_sending() {
        assert!(may_retry(Failure::Connect, false));
        assert!(may_retry(Failure::RateLimited, false));
        assert!(!may_retry(Failure::AfterSend, false));
        assert!(may_retry(Failure::AfterSend, true));
        assert!(!may_retry(Failure::Final, true));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 0..40 {
            let step = BACKOFF_BASE
                .saturating_mul(1 << attempt.min(16))
                .min(BACKOFF_MAX);
            let d = backoff(attempt);
            assert!(d >= step / 2 && d <= step, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
