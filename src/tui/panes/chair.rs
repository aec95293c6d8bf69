//! The chair's view. The merge (ranking per direction, spread, divergence queue,
//! calibration, fragility) lands with the merge module; until then this pane says to merge
//! the sheets first.

use crate::i18n::Lang;
use crate::tui::strings::{self as s, t};
use crate::tui::text::wrap;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default)]
pub struct ChairPane;

impl ChairPane {
    pub fn render(&self, f: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title_top(Line::styled(
                format!(" {} ", t(lang, s::CHAIR)),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let lines: Vec<Line> = wrap(t(lang, s::CHAIR_PLACEHOLDER), inner.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme.warning()))
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}
