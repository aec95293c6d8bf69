//! The scoring rubric: each criterion with its maximum, step and tier anchors, the current
//! score and comment, and a score on its way to the store. Locked, saying why, when the
//! application is under a blocking conflict.

use crate::i18n::Lang;
use crate::model::{Application, Criterion, Points, Rubric};
use crate::rules::Finding;
use crate::tui::session::Session;
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// A score sent to the store and not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub app: String,
    pub criterion: String,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub struct RubricPane {
    /// Index of the selected criterion.
    pub selected: usize,
}

/// The score `step`s away from `current` (from 0 when unscored), kept within 0..=max.
pub fn stepped(c: &Criterion, current: Option<Points>, step: i8) -> Points {
    let st = c.step.0.max(1);
    let base = current
        .map(|p| p.0)
        .unwrap_or(if step > 0 { -st } else { c.max.0 + st });
    Points((base + st * i64::from(step)).clamp(0, c.max.0))
}

impl RubricPane {
    pub fn clamp(&mut self, rubric: Option<&Rubric>) {
        let n = rubric.map(|r| r.criteria.len()).unwrap_or(0);
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// The lines of the pane, and the line where each criterion starts.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &self,
        session: &Session,
        app: &Application,
        rubric: &Rubric,
        pending: &[Pending],
        width: usize,
        focused: bool,
        lang: Lang,
        theme: &Theme,
    ) -> (Vec<Line<'static>>, Vec<usize>) {
        let zh = lang.is_zh();
        let scores = session.scores.get(&app.id);
        let round = session.round_for(app);
        let mut out = Vec::new();
        let mut starts = Vec::new();
        let total: i64 = scores
            .map(|m| m.values().map(|s| s.value.0).sum())
            .unwrap_or(0);
        let mut head = format!(
            "{} {} / {}",
            t(lang, s::TOTAL),
            Points(total),
            rubric.max_total()
        );
        if round > 1 {
            head.push_str("  ");
            head.push_str(&t(lang, s::ROUND).replace("{}", &round.to_string()));
        }
        out.push(Line::styled(head, theme.heading()));
        for (i, c) in rubric.criteria.iter().enumerate() {
            starts.push(out.len());
            let current = scores.and_then(|m| m.get(&c.id));
            let pend = pending
                .iter()
                .rev()
                .find(|p| p.app == app.id && p.criterion == c.id);
            let name = if zh { &c.zh } else { &c.en };
            let mark = if i == self.selected { "> " } else { "  " };
            let mut spans = vec![Span::raw(format!(
                "{mark}{} ({} {}, {} {})  ",
                display_filter(name),
                t(lang, s::MAX),
                c.max,
                t(lang, s::STEP),
                c.step
            ))];
            match (pend, current) {
                (Some(p), _) => spans.push(Span::styled(
                    format!("[{}] {}", p.value, t(lang, s::SAVING)),
                    theme.pending_value(),
                )),
                (None, Some(sc)) => {
                    let mut v = format!("[{}]", sc.value);
                    if sc.key.round < round {
                        v.push_str(&format!(
                            " ({})",
                            t(lang, s::ROUND).replace("{}", &sc.key.round.to_string())
                        ));
                    }
                    spans.push(Span::styled(v, theme.score_value()));
                }
                (None, None) => spans.push(Span::styled(
                    format!("[{}]", t(lang, s::NOT_SCORED)),
                    theme.dim(),
                )),
            }
            if i == self.selected {
                let sel = if focused {
                    theme.selected()
                } else {
                    theme.selected_unfocused()
                };
                for sp in &mut spans {
                    sp.style = sp.style.patch(sel);
                }
            }
            out.push(Line::from(spans));
            let value = pend
                .and_then(|p| Points::parse_typed(&p.value).ok())
                .or(current.map(|s| s.value));
            for a in &c.anchors {
                let text = format!(
                    "{}-{} {}",
                    a.min,
                    a.max,
                    if zh || a.en.is_empty() { &a.zh } else { &a.en }
                );
                let style = if value.is_some_and(|v| a.min <= v && v <= a.max) {
                    theme.info()
                } else {
                    theme.dim()
                };
                for l in wrap(&display_filter(&text), width.saturating_sub(4).max(2)) {
                    out.push(Line::styled(format!("    {l}"), style));
                }
            }
            if let Some(sc) = current.filter(|s| !s.comment.is_empty()) {
                let text = format!("{}: {}", t(lang, s::COMMENT), sc.comment);
                for l in wrap(&display_filter(&text), width.saturating_sub(4).max(2)) {
                    out.push(Line::styled(format!("    {l}"), theme.text()));
                }
            }
            if let Some(sc) = current.filter(|s| !s.reason.is_empty()) {
                let text = format!("{}: {}", t(lang, s::REASON), sc.reason);
                for l in wrap(&display_filter(&text), width.saturating_sub(4).max(2)) {
                    out.push(Line::styled(format!("    {l}"), theme.text()));
                }
            }
        }
        (out, starts)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        session: &Session,
        app: Option<&Application>,
        findings: &[Finding],
        pending: &[Pending],
        focused: bool,
        lang: Lang,
        theme: &Theme,
    ) {
        let blocked = app.is_some_and(|a| session.is_blocked(a));
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(if blocked {
                theme.conflict()
            } else if focused {
                theme.border_focused()
            } else {
                theme.border()
            })
            .title_top(Line::styled(
                format!(" {} ", t(lang, s::RUBRIC)),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let w = inner.width as usize;
        let Some(app) = app else {
            f.render_widget(
                Paragraph::new(Line::styled(t(lang, s::NOTHING_SELECTED), theme.dim())),
                inner,
            );
            return;
        };
        if !session.checked {
            let lines: Vec<Line> = wrap(t(lang, s::DETAIL_CHECKING), w)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim()))
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        if blocked {
            // The rules that block, as the eligibility has them (findings may still be on
            // their way from the worker, and may hold warnings too).
            let rules: Vec<&str> = session
                .expert_id()
                .and_then(|e| {
                    session
                        .eligibility
                        .blocked
                        .get(&(e.to_string(), app.id.clone()))
                })
                .map(|r| r.iter().map(String::as_str).collect())
                .unwrap_or_else(|| findings.iter().map(|f| f.rule.as_str()).collect());
            let mut lines = Vec::new();
            let text = format!(
                "{}{} ({})",
                t(lang, s::RUBRIC_LOCKED),
                t(lang, s::BLOCKED_TITLE),
                rules.join(", ")
            );
            for l in wrap(&text, w) {
                lines.push(Line::styled(l, theme.conflict()));
            }
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        let Some(rubric) = session.campaign.rubric_for_application(app) else {
            f.render_widget(
                Paragraph::new(Line::styled(t(lang, s::NO_RUBRIC), theme.warning())),
                inner,
            );
            return;
        };
        let (mut lines, starts) =
            self.lines(session, app, rubric, pending, w, focused, lang, theme);
        // The total stays on the first row; the criteria scroll beneath it.
        let head = lines.remove(0);
        let [head_area, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        f.render_widget(Paragraph::new(head), head_area);
        let h = body.height as usize;
        // Keep the selected criterion's heading and its anchors in view.
        let start = starts.get(self.selected).map_or(0, |s| s.saturating_sub(1));
        let end = starts
            .get(self.selected + 1)
            .map_or(lines.len(), |s| s.saturating_sub(1));
        let scroll = if end <= h {
            0
        } else {
            start.min(lines.len().saturating_sub(h))
        };
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), body);
    }
}
