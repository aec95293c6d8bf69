//! The project list: the applications in view (filtered, sorted, searched), their status,
//! and the selection. Only the rows on screen are formatted, so a list of ten thousand
//! draws as fast as a list of ten.

use crate::i18n::Lang;
use crate::model::Campaign;
use crate::review::Progress;
use crate::tui::session::{RowStatus, Session};
use crate::tui::sources::{verdict_name, ApplicationSearch};
use crate::tui::strings::{self as s, t};
use crate::tui::text::{display_filter, fit, width};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    /// Not fully scored (or not triaged).
    Open,
    Direction(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Id,
    Direction,
    Status,
}

#[derive(Debug, Clone)]
pub struct ListPane {
    /// Rows of the session in display order.
    pub view: Vec<u32>,
    /// Index into `view`.
    pub selected: usize,
    /// First displayed index of `view`.
    pub offset: usize,
    pub filter: Filter,
    pub sort: Sort,
    pub query: String,
    /// Session rows matching the query, best first; `None` without a query.
    hits: Option<Vec<u32>>,
    /// Widest application id, for the id column.
    id_width: usize,
}

/// The first row to draw so that `selected` is on screen, keeping `offset` when it can.
pub fn visible_offset(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let mut off = offset.min(len.saturating_sub(height));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    off
}

pub fn status_text(st: RowStatus, lang: Lang) -> &'static str {
    match st {
        RowStatus::Progress(p) => t(
            lang,
            match p {
                Progress::Unscored => s::STATUS_UNSCORED,
                Progress::Partial => s::STATUS_PARTIAL,
                Progress::Scored => s::STATUS_SCORED,
                Progress::Conflict => s::STATUS_CONFLICT,
            },
        ),
        RowStatus::Triage(v) => verdict_name(v, lang),
        RowStatus::Checking => t(lang, s::STATUS_CHECKING),
    }
}

pub fn status_style(st: RowStatus, theme: &Theme) -> Style {
    use crate::model::TriageVerdict as V;
    match st {
        RowStatus::Progress(Progress::Unscored) | RowStatus::Triage(None) => theme.unscored(),
        RowStatus::Progress(Progress::Partial) | RowStatus::Triage(Some(V::Info)) => {
            theme.partial()
        }
        RowStatus::Progress(Progress::Scored) | RowStatus::Triage(Some(V::Pass)) => theme.scored(),
        RowStatus::Progress(Progress::Conflict) | RowStatus::Triage(Some(V::Fail)) => {
            theme.conflict()
        }
        RowStatus::Checking => theme.dim(),
    }
}

/// `2 云计算安全`: the direction's code and name.
pub fn direction_label(code: u8, lang: Lang) -> String {
    format!("{code} {}", Campaign::direction_name(code, lang.is_zh()))
}

impl ListPane {
    pub fn new(session: &Session) -> ListPane {
        let id_width = session
            .rows
            .iter()
            .filter_map(|&r| session.campaign.applications.get(r))
            .map(|a| width(&a.id))
            .max()
            .unwrap_or(4);
        let mut p = ListPane {
            view: vec![],
            selected: 0,
            offset: 0,
            filter: Filter::All,
            sort: Sort::Id,
            query: String::new(),
            hits: None,
            id_width,
        };
        p.rebuild(session);
        p
    }

    /// The session row selected, if any.
    pub fn selected_row(&self) -> Option<usize> {
        self.view.get(self.selected).map(|&r| r as usize)
    }

    fn passes(&self, session: &Session, row: usize) -> bool {
        match self.filter {
            Filter::All => true,
            Filter::Open => session.status[row].is_open(),
            Filter::Direction(d) => session.app(row).is_some_and(|a| a.direction() == d),
        }
    }

    /// Recomputes the view after a filter, sort, search or status change, keeping the
    /// selected application selected when it is still in view.
    pub fn rebuild(&mut self, session: &Session) {
        let keep = self.selected_row();
        let mut view: Vec<u32> = match &self.hits {
            Some(h) => h
                .iter()
                .copied()
                .filter(|&r| self.passes(session, r as usize))
                .collect(),
            None => (0..session.rows.len() as u32)
                .filter(|&r| self.passes(session, r as usize))
                .collect(),
        };
        // A search ranks by relevance; otherwise the chosen sort (rows are in id order).
        if self.hits.is_none() {
            match self.sort {
                Sort::Id => {}
                Sort::Direction => view
                    .sort_by_key(|&r| session.app(r as usize).map(|a| a.direction()).unwrap_or(0)),
                Sort::Status => view.sort_by_key(|&r| session.status[r as usize].rank()),
            }
        }
        self.view = view;
        self.selected = keep
            .and_then(|k| self.view.iter().position(|&r| r as usize == k))
            .unwrap_or(0);
    }

    /// Follows the session's rows after some left the list (`moved[old]` is the row's new
    /// index, `None` when it left): the search hits and the selection stay on the same
    /// applications; a selection that left moves to the row after it.
    pub fn remap(&mut self, session: &Session, moved: &[Option<usize>]) {
        let follow = |r: usize| moved.get(r).copied().flatten();
        let keep = self.selected_row().and_then(|old| {
            moved
                .get(old..)
                .and_then(|after| after.iter().find_map(|m| *m))
                .or_else(|| {
                    moved
                        .get(..old)
                        .and_then(|b| b.iter().rev().find_map(|m| *m))
                })
        });
        if let Some(h) = self.hits.as_mut() {
            *h = h
                .iter()
                .filter_map(|&r| follow(r as usize))
                .map(|r| r as u32)
                .collect();
        }
        self.rebuild(session);
        self.selected = keep
            .and_then(|k| self.view.iter().position(|&r| r as usize == k))
            .unwrap_or(0);
    }

