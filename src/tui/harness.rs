//! Drives the interface without a terminal, exactly as the event loop does: key events go
//! through the key map, worker replies come back on the same channel, and frames are drawn
//! on ratatui's TestBackend. Used by the tests and the benchmarks.

use super::app::{App, Event, Options, View};
use super::keymap::Key;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::merge::MergeOutput;
use crate::model::Campaign;
use crate::review::Review;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use std::sync::mpsc;
use std::time::Duration;

pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    rx: mpsc::Receiver<Event>,
}

/// A key press as a terminal reports it (an upper-case letter carries Shift).
pub fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
}

/// Parses `jj<tab><alt-2><enter>` into key presses: `<name>` uses the key map's names.
pub fn keys(seq: &str) -> Result<Vec<KeyEvent>, String> {
    let mut out = Vec::new();
    let mut chars = seq.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            if name.is_empty() {
                out.push(press(KeyCode::Char('<'), KeyModifiers::NONE));
                continue;
            }
            let k = Key::parse(&name)?;
            let mut m = KeyModifiers::NONE;
            if k.ctrl {
                m |= KeyModifiers::CONTROL;
            }
            if k.alt {
                m |= KeyModifiers::ALT;
            }
            if k.code == KeyCode::BackTab {
                m |= KeyModifiers::SHIFT;
            }
            out.push(press(k.code, m));
        } else {
            let m = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.push(press(KeyCode::Char(c), m));
        }
    }
    Ok(out)
}

impl Harness {
    pub fn new(
        review: Review,
        view: View,
        lang: Lang,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> Result<Harness, String> {
        Harness::with_options(review, view, lang, Options::new(theme), width, height)
    }

    /// As the event loop starts: the app is built, told its size, and (as once its first
    /// frame is drawn) starts building the search index.
    pub fn with_options(
        review: Review,
        view: View,
        lang: Lang,
        options: Options,
        width: u16,
        height: u16,
    ) -> Result<Harness, String> {
        let (tx, rx) = mpsc::channel();
        let app = App::with_options(review, view, lang, options, tx)?;
        Harness::started(app, rx, width, height)
    }

    /// The chair's view of a merge, with no store behind it.
    pub fn chair(
        campaign: Campaign,
        merged: MergeOutput,
        lang: Lang,
        options: Options,
        width: u16,
        height: u16,
    ) -> Result<Harness, String> {
        let (tx, rx) = mpsc::channel();
        let app = App::for_chair(campaign, merged, lang, options, tx);
        Harness::started(app, rx, width, height)
    }

    fn started(
        mut app: App,
        rx: mpsc::Receiver<Event>,
        width: u16,
        height: u16,
    ) -> Result<Harness, String> {
        app.handle_event(Event::Resize(width, height));
        let terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
        let mut h = Harness { app, terminal, rx };
        let _ = h.draw();
        h.app.start_indexing();
        Ok(h)
    }

    /// Sends key presses written as in [`keys`].
    pub fn press(&mut self, seq: &str) {
        for k in keys(seq).unwrap_or_default() {
            self.app.handle_event(Event::Key(k));
        }
    }

    pub fn key(&mut self, k: KeyEvent) {
        self.app.handle_event(Event::Key(k));
    }

    /// Types text one character at a time (as an input method delivers it).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.app
                .handle_event(Event::Key(press(KeyCode::Char(c), KeyModifiers::NONE)));
        }
    }

    /// Takes in worker replies until no job is outstanding and the findings and the
    /// search index are in; false on timeout.
    pub fn settle_within(&mut self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.app.jobs > 0 || self.app.indexing || !self.app.session.findings_ready {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(ev) => self.app.handle_event(ev),
                Err(_) => return false,
            }
        }
        true
    }

    /// Takes in worker replies until none is outstanding (up to 30 s).
    pub fn settle(&mut self) -> bool {
        self.settle_within(Duration::from_secs(30))
    }

    /// Takes in any reply already there, without waiting.
    pub fn poll(&mut self) {
        while let Ok(ev) = self.rx.try_recv() {
            self.app.handle_event(ev);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.app.handle_event(Event::Resize(width, height));
    }

    /// Draws a frame and returns the buffer.
    pub fn draw(&mut self) -> Buffer {
        let app = &self.app;
        let _ = self.terminal.draw(|f| app.render(f));
        self.terminal.backend().buffer().clone()
    }

    /// Draws the state on a fresh terminal and returns the buffer. A fresh one, because
    /// TestBackend (unlike a real terminal) keeps the cell behind a wide character from
    /// frames before, which would make snapshots depend on history.
    pub fn frame(&self) -> Buffer {
        let (w, h) = self.app.size;
        let Ok(mut term) = Terminal::new(TestBackend::new(w, h));
        let app = &self.app;
        let _ = term.draw(|f| app.render(f));
        term.backend().buffer().clone()
    }

    /// The current frame as text, one line per row.
    pub fn screen(&self) -> String {
        buffer_text(&self.frame())
    }

    pub fn finish(self) -> Option<Review> {
        self.app.finish()
    }
}

/// A buffer as text: each row's symbols, wide characters once (their trailing cell is
/// skipped), trailing spaces kept so alignment shows in snapshots.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = crate::tui::text::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
