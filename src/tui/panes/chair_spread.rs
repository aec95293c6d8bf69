//! The selected application's spread: one ASCII bar per expert for their total (out of the
//! rubric's maximum), with the total and its percentile within that expert's own sheet,
//! under the panel figures.

use crate::i18n::Lang;
use crate::merge::{ApplicationResult, Decimal};
use crate::tui::action::ChairPaneId;
use crate::tui::chair::{pane_block, pane_title, render_lines, ChairState};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{bar, display_filter, fit, truncate, width, wrap};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// The percentile the expert's own sheet gives this application, if it gave a total.
fn percentile(st: &ChairState, expert: &str, app: &ApplicationResult, code: u8) -> Option<Decimal> {
    st.merged
        .calibration
        .iter()
        .find(|c| c.expert == expert)?
        .directions
        .iter()
        .find(|d| d.code == code)?
        .entries
        .iter()
        .find(|e| e.application == app.application)
        .map(|e| e.percentile)
}

/// Every line of the pane for the selected application at `w` cells.
pub fn lines(st: &ChairState, w: usize, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let (Some(d), Some(a)) = (st.current(), st.selected_app()) else {
        out.push(Line::styled(t(lang, s::CH_NO_DIRECTION), theme.dim()));
        return out;
    };
    for l in wrap(&display_filter(&format!("{} {}", a.application, a.name)), w) {
        out.push(Line::styled(l, theme.title()));
    }
    let divergent = a.flags.contains(&crate::merge::Flag::Divergence);
    match &a.figures {
        Some(fg) => {
            let mut text = format!(
                "{} {}{}  {} {}  {} {}  {} {}",
                t(lang, s::CH_COL_SCORE),
                fg.panel_score,
                if fg.trimmed {
                    format!(" ({})", t(lang, s::CH_TRIMMED))
                } else {
                    String::new()
                },
                t(lang, s::CH_MEAN),
                fg.mean,
                t(lang, s::CH_MEDIAN),
                fg.median,
                t(lang, s::CH_RANGE),
                fg.spread
            );
            if divergent {
                text.push_str(&format!("  [{}]", t(lang, s::CH_DIVERGENT)));
            }
            let style = if divergent {
                theme.warning()
            } else {
                theme.text()
            };
            for l in wrap(&text, w) {
                out.push(Line::styled(l, style));
            }
        }
        None => out.push(Line::styled(t(lang, s::CH_NO_TOTAL), theme.dim())),
    }
    let max: i64 = d.criteria.iter().map(|c| c.max.0).sum();
    let id_w = a
        .experts
        .iter()
        .map(|e| crate::tui::text::width(&e.expert))
        .max()
        .unwrap_or(5);
    let name_w = 6;
    // `id name |bar| total pct override`: everything but the bar, measured.
    let overrides = a.experts.iter().any(|e| e.override_reason.is_some());
    let fixed = id_w
        + 1
        + name_w
        + 1
        + 3
        + 6
        + 7
        + if overrides {
            1 + width(t(lang, s::CH_OVERRIDE))
        } else {
            0
        };
    let bar_w = w.saturating_sub(fixed).clamp(4, 40);
    let bar_style = if divergent {
        theme.bar_divergent()
    } else {
        theme.bar()
    };
    // Column heads: the total, and its percentile within the expert's own sheet.
    let right = |h: &str| format!("{}{h}", " ".repeat(6usize.saturating_sub(width(h))));
    let heads = format!(
        "{}{} {}",
        " ".repeat(id_w + 1 + name_w + 1 + 3 + bar_w),
        right(t(lang, s::CH_TOTAL_COL)),
        right(t(lang, s::CH_PCT))
    );
    if !a.experts.is_empty() && width(&heads) <= w {
        out.push(Line::styled(heads, theme.dim()));
    }
    for e in &a.experts {
        let head = format!(
            "{} {} ",
            fit(&e.expert, id_w),
            fit(&display_filter(st.name_of(&e.expert)), name_w)
        );
        let mut spans = vec![Span::raw(head)];
        match e.total {
            Some(total) => {
                spans.push(Span::raw("|"));
                spans.push(Span::styled(bar(total.0, max, bar_w), bar_style));
                spans.push(Span::raw("| "));
                spans.push(Span::styled(
                    format!("{:>6}", total.to_string()),
                    theme.text(),
                ));
                if let Some(p) = percentile(st, &e.expert, a, d.code) {
                    spans.push(Span::styled(format!(" {:>6}", p.to_string()), theme.dim()));
                }
                if e.override_reason.is_some() {
                    spans.push(Span::styled(
                        format!(" {}", t(lang, s::CH_OVERRIDE)),
                        theme.warning(),
                    ));
                }
            }
            None => spans.push(Span::styled(
                format!("{} {}", t(lang, s::CH_PARTIAL), e.missing.join(", ")),
                theme.partial(),
            )),
        }
        let line = Line::from(spans);
        // A narrow pane cuts the line rather than wrapping a bar.
        if line.width() > w {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            out.push(Line::raw(truncate(&text, w).into_owned()));
        } else {
            out.push(line);
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
    let title = format!(" {} ", pane_title(ChairPaneId::Spread, lang));
    let block = pane_block(title, focused, theme);
    let w = block.inner(area).width as usize;
    render_lines(f, area, block, lines(st, w, lang, theme), scroll);
}
