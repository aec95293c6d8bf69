//! The status bar (who, campaign, progress, the saved mark) and the line under it, which
//! holds an open input, the last message, or a hint.

use crate::i18n::Lang;
use crate::tui::input::TextInput;
use crate::tui::session::{Role, Session};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, truncate, width};
use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The saved mark. `Saved` appears only once the worker reports the store flushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SaveMark {
    #[default]
    None,
    Saving,
    Saved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

#[derive(Debug, Clone, Default)]
pub struct StatusPane {
    pub save: SaveMark,
    /// Writes sent to the worker and not yet answered.
    pub in_flight: usize,
    pub exporting: bool,
    pub message: Option<(MessageKind, String)>,
    /// What is wrong with the open input's text (an empty reason), shown beside it until
    /// the text changes.
    pub input_error: Option<String>,
}

impl StatusPane {
    pub fn info(&mut self, m: impl Into<String>) {
        self.message = Some((MessageKind::Info, m.into()));
    }
    pub fn error(&mut self, m: impl Into<String>) {
        self.message = Some((MessageKind::Error, m.into()));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        f: &mut Frame,
        bar: Rect,
        line: Rect,
        session: &Session,
        chair: Option<(usize, usize, usize)>,
        input: Option<(&str, &TextInput)>,
        hint: &str,
        lang: Lang,
        theme: &Theme,
    ) {
        let who = match &session.role {
            Role::Expert { id, name } => format!("{} {id} {name}", t(lang, s::EXPERT)),
            Role::Triage => t(lang, s::TRIAGE_LIST).to_string(),
            Role::Chair => t(lang, s::CHAIR).to_string(),
        };
        let progress = match chair {
            Some((ranked, queue, sheets)) => format!(
                "{} {ranked} | {} {queue} | {} {sheets}",
                t(lang, s::CH_RANKED),
                t(lang, s::CH_TO_DISCUSS),
                t(lang, s::CH_SHEETS)
            ),
            None if !session.checked => {
                format!("{} {}", t(lang, s::PROGRESS), t(lang, s::PROGRESS_CHECKING))
            }
            None => {
                let (done, total) = session.progress();
                format!("{} {done}/{total}", t(lang, s::PROGRESS))
            }
        };
        let mark = match self.save {
            SaveMark::None => None,
            SaveMark::Saving => Some((format!(" {} ", t(lang, s::SAVING)), theme.saving())),
            SaveMark::Saved => Some((format!(" {} ", t(lang, s::SAVED)), theme.saved())),
        };
        let mark_w = mark.as_ref().map(|m| width(&m.0)).unwrap_or(0);
        let tail = if self.exporting {
            format!("{progress} | {}", t(lang, s::EXPORTING))
        } else {
            progress
        };
        let left = bar_text(
            &display_filter(&who),
            &display_filter(&session.campaign.settings.name),
            &tail,
            (bar.width as usize).saturating_sub(mark_w),
        );
        let mut spans = vec![Span::styled(left, theme.status_bar())];
        if let Some((m, st)) = mark {
            spans.push(Span::styled(m, st));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), bar);

        let w = line.width as usize;
        match input {
            Some((prompt, inp)) => {
                let head = format!("{prompt}: ");
                let keys = format!("  ({})", t(lang, s::INPUT_KEYS));
                let text = display_filter(&inp.text);
                // Keep the cursor in view on a long comment: show the tail.
                let room = w.saturating_sub(width(&head) + 1);
                let cursor = inp.cursor_cells();
                let (shown, cx) = if cursor <= room {
                    (truncate(&text, room).into_owned(), cursor)
                } else {
                    let tail: String = tail_fitting(&text, room);
                    let tw = width(&tail);
                    (tail, tw)
                };
                let mut spans = vec![
                    Span::styled(head.clone(), theme.key()),
                    Span::styled(shown, theme.input()),
                ];
                // A message about the text (an empty reason) takes the keys' place.
                let (after, style) = match &self.input_error {
                    Some(m) => (format!("  {}", display_filter(m)), theme.error()),
                    None => (keys, theme.dim()),
                };
                let used = width(&head) + cx;
                if used + width(&after) < w {
                    spans.push(Span::styled(after, style));
                } else if self.input_error.is_some() {
                    let room = w.saturating_sub(used + 1);
                    spans.push(Span::styled(truncate(&after, room).into_owned(), style));
                }
                f.render_widget(Paragraph::new(Line::from(spans)), line);
                let x = line.x + (width(&head) + cx).min(w.saturating_sub(1)) as u16;
                f.set_cursor_position(Position { x, y: line.y });
            }
            None => {
                let (text, style) = match &self.message {
                    Some((MessageKind::Error, m)) => (m.as_str(), theme.error()),
                    Some((MessageKind::Info, m)) => (m.as_str(), theme.info()),
                    None => (hint, theme.dim()),
                };
                let text = display_filter(text);
                f.render_widget(
                    Paragraph::new(Line::styled(truncate(&text, w).into_owned(), style)),
                    line,
                );
            }
        }
    }
}

/// The status bar's text in `room` cells: ` who | campaign | tail `, padded. Who and the
/// tail (progress or the chair's counts) always show whole; the campaign's name is what
/// gets shortened, with `...`, and left out when too little of it would show. Only on a
/// terminal too narrow even for those is the rest cut.
pub fn bar_text(who: &str, campaign: &str, tail: &str, room: usize) -> String {
    // The name shows only if at least this many cells of it fit.
    const MIN_NAME: usize = 8;
    let fixed = width(who) + width(tail) + 5; // " who | ... | tail "
    let text = if fixed + 3 + MIN_NAME.min(width(campaign)) <= room {
        let name = truncate(campaign, room - fixed - 3);
        format!(" {who} | {name} | {tail} ")
    } else {
        format!(" {who} | {tail} ")
    };
    crate::tui::text::fit(&text, room)
}

/// The longest tail of `s` that fits in `room` cells.
fn tail_fitting(s: &str, room: usize) -> String {
    let mut used = 0;
    let mut chars: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        chars.push(c);
    }
    chars.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_campaign_name_gives_way_first() {
        let name = "2023年网络安全技术应用试点示范项目评审";
        let bar = bar_text("expert EXP01 林书航", name, "progress 1/20", 73);
        assert_eq!(width(&bar), 73);
        assert!(bar.contains("expert EXP01 林书航 | 2023年"), "{bar}");
        assert!(bar.contains("... | progress 1/20 "), "{bar}");
        // Too little room for a useful part of the name: it goes, the rest stays.
        let bar = bar_text("expert EXP01 林书航", name, "progress 1/20", 44);
        assert_eq!(bar.trim_end(), " expert EXP01 林书航 | progress 1/20");
        // Room for it all: all of it.
        let bar = bar_text("chair", name, "ranked 5", 120);
        assert!(bar.contains(name), "{bar}");
    }
}
