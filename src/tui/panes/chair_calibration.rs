//! Calibration: for the selected direction, each expert's mean total and the order their
//! own totals give its applications, each beside its official rank, so a lenient or a
//! contrary expert shows.

use crate::i18n::Lang;
use crate::tui::action::ChairPaneId;
use crate::tui::chair::{pane_block, pane_title, render_lines, ChairState};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, width, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

/// Entries joined by two spaces into lines of at most `w` cells, never splitting an entry
/// unless it alone is wider than a line.
fn pack(entries: &[String], w: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for e in entries {
        let extra = if cur.is_empty() { 0 } else { 2 };
        if !cur.is_empty() && width(&cur) + extra + width(e) > w {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push_str("  ");
        }
        cur.push_str(e);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter().flat_map(|l| wrap(&l, w)).collect()
}

pub fn lines(st: &ChairState, w: usize, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let Some(d) = st.current() else {
        out.push(Line::styled(t(lang, s::CH_NO_DIRECTION), theme.dim()));
        return out;
    };
    for l in wrap(t(lang, s::CH_CAL_LEGEND), w) {
        out.push(Line::styled(l, theme.dim()));
    }
    for c in &st.merged.calibration {
        let Some(dc) = c.directions.iter().find(|x| x.code == d.code) else {
            continue;
        };
        let mean = c
            .mean_total
            .map_or_else(|| "--".to_string(), |m| m.to_string());
        let head = format!(
            "{} {} {} {mean} ({} {})",
            c.expert,
            c.name,
            t(lang, s::CH_MEAN),
            c.totals,
            t(lang, s::CH_TOTALS)
        );
        for l in wrap(&display_filter(&head), w) {
            out.push(Line::styled(l, theme.heading()));
        }
        let order: Vec<String> = dc
            .entries
            .iter()
            .map(|e| {
                let official = e
                    .official_rank
                    .map_or_else(|| "-".to_string(), |r| r.to_string());
                let mark = if e.official_rank == Some(e.expert_rank) {
                    ""
                } else {
                    "!"
                };
                format!(
                    "{}.{} {} ({}{official}){mark}",
                    e.expert_rank,
                    e.application,
                    e.total,
                    t(lang, s::CH_OFFICIAL)
                )
            })
            .collect();
        for l in pack(&order, w.saturating_sub(2).max(2)) {
            out.push(Line::styled(format!("  {l}"), theme.text()));
        }
    }
    if !st
        .merged
        .calibration
        .iter()
        .any(|c| c.directions.iter().any(|x| x.code == d.code))
    {
        out = vec![Line::styled(t(lang, s::CH_CAL_EMPTY), theme.dim())];
    }
    out
}

pub fn render(
    f: &mut Frame,
    area: Rect,
    st: &ChairState,
    scroll: usize,
    focused: bool,
    lang: Lang,
    theme: &Theme,
) {
    let title = format!(" {} ", pane_title(ChairPaneId::Calibration, lang));
    let block = pane_block(title, focused, theme);
    let w = block.inner(area).width as usize;
    render_lines(f, area, block, lines(st, w, lang, theme), scroll);
}
