//! `App::update`: the one place an action changes the state, and where the worker's
//! replies are taken in.

use super::action::{Action, PaneId};
use super::app::App;
use super::input::{Purpose, TextInput};
use super::layout::Shape;
use super::panes::help::HelpPane;
use super::panes::status::SaveMark;
use super::session::Role;
use super::strings::{self as s, t};
use super::worker::{Job, Reply};

impl App {
    /// Applies one action; may return a follow-up action.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        if self.chair.is_some() && self.help.is_none() && self.chair_update(&action) {
            return None;
        }
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
            Action::ChairFocus(_) | Action::NextDirection | Action::PrevDirection => {}
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
                self.list.set_query(&self.session, self.search.as_mut(), &q);
                self.selection_changed();
            }
            Action::ClearSearch => {
                self.list.set_query(&self.session, self.search.as_mut(), "");
                self.selection_changed();
            }
            Action::BeginScore(first) => self.begin_score(first),
            Action::ScoreHint => self.score_hint(),
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
            Action::BeginTriage(_) if !self.can_sign => {
                // Before the reason is typed, so none is lost.
                self.status.error(t(self.lang, s::MSG_TRIAGE_NO_KEY));
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
                        self.list.set_query(&self.session, self.search.as_mut(), &q);
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

    /// The chair's own actions; false when `action` is not one (it then goes the common
    /// way: quit, help, resize).
    fn chair_update(&mut self, action: &Action) -> bool {
        let (w, h) = self.size;
        let Some(chair) = self.chair.as_mut() else {
            return false;
        };
        match action {
            Action::MoveDown => chair.move_by(1, w, h),
            Action::MoveUp => chair.move_by(-1, w, h),
            Action::PageDown => chair.page(1, w, h),
            Action::PageUp => chair.page(-1, w, h),
            Action::Top => chair.move_by(isize::MIN / 2, w, h),
            Action::Bottom => chair.move_by(isize::MAX / 2, w, h),
            Action::FocusNext => chair.cycle_focus(true),
            Action::FocusPrev => chair.cycle_focus(false),
            Action::ChairFocus(p) => chair.focus = *p,
            Action::NextDirection => chair.step_direction(1),
            Action::PrevDirection => chair.step_direction(-1),
            Action::Open => chair.open_queued(),
            _ => return false,
        }
        true
    }

    pub(super) fn scroll(&mut self, delta: isize) {
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

    fn page(&self) -> isize {
        let h = match self.focus {
            PaneId::List => self.list_rows(),
            p => self.pane_height(p),
        };
        h.max(1) as isize
    }

    pub(super) fn send(&mut self, job: Job) {
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

    fn write_done(&mut self, ok: bool) {
        self.status.in_flight = self.status.in_flight.saturating_sub(1);
        if self.status.in_flight == 0 {
            self.status.save = if ok { SaveMark::Saved } else { SaveMark::None };
        }
    }

    fn done(&mut self, reply: Reply) {
        if let Reply::Assessed(r) = reply {
            // Sent at start, outside the count of jobs.
            self.session.findings_ready = true;
            match r {
                Ok((eligibility, findings)) => {
                    self.session.findings = findings;
                    if !self.session.checked {
                        let moved = self.session.take_checks(eligibility);
                        self.list.remap(&self.session, &moved);
                        self.selection_changed();
                    }
                }
                Err(e) => self.status.error(e),
            }
            return;
        }
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
                    Ok((eligibility, declarations, findings)) => {
                        self.session
                            .record_declaration(eligibility, declarations, findings);
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
            Reply::Triaged {
                app,
                verdict,
                reason,
                result,
            } => match result {
                Ok(eligibility) => {
                    let name = super::sources::verdict_name(Some(verdict), self.lang);
                    self.session
                        .record_verdict(&app, verdict, reason, eligibility);
                    self.list.rebuild(&self.session);
                    self.status
                        .info(format!("{}{app} {name}", t(self.lang, s::MSG_TRIAGED)));
                    self.selection_changed();
                }
                Err(e) => self.status.error(e),
            },
            Reply::Assessed(_) => {}
        }
    }
}
