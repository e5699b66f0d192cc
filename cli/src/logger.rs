//! Log records on stderr, at the level `INTEGRATION_KEYS_LOG` names.

use std::io::Write;

struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(
                stderr,
                "[{} {}] {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

/// Installs the logger when `INTEGRATION_KEYS_LOG` names a level.
pub fn init() {
    if let Some(level) = integration_keys::log_level_from_env()
        && log::set_logger(&LOGGER).is_ok()
    {
        log::set_max_level(level);
    }
}
