//! The interface's state and its one-way flow: an event becomes an action (through the key
//! map or a focused input), `update` changes the state and hands writes to the worker, and
//! `render` draws the state without changing it.

use super::action::{Action, PaneId};
use super::input::{Outcome, Purpose, TextInput};
use super::keymap::{Context, Keymap};
use super::layout::{self, Areas, Shape};
use super::panes::chair::ChairPane;
use super::panes::commitment::CommitmentPane;
use super::panes::conflicts::{self, ConflictsPane};
use super::panes::detail::{self, DetailPane};
use super::panes::help::{self, HelpPane};
use super::panes::project_list::ListPane;
use super::panes::rubric::{self, Pending, RubricPane};
use super::panes::status::{SaveMark, StatusPane};
use super::session::{Role, Session};
use super::sources::{self, ApplicationSearch};
use super::strings::{self as s, t};
use super::theme::Theme;
use super::worker::{Job, Reply, Worker};
use crate::i18n::Lang;
use crate::model::{Application, Points};
use crate::review::Review;
use crate::rules::Finding;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::sync::mpsc;

/// Everything the event loop feeds the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Worker(Reply),
}

/// Which view to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Expert(String),
    Triage,
    Chair,
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub session: Session,
    pub size: (u16, u16),
    pub focus: PaneId,
    pub list: ListPane,
    pub detail: DetailPane,
    pub rubric: RubricPane,
    pub conflicts: ConflictsPane,
    pub help: Option<HelpPane>,
    pub commitment: CommitmentPane,
    pub chair: ChairPane,
    pub status: StatusPane,
    pub input: Option<TextInput>,
    /// Scores sent to the store and not yet confirmed.
    pub pending: Vec<Pending>,
    /// Findings for the selected application.
    pub findings: Vec<Finding>,
    /// Jobs sent to the worker and not yet answered.
    pub jobs: usize,
    pub quit: bool,
    search: Box<dyn ApplicationSearch>,
    search_before: String,
    worker: Option<Worker>,
}

impl App {
    /// Builds the app over `review`; the worker takes the review and reports on `events`.
    pub fn new(
        review: Review,
        view: View,
        lang: Lang,
        theme: Theme,
        events: mpsc::Sender<Event>,
    ) -> Result<App, String> {
        let session = match &view {
            View::Expert(e) => Session::for_expert(&review, e).map_err(|e| e.to_string())?,
            View::Triage => Session::for_triage(&review),
            View::Chair => Session::for_chair(&review),
        };
        let search = sources::default_search(&session.campaign);
        let worker = Worker::spawn(review, move |r| {
            let _ = events.send(Event::Worker(r));
        });
        let mut app = App {
            lang,
            theme,
            keymap: Keymap::bundled(),
            list: ListPane::new(&session),
            session,
            size: (80, 24),
            focus: PaneId::List,
            detail: DetailPane::default(),
            rubric: RubricPane::default(),
            conflicts: ConflictsPane::default(),
            help: None,
            commitment: CommitmentPane::default(),
            chair: ChairPane,
            status: StatusPane::default(),
            input: None,
            pending: vec![],
            findings: vec![],
            jobs: 0,
            quit: false,
            search,
            search_before: String::new(),
            worker: Some(worker),
        };
        app.selection_changed();
        Ok(app)
    }

    /// Waits for every queued job and returns the review (for tests and a clean exit).
    pub fn finish(mut self) -> Option<Review> {
        self.worker.take().and_then(Worker::finish)
    }

    pub fn shape(&self) -> Shape {
        match self.session.role {
            Role::Expert { .. } => Shape::Expert,
            Role::Triage => Shape::Triage,
            Role::Chair => Shape::Single,
        }
    }

    pub fn areas(&self) -> Areas {
        let r = Rect::new(0, 0, self.size.0, self.size.1);
        layout::areas(r, self.shape(), self.focus)
    }

    fn on_commitment(&self) -> bool {
        matches!(self.session.role, Role::Expert { .. }) && !self.session.pledged
    }

