//! Scores the merge did not count: conflicts first (from the rules or declared in the
//! expert's own sheet), then the rest, and the overrides whose scores did count.

use crate::i18n::Lang;
use crate::merge::{DropKind, DroppedScores};
use crate::tui::action::ChairPaneId;
use crate::tui::chair::{pane_block, pane_title, render_lines, ChairState};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

fn kind_text(k: DropKind, lang: Lang) -> &'static str {
    let (zh, en) = match k {
        DropKind::Conflict => ("回避", "conflict"),
        DropKind::FailedApplication => ("未通过形式审查", "failed formal review"),
        DropKind::NotAssigned => ("非本组项目", "not assigned"),
        DropKind::RoundNotOpen => ("轮次未开启", "round not open"),
        DropKind::UnknownApplication => ("项目不存在", "unknown application"),
        DropKind::UnknownCriterion => ("评分项不存在", "unknown criterion"),
    };
    lang.pick(zh, en)
}

fn line_of(d: &DroppedScores, st: &ChairState, lang: Lang) -> String {
    let mut text = format!(
        "{} {} {} {}: {} {}",
        d.expert,
        st.name_of(&d.expert),
        d.application,
        kind_text(d.kind, lang),
        d.scores,
        t(lang, s::CH_SCORES)
    );
    if !d.rules.is_empty() {
        text.push_str(&format!(" [{}]", d.rules.join(", ")));
    }
    if !d.criteria.is_empty() {
        text.push_str(&format!(" ({})", d.criteria.join(", ")));
    }
    text
}

pub fn lines(st: &ChairState, w: usize, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let m = &st.merged;
    let mut out = Vec::new();
    if m.dropped.is_empty() && m.overrides.is_empty() {
        out.push(Line::styled(t(lang, s::CH_DROPPED_EMPTY), theme.dim()));
        return out;
    }
    let conflicts = m.dropped.iter().filter(|d| d.kind == DropKind::Conflict);
    let others = m.dropped.iter().filter(|d| d.kind != DropKind::Conflict);
    for d in conflicts {
        for l in wrap(&display_filter(&line_of(d, st, lang)), w) {
            out.push(Line::styled(l, theme.conflict()));
        }
    }
    for d in others {
        for l in wrap(&display_filter(&line_of(d, st, lang)), w) {
            out.push(Line::styled(l, theme.warning()));
        }
    }
    for o in &m.overrides {
        let text = format!(
            "{} {} {} {}: {}",
            t(lang, s::CH_OVERRIDE),
            o.expert,
            st.name_of(&o.expert),
            o.application,
            o.reason
        );
        for l in wrap(&display_filter(&text), w) {
            out.push(Line::styled(l, theme.info()));
        }
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
    let title = format!(
        " {} {} ",
        pane_title(ChairPaneId::Dropped, lang),
        st.merged.dropped.len()
    );
    let block = pane_block(title, focused, theme);
    let w = block.inner(area).width as usize;
    render_lines(f, area, block, lines(st, w, lang, theme), scroll);
}
