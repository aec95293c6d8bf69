//! Where each pane goes: four panes side by side from 100 columns, one pane at a time
//! behind a tab bar below that, and one "too small" line below the minimum.

use super::action::PaneId;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the interface shows only the "terminal too small" line.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// Below this width the panes collapse to tabs.
pub const NARROW_BELOW: u16 = 100;

/// Which panes a view has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// List, detail, rubric, conflicts.
    Expert,
    /// List, detail, findings (drawn in the rubric's place).
    Triage,
    /// One pane.
    Single,
}

impl Shape {
    pub fn panes(self) -> &'static [PaneId] {
        match self {
            Shape::Expert => &PaneId::ALL,
            Shape::Triage => &[PaneId::List, PaneId::Detail, PaneId::Rubric],
            Shape::Single => &[PaneId::List],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tabs: Option<Rect>,
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    pub rubric: Option<Rect>,
    pub conflicts: Option<Rect>,
    /// The whole body, for one-pane screens (commitment, chair).
    pub body: Rect,
    pub bar: Rect,
    pub line: Rect,
}

impl Areas {
    pub fn pane(&self, p: PaneId) -> Option<Rect> {
        match p {
            PaneId::List => self.list,
            PaneId::Detail => self.detail,
            PaneId::Rubric => self.rubric,
            PaneId::Conflicts => self.conflicts,
        }
    }
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn is_narrow(area: Rect) -> bool {
    area.width < NARROW_BELOW
}

/// The areas of every pane for a terminal of `area`, with `focus` shown when narrow.
pub fn areas(area: Rect, shape: Shape, focus: PaneId) -> Areas {
    let [body, bar, line] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut a = Areas {
        body,
        bar,
        line,
        ..Areas::default()
    };
    if shape == Shape::Single {
        a.list = Some(body);
        return a;
    }
    if is_narrow(area) {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        a.tabs = Some(tabs);
        match focus {
            PaneId::List => a.list = Some(pane),
            PaneId::Detail => a.detail = Some(pane),
            PaneId::Rubric => a.rubric = Some(pane),
            PaneId::Conflicts => a.conflicts = Some(pane),
        }
        return a;
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(36), Constraint::Percentage(64)]).areas(body);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    a.list = Some(left);
    a.detail = Some(top);
    match shape {
        Shape::Expert => {
            let [rubric, conflicts] =
                Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                    .areas(bottom);
            a.rubric = Some(rubric);
            a.conflicts = Some(conflicts);
        }
        _ => a.rubric = Some(bottom),
    }
    a
}