    pub fn set_query(&mut self, session: &Session, search: &mut dyn ApplicationSearch, q: &str) {
        self.query = q.to_string();
        self.hits = if q.trim().is_empty() {
            None
        } else {
            let hits = search
                .search(q)
                .into_iter()
                .filter_map(|i| session.rows.binary_search(&i).ok())
                .map(|r| r as u32)
                .collect();
            Some(hits)
        };
        let keep_first = self.hits.is_some();
        self.rebuild(session);
        if keep_first {
            self.selected = 0;
        }
    }

    pub fn cycle_filter(&mut self, session: &Session) {
        let mut dirs: Vec<u8> = session
            .rows
            .iter()
            .filter_map(|&i| session.campaign.applications.get(i))
            .map(|a| a.direction())
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        self.filter = match self.filter {
            Filter::All => Filter::Open,
            Filter::Open => dirs.first().map_or(Filter::All, |&d| Filter::Direction(d)),
            Filter::Direction(d) => dirs
                .iter()
                .find(|&&x| x > d)
                .map_or(Filter::All, |&x| Filter::Direction(x)),
        };
        self.rebuild(session);
    }

    pub fn cycle_sort(&mut self, session: &Session) {
        self.sort = match self.sort {
            Sort::Id => Sort::Direction,
            Sort::Direction => Sort::Status,
            Sort::Status => Sort::Id,
        };
        self.rebuild(session);
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self) {
        self.selected = self.view.len().saturating_sub(1);
    }

    /// Selects the next (or previous) open application in view, wrapping; false if none.
    pub fn next_open(&mut self, session: &Session, forward: bool) -> bool {
        let n = self.view.len();
        for step in 1..=n {
            let i = if forward {
                (self.selected + step) % n
            } else {
                (self.selected + n - step % n) % n
            };
            if session.status[self.view[i] as usize].is_open() {
                self.selected = i;
                return true;
            }
        }
        false
    }

    fn title(&self, session: &Session, lang: Lang) -> String {
        let name = match session.role {
            crate::tui::session::Role::Triage => t(lang, s::TRIAGE_LIST),
            _ => t(lang, s::APP_LIST),
        };
        let filter = match self.filter {
            Filter::All => t(lang, s::FILTER_ALL).to_string(),
            Filter::Open => t(lang, s::FILTER_TODO).to_string(),
            Filter::Direction(d) => direction_label(d, lang),
        };
        // A search ranks by relevance whatever the chosen sort: say so.
        let sort = t(
            lang,
            match (self.hits.is_some(), self.sort) {
                (true, _) => s::SORT_RELEVANCE,
                (false, Sort::Id) => s::SORT_ID,
                (false, Sort::Direction) => s::SORT_DIRECTION,
                (false, Sort::Status) => s::SORT_STATUS,
            },
        );
        let mut out = format!(
            " {name} {}/{} [{}:{filter}] [{}:{sort}]",
            self.view.len(),
            session.rows.len(),
            t(lang, s::FILTER),
            t(lang, s::SORT)
        );
        if !self.query.is_empty() {
            out.push_str(&format!(" /{}", display_filter(&self.query)));
        }
        out.push(' ');
        out
    }

    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        session: &Session,
        focused: bool,
        lang: Lang,
        theme: &Theme,
    ) {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(if focused {
                theme.border_focused()
            } else {
                theme.border()
            })
            .title_top(Line::styled(
                crate::tui::text::truncate(
                    &self.title(session, lang),
                    area.width.saturating_sub(2) as usize,
                )
                .into_owned(),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let w = inner.width as usize;
        let status_w = if lang.is_zh() { 6 } else { 10 };
        let id_w = self.id_width.min(w / 4).max(2);
        let dir_w = (w / 5).clamp(4, 18);
        let name_w = w.saturating_sub(id_w + status_w + dir_w + 3);
        let header = Line::styled(
            format!(
                "{} {} {} {}",
                fit(t(lang, s::COL_ID), id_w),
                fit(t(lang, s::COL_NAME), name_w),
                fit(t(lang, s::COL_DIRECTION), dir_w),
                fit(t(lang, s::COL_STATUS), status_w)
            ),
            theme.heading(),
        );
        let rows_h = inner.height.saturating_sub(1) as usize;
        let mut lines = Vec::with_capacity(rows_h + 1);
        lines.push(header);
        if self.view.is_empty() {
            lines.push(Line::styled(t(lang, s::NO_MATCH), theme.dim()));
        }
        let off = visible_offset(self.selected, self.offset, rows_h, self.view.len());
        for (i, &row) in self.view.iter().enumerate().skip(off).take(rows_h) {
            let Some(app) = session.app(row as usize) else {
                continue;
            };
            let st = session.status[row as usize];
            // In the triage view, an application the rules put out of review stands out
            // before anyone has triaged it.
            let out_of_review =
                matches!(st, RowStatus::Triage(None)) && !session.eligibility.is_reviewed(&app.id);
            let name = display_filter(&app.name);
            let dir = display_filter(Campaign::direction_name(app.direction(), lang.is_zh()));
            let mut spans = vec![
                Span::raw(fit(&app.id, id_w)),
                Span::raw(" "),
                Span::raw(fit(&name, name_w)),
                Span::raw(" "),
                Span::raw(fit(&format!("{} {dir}", app.direction()), dir_w)),
                Span::raw(" "),
                Span::styled(
                    fit(status_text(st, lang), status_w),
                    if out_of_review {
                        theme.conflict()
                    } else {
                        status_style(st, theme)
                    },
                ),
            ];
            let mut line = Line::default();
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
            line.spans = spans;
            lines.push(line);
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}
