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
use ratatui::widgets::Paragraph;
use ratatui::Frame;

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
