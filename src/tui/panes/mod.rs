//! One file per pane: its state and how it draws. Panes read the session; only
//! `App::update` changes anything.

pub mod chair_calibration;
pub mod chair_dropped;
pub mod chair_fragility;
pub mod chair_queue;
pub mod chair_ranking;
pub mod chair_spread;
pub mod commitment;
pub mod conflicts;
pub mod detail;
pub mod help;
pub mod project_list;
pub mod rubric;
pub mod status;

use crate::tui::text::width;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

/// An overlay `width` x `height` centred in `area`.
pub fn overlay_rect(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `popup` for an overlay drawn over the panes. Every overlay (the help, and any
/// popup to come) is opened here, so none can lose its border to the glyphs beneath it.
pub fn open_overlay(f: &mut Frame, popup: Rect) {
    blank_straddlers(f.buffer_mut(), popup);
    f.render_widget(Clear, popup);
}

/// Blanks every wide glyph that straddles an edge of `r`. A two-cell glyph just left of
/// `r` still covers `r`'s first cell on a terminal, and ratatui's diff never sends the
/// cell behind a wide glyph, so the overlay's border there would not reach the screen; a
/// glyph under the right edge would likewise spill past it. The glyph becomes a space
/// (its style kept), which is what the terminal could show of it anyway.
pub fn blank_straddlers(buf: &mut ratatui::buffer::Buffer, r: Rect) {
    let r = r.intersection(buf.area);
    if r.is_empty() {
        return;
    }
    let straddles = |buf: &ratatui::buffer::Buffer, x: u16, y: u16, edge: u16| {
        x < edge && x + (width(buf[(x, y)].symbol()) as u16) > edge
    };
    for y in r.top()..r.bottom() {
        // A glyph is at most a few cells wide: look that far left of each edge.
        for edge in [r.left(), r.right()] {
            let from = edge.saturating_sub(3).max(buf.area.left());
            for x in from..edge {
                if straddles(buf, x, y, edge) {
                    buf[(x, y)].set_symbol(" ");
                }
            }
        }
    }
}

/// The tab bar of the narrow layout: one pane at a time.
pub fn render_tabs(f: &mut Frame, area: Rect, tabs: &[(String, bool)], theme: &Theme) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (label, active) in tabs {
        let text = format!(" {label} ");
        used += width(&text) + 1;
        if used > area.width as usize {
            break;
        }
        spans.push(Span::styled(
            text,
            if *active {
                theme.tab_active()
            } else {
                theme.tab()
            },
        ));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The one centred line a terminal too small for the layout gets.
pub fn render_too_small(f: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let text = crate::tui::text::truncate(text, area.width as usize);
    let w = width(&text) as u16;
    let r = Rect {
        x: area.x + area.width.saturating_sub(w) / 2,
        y: area.y + area.height / 2,
        width: w.min(area.width),
        height: 1.min(area.height),
    };
    f.render_widget(
        Paragraph::new(Line::styled(text.into_owned(), theme.warning())),
        r,
    );
}
