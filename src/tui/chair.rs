//! The chair's view over a merge: which direction and application are selected, which pane
//! has focus, how far each pane is scrolled, and where each pane goes on screen. The panes
//! themselves are `panes/chair_*.rs`; they only read this state.

use super::action::ChairPaneId;
use super::layout::{self, is_narrow};
use super::panes::project_list::visible_offset;
use super::panes::{chair_calibration, chair_dropped, chair_fragility, chair_queue};
use super::panes::{chair_ranking, chair_spread, render_tabs};
use super::strings::{self as s, t};
use super::theme::Theme;
use crate::i18n::Lang;
use crate::merge::{ApplicationResult, DirectionResult, MergeOutput};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;
use std::collections::HashMap;

/// Where each chair pane goes; `None` for a pane hidden behind a tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChairAreas {
    pub tabs: Option<Rect>,
    pub panes: [Option<Rect>; 6],
}

impl ChairAreas {
    pub fn get(&self, p: ChairPaneId) -> Option<Rect> {
        self.panes[index(p)]
    }
}

fn index(p: ChairPaneId) -> usize {
    ChairPaneId::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

/// The chair's panes within `body`: all six from 100 columns, else the focused one behind
/// a tab bar.
pub fn chair_areas(body: Rect, focus: ChairPaneId) -> ChairAreas {
    let mut a = ChairAreas::default();
    if is_narrow(body) {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        a.tabs = Some(tabs);
        a.panes[index(focus)] = Some(pane);
        return a;
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(54), Constraint::Percentage(46)]).areas(body);
    let [ranking, fragility] =
        Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(left);
    let [spread, calibration, queue, dropped] = Layout::vertical([
        Constraint::Percentage(36),
        Constraint::Percentage(26),
        Constraint::Percentage(20),
        Constraint::Percentage(18),
    ])
    .areas(right);
    a.panes = [
        Some(ranking),
        Some(spread),
        Some(queue),
        Some(dropped),
        Some(calibration),
        Some(fragility),
    ];
    a
}

/// The short label of a chair pane's tab (six must fit in 80 columns).
pub fn tab_label(p: ChairPaneId, lang: Lang) -> &'static str {
    t(
        lang,
        match p {
            ChairPaneId::Ranking => s::CH_RANKING,
            ChairPaneId::Spread => s::CH_TAB_SPREAD,
            ChairPaneId::Queue => s::CH_TAB_QUEUE,
            ChairPaneId::Dropped => s::CH_TAB_DROPPED,
            ChairPaneId::Calibration => s::CH_TAB_CALIBRATION,
            ChairPaneId::Fragility => s::CH_TAB_FRAGILITY,
        },
    )
}

/// A chair pane's frame: its title, and the focus colour when it has focus.
pub fn pane_block(title: String, focused: bool, theme: &Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title_top(Line::styled(title, theme.title()))
}

/// The title of a chair pane, for its frame and its tab.
pub fn pane_title(p: ChairPaneId, lang: Lang) -> &'static str {
    t(
        lang,
        match p {
            ChairPaneId::Ranking => s::CH_RANKING,
            ChairPaneId::Spread => s::CH_SPREAD,
            ChairPaneId::Queue => s::CH_QUEUE,
            ChairPaneId::Dropped => s::CH_DROPPED,
            ChairPaneId::Calibration => s::CH_CALIBRATION,
            ChairPaneId::Fragility => s::CH_FRAGILITY,
        },
    )
}

#[derive(Debug, Clone)]
pub struct ChairState {
    pub merged: MergeOutput,
    /// Directions with at least one reviewed application, as indices into
    /// `merged.directions`.
    pub directions: Vec<usize>,
    /// Index into `directions`.
    pub direction: usize,
    /// Row of the selected direction (ranked first, then unranked).
    pub selected: usize,
    pub offset: usize,
    /// Index into the divergence queue.
    pub queue_selected: usize,
    pub focus: ChairPaneId,
    /// Scroll of each pane that scrolls (ranking and queue follow their selection).
    pub scroll: [usize; 6],
    /// Expert id to name, from the winning sheets.
    pub names: HashMap<String, String>,
    /// The key that opens a queued application, as the key map has it (for the queue's
    /// title); empty when no key does.
    pub open_key: String,
}

