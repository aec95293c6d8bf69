//! `App::render`: draws the state of the app, reading only. The chair's panes draw through
//! `ChairState::render`.

use super::action::{Action, PaneId};
use super::app::App;
use super::layout::{self, Areas, Shape};
use super::panes::conflicts;
use super::strings::{self as s, t};
use ratatui::Frame;

impl App {
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
            self.commitment
                .render(f, a.body, id, &self.pledge_prompt(), l, th);
        } else if let Some(chair) = &self.chair {
            chair.render(f, a.body, l, th);
        } else {
            self.render_panes(f, &a);
        }
        let counts = self.chair.as_ref().map(|c| c.counts());
        let hint = self.hint_line();
        self.status.render(
            f,
            a.bar,
            a.line,
            &self.session,
            counts,
            input_ref,
            &hint,
            l,
            th,
        );
        if let Some(h) = &self.help {
            let names = |run: &str| self.pane_name(run);
            h.render(f, a.body, &self.keymap, self.help_contexts(), &names, l, th);
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
                .render(f, r, &self.session, app, self.findings(), focused, l, th);
        }
        if let Some(r) = a.rubric {
            let focused = self.focus == PaneId::Rubric;
            if triage {
                let empty = if self.session.findings_ready {
                    t(l, s::NO_APP_FINDINGS)
                } else {
                    t(l, s::CHECKING)
                };
                self.conflicts.render(
                    f,
                    r,
                    t(l, s::FINDINGS),
                    self.findings(),
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
                    self.findings(),
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
                self.findings(),
                if self.session.findings_ready {
                    conflicts::expert_empty(l)
                } else {
                    t(l, s::CHECKING)
                },
                Some(conflicts::expert_footer(l)),
                self.focus == PaneId::Conflicts,
                l,
                th,
            );
        }
    }

    /// The tab bar's name of the pane the key-map action `run` goes to, if it goes to one
    /// of this view's panes: the one source of pane names for the tabs and the help.
    pub fn pane_name(&self, run: &str) -> Option<&'static str> {
        match Action::from_name(run, None)? {
            Action::Focus(p) if self.shape().panes().contains(&p) => Some(self.pane_title(p)),
            Action::ChairFocus(p) => Some(super::chair::tab_label(p, self.lang)),
            _ => None,
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
}
