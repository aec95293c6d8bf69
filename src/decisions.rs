//! Signed decisions as every judging command reads them: verified against `keys.toml`,
//! then weighed with the rules into who is reviewed and who may judge whom.

use crate::i18n::Lang;
use crate::keys::Keyring;
use crate::model::{Campaign, Decision, Declaration, Ruling, TriageVerdict};
use crate::rules::rulings::{Standing, Subject};
use crate::rules::Eligibility;
use crate::sheet::{verify_decision_in, DecisionError, MAX_DECISION_BYTES};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Why the decisions of a store or a campaign directory cannot be trusted.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    #[error("decision file {file} cannot be checked: there is no {keys}; add the campaign's keys.toml and load it again")]
    NoKeys { file: String, keys: String },
    #[error("{0}")]
    Keys(String),
    #[error("decision file {file}: {error}; remove the file or ask its signer for a valid one")]
    Invalid { file: String, error: DecisionError },
    #[error("{0}")]
    Store(String),
    #[error("the campaign folder {folder}, where the store {store} keeps its decisions, is not there (moved, renamed, or on a drive not connected); put it back, or load the folder into a new store with `pingshen --db NEW init DIR`")]
    FolderGone { store: String, folder: String },
    #[error("the campaign folder {folder} no longer holds the campaign the store {store} was loaded from (it changed after `init`); load the folder into a new store with `pingshen --db NEW init {folder}`")]
    FolderChanged { store: String, folder: String },
    #[error("{file}: cannot be read ({why}); check the folder's permissions")]
    Read { file: String, why: String },
}

impl DecisionsError {
    /// The sentence in the chosen language.
    pub fn message(&self, lang: Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            DecisionsError::NoKeys { file, keys } => format!(
                "无法核验决定文件 {file}：缺少 {keys}；请补上本次评审的 keys.toml 后重新载入"
            ),
            DecisionsError::Keys(m) | DecisionsError::Store(m) => m.clone(),
            DecisionsError::Invalid { file, error } => format!(
                "决定文件 {file}：{}；请删除该文件，或请签署人重新签发",
                error.zh()
            ),
            DecisionsError::FolderGone { store, folder } => format!(
                "评审库 {store} 的决定保存在评审任务文件夹 {folder} 中，但该文件夹已不在原处（被移动、改名，或所在的盘未接入）；请把它放回原处，或用 `pingshen --db 新评审库 init 文件夹` 重新载入"
            ),
            DecisionsError::FolderChanged { store, folder } => format!(
                "评审任务文件夹 {folder} 中的评审任务已与评审库 {store} 载入时不同（init 之后被改动过）；请用 `pingshen --db 新评审库 init {folder}` 重新载入"
            ),
            DecisionsError::Read { file, why } => {
                format!("{file}：无法读取（{why}），请检查文件夹权限")
            }
        }
    }
}

/// Verifies decision files (name, bytes) against `keys.toml`'s text and the full campaign's
/// digest; returns them with their names, sorted by name so every reader weighs them in the
/// same order.
pub fn verify_files(
    files: &[(String, Vec<u8>)],
    keys_toml: Option<&str>,
    keys_file: &str,
    digest: &str,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let mut files: Vec<&(String, Vec<u8>)> = files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let Some(first) = files.first() else {
        return Ok(vec![]);
    };
    let Some(text) = keys_toml else {
        return Err(DecisionsError::NoKeys {
            file: first.0.clone(),
            keys: keys_file.to_string(),
        });
    };
    let ring = Keyring::parse(text, keys_file)
        .map_err(|e| DecisionsError::Keys(e.message(Lang::of_run())))?;
    files
        .into_iter()
        .map(|(name, bytes)| {
            verify_decision_in(bytes, digest, &ring)
                .map(|d| (name.clone(), d))
                .map_err(|error| DecisionsError::Invalid {
                    file: name.clone(),
                    error,
                })
        })
        .collect()
}

/// A store's decision files, and, for a secretariat's store that remembers its campaign
/// folder, that folder's: the decisions' home (DESIGN.md §2).
#[derive(Debug, Clone, Default)]
pub struct StoreFiles {
    /// The remembered campaign folder, when there is one (and it is there).
    pub folder: Option<PathBuf>,
    /// The folder's `decisions/` files.
    pub folder_files: Vec<(String, Vec<u8>)>,
    /// The folder's keys.toml, which verifies the folder's files.
    pub folder_keys: Option<String>,
    /// The store's files that are not also in the folder (byte for byte); each named apart
    /// from the folder's files.
    pub store_only: Vec<(String, Vec<u8>)>,
    /// The store's keys.toml.
    pub store_keys: Option<String>,
}