    /// The key map's context for the next key.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        if self.on_commitment() {
            return Context::Commitment;
        }
        match self.session.role {
            Role::Triage => Context::Triage,
            Role::Chair => Context::Chair,
            Role::Expert { .. } => match self.focus {
                PaneId::List => Context::List,
                PaneId::Detail => Context::Detail,
                PaneId::Rubric => Context::Rubric,
                PaneId::Conflicts => Context::Conflicts,
            },
        }
    }

    pub fn selected_app(&self) -> Option<&Application> {
        self.list.selected_row().and_then(|r| self.session.app(r))
    }

    /// Turns an event into actions and applies them.
    pub fn handle_event(&mut self, ev: Event) {
        let action = match ev {
            Event::Key(k) => self.key_action(&k),
            Event::Paste(text) => self.input.as_mut().and_then(|i| {
                (i.insert_str(&text) == Outcome::Changed && i.purpose == Purpose::Search)
                    .then(|| Action::SearchChanged(i.text.clone()))
            }),
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Worker(r) => Some(Action::Done(r)),
        };
        let mut next = action;
        while let Some(a) = next {
            next = self.update(a);
        }
    }

    fn key_action(&mut self, k: &KeyEvent) -> Option<Action> {
        if k.kind != KeyEventKind::Press {
            return None;
        }
        if let Some(input) = self.input.as_mut() {
            if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
                return Some(Action::Quit);
            }
            return match input.handle_key(k) {
                Outcome::Idle => None,
                Outcome::Changed if input.purpose == Purpose::Search => {
                    Some(Action::SearchChanged(input.text.clone()))
                }
                Outcome::Changed => None,
                Outcome::Submit => Some(Action::Submit(input.text.clone())),
                Outcome::Cancel => Some(Action::Cancel),
            };
        }
        self.keymap.action(self.context(), k)
    }

    /// Rows of the list on screen (for scrolling and paging).
    fn list_rows(&self) -> usize {
        let a = self.areas();
        let h = a.list.or(a.detail).or(a.rubric).or(a.conflicts);
        h.map(|r| r.height.saturating_sub(3) as usize)
            .unwrap_or(1)
            .max(1)
    }

    fn pane_height(&self, p: PaneId) -> usize {
        let a = self.areas();
        a.pane(p)
            .or(a.list)
            .map(|r| r.height.saturating_sub(2) as usize)
            .unwrap_or(1)
            .max(1)
    }

    fn pane_width(&self, p: PaneId) -> usize {
        let a = self.areas();
        let r = match (self.shape(), a.pane(p)) {
            (_, Some(r)) => r,
            // A hidden tab gets the whole body when shown.
            _ => a.body,
        };
        r.width.saturating_sub(2) as usize
    }

    /// After the selection moves: reset scrolls, refresh the findings, keep it on screen.
    fn selection_changed(&mut self) {
        self.detail.scroll = 0;
        self.conflicts.scroll = 0;
        self.findings = match (self.selected_app(), &self.session.role) {
            (Some(app), Role::Expert { id, .. }) => sources::conflict_findings(
                &self.session.campaign,
                &self.session.eligibility,
                &self.session.declarations,
                id,
                app,
            ),
            (Some(app), Role::Triage) => sources::application_findings(
                &self.session.campaign,
                &self.session.eligibility,
                app,
            ),
            _ => vec![],
        };
        let rubric = self
            .selected_app()
            .and_then(|a| self.session.campaign.rubric_for_application(a))
            .cloned();
        self.rubric.clamp(rubric.as_ref());
        self.fix_offset();
    }

    fn fix_offset(&mut self) {
        self.list.offset = super::panes::project_list::visible_offset(
            self.list.selected,
            self.list.offset,
            self.list_rows(),
            self.list.view.len(),
        );
    }

    fn detail_len(&self) -> usize {
        let w = self.pane_width(PaneId::Detail);
        self.selected_app().map_or(0, |a| {
            detail::content_lines(&self.session, a, &self.findings, w, self.lang, &self.theme).len()
        })
    }

    fn scroll(&mut self, delta: isize) {
        if let Some(h) = self.help.as_mut() {
            h.scroll = h.scroll.saturating_add_signed(delta);
            return;
        }
        if self.on_commitment() {
            self.commitment.scroll = self.commitment.scroll.saturating_add_signed(delta);
            return;
        }
        match self.focus {
            PaneId::List => {
                self.list.move_by(delta);
                self.selection_changed();
            }
            PaneId::Detail => {
                let max = self
                    .detail_len()
                    .saturating_sub(self.pane_height(PaneId::Detail));
                self.detail.scroll = self.detail.scroll.saturating_add_signed(delta).min(max);
            }
            PaneId::Rubric if self.shape() == Shape::Triage => {
                self.conflicts.scroll = self.conflicts.scroll.saturating_add_signed(delta);
            }
            PaneId::Rubric => {
                let step = delta.signum();
                self.rubric.selected = self.rubric.selected.saturating_add_signed(step);
                let rubric = self
                    .selected_app()
                    .and_then(|a| self.session.campaign.rubric_for_application(a))
                    .cloned();
                self.rubric.clamp(rubric.as_ref());
            }
            PaneId::Conflicts => {
                self.conflicts.scroll = self.conflicts.scroll.saturating_add_signed(delta);
            }
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let panes = self.shape().panes();
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        self.focus = panes[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.fix_offset();
    }

    /// Applies one action; may return a follow-up action.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = match self.help {
                    Some(_) => None,
                    None => Some(HelpPane::default()),
                }
            }
            Action::MoveDown => self.scroll(1),
            Action::MoveUp => self.scroll(-1),
            Action::PageDown => {
                let p = self.page();
                self.scroll(p);
            }
            Action::PageUp => {
                let p = self.page();
                self.scroll(-p);
            }
            Action::Top => self.scroll(isize::MIN / 2),
            Action::Bottom => self.scroll(isize::MAX / 2),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Focus(p) => {
                if self.shape().panes().contains(&p) {
                    self.focus = p;
                    self.fix_offset();
                }
            }
            Action::Open => {
                if self.selected_app().is_some() {
                    self.focus = PaneId::Detail;
                }
            }
            Action::NextUnscored | Action::PrevUnscored | Action::NextUntriaged => {
                let forward = action != Action::PrevUnscored;
                if self.list.next_open(&self.session, forward) {
                    self.selection_changed();
                } else {
                    let m = match self.session.role {
                        Role::Triage => s::MSG_NONE_UNTRIAGED,
                        _ => s::MSG_NONE_UNSCORED,
                    };
                    self.status.info(t(self.lang, m));
                }
            }
            Action::CycleFilter => {
                self.list.cycle_filter(&self.session);
                self.selection_changed();
            }
            Action::CycleSort => {
                self.list.cycle_sort(&self.session);
                self.selection_changed();
            }
            Action::StartSearch => {
                self.search_before = self.list.query.clone();
                self.input = Some(TextInput::new(Purpose::Search, &self.list.query));
                self.focus = PaneId::List;
            }
            Action::SearchChanged(q) => {
                self.list.set_query(&self.session, self.search.as_ref(), &q);
                self.selection_changed();
            }
            Action::ClearSearch => {
                self.list.set_query(&self.session, self.search.as_ref(), "");
                self.selection_changed();
            }
            Action::BeginScore(first) => self.begin_score(first),
            Action::StepScore(d) => self.step_score(d),
            Action::EditComment => self.begin_comment(),
            Action::BeginDeclare => {
                if let Some(app) = self.selected_app() {
                    let purpose = Purpose::Declare {
                        app: app.id.clone(),
                    };
                    self.input = Some(TextInput::new(purpose, ""));
                }
            }
            Action::Export => {
                if let Some(e) = self.session.expert_id().map(str::to_string) {
                    self.status.exporting = true;
                    self.send(Job::Export { expert: e });
                }
            }
            Action::Acknowledge => {
                if let Some(e) = self.session.expert_id().map(str::to_string) {
                    self.status.save = SaveMark::Saving;
                    self.send(Job::Pledge { expert: e });
                }
            }
            Action::BeginTriage(verdict) => {
                if let Some(app) = self.selected_app() {
                    let purpose = Purpose::Triage {
                        app: app.id.clone(),
                        verdict,
                    };
                    self.input = Some(TextInput::new(purpose, ""));
                }
            }
            Action::Submit(text) => {
                if let Some(input) = self.input.take() {
                    return self.submit(input.purpose, text);
                }
            }
            Action::Cancel => {
                if let Some(input) = self.input.take() {
                    if input.purpose == Purpose::Search {
                        let q = std::mem::take(&mut self.search_before);
                        self.list.set_query(&self.session, self.search.as_ref(), &q);
                        self.selection_changed();
                    }
                }
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.fix_offset();
            }
            Action::Done(reply) => self.done(reply),
        }
        None
    }

    fn page(&self) -> isize {
        let h = match self.focus {
            PaneId::List => self.list_rows(),
            p => self.pane_height(p),
        };
        h.max(1) as isize
    }

    fn send(&mut self, job: Job) {
        let writes = matches!(
            job,
            Job::Score { .. } | Job::Pledge { .. } | Job::Declare { .. }
        );
        let sent = self.worker.as_ref().is_some_and(|w| w.send(job));
        if sent {
            self.jobs += 1;
            if writes {
                self.status.in_flight += 1;
                self.status.save = SaveMark::Saving;
            }
            self.status.message = None;
        } else {
            self.status.exporting = false;
            self.status.error("worker stopped; quit and reopen");
        }
    }

    /// The selected application and criterion, if it may be scored now.
    fn scorable(&mut self) -> Option<(String, crate::model::Criterion)> {
        let app = self.selected_app()?;
        if self.session.is_blocked(app) {
            self.status.error(t(self.lang, s::MSG_LOCKED));
            return None;
        }
        let Some(c) = self
            .session
            .campaign
            .rubric_for_application(app)
            .and_then(|r| r.criteria.get(self.rubric.selected))
        else {
            self.status.error(t(self.lang, s::MSG_NO_CRITERION));
            return None;
        };
        Some((app.id.clone(), c.clone()))
    }

    fn begin_score(&mut self, first: Option<char>) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let seed = first.map(String::from).unwrap_or_default();
        self.input = Some(TextInput::new(
            Purpose::Score {
                app,
                criterion: c.id,
            },
            &seed,
        ));
    }

    fn current_value(&self, app: &str, criterion: &str) -> Option<Points> {
        let pend = self
            .pending
            .iter()
            .rev()
            .find(|p| p.app == app && p.criterion == criterion)
            .and_then(|p| p.value.parse().ok());
        pend.or_else(|| {
            self.session
                .scores
                .get(app)
                .and_then(|m| m.get(criterion))
                .map(|s| s.value)
        })
    }

    fn step_score(&mut self, d: i8) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let v = rubric::stepped(&c, self.current_value(&app, &c.id), d);
        self.commit_score(app, c.id, v.to_string());
    }

    fn begin_comment(&mut self) {
        let Some((app, c)) = self.scorable() else {
            return;
        };
        let Some(existing) = self.session.scores.get(&app).and_then(|m| m.get(&c.id)) else {
            self.status.error(t(self.lang, s::MSG_SCORE_FIRST));
            return;
        };
        let text = existing.comment.clone();
        self.input = Some(TextInput::new(
            Purpose::Comment {
                app,
                criterion: c.id,
            },
            &text,
        ));
    }

    /// Sends a score, first asking for a reason when a later round changes it.
    fn commit_score(&mut self, app: String, criterion: String, value: String) {
        let value = value.trim().to_string();
        let prev = self
            .session
            .scores
            .get(&app)
            .and_then(|m| m.get(&criterion));
        let round = self
            .session
            .campaign
            .application(&app)
            .map(|a| self.session.round_for(a))
            .unwrap_or(1);
        let changed = prev.is_some_and(|p| {
            p.key.round < round && value.parse::<Points>().is_ok_and(|v| v != p.value)
        });
        if round > 1 && changed {
            let purpose = Purpose::Reason {
                app,
                criterion,
                value,
            };
            self.input = Some(TextInput::new(purpose, ""));
            return;
        }
        self.send_score(app, criterion, value, None, None);
    }

    fn send_score(
        &mut self,
        app: String,
        criterion: String,
        value: String,
        comment: Option<String>,
        reason: Option<String>,
    ) {
        let Some(expert) = self.session.expert_id().map(str::to_string) else {
            return;
        };
        self.pending.push(Pending {
            app: app.clone(),
            criterion: criterion.clone(),
            value: value.clone(),
        });
        self.send(Job::Score {
            expert,
            app,
            criterion,
            value,
            comment,
            reason,
        });
    }

    fn submit(&mut self, purpose: Purpose, text: String) -> Option<Action> {
        let expert = self.session.expert_id().map(str::to_string);
        match purpose {
            Purpose::Search => self.search_before.clear(),
            Purpose::Score { app, criterion } => self.commit_score(app, criterion, text),
            Purpose::Reason {
                app,
                criterion,
                value,
            } => self.send_score(app, criterion, value, None, Some(text)),
            Purpose::Comment { app, criterion } => {
                let value = self
                    .session
                    .scores
                    .get(&app)
                    .and_then(|m| m.get(&criterion))
                    .map(|s| s.value.to_string());
                if let Some(value) = value {
                    self.send_score(app, criterion, value, Some(text), None);
                }
            }
            Purpose::Declare { app } => {
                if let Some(expert) = expert {
                    self.send(Job::Declare {
                        expert,
                        app,
                        reason: text,
                    });
                }
            }
            Purpose::Triage { app, verdict } => self.send(Job::Triage {
                app,
                verdict,
                reason: text,
            }),
        }
        None
    }

    fn write_done(&mut self, ok: bool) {
        self.status.in_flight = self.status.in_flight.saturating_sub(1);
        if self.status.in_flight == 0 {
            self.status.save = if ok { SaveMark::Saved } else { SaveMark::None };
        }
    }

    fn done(&mut self, reply: Reply) {
        self.jobs = self.jobs.saturating_sub(1);
        match reply {
            Reply::Pledged(r) => {
                self.write_done(r.is_ok());
                match r {
                    Ok(()) => {
                        self.session.pledged = true;
                        self.status.info(t(self.lang, s::MSG_PLEDGED));
                    }
                    Err(e) => self.status.error(e),
                }
            }
            Reply::Scored {
                app,
                criterion,
                result,
            } => {
                if let Some(i) = self
                    .pending
                    .iter()
                    .position(|p| p.app == app && p.criterion == criterion)
                {
                    self.pending.remove(i);
                }
                self.write_done(result.is_ok());
                match result {
                    Ok(score) => self.session.record_score(score),
                    Err(e) => self.status.error(e),
                }
            }
            Reply::Declared { app, result } => {
                self.write_done(result.is_ok());
                match result {
                    Ok((eligibility, declarations)) => {
                        self.session.record_declaration(eligibility, declarations);
                        self.status
                            .info(format!("{}{app}", t(self.lang, s::MSG_DECLARED)));
                        self.selection_changed();
                    }
                    Err(e) => self.status.error(e),
                }
            }
            Reply::Exported(r) => {
                self.status.exporting = false;
                match r {
                    Ok(p) => self.status.info(format!(
                        "{}{}",
                        t(self.lang, s::MSG_EXPORTED),
                        p.display()
                    )),
                    Err(e) => self.status.error(e),
                }
            }
            Reply::Triaged { result, .. } => {
                if let Err(e) = result {
                    self.status.error(e);
                }
            }
        }
    }

    /// The prompt of the open input.
    fn prompt(&self, input: &TextInput) -> String {
        let crit_name = |app: &str, c: &str| {
            self.session
                .campaign
                .application(app)
                .and_then(|a| self.session.campaign.rubric_for_application(a))
                .and_then(|r| r.criterion(c))
                .map(|c| self.lang.pick(&c.zh, &c.en).to_string())
                .unwrap_or_else(|| c.to_string())
        };
        let l = self.lang;
        match &input.purpose {
            Purpose::Score { app, criterion } => {
                format!(
                    "{} {app} {}",
                    t(l, s::PROMPT_SCORE),
                    crit_name(app, criterion)
                )
            }
            Purpose::Reason {
                app,
                criterion,
                value,
            } => format!(
                "{} {app} {} -> {value}",
                t(l, s::PROMPT_REASON),
                crit_name(app, criterion)
            ),
            Purpose::Comment { app, criterion } => format!(
                "{} {app} {}",
                t(l, s::PROMPT_COMMENT),
                crit_name(app, criterion)
            ),
            Purpose::Declare { app } => format!("{} {app}", t(l, s::PROMPT_DECLARE)),
            Purpose::Search => t(l, s::PROMPT_SEARCH).to_string(),
            Purpose::Triage { app, verdict } => format!(
                "{} {app} {}",
                t(l, s::PROMPT_TRIAGE),
                sources::verdict_name(Some(*verdict), l)
            ),
        }
    }

    /// Draws the state. Reads only.
    pub fn render(&self, f: &mut Frame) {
        let area = f.area();
        let th = &self.theme;
        let l = self.lang;
        if layout::too_small(area) {
            let text = t(l, s::TOO_SMALL)
                .replace("{w}", &area.width.to_string())
                .replace("{h}", &area.height.to_string())
                .replace("{mw}", &layout::MIN_WIDTH.to_string())
                .replace("{mh}", &layout::MIN_HEIGHT.to_string());
            super::panes::render_too_small(f, area, &text, th);
            return;
        }
        let a = layout::areas(area, self.shape(), self.focus);
        let input = self.input.as_ref().map(|i| (self.prompt(i), i));
        let input_ref = input.as_ref().map(|(p, i)| (p.as_str(), *i));
        if self.on_commitment() {
            let id = self.session.expert_id().unwrap_or("");
            self.commitment.render(f, a.body, id, l, th);
        } else if self.shape() == Shape::Single {
            self.chair.render(f, a.body, l, th);
        } else {
            self.render_panes(f, &a);
        }
        self.status
            .render(f, a.bar, a.line, &self.session, input_ref, l, th);
        if let Some(h) = &self.help {
            h.render(f, a.body, &self.keymap, l, th);
        }
    }

    fn render_panes(&self, f: &mut Frame, a: &Areas) {
        let th = &self.theme;
        let l = self.lang;
        let triage = self.shape() == Shape::Triage;
        let app = self.selected_app();
        if let Some(tabs) = a.tabs {
            let labels: Vec<(String, bool)> = self
                .shape()
                .panes()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    (
                        format!("{} {}", i + 1, self.pane_title(*p)),
                        *p == self.focus,
                    )
                })
                .collect();
            super::panes::render_tabs(f, tabs, &labels, th);
        }
        if let Some(r) = a.list {
            self.list
                .render(f, r, &self.session, self.focus == PaneId::List, l, th);
        }
        if let Some(r) = a.detail {
            let focused = self.focus == PaneId::Detail;
            self.detail
                .render(f, r, &self.session, app, &self.findings, focused, l, th);
        }
        if let Some(r) = a.rubric {
            let focused = self.focus == PaneId::Rubric;
            if triage {
                let empty = t(l, s::NO_APP_FINDINGS);
                self.conflicts.render(
                    f,
                    r,
                    t(l, s::FINDINGS),
                    &self.findings,
                    empty,
                    None,
                    focused,
                    l,
                    th,
                );
            } else {
                self.rubric.render(
                    f,
                    r,
                    &self.session,
                    app,
                    &self.findings,
                    &self.pending,
                    focused,
                    l,
                    th,
                );
            }
        }
        if let Some(r) = a.conflicts {
            self.conflicts.render(
                f,
                r,
                t(l, s::CONFLICTS),
                &self.findings,
                conflicts::expert_empty(l),
                Some(conflicts::expert_footer(l)),
                self.focus == PaneId::Conflicts,
                l,
                th,
            );
        }
    }

    fn pane_title(&self, p: PaneId) -> &'static str {
        let l = self.lang;
        match (p, self.shape()) {
            (PaneId::List, _) => t(l, s::APP_LIST),
            (PaneId::Detail, _) => t(l, s::DETAIL),
            (PaneId::Rubric, Shape::Triage) => t(l, s::FINDINGS),
            (PaneId::Rubric, _) => t(l, s::RUBRIC),
            (PaneId::Conflicts, _) => t(l, s::CONFLICTS),
        }
    }

    /// Changes whenever the arrangement of the screen changes (a tab, the help, the
    /// commitment), so the event loop can redraw everything rather than patch.
    pub fn arrangement(&self) -> (PaneId, bool, bool, bool) {
        (
            self.focus,
            self.help.is_some(),
            self.on_commitment(),
            self.input.is_some(),
        )
    }

    /// Lines of the help at the current size (for tests of the overlay's content).
    pub fn help_text(&self) -> Vec<String> {
        help::help_lines(&self.keymap, 76, self.lang, &self.theme)
            .into_iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }
}
