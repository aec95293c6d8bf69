//! The terminal interface: the expert's four panes, the triage view and the chair's view,
//! over the same review the command line uses. Key -> action -> update -> render.

pub mod action;
pub mod app;
pub mod harness;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod panes;
pub mod session;
pub mod sources;
pub mod strings;
pub mod text;
pub mod theme;
pub mod worker;

pub use app::{App, Event, View};

use crate::i18n::Lang;
use crate::review::Review;
use ratatui::crossterm::event::{self, Event as CtEvent};
use std::sync::mpsc;

/// Runs the interface on the real terminal until the user quits. Every write accepted
/// before quitting is on disk when this returns.
pub fn run(review: Review, view: View, lang: Lang) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<Event>();
    let mut app = App::new(review, view, lang, theme::Theme::from_env(), tx.clone())?;
    // try_init installs ratatui's panic hook, which restores the terminal first.
    let mut terminal = ratatui::try_init().map_err(|e| {
        format!("cannot open the terminal ({e}); run pingshen in an interactive terminal")
    })?;
    if let Ok(size) = terminal.size() {
        app.handle_event(Event::Resize(size.width, size.height));
    }
    let input_tx = tx;
    std::thread::Builder::new()
        .name("pingshen-input".into())
        .spawn(move || loop {
            let ev = match event::read() {
                Ok(CtEvent::Key(k)) => Event::Key(k),
                Ok(CtEvent::Paste(p)) => Event::Paste(p),
                Ok(CtEvent::Resize(w, h)) => Event::Resize(w, h),
                Ok(_) => continue,
                Err(_) => break,
            };
            if input_tx.send(ev).is_err() {
                break;
            }
        })
        .map_err(|e| format!("cannot start the input thread ({e})"))?;
    let result = (|| -> Result<(), String> {
        let mut arrangement = app.arrangement();
        loop {
            if app.arrangement() != arrangement {
                // A full redraw: patching cells across a change of layout can leave half
                // a wide character behind on some terminals. `resize` clears without
                // `clear`'s cursor query, whose answer the input thread would swallow.
                arrangement = app.arrangement();
                let (w, h) = app.size;
                terminal
                    .resize(ratatui::layout::Rect::new(0, 0, w, h))
                    .map_err(|e| format!("cannot draw on the terminal ({e})"))?;
            }
            terminal
                .draw(|f| app.render(f))
                .map_err(|e| format!("cannot draw on the terminal ({e})"))?;
            let Ok(ev) = rx.recv() else { break };
            app.handle_event(ev);
            // Take everything already queued before drawing again.
            while let Ok(ev) = rx.try_recv() {
                app.handle_event(ev);
            }
            if app.quit {
                break;
            }
        }
        Ok(())
    })();
    ratatui::restore();
    // Wait for the worker: a score typed just before quitting is still written.
    app.finish();
    result
}
