//! The divergence queue: applications whose experts disagree at or over the campaign's
//! threshold, in the order the panel discusses them. Enter opens one in the ranking.

use crate::i18n::Lang;
use crate::tui::action::ChairPaneId;
use crate::tui::chair::{pane_block, pane_title, ChairState};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, fit, truncate};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(
    f: &mut Frame,
    area: Rect,
    st: &ChairState,
    focused: bool,
    lang: Lang,
    theme: &Theme,
) {
    let q = &st.merged.divergence_queue;
    let mut title = format!(" {} {} ", pane_title(ChairPaneId::Queue, lang), q.len());
    if !st.open_key.is_empty() {
        let hint = t(lang, s::CH_QUEUE_HINT).replace("{key}", &st.open_key);
        title.push_str(&format!("({hint}) "));
    }
    let title = truncate(&title, area.width.saturating_sub(2) as usize).into_owned();
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let h = inner.height as usize;
    if q.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(t(lang, s::CH_QUEUE_EMPTY), theme.dim())),
            inner,
        );
        return;
    }
    let off = crate::tui::panes::project_list::visible_offset(st.queue_selected, 0, h, q.len());
    let lines: Vec<Line> = q
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, e)| {
            let rank = e.rank.map_or_else(|| "-".to_string(), |r| r.to_string());
            let what = t(lang, s::CH_QUEUE_ROW)
                .replace("{d}", &format!("{:>2}", e.direction))
                .replace("{r}", &rank);
            let text = format!(
                "{:>2}. {} {what} {:>6} {}",
                i + 1,
                e.application,
                e.spread.to_string(),
                display_filter(&e.name)
            );
            let style = if focused && i == st.queue_selected {
                theme.selected()
            } else if i == st.queue_selected {
                theme.selected_unfocused()
            } else {
                theme.text()
            };
            Line::styled(fit(&text, w), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
