//! One function per command; `main.rs` only dispatches here.

pub mod assign;
pub mod audit;
pub mod check;
pub mod decide;
pub mod demo;
pub mod export;
pub mod gen;
pub mod import;
pub mod init;
pub mod intake;
pub mod keygen;
pub mod merge;
pub mod meta;
pub mod package;
pub mod receive;
pub mod recover;
pub mod report;
pub mod scoring;
pub mod search;
pub mod source;
pub mod tui;
pub mod verify;

use crate::i18n::Lang;
use crate::review::ReviewError;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// A command's failure: one sentence for the user, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// The input or a rule refuses (exit 1).
    pub fn refused(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
    /// The command was used wrongly (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

// A store error reaches a command through `?`, far from its `Ctx`: it is worded in the
// run's language, which `main` set.
impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        tracing::warn!(error = %e, "store");
        Failure::refused(e.message(Lang::of_run()))
    }
}

impl From<ReviewError> for Failure {
    fn from(e: ReviewError) -> Failure {
        match e {
            ReviewError::Store(e) => e.into(),
            ReviewError::Refused(m) => Failure::refused(m),
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// What every command gets: the store path and the language.
pub struct Ctx {
    pub db: PathBuf,
    pub lang: Lang,
    pub config: crate::config::Config,
}

impl Ctx {
    pub fn open_store(&self) -> Result<Store, Failure> {
        Ok(Store::open(&self.db)?)
    }
    pub fn db(&self) -> &Path {
        &self.db
    }
}

/// The campaign a judging command works on, with its verified decisions and the experts'
/// declarations: from a campaign directory when one is given, else from the store.
pub fn load_judged(
    ctx: &Ctx,
    campaign_dir: Option<&Path>,
) -> Result<
    (
        crate::model::Campaign,
        Vec<crate::model::Decision>,
        Vec<crate::model::Declaration>,
    ),
    Failure,
> {
    match campaign_dir {
        Some(dir) => {
            let (campaign, decisions) = load_judged_dir(ctx.lang, dir)?;
            Ok((campaign, decisions, vec![]))
        }
        None => {
            let store = ctx.open_store()?;
            let campaign = store.campaign()?;
            let decisions = crate::decisions::verified_from_store(&store, &campaign)
                .map_err(Failure::refused)?;
            let declarations = store.declarations(None)?;
            Ok((campaign, decisions, declarations))
        }
    }
}

/// A campaign directory and its decisions, each verified against its keys.toml.
pub fn load_judged_dir(
    lang: Lang,
    dir: &Path,
) -> Result<(crate::model::Campaign, Vec<crate::model::Decision>), Failure> {
    let loaded =
        crate::format::load_campaign(dir).map_err(|e| Failure::refused(e.message(lang)))?;
    let decisions = crate::decisions::verified_from_dir(dir, &loaded)
        .map_err(|e| Failure::refused(e.message(lang)))?
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    Ok((loaded.campaign, decisions))
}

/// Refuses an id on the command line that no campaign can hold (the one rule of
/// [`crate::model::is_valid_id`]), before any command builds a file name from it: `../evil`
/// is one sentence, not a key written outside `-o`.
pub fn refuse_bad_ids(lang: Lang, command: &crate::cli::Command) -> Outcome {
    use crate::cli::{Command as C, DecideCommand as D};
    const APP: (&str, &str) = ("项目", "application");
    const EXPERT: (&str, &str) = ("专家", "expert");
    const RULE: (&str, &str) = ("规则", "rule");
    let some = |v: &str| Some(v.to_string());
    let ids: Vec<(Option<String>, (&str, &str))> = match command {
        C::Pledge { expert }
        | C::Export { expert, .. }
        | C::Import { expert, .. }
        | C::Package { expert, .. } => vec![(some(expert), EXPERT)],
        C::Score {
            app,
            criterion,
            expert,
            ..
        } => vec![
            (some(app), APP),
            (some(criterion), ("评分项", "criterion")),
            (some(expert), EXPERT),
        ],
        C::Declare { app, expert, .. } => vec![(some(app), APP), (some(expert), EXPERT)],
        C::Check { expert, app, .. } => vec![(expert.clone(), EXPERT), (app.clone(), APP)],
        C::Triage { app, .. } => vec![(some(app), APP)],
        C::Tui { expert, .. } => vec![(expert.clone(), EXPERT)],
        C::Keygen { id, .. } => vec![(some(id), ("密钥", "key"))],
        C::Decide {
            what: D::Override {
                rule, app, expert, ..
            },
        } => vec![
            (some(rule), RULE),
            (some(app), APP),
            (expert.clone(), EXPERT),
        ],
        C::Decide {
            what:
                D::Confirm {
                    rule,
                    app,
                    other,
                    expert,
                    ..
                }
                | D::Dismiss {
                    rule,
                    app,
                    other,
                    expert,
                    ..
                },
        } => vec![
            (some(rule), RULE),
            (some(app), APP),
            (other.clone(), APP),
            (expert.clone(), EXPERT),
        ],
        C::Decide {
            what: D::Round { panel, .. },
        } => vec![(some(panel), ("评审组", "panel"))],
        _ => vec![],
    };
    for (id, what) in ids {
        if let Some((zh, en)) = id.and_then(|id| crate::model::id_problem(&id, what)) {
            return Err(Failure::usage(lang.say(zh, en)));
        }
    }
    Ok(())
}
