//! The key map: `assets/keymap.toml`, compiled in, turns a key press in a context into an
//! action. Nothing else in the interface looks at key codes, except a focused text input.

use super::action::Action;
use super::strings::Hint;
use crate::i18n::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// The bundled key map.
pub const KEYMAP_TOML: &str = include_str!("../../assets/keymap.toml");

/// Where a key is pressed: the screen or the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Commitment,
    List,
    Detail,
    Rubric,
    Conflicts,
    Triage,
    Help,
    Chair,
}

impl Context {
    fn name(self) -> &'static str {
        match self {
            Context::Commitment => "commitment",
            Context::List => "list",
            Context::Detail => "detail",
            Context::Rubric => "rubric",
            Context::Conflicts => "conflicts",
            Context::Triage => "triage",
            Context::Help => "help",
            Context::Chair => "chair",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Desc {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    on: Vec<String>,
    run: String,
    #[serde(default, rename = "in")]
    contexts: Vec<String>,
    desc: Desc,
    #[serde(default)]
    fixed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeymap {
    key: Vec<RawBinding>,
}

/// One key, as the map writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            other => {
                let mut cs = other.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return Err(format!("unknown key `{s}`")),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// Whether a pressed key is this one. Shift is part of the character (`N`, `?`), so it
    /// is not compared for characters. A full-width character, as a Chinese input method
    /// in full-width mode types it (`２`, `ｊ`, `？`), is the key it is after NFKC.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        if ctrl != self.ctrl || alt != self.alt {
            return false;
        }
        match (self.code, ev.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b || (self.ctrl && a.eq_ignore_ascii_case(&b)) || narrow(b) == Some(a)
            }
            (a, b) => a == b,
        }
    }

    /// How the help overlay writes it.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "Up".to_string(),
            KeyCode::Down => "Down".to_string(),
            KeyCode::Left => "Left".to_string(),
            KeyCode::Right => "Right".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

/// The one character `c` is after NFKC when that differs from `c` (`２` is `2`).
fn narrow(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    let mut n = std::iter::once(c).nfkc();
    match (n.next(), n.next()) {
        (Some(d), None) if d != c => Some(d),
        _ => None,
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub run: String,
    /// Empty: everywhere.
    pub contexts: Vec<String>,
    pub desc: Desc,
    /// Not rebound by the user's overrides (Ctrl-C always quits).
    pub fixed: bool,
}

impl Binding {
    fn applies(&self, ctx: Context) -> bool {
        self.contexts.is_empty() || self.contexts.iter().any(|c| c == ctx.name())
    }
    /// The keys joined for the help overlay (`j/Down`; digits as `0-9`).
    pub fn keys_label(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(Key::label).collect();
        if labels.len() == 10 && labels.iter().all(|l| l.len() == 1) && labels[0] == "0" {
            return "0-9".into();
        }
        labels.join("/")
    }
    pub fn desc(&self, lang: Lang) -> &str {
        lang.pick(&self.desc.zh, &self.desc.en)
    }
}

/// Why a `[keys]` override of the configuration cannot be taken; `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebindError {
    /// A key in the list cannot be read (`detail` says which, in English: key names are).
    NotAKey {
        action: String,
        keys: String,
        detail: String,
    },
    NoKey {
        action: String,
        keys: String,
    },
    NoSuchAction {
        action: String,
        actions: String,
    },
    /// `action = "keys"` took every key of `victim`, which no key would run any more.
    TookLastKey {
        action: String,
        keys: String,
        victim: String,
        desc: Desc,
    },
}

impl RebindError {
    /// The `[keys]` entry the error is about.
    pub fn action(&self) -> &str {
        match self {
            RebindError::NotAKey { action, .. }
            | RebindError::NoKey { action, .. }
            | RebindError::NoSuchAction { action, .. }
            | RebindError::TookLastKey { action, .. } => action,
        }
    }

