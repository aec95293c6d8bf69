//! `triage` and `decide`: the secretariat's and the chair's signed decisions, written into
//! the campaign's `decisions/` or taken into the store.

use super::source::{check_listed_in, keyring_of, load_dir_in, load_key, Source};
use super::{Ctx, Failure, Outcome};
use crate::cli::{DecideCommand, Verdict};
use crate::decisions::{folder_changed, store_files, verify_store_files};
use crate::i18n::Lang;
use crate::keys::PrivateKey;
use crate::model::{Campaign, Decision, Declaration, Role, Ruling, TriageVerdict};
use crate::rules::rulings::{finding_for, NoFinding};
use crate::sheet::{allowed_roles, decision_file_bytes, sign_decision, verify_decision_in};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// `triage APP pass|fail|info --reason T --key K`.
pub fn triage(
    ctx: &Ctx,
    app: &str,
    verdict: Verdict,
    reason: &str,
    key: &Path,
    campaign: Option<&Path>,
) -> Outcome {
    let verdict = match verdict {
        Verdict::Pass => TriageVerdict::Pass,
        Verdict::Fail => TriageVerdict::Fail,
        Verdict::Info => TriageVerdict::Info,
    };
    let ruling = Ruling::Triage {
        application: app.to_string(),
        verdict,
    };
    record(ctx, ruling, reason, key, campaign)
}

