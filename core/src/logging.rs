//! The log level from the environment, and a logger on standard error for
//! front ends that have no logging system of their own (the command-line
//! tool, the C library, the Node addon).

use std::io::Write;
use std::sync::Once;

use crate::config::env;

/// The log level named by `INTEGRATION_KEYS_LOG` (`off`, `error`, `warn`,
/// `info`, `debug` or `trace`, in any case), or `None` when it is unset or
/// names no level.
pub fn log_level_from_env() -> Option<log::LevelFilter> {
    std::env::var(env::LOG).ok()?.trim().parse().ok()
}

/// Writes this crate's log records to standard error, at the level
/// `INTEGRATION_KEYS_LOG` names, from the first call on; later calls do
/// nothing. Nothing is installed when the variable is unset or when the
/// process already has a logger.
///
/// Only this crate's records are written, as
/// `[integration-keys LEVEL target] message`: the records of the HTTP and
/// TLS libraries underneath are not vetted for secrets, so they are left
/// out.
pub fn log_to_stderr() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Some(level) = log_level_from_env()
            && log::set_logger(&STDERR).is_ok()
        {
            log::set_max_level(level);
        }
    });
}

struct Stderr;

static STDERR: Stderr = Stderr;

impl log::Log for Stderr {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with(env!("CARGO_CRATE_NAME"))
            && metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "[integration-keys {} {}] {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}
