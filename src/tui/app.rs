//! The interface's state and its one-way flow: an event becomes an action (through the key
//! map or a focused input), `update` (update.rs, scoring.rs) changes the state and hands
//! writes to the worker, and `render` (render.rs) draws the state without changing it.

use super::action::{Action, PaneId};
use super::chair::ChairState;
use super::input::{Outcome, Purpose, TextInput};
use super::keymap::{Context, Keymap};
use super::layout::{self, Areas, Shape};
use super::panes::commitment::CommitmentPane;
use super::panes::conflicts::ConflictsPane;
use super::panes::detail::{self, DetailPane};
use super::panes::help::{self, HelpPane};
use super::panes::project_list::ListPane;
use super::panes::rubric::{Pending, RubricPane};
use super::panes::status::StatusPane;
use super::session::{Role, Session};
use super::sources::{ApplicationSearch, IndexSearch, Signing, SubstringSearch};
use super::strings::{self as s, t, Hint};
use super::theme::Theme;
use super::worker::{Job, Reply, Worker};
use crate::i18n::Lang;
use crate::merge::MergeOutput;
use crate::model::{Application, Campaign};
use crate::review::Review;
use crate::rules::Finding;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::sync::{mpsc, Arc, Mutex};

/// Everything the event loop feeds the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Worker(Reply),
    /// The search index, built on its own thread after the first frame.
    Indexed(Indexed),
}

/// A built search index on its way to the app (taken once, by the first reader).
#[derive(Clone)]
pub struct Indexed(Arc<Mutex<Option<IndexSearch>>>);

impl Indexed {
    fn take(&self) -> Option<IndexSearch> {
        self.0.lock().ok().and_then(|mut g| g.take())
    }
}

impl std::fmt::Debug for Indexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Indexed")
    }
}

impl PartialEq for Indexed {
    fn eq(&self, other: &Indexed) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Indexed {}

/// Which view to open over a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Expert(String),
    Triage,
    /// The chair's view of a merge.
    Chair(Box<MergeOutput>),
}

/// How the app is set up beyond the review: theme, keys, and what the worker signs with.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    pub keymap: Keymap,
    pub signing: Signing,
}

impl Options {
    /// The bundled key map, no key to sign with, sheets into the current folder.
    pub fn new(theme: Theme) -> Options {
        Options {
            theme,
            keymap: Keymap::bundled(),
            signing: Signing::new(None, std::path::Path::new(".")),
        }
    }
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
    pub chair: Option<ChairState>,
    pub status: StatusPane,
    pub input: Option<TextInput>,
    /// Scores sent to the store and not yet confirmed.
    pub pending: Vec<Pending>,
    /// Jobs sent to the worker and not yet answered.
    pub jobs: usize,
    /// The search index is being built; searches use the substring match meanwhile.
    pub indexing: bool,
    pub quit: bool,
    /// A key to sign with was given (the triage view asks for a reason only then).
    pub(super) can_sign: bool,
    pub(super) search: Box<dyn ApplicationSearch>,
    pub(super) search_before: String,
    pub(super) worker: Option<Worker>,
    events: mpsc::Sender<Event>,
    index_started: bool,
}

impl App {
    /// Builds the app over `review` with the bundled key map and no signing key; the worker
    /// takes the review and reports on `events`.
    pub fn new(
        review: Review,
        view: View,
        lang: Lang,
        theme: Theme,
        events: mpsc::Sender<Event>,
    ) -> Result<App, String> {
        App::with_options(review, view, lang, Options::new(theme), events)
    }