/// `decide override|confirm|dismiss|round ...`.
pub fn decide(ctx: &Ctx, what: DecideCommand) -> Outcome {
    match what {
        DecideCommand::Override {
            rule,
            app,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Override {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Confirm {
            rule,
            app,
            other,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Confirm {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                other,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Dismiss {
            rule,
            app,
            other,
            expert,
            reason,
            key,
            campaign,
        } => {
            let ruling = Ruling::Dismiss {
                rule: rule.trim().to_ascii_uppercase(),
                application: app,
                other,
                expert,
            };
            record(ctx, ruling, &reason, &key, campaign.as_deref())
        }
        DecideCommand::Round {
            panel,
            round,
            reason,
            key,
            campaign,
        } => record(
            ctx,
            Ruling::Round { panel, round },
            &reason,
            &key,
            campaign.as_deref(),
        ),
    }
}

fn kind(r: &Ruling) -> &'static str {
    match r {
        Ruling::Triage { .. } => "triage",
        Ruling::Override { .. } => "override",
        Ruling::Confirm { .. } => "confirm",
        Ruling::Dismiss { .. } => "dismiss",
        Ruling::Draw { .. } => "draw",
        Ruling::Round { .. } => "round",
    }
}

fn role_zh(r: Role) -> &'static str {
    match r {
        Role::Expert => "专家",
        Role::Chair => "组长",
        Role::Secretariat => "秘书处",
    }
}

fn kind_zh(r: &Ruling) -> &'static str {
    match r {
        Ruling::Triage { .. } => "形式审查结论",
        Ruling::Override { .. } => "覆盖",
        Ruling::Confirm { .. } => "确认",
        Ruling::Dismiss { .. } => "排除",
        Ruling::Draw { .. } => "专家抽取",
        Ruling::Round { .. } => "开启新一轮",
    }
}

fn is_rule(rule: &str) -> bool {
    let n = |s: &str, max: u32| s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
    match rule.split_at_checked(1) {
        Some(("E", rest)) => n(rest, 13),
        Some(("C", rest)) => n(rest, 6),
        _ => false,
    }
}

/// Checks that the records a ruling names exist and fit it, and that a confirmation,
/// dismissal or override has a finding to rule on; one sentence when not.
fn check_records(lang: Lang, bench: &Bench<'_>, ruling: &Ruling) -> Result<(), Failure> {
    check_names(
        lang,
        bench.campaign,
        ruling,
        &bench.decisions,
        bench.dir.as_deref(),
    )?;
    let decisions: Vec<Decision> = bench.decisions.iter().map(|(_, d)| d.clone()).collect();
    finding_for(bench.campaign, &decisions, &bench.declarations, ruling)
        .map_err(|n| Failure::refused(no_finding(lang, &n, bench.dir.as_deref())))
}

/// The sentence for a ruling with nothing to rule on, with the `check` that shows what
/// there is.
fn no_finding(lang: Lang, n: &NoFinding, dir: Option<&Path>) -> String {
    let zh = lang.is_zh();
    let hint = |app: &str, expert: Option<&str>| {
        let mut h = format!("pingshen check --app {app}");
        if let Some(e) = expert {
            h.push_str(&format!(" --expert {e}"));
        }
        if let Some(d) = dir {
            h.push_str(&format!(" --campaign {}", d.display()));
        }
        h
    };
    match n {
        NoFinding::E6 {
            application: a,
            other: Some(o),
        } => {
            let h = hint(a, None);
            if zh {
                format!("项目 {a} 与 {o} 之间没有 E6（多渠道重复申报）疑似情形，无可确认或排除；请用 `{h}` 查看该项目的审查发现")
            } else {
                format!("there is no E6 suspicion (several channels) between {a} and {o}, so there is nothing to confirm or dismiss; see {a}'s findings with `{h}`")
            }
        }
        NoFinding::E6 {
            application: a,
            other: None,
        } => {
            let h = hint(a, None);
            if zh {
                format!("项目 {a} 没有 E6（多渠道重复申报）疑似情形，无可确认或排除；请用 `{h}` 查看该项目的审查发现")
            } else {
                format!("{a} has no E6 suspicion (several channels), so there is nothing to confirm or dismiss; see its findings with `{h}`")
            }
        }
        NoFinding::C5 {
            expert: e,
            application: a,
        } => {
            let h = hint(a, Some(e));
            if zh {
                format!("专家 {e} 与项目 {a} 之间没有 C5（名称相近）疑似情形，无可确认或排除；请用 `{h}` 查看审查发现")
            } else {
                format!("there is no C5 suspicion (close names) between expert {e} and {a}, so there is nothing to confirm or dismiss; see the findings with `{h}`")
            }
        }
        NoFinding::Blocking {
            rule,
            application: a,
            expert,
        } => {
            let h = hint(a, expert.as_deref());
            match (zh, expert) {
                (true, Some(e)) => format!("专家 {e} 与项目 {a} 之间没有阻断性的 {rule} 问题，无可覆盖；请用 `{h}` 查看审查发现"),
                (true, None) => format!("项目 {a} 没有阻断性的 {rule} 问题，无可覆盖；请用 `{h}` 查看审查发现"),
                (false, Some(e)) => format!("there is no blocking {rule} finding between expert {e} and {a}, so there is nothing to override; see the findings with `{h}`"),
                (false, None) => format!("there is no blocking {rule} finding on {a}, so there is nothing to override; see the findings with `{h}`"),
            }
        }
        NoFinding::E6Override { application: a } => {
            if zh {
                format!("已确认的 E6 不能覆盖：通知规定多渠道重复申报的项目取消资格；如疑似有误，请用 `pingshen decide dismiss E6 {a} --other 编号` 排除")
            } else {
                format!("a confirmed E6 is not overridden, as the notice disqualifies a project sent through several channels; if the suspicion was wrong, dismiss it with `pingshen decide dismiss E6 {a} --other ID`")
            }
        }
    }
}

/// Checks that the records a ruling names exist and fit it; one sentence when not.
fn check_names(
    lang: Lang,
    c: &Campaign,
    ruling: &Ruling,
    decisions: &[(String, Decision)],
    dir: Option<&Path>,
) -> Result<(), Failure> {
    let zh = lang.is_zh();
    let no = |zh_s: String, en_s: String| Err(Failure::refused(if zh { zh_s } else { en_s }));
    let app_exists = |a: &str| -> Result<(), Failure> {
        if c.application(a).is_none() {
            return no(
                format!("项目 `{a}` 不存在；请用 `pingshen search` 查找正确的编号"),
                format!("application `{a}` does not exist; find its id with `pingshen search`"),
            );
        }
        Ok(())
    };
    let expert_exists = |e: &str| -> Result<(), Failure> {
        if c.expert(e).is_none() {
            return no(
                format!("专家 `{e}` 不在本评审的专家库中；请核对 --expert"),
                format!("expert `{e}` is not in this campaign's pool; check --expert"),
            );
        }
        Ok(())
    };
    match ruling {
        Ruling::Triage { application, .. } => app_exists(application),
        Ruling::Override {
            rule,
            application,
            expert,
        } => {
            if !is_rule(rule) {
                return no(
                    format!("`{rule}` 不是规则编号；请写 E1 至 E13 或 C1 至 C6"),
                    format!("`{rule}` is not a rule id; give E1 to E13 or C1 to C6"),
                );
            }
            app_exists(application)?;
            match (rule.starts_with('C'), expert) {
                (true, Some(e)) => expert_exists(e),
                (true, None) => no(
                    format!("覆盖利益冲突 {rule} 须用 --expert 指明专家"),
                    format!("overriding conflict rule {rule} needs the expert: give --expert"),
                ),
                (false, Some(_)) => no(
                    format!("形式审查规则 {rule} 只涉及项目，不涉及专家；请去掉 --expert"),
                    format!("formal-review rule {rule} concerns the application only; leave out --expert"),
                ),
                (false, None) => Ok(()),
            }
        }
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
        | Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        } => {
            app_exists(application)?;
            match (rule.as_str(), other, expert) {
                ("E6", Some(o), None) => {
                    app_exists(o)?;
                    if o == application {
                        return no(
                            format!("E6 须就两个不同的项目作出决定；--other 不能与 {application} 相同"),
                            format!("E6 rules on two different applications; --other cannot be {application} itself"),
                        );
                    }
                    Ok(())
                }
                // E6 is ruled on pair by pair, so a decision on one pair replaces the
                // earlier ones on it: the other application must be named.
                ("E6", None, None) => {
                    let partners = crate::rules::rulings::e6_partners(c, application);
                    if partners.is_empty() {
                        return Err(Failure::refused(no_finding(
                            lang,
                            &NoFinding::E6 {
                                application: application.clone(),
                                other: None,
                            },
                            dir,
                        )));
                    }
                    no(
                        format!(
                            "E6（多渠道重复申报）须逐对确认或排除：请用 --other 指明另一个项目（与 {application} 疑似重复的项目：{}）",
                            partners.join("、")
                        ),
                        format!(
                            "E6 (several channels) is confirmed or dismissed pair by pair: give the other application with --other ({application} is suspected with {})",
                            partners.join(", ")
                        ),
                    )
                }
                ("E6", _, Some(_)) => no(
                    "E6（多渠道重复申报）只涉及项目；请去掉 --expert".into(),
                    "E6 (several channels) concerns applications only; leave out --expert".into(),
                ),
                ("C5", None, Some(e)) => expert_exists(e),
                ("C5", None, None) => no(
                    "C5（名称相近）须用 --expert 指明专家".into(),
                    "C5 (close names) needs the expert: give --expert".into(),
                ),
                ("C5", Some(_), _) => no(
                    "C5 只涉及专家与项目；请去掉 --other".into(),
                    "C5 concerns an expert and an application; leave out --other".into(),
                ),
                _ => no(
                    format!("只有 E6 和 C5 的疑似情形需要确认或排除，`{rule}` 不需要"),
                    format!("only E6 and C5 suspicions are confirmed or dismissed, not `{rule}`"),
                ),
            }
        }
        Ruling::Round { panel, round } => {
            if c.panel(panel).is_none() {
                let ids: Vec<&str> = c.settings.panels.iter().map(|p| p.id.as_str()).collect();
                return no(
                    format!("评审组 `{panel}` 不存在；可用：{}", ids.join(", ")),
                    format!(
                        "panel `{panel}` does not exist; use one of: {}",
                        ids.join(", ")
                    ),
                );
            }
            let open = decisions
                .iter()
                .filter_map(|(_, d)| match &d.ruling {
                    Ruling::Round { panel: p, round } if p == panel => Some(*round),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            if *round <= open {
                return no(
                    format!(
                        "评审组 `{panel}` 已在第 {open} 轮；新一轮须从第 {} 轮开始",
                        open + 1
                    ),
                    format!(
                        "panel `{panel}` is already in round {open}; a new round is {}",
                        open + 1
                    ),
                );
            }
            Ok(())
        }
        Ruling::Draw { .. } => Ok(()),
    }
}

fn safe(part: &str) -> String {
    part.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `0007-triage-A012.json`: numbered after the existing files, then what it is about.
pub fn file_name(existing: &[String], ruling: &Ruling) -> String {
    let next = existing
        .iter()
        .filter_map(|n| {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
        + 1;
    let mut parts: Vec<String> = vec![kind(ruling).to_string()];
    match ruling {
        Ruling::Triage { application, .. } => parts.push(application.clone()),
        Ruling::Override {
            rule,
            application,
            expert,
        } => {
            parts.push(rule.clone());
            parts.push(application.clone());
            parts.extend(expert.clone());
        }
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
        | Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        } => {
            parts.push(rule.clone());
            parts.push(application.clone());
            parts.extend(other.clone());
            parts.extend(expert.clone());
        }
        Ruling::Round { panel, round } => {
            parts.push(panel.clone());
            parts.push(format!("r{round}"));
        }
        Ruling::Draw { seed, .. } => parts.push(format!("seed{seed}")),
    }
    let body: Vec<String> = parts.iter().map(|p| safe(p)).collect();
    format!("{next:04}-{}.json", body.join("-"))
}

/// Signs `ruling` with the key at `key_path` and records it where the campaign lives: the
/// campaign folder's `decisions/`, also when the store given with `--db` remembers that
/// folder (then the store keeps a copy).
pub fn record(
    ctx: &Ctx,
    ruling: Ruling,
    reason: &str,
    key_path: &Path,
    campaign: Option<&Path>,
) -> Outcome {
    let said = sign_and_record(ctx, ruling, reason, key_path, campaign)?;
    println!("{said}");
    Ok(())
}

/// Whether a ruling must carry a written reason: every one but a first draw, whose seed
/// and sizes are its signed content (`assign` asks a redraw for its reason itself).
fn needs_reason(ruling: &Ruling) -> bool {
    !matches!(ruling, Ruling::Draw { .. })
}

/// [`record`], printing nothing: returns the line saying where the decision went, so a
/// caller can show what was decided (`assign`'s draw) only once nothing can be refused.
pub fn sign_and_record(
    ctx: &Ctx,
    ruling: Ruling,
    reason: &str,
    key_path: &Path,
    campaign: Option<&Path>,
) -> Result<String, Failure> {
    if reason.trim().is_empty() && needs_reason(&ruling) {
        return Err(Failure::usage(ctx.lang.pick(
            "决定须写明理由；请用 --reason 给出",
            "a decision needs a written reason; give it with --reason",
        )));
    }
    let key = load_key(ctx, key_path)?;
    check_role(ctx.lang, &key, &ruling)?;
    let source = Source::open(ctx, campaign)?;
    match &source {
        Source::Dir { dir, loaded } => {
            let bench = Bench {
                campaign: &loaded.campaign,
                keys_toml: loaded.keys_toml.clone(),
                keys_label: source.keys_label(),
                decisions: source.decisions(ctx)?,
                declarations: vec![],
                dir: Some(dir.clone()),
            };
            let signed = sign_ruling(ctx.lang, &bench, ruling, reason, &key)?;
            let (path, _) = write_decision(ctx.lang, dir, &signed.name, &signed.bytes)?;
            Ok(format!(
                "{} {}",
                ctx.lang
                    .pick("已签署并写入决定", "signed decision written to"),
                path.display()
            ))
        }
        Source::Store { store, campaign } => {
            let signed = record_in_store(ctx.lang, store, campaign, ruling, reason, &key)?;
            Ok(match &signed.written {
                Some(path) => format!(
                    "{} {}{} {}",
                    ctx.lang
                        .pick("已签署并写入决定", "signed decision written to"),
                    path.display(),
                    ctx.lang.pick("，并存入评审库", " and kept in the store"),
                    store.root().display()
                ),
                None => format!(
                    "{} {} ({} {})",
                    ctx.lang
                        .pick("已签署决定并存入", "signed decision stored as"),
                    signed.name,
                    ctx.lang.pick("评审库", "store"),
                    store.root().display()
                ),
            })
        }
    }
}

/// What a new decision is checked against: the campaign, its keys.toml (text and where it
/// is, for messages), the decisions already taken (verified, by file name) and the experts'
/// declarations a store holds.
pub struct Bench<'a> {
    pub campaign: &'a Campaign,
    pub keys_toml: Option<String>,
    pub keys_label: String,
    pub decisions: Vec<(String, Decision)>,
    pub declarations: Vec<Declaration>,
    /// The campaign folder given with `--campaign`, for the `check` a refusal points to.
    pub dir: Option<PathBuf>,
}

/// A decision signed, verified as every reader will verify it, and named after the files
/// already there.
#[derive(Debug, Clone)]
pub struct SignedRuling {
    pub name: String,
    pub bytes: Vec<u8>,
    pub decision: Decision,
    /// Where it was written in the campaign folder, once it was.
    pub written: Option<PathBuf>,
}

/// Refuses a key whose role may not sign `ruling`, naming the role that may.
pub fn check_role(lang: Lang, key: &PrivateKey, ruling: &Ruling) -> Result<(), Failure> {
    let allowed = allowed_roles(ruling);
    if allowed.contains(&key.role) {
        return Ok(());
    }
    let (who_zh, who_en): (Vec<&str>, Vec<&str>) =
        allowed.iter().map(|r| (role_zh(*r), r.as_str())).unzip();
    Err(Failure::refused(if lang.is_zh() {
        format!(
            "密钥 `{}` 属于{}，而{}决定只能由{}签署；请用{}的密钥",
            key.id,
            role_zh(key.role),
            kind_zh(ruling),
            who_zh.join("或"),
            who_zh.join("或")
        )
    } else {
        format!(
            "key `{}` is the {}'s, and {} {} decision is signed by the {}; use the {}'s key",
            key.id,
            key.role.as_str(),
            crate::i18n::a_or_an(kind(ruling)),
            kind(ruling),
            who_en.join(" or "),
            who_en.join(" or ")
        )
    }))
}

/// Checks `ruling` against the bench (the signer listed in keys.toml, the records it names,
/// the decisions already taken), signs it with `key`, and verifies the result.
pub fn sign_ruling(
    lang: Lang,
    bench: &Bench<'_>,
    ruling: Ruling,
    reason: &str,
    key: &PrivateKey,
) -> Result<SignedRuling, Failure> {
    let zh = lang.is_zh();
    if reason.trim().is_empty() && needs_reason(&ruling) {
        return Err(Failure::usage(lang.pick(
            "决定须写明理由；请用 --reason 给出",
            "a decision needs a written reason; give it with --reason",
        )));
    }
    check_role(lang, key, &ruling)?;
    let ring = keyring_of(lang, bench.keys_toml.as_deref(), &bench.keys_label)?;
    check_listed_in(lang, &ring, key, &bench.keys_label)?;
    check_records(lang, bench, &ruling)?;
    let digest = bench.campaign.digest();
    let mut decision = Decision {
        campaign: digest.clone(),
        ruling,
        reason: reason.trim().to_string(),
        role: key.role,
        by: key.id.clone(),
        date: crate::clock::today(),
        supersedes: None,
    };
    // A decision on a subject already decided names the one it replaces, so which stands
    // is in the signed content, whatever the files are called or the order they are read.
    if let Some(subject) = crate::rules::rulings::Subject::of(&decision) {
        let taken: Vec<Decision> = bench.decisions.iter().map(|(_, d)| d.clone()).collect();
        decision.supersedes =
            crate::rules::rulings::in_force(&taken, &subject).map(|i| taken[i].digest());
    }
    let signed = sign_decision(decision, key).map_err(|e| Failure::refused(e.to_string()))?;
    let bytes = decision_file_bytes(&signed).map_err(|e| Failure::refused(e.to_string()))?;
    // What every reader will check, checked before anything is written.
    verify_decision_in(&bytes, &digest, &ring)
        .map_err(|e| Failure::refused(if zh { e.zh() } else { e.to_string() }))?;
    let names: Vec<String> = bench.decisions.iter().map(|(n, _)| n.clone()).collect();
    let name = file_name(&names, &signed.decision.ruling);
    Ok(SignedRuling {
        name,
        bytes,
        decision: signed.decision,
        written: None,
    })
}

/// Signs `ruling` and records it through `store` (as `triage` and `decide` do without
/// `--campaign`; the interface's triage view goes through here too). A store that remembers
/// its campaign folder writes the decision there first, numbered after every file in the
/// folder and the store, then keeps a copy; one whose folder is gone or holds another
/// campaign signs nothing, since a decision the folder lacks is one `package` and `merge`
/// never see.
pub fn record_in_store(
    lang: Lang,
    store: &Store,
    campaign: &Campaign,
    ruling: Ruling,
    reason: &str,
    key: &PrivateKey,
) -> Result<SignedRuling, Failure> {
    let refuse = |e: crate::decisions::DecisionsError| Failure::refused(e.message(lang));
    let files = store_files(store).map_err(refuse)?;
    let digest = campaign.digest();
    if let Some(folder) = &files.folder {
        let loaded = load_dir_in(lang, folder)?;
        if loaded.campaign.digest() != digest {
            return Err(refuse(folder_changed(store, folder)));
        }
    }
    let decisions = verify_store_files(store, &files, || digest.clone()).map_err(refuse)?;
    let keys_label = match &files.folder {
        Some(f) if files.folder_keys.is_some() => f.join("keys.toml").display().to_string(),
        _ => store.keys_label(lang),
    };
    let bench = Bench {
        campaign,
        keys_toml: files.keys().map(str::to_string),
        keys_label,
        decisions,
        declarations: store.declarations(None)?,
        dir: None,
    };
    let mut signed = sign_ruling(lang, &bench, ruling, reason, key)?;
    if let Some(folder) = &files.folder {
        let (path, name) = write_decision(lang, folder, &signed.name, &signed.bytes)?;
        signed.name = name;
        signed.written = Some(path);
    }
    store.put_decision(&signed.name, &signed.bytes, &crate::clock::now_rfc3339())?;
    Ok(signed)
}

/// `name` with its number replaced by `n`.
fn renumbered(name: &str, n: u64) -> String {
    let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
    format!("{n:04}{rest}")
}

/// Writes a decision file into the campaign folder's `decisions/`, whole or not at all:
/// written and synced beside it, then moved in under a name no file has (the next number
/// when another signer took this one meanwhile). Returns its path and name.
pub fn write_decision(
    lang: Lang,
    campaign_dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(PathBuf, String), Failure> {
    use std::io::Write as _;
    let dir = campaign_dir.join("decisions");
    let fail = |path: &Path, e: std::io::Error| {
        Failure::refused(crate::i18n::cannot_write(lang, path, &e))
    };
    std::fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
    // Beside `decisions/`, not in it: every file there is read as a decision.
    let mut tmp = tempfile::Builder::new()
        .prefix(".pingshen-decision-")
        .tempfile_in(campaign_dir)
        .map_err(|e| fail(campaign_dir, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail(&dir.join(name), e))?;
    let first: u64 = name
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(1);
    let mut name = name.to_string();
    let mut n = first;
    loop {
        let path = dir.join(&name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => {
                // The new name is durable once the folder is.
                if let Ok(d) = std::fs::File::open(&dir) {
                    let _ = d.sync_all();
                }
                return Ok((path, name));
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists && n < first + 1000 => {
                tmp = e.file;
                n += 1;
                name = renumbered(&name, n);
            }
            Err(e) => return Err(fail(&path, e.error)),
        }
    }
}
