//! Fragility: each ranked application's best and worst rank when any one expert is left
//! out, and whose absence gives each; a wide range means the rank rests on one expert.

use crate::i18n::Lang;
use crate::tui::action::ChairPaneId;
use crate::tui::chair::{pane_block, pane_title, render_lines, ChairState};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{fit, truncate};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

pub fn lines(st: &ChairState, w: usize, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let Some(d) = st.current() else {
        out.push(Line::styled(t(lang, s::CH_NO_DIRECTION), theme.dim()));
        return out;
    };
    let id_w = d
        .ranking
        .iter()
        .map(|a| crate::tui::text::width(&a.application))
        .max()
        .unwrap_or(4);
    let col = [s::CH_COL_BEST, s::CH_COL_WORST]
        .iter()
        .map(|h| crate::tui::text::width(t(lang, *h)))
        .max()
        .unwrap_or(8)
        .max(8);
    out.push(Line::styled(
        truncate(
            &format!(
                "{} {} {} {} {}",
                fit(t(lang, s::CH_COL_RANK), 4),
                fit(t(lang, s::COL_ID), id_w),
                fit(t(lang, s::CH_COL_RANGE), 8),
                fit(t(lang, s::CH_COL_BEST), col),
                fit(t(lang, s::CH_COL_WORST), col),
            ),
            w,
        )
        .into_owned(),
        theme.heading(),
    ));
    for a in &d.ranking {
        let Some(fr) = &a.fragility else { continue };
        let range = if fr.min == fr.max {
            fr.min.to_string()
        } else {
            format!("{}-{}", fr.min, fr.max)
        };
        let mut text = format!(
            "{} {} {} {} {}",
            fit(&a.rank.map_or_else(|| "-".into(), |r| r.to_string()), 4),
            fit(&a.application, id_w),
            fit(&range, 8),
            fit(fr.best_without.as_deref().unwrap_or("-"), col),
            fit(fr.worst_without.as_deref().unwrap_or("-"), col),
        );
        if !fr.unranked_without.is_empty() {
            text.push_str(&format!(
                " {} {}",
                t(lang, s::CH_UNRANKED_WITHOUT),
                fr.unranked_without.join(", ")
            ));
        }
        let style = if fr.max > fr.min {
            theme.warning()
        } else {
            theme.text()
        };
        out.push(Line::styled(truncate(&text, w).into_owned(), style));
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
    let title = format!(" {} ", pane_title(ChairPaneId::Fragility, lang));
    let block = pane_block(title, focused, theme);
    let w = block.inner(area).width as usize;
    render_lines(f, area, block, lines(st, w, lang, theme), scroll);
}
