//! What the interface can be asked to do. The key map and the text inputs produce these;
//! `App::update` is the only place that acts on them.

use super::worker::Reply;
use crate::model::TriageVerdict;

/// The four panes of the expert's view (the triage view reuses the first three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    List,
    Detail,
    Rubric,
    Conflicts,
}

impl PaneId {
    pub const ALL: [PaneId; 4] = [
        PaneId::List,
        PaneId::Detail,
        PaneId::Rubric,
        PaneId::Conflicts,
    ];
}

/// The panes of the chair's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChairPaneId {
    Ranking,
    Spread,
    Queue,
    Dropped,
    Calibration,
    Fragility,
}

impl ChairPaneId {
    pub const ALL: [ChairPaneId; 6] = [
        ChairPaneId::Ranking,
        ChairPaneId::Spread,
        ChairPaneId::Queue,
        ChairPaneId::Dropped,
        ChairPaneId::Calibration,
        ChairPaneId::Fragility,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    Focus(PaneId),
    ChairFocus(ChairPaneId),
    NextDirection,
    PrevDirection,
    /// Open the selected application (focus its detail).
    Open,
    NextUnscored,
    PrevUnscored,
    CycleFilter,
    CycleSort,
    StartSearch,
    ClearSearch,
    /// Open the score input, seeded with the digit that opened it.
    BeginScore(Option<char>),
    /// A digit outside the scoring pane: say where scores are typed.
    ScoreHint,
    /// Raise (+1) or lower (-1) the selected criterion's score by one step.
    StepScore(i8),
    EditComment,
    BeginDeclare,
    Export,
    Acknowledge,
    BeginTriage(TriageVerdict),
    NextUntriaged,
    /// The search text changed (live filtering as one types).
    SearchChanged(String),
    /// An input line was committed with this text.
    Submit(String),
    /// An input line was cancelled.
    Cancel,
    Resize(u16, u16),
    /// A worker finished a job.
    Done(Reply),
}

impl Action {
    /// The action a key-map `run` name stands for; `key_char` is the pressed character,
    /// which a score entry starts with.
    pub fn from_name(name: &str, key_char: Option<char>) -> Option<Action> {
        Some(match name {
            "quit" => Action::Quit,
            "help" => Action::ToggleHelp,
            "move_down" => Action::MoveDown,
            "move_up" => Action::MoveUp,
            "page_down" => Action::PageDown,
            "page_up" => Action::PageUp,
            "top" => Action::Top,
            "bottom" => Action::Bottom,
            "focus_next" => Action::FocusNext,
            "focus_prev" => Action::FocusPrev,
            "focus_list" => Action::Focus(PaneId::List),
            "focus_detail" => Action::Focus(PaneId::Detail),
            "focus_rubric" => Action::Focus(PaneId::Rubric),
            "focus_conflicts" => Action::Focus(PaneId::Conflicts),
            "focus_ranking" => Action::ChairFocus(ChairPaneId::Ranking),
            "focus_spread" => Action::ChairFocus(ChairPaneId::Spread),
            "focus_queue" => Action::ChairFocus(ChairPaneId::Queue),
            "focus_dropped" => Action::ChairFocus(ChairPaneId::Dropped),
            "focus_calibration" => Action::ChairFocus(ChairPaneId::Calibration),
            "focus_fragility" => Action::ChairFocus(ChairPaneId::Fragility),
            "next_direction" => Action::NextDirection,
            "prev_direction" => Action::PrevDirection,
            "open" => Action::Open,
            "next_unscored" => Action::NextUnscored,
            "prev_unscored" => Action::PrevUnscored,
            "filter" => Action::CycleFilter,
            "sort" => Action::CycleSort,
            "search" => Action::StartSearch,
            "clear_search" => Action::ClearSearch,
            "score" => Action::BeginScore(
                key_char.filter(|&c| super::input::score_char(c).is_some_and(|d| d != '.')),
            ),
            "score_hint" => Action::ScoreHint,
            "score_up" => Action::StepScore(1),
            "score_down" => Action::StepScore(-1),
            "comment" => Action::EditComment,
            "declare" => Action::BeginDeclare,
            "export" => Action::Export,
            "acknowledge" => Action::Acknowledge,
            "triage_pass" => Action::BeginTriage(TriageVerdict::Pass),
            "triage_fail" => Action::BeginTriage(TriageVerdict::Fail),
            "triage_info" => Action::BeginTriage(TriageVerdict::Info),
            "next_untriaged" => Action::NextUntriaged,
            _ => return None,
        })
    }
}
