//! The chair's ranking of one direction: rank, id, name, panel score and flags, the
//! recommended ones marked; `[` and `]` (or `f`) change the direction.

use crate::i18n::Lang;
use crate::merge::{ApplicationResult, Flag};
use crate::tui::chair::{pane_block, pane_title, ChairState};
use crate::tui::panes::project_list::visible_offset;
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, fit, truncate};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// One ASCII letter per flag, in a fixed order, so a column of flags lines up.
pub fn flag_letters(a: &ApplicationResult) -> String {
    const ORDER: [(Flag, char); 7] = [
        (Flag::Divergence, 'D'),
        (Flag::Incomplete, 'I'),
        (Flag::ConflictsDropped, 'C'),
        (Flag::OverridesUsed, 'O'),
        (Flag::PartialTotals, 'P'),
        (Flag::ChangedWithoutReason, 'R'),
        (Flag::NotAssignedDropped, 'N'),
    ];
    ORDER
        .iter()
        .filter(|(f, _)| a.flags.contains(f))
        .map(|(_, c)| *c)
        .collect()
}

/// `3*` for a recommended third, `-` for an unranked one.
pub fn rank_label(a: &ApplicationResult) -> String {
    match a.rank {
        Some(r) if a.recommended => format!("{r}*"),
        Some(r) => r.to_string(),
        None => "-".into(),
    }
}

pub fn panel_score(a: &ApplicationResult) -> String {
    a.figures
        .as_ref()
        .map_or_else(|| "--".to_string(), |f| f.panel_score.to_string())
}

pub fn render(
    f: &mut Frame,
    area: Rect,
    st: &ChairState,
    focused: bool,
    lang: Lang,
    theme: &Theme,
) {
    let title = match st.current() {
        Some(d) => format!(
            " {} {} {} ({}/{}) [ ] ",
            pane_title(crate::tui::action::ChairPaneId::Ranking, lang),
            d.code,
            lang.pick(&d.name_zh, &d.name_en),
            st.direction + 1,
            st.directions.len()
        ),
        None => format!(" {} ", t(lang, s::CH_RANKING)),
    };
    let title = truncate(&title, area.width.saturating_sub(2) as usize).into_owned();
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let rows = st.rows();
    if rows.is_empty() {
        f.render_widget(
            Paragraph::new(Line::styled(t(lang, s::CH_NO_DIRECTION), theme.dim())),
            inner,
        );
        return;
    }
    let w = inner.width as usize;
    let rank_w = 4;
    let id_w = rows
        .iter()
        .map(|a| crate::tui::text::width(&a.application))
        .max()
        .unwrap_or(4)
        .clamp(2, w / 4);
    let score_w = 7;
    let flags_w = 5;
    let name_w = w.saturating_sub(rank_w + id_w + score_w + flags_w + 4);
    let mut lines = vec![Line::styled(
        format!(
            "{} {} {} {} {}",
            fit(t(lang, s::CH_COL_RANK), rank_w),
            fit(t(lang, s::COL_ID), id_w),
            fit(t(lang, s::COL_NAME), name_w),
            fit(t(lang, s::CH_COL_SCORE), score_w),
            fit(t(lang, s::CH_COL_FLAGS), flags_w),
        ),
        theme.heading(),
    )];
    // The legend takes the last lines when there is room for a few rows above it.
    let items: Vec<&str> = s::CH_LEGEND.iter().map(|x| t(lang, *x)).collect();
    let legend = crate::tui::text::pack(&items, w);
    let legend = if inner.height as usize >= 7 + legend.len() {
        legend
    } else {
        vec![]
    };
    let list_h = (inner.height as usize)
        .saturating_sub(1 + legend.len())
        .max(1);
    let off = visible_offset(st.selected, st.offset, list_h, rows.len());
    for (i, a) in rows.iter().enumerate().skip(off).take(list_h) {
        let flags = flag_letters(a);
        let flag_style = if flags.contains('D') || flags.contains('R') {
            theme.warning()
        } else if flags.contains('C') {
            theme.conflict()
        } else {
            theme.dim()
        };
        let score = panel_score(a);
        let mut spans = vec![
            Span::styled(fit(&rank_label(a), rank_w), theme.text()),
            Span::raw(" "),
            Span::raw(fit(&a.application, id_w)),
            Span::raw(" "),
            Span::raw(fit(&display_filter(&a.name), name_w)),
            Span::raw(" "),
            Span::styled(
                format!("{score:>score_w$}"),
                if a.recommended {
                    theme.scored()
                } else {
                    theme.text()
                },
            ),
            Span::raw(" "),
            Span::styled(fit(&flags, flags_w), flag_style),
        ];
        if i == st.selected {
            let sel = if focused {
                theme.selected()
            } else {
                theme.selected_unfocused()
            };
            for sp in &mut spans {
                sp.style = sp.style.patch(sel);
            }
        }
        lines.push(Line::from(spans));
    }
    if !legend.is_empty() {
        while lines.len() < inner.height as usize - legend.len() {
            lines.push(Line::default());
        }
        lines.extend(legend.into_iter().map(|l| Line::styled(l, theme.dim())));
    }
    f.render_widget(Paragraph::new(lines), inner);
}
