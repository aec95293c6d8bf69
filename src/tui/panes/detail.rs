//! The application detail: consortium members with credit codes and kinds, recommender and
//! priority, direction, industry, location, and every text section of the 申报书, wrapped
//! to the pane. An application under a blocking conflict shows no content, only why.

use crate::i18n::Lang;
use crate::model::{industry, Application, BuildStatus, Campaign, MemberRole};
use crate::rules::{Finding, Severity};
use crate::tui::session::Session;
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Default)]
pub struct DetailPane {
    pub scroll: usize,
}

/// Pushes `text` wrapped to `width`, each line in `style`, after `indent` spaces.
fn push_wrapped(
    out: &mut Vec<Line<'static>>,
    text: &str,
    width: usize,
    indent: usize,
    style: Style,
) {
    let room = width.saturating_sub(indent).max(2);
    for l in wrap(&display_filter(text), room) {
        out.push(Line::styled(format!("{}{l}", " ".repeat(indent)), style));
    }
}

/// Why a blocked application shows nothing: the findings that block it.
pub fn blocked_lines(
    findings: &[Finding],
    width: usize,
    lang: Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    push_wrapped(
        &mut out,
        t(lang, s::BLOCKED_TITLE),
        width,
        0,
        theme.conflict(),
    );
    out.push(Line::default());
    for f in findings.iter().filter(|f| f.severity == Severity::Blocking) {
        let text = format!("[{}] {}", f.rule, lang.pick(&f.zh, &f.en));
        push_wrapped(&mut out, &text, width, 2, theme.conflict());
    }
    out.push(Line::default());
    push_wrapped(
        &mut out,
        t(lang, s::BLOCKED_OVERRIDE),
        width,
        0,
        theme.dim(),
    );
    out
}

/// Every line of the detail of `app` at `width` cells.
pub fn content_lines(
    session: &Session,
    app: &Application,
    findings: &[Finding],
    width: usize,
    lang: Lang,
    theme: &Theme,
) -> Vec<Line<'static>> {
    if session.is_blocked(app) {
        return blocked_lines(findings, width, lang, theme);
    }
    if !session.checked {
        // A blocking conflict may yet hide this application: no content before it is known.
        let mut out = Vec::new();
        push_wrapped(
            &mut out,
            &format!("{}  {}", app.id, app.name),
            width,
            0,
            theme.title(),
        );
        out.push(Line::default());
        push_wrapped(&mut out, t(lang, s::DETAIL_CHECKING), width, 0, theme.dim());
        return out;
    }
    let c = &session.campaign;
    let zh = lang.is_zh();
    let mut out = Vec::new();
    push_wrapped(
        &mut out,
        &format!("{}  {}", app.id, app.name),
        width,
        0,
        theme.title(),
    );
    let field = |out: &mut Vec<Line<'static>>, label: s::Text, value: String| {
        let label = format!("{}: ", t(lang, label));
        let lw = crate::tui::text::width(&label);
        let lines = wrap(&display_filter(&value), width.saturating_sub(lw).max(2));
        for (i, l) in lines.into_iter().enumerate() {
            let head = if i == 0 {
                Span::styled(label.clone(), theme.heading())
            } else {
                Span::raw(" ".repeat(lw))
            };
            out.push(Line::from(vec![head, Span::raw(l)]));
        }
    };
    field(
        &mut out,
        s::DIRECTION,
        format!(
            "{} {}",
            app.direction(),
            app.directions
                .iter()
                .map(|d| Campaign::direction_name(*d, zh))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
    );
    let rec = c
        .recommender(&app.recommender)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| app.recommender.clone());
    field(
        &mut out,
        s::RECOMMENDER,
        format!(
            "{rec} ({} {}, {})",
            t(lang, s::PRIORITY),
            app.priority,
            app.recommended_on
        ),
    );
    let ind = industry(&app.industry)
        .map(|(_, z, e)| if zh { z } else { e }.to_string())
        .unwrap_or_else(|| app.industry.clone());
    field(&mut out, s::INDUSTRY, ind);
    field(&mut out, s::LOCATION, app.location.clone());
    let build = match app.build_status {
        BuildStatus::Operating => s::BUILD_OPERATING,
        BuildStatus::UnderConstruction => s::BUILD_UNDER,
        BuildStatus::Planned => s::BUILD_PLANNED,
    };
    field(&mut out, s::BUILD, t(lang, build).to_string());
    out.push(Line::default());
    out.push(Line::styled(
        t(lang, s::MEMBERS).to_string(),
        theme.heading(),
    ));
    for m in &app.members {
        let role = t(
            lang,
            match m.role {
                MemberRole::Lead => s::LEAD,
                MemberRole::Joint => s::JOINT,
            },
        );
        let text = match c.unit(&m.unit) {
            Some(u) => format!(
                "[{role}] {} ({}: {}; {})",
                u.name,
                t(lang, s::CREDIT_CODE),
                u.credit_code,
                if zh { u.kind.zh() } else { u.kind.en() }
            ),
            None => format!("[{role}] {} {}", m.unit, t(lang, s::UNKNOWN_UNIT)),
        };
        push_wrapped(&mut out, &text, width, 2, theme.text());
    }
    for (tz, te, body) in app.sections.titled() {
        out.push(Line::default());
        out.push(Line::styled(lang.pick(tz, te).to_string(), theme.heading()));
        if body.trim().is_empty() {
            out.push(Line::styled(
                t(lang, s::EMPTY_SECTION).to_string(),
                theme.dim(),
            ));
        } else {
            push_wrapped(&mut out, body, width, 0, theme.text());
        }
    }
    if !app.documents.is_empty() {
        out.push(Line::default());
        out.push(Line::styled(
            t(lang, s::DOCUMENTS).to_string(),
            theme.heading(),
        ));
        for d in &app.documents {
            let short = d.sm3.get(..12).unwrap_or(&d.sm3);
            push_wrapped(
                &mut out,
                &format!("{} ({}, SM3 {short})", d.title, d.file),
                width,
                2,
                theme.text(),
            );
        }
    }
    out
}

impl DetailPane {
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        session: &Session,
        app: Option<&Application>,
        findings: &[Finding],
        focused: bool,
        lang: Lang,
        theme: &Theme,
    ) {
        let title = match app {
            Some(a) => format!(" {} {} ", t(lang, s::DETAIL), a.id),
            None => format!(" {} ", t(lang, s::DETAIL)),
        };
        let blocked = app.is_some_and(|a| session.is_blocked(a));
        let border = if blocked {
            theme.conflict()
        } else if focused {
            theme.border_focused()
        } else {
            theme.border()
        };
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(border)
            .title_top(Line::styled(title, theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(app) = app else {
            f.render_widget(
                Paragraph::new(Line::styled(t(lang, s::NOTHING_SELECTED), theme.dim())),
                inner,
            );
            return;
        };
        let lines = content_lines(session, app, findings, inner.width as usize, lang, theme);
        let h = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(h));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}
