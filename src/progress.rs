//! Progress on long work (loading, checking, verifying, merging): a bar or spinner on a
//! terminal's standard error, nothing at all when output goes to a file or a pipe.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() && std::env::var_os("PINGSHEN_NO_PROGRESS").is_none() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A progress display that clears itself when dropped, so the command's own output
/// (or its error) is never left behind a half-drawn bar.
pub struct Progress(ProgressBar);

impl std::ops::Deref for Progress {
    type Target = ProgressBar;
    fn deref(&self) -> &ProgressBar {
        &self.0
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// A spinner for a step of unknown length; ASCII only, so CJK terminals draw it right.
pub fn spinner(message: impl Into<String>) -> Progress {
    let pb = ProgressBar::with_draw_target(None, target());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        pb.set_style(style.tick_chars("|/-\\ "));
    }
    pb.set_message(message.into());
    pb.enable_steady_tick(Duration::from_millis(120));
    Progress(pb)
}

/// A bar over `len` items.
pub fn bar(len: u64, message: impl Into<String>) -> Progress {
    let pb = ProgressBar::with_draw_target(Some(len), target());
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})") {
        pb.set_style(style.progress_chars("=>-"));
    }
    pb.set_message(message.into());
    Progress(pb)
}