    pub fn with_options(
        review: Review,
        view: View,
        lang: Lang,
        options: Options,
        events: mpsc::Sender<Event>,
    ) -> Result<App, String> {
        let (session, chair) = match view {
            View::Expert(e) => (
                Session::for_expert(&review, &e).map_err(|e| e.to_string())?,
                None,
            ),
            View::Triage => (Session::for_triage(&review), None),
            View::Chair(m) => (
                Session::for_chair(Arc::clone(&review.campaign)),
                Some(ChairState::new(*m)),
            ),
        };
        let tx = events.clone();
        let worker = Worker::spawn(review, options.signing.clone(), move |r| {
            let _ = tx.send(Event::Worker(r));
        });
        // The findings are the worker's first job, so the first frame does not wait on
        // the rules engine; the panes say "checking" until they arrive.
        let assess = match &session.role {
            Role::Expert { id, .. } => Some(Job::Assess {
                expert: Some(id.clone()),
            }),
            Role::Triage => Some(Job::Assess { expert: None }),
            Role::Chair => None,
        };
        if let Some(job) = assess {
            worker.send(job);
        }
        Ok(App::assemble(
            session,
            chair,
            Some(worker),
            lang,
            options,
            events,
        ))
    }

    /// The chair's view of a merge of `campaign`'s sheets, with no store behind it.
    pub fn for_chair(
        campaign: Campaign,
        merged: MergeOutput,
        lang: Lang,
        options: Options,
        events: mpsc::Sender<Event>,
    ) -> App {
        let session = Session::for_chair(campaign);
        let chair = Some(ChairState::new(merged));
        App::assemble(session, chair, None, lang, options, events)
    }

    fn assemble(
        session: Session,
        chair: Option<ChairState>,
        worker: Option<Worker>,
        lang: Lang,
        options: Options,
        events: mpsc::Sender<Event>,
    ) -> App {
        let search = Box::new(SubstringSearch::new(session.campaign.clone()));
        let can_sign = options.signing.key.is_some();
        let mut app = App {
            lang,
            theme: options.theme,
            keymap: options.keymap,
            list: ListPane::new(&session),
            session,
            size: (80, 24),
            focus: PaneId::List,
            detail: DetailPane::default(),
            rubric: RubricPane::default(),
            conflicts: ConflictsPane::default(),
            help: None,
            commitment: CommitmentPane::default(),
            chair,
            status: StatusPane::default(),
            input: None,
            pending: vec![],
            jobs: 0,
            indexing: false,
            quit: false,
            can_sign,
            search,
            search_before: String::new(),
            worker,
            events,
            index_started: false,
        };
        let open_key = app.keymap.key_label("open", Context::Chair);
        if let Some(c) = app.chair.as_mut() {
            c.open_key = open_key.unwrap_or_default();
        }
        app.selection_changed();
        app
    }

    /// Starts building the search index on a thread of its own; the event loop calls it
    /// once the first frame is on screen, so the index never delays it. Until the index
    /// arrives, searches use the plain substring match.
    pub fn start_indexing(&mut self) {
        if self.index_started || self.chair.is_some() {
            return;
        }
        self.index_started = true;
        let campaign = self.session.campaign.clone();
        let tx = self.events.clone();
        let spawned = std::thread::Builder::new()
            .name("pingshen-index".into())
            .spawn(move || {
                let index = IndexSearch::build(&campaign);
                let _ = tx.send(Event::Indexed(Indexed(Arc::new(Mutex::new(Some(index))))));
            });
        self.indexing = spawned.is_ok();
    }

    /// Takes in the built index and runs the current query through it.
    pub(super) fn index_ready(&mut self, indexed: Indexed) {
        self.indexing = false;
        if let Some(index) = indexed.take() {
            self.search = Box::new(index);
            if !self.list.query.is_empty() {
                let q = self.list.query.clone();
                self.list.set_query(&self.session, self.search.as_mut(), &q);
                self.selection_changed();
            }
        }
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

    pub(super) fn on_commitment(&self) -> bool {
        matches!(self.session.role, Role::Expert { .. }) && !self.session.pledged
    }

    /// The key map's context for the next key.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        self.pane_context()
    }