    /// The error as one sentence in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            RebindError::NotAKey {
                action,
                keys,
                detail,
            } => lang.say(
                format!("[keys] {action} = \"{keys}\"：按键写法有误（{detail}）"),
                format!("[keys] {action} = \"{keys}\": {detail}"),
            ),
            RebindError::NoKey { action, keys } => lang.say(
                format!("[keys] {action} = \"{keys}\"：至少写一个按键"),
                format!("[keys] {action} = \"{keys}\": give at least one key"),
            ),
            RebindError::NoSuchAction { action, actions } => lang.say(
                format!("[keys] {action}：没有这个操作；可用的操作有：{actions}"),
                format!("[keys] {action}: there is no such action; use one of: {actions}"),
            ),
            RebindError::TookLastKey {
                action,
                keys,
                victim,
                desc,
            } => lang.say(
                format!(
                    "[keys] {action} = \"{keys}\"：拿走了 {victim}（{}）仅有的按键，它将无键可按；请给 {action} 换个键，或同时给 {victim} 另配一个键（如 {victim} = \"…\"）",
                    desc.zh
                ),
                format!(
                    "[keys] {action} = \"{keys}\" takes the only key of {victim} ({}), which no key would run then; choose another key for {action}, or give {victim} a key too ({victim} = \"...\")",
                    desc.en
                ),
            ),
        }
    }
}

impl std::fmt::Display for RebindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    /// The bundled key map. It is checked by a test, so a broken file cannot ship.
    pub fn bundled() -> Keymap {
        Keymap::parse(KEYMAP_TOML).unwrap_or(Keymap { bindings: vec![] })
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let raw: RawKeymap =
            toml::from_str(text).map_err(|e| format!("keymap.toml: {}", e.message()))?;
        let mut bindings = Vec::with_capacity(raw.key.len());
        for b in raw.key {
            if Action::from_name(&b.run, Some('1')).is_none() {
                return Err(format!("keymap.toml: unknown action `{}`", b.run));
            }
            let keys =
                b.on.iter()
                    .map(|k| Key::parse(k))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("keymap.toml: {e} (action `{}`)", b.run))?;
            bindings.push(Binding {
                keys,
                run: b.run,
                contexts: b.contexts,
                desc: b.desc,
                fixed: b.fixed,
            });
        }
        Ok(Keymap { bindings })
    }

    /// The bundled map with the user's overrides (`[keys]` in config.toml: action name to
    /// keys, several separated by spaces) applied over it.
    pub fn configured<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Keymap, RebindError> {
        let mut km = Keymap::bundled();
        let mut taken = Vec::new();
        for (action, keys) in overrides {
            taken.extend(km.rebind(action, keys)?);
        }
        km.check_taken(taken)?;
        km.bindings.retain(|b| !b.keys.is_empty());
        Ok(km)
    }

    /// Whether some binding gives `run` a key.
    fn has_key_for(&self, run: &str) -> bool {
        self.bindings
            .iter()
            .any(|b| b.run == run && !b.keys.is_empty())
    }

    /// Of the actions [`Keymap::rebind`] left without a key, the first that still has none
    /// once every override is applied (a later override may give it one back), as the
    /// error of the override that took its last key.
    pub fn check_taken(&self, taken: Vec<RebindError>) -> Result<(), RebindError> {
        match taken.into_iter().find(|t| match t {
            RebindError::TookLastKey { victim, .. } => !self.has_key_for(victim),
            _ => false,
        }) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Gives `action` the keys in `keys` (`"m"`, `"m down"`). The action's first binding
    /// that the user may change takes them; any other binding that would see the same key
    /// first in a context they share gives it up, so the user's choice always wins there.
    ///
    /// Returns, as [`RebindError::TookLastKey`], each other action this left without any
    /// key: an error only if no later override gives it one ([`Keymap::check_taken`]).
    pub fn rebind(&mut self, action: &str, keys: &str) -> Result<Vec<RebindError>, RebindError> {
        let parsed = keys
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|detail| RebindError::NotAKey {
                action: action.to_string(),
                keys: keys.to_string(),
                detail,
            })?;
        if parsed.is_empty() {
            return Err(RebindError::NoKey {
                action: action.to_string(),
                keys: keys.to_string(),
            });
        }
        let Some(i) = self
            .bindings
            .iter()
            .position(|b| b.run == action && !b.fixed)
        else {
            let mut names: Vec<&str> = self
                .bindings
                .iter()
                .filter(|b| !b.fixed)
                .map(|b| b.run.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            return Err(RebindError::NoSuchAction {
                action: action.to_string(),
                actions: names.join(", "),
            });
        };
        let contexts = self.bindings[i].contexts.clone();
        let shares = |other: &[String]| {
            contexts.is_empty() || other.is_empty() || other.iter().any(|c| contexts.contains(c))
        };
        for (j, b) in self.bindings.iter_mut().enumerate() {
            if j != i && !b.fixed && shares(&b.contexts) {
                b.keys.retain(|k| !parsed.contains(k));
            }
        }
        self.bindings[i].keys = parsed;
        // Emptied bindings stay until every override is applied, so a later override can
        // still give their action a key ([`Keymap::configured`] drops what stays empty).
        let mut emptied: Vec<(String, Desc)> = self
            .bindings
            .iter()
            .filter(|b| b.keys.is_empty())
            .map(|b| (b.run.clone(), b.desc.clone()))
            .collect();
        emptied.retain(|(run, _)| !self.has_key_for(run));
        emptied.dedup_by(|a, b| a.0 == b.0);
        Ok(emptied
            .into_iter()
            .map(|(victim, desc)| RebindError::TookLastKey {
                action: action.to_string(),
                keys: keys.to_string(),
                victim,
                desc,
            })
            .collect())
    }

    /// The action for a key pressed in `ctx`: the first binding that applies there.
    pub fn action(&self, ctx: Context, ev: &KeyEvent) -> Option<Action> {
        let b = self
            .bindings
            .iter()
            .find(|b| b.applies(ctx) && b.keys.iter().any(|k| k.matches(ev)))?;
        let ch = match ev.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        Action::from_name(&b.run, ch)
    }

    /// How the key that runs `run` in `ctx` is written (`q`, `Alt-3`): the first key of
    /// the first binding for `run` there that no earlier binding takes first, one the user
    /// may rebind before a fixed one (`q` rather than Ctrl-C). `None` when no key runs it
    /// there. The interface's hints name keys through this, so a key the user rebinds
    /// shows where the hints name it.
    pub fn key_label(&self, run: &str, ctx: Context) -> Option<String> {
        let candidates = |fixed: bool| {
            self.bindings
                .iter()
                .enumerate()
                .filter(move |(_, b)| b.run == run && b.applies(ctx) && b.fixed == fixed)
        };
        candidates(false)
            .chain(candidates(true))
            .flat_map(|(i, b)| b.keys.iter().map(move |k| (i, k)))
            .find(|(i, k)| {
                self.bindings
                    .iter()
                    .position(|b| b.applies(ctx) && b.keys.contains(k))
                    == Some(*i)
            })
            .map(|(_, k)| k.label())
    }

    /// A hint line (`? help  / search  q quit`): each entry's keys as the map has them in
    /// `ctx`, then what it does; an entry with no key there is left out.
    pub fn hint_line(&self, ctx: Context, entries: &[Hint], lang: Lang) -> String {
        let mut parts = Vec::new();
        for e in entries {
            let keys: Option<Vec<String>> =
                e.actions.iter().map(|a| self.key_label(a, ctx)).collect();
            if let Some(keys) = keys {
                parts.push(format!(
                    "{} {}",
                    keys.join(e.join),
                    lang.pick(e.text.0, e.text.1)
                ));
            }
        }
        parts.join("  ")
    }

    /// Bindings for the help overlay of a view whose contexts are `contexts`, in file
    /// order: those that apply everywhere, then each context's (a binding shown once, under
    /// the first of the view's contexts it applies in).
    pub fn help_sections<'a>(
        &'a self,
        contexts: &[&'a str],
    ) -> Vec<(Option<&'a str>, Vec<&'a Binding>)> {
        let mut out: Vec<(Option<&str>, Vec<&Binding>)> = vec![(
            None,
            self.bindings
                .iter()
                .filter(|b| b.contexts.is_empty())
                .collect(),
        )];
        for &ctx in contexts {
            let bs: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(|b| {
                    b.contexts
                        .iter()
                        .find(|c| contexts.contains(&c.as_str()))
                        .is_some_and(|c| c == ctx)
                })
                .collect();
            if !bs.is_empty() {
                out.push((Some(ctx), bs));
            }
        }
        out
    }
}

