//! The terminal interface: the expert's four panes, the triage view and the chair's view,
//! over the same review the command line uses. Key -> action -> update -> render.

pub mod action;
pub mod app;
pub mod chair;
pub mod harness;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod panes;
mod render;
mod scoring;
pub mod session;
pub mod sources;
pub mod strings;
pub mod text;
pub mod theme;
mod update;
pub mod worker;

pub use app::{App, Event, Options, View};

use crate::i18n::Lang;
use crate::merge::MergeOutput;
use crate::model::Campaign;
use crate::review::Review;
use ratatui::crossterm::event::{self, Event as CtEvent};
use std::sync::mpsc;

/// What the interface opens on.
pub enum Start {
    /// A view over a store's review (expert, triage, or the chair's over a merge).
    Review(Box<Review>, View),
    /// The chair's view of a merge, with no store behind it.
    Chair {
        campaign: Box<Campaign>,
        merged: Box<MergeOutput>,
    },
}

/// Runs the interface on the real terminal until the user quits. Every write accepted
/// before quitting is on disk when this returns.
pub fn run(start: Start, lang: Lang, options: Options) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<Event>();
    let mut app = match start {
        Start::Review(review, view) => App::with_options(*review, view, lang, options, tx.clone())?,
        Start::Chair { campaign, merged } => {
            App::for_chair(*campaign, *merged, lang, options, tx.clone())
        }
    };
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
            // The first frame is on screen: only now build the search index.
            app.start_indexing();
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