impl ChairState {
    pub fn new(merged: MergeOutput) -> ChairState {
        let directions = merged
            .directions
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.ranking.is_empty() || !d.unranked.is_empty())
            .map(|(i, _)| i)
            .collect();
        let names = merged
            .sheets
            .iter()
            .map(|s| (s.expert.clone(), s.expert_name.clone()))
            .collect();
        ChairState {
            merged,
            directions,
            direction: 0,
            selected: 0,
            offset: 0,
            queue_selected: 0,
            focus: ChairPaneId::Ranking,
            scroll: [0; 6],
            names,
            open_key: "Enter".into(),
        }
    }

    /// The selected direction's result.
    pub fn current(&self) -> Option<&DirectionResult> {
        self.directions
            .get(self.direction)
            .and_then(|&i| self.merged.directions.get(i))
    }

    /// The selected direction's applications: ranked, then unranked.
    pub fn rows(&self) -> Vec<&ApplicationResult> {
        self.current()
            .map(|d| d.ranking.iter().chain(d.unranked.iter()).collect())
            .unwrap_or_default()
    }

    pub fn selected_app(&self) -> Option<&ApplicationResult> {
        let d = self.current()?;
        d.ranking
            .get(self.selected)
            .or_else(|| d.unranked.get(self.selected.checked_sub(d.ranking.len())?))
    }

    fn row_count(&self) -> usize {
        self.current()
            .map_or(0, |d| d.ranking.len() + d.unranked.len())
    }

    /// An expert's name from the sheets, else the id.
    pub fn name_of<'a>(&'a self, expert: &'a str) -> &'a str {
        self.names.get(expert).map_or(expert, String::as_str)
    }

    /// (ranked, to discuss, sheets) for the status bar.
    pub fn counts(&self) -> (usize, usize, usize) {
        let ranked = self.merged.directions.iter().map(|d| d.ranking.len()).sum();
        (
            ranked,
            self.merged.divergence_queue.len(),
            self.merged.sheets.len(),
        )
    }

    pub fn arrangement(&self) -> usize {
        index(self.focus)
    }

    /// Rows inside a pane at terminal size `w`x`h`.
    fn pane_rows(&self, p: ChairPaneId, w: u16, h: u16) -> usize {
        let a = layout::areas(
            Rect::new(0, 0, w, h),
            layout::Shape::Single,
            super::action::PaneId::List,
        );
        chair_areas(a.body, p)
            .get(p)
            .map_or(1, |r| r.height.saturating_sub(2) as usize)
            .max(1)
    }

    /// Rows of the ranking's list (its frame and header taken off).
    pub fn ranking_rows(&self, w: u16, h: u16) -> usize {
        self.pane_rows(ChairPaneId::Ranking, w, h)
            .saturating_sub(1)
            .max(1)
    }

    pub fn move_by(&mut self, delta: isize, w: u16, h: u16) {
        match self.focus {
            ChairPaneId::Ranking => {
                let last = self.row_count().saturating_sub(1);
                self.selected = self.selected.saturating_add_signed(delta).min(last);
                self.offset = visible_offset(
                    self.selected,
                    self.offset,
                    self.ranking_rows(w, h),
                    self.row_count(),
                );
                // A new application: its spread and calibration start at the top.
                self.scroll[index(ChairPaneId::Spread)] = 0;
            }
            ChairPaneId::Queue => {
                let last = self.merged.divergence_queue.len().saturating_sub(1);
                self.queue_selected = self.queue_selected.saturating_add_signed(delta).min(last);
            }
            p => {
                let i = index(p);
                // Clamped when drawn, so a pane never scrolls past its end for long.
                self.scroll[i] = self.scroll[i].saturating_add_signed(delta).min(10_000);
            }
        }
    }

    pub fn page(&mut self, sign: isize, w: u16, h: u16) {
        let rows = match self.focus {
            ChairPaneId::Ranking => self.ranking_rows(w, h),
            p => self.pane_rows(p, w, h),
        };
        self.move_by(sign * rows as isize, w, h);
    }

    pub fn cycle_focus(&mut self, forward: bool) {
        let n = ChairPaneId::ALL.len();
        let i = index(self.focus);
        self.focus = ChairPaneId::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    pub fn step_direction(&mut self, delta: isize) {
        let n = self.directions.len();
        if n == 0 {
            return;
        }
        self.direction = (self.direction as isize + delta).rem_euclid(n as isize) as usize;
        self.selected = 0;
        self.offset = 0;
        self.scroll = [0; 6];
    }

    /// From the queue, selects the queued application in the ranking and focuses it.
    pub fn open_queued(&mut self) {
        if self.focus != ChairPaneId::Queue {
            return;
        }
        let Some(e) = self.merged.divergence_queue.get(self.queue_selected) else {
            return;
        };
        let found = self.directions.iter().enumerate().find_map(|(di, &i)| {
            let d = &self.merged.directions[i];
            (d.code == e.direction).then(|| {
                let pos = d
                    .ranking
                    .iter()
                    .chain(d.unranked.iter())
                    .position(|a| a.application == e.application);
                (di, pos)
            })
        });
        if let Some((di, Some(pos))) = found {
            self.direction = di;
            self.selected = pos;
            self.offset = pos;
            self.scroll = [0; 6];
            self.focus = ChairPaneId::Ranking;
        }
    }

    /// Draws every chair pane that has room.
    pub fn render(&self, f: &mut Frame, body: Rect, lang: Lang, theme: &Theme) {
        let a = chair_areas(body, self.focus);
        if let Some(tabs) = a.tabs {
            let labels: Vec<(String, bool)> = ChairPaneId::ALL
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    (
                        format!("{} {}", i + 1, tab_label(*p, lang)),
                        *p == self.focus,
                    )
                })
                .collect();
            render_tabs(f, tabs, &labels, theme);
        }
        for p in ChairPaneId::ALL {
            let Some(r) = a.get(p) else { continue };
            let focused = p == self.focus;
            let scroll = self.scroll[index(p)];
            match p {
                ChairPaneId::Ranking => chair_ranking::render(f, r, self, focused, lang, theme),
                ChairPaneId::Spread => {
                    chair_spread::render(f, r, self, scroll, focused, lang, theme)
                }
                ChairPaneId::Queue => chair_queue::render(f, r, self, focused, lang, theme),
                ChairPaneId::Dropped => {
                    chair_dropped::render(f, r, self, scroll, focused, lang, theme)
                }
                ChairPaneId::Calibration => {
                    chair_calibration::render(f, r, self, scroll, focused, lang, theme)
                }
                ChairPaneId::Fragility => {
                    chair_fragility::render(f, r, self, scroll, focused, lang, theme)
                }
            }
        }
    }
}

/// Draws `lines` in the frame's inner area from `scroll` (clamped to the end).
pub fn render_lines(
    f: &mut Frame,
    area: Rect,
    block: Block<'static>,
    lines: Vec<Line<'static>>,
    scroll: usize,
) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    f.render_widget(ratatui::widgets::Paragraph::new(shown), inner);
}