/// The key-map contexts of each view, in the order its help lists them.
pub const EXPERT_CONTEXTS: [&str; 6] = [
    "commitment",
    "list",
    "detail",
    "rubric",
    "conflicts",
    "help",
];
pub const TRIAGE_CONTEXTS: [&str; 2] = ["triage", "help"];
pub const CHAIR_CONTEXTS: [&str; 2] = ["chair", "help"];

/// The heading of a help section.
pub fn context_title(ctx: Option<&str>, lang: Lang) -> &'static str {
    let pair = match ctx {
        None => ("通用", "Everywhere"),
        Some("commitment") => ("承诺页", "Commitment screen"),
        Some("list") => ("项目列表及各窗格", "List and panes"),
        Some("detail") => ("详情", "Detail"),
        Some("rubric") => ("评分", "Scoring"),
        Some("conflicts") => ("回避检查", "Conflicts"),
        Some("triage") => ("形式审查（分诊）", "Triage"),
        Some("chair") => ("组长视图", "Chair's view"),
        Some("help") => ("帮助", "Help"),
        Some(_) => ("其他", "Other"),
    };
    lang.pick(pair.0, pair.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, m, KeyEventKind::Press)
    }

    #[test]
    fn bundled_keymap_parses() {
        let km = Keymap::parse(KEYMAP_TOML).unwrap();
        assert!(km.bindings.len() > 20);
    }

    #[test]
    fn context_decides() {
        let km = Keymap::bundled();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::List, &n), Some(Action::NextUnscored));
        assert_eq!(km.action(Context::Triage, &n), Some(Action::NextUntriaged));
        let seven = key(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(
            km.action(Context::Rubric, &seven),
            Some(Action::BeginScore(Some('7')))
        );
        // Outside the rubric a digit only says where scores are typed.
        assert_eq!(km.action(Context::List, &seven), Some(Action::ScoreHint));
        assert_eq!(km.action(Context::Triage, &seven), None);
        let big_n = key(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(km.action(Context::List, &big_n), Some(Action::PrevUnscored));
        let cc = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.action(Context::Rubric, &cc), Some(Action::Quit));
        let alt3 = key(KeyCode::Char('3'), KeyModifiers::ALT);
        assert_eq!(
            km.action(Context::List, &alt3),
            Some(Action::Focus(super::super::action::PaneId::Rubric))
        );
        // Full-width, from an input method: the same keys.
        let wide_seven = key(KeyCode::Char('７'), KeyModifiers::NONE);
        assert_eq!(
            km.action(Context::Rubric, &wide_seven),
            Some(Action::BeginScore(Some('７')))
        );
        let wide_j = key(KeyCode::Char('ｊ'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::List, &wide_j), Some(Action::MoveDown));
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(
            km.action(Context::Commitment, &y),
            Some(Action::Acknowledge)
        );
        assert_eq!(km.action(Context::List, &y), None);
    }

    #[test]
    fn overrides_rebind_and_win() {
        let km = Keymap::configured([
            ("next_unscored", "m"),
            ("move_down", "n"),
            ("next_untriaged", "u"),
        ])
        .unwrap();
        let m = key(KeyCode::Char('m'), KeyModifiers::NONE);
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::List, &m), Some(Action::NextUnscored));
        assert_eq!(km.action(Context::List, &n), Some(Action::MoveDown));
        // n moved away from next_untriaged too, since move_down applies everywhere; without
        // a key of its own next_untriaged would have none, which is refused.
        assert_eq!(km.action(Context::Triage, &n), Some(Action::MoveDown));
        let e = Keymap::configured([("move_down", "n")]).unwrap_err();
        assert!(e.to_string().contains("takes the only key of"), "{e}");
        let cc = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let q = Keymap::configured([("quit", "Q")]).unwrap();
        assert_eq!(
            q.action(Context::List, &cc),
            Some(Action::Quit),
            "Ctrl-C stays"
        );
        let small_q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(q.action(Context::List, &small_q), None);
        let e = Keymap::configured([("fly", "f")]).unwrap_err().to_string();
        assert!(
            e.contains("no such action") && e.contains("next_unscored"),
            "{e}"
        );
        let e = Keymap::configured([("quit", "ctrl-")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown key"), "{e}");
        assert!(Keymap::configured([("quit", " ")]).is_err());
    }

    #[test]
    fn taking_the_only_key_of_an_action_is_refused_unless_it_gets_another() {
        let e = Keymap::configured([("quit", "y")]).unwrap_err();
        assert!(
            matches!(&e, RebindError::TookLastKey { action, victim, .. } if action == "quit" && victim == "acknowledge"),
            "{e:?}"
        );
        let km = Keymap::configured([("quit", "y"), ("acknowledge", "a")]).unwrap();
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(
            km.action(Context::Commitment, &a),
            Some(Action::Acknowledge)
        );
        assert_eq!(km.action(Context::Commitment, &y), Some(Action::Quit));
        // In the other order too: acknowledge keeps the key it was given.
        let km = Keymap::configured([("acknowledge", "a"), ("quit", "y")]).unwrap();
        assert_eq!(
            km.action(Context::Commitment, &a),
            Some(Action::Acknowledge)
        );
        // Taking one of several keys is no loss: move_down keeps Down.
        assert!(Keymap::configured([("quit", "j")]).is_ok());
    }
}
