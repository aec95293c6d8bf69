//! The conflict-of-interest checks for the expert and the selected application (and, in
//! the triage view, the formal-review findings): each finding with its rule id, blocking
//! ones in the conflict style.

use crate::i18n::Lang;
use crate::rules::{Finding, Severity};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default)]
pub struct ConflictsPane {
    pub scroll: usize,
}

/// The lines for `findings` at `width`; `empty` when there are none, `footer` after.
pub fn finding_lines(
    findings: &[Finding],
    width: usize,
    empty: &str,
    footer: Option<&str>,
    lang: Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if findings.is_empty() {
        for l in wrap(empty, width) {
            out.push(Line::styled(l, theme.dim()));
        }
    }
    for f in findings {
        // A blocking conflict means recusal; a blocking formal-review finding does not.
        let formal = f.rule.starts_with('E');
        let (label, style) = match f.severity {
            Severity::Blocking if formal => (
                lang.pick(f.severity.zh(), f.severity.en()),
                theme.conflict(),
            ),
            Severity::Blocking => (t(lang, s::BLOCKING), theme.conflict()),
            Severity::Warning => (t(lang, s::WARNING), theme.warning()),
        };
        let text = format!("[{}] {label}: {}", f.rule, lang.pick(&f.zh, &f.en));
        for l in wrap(&display_filter(&text), width) {
            out.push(Line::styled(l, style));
        }
    }
    if let Some(footer) = footer {
        out.push(Line::default());
        for l in wrap(footer, width) {
            out.push(Line::styled(l, theme.key()));
        }
    }
    out
}

impl ConflictsPane {
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        title: &str,
        findings: &[Finding],
        empty: &str,
        footer: Option<&str>,
        focused: bool,
        lang: Lang,
        theme: &Theme,
    ) {
        let blocking = findings.iter().any(|f| f.severity == Severity::Blocking);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(if blocking {
                theme.conflict()
            } else if focused {
                theme.border_focused()
            } else {
                theme.border()
            })
            .title_top(Line::styled(format!(" {title} "), theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let lines = finding_lines(findings, inner.width as usize, empty, footer, lang, theme);
        let h = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(h));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}

/// The footer of the expert's conflicts pane.
pub fn expert_footer(lang: Lang) -> &'static str {
    t(lang, s::PRESS_D)
}

/// What the expert's conflicts pane says when nothing was found.
pub fn expert_empty(lang: Lang) -> &'static str {
    t(lang, s::NO_FINDINGS)
}
