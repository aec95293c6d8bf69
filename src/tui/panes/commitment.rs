//! The commitment screen (保密及回避承诺): shown first, until the expert acknowledges it
//! with `y`, in the chosen language.

use crate::i18n::Lang;
use crate::review::{PLEDGE_EN, PLEDGE_ZH};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default)]
pub struct CommitmentPane {
    pub scroll: usize,
}

impl CommitmentPane {
    /// `prompt`: the last line, saying which keys acknowledge and quit.
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        expert: &str,
        prompt: &str,
        lang: Lang,
        theme: &Theme,
    ) {
        let [body, footer] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title_top(Line::styled(
                format!(" {} ({expert}) ", t(lang, s::PLEDGE_TITLE)),
                theme.title(),
            ));
        let inner = block.inner(body);
        f.render_widget(block, body);
        let text = lang.pick(PLEDGE_ZH, PLEDGE_EN);
        let lines: Vec<Line> = wrap(&display_filter(text), inner.width as usize)
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    Line::styled(l, theme.heading())
                } else {
                    Line::raw(l)
                }
            })
            .collect();
        let h = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(h));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), inner);
        f.render_widget(
            Paragraph::new(Line::styled(prompt.to_string(), theme.key())),
            footer,
        );
    }
}