impl StoreFiles {
    /// Every file, the same file once, sorted by name.
    pub fn all(&self) -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<(String, Vec<u8>)> = self
            .folder_files
            .iter()
            .chain(&self.store_only)
            .cloned()
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The keys.toml new decisions are checked against: the folder's, else the store's.
    pub fn keys(&self) -> Option<&str> {
        self.folder_keys.as_deref().or(self.store_keys.as_deref())
    }
}

fn store_err(e: crate::store::StoreError) -> DecisionsError {
    DecisionsError::Store(e.message(Lang::of_run()))
}

/// The campaign folder `store` remembers, refused when it is no longer there.
pub fn remembered_folder(store: &Store) -> Result<Option<PathBuf>, DecisionsError> {
    let Some(folder) = store.campaign_folder().map_err(store_err)? else {
        return Ok(None);
    };
    if !folder.join("campaign.toml").is_file() {
        return Err(DecisionsError::FolderGone {
            store: store.root().display().to_string(),
            folder: folder.display().to_string(),
        });
    }
    Ok(Some(folder))
}

/// The files of a campaign folder's `decisions/`, read as `init` reads them: every file,
/// by name, none larger than a decision may be.
pub fn read_decisions_dir(folder: &Path) -> Result<Vec<(String, Vec<u8>)>, DecisionsError> {
    let dir = folder.join("decisions");
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let read_err = |p: &Path, e: std::io::Error| DecisionsError::Read {
        file: p.display().to_string(),
        why: e.to_string(),
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| read_err(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let size = std::fs::metadata(&p).map_err(|e| read_err(&p, e))?.len();
        if size > MAX_DECISION_BYTES as u64 {
            return Err(DecisionsError::Invalid {
                file: p.display().to_string(),
                error: DecisionError::TooLarge {
                    size: usize::try_from(size).unwrap_or(usize::MAX),
                },
            });
        }
        let bytes = std::fs::read(&p).map_err(|e| read_err(&p, e))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((name, bytes));
    }
    Ok(out)
}

/// `name`, or, when another file already has it, the name with a short digest of `bytes`
/// (as `receive` names a file apart).
pub fn name_apart(name: &str, bytes: &[u8], taken: &[(String, Vec<u8>)]) -> String {
    if !taken.iter().any(|(n, _)| n == name) {
        return name.to_string();
    }
    let sm3 = {
        use sm3::{Digest, Sm3};
        hex::encode(Sm3::digest(bytes))
    };
    let stem = name.strip_suffix(".json").unwrap_or(name);
    format!("{stem}-{}.json", &sm3[..8])
}

/// The refusal for a folder that now holds another campaign than the store.
pub fn folder_changed(store: &Store, folder: &Path) -> DecisionsError {
    DecisionsError::FolderChanged {
        store: store.root().display().to_string(),
        folder: folder.display().to_string(),
    }
}

/// The store's decision files and its campaign folder's, unverified.
pub fn store_files(store: &Store) -> Result<StoreFiles, DecisionsError> {
    let store_files = store.decision_files().map_err(store_err)?;
    let store_keys = store.keys_toml().map_err(store_err)?;
    let Some(folder) = remembered_folder(store)? else {
        return Ok(StoreFiles {
            store_only: store_files,
            store_keys,
            ..StoreFiles::default()
        });
    };
    let folder_files = read_decisions_dir(&folder)?;
    let keys_path = folder.join("keys.toml");
    let folder_keys = if keys_path.is_file() {
        Some(
            std::fs::read_to_string(&keys_path).map_err(|e| DecisionsError::Read {
                file: keys_path.display().to_string(),
                why: e.to_string(),
            })?,
        )
    } else {
        None
    };
    let mut store_only = Vec::new();
    for (name, bytes) in store_files {
        if folder_files.iter().any(|(_, b)| *b == bytes) {
            continue;
        }
        let name = name_apart(&name, &bytes, &folder_files);
        store_only.push((name, bytes));
    }
    Ok(StoreFiles {
        folder: Some(folder),
        folder_files,
        folder_keys,
        store_only,
        store_keys,
    })
}

/// The store's decisions with their names, each verified against the campaign's digest:
/// the store's own against its keys.toml, and, for a store that remembers its campaign
/// folder, the folder's (the same file once) against the folder's keys.toml.
pub fn verified_named_from_store(
    store: &Store,
    campaign: &Campaign,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let files = store_files(store)?;
    // The digest `init` kept, else (an older store) computed.
    let kept = store.campaign_digest().map_err(store_err)?;
    verify_store_files(store, &files, || kept.unwrap_or_else(|| campaign.digest()))
}

/// Verifies [`StoreFiles`]; `digest` is called only when there is a file to check.
pub fn verify_store_files(
    store: &Store,
    files: &StoreFiles,
    digest: impl FnOnce() -> String,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    // The campaign's digest costs a full canonical serialisation (0.1 s at 10,000
    // applications): not worth paying when there is nothing to check against it.
    if files.folder_files.is_empty() && files.store_only.is_empty() {
        return Ok(vec![]);
    }
    let digest = digest();
    let store_label = store.keys_label(Lang::of_run());
    let mut out = verify_files(
        &files.store_only,
        files.store_keys.as_deref(),
        &store_label,
        &digest,
    )?;
    if let Some(folder) = &files.folder {
        let (keys, label) = match &files.folder_keys {
            Some(k) => (
                Some(k.as_str()),
                folder.join("keys.toml").display().to_string(),
            ),
            None => (files.store_keys.as_deref(), store_label),
        };
        let verified = verify_files(&files.folder_files, keys, &label, &digest).map_err(|e| {
            match e {
                // A decision for another campaign: the folder's campaign changed after
                // `init`, or one stray file is in it; the folder's own digest tells which.
                DecisionsError::Invalid {
                    error: error @ DecisionError::ForeignCampaign { .. },
                    file,
                } => {
                    let changed = crate::format::load_campaign(folder)
                        .is_ok_and(|l| l.campaign.digest() != digest);
                    if changed {
                        folder_changed(store, folder)
                    } else {
                        DecisionsError::Invalid {
                            file: folder.join("decisions").join(file).display().to_string(),
                            error,
                        }
                    }
                }
                DecisionsError::Invalid { file, error } => DecisionsError::Invalid {
                    file: folder.join("decisions").join(file).display().to_string(),
                    error,
                },
                other => other,
            }
        })?;
        out.extend(verified);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The store's decision files, each verified; a file that fails is an error naming it.
pub fn verified_from_store(store: &Store, campaign: &Campaign) -> Result<Vec<Decision>, String> {
    verified_named_from_store(store, campaign)
        .map(|v| v.into_iter().map(|(_, d)| d).collect())
        .map_err(|e| e.message(Lang::of_run()))
}

/// A campaign directory's `decisions/`, verified against its `keys.toml` the same way.
pub fn verified_from_dir(
    dir: &Path,
    loaded: &crate::format::LoadedCampaign,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    // As for a store: no digest to pay for when there is nothing to check against it.
    if loaded.decisions.is_empty() {
        return Ok(vec![]);
    }
    verified_from_dir_for(dir, loaded, &loaded.campaign.digest())
}

/// The same, for a caller that already holds the campaign's digest (a merge needs it for
/// the sheets too, and it costs a canonical serialisation of the whole campaign).
pub fn verified_from_dir_for(
    dir: &Path,
    loaded: &crate::format::LoadedCampaign,
    digest: &str,
) -> Result<Vec<(String, Decision)>, DecisionsError> {
    let label = dir.join("keys.toml").display().to_string();
    verify_files(
        &loaded.decisions,
        loaded.keys_toml.as_deref(),
        &label,
        digest,
    )
    .map_err(|e| match e {
        // The file as the user finds it: in the folder's decisions/.
        DecisionsError::Invalid { file, error } => DecisionsError::Invalid {
            file: dir.join("decisions").join(file).display().to_string(),
            error,
        },
        other => other,
    })
}

/// Who is reviewed and who may judge whom, from the rules, the decisions and the
/// experts' own declarations.
pub fn eligibility(
    campaign: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
) -> Eligibility {
    eligibility_for(campaign, decisions, declarations, &Focus::Everyone)
}

/// Whose conflicts an eligibility weighs. Formal review always runs campaign-wide (E2, E6
/// and E8 look across applications); conflicts are a search per expert, and at 200
/// experts they are half of the assessment, paid on every start of the interface and
/// every `score` unless narrowed to the one expert at work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// Every expert's conflicts: the secretariat's and the chair's whole-campaign view.
    Everyone,
    /// One expert's conflicts only; other experts' pairs are not weighed at all, so such an
    /// eligibility answers only for that expert.
    Expert(String),
    /// No conflicts: formal review alone, for triage.
    FormalOnly,
}

/// The eligibility within `focus`.
pub fn eligibility_for(
    campaign: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    focus: &Focus,
) -> Eligibility {
    assessment_for(campaign, decisions, declarations, focus).eligibility
}

/// The assessment within `focus`: its eligibility, and its findings as `check` lists them
/// for that focus (for one expert, their conflicts).
pub fn assessment_for(
    campaign: &Campaign,
    decisions: &[Decision],
    declarations: &[Declaration],
    focus: &Focus,
) -> crate::rules::Assessment {
    match focus {
        Focus::Everyone => crate::rules::assess(campaign, decisions, declarations),
        Focus::Expert(e) => crate::rules::assess_expert(campaign, decisions, declarations, e),
        Focus::FormalOnly => crate::rules::assess_formal(campaign, decisions),
    }
}

/// What a subject is called in a sentence; a pair reads from `from`, the application asked
/// about, when it is one of the two.
pub fn subject_label(lang: Lang, subject: &Subject, from: Option<&str>) -> String {
    let zh = lang.is_zh();
    match subject {
        Subject::Triage { application } if zh => format!("{application} 形式审查结论"),
        Subject::Triage { application } => format!("{application} triage"),
        Subject::E6 { application, other } => {
            let (a, o) = if Some(other.as_str()) == from {
                (other, application)
            } else {
                (application, other)
            };
            if zh {
                format!("{a} 与 {o} 的 E6")
            } else {
                format!("{a} E6 with {o}")
            }
        }
        Subject::C5 {
            expert,
            application,
        } if zh => format!("{application} 与专家 {expert} 的 C5"),
        Subject::C5 {
            expert,
            application,
        } => format!("{application} C5 with expert {expert}"),
        Subject::Draw if zh => "专家抽取".to_string(),
        Subject::Draw => "the expert draw".to_string(),
    }
}

/// What a decision says, in a few words: its verdict (or the draw's seed).
pub fn verdict_words(lang: Lang, d: &Decision) -> String {
    match &d.ruling {
        Ruling::Triage { verdict, .. } => match verdict {
            TriageVerdict::Pass => lang.pick("通过", "pass"),
            TriageVerdict::Fail => lang.pick("不通过", "fail"),
            TriageVerdict::Info => lang.pick("需补充材料", "more information needed"),
        }
        .to_string(),
        Ruling::Confirm { .. } => lang.pick("确认", "confirmed").to_string(),
        Ruling::Dismiss { .. } => lang.pick("排除", "dismissed").to_string(),
        Ruling::Draw { seed, .. } => {
            // A draw that replaces another is a redraw.
            let (zh, en) = match d.supersedes {
                Some(_) => ("重新抽取", "redrawn"),
                None => ("抽取", "drawn"),
            };
            match d.ruling.draw_sizes() {
                Some((k, r)) => lang.say(
                    format!("{zh}，种子 {seed}，每组 {k} 名专家、{r} 名候补"),
                    format!("{en} with seed {seed}, panel size {k}, reserves {r}"),
                ),
                None => lang.say(
                    format!("{zh}，种子 {seed}"),
                    format!("{en} with seed {seed}"),
                ),
            }
        }
        Ruling::Override { .. } => lang.pick("覆盖", "overridden").to_string(),
        Ruling::Round { round, .. } => {
            if lang.is_zh() {
                format!("第 {round} 轮")
            } else {
                format!("round {round}")
            }
        }
    }
}

/// What a decision says, who signed it, when and why, in brackets: what follows its file
/// name in a sentence.
pub fn decision_detail(lang: Lang, d: &Decision) -> String {
    let what = verdict_words(lang, d);
    // A first draw carries no reason; its figures say what it was.
    let reason = d.stated_reason();
    match (lang.is_zh(), reason.is_empty()) {
        (true, false) => format!("（{what}，{} 于 {} 签署，理由：{reason}）", d.by, d.date),
        (true, true) => format!("（{what}，{} 于 {} 签署）", d.by, d.date),
        (false, false) => format!("({what}, {} on {}: {reason})", d.by, d.date),
        (false, true) => format!("({what}, {} on {})", d.by, d.date),
    }
}

/// A decision as a sentence names it: its file, then [`decision_detail`].
pub fn decision_words(lang: Lang, name: &str, d: &Decision) -> String {
    if lang.is_zh() {
        format!("{name}{}", decision_detail(lang, d))
    } else {
        format!("{name} {}", decision_detail(lang, d))
    }
}

/// The command that signs a new decision on `subject`.
fn settling_command(lang: Lang, subject: &Subject) -> String {
    let zh = lang.is_zh();
    let (reason, key) = if zh {
        ("理由", "密钥文件")
    } else {
        ("TEXT", "KEY")
    };
    match subject {
        Subject::Triage { application } => {
            format!("pingshen triage {application} pass|fail|info --reason {reason} --key {key}")
        }
        Subject::E6 { application, other } => format!(
            "pingshen decide confirm|dismiss E6 {application} --other {other} --reason {reason} --key {key}"
        ),
        Subject::C5 {
            expert,
            application,
        } => format!(
            "pingshen decide confirm|dismiss C5 {application} --expert {expert} --reason {reason} --key {key}"
        ),
        Subject::Draw => {
            let (seed, size, reserves) = if zh {
                ("种子", "人数", "候补人数")
            } else {
                ("S", "K", "R")
            };
            format!("pingshen assign --redraw --reason {reason} --seed {seed} --panel-size {size} --reserves {reserves} --key {key}")
        }
    }
}

/// The sentence for a disputed subject: the files that dispute it, that neither replaces
/// the other, and the new decision that settles it.
pub fn dispute_sentence(
    lang: Lang,
    named: &[(String, Decision)],
    s: &Standing,
    from: Option<&str>,
) -> String {
    let subject = subject_label(lang, &s.subject, from);
    let files: Vec<String> = std::iter::once(s.in_force)
        .chain(s.agreeing.iter().copied())
        .chain(s.disputing.iter().copied())
        .map(|i| decision_words(lang, &named[i].0, &named[i].1))
        .collect();
    let command = settling_command(lang, &s.subject);
    let two = files.len() == 2;
    let (last, rest) = files
        .split_last()
        .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
    if lang.is_zh() {
        format!(
            "关于 {subject}，{}与 {last} 的决定不一致，且{}；请就此签署一项新决定（`{command}`），新决定在 supersedes 中指明其中一项，从而取代{}",
            rest.join("、"),
            if two { "互不取代" } else { "没有一项取代其他各项" },
            if two { "两者" } else { "全部" }
        )
    } else {
        format!(
            "{} and {last} decide {subject} differently, and {}; sign a new decision on it (`{command}`), which names one of them in `supersedes` and so stands above {}",
            rest.join(", "),
            if two { "neither replaces the other" } else { "none replaces the others" },
            if two { "both" } else { "all of them" }
        )
    }
}

/// Refuses, in one sentence, while decisions dispute a subject: commands that act on the
/// outcome (`merge`, `package`, `assign`) wait until a new decision settles it. `skip`
/// leaves one subject out (the draw, for a redraw, which settles it).
pub fn settled(
    lang: Lang,
    named: &[(String, Decision)],
    skip: Option<&Subject>,
) -> Result<(), String> {
    let decisions: Vec<Decision> = named.iter().map(|(_, d)| d.clone()).collect();
    let open: Vec<Standing> = crate::rules::rulings::disputes(&decisions)
        .into_iter()
        .filter(|s| Some(&s.subject) != skip)
        .collect();
    let Some(first) = open.first() else {
        return Ok(());
    };
    let mut sentence = dispute_sentence(lang, named, first, None);
    if open.len() > 1 {
        let more = open.len() - 1;
        sentence.push_str(&if lang.is_zh() {
            format!("；另有 {more} 项事项的决定同样不一致，`pingshen check` 会一一列出")
        } else {
            format!("; decisions on {more} more subject(s) disagree the same way, as `pingshen check` lists")
        });
    }
    Err(sentence)
}
