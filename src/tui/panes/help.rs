//! The `?` overlay, generated from the key map so it always says what the keys do.

use crate::i18n::Lang;
use crate::tui::keymap::{context_title, Keymap};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{fit, width, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default)]
pub struct HelpPane {
    pub scroll: usize,
}

/// Every line of the help at `w` cells. `pane_name` gives the name the tab bar shows for
/// the pane an action goes to, so the help names panes exactly as the screen does.
pub fn help_lines(
    keymap: &Keymap,
    contexts: &[&str],
    pane_name: &dyn Fn(&str) -> Option<&'static str>,
    w: usize,
    lang: Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let sections = keymap.help_sections(contexts);
    let key_w = sections
        .iter()
        .flat_map(|(_, bs)| bs.iter().map(|b| width(&b.keys_label())))
        .max()
        .unwrap_or(8)
        .min(w / 3);
    let mut out = Vec::new();
    for (ctx, bindings) in sections {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(
            context_title(ctx, lang).to_string(),
            theme.heading(),
        ));
        for b in bindings {
            let desc_w = w.saturating_sub(key_w + 3).max(2);
            let desc = match pane_name(&b.run) {
                Some(name) => t(lang, s::GO_TO_PANE).replace("{name}", name),
                None => b.desc(lang).to_string(),
            };
            for (i, d) in wrap(&desc, desc_w).into_iter().enumerate() {
                let k = if i == 0 {
                    b.keys_label()
                } else {
                    String::new()
                };
                out.push(Line::from(vec![
                    Span::raw(" "),
                    Span::styled(fit(&k, key_w), theme.key()),
                    Span::raw("  "),
                    Span::raw(d),
                ]));
            }
        }
    }
    out.push(Line::default());
    for l in wrap(t(lang, s::HELP_INPUT), w) {
        out.push(Line::styled(l, theme.dim()));
    }
    out
}

impl HelpPane {
    /// Where the overlay goes over the body `area`.
    pub fn area(area: Rect) -> Rect {
        let w = area.width.saturating_sub(4).min(90);
        let h = area.height.saturating_sub(2);
        super::overlay_rect(area, w, h)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        keymap: &Keymap,
        contexts: &[&str],
        pane_name: &dyn Fn(&str) -> Option<&'static str>,
        lang: Lang,
        theme: &Theme,
    ) {
        let popup = HelpPane::area(area);
        super::open_overlay(f, popup);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title_top(Line::styled(
                format!(" {} ", t(lang, s::HELP)),
                theme.title(),
            ));
        let inner = block.inner(popup);
        f.render_widget(block, popup);
        let lines = help_lines(
            keymap,
            contexts,
            pane_name,
            inner.width as usize,
            lang,
            theme,
        );
        let ih = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(ih));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(ih).collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}
