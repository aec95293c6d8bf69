//! Diagnostics through `tracing` into a file in the platform's state folder; never onto
//! the terminal, where they would break the interface.

use tracing_subscriber::EnvFilter;

/// Starts logging at the level `-v` asks for (warn, info, debug, trace). Returns the guard
/// that flushes the file on exit; `None` when no log folder can be made (then nothing logs).
pub fn init(verbose: u8) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = crate::config::log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "pingshen.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env("PINGSHEN_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("pingshen={level}")));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