    /// The context of the screen under any overlay: the one the hint line describes.
    pub fn pane_context(&self) -> Context {
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

    /// The rules engine's findings for the selected application.
    pub fn findings(&self) -> &[Finding] {
        self.selected_app()
            .map_or(&[], |a| self.session.findings_of(&a.id))
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
            Event::Indexed(ix) => {
                self.index_ready(ix);
                None
            }
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
            let outcome = input.handle_key(k);
            if outcome != Outcome::Idle {
                // What was wrong with the text (an empty reason) no longer applies.
                self.status.input_error = None;
            }
            return match outcome {
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
    pub(super) fn list_rows(&self) -> usize {
        let a = self.areas();
        let h = a.list.or(a.detail).or(a.rubric).or(a.conflicts);
        h.map(|r| r.height.saturating_sub(3) as usize)
            .unwrap_or(1)
            .max(1)
    }

    pub(super) fn pane_height(&self, p: PaneId) -> usize {
        let a = self.areas();
        a.pane(p)
            .or(a.list)
            .map(|r| r.height.saturating_sub(2) as usize)
            .unwrap_or(1)
            .max(1)
    }

    pub(super) fn pane_width(&self, p: PaneId) -> usize {
        let a = self.areas();
        let r = match (self.shape(), a.pane(p)) {
            (_, Some(r)) => r,
            // A hidden tab gets the whole body when shown.
            _ => a.body,
        };
        r.width.saturating_sub(2) as usize
    }

    /// After the selection moves: reset scrolls, keep the rubric's row valid and the
    /// selection on screen.
    pub(super) fn selection_changed(&mut self) {
        self.detail.scroll = 0;
        self.conflicts.scroll = 0;
        let rubric = self
            .selected_app()
            .and_then(|a| self.session.campaign.rubric_for_application(a))
            .cloned();
        self.rubric.clamp(rubric.as_ref());
        self.fix_offset();
    }

    pub(super) fn fix_offset(&mut self) {
        self.list.offset = super::panes::project_list::visible_offset(
            self.list.selected,
            self.list.offset,
            self.list_rows(),
            self.list.view.len(),
        );
    }

    pub(super) fn detail_len(&self) -> usize {
        let w = self.pane_width(PaneId::Detail);
        self.selected_app().map_or(0, |a| {
            let findings = self.session.findings_of(&a.id);
            detail::content_lines(&self.session, a, findings, w, self.lang, &self.theme).len()
        })
    }

    /// Changes whenever the arrangement of the screen changes (a tab, the help, the
    /// commitment), so the event loop can redraw everything rather than patch.
    pub fn arrangement(&self) -> (PaneId, bool, bool, bool, Option<usize>) {
        (
            self.focus,
            self.help.is_some(),
            self.on_commitment(),
            self.input.is_some(),
            self.chair.as_ref().map(|c| c.arrangement()),
        )
    }

    /// The key-map contexts of this view, for its help.
    pub fn help_contexts(&self) -> &'static [&'static str] {
        match self.session.role {
            Role::Expert { .. } => &super::keymap::EXPERT_CONTEXTS,
            Role::Triage => &super::keymap::TRIAGE_CONTEXTS,
            Role::Chair => &super::keymap::CHAIR_CONTEXTS,
        }
    }

    /// The hint line under the status bar, its keys from the key map.
    pub fn hint_line(&self) -> String {
        let entries: &[Hint] = match self.session.role {
            Role::Triage => &s::TRIAGE_HINT,
            Role::Chair => &s::CHAIR_HINT,
            Role::Expert { .. } => &s::HINT,
        };
        self.keymap
            .hint_line(self.pane_context(), entries, self.lang)
    }

    /// The commitment screen's last line, its keys from the key map.
    pub fn pledge_prompt(&self) -> String {
        let key = |run| {
            self.keymap
                .key_label(run, Context::Commitment)
                .unwrap_or_else(|| "-".into())
        };
        t(self.lang, s::PLEDGE_ACK)
            .replace("{ack}", &key("acknowledge"))
            .replace("{quit}", &key("quit"))
    }

    /// Lines of the help (for tests of the overlay's content).
    pub fn help_text(&self) -> Vec<String> {
        help::help_lines(
            &self.keymap,
            self.help_contexts(),
            &|run| self.pane_name(run),
            76,
            self.lang,
            &self.theme,
        )
        .into_iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
    }
}
